package room

import (
	"errors"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
)

// The viewers of the web room: each has a small buffer of events; the
// host's one goroutine that publishes never waits for any of them, and a
// viewer whose buffer is full is dropped (its page reconnects and starts
// again from the whole view).

// viewerBuffer is how many events a viewer may fall behind: refreshes come
// at most every debounce, so a viewer this far behind is not reading.
const viewerBuffer = 16

var (
	errRoomFull  = errors.New("the room is full")
	errRoomEnded = errors.New("the session has ended")
)

// event is one Server-Sent Event, encoded once for every viewer; last
// says the stream ends after it.
type event struct {
	data []byte
	last bool
}

type viewer struct {
	out  chan event
	gone chan struct{} // closed when the hub dropped the viewer
}

type hub struct {
	mu      sync.Mutex
	max     int
	viewers map[*viewer]struct{}
	// parts is the view as every viewer has it by now, part by part.
	parts  map[string]string
	rev    uint64
	ended  bool
	joined chan struct{} // a viewer came; it holds at most one value
	left   chan struct{} // signalled as viewers go, while the hub ends
}

func newHub(max int) *hub {
	return &hub{max: max, viewers: map[*viewer]struct{}{}, joined: make(chan struct{}, 1), left: make(chan struct{}, 1)}
}

// update is the data of an "update" event: the parts that changed.
type update struct {
	Rev   uint64            `json:"rev"`
	Parts map[string]string `json:"parts"`
}

func encodeEvent(name string, v any) []byte {
	b, _ := json.Marshal(v) // maps of strings and numbers always encode
	return []byte("event: " + name + "\ndata: " + string(b) + "\n\n")
}

// join adds a viewer, which first gets the whole view as the others have
// it, if there is one yet.
func (h *hub) join() (*viewer, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.ended:
		return nil, errRoomEnded
	case len(h.viewers) >= h.max:
		return nil, errRoomFull
	}
	v := &viewer{out: make(chan event, viewerBuffer), gone: make(chan struct{})}
	if h.parts != nil {
		v.out <- event{data: encodeEvent("update", update{Rev: h.rev, Parts: h.parts})}
	}
	h.viewers[v] = struct{}{}
	select {
	case h.joined <- struct{}{}:
	default:
	}
	return v, nil
}

// leave takes a viewer out, if the hub has not dropped it already.
func (h *hub) leave(v *viewer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(v)
}

func (h *hub) dropLocked(v *viewer) {
	if _, ok := h.viewers[v]; !ok {
		return
	}
	delete(h.viewers, v)
	close(v.gone)
	select {
	case h.left <- struct{}{}:
	default:
	}
}

// watching reports whether anyone follows.
func (h *hub) watching() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.viewers) > 0
}

// publish sends every viewer the parts that differ from what they have.
func (h *hub) publish(rev uint64, parts map[string]string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ended {
		return
	}
	changed := map[string]string{}
	for k, v := range parts {
		if old, ok := h.parts[k]; !ok || old != v {
			changed[k] = v
		}
	}
	h.parts, h.rev = parts, rev
	if len(changed) == 0 {
		return
	}
	h.sendLocked(event{data: encodeEvent("update", update{Rev: rev, Parts: changed})})
}

// sendLocked hands e to every viewer, dropping those with no room for it.
func (h *hub) sendLocked(e event) {
	for v := range h.viewers {
		select {
		case v.out <- e:
		default:
			h.dropLocked(v)
		}
	}
}

// end tells every viewer the session has ended and waits, at most wait,
// for their streams to have said so.
func (h *hub) end(wait time.Duration) {
	h.mu.Lock()
	if h.ended {
		h.mu.Unlock()
		return
	}
	h.ended = true
	h.sendLocked(event{data: encodeEvent("ended", map[string]string{"message": "The session has ended."}), last: true})
	h.mu.Unlock()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		h.mu.Lock()
		n := len(h.viewers)
		h.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-h.left:
		case <-deadline.C:
			return
		}
	}
}
