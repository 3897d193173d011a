package tui

import (
	"slices"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// fieldInput is how a field is edited on screen.
type fieldInput int

const (
	inputLine fieldInput = iota
	inputText
	inputChoice
)

// option is one entry of a choice list: an enum value, a system, yes/no.
type option struct {
	value   string
	label   string
	meaning string
	create  bool // the "new system" entry
}

// editResult tells the owner of an editor what the last key meant.
type editResult int

const (
	editNone      editResult = iota
	editChanged              // the value changed; write it through
	editCommit               // enter: keep the value and move on
	editNext                 // tab
	editPrev                 // shift+tab
	editStop                 // esc
	editNewSystem            // a name was typed for a system to create
)

// typingKind is what the field that has the keys does with typed text.
type typingKind int

const (
	typingNone   typingKind = iota // no field is being edited
	typingChoice                   // a choice list: letters jump, they are not text
	typingLine                     // one line: enter commits it
	typingArea                     // a text area: enter is a line break
)

// editor edits one field. It takes every key while focused, so typing never
// fires a command; the owner writes the value through on editChanged.
type editor struct {
	field  model.Field
	kind   fieldInput
	multi  bool
	input  textinput.Model
	area   textarea.Model
	opts   []option
	cursor int
	picked map[string]bool
	naming bool // typing the name of a new system
	// kinding: the new system is named, its kind is being picked.
	kinding    bool
	kinds      []option
	kindCursor int
	kindTyped  string
	kindBefore int
	newName    textinput.Model
	shown      string // the value as first shown, after making it printable
	typed      string // the letters typed so far in a choice, to find its option
	// beforeTyped is the choice's cursor before typing began, where
	// backspacing the typed letters away takes it back.
	beforeTyped int
	// number: the line takes digits only, within the field's range; fresh:
	// nothing typed yet, so the first digit replaces the number shown.
	number, fresh bool
	// head is the part of a long answer ahead of the window in the text
	// area; the answer is head followed by the text area's value.
	head   string
	notice string
	// maxHeight is the most rows the text area may take; it grows with its
	// text up to that, so a short answer leaves room for the questions.
	maxHeight int
	// sealed is the answer as the room may see it, when it holds a
	// credential and the room is watching: the editor then shows this and
	// takes no text, so the stored secret is never drawn on the shared
	// screen. The widgets still hold the answer, which value returns as it
	// was, so looking at a sealed field never rewrites it.
	sealed string
}

// newEditor opens a field holding value. room says the room is watching
// (presenter mode): a typed answer holding a credential is then sealed.
func newEditor(f model.Field, value string, opts []option, width, height int, room bool) editor {
	e := editor{field: f}
	switch f.Kind {
	case model.FieldText:
		e.kind = inputText
	case model.FieldChoice, model.FieldSystem, model.FieldSystems, model.FieldBool:
		e.kind = inputChoice
	}
	switch e.kind {
	case inputLine:
		e.input = textinput.New()
		e.input.Prompt = ""
		e.input.Placeholder = f.Hint
		e.input.Cursor.SetMode(cursor.CursorStatic)
		e.input.SetValue(model.Printable(value, false))
		// The input drops what it cannot show on its own (the marks
		// Printable leaves): what it holds is what was shown.
		e.shown = e.input.Value()
		e.input.CursorEnd()
		e.input.Focus()
		e.number, e.fresh = f.Kind == model.FieldNumber, true
	case inputText:
		e.area = textarea.New()
		e.area.Prompt = "│ "
		e.area.ShowLineNumbers = false
		e.area.CharLimit = 0
		e.area.MaxHeight = 0
		e.area.Placeholder = f.Hint
		e.area.Cursor.SetMode(cursor.CursorStatic)
		e.area.FocusedStyle.CursorLine = e.area.FocusedStyle.Text
		e.area.Focus()
		e.setText(value)
		e.shown = e.value()
	case inputChoice:
		e.opts = opts
		e.multi = f.Kind == model.FieldSystems
		if e.multi {
			e.picked = map[string]bool{}
			for _, id := range model.SplitIDs(value) {
				e.picked[id] = true
			}
		}
		found := false
		for i, o := range opts {
			if o.value == value && !o.create {
				e.cursor, found = i, true
			}
		}
		if !found && value != "" && f.Open {
			e.opts = append([]option{{value: value, label: value}}, e.opts...)
			e.cursor = 0
		}
		e.newName = textinput.New()
		e.newName.Prompt = "New system name: "
		if f.Open {
			e.newName.Prompt = f.Label + ": "
		}
		e.newName.Cursor.SetMode(cursor.CursorStatic)
	}
	if room && e.kind != inputChoice {
		e.sealed = sealedText(value)
	}
	e.setSize(width, height)
	return e
}

func (e *editor) setSize(width, height int) {
	switch e.kind {
	case inputLine:
		e.input.Width = max(width-1, 1)
		// The input scrolls its text only as the cursor moves past an end
		// of what it shows: taking the cursor to both ends and back fits
		// the text to the new width.
		pos := e.input.Position()
		e.input.CursorEnd()
		e.input.CursorStart()
		e.input.SetCursor(pos)
	case inputText:
		e.maxHeight = max(height, 1)
		e.area.SetWidth(max(width, 4))
		e.reflow()
	case inputChoice:
		e.newName.Width = max(width-len(e.newName.Prompt)-1, 1)
	}
}

// typing says what the editor does with typed text.
func (e *editor) typing() typingKind {
	switch {
	case e.naming, e.kind == inputLine:
		return typingLine
	case e.kinding:
		return typingChoice
	case e.kind == inputText:
		return typingArea
	}
	return typingChoice
}

// value is the field's answer as the editor holds it now.
func (e *editor) value() string {
	switch e.kind {
	case inputLine:
		return e.input.Value()
	case inputText:
		return e.head + e.area.Value()
	}
	if e.multi {
		var ids []string
		for _, o := range e.opts {
			if e.picked[o.value] {
				ids = append(ids, o.value)
			}
		}
		return model.JoinIDs(ids)
	}
	if e.cursor >= 0 && e.cursor < len(e.opts) && !e.opts[e.cursor].create {
		return e.opts[e.cursor].value
	}
	return ""
}

// changedFrom reports whether the editor's value differs from what was shown,
// so an answer holding characters the screen cannot show is never rewritten
// just by being looked at.
func (e *editor) changedFrom() bool { return e.value() != e.shown }

// addOption puts a just-created system or typed value into the list and
// selects it; one already listed (a system named as an existing one) is
// selected where it is.
func (e *editor) addOption(id, name string) {
	at := slices.IndexFunc(e.opts, func(o option) bool { return o.value == id && !o.create })
	if at < 0 {
		at = len(e.opts)
		if at > 0 && e.opts[at-1].create {
			at--
		}
		e.opts = slices.Insert(e.opts, at, option{value: id, label: name})
	}
	e.cursor = at
	if e.multi {
		e.picked[id] = true
	}
	e.naming = false
	e.newName.SetValue("")
}

// fitArea sizes the text area to its text plus a line to type on, and
// scrolls it so the cursor stays in view.
func (e *editor) fitArea() {
	h := e.areaRoom()
	if v := e.area.Value(); len(v) < 20000 {
		rows := 1
		w := max(e.area.Width(), 1)
		for _, l := range strings.Split(v, "\n") {
			rows += max(1, (ansi.StringWidth(l)+w-1)/w)
		}
		h = min(max(rows, 3), e.areaRoom())
	}
	if h != e.area.Height() {
		e.area.SetHeight(h)
		e.area, _ = e.area.Update(nil)
	}
}

// areaRoom is the most rows the text area may take: the editor's, less the
// line that says an answer is long, so the line being typed is never the
// one cut off below it.
func (e *editor) areaRoom() int {
	if e.notice != "" {
		return max(e.maxHeight-1, 1)
	}
	return e.maxHeight
}

// follow scrolls the text area to its cursor after a change of many lines
// at once. The area scrolls only as far as the text it last drew, so it
// draws the new text first.
func (e *editor) follow() {
	if e.maxHeight == 0 {
		return // not sized yet: setSize lays it out
	}
	_ = e.area.View()
	e.area, _ = e.area.Update(nil)
}

// reflow lays the text area out again at a new size, the cursor where it
// was and scrolled no further than keeps it in view. The area never scrolls
// back up on its own, so after the window was made tiny and large again it
// would show the cursor's line at the top and hide the lines above it.
func (e *editor) reflow() {
	row := e.area.Line()
	li := e.area.LineInfo()
	col := li.StartColumn + li.ColumnOffset
	e.area.SetValue(e.area.Value()) // from the top, the cursor at the end
	for e.area.Line() > row {
		e.area.CursorUp()
	}
	e.area.SetCursor(col)
	e.fitArea()
	e.follow()
}

// cleanRunes drops what a terminal would act on from typed or pasted text:
// control characters and direction overrides. Line breaks and tabs stay; a
// paste's carriage returns (terminals send CR for a line break) become
// line breaks.
func cleanRunes(rs []rune) []rune {
	out := rs[:0:0]
	for i, r := range rs {
		switch {
		case r == '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				continue
			}
			out = append(out, '\n')
		case r == '\n' || r == '\t':
			out = append(out, r)
		case model.IsTerminalControl(r):
		default:
			out = append(out, r)
		}
	}
	return out
}

