package tui

import "testing"

// Every state of the save cycle a session meets, by name.
var (
	idle      = saveCycle{}
	waiting   = saveCycle{scheduled: true}
	saving    = saveCycle{inflight: true}
	failing   = saveCycle{failed: true, failures: 1, scheduled: true}
	retrying  = saveCycle{failed: true, failures: 1, inflight: true}
	rescuing  = saveCycle{detached: true, inflight: true}
	rescued   = saveCycle{detached: true}
	stranded  = saveCycle{detached: true, rescueFail: true, scheduled: true}
	leavingIt = saveCycle{inflight: true, leaving: true}
	asked     = saveCycle{failed: true, failures: 1, scheduled: true, confirmQuit: true}
)

func TestSaveCycle(t *testing.T) {
	tests := []struct {
		name  string
		from  saveCycle
		ev    saveEvent
		dirty bool
		to    saveCycle
		act   saveAction
	}{
		// Typing.
		{"a change when idle schedules a save", idle, evChanged, true, waiting, actSchedule},
		{"a change already scheduled waits", waiting, evChanged, true, waiting, actNone},
		{"a change during a save waits for it", saving, evChanged, true, saving, actNone},
		{"no change, nothing to schedule", idle, evChanged, false, idle, actNone},
		{"the tick starts the save", waiting, evTick, true, saving, actSave},
		{"a tick with nothing pending does nothing", waiting, evTick, false, idle, actNone},
		{"a landed save with more typed schedules the next", saving, evSaved, true, waiting, actSchedule},
		{"a landed save with nothing more is idle", saving, evSaved, false, idle, actNone},

		// A full disk.
		{"a failed save keeps the text and retries later", saving, evFailed, true, failing, actRetry},
		{"the retry tick saves again", failing, evTick, true, retrying, actSave},
		{"failing again counts", retrying, evFailed, true, saveCycle{failed: true, failures: 2, scheduled: true}, actRetry},
		{"a retry that lands clears the banner", retrying, evSaved, false, idle, actNone},
		{"a failed save ends leaving: the session stays open", leavingIt, evFailed, true, failing, actRetry},

		// A swapped or broken database.
		{"detached: the pending text goes to the rescue file", saving, evDetached, true, rescuing, actSave},
		{"detached while failing clears the disk banner", retrying, evDetached, true, rescuing, actSave},
		{"a rescue written, more typed: the next is scheduled", rescuing, evRescued, true, saveCycle{detached: true, scheduled: true}, actSchedule},
		{"a rescue written, nothing more", rescuing, evRescued, false, rescued, actNone},
		{"a rescue that fails retries", rescuing, evRescueFail, true, stranded, actRetry},
		{"a later save after detaching is a rescue too", saveCycle{detached: true, scheduled: true}, evTick, true, rescuing, actSave},

		// Leaving the session.
		{"leaving with nothing pending leaves", idle, evLeave, false, idle, actLeave},
		{"leaving with changes saves first", idle, evLeave, true, leavingIt, actSave},
		{"leaving during a save waits for it", saving, evLeave, false, leavingIt, actNone},
		{"the save lands: leave", leavingIt, evSaved, false, idle, actLeave},
		{"the save lands but more was typed: save that too", leavingIt, evSaved, true, leavingIt, actSave},
		{"leaving a detached session once rescued", saveCycle{detached: true, inflight: true, leaving: true}, evRescued, false, rescued, actLeave},

		// Quitting.
		{"quit with nothing pending quits", idle, evQuit, false, idle, actQuit},
		{"quit with changes saves them, then quits", waiting, evQuit, true, saveCycle{scheduled: true, inflight: true}, actSaveQuit},
		{"quit during a save quits: the final save follows", saving, evQuit, true, saving, actQuit},
		{"quit while the text is saved nowhere asks", failing, evQuit, true, asked, actAskQuit},
		{"the second quit goes", asked, evQuit, true, saveCycle{failed: true, failures: 1, scheduled: true, confirmQuit: true, inflight: true}, actSaveQuit},
		{"another key drops the question", asked, evOtherKey, true, failing, actNone},
		{"quit when rescued does not ask: the text is safe", rescued, evQuit, false, rescued, actQuit},
		{"quit when the rescue failed too asks", stranded, evQuit, true, saveCycle{detached: true, rescueFail: true, scheduled: true, confirmQuit: true}, actAskQuit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to, act := tt.from.on(tt.ev, tt.dirty)
			if to != tt.to || act != tt.act {
				t.Errorf("from %+v on %d (dirty %v):\n got %+v, action %d\nwant %+v, action %d", tt.from, tt.ev, tt.dirty, to, act, tt.to, tt.act)
			}
		})
	}
}

// However the events arrive, at most one save is in flight, and a save is
// only ever started when something is pending.
func TestSaveCycleOneSaveAtATime(t *testing.T) {
	events := []saveEvent{evChanged, evTick, evSaved, evFailed, evDetached, evRescued, evRescueFail, evLeave, evQuit, evOtherKey}
	states := []saveCycle{idle, waiting, saving, failing, retrying, rescuing, rescued, stranded, leavingIt, asked}
	for _, from := range states {
		for _, ev := range events {
			for _, dirty := range []bool{false, true} {
				to, act := from.on(ev, dirty)
				starts := act == actSave || act == actSaveQuit
				if starts && from.inflight && ev != evSaved && ev != evRescued && ev != evFailed && ev != evDetached {
					t.Errorf("from %+v on %d: a second save started while one was in flight", from, ev)
				}
				if starts && !dirty {
					t.Errorf("from %+v on %d: a save started with nothing pending", from, ev)
				}
				if starts && !to.inflight {
					t.Errorf("from %+v on %d: a save started but the cycle does not know it", from, ev)
				}
			}
		}
	}
}
