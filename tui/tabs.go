package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The session screen's tabs stand behind one contract, as the root's
// screens stand behind screen: the session draws the header, the bar, the
// prompts and the footer around the active tab, takes the keys it takes on
// every tab (tab, e, i, /, esc) and hands the tab the rest. A tab is one
// file (flowstab.go, systemstab.go, questionstab.go, domainstab.go,
// registertab.go, summarytab.go) and a line in newSessionTabs.

// tabID names a tab to what sends the session to it from elsewhere: a
// search's match, the walkthrough asking for a new flow.
type tabID string

// sessionTab is what every tab of the session is to the session screen. A
// tab is made for one open session and holds the Common and the workspace,
// as the screens do.
type sessionTab interface {
	// ShortHelp and FullHelp list the tab's own keys, only those that work
	// on it; the session adds the keys it takes on every tab.
	help.KeyMap
	id() tabID
	// label is the tab's title in the bar, with what it counts.
	label() string
	// shortcut is a key that goes to the tab from any other; a binding
	// with no keys when it has none.
	shortcut() key.Binding
	// setSize gives the tab the room under the session's header.
	setSize(width, height int)
	// settle brings what view draws up to date after any message: the
	// list's window, the rows derived from changed answers.
	settle(f tabFrame)
	// update runs a key the session does not take itself.
	update(km tea.KeyMsg) tabReply
	// receive takes a message other than a key that a command of the
	// tab's own brings back; a tab ignores any other.
	receive(msg tea.Msg) tabReply
	// add is what a new item on the tab starts with: its create form, or
	// nothing where the tab creates nothing.
	add() tabReply
	// view draws the tab's body; it changes nothing.
	view() []string
	// capturing reports whether a prompt of the tab's own takes every key;
	// typing says what it does with typed text.
	capturing() bool
	typing() typingKind
	// goTo puts the cursor on a search's match, and says what else going
	// there runs (walking a flow).
	goTo(h searchHit) tea.Cmd
	// place and restore are where the tab's cursor was, kept while the
	// facilitator is in another session.
	place() scrollList
	restore(l scrollList)
}

// tabFrame is how the frame to come shows a tab.
type tabFrame struct {
	active  bool // it is the tab the bar marks
	covered bool // a form is drawn where its body would be
	prompt  int  // lines a question or prompt takes above its body
}

// tabReply is what a tab's update asks of the session around it: a command
// to run, a form to draw in place of the tab's body (and what its fields go
// to), an evidence form, or a delete to confirm first.
type tabReply struct {
	cmd   tea.Cmd
	form  *form
	owner formOwner
	links *linkPanel
	ask   *pendingDelete
}

// formOwner is what a form on the session screen does with its fields: the
// tab that opened it, or the session's own details.
type formOwner interface {
	// changed writes a field changed in an edit form through, or says in
	// f.err why the last good value stays.
	changed(f *form, key, value string)
	// create makes what a create form describes, or says what is missing.
	create(values map[string]string) string
	// closed is told the form went without creating anything.
	closed()
}

// pendingDelete is a delete waiting for y: what goes, named so the room sees
// it, and the change that deletes it.
type pendingDelete struct {
	what string
	yes  func()
}

// noShortcut is the shortcut of a tab that has none.
var noShortcut = key.NewBinding()

// listTab is what the tabs that list rows share: the Common and workspace
// they draw from, their room and their list's cursor and window.
type listTab struct {
	c             *Common
	ws            *workspace
	list          scrollList
	width, height int
}

func (t *listTab) setSize(width, height int) { t.width, t.height = width, height }

// fit sets the list's rows: as many as fit under its column header and the
// frame's prompt, less below lines of detail the tab draws under them.
func (t *listTab) fit(n int, f tabFrame, below int) {
	t.list.fit(n, t.height-1-f.prompt-below)
}

// rows is the tab's column header and the rows of its list in view.
func (t *listTab) rows(header string, row func(i int) string) []string {
	return append([]string{t.c.Styles.Muted.Render(header)}, drawRows(t.c.Styles, t.list, t.width, row)...)
}

// form sizes a form the tab opens to the room the tab has.
func (t *listTab) form(f form) *form {
	f.setSize(t.width, t.height)
	return &f
}

func (t *listTab) shortcut() key.Binding    { return noShortcut }
func (t *listTab) add() tabReply            { return tabReply{} }
func (t *listTab) receive(tea.Msg) tabReply { return tabReply{} }
func (t *listTab) capturing() bool          { return false }
func (t *listTab) typing() typingKind       { return typingNone }
func (t *listTab) goTo(h searchHit) tea.Cmd { t.list.cursor = h.index; return nil }
func (t *listTab) place() scrollList        { return t.list }
func (t *listTab) restore(l scrollList)     { t.list = l }

// listMoves are the keys that move a list's cursor, as every list's help
// shows them.
func listMoves() []key.Binding {
	g := globalKeyMap
	return []key.Binding{g.Up, g.Down, g.PageDown, g.Top, g.Bottom}
}
