package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Every action has a key that needs no AltGr: letters, digits, brackets,
// arrows, enter, esc and tab.

type globalKeys struct {
	Help     key.Binding
	Quit     key.Binding
	ForceQ   key.Binding
	Back     key.Binding
	Present  key.Binding
	Undo     key.Binding
	Redo     key.Binding
	Up, Down key.Binding
	// Paging through long lists (a program of hundreds of flows).
	PageUp, PageDown, Top, Bottom key.Binding
}

var globalKeyMap = globalKeys{
	Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	Quit:     key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
	ForceQ:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "save and quit")),
	Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Present:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "presenter mode")),
	Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
	Redo:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo")),
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
	PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
	Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
	Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
}

// moveCursor applies a list movement key to a cursor over n items with a
// page of page rows, and reports whether the key was one.
func moveCursor(km tea.KeyMsg, cursor, n, page int) (int, bool) {
	last := max(n-1, 0)
	switch {
	case key.Matches(km, globalKeyMap.Up):
		return max(cursor-1, 0), true
	case key.Matches(km, globalKeyMap.Down):
		return min(cursor+1, last), true
	case key.Matches(km, globalKeyMap.PageUp):
		return max(cursor-max(page, 1), 0), true
	case key.Matches(km, globalKeyMap.PageDown):
		return min(cursor+max(page, 1), last), true
	case key.Matches(km, globalKeyMap.Top):
		return 0, true
	case key.Matches(km, globalKeyMap.Bottom):
		return last, true
	}
	return cursor, false
}

// asText makes a key of several runes a paste, so it is text whatever it
// spells: bindings match by name, and "tab", "esc", "end" or "ctrl+c" typed
// within one read would otherwise act as those keys, in a field or not.
func asText(km tea.KeyMsg) tea.KeyMsg {
	if km.Type == tea.KeyRunes && len(km.Runes) > 1 {
		km.Paste = true
	}
	return km
}

type sessionsKeys struct {
	Up, Down, Open, New, Filter, Demo, Delete, Help, Quit key.Binding
}

func newSessionsKeys() sessionsKeys {
	return sessionsKeys{
		Up:     globalKeyMap.Up,
		Down:   globalKeyMap.Down,
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new session")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Demo:   key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "add demo")),
		Delete: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		Help:   globalKeyMap.Help,
		Quit:   globalKeyMap.Quit,
	}
}

func (k sessionsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.New, k.Filter, k.Demo, k.Delete, k.Help, k.Quit}
}

func (k sessionsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, globalKeyMap.PageDown, globalKeyMap.Top, globalKeyMap.Bottom, k.Open}, {k.New, k.Filter, k.Demo, k.Delete}, {k.Help, k.Quit, globalKeyMap.ForceQ}}
}

// sessionKeys are the keys the session screen takes on every tab; each tab
// has its own (flowsKeys, registerKeys, …) and sessionHelp shows both.
type sessionKeys struct {
	Export, Info, Present, Tab, BackTab, Back, Help key.Binding
}

func newSessionKeys() sessionKeys {
	return sessionKeys{
		Export:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Info:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "session details")),
		Present: globalKeyMap.Present,
		Tab:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		BackTab: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous tab")),
		Back:    globalKeyMap.Back,
		Help:    globalKeyMap.Help,
	}
}

type walkKeys struct {
	Up, Down, Edit, PrevStep, NextStep, Step1, Step2, Step3, Step4 key.Binding
	Done, Question, Risk, Delete, Guide, Present, Back, Help       key.Binding
	Details                                                        key.Binding
	Link                                                           key.Binding
}

func newWalkKeys() walkKeys {
	return walkKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous field")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next field")),
		Edit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")),
		PrevStep: key.NewBinding(key.WithKeys("left", "["), key.WithHelp("←/[", "previous step")),
		NextStep: key.NewBinding(key.WithKeys("right", "]"), key.WithHelp("→/]", "next step")),
		Step1:    key.NewBinding(key.WithKeys("1"), key.WithHelp("1-4", "go to step")),
		Step2:    key.NewBinding(key.WithKeys("2")),
		Step3:    key.NewBinding(key.WithKeys("3")),
		Step4:    key.NewBinding(key.WithKeys("4")),
		Done:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "step done")),
		Question: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open question")),
		Risk:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "add risk")),
		Delete:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete risk")),
		Guide:    key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "more questions")),
		Details:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "flow details")),
		Link:     linkKey,
		Present:  globalKeyMap.Present,
		Back:     globalKeyMap.Back,
		Help:     globalKeyMap.Help,
	}
}

func (k walkKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Edit, k.Down, k.NextStep, k.Done, k.Question, k.Risk, k.Back, k.Help}
}

func (k walkKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Edit, k.PrevStep, k.NextStep, k.Step1},
		{k.Done, k.Question, k.Risk, k.Delete, k.Guide, k.Link},
		{k.Present, shareKey, k.Back, k.Help, globalKeyMap.ForceQ},
	}
}

// editKeys are the only keys a focused field does not take for itself.
type editKeys struct {
	Stop, Next, Prev, Commit key.Binding
	ChoiceUp, ChoiceDown     key.Binding
	Toggle                   key.Binding
	// In a choice, ClearChar takes back a letter typed ahead, or with none
	// typed clears the answer to unanswered; ClearAll takes back all the
	// letters, or clears the answer too.
	ClearChar, ClearAll key.Binding
}

var editKeyMap = editKeys{
	Stop:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop editing")),
	Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Commit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done, next")),
	// Letters are type-ahead on the options' names, so only keys that are
	// never text move the cursor.
	ChoiceUp:   key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "previous choice")),
	ChoiceDown: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "next choice")),
	Toggle:     key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "tick")),
	ClearChar:  key.NewBinding(key.WithKeys("backspace", "delete"), key.WithHelp("backspace", "clear")),
	ClearAll:   key.NewBinding(key.WithKeys("ctrl+u")),
}

// editHelp is what the help line shows while a field has the keys.
type editHelp struct {
	kind   fieldInput
	multi  bool
	create bool // in a create form, where esc drops the whole form
	sealed bool // a credential shown redacted, which takes no text
}

var cancelForm = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))

func (h editHelp) ShortHelp() []key.Binding {
	stop := editKeyMap.Stop
	if h.create {
		stop = cancelForm
	}
	switch {
	case h.sealed:
		return []key.Binding{editKeyMap.Next, editKeyMap.Prev, stop}
	case h.kind == inputText:
		return []key.Binding{editKeyMap.Commit, key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter", "new line")), editKeyMap.Next, stop}
	case h.kind == inputChoice:
		if h.multi {
			return []key.Binding{editKeyMap.ChoiceDown, editKeyMap.Toggle, editKeyMap.Commit, editKeyMap.ClearChar, editKeyMap.Next, stop}
		}
		return []key.Binding{editKeyMap.ChoiceDown, editKeyMap.Commit, editKeyMap.ClearChar, editKeyMap.Next, stop}
	}
	return []key.Binding{editKeyMap.Commit, editKeyMap.Next, editKeyMap.Prev, stop}
}

func (h editHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

type confirmKeys struct{ Yes, No key.Binding }

var confirmKeyMap = confirmKeys{
	Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, delete")),
	No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no, keep it")),
}

func (k confirmKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
