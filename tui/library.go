package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"archreview/model"
	"archreview/model/report"
	"archreview/store"
	"archreview/store/atomicfile"

	tea "github.com/charmbracelet/bubbletea"
)

// library runs the session list's IO as tea.Cmds: listing, opening,
// creating, deleting and exporting sessions. Screens get it when they are
// made.
type library struct {
	store sessionStore
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

// exportCmd writes the decision pack as JSON and Markdown side by side in
// dir, created 0700 if it does not exist. The export (the redacted copy and
// its summary) is made once and written in each format. doc must be the
// app's own copy: the export runs beside the typing.
func (s *library) exportCmd(doc *model.Document, rules map[string]model.RuleSetting, dir string, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return exportedMsg{err: fmt.Errorf("cannot create %s: %w", dir, err)}
		}
		base := exportBaseName(doc.Session, now)
		exported := report.Export(doc, report.ExportOptions{Now: now, Rules: rules})
		var paths []string
		for _, f := range []struct{ format, ext string }{{"json", ".json"}, {"markdown", ".md"}} {
			p := filepath.Join(dir, base+f.ext)
			if err := s.store.Protects(p); err != nil {
				return exportedMsg{err: err}
			}
			err := atomicfile.WriteFunc(context.Background(), p, func(w io.Writer) error {
				return report.Write(w, exported, f.format)
			})
			if err != nil {
				return exportedMsg{err: err}
			}
			paths = append(paths, p)
		}
		return exportedMsg{paths: paths}
	})
}

// exportBaseName is a file name from the session's name and date that any
// file system accepts.
func exportBaseName(s model.Session, now time.Time) string {
	var b []rune
	for _, r := range s.Name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, r)
		case r >= 'A' && r <= 'Z':
			b = append(b, r+('a'-'A'))
		case len(b) > 0 && b[len(b)-1] != '-':
			b = append(b, '-')
		}
		if len(b) >= 48 {
			break
		}
	}
	name := string(b)
	for len(name) > 0 && name[len(name)-1] == '-' {
		name = name[:len(name)-1]
	}
	if name == "" {
		name = "session"
	}
	date := s.Date
	if date == "" {
		date = now.Format(model.DateLayout)
	}
	return "archreview-" + name + "-" + date
}
