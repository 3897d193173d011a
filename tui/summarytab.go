package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The Summary tab is the decision pack, live and scrollable (summaryview.go
// lays it out); s goes to it from any tab.

const tabSummary tabID = "summary"

type summaryKeys struct {
	Go, Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// summaryKeyMap shows the keys summaryView.update scrolls by: the same
// bindings, with their help.
var summaryKeyMap = summaryKeys{
	Go:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "summary")),
	Up:       globalKeyMap.Up,
	Down:     globalKeyMap.Down,
	PageUp:   withHelp(pageUp, "pgup/b", "page up"),
	PageDown: withHelp(pageDown, "pgdn/f/space", "page down"),
	Top:      withHelp(toTop, "g/home", "top"),
	Bottom:   withHelp(toEnd, "G/end", "end"),
}

// withHelp is a binding with the help it shows.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

type summaryTab struct {
	c             *Common
	ws            *workspace
	pack          summaryView
	width, height int
}

func newSummaryTab(c *Common, ws *workspace) *summaryTab { return &summaryTab{c: c, ws: ws} }

func (t *summaryTab) id() tabID             { return tabSummary }
func (t *summaryTab) label() string         { return "Summary" }
func (t *summaryTab) shortcut() key.Binding { return summaryKeyMap.Go }

// ShortHelp is empty: the session's own keys fill the line, and scrolling
// is the arrows every list has.
func (t *summaryTab) ShortHelp() []key.Binding { return nil }

func (t *summaryTab) FullHelp() [][]key.Binding {
	k := summaryKeyMap
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

func (t *summaryTab) setSize(width, height int) { t.width, t.height = width, height }

// settle lays the pack out only while it is on screen: under a form, a
// change per keystroke would derive it again for nothing.
func (t *summaryTab) settle(f tabFrame) {
	if f.active && !f.covered {
		t.pack.settle(t.ws, t.height)
	}
}

func (t *summaryTab) update(km tea.KeyMsg) tabReply {
	t.pack = t.pack.update(km, t.height)
	return tabReply{}
}

func (t *summaryTab) view() []string { return t.pack.view(t.c, t.width) }

func (t *summaryTab) add() tabReply            { return tabReply{} }
func (t *summaryTab) capturing() bool          { return false }
func (t *summaryTab) receive(tea.Msg) tabReply { return tabReply{} }
func (t *summaryTab) typing() typingKind       { return typingNone }
func (t *summaryTab) goTo(searchHit) tea.Cmd   { return nil }
func (t *summaryTab) place() scrollList        { return scrollList{} }
func (t *summaryTab) restore(scrollList)       {}