func (e editor) update(msg tea.Msg) (editor, tea.Cmd, editResult) {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		return e.passThrough(msg)
	}
	if e.sealed != "" {
		return e.updateSealed(km)
	}
	if km.Type == tea.KeyRunes {
		km.Runes = cleanRunes(km.Runes)
		msg = km
	}
	if e.naming {
		switch {
		case key.Matches(km, editKeyMap.Stop):
			e.naming = false
			return e, nil, editNone
		case km.Type == tea.KeyEnter:
			typed := strings.TrimSpace(e.newName.Value())
			if typed == "" {
				e.naming = false
				return e, nil, editNone
			}
			if e.field.Open {
				// A typed value of an open choice is its own option.
				e.addOption(strings.ToLower(typed), strings.ToLower(typed))
				return e, nil, editCommit
			}
			e.naming, e.kinding = false, true
			e.kinds, e.kindTyped = kindOptions(), ""
			e.kindCursor = slices.IndexFunc(e.kinds, func(o option) bool { return o.value == string(model.SystemOther) })
			return e, nil, editNone
		}
		var cmd tea.Cmd
		e.newName, cmd = e.newName.Update(msg)
		return e, cmd, editNone
	}
	if e.kinding {
		return e.updateKind(km)
	}
	switch {
	case key.Matches(km, editKeyMap.Stop):
		return e, nil, editStop
	case key.Matches(km, editKeyMap.Next):
		return e, nil, editNext
	case key.Matches(km, editKeyMap.Prev):
		return e, nil, editPrev
	}
	switch e.kind {
	case inputLine:
		if km.Type == tea.KeyEnter {
			return e, nil, editCommit
		}
		if e.number {
			return e.updateNumber(km)
		}
	case inputText:
		if km.Paste && (len(km.Runes) > windowBytes || strings.Count(string(km.Runes), "\n") >= windowLines) {
			return e.pasteBig(string(km.Runes)), nil, editChanged
		}
		// One enter rule in every field: enter is done and moves on;
		// alt+enter or ctrl+j is a line break (and a paste keeps its own).
		switch {
		case km.Type == tea.KeyCtrlJ, km.Type == tea.KeyEnter && km.Alt:
			e.area.InsertString("\n")
			e.fitArea()
			return e, nil, editChanged
		case km.Type == tea.KeyEnter && !km.Paste:
			return e, nil, editCommit
		}
	case inputChoice:
		return e.updateChoice(km)
	}
	return e.passThrough(msg)
}

