package room

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/tui"
)

// snapshotWait bounds how long the host waits for the app's copy: an app
// busy for longer is asked again at the next change.
const snapshotWait = 2 * time.Second

// follow keeps the view current while anyone watches: a change or a move
// arms the debounce, and when it fires the host asks the app for a copy
// and publishes what changed. With nobody watching it only notes that the
// view is stale, so the app copies nothing.
func (h *Host) follow(src tui.RoomSource, changes <-chan model.Change) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed, stale := false, true
	arm := func(after time.Duration) {
		if !armed {
			timer.Reset(after)
			armed = true
		}
	}
	moves := src.Moves()
	for {
		select {
		case <-h.stop:
			timer.Stop()
			return
		case _, ok := <-changes:
			if !ok {
				changes = nil
				continue
			}
			stale = true
			if h.hub.watching() {
				arm(h.opts.Debounce)
			}
		case <-moves:
			stale = true
			if h.hub.watching() {
				arm(h.opts.Debounce)
			}
		case <-h.hub.joined:
			if stale {
				arm(0)
			}
		case <-timer.C:
			armed = false
			if !h.hub.watching() {
				continue
			}
			stale = !h.refresh(src)
		}
	}
}

// refresh asks the app for a copy, renders it and publishes it; false when
// the app gave none.
func (h *Host) refresh(src tui.RoomSource) bool {
	ctx, cancel := context.WithTimeout(context.Background(), snapshotWait)
	defer cancel()
	go func() { // closing the host does not wait for a busy app
		select {
		case <-h.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	snap, err := src.Snapshot(ctx)
	if err != nil {
		return false
	}
	v := buildView(snap, time.Now())
	h.views.set(v)
	h.hub.publish(v.rev, v.parts)
	return true
}

// viewCache holds the latest view for the page and flow handlers; a view
// never changes once made.
type viewCache struct{ p atomic.Pointer[view] }

func (c *viewCache) set(v *view) { c.p.Store(v) }

func (c *viewCache) current() *view {
	if v := c.p.Load(); v != nil {
		return v
	}
	return waitingView
}
