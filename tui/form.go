package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// formResult tells the owner of a form what happened.
type formResult int

const (
	formNone      formResult = iota
	formChanged              // field f.changed now holds a new value
	formSubmit               // a create form's last field was committed
	formCancel               // esc on a create form
	formClose                // esc on an edit form while browsing
	formNewSystem            // create the system named f.ed.newName
)

// form is a list of fields with one editor. Every form opens on its first
// field, editing it, so what is typed first goes there. A create form (new
// session, new flow, a parked question) is always editing: enter moves to
// the next field and creates on the last, esc cancels. An edit form (a risk,
// a system, a domain's decision) stops editing with esc, is then browsed
// with j/k and edited again with enter; its changes are written through.
type form struct {
	title   string
	fields  []model.Field
	values  []string
	create  bool
	focus   int
	editing bool
	ed      editor
	changed int
	err     string
	armed   bool     // one esc was pressed in a create form holding answers
	initial []string // the values the form opened with
	doc     *model.Document
	width   int
	height  int
	// room is set while the room is watching (presenter mode): a field
	// whose answer holds a credential then opens sealed (newEditor).
	room bool
}

// newForm makes a form; room says the room is watching.
func newForm(title string, fields []model.Field, values []string, create bool, doc *model.Document, room bool) form {
	f := form{title: title, fields: fields, values: values, create: create, doc: doc, room: room}
	if len(f.values) < len(fields) {
		f.values = append(f.values, make([]string, len(fields)-len(f.values))...)
	}
	f.initial = append([]string(nil), f.values...)
	f.startEditing()
	return f
}

func (f *form) setSize(width, height int) {
	f.width, f.height = width, height
	if f.editing {
		f.ed.setSize(f.valueWidth(), f.editorHeight())
	}
}

func (f *form) labelWidth() int {
	w := 0
	for _, fd := range f.fields {
		w = max(w, len(fd.Label))
	}
	return min(w+2, 26)
}

func (f *form) valueWidth() int { return max(f.width-f.labelWidth()-2, 10) }

func (f *form) editorHeight() int { return max(f.height-len(f.fields)-3, 3) }

func (f *form) startEditing() {
	fd := f.fields[f.focus]
	if f.create && fd.Kind == model.FieldText {
		// In a create form enter always moves on, so every text is one line
		// here; it can grow into several lines once the item exists.
		fd.Kind = model.FieldLine
	}
	f.ed = newEditor(fd, f.values[f.focus], optionsFor(f.doc, fd), f.valueWidth(), f.editorHeight(), f.room)
	f.editing = true
}

// typing says what the form's open editor does with typed text.
func (f *form) typing() typingKind {
	if !f.editing {
		return typingNone
	}
	return f.ed.typing()
}

// move puts the focus on another field, carrying on editing there.
func (f *form) move(delta int) {
	f.focus = (f.focus + delta + len(f.fields)) % len(f.fields)
	if f.editing {
		f.startEditing()
	}
}

// set records a value typed in the form and reports it to the owner.
func (f *form) set(v string) formResult {
	if f.values[f.focus] == v {
		return formNone
	}
	f.values[f.focus] = v
	f.changed = f.focus
	return formChanged
}

// update takes a message for the form; room says whether the room is
// watching now, since presenter mode can be turned on while a form is open.
func (f form) update(msg tea.Msg, room bool) (form, tea.Cmd, formResult) {
	f.room = room
	if !f.editing {
		km, ok := msg.(tea.KeyMsg)
		if !ok {
			return f, nil, formNone
		}
		switch {
		case key.Matches(km, globalKeyMap.Up):
			f.focus = max(f.focus-1, 0)
		case key.Matches(km, globalKeyMap.Down):
			f.focus = min(f.focus+1, len(f.fields)-1)
		case km.Type == tea.KeyEnter:
			f.startEditing()
		case key.Matches(km, globalKeyMap.Back):
			return f, nil, formClose
		}
		return f, nil, formNone
	}

	var cmd tea.Cmd
	var res editResult
	if km, ok := msg.(tea.KeyMsg); ok && f.armed && km.Type != tea.KeyEsc {
		f.armed, f.err = false, ""
	}
	f.ed, cmd, res = f.ed.update(msg)
	out := formNone
	switch res {
	case editChanged:
		out = f.set(f.ed.value())
	case editNewSystem:
		return f, cmd, formNewSystem
	case editStop:
		if f.create {
			// What was typed is not thrown away on one stray esc.
			if f.armed || !f.typed() {
				return f, cmd, formCancel
			}
			f.armed = true
			f.err = "esc again drops this " + strings.ToLower(strings.TrimPrefix(f.title, "New ")) + "; enter or tab keep going"
			return f, cmd, formNone
		}
		f.editing = false
	case editNext, editPrev, editCommit:
		if f.ed.kind == inputChoice || f.ed.changedFrom() {
			out = f.set(f.ed.value())
		}
		if res == editCommit && f.focus == len(f.fields)-1 {
			if f.create {
				return f, cmd, formSubmit
			}
			f.editing = false
			return f, cmd, out
		}
		delta := 1
		if res == editPrev {
			delta = -1
		}
		f.move(delta) // f.changed still names the field that changed
	}
	return f, cmd, out
}

