// Package live fans the open session's changes out to listeners on other
// goroutines (the web room, a second terminal over SSH) without ever making
// the writer wait.
//
// The app's workspace is the one writer: every change to a session goes
// through it and it publishes what changed here, on the app's goroutine. A
// listener that falls behind cannot hold up the room's typing: when its
// buffer is full, what it has not read yet is dropped and one change marked
// Resync takes its place, which tells it to read the session whole.
//
// It imports model and nothing else of archreview's, so the room can
// listen without Bubble Tea; it lives apart from tui because the fan-out is
// a concurrency contract of its own, tested under the race detector, and
// model stays free of goroutines and channels.
package live

import (
	"slices"
	"sync"

	"github.com/archreview/archreview/model"
)

// DefaultBuffer is how many changes a listener may fall behind before it is
// told to resync: a burst of typing is one change a field, and a browser
// reading a stream keeps up with people.
const DefaultBuffer = 64

// Feed hands every published change to every subscriber. The zero Feed is
// ready to use; a nil *Feed publishes to nobody.
type Feed struct {
	mu     sync.Mutex
	subs   map[chan model.Change]struct{}
	closed bool
}

// Subscribe listens to the feed with DefaultBuffer changes of room.
func (f *Feed) Subscribe() (<-chan model.Change, func()) { return f.SubscribeBuffer(DefaultBuffer) }

// SubscribeBuffer listens to the feed: every change published from now on
// arrives on the channel, in order, until cancel is called (the channel is
// then closed) or the feed is. A subscriber that lets n changes pile up
// unread loses them: they are replaced by one change with Resync set and
// the latest revision. Cancel may be called more than once, from any
// goroutine. The changes' lists are shared by every subscriber: read them,
// never change them. They are full to capacity, so appending to one (as
// model.Change.Merge does) copies it first.
func (f *Feed) SubscribeBuffer(n int) (<-chan model.Change, func()) {
	ch := make(chan model.Change, max(n, 1))
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		close(ch)
		return ch, func() {}
	}
	if f.subs == nil {
		f.subs = map[chan model.Change]struct{}{}
	}
	f.subs[ch] = struct{}{}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			if _, ok := f.subs[ch]; ok {
				delete(f.subs, ch)
				close(ch)
			}
		})
	}
}

// Publish hands c to every subscriber without waiting for any of them.
// The publisher may go on appending to its own lists after: the feed
// hands out c's lists cut to their length.
func (f *Feed) Publish(c model.Change) {
	if f == nil {
		return
	}
	c.Flows, c.Risks, c.Systems = slices.Clip(c.Flows), slices.Clip(c.Risks), slices.Clip(c.Systems)
	c.Questions, c.Domains, c.Fields = slices.Clip(c.Questions), slices.Clip(c.Domains), slices.Clip(c.Fields)
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.subs {
		select {
		case ch <- c:
			continue
		default:
		}
		// Full: what is still unread is stale, since the listener must
		// read the session whole anyway. Empty the buffer (the listener
		// may take some meanwhile; only publishers send, under f.mu, so
		// the resync then fits).
		for drained := false; !drained; {
			select {
			case <-ch:
			default:
				drained = true
			}
		}
		ch <- model.Change{Session: c.Session, Rev: c.Rev, Kind: c.Kind, What: c.What, Parts: model.AllParts, Resync: true}
	}
}

// Close ends every subscription: their channels are closed, and later
// subscribers get a closed channel.
func (f *Feed) Close() {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for ch := range f.subs {
		close(ch)
		delete(f.subs, ch)
	}
}
