package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/model/review"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/store/atomicfile"

	tea "github.com/charmbracelet/bubbletea"
)

// library runs the session list's IO as tea.Cmds: listing, opening,
// creating, deleting and exporting sessions. Screens get it when they are
// made.
type library struct {
	store sessionStore
	// firm and printer are what the export hands the packs: the cover's
	// firm profile and the browser printing the PDF (nil: none).
	firm    *report.Firm
	printer report.Printer
}

func (s *library) listCmd() tea.Cmd {
	return safe(func() tea.Msg {
		list, err := s.store.List()
		return sessionsLoadedMsg{list: list, err: err}
	})
}

func (s *library) openCmd(id string) tea.Cmd {
	return safe(func() tea.Msg {
		doc, err := s.store.Load(id)
		return sessionOpenedMsg{doc: doc, err: err}
	})
}

func (s *library) createCmd(doc *model.Document) tea.Cmd {
	return safe(func() tea.Msg {
		return sessionCreatedMsg{id: doc.Session.ID, err: s.store.Create(doc)}
	})
}

// demoCmd adds the demo session, or opens the one already there.
func (s *library) demoCmd(now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		doc := model.Demo(now)
		err := s.store.Create(doc)
		var exists *store.ExistsError
		if errors.As(err, &exists) {
			err = nil
		}
		return sessionCreatedMsg{id: doc.Session.ID, err: err}
	})
}

func (s *library) deleteCmd(id, name string) tea.Cmd {
	return safe(func() tea.Msg {
		return sessionDeletedMsg{name: name, err: s.store.DeleteSession(id)}
	})
}

// exportCmd writes the decision pack in every format into one folder of its
// own inside dir (both created 0700 if they do not exist), named after the
// session and its date, with the session's pack's rule settings. The export
// (the redacted copy and its summary, and for a follow-up what changed
// since) is made once and written in each format. doc must be the app's own copy: the export runs beside the typing.
func (s *library) exportCmd(doc *model.Document, rules map[string]model.RuleSetting, dir string, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		base := exportBaseName(doc.Session, now)
		folder := filepath.Join(dir, base)
		if err := os.MkdirAll(folder, 0o700); err != nil {
			return exportedMsg{err: fmt.Errorf("cannot create %s: %w", folder, err)}
		}
		opts := report.ExportOptions{Now: now, Rules: rules, Firm: s.firm, Printer: s.printer}
		if doc.Follows != "" {
			// A follow-up's pack says what changed since the review it
			// follows, when that review is in this database.
			// A damaged one is as good as absent: it must not keep this
			// review's pack from being written.
			prev, err := s.store.Load(doc.Follows)
			switch {
			case err == nil:
				opts.Previous = prev
			case !errors.Is(err, store.ErrNotFound) && !errors.As(err, new(*store.DamagedError)):
				return exportedMsg{err: err}
			}
		}
		exported := report.Export(doc, opts)
		msg := exportedMsg{dir: folder}
		// The files side by side are the formats the table marks for the
		// app: the session, the pack, the workbook, the register and its
		// Jira import.
		for _, format := range report.AppFormats() {
			if format.Printed && s.printer == nil {
				msg.unprinted = true
				continue
			}
			p := filepath.Join(folder, base+format.Extension)
			if err := s.store.Protects(p); err != nil {
				return exportedMsg{err: err}
			}
			err := atomicfile.WriteFunc(context.Background(), p, func(w io.Writer) error {
				return format.Write(w, exported)
			})
			if err != nil {
				return exportedMsg{err: err}
			}
			msg.paths = append(msg.paths, p)
		}
		// The JSON file is a revision a colleague's copy will start from.
		msg.session, msg.revision = doc.Session.ID, exported.Revision
		fp, err := review.EncodeFingerprint(&exported.Document)
		if err == nil {
			err = s.store.Keep(doc.Session.ID, store.Seen{Revision: exported.Revision, Fingerprint: fp})
		}
		msg.unkept = err
		return msg
	})
}

// exportBaseName is a file name from the session's name and date that any
// file system accepts.
func exportBaseName(s model.Session, now time.Time) string {
	name := report.FileStem(s.Name)
	date := s.Date
	if date == "" {
		date = now.Format(model.DateLayout)
	}
	return "archreview-" + name + "-" + date
}

// noPrinter is why an export from the app wrote no PDF.
const noPrinter = "no Chromium or Chrome on this laptop"

// exportedFlash says what an export wrote and where: "Exported json, md,
// html, xlsx, csv and jira-csv to FOLDER".
func exportedFlash(msg exportedMsg) string {
	kinds := make([]string, len(msg.paths))
	for i, p := range msg.paths {
		kinds[i] = strings.TrimPrefix(strings.TrimPrefix(p, filepath.Join(msg.dir, filepath.Base(msg.dir))), "-")
		kinds[i] = strings.TrimPrefix(kinds[i], ".")
	}
	what := strings.Join(kinds, "")
	if len(kinds) > 1 {
		what = strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1]
	}
	if msg.unprinted {
		what += " (no PDF: " + noPrinter + ")"
	}
	return "Exported " + what + " to " + msg.dir
}