func (e editor) passThrough(msg tea.Msg) (editor, tea.Cmd, editResult) {
	var cmd tea.Cmd
	switch e.kind {
	case inputLine:
		before := e.input.Value()
		e.input, cmd = e.input.Update(msg)
		if e.input.Value() == before {
			return e, cmd, editNone
		}
	case inputText:
		// Only the window is compared: the head of a long answer cannot
		// change here, and copying it twice a keystroke would be the cost.
		before := e.area.Value()
		// Let the text area scroll with all the room it may have, then fit
		// it to its text, so a long paste ends with its last line in view.
		e.area.SetHeight(e.areaRoom())
		e.area, cmd = e.area.Update(msg)
		a := e.area.Value()
		if a == before {
			e.fitArea()
			return e, cmd, editNone
		}
		if len(a) > 2*windowBytes || strings.Count(a, "\n") >= 2*windowLines {
			e.setText(e.value()) // typed past the window: slide it on
		} else {
			e.fitArea()
			if manyRows(msg, e.area.Width()) {
				e.follow()
			}
		}
	default:
		return e, nil, editNone
	}
	return e, cmd, editChanged
}

// manyRows reports text put in at once (a paste, or text typed faster than
// frames) that may take more than one row of a text area width wide.
func manyRows(msg tea.Msg, width int) bool {
	km, ok := msg.(tea.KeyMsg)
	if !ok || !km.Paste {
		return false
	}
	return len(km.Runes) >= width || slices.Contains(km.Runes, '\n')
}

