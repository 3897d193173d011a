package tui

import (
	"fmt"
	"time"

	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// The root's side of the save cycle: it feeds events to the state machine
// in autosave.go and carries out the action it returns. What the banner and
// the status line say is kept here beside the cycle.

// autosave is the save cycle and what it has to report.
type autosave struct {
	cycle     saveCycle
	lastSaved time.Time
	saveErr   error // why the last save failed, while it does
	detachErr error // why the database takes no more saves
	rescueErr error // why the last rescue file could not be written
	// rescuePath is where this run's rescue file goes; rescuedAt is where
	// it was last written (the home folder, if not beside the database).
	rescuePath, rescuedAt string
}

// tick is tea.Tick; tests swap it to run timers without waiting for them.
var tick = tea.Tick

// Timings of the save cycle. A change is on disk within saveDelay plus one
// commit, well inside the one-second promise.
var (
	saveDelay  = 300 * time.Millisecond
	retryDelay = 2 * time.Second
)

func saveTick(d time.Duration) tea.Cmd {
	return tick(d, func(time.Time) tea.Msg { return saveTickMsg{} })
}

// onSave moves the save cycle on and does what it says.
func (a *App) onSave(ev saveEvent) tea.Cmd {
	if a.guest {
		// The host saves what a guest changes; a guest leaving or quitting
		// only ends its own program.
		if ev == evLeave || ev == evQuit {
			return tea.Quit
		}
		return nil
	}
	var act saveAction
	a.autosave.cycle, act = a.autosave.cycle.on(ev, a.ws != nil && a.ws.dirty())
	switch act {
	case actSchedule:
		return saveTick(saveDelay)
	case actRetry:
		return saveTick(retryDelay)
	case actSave:
		return a.startSave()
	case actLeave:
		return a.leaveSession()
	case actAskQuit:
		a.c.Flash = "! Your latest text is not saved. Press the same key again to quit: it will be written to a rescue file beside the database."
		return nil
	case actSaveQuit:
		return tea.Sequence(a.startSave(), tea.Quit)
	case actQuit:
		return tea.Quit
	}
	return nil
}

// saveResult reports a finished save or rescue to the cycle.
func (a *App) saveResult(msg tea.Msg) tea.Cmd {
	as := &a.autosave
	switch msg := msg.(type) {
	case savedMsg:
		if a.ws != nil {
			a.ws.reported(msg.changes)
		}
		switch {
		case store.IsDetached(msg.err):
			as.detachErr, as.saveErr = msg.err, nil
			a.restore(msg.changes)
			return a.onSave(evDetached)
		case msg.err != nil:
			as.saveErr = msg.err
			a.restore(msg.changes)
			return a.onSave(evFailed)
		}
		as.saveErr, as.lastSaved = nil, a.c.Now()
		return a.onSave(evSaved)
	case rescuedMsg:
		as.rescueErr = msg.err
		if msg.err != nil {
			return a.onSave(evRescueFail)
		}
		as.rescuedAt = msg.path
		return a.onSave(evRescued)
	}
	return nil
}

// restore puts a failed save's changes back among the pending ones.
func (a *App) restore(c store.Changes) {
	if a.ws != nil {
		a.ws.restore(c)
	}
}

// startSave hands what is pending to a save: into the database, or, once
// the database takes no more, the whole session into the rescue file, from
// a copy so typing on cannot change it midway.
func (a *App) startSave() tea.Cmd {
	now := a.c.Now()
	changes := a.ws.takeChanges(now)
	if a.autosave.cycle.detached {
		return a.saver.rescueCmd(a.rescuePath(now), a.ws.doc.Clone(), now)
	}
	return a.saver.saveCmd(a.ws.doc.Session.ID, changes)
}

func (a *App) rescuePath(now time.Time) string {
	if a.autosave.rescuePath == "" {
		a.autosave.rescuePath = a.saver.store.RescuePath(now)
	}
	return a.autosave.rescuePath
}

// quit saves what is pending, then stops the program. Run saves once more
// after the loop ends, because Bubble Tea drops commands still running.
// While the text is saved nowhere, the first quit asks.
func (a *App) quit() tea.Cmd { return a.onSave(evQuit) }

// FinalSave writes what the open session has not saved yet, synchronously. Run calls it after
// the program loop returns, whatever ended it. When the database does not
// take it, the session goes to the rescue file, and the error says where.
func (a *App) FinalSave() error {
	a.releaseTyped()
	if a.ws == nil {
		return nil
	}
	now := a.c.Now()
	cause := a.autosave.detachErr
	if cause == nil {
		cause = a.saver.store.Broken()
	}
	if cause == nil {
		cause = a.saver.saveNow(a.ws.doc.Session.ID, a.ws.everything(now))
		if cause == nil {
			return nil
		}
	}
	at, err := a.saver.store.WriteRescue(a.rescuePath(now), a.ws.doc, now)
	if err != nil {
		return fmt.Errorf("the last save failed (%v) and no rescue file could be written (%v)", cause, err)
	}
	return &RescuedError{Path: at, Cause: cause}
}

// RescuedError says the open session is in a rescue file rather than in
// the database, and how to get it back.
type RescuedError struct {
	Path  string
	Cause error
}

func (e *RescuedError) Error() string {
	return fmt.Sprintf("%v, so the open session was written to %s (archreview import --replace reads it back)", e.Cause, e.Path)
}
