package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/model/review"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/store/atomicfile"

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
	return readDocumentNamed(what, path, displayName(path), stdin)
}

// readDocumentNamed is readDocument naming the file as shown, for a file
// the user knows by another name than its path (git's temporary copies).
func readDocumentNamed(what, path, shown string, stdin io.Reader) (*model.Document, error) {
	in, err := openImport(path, stdin)
	if err != nil {
		if shown != displayName(path) {
			return nil, badInput(fmt.Errorf("%s (%s) cannot be read: %s", what, shown, withoutPath(err, path, "it")))
		}
		return nil, badInput(err)
	}
	d, err := model.DecodeDocumentFrom(bufio.NewReaderSize(in, 1<<20))
	in.Close()
	if err != nil {
		return nil, badInput(fmt.Errorf("%s (%s) is not an archreview export this version reads: %w", what, shown, err))
	}
	return d, nil
}

// gitTempPrefix starts the names of the temporary copies git hands a merge
// driver (%O %A %B): gone once git is done, so no message names one.
const gitTempPrefix = ".merge_file_"

// withoutPath is err's text with path said as shown, and without any name
// of git's temporary copies: what follows the last colon when one is left.
func withoutPath(err error, path, shown string) string {
	text := strings.ReplaceAll(err.Error(), path, shown)
	if strings.Contains(text, gitTempPrefix) {
		if i := strings.LastIndex(text, ": "); i >= 0 {
			return text[i+2:]
		}
		return "the file git handed over is not there"
	}
	return text
}

// mergeFileNames are the names a merge's messages give BASE, OURS and
// THEIRS: the file in the repository when git passes it (%P), else each
// file's own name, and never one of git's temporary copies.
func mergeFileNames(args []string) [3]string {
	var out [3]string
	for i := range out {
		switch {
		case len(args) > 3 && args[3] != "":
			out[i] = filepath.ToSlash(args[3])
		case strings.HasPrefix(filepath.Base(args[i]), gitTempPrefix):
			out[i] = "the file git is merging"
		default:
			out[i] = displayName(args[i])
		}
	}
	return out
}

// writeMerged writes a merged session as a JSON export with its summary,
// naming its revision; its provenance names both copies merged.
// Like every file archreview writes for others to read, its credentials are
// redacted (the private notes of an export that included them stay), and it
// is stamped with the later of the copies' export times.
func writeMerged(w io.Writer, d *model.Document) error {
	at, err := time.Parse(time.RFC3339, d.ExportedAt)
	if err != nil {
		at = stableTime(d)
	}
	return report.Write(w, report.Export(d, report.ExportOptions{IncludePrivate: true, Now: at}), report.FormatJSON)
}

func (a *app) mergeCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "merge BASE OURS THEIRS [PATH]",
		Short: "Merge two copies of a session's JSON export from the one they started at",
		Long: `Merge two facilitators' copies of one session: BASE is the export both
started from, OURS and THEIRS the copies. Systems, flows, risks, questions,
domain decisions and triage merge by id; a field changed on one side takes
that change; changed differently on both, ours stays and the difference is
listed in the result's "conflicts", for the app to resolve. A risk one copy
merged into another and the other copy edited stays merged: the edit lands
on the risk it went into.

Without -o the result replaces OURS, so archreview works as a git merge
driver: archreview merge %O %A %B %P. PATH (git's %P) is the file's path in
the repository: messages name it, never git's temporary copies; it is not
read or written. Exit status 0: merged cleanly; 1: merged, conflicts to
resolve; 2: nothing written (not an export, another session, a newer
schema).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 3 || len(args) > 4 {
				return badInput(errors.New("give three JSON exports and, from git, the file's path: archreview merge BASE OURS THEIRS [PATH]"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			names := mergeFileNames(args)
			out, shown := output, displayName(output)
			if out == "" {
				out, shown = args[1], names[1]
			}
			// A merge opens no database and takes no lock, so what it may
			// write over is checked first: never a database, however named.
			if err := store.Protected(out, a.path(), "the merge"); err != nil {
				return badInput(err)
			}
			var docs [3]*model.Document
			for i, what := range []string{"the base", "ours", "theirs"} {
				d, err := readDocumentNamed(what, args[i], names[i], cmd.InOrStdin())
				if err != nil {
					return err
				}
				docs[i] = d
			}
			merged, _, err := review.Merge(docs[0], docs[1], docs[2])
			if errors.Is(err, review.ErrNotSameSession) {
				if names[0] == names[1] {
					return badInput(fmt.Errorf("the base, ours and theirs of %s are not all copies of one session", names[0]))
				}
				return badInput(fmt.Errorf("%s, %s and %s are not all copies of one session", names[0], names[1], names[2]))
			}
			if err != nil {
				return badInput(err)
			}
			var b bytes.Buffer
			if err := writeMerged(&b, merged); err != nil {
				return badInput(err)
			}
			if err := atomicfile.Write(out, b.Bytes()); err != nil {
				return badInput(errors.New(withoutPath(err, out, shown)))
			}
			if len(merged.Conflicts) > 0 {
				return conflictsLeft(len(merged.Conflicts), "import "+shown+" with --replace or --merge and open the session, or edit its \"conflicts\"")
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
	// A note of an earlier merge not yet read is no content of the
	// session's: this merge compares without it and writes its own.
	ours.MergeNote = nil
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
	// The app opens the session on what each side added, once.
	merged.MergeNote = review.NoteMerge(ours, theirs, merged)
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