// view draws the editor in width cells and at most height lines.
func (e editor) view(st Styles, width, height int) []string {
	if e.sealed != "" {
		return e.sealedView(st, width, height)
	}
	switch e.kind {
	case inputLine:
		return []string{e.input.View()}
	case inputText:
		lines := strings.Split(e.area.View(), "\n")
		if e.notice != "" {
			lines = append([]string{st.Warn.Render("! " + line(e.notice, width-2))}, lines...)
		}
		return fitLines(lines, min(len(lines), height))
	}
	if e.naming {
		return []string{e.newName.View(), st.Muted.Render("enter next: its kind · esc back")}
	}
	if e.kinding {
		out := []string{st.Muted.Render(line("What kind of system is "+strings.TrimSpace(e.newName.Value())+"? Type ahead, enter creates it, esc renames", width))}
		rows := max(height-1, 1)
		if e.kindCursor == noChoice {
			rows = max(rows-1, 1)
		}
		start := window(max(e.kindCursor, 0), len(e.kinds), rows, 0)
		for i := start; i < len(e.kinds) && len(out) < rows+1; i++ {
			mark := "  "
			if i == e.kindCursor {
				mark = "> "
			}
			// The plain text is cut to the width first, then styled: a
			// styled string is never cut.
			text := line(mark+e.kinds[i].label+" — "+e.kinds[i].meaning, width)
			if i == e.kindCursor {
				text = st.Selected.Render(pad(text, width))
			}
			out = append(out, text)
		}
		if e.kindCursor == noChoice {
			out = append(out, st.Warn.Render(line(noMatch(e.kindTyped), width)))
		}
		return out
	}
	var out []string
	rows := height
	if e.cursor == noChoice {
		rows = max(rows-1, 1) // the line that says why nothing is selected
	}
	start := window(max(e.cursor, 0), len(e.opts), rows, 0)
	for i := start; i < len(e.opts) && len(out) < rows; i++ {
		o := e.opts[i]
		mark := "  "
		if i == e.cursor {
			mark = "> "
		}
		box := ""
		if e.multi && !o.create {
			box = "[ ] "
			if e.picked[o.value] {
				box = "[x] "
			}
		}
		label := st.client(o.label) // a system's name, or a typed value
		text := mark + box + label
		if o.meaning != "" {
			text += " — " + o.meaning
		}
		full := text
		text = line(text, width)
		if i == e.cursor {
			text = st.Selected.Render(pad(text, width))
		}
		out = append(out, text)
		if i == e.cursor && text != full && full != line(full, width) && o.meaning != "" {
			// The highlighted choice's meaning is what the room decides on:
			// when it is cut in the list it is shown whole beneath it.
			for _, l := range block(o.meaning, width-4, 2) {
				out = append(out, st.Muted.Render("    "+l))
			}
		}
	}
	if e.cursor == noChoice {
		why := "not answered · ↑/↓ or type to pick one"
		if e.typed != "" {
			why = noMatch(e.typed)
		}
		out = append(out, st.Warn.Render(line(why, width)))
	}
	return out
}

// rows is how many lines the editor wants: a choice list all its options
// (and a meaning beneath), a text area what fits.
func (e editor) rows(height int) int {
	if e.kind == inputChoice && !e.naming && !e.kinding {
		return max(height, min(len(e.opts)+3, 13))
	}
	return height
}
