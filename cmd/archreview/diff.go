package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/store"

	"github.com/spf13/cobra"
)

func (a *app) diffCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Say what changed between two versions of a review: JSON exports or sessions",
		Long: `Say what changed between two versions of a review, matched by the records'
stable ids: systems added, retired (gone, or retired or replaced in the
target) or renamed; flows added, removed or renamed; answers changed, by
field; risks new, removed, retired with their flow, merged into another,
closed, re-scored, re-owned or with another status; domain
decisions added, changed or removed; findings new and resolved. The steps'
done marks and the session's own details are not compared, so a follow-up
review with nothing else changed has no changes.

OLD and NEW are JSON exports (- reads standard input) or sessions in the
database by id or name; a file of that name wins. Text opens with a
headline of the counts and gives one line per change, Markdown the headline,
a table of the counts and a section per kind, JSON the changes and their
totals for other tools, in the shape docs/diff.schema.json publishes.
Bad input exits with status 2.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return badInput(errors.New("give the two versions to compare, e.g. archreview diff spring.json autumn.json"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			switch format {
			case "text", "markdown", "md", "json":
			default:
				return badInput(fmt.Errorf("%q is not a diff format; use text, markdown or json", format))
			}
			if args[0] == "-" && args[1] == "-" {
				return badInput(errors.New("only one of OLD and NEW can be standard input"))
			}
			docs, err := a.loadVersions(cmd.InOrStdin(), args)
			if err != nil {
				return badInput(err)
			}
			// Both versions are judged by the newer one's pack's rules.
			rules, err := a.sessionRules(docs[1].Pack)
			if err != nil {
				return err
			}
			c := report.Compare(docs[0], docs[1], rules)
			var b bytes.Buffer
			switch format {
			case "json":
				err = model.WriteJSON(&b, &c)
			case "markdown", "md":
				err = report.WriteChangesMarkdown(&b, &c, 1)
			default:
				err = report.WriteChangesText(&b, &c)
			}
			if err != nil {
				return err
			}
			out := b.String()
			if isTerminal(a.out) {
				out = model.Printable(out, true)
			}
			_, err = io.WriteString(a.out, out)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown or json")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return badInput(fmt.Errorf("%v; see archreview diff --help", err))
	})
	return cmd
}

// loadVersions reads each version to compare: a file when one of that name
// exists (or standard input for -), otherwise a session of the database,
// which is opened once, read-only, only when needed.
func (a *app) loadVersions(stdin io.Reader, refs []string) ([]*model.Document, error) {
	docs := make([]*model.Document, len(refs))
	var sessions []int
	for i, ref := range refs {
		if !isFile(ref) {
			sessions = append(sessions, i)
			continue
		}
		d, err := readDocument([]string{"the older version", "the newer version"}[i], ref, stdin)
		if err != nil {
			return nil, err
		}
		docs[i] = d
	}
	if len(sessions) > 0 {
		if a.freshDefault() {
			return nil, fmt.Errorf("%q is not a file, and there is no database yet to find a session in; give a JSON export", refs[sessions[0]])
		}
		err := a.readStore(func(st *store.Store) error {
			for _, i := range sessions {
				info, err := st.Resolve(refs[i])
				if err != nil {
					return fmt.Errorf("%q is not a file, and %w", refs[i], err)
				}
				if docs[i], err = st.Load(info.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// isFile reports whether ref names standard input or a file that exists
// (a folder counts, so that reading it says it is a folder).
func isFile(ref string) bool {
	if ref == "-" {
		return true
	}
	_, err := os.Stat(ref)
	return err == nil
}

// sessionRules are the rule settings of a session's question pack, saying
// on stderr when that pack is not the one the session was run with.
func (a *app) sessionRules(ref *model.PackRef) (map[string]model.RuleSetting, error) {
	packs, notices, err := loadPacks()
	if err != nil {
		return nil, err
	}
	p, notice := packs.ForSession(ref)
	if notice != "" {
		notices = append(notices, notice)
	}
	a.warn(notices)
	return p.Rules, nil
}

// previousReview is the review a follow-up follows, when it is in the
// database, so the pack can say what changed since; a follow-up whose
// previous review is not here, or is damaged, exports without that
// section: one damaged session must not keep another from leaving.
func previousReview(st *store.Store, d *model.Document) (*model.Document, error) {
	if d.Follows == "" {
		return nil, nil
	}
	prev, err := st.Load(d.Follows)
	if errors.Is(err, store.ErrNotFound) || errors.As(err, new(*store.DamagedError)) {
		return nil, nil
	}
	return prev, err
}
