package tui

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// sizes are the scales every benchmark runs at: a big workshop, a whole
// integration program, and a programme of several brands or regions.
var sizes = []struct{ flows, risks int }{{200, 5}, {1000, 5}, {10000, 5}}

// benchApp opens a generated session in the app, as a user would.
func benchApp(b *testing.B, flows, risksPerFlow int) *App {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "review.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	doc := model.Generate(flows, risksPerFlow, 1)
	if err := st.Create(doc); err != nil {
		b.Fatal(err)
	}
	a := NewApp(st, Options{Now: func() time.Time { return testNow }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(sessionsLoadedMsg{})
	loaded, err := st.Load(doc.Session.ID)
	if err != nil {
		b.Fatal(err)
	}
	a.Update(sessionOpenedMsg{doc: loaded})
	return a
}

// press is one key as a person types it: the frame after it, and the
// frame tick that comes before the next key.
func press(a *App, k tea.KeyMsg) {
	a.Update(k)
	_ = a.View()
	if a.typed.waiting {
		a.Update(typedTickMsg{})
		_ = a.View()
	}
	// A person's next key comes a frame later at least, so it is no burst;
	// the frame's tick is not part of what a key costs.
	a.browse.recent = false
}

var (
	keyEnter = tea.KeyMsg{Type: tea.KeyEnter}
	keyJ     = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'j'}}
	keyK     = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'k'}}
	keyA     = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'a'}}
	keyBack  = tea.KeyMsg{Type: tea.KeyBackspace}
)

// BenchmarkKeystroke is one key typed into a walkthrough text field: the
// room watches every one of these, so Update plus View must stay under 1 ms.
func BenchmarkKeystroke(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			a := benchApp(b, sz.flows, sz.risks)
			a.Update(walkMsg{flow: sz.flows / 2})
			press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'2'}})
			press(a, keyJ) // why this pattern: a text area
			press(a, keyEnter)
			alternate(b, a, keyA, keyBack)
		})
	}
}

// alternate presses two keys in turn for the benchmark's loop, so the
// screen stays the same size from one press to the next.
func alternate(b *testing.B, a *App, first, second tea.KeyMsg) {
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			press(a, first)
		} else {
			press(a, second)
		}
		i++
	}
}

// BenchmarkFlowListMove is moving through the session's flow list.
func BenchmarkFlowListMove(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			a := benchApp(b, sz.flows, sz.risks)
			for range 50 {
				press(a, keyJ)
			}
			alternate(b, a, keyJ, keyK)
		})
	}
}

// BenchmarkSummaryTabAfterEdit is the summary tab redrawn after an answer
// changed: the one frame that pays for deriving the decision pack.
func BenchmarkSummaryTabAfterEdit(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			a := benchApp(b, sz.flows, sz.risks)
			press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}})
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				i++
				a.ws.setFlowField(0, model.StepFailure, "notes", fmt.Sprint(i))
				a.active().settle() // as Update does after every message
				_ = a.View()
			}
		})
	}
}

// BenchmarkMemory reports the live heap with a session open, walked, and
// its summary shown: the TUI's budget is 150 MB at 10,000 flows (the
// process as a whole is BenchmarkTUIMemory in e2e).
func BenchmarkMemory(b *testing.B) {
	for _, sz := range sizes[1:] {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			for b.Loop() {
				a := benchApp(b, sz.flows, sz.risks)
				press(a, keyEnter)
				press(a, tea.KeyMsg{Type: tea.KeyEsc})
				press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}})
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap-in-use")
				b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-from-OS")
				runtime.KeepAlive(a)
			}
		})
	}
}

// BenchmarkKeystrokeMegabyteAnswer is a key typed into a 1 MB answer (a
// pasted log): the editor works on a window of it, so this stays close to
// an ordinary keystroke.
func BenchmarkKeystrokeMegabyteAnswer(b *testing.B) {
	a := benchApp(b, 200, 5)
	var big strings.Builder
	for i := 0; big.Len() < 1<<20; i++ {
		fmt.Fprintf(&big, "%05d mapping: sku_%05d -> item_no_%05d; price list EU-%03d\n", i, i, i, i%1000)
	}
	a.ws.setFlowField(0, model.StepSource, "data_quality", big.String())
	a.Update(walkMsg{flow: 0})
	for range 4 {
		press(a, keyJ)
	}
	press(a, keyEnter)
	alternate(b, a, keyA, keyBack)
}

// BenchmarkRawPaste200KB is 200 KB pasted into a walkthrough text area
// without bracketed paste: every word, space and line break arrives as a
// message of its own, each followed by a frame, as Bubble Tea v1 delivers
// them, with timers firing when they are due. The whole paste must cost
// well under the two seconds the room would wait for it.
func BenchmarkRawPaste200KB(b *testing.B) {
	paste := pastedLog(200 << 10)
	msgs := rawInput(paste)
	want := strings.ReplaceAll(paste, "\r", "\n")
	b.ReportMetric(float64(len(msgs)), "msgs")
	for b.Loop() {
		b.StopTimer()
		a := benchApp(b, 200, 5)
		a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		a.ws.setFlowField(0, model.StepSource, "notes", "")
		a.Update(walkMsg{flow: 0})
		for range 5 {
			press(a, keyJ) // source notes: a text area
		}
		press(a, keyEnter)
		p := &program{a: a}
		b.StartTimer()
		for _, m := range msgs {
			p.send(m)
			p.fireDue(time.Now())
		}
		p.settle()
		b.StopTimer()
		if got := a.ws.doc.Flows[0].Source.Notes; got != want {
			b.Fatalf("the notes hold %d bytes after the paste, want the %d pasted; first difference at %d", len(got), len(want), firstDiff(got, want))
		}
		b.StartTimer()
	}
}

// firstDiff is the first byte at which two texts differ.
func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