// setValue shows value in the field with the key, as the owner stored it
// (a flag an impact proposed) or kept it (a value refused); an editor open
// on that field opens again on the value.
func (f *form) setValue(key, value string) {
	for i, fd := range f.fields {
		if fd.Key != key {
			continue
		}
		f.values[i] = value
		if f.editing && i == f.focus && f.ed.value() != value {
			f.startEditing()
		}
	}
}

// systemCreated finishes creating a system from inside the form.
func (f *form) systemCreated(id, name string) formResult {
	f.ed.addOption(id, name)
	if f.ed.multi {
		return f.set(f.ed.value())
	}
	return formNone
}

func (f form) view(c *Common) string {
	st := c.Styles
	lw, vw := f.labelWidth(), f.valueWidth()
	var head, rows []string
	if f.title != "" {
		head = append(head, st.Title.Render(st.client(f.title)), "")
	}
	focusFrom, focusTo := 0, 0
	for i, fd := range f.fields {
		focused := i == f.focus
		mark, label := "  ", st.Label.Render(pad(fd.Label, lw))
		if focused {
			mark, label = "> ", st.LabelFocus.Render(pad(fd.Label, lw))
			focusFrom = len(rows)
		}
		if focused && f.editing {
			ed := f.ed.view(st, vw, f.ed.rows(f.editorHeight()))
			rows = append(rows, mark+label+ed[0])
			for _, l := range ed[1:] {
				rows = append(rows, strings.Repeat(" ", lw+2)+l)
			}
		} else {
			rows = append(rows, mark+label+answerLine(st, f.doc, fd, f.values[i], vw, true))
		}
		if focused {
			focusTo = len(rows) - 1
		}
	}
	var tail []string
	if f.err != "" {
		tail = append(tail, "", st.Bad.Render("! "+line(f.err, f.width-2)))
	}
	// When the form is taller than its room (a long form, or the focused
	// field's editor), the rows scroll to keep all of that field in view,
	// and the last line says how many rows are out of view, so nobody takes
	// the rows on screen for the whole form.
	if room := f.height - len(head) - len(tail); room > 1 && len(rows) > room {
		room--
		start := window(focusTo, len(rows), room, 0)
		start = min(start, focusFrom)
		end := min(start+room, len(rows))
		rows = append(rows[start:end:end], st.Muted.Render(outOfView(start, len(rows)-end)))
	}
	return strings.Join(append(append(head, rows...), tail...), "\n")
}

// outOfView says how many of a form's rows are above and below the screen.
func outOfView(above, below int) string {
	var parts []string
	if above > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d more above", above))
	}
	if below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d more below", below))
	}
	return "  " + strings.Join(parts, " · ")
}

// typed reports whether a create form holds anything the user typed or
// picked beyond what it opened with (today's date, a default kind).
func (f form) typed() bool {
	return !slices.Equal(f.values, f.initial) || (f.editing && f.ed.changedFrom())
}

// valuesMap gives a create form's answers by field key.
func (f form) valuesMap() map[string]string {
	out := make(map[string]string, len(f.fields))
	for i, fd := range f.fields {
		out[fd.Key] = strings.TrimSpace(f.values[i])
	}
	return out
}

// helpKeys is what the footer shows for the form's state.
func (f form) helpKeys() help.KeyMap {
	if f.editing {
		return editHelp{kind: f.ed.kind, multi: f.ed.multi, create: f.create, sealed: f.ed.sealed != ""}
	}
	return formBrowseHelp{}
}

type formBrowseHelp struct{}

func (formBrowseHelp) ShortHelp() []key.Binding {
	return []key.Binding{globalKeyMap.Up, globalKeyMap.Down, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")), key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close"))}
}
func (h formBrowseHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// stepForm runs a key through the form held at *fp (room: the room is
// watching) and does what every owner of a form does with the result: a
// cancelled or closed form goes, and a submitted one is handed to submit,
// which says what is still wrong ("" when the form is done, and it goes
// too). The result comes back for whatever else only the owner knows to do.
func stepForm(fp **form, km tea.KeyMsg, room bool, submit func(values map[string]string) string) (tea.Cmd, formResult) {
	f, cmd, res := (*fp).update(km, room)
	*fp = &f
	switch res {
	case formCancel, formClose:
		*fp = nil
	case formSubmit:
		if submit == nil {
			break
		}
		if problem := submit(f.valuesMap()); problem != "" {
			(*fp).err = problem
		} else {
			*fp = nil
		}
	}
	return cmd, res
}
