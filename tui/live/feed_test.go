package live

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
)

func change(rev uint64) model.Change {
	return model.Change{Session: "s", Rev: rev, Parts: model.PartFlows, Flows: []string{"f"}}
}

// read takes what the channel holds now, without waiting for more.
func read(ch <-chan model.Change) []model.Change {
	var out []model.Change
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, c)
		default:
			return out
		}
	}
}

func revs(cs []model.Change) []uint64 {
	out := make([]uint64, len(cs))
	for i, c := range cs {
		out[i] = c.Rev
	}
	return out
}

func TestSubscribersGetEveryChangeInOrder(t *testing.T) {
	var f Feed
	a, cancelA := f.Subscribe()
	defer cancelA()
	b, cancelB := f.Subscribe()
	defer cancelB()
	for rev := uint64(1); rev <= 3; rev++ {
		f.Publish(change(rev))
	}
	for _, ch := range []<-chan model.Change{a, b} {
		got := read(ch)
		if len(got) != 3 || got[0].Rev != 1 || got[2].Rev != 3 || got[1].Resync {
			t.Fatalf("got revisions %v, want 1 2 3", revs(got))
		}
	}
}

// A listener that stops reading loses what it did not read, is told so by
// one Resync change with the latest revision, and never holds up the
// writer or the other listeners.
func TestAFullListenerIsToldToResyncAndNeverBlocks(t *testing.T) {
	var f Feed
	slow, cancelSlow := f.SubscribeBuffer(2)
	defer cancelSlow()
	quick, cancelQuick := f.SubscribeBuffer(100)
	defer cancelQuick()
	done := make(chan struct{})
	go func() {
		for rev := uint64(1); rev <= 50; rev++ {
			f.Publish(change(rev))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("publishing to a listener that does not read blocked the writer")
	}
	// Its buffer of two holds the resync that stands for 1 to 49, and 50.
	got := read(slow)
	if len(got) != 2 || !got[0].Resync || got[0].Rev != 49 || got[0].Parts != model.AllParts || got[1].Resync || got[1].Rev != 50 {
		t.Fatalf("the slow listener got %+v, want a resync at revision 49, then 50", got)
	}
	if got := read(quick); len(got) != 50 || got[49].Rev != 50 || got[0].Resync {
		t.Fatalf("the listener that kept up got revisions %v", revs(got))
	}
	f.Publish(change(51))
	if got := read(slow); len(got) != 1 || got[0].Resync || got[0].Rev != 51 {
		t.Fatalf("after its resync the slow listener got %+v, want revision 51 as it is", got)
	}
}

func TestCancelAndCloseEndSubscriptions(t *testing.T) {
	var f Feed
	ch, cancel := f.Subscribe()
	cancel()
	cancel() // a second cancel is harmless
	if _, ok := <-ch; ok {
		t.Fatal("a cancelled subscription's channel is still open")
	}
	f.Publish(change(1)) // nobody listens: no panic on the closed channel

	other, cancelOther := f.Subscribe()
	defer cancelOther()
	f.Close()
	if _, ok := <-other; ok {
		t.Fatal("closing the feed left a subscription open")
	}
	late, cancelLate := f.Subscribe()
	defer cancelLate()
	if _, ok := <-late; ok {
		t.Fatal("a subscription to a closed feed is open")
	}
	var none *Feed
	none.Publish(change(1))
	none.Close()
}

// Subscribing, reading and cancelling on many goroutines while the writer
// publishes: run under the race detector by make test.
func TestTheFeedIsSafeAcrossGoroutines(t *testing.T) {
	var f Feed
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				ch, cancel := f.SubscribeBuffer(4)
				var last uint64
				for range 3 {
					if c, ok := <-ch; ok {
						if c.Rev <= last {
							t.Errorf("revision %d after %d", c.Rev, last)
						}
						last = c.Rev
					}
				}
				cancel()
			}
		}()
	}
	stop := make(chan struct{})
	published := make(chan struct{})
	go func() {
		defer close(published)
		for rev := uint64(1); ; rev++ {
			select {
			case <-stop:
				return
			default:
				f.Publish(change(rev))
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-published
}

// Two listeners merging the change they share into changes of their own,
// and the publisher appending to the list it published, never write where
// another reads: run with -race.
func TestSharedListsAreCopiedBeforeAnAppend(t *testing.T) {
	var f Feed
	a, cancelA := f.Subscribe()
	defer cancelA()
	b, cancelB := f.Subscribe()
	defer cancelB()
	flows := make([]string, 1, 8) // room to append in place
	flows[0] = "f1"
	f.Publish(model.Change{Rev: 1, Parts: model.PartFlows, Flows: flows})
	flows = append(flows, "publisher's") // the publisher goes on with its list
	var wg sync.WaitGroup
	got := make([][]string, 2)
	for i, ch := range []<-chan model.Change{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := <-ch
			c.Merge(model.Change{Rev: 2, Parts: model.PartFlows, Flows: []string{fmt.Sprint("listener ", i)}})
			got[i] = c.Flows
		}()
	}
	wg.Wait()
	for i, fs := range got {
		if want := []string{"f1", fmt.Sprint("listener ", i)}; fmt.Sprint(fs) != fmt.Sprint(want) {
			t.Errorf("listener %d merged %v, want %v", i, fs, want)
		}
	}
	if flows[1] != "publisher's" {
		t.Errorf("a listener wrote %q into the publisher's list", flows[1])
	}
}
