package tui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// The whole app under a real Bubble Tea program: open the demo, walk to the
// contract step, type an answer, quit with ctrl+c; the final frame is
// goldened and the answer is on disk once the last save has run.
func TestAppUnderTeatest(t *testing.T) {
	// A real program runs real timers.
	defer func(old func(time.Duration, func(time.Time) tea.Msg) tea.Cmd) { tick = old }(tick)
	tick = tea.Tick
	path := filepath.Join(t.TempDir(), "review.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	app := NewApp(st, Options{Now: func() time.Time { return testNow }})
	app.c.DBPath = "review.db"
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))

	waitScreen := func(want string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return bytes.Contains([]byte(ansi.Strip(string(b))), []byte(want))
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	// Keys a person presses: a frame apart at least, or the app takes them
	// for a burst of text with no field open.
	key := func(k tea.KeyMsg) { tm.Send(k); time.Sleep(20 * time.Millisecond) }
	waitScreen("Demo: Harbour & Pine")
	key(tea.KeyMsg{Type: tea.KeyEnter})
	waitScreen("Flows 8")
	key(tea.KeyMsg{Type: tea.KeyEnter})
	waitScreen("Source of truth")
	key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	waitScreen("Why this pattern")
	key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")})
	key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")})
	key(tea.KeyMsg{Type: tea.KeyEnter})
	tm.Type(" Checked hourly.")
	waitScreen("Checked hourly.")
	key(tea.KeyMsg{Type: tea.KeyCtrlC})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	// The status line says whether the quit-time save had answered yet,
	// which is a race by design (the last save after Run settles it).
	lines := strings.Split(ansi.Strip(final.View()), "\n")
	lines[len(lines)-2] = "(status line)"
	golden.RequireEqual(t, strings.Join(lines, "\n"))
	if err := final.FinalSave(); err != nil {
		t.Fatal(err)
	}
	doc, err := st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Flows[0].Contract.Timing; got != "Shopify orders/create webhook, processed by Celigo within ~2 minutes. Checked hourly." {
		t.Fatalf("timing on disk = %q", got)
	}
}
