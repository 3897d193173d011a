package tui

import (
	"fmt"
	"sync"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// saver runs the save cycle's IO as tea.Cmds. Saves are serialised and
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
	Keep(id string, seen ...store.Seen) error
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
