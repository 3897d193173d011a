package tui

// The save cycle as a small state machine: what the app does next is a pure
// function of where the cycle is and what just happened, so every path
// (typing, a full disk, a swapped file, leaving, quitting) is one row of a
// table test rather than a branch spread over Update.
//
// At most one save is in flight. A change schedules one after saveDelay (a
// throttle, not a debounce: steady typing still reaches the disk every
// saveDelay); a failed save keeps the text pending and retries after
// retryDelay; once the database is detached every save writes the rescue
// file instead; leaving and quitting wait for the last save.

// saveEvent is what happened.
type saveEvent int

const (
	evChanged    saveEvent = iota // the answers changed
	evTick                        // the scheduled delay passed
	evSaved                       // a save landed in the database
	evFailed                      // a save failed; its changes are pending again
	evDetached                    // the database takes no more saves
	evRescued                     // the rescue file was written
	evRescueFail                  // the rescue file could not be written
	evLeave                       // the user leaves the session
	evQuit                        // the user quits
	evOtherKey                    // any key but quit: drops a pending question
)

// saveAction is what the app must do about it.
type saveAction int

const (
	actNone     saveAction = iota
	actSchedule            // tick after saveDelay
	actRetry               // tick after retryDelay
	actSave                // start a save: to the database, or the rescue file once detached
	actLeave               // close the session: all of it is saved
	actAskQuit             // say that quitting now leaves text unsaved
	actSaveQuit            // start the last save, then quit
	actQuit                // quit now (a save in flight is finished by the final save)
)

// saveCycle is the save cycle's state. dirty (changes not yet handed to a
// save) is the workspace's, passed in with each event.
type saveCycle struct {
	scheduled   bool // a tick is on its way
	inflight    bool // a save or rescue is running
	failed      bool // the last save failed: the banner is up, retries run
	failures    int
	detached    bool // every save goes to the rescue file
	rescueFail  bool // the last rescue failed too
	leaving     bool // leave once the last save lands
	confirmQuit bool // the next quit goes
}

// unsaved reports whether typed text is nowhere but in the app.
func (c saveCycle) unsaved() bool {
	if c.detached {
		return c.rescueFail
	}
	return c.failed
}

// on is the transition function.
func (c saveCycle) on(ev saveEvent, dirty bool) (saveCycle, saveAction) {
	switch ev {
	case evChanged:
		if !dirty || c.scheduled || c.inflight {
			return c, actNone
		}
		c.scheduled = true
		return c, actSchedule

	case evTick:
		c.scheduled = false
		return c.start(dirty)

	case evSaved, evRescued:
		c.inflight = false
		if ev == evSaved {
			c.failed, c.failures = false, 0
		} else {
			c.rescueFail = false
		}
		switch {
		case c.leaving && dirty:
			return c.start(dirty)
		case c.leaving:
			c.leaving = false
			return c, actLeave
		}
		return c.on(evChanged, dirty)

	case evFailed, evRescueFail:
		c.inflight, c.leaving = false, false
		if ev == evFailed {
			c.failed = true
			c.failures++
		} else {
			c.rescueFail = true
		}
		c.scheduled = true
		return c, actRetry

	case evDetached:
		c.inflight, c.detached, c.failed, c.failures = false, true, false, 0
		return c.start(dirty)

	case evLeave:
		if !dirty && !c.inflight {
			return c, actLeave
		}
		c.leaving = true // left once the save in flight, or this one, lands
		return c.start(dirty)

	case evQuit:
		if c.unsaved() && !c.confirmQuit {
			c.confirmQuit = true
			return c, actAskQuit
		}
		if dirty && !c.inflight {
			c.inflight = true
			return c, actSaveQuit
		}
		return c, actQuit

	case evOtherKey:
		c.confirmQuit = false
		return c, actNone
	}
	return c, actNone
}

// start begins a save of what is pending, if anything is and none is running.
func (c saveCycle) start(dirty bool) (saveCycle, saveAction) {
	if !dirty || c.inflight {
		return c, actNone
	}
	c.inflight = true
	return c, actSave
}
