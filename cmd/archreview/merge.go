package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"archreview/model"
	"archreview/model/redact"
	"archreview/model/report"
	"archreview/model/review"
	"archreview/store"
	"archreview/store/atomicfile"

	"github.com/spf13/cobra"
)

// exitError carries the exit status a command ends with: 1 when a merge
// leaves conflicts (what git expects of a merge driver), 2 for input that
// cannot be merged at all.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(err error) error { return &exitError{code: 2, err: err} }

// conflictsLeft is the exit of a merge that wrote its result with
// conflicts still to resolve.
func conflictsLeft(n int, where string) error {
	noun := "conflicts"
	if n == 1 {
		noun = "conflict"
	}
	return &exitError{code: 1, err: fmt.Errorf("merged with %d %s to resolve; %s", n, noun, where)}
}

// readDocument reads one JSON export for a merge, refusing anything else
// with a sentence that names the file.
func readDocument(what, path string, stdin io.Reader) (*model.Document, error) {
	in, err := openImport(path, stdin)
	if err != nil {
		return nil, badInput(err)
	}
	d, err := model.DecodeDocumentFrom(bufio.NewReaderSize(in, 1<<20))
	in.Close()
	if err != nil {
		return nil, badInput(fmt.Errorf("%s (%s) is not an archreview export this version reads: %w", what, displayName(path), err))
	}
	return d, nil
}

// writeMerged writes a merged session as a JSON export with its summary,
// naming its revision; its provenance names both copies merged.
func writeMerged(w io.Writer, d *model.Document) error {
	rev, err := model.ContentRevision(report.Shareable(d))
	if err != nil {
		return err
	}
	d.Revision = rev
	return report.Write(w, &report.Exported{Document: *d, Summary: review.Summarize(d, redact.MentionsCredential)}, report.FormatJSON)
}

