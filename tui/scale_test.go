package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// scaleApp is the app on an 80x24 screen with a generated session of n
// flows open, straight from memory.
func scaleApp(t *testing.T, n int) *App {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := NewApp(st, Options{Now: func() time.Time { return testNow }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(sessionsLoadedMsg{})
	a.Update(sessionOpenedMsg{doc: model.Generate(n, 5, 1)})
	return a
}

// frameRows is how many list rows one frame laid out.
func frameRows(a *App) int64 {
	before := rowsLaidOut.Load()
	_ = a.View()
	return rowsLaidOut.Load() - before
}

// A list of 10,000 flows, and a register of 70,000 risks and findings, lay
// out the rows on screen, not the list, wherever the cursor is.
func TestListsLayOutOnlyTheRowsInView(t *testing.T) {
	a := scaleApp(t, 10000)
	const screenful = 24
	for _, c := range []struct {
		name string
		keys []tea.KeyMsg
	}{
		{"top", nil},
		{"down a page", []tea.KeyMsg{{Type: tea.KeyPgDown}}},
		{"the end", []tea.KeyMsg{{Type: tea.KeyEnd}}},
		{"systems tab", []tea.KeyMsg{{Type: tea.KeyTab}}},
		{"register tab", []tea.KeyMsg{{Type: tea.KeyTab}, {Type: tea.KeyTab}, {Type: tea.KeyTab}}},
		{"the register's end", []tea.KeyMsg{{Type: tea.KeyEnd}}},
	} {
		for _, k := range c.keys {
			press(a, k)
		}
		if strings.HasPrefix(c.name, "register") && a.session.activeTab() != tabRegister {
			t.Fatalf("%s: the keys led to tab %s, not the register", c.name, a.session.activeTab())
		}
		got := frameRows(a)
		if got == 0 || got > screenful {
			t.Errorf("%s: a frame laid out %d list rows; want some, and no more than the %d lines of the screen", c.name, got, screenful)
		}
	}
}

// The summary of 10,000 flows (70,000 register lines and more) formats the
// lines on screen, however far it is scrolled, and no line when nothing is
// in view changed.
func TestSummaryTabLaysOutOnlyTheLinesInView(t *testing.T) {
	a := scaleApp(t, 10000)
	press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}})
	const screenful = 24
	for _, c := range []struct {
		name string
		key  tea.KeyMsg
	}{
		{"top", tea.KeyMsg{}},
		{"into the register", tea.KeyMsg{Type: tea.KeyPgDown}},
		{"the end", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'G'}}},
	} {
		if c.key.Type != 0 || len(c.key.Runes) > 0 {
			press(a, c.key)
		}
		before := summaryLinesLaidOut.Load()
		_ = a.View()
		if got := summaryLinesLaidOut.Load() - before; got == 0 || got > screenful {
			t.Errorf("%s: a frame of the summary formatted %d lines; want some, and no more than the %d lines of the screen", c.name, got, screenful)
		}
	}
	if n := a.session.summaryTab().pack.lineCount(); n < 70000 {
		t.Fatalf("the summary has %d lines; the test needs the whole register of 10,000 flows", n)
	}
}
