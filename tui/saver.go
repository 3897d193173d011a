package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"archreview/model"
	"archreview/model/report"
	"archreview/store"
	"archreview/store/atomicfile"

	tea "github.com/charmbracelet/bubbletea"
)

// saver runs every store call as a tea.Cmd. Saves are serialised and
// numbered: a partial save older than a whole-session save that already
// landed is skipped, so the last save on quit can never be overwritten by
// an autosave still running from before it.
type saver struct {
	store sessionStore

	mu          sync.Mutex
	seq         uint64
	wholeLanded uint64
}

// sessionStore is what the app needs of the store; tests wrap the real one
// to make saves fail.
type sessionStore interface {
	List() ([]store.SessionInfo, error)
	Load(id string) (*model.Document, error)
	Create(doc *model.Document) error
	DeleteSession(id string) error
	Save(id string, c store.Changes) error
	Broken() error
	RescuePath(now time.Time) string
	WriteRescue(path string, doc *model.Document, now time.Time) (string, error)
	Protects(path string) error
}

// safe turns a panic in one of our commands into an error message, so a bug
// in IO code shows a line on screen instead of killing the terminal.
func safe(fn func() tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = errorMsg{fmt.Errorf("internal error (%T); your answers are kept", r)}
			}
		}()
		return fn()
	}
}

func (s *saver) listCmd() tea.Cmd {
	return safe(func() tea.Msg {
		list, err := s.store.List()
		return sessionsLoadedMsg{list: list, err: err}
	})
}

func (s *saver) openCmd(id string) tea.Cmd {
	return safe(func() tea.Msg {
		doc, err := s.store.Load(id)
		return sessionOpenedMsg{doc: doc, err: err}
	})
}

func (s *saver) createCmd(doc *model.Document) tea.Cmd {
	return safe(func() tea.Msg {
		return sessionCreatedMsg{id: doc.Session.ID, err: s.store.Create(doc)}
	})
}

// demoCmd adds the demo session, or opens the one already there.
func (s *saver) demoCmd(now time.Time) tea.Cmd {
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

func (s *saver) deleteCmd(id, name string) tea.Cmd {
	return safe(func() tea.Msg {
		return sessionDeletedMsg{name: name, err: s.store.DeleteSession(id)}
	})
}

func (s *saver) next() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return s.seq
}

func (s *saver) write(seq uint64, sessionID string, c store.Changes) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq < s.wholeLanded {
		return nil
	}
	if err := s.store.Save(sessionID, c); err != nil {
		return err
	}
	if c.Whole {
		s.wholeLanded = seq
	}
	return nil
}

// saveCmd writes changes in the background and reports back with savedMsg,
// carrying the changes so a failure can put them back.
func (s *saver) saveCmd(sessionID string, c store.Changes) tea.Cmd {
	if c.Empty() {
		return nil
	}
	seq := s.next()
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = savedMsg{changes: c, err: fmt.Errorf("internal error while saving (%T)", r)}
			}
		}()
		return savedMsg{changes: c, err: s.write(seq, sessionID, c)}
	}
}

// finalSaveWait bounds the last save: a file that hangs every write (a
// wedged handle, a dead network share) must not keep the app from exiting,
// with the text then in a rescue file instead.
var finalSaveWait = time.Second

// saveNow writes the whole session synchronously; it is the last save. It
// gives up after finalSaveWait, leaving the save to finish if it can.
func (s *saver) saveNow(sessionID string, c store.Changes) error {
	c.Whole = true
	seq := s.next()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("internal error while saving (%T)", r)
			}
		}()
		done <- s.write(seq, sessionID, c)
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(finalSaveWait):
		return fmt.Errorf("the database did not answer within %s", finalSaveWait)
	}
}

// rescueCmd writes the open session to the rescue file, because the
// database no longer takes it. doc must be the app's own copy.
func (s *saver) rescueCmd(path string, doc *model.Document, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		at, err := s.store.WriteRescue(path, doc, now)
		return rescuedMsg{path: at, err: err}
	})
}

// exportCmd writes the decision pack as JSON and Markdown side by side in
// dir, created 0700 if it does not exist. The export (the redacted copy and
// its summary) is made once and written in each format. doc must be the
// app's own copy: the export runs beside the typing.
func (s *saver) exportCmd(doc *model.Document, dir string, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return exportedMsg{err: fmt.Errorf("cannot create %s: %w", dir, err)}
		}
		base := exportBaseName(doc.Session, now)
		exported := report.Export(doc, report.ExportOptions{Now: now})
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