func (a *app) mergeCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "merge BASE OURS THEIRS",
		Short: "Merge two copies of a session's JSON export from the one they started at",
		Long: `Merge two facilitators' copies of one session: BASE is the export both
started from, OURS and THEIRS the copies. Systems, flows, risks, questions,
domain decisions and triage merge by id; a field changed on one side takes
that change; changed differently on both, ours stays and the difference is
listed in the result's "conflicts", for the app to resolve.

Without -o the result replaces OURS, so archreview works as a git merge
driver: archreview merge %O %A %B. Exit status 0: merged cleanly; 1:
merged, conflicts to resolve; 2: nothing written (not an export, another
session, a newer schema).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := exactArgs(3, "give three JSON exports: archreview merge BASE OURS THEIRS")(cmd, args); err != nil {
				return badInput(err)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			out := output
			if out == "" {
				out = args[1]
			}
			// A merge opens no database and takes no lock, so what it may
			// write over is checked first: never a database, however named.
			if err := store.Protected(out, a.path(), "the merge"); err != nil {
				return badInput(err)
			}
			var docs [3]*model.Document
			for i, what := range []string{"the base", "ours", "theirs"} {
				d, err := readDocument(what, args[i], cmd.InOrStdin())
				if err != nil {
					return err
				}
				docs[i] = d
			}
			merged, _, err := review.Merge(docs[0], docs[1], docs[2])
			if errors.Is(err, review.ErrNotSameSession) {
				return badInput(fmt.Errorf("%s, %s and %s are not all copies of one session", displayName(args[0]), displayName(args[1]), displayName(args[2])))
			}
			if err != nil {
				return badInput(err)
			}
			var b bytes.Buffer
			if err := writeMerged(&b, merged); err != nil {
				return badInput(err)
			}
			if err := atomicfile.Write(out, b.Bytes()); err != nil {
				return badInput(fmt.Errorf("cannot write %s: %w", out, err))
			}
			if len(merged.Conflicts) > 0 {
				return conflictsLeft(len(merged.Conflicts), "import "+displayName(out)+" with --replace or --merge and open the session, or edit its \"conflicts\"")
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the merge to OUT instead of replacing OURS")
	return cmd
}

// importMerged merges a colleague's export into the session with its id:
// three ways from the revision the file was derived from, when this
// database keeps it (or the file descends from the session as it is now),
// else two ways, every field that differs a conflict.
func (a *app) importMerged(st *store.Store, theirs *model.Document, file string) error {
	ours, err := st.Load(theirs.Session.ID)
	if errors.Is(err, store.ErrNotFound) {
		return badInput(fmt.Errorf("%s holds session %s, which is not in %s; import it without --merge", file, theirs.Session.ID, st.Path()))
	}
	if err != nil {
		return err
	}
	oursSeen, err := snapshot(ours)
	if err != nil {
		return err
	}
	theirsSeen, err := importedRevision(theirs)
	if err != nil {
		return err
	}
	ours.Revision = oursSeen.Revision
	base, found, err := mergeBase(st, theirs, oursSeen)
	if err != nil {
		return err
	}
	merged, _, err := review.MergeFrom(base, ours, theirs)
	if err != nil {
		return badInput(err)
	}
	if sameContent(merged, ours) {
		// Nothing to change, but the file is a revision to merge from.
		_, kept, err := st.MergeBase(ours.Session.ID, []string{theirsSeen.Revision})
		if err != nil {
			return err
		}
		if !kept && theirsSeen.Revision != oursSeen.Revision {
			if err := st.Keep(ours.Session.ID, theirsSeen); err != nil {
				return err
			}
		}
		fmt.Fprintf(a.out, "Nothing new in %s: %q is as it was.\n", file, model.Printable(ours.Session.Name, false))
		return nil
	}
	if err := st.Merged(merged, oursSeen, theirsSeen); err != nil {
		return err
	}
	how := "three ways, from the version both copies started at"
	if !found {
		how = "two ways, since it names no version this database has seen: every field that differs is a conflict"
	}
	fmt.Fprintf(a.out, "Merged %s into %q, %s.\n", file, model.Printable(ours.Session.Name, false), how)
	if n := len(merged.Conflicts); n > 0 {
		return conflictsLeft(n, "open the session in archreview to resolve them")
	}
	return nil
}

// mergeBase is the fingerprint of the newest revision theirs descends from
// that this database knows: the session as it is now, or one it keeps.
func mergeBase(st *store.Store, theirs *model.Document, ours store.Seen) (review.Fingerprint, bool, error) {
	lineage := theirs.Lineage()
	kept, ok, err := st.MergeBase(theirs.Session.ID, lineage)
	if err != nil {
		return review.Fingerprint{}, false, err
	}
	at := slices.Index(lineage, ours.Revision)
	switch {
	case at >= 0 && (!ok || at <= slices.Index(lineage, kept.Revision)):
		kept, ok = ours, true
	case !ok:
		return review.Fingerprint{}, false, nil
	}
	fp, err := review.ParseFingerprint(kept.Fingerprint)
	if err != nil {
		return review.Fingerprint{}, false, nil // an unreadable base: merge two ways
	}
	return fp, true, nil
}

// snapshot names a session's revision and takes the fingerprint the
// database keeps of it.
func snapshot(d *model.Document) (store.Seen, error) {
	rev, fp, err := report.Snapshot(d)
	return store.Seen{Revision: rev, Fingerprint: fp}, err
}

// snapshotStored is snapshot for a session the store reads a flow at a
// time, before its first save of a run writes over it.
func snapshotStored(head *model.Document, flows func(yield func(*model.Flow) error) error) (store.Seen, error) {
	rev, fp, err := report.SnapshotParts(head, flows)
	return store.Seen{Revision: rev, Fingerprint: fp}, err
}

// importedRevision names the revision of a file about to be stored and sets
// its provenance: it is that revision, it came from it, and it descends
// from whatever the file says it does.
func importedRevision(d *model.Document) (store.Seen, error) {
	seen, err := snapshot(d)
	if err != nil {
		return store.Seen{}, err
	}
	d.Provenance = model.Provenance{
		Revision:     seen.Revision,
		BaseRevision: seen.Revision,
		Ancestors:    d.Lineage(),
	}
	return seen, nil
}

func sameContent(a, b *model.Document) bool {
	x, err1 := model.ContentRevision(a)
	y, err2 := model.ContentRevision(b)
	return err1 == nil && err2 == nil && x == y
}

// stableTime is what a --stable export stamps as its time: the session's
// last change, so the same content always gives the same bytes.
func stableTime(d *model.Document) time.Time {
	for _, s := range []string{d.Session.UpdatedAt, d.Session.CreatedAt} {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t
		}
	}
	return time.Unix(0, 0)
}
