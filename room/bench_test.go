package room

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/tui"

	tea "github.com/charmbracelet/bubbletea"
)

// keyTimed runs the app inside a real program and says when a key has
// been through Update and View, so a benchmark can wait for each keystroke
// the way the facilitator waits for it to show.
type keyTimed struct {
	app  *tui.App
	done chan string
}

func (m keyTimed) Init() tea.Cmd { return m.app.Init() }

func (m keyTimed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.app.Update(msg)
	if _, ok := msg.(tea.KeyMsg); ok {
		m.done <- m.app.View()
	}
	return m, cmd
}

func (m keyTimed) View() string { return "" }

// BenchmarkKeystrokeInTheRoom is the facilitator typing into an answer
// (Update and View of one key, through the program's loop) with nobody
// following, with a room and nobody in it, and with 50 web viewers
// attached; the budget is 1.2× alone at 50 viewers.
func BenchmarkKeystrokeInTheRoom(b *testing.B) {
	for _, bc := range []struct {
		name    string
		room    bool
		viewers int
	}{{"alone", false, 0}, {"room-empty", true, 0}, {"viewers-50", true, 50}} {
		b.Run(bc.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "review.db")
			st, err := store.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			doc := model.Demo(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
			if err := st.Create(doc); err != nil {
				b.Fatal(err)
			}
			app := tui.NewApp(st, tui.Options{Version: "bench", Session: doc.Session.ID})
			m := keyTimed{app: app, done: make(chan string, 1)}
			p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler())
			app.SendWith(p.Send)
			ran := make(chan struct{})
			go func() {
				defer close(ran)
				_, _ = p.Run()
			}()
			defer func() { p.Quit(); <-ran }()
			press := func(k tea.KeyMsg) string { p.Send(k); return <-m.done }
			// Setup keys come as a person's do: keys within a frame of each
			// other while no field is open are taken for a paste.
			step := func(k tea.KeyMsg) string { time.Sleep(80 * time.Millisecond); return press(k) }
			runes := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

			p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
			for v := ""; !strings.Contains(v, "[ Flows"); v = step(runes("?")) {
			}
			if strings.Contains(step(runes("?")), "Keys") {
				step(runes("?"))
			}
			step(tea.KeyMsg{Type: tea.KeyEnter})
			for range 5 {
				step(runes("j"))
			}
			if v := step(tea.KeyMsg{Type: tea.KeyEnter}); !strings.Contains(v, "esc stop editing") {
				b.Fatalf("not editing the Notes answer:\n%s", v)
			}

			if bc.room {
				h, err := New(Options{})
				if err != nil {
					b.Fatal(err)
				}
				defer h.Close()
				if _, err := h.Share(app); err != nil {
					b.Fatal(err)
				}
				for range bc.viewers {
					resp, err := http.Get(h.URL() + "events")
					if err != nil {
						b.Fatal(err)
					}
					defer resp.Body.Close()
					go func() { _, _ = io.Copy(io.Discard, resp.Body) }()
				}
				for viewers(h) < bc.viewers {
					time.Sleep(time.Millisecond)
				}
			}
			typed, erase := runes("x"), tea.KeyMsg{Type: tea.KeyBackspace}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					press(typed)
				} else {
					press(erase)
				}
			}
		})
	}
}
