package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The Systems tab is the current-state map: every system, connector, job,
// file drop and manual workaround, with how many flows use it. enter edits
// one, a adds one, x deletes one no flow or decision uses, I imports the
// client's inventory (inventoryimport.go).

const tabSystems tabID = "systems"

type systemsKeys struct{ Open, Add, Delete key.Binding }

var systemsKeyMap = systemsKeys{
	Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")),
	Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add system")),
	Delete: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
}

type systemsTab struct {
	listTab
	editing int // the system the edit form is on
	imp     inventoryImport
}

func newSystemsTab(c *Common, ws *workspace) *systemsTab {
	return &systemsTab{listTab: listTab{c: c, ws: ws}}
}

func (t *systemsTab) id() tabID     { return tabSystems }
func (t *systemsTab) label() string { return "Systems " + strconv.Itoa(len(t.ws.doc.Systems)) }

func (t *systemsTab) ShortHelp() []key.Binding {
	if t.imp.active() {
		return inventoryPreviewKeys
	}
	k := systemsKeyMap
	return []key.Binding{k.Open, k.Add, k.Delete, inventoryImportKey}
}

func (t *systemsTab) FullHelp() [][]key.Binding {
	return [][]key.Binding{listMoves(), t.ShortHelp()}
}

func (t *systemsTab) settle(f tabFrame) {
	below := 0
	if t.imp.path != nil || t.imp.reading != "" {
		below = 1 // the prompt's line
	}
	t.fit(len(t.ws.doc.Systems), f, below)
	t.settleImport(f)
}

func (t *systemsTab) capturing() bool { return t.imp.active() }

func (t *systemsTab) typing() typingKind {
	if t.imp.path != nil {
		return typingLine
	}
	return typingNone
}

func (t *systemsTab) update(km tea.KeyMsg) tabReply {
	k, i := systemsKeyMap, t.list.cursor
	switch {
	case t.imp.active():
		return t.updateImport(km)
	case t.list.move(km):
	case key.Matches(km, k.Add):
		return t.add()
	case key.Matches(km, inventoryImportKey):
		t.startImport()
	case i >= len(t.ws.doc.Systems):
	case key.Matches(km, k.Open):
		s := t.ws.doc.Systems[i]
		t.editing = i
		fields := systemFields(t.ws.doc, i)
		f := newForm("System: "+model.Printable(s.Name, false), fields, valuesOf(fields, s.Get), false, t.ws.doc, t.c.Presenter)
		return tabReply{form: t.form(f), owner: t}
	case key.Matches(km, k.Delete):
		s := t.ws.doc.Systems[i]
		if users := slices.Concat(t.ws.doc.FlowsUsing(s.ID), t.ws.doc.DecisionsUsing(s.ID), t.ws.doc.TargetsUsing(s.ID)); len(users) > 0 {
			t.flashUsed(s.Name, users)
			break
		}
		return tabReply{ask: &pendingDelete{what: fmt.Sprintf("system %q", s.Name), yes: func() { t.ws.deleteSystem(i) }}}
	}
	return tabReply{}
}

func (t *systemsTab) add() tabReply {
	f := newForm("New system", model.SystemFields, []string{"", string(model.SystemOther), ""}, true, t.ws.doc, t.c.Presenter)
	return tabReply{form: t.form(f), owner: t}
}

// flashUsed explains why a system cannot be deleted.
func (t *systemsTab) flashUsed(name string, users []string) {
	more := ""
	if len(users) > 3 {
		more = fmt.Sprintf(" and %d more", len(users)-3)
		users = users[:3]
	}
	t.c.flash(fmt.Sprintf("! %s is used by %s%s; change those flows first.", name, strings.Join(users, ", "), more))
}

// changed writes a field of the system being edited through; a name
// another system or flow has is refused, and so is a target that would
// replace the system by itself or go round in a circle.
func (t *systemsTab) changed(f *form, k, v string) {
	if p := t.nameProblem(k, v); p != "" {
		f.err = p
		return
	}
	if p := model.TargetProblem(t.ws.doc, t.editing, k, v); p != "" {
		f.err = p + "; the last one stays until it is fixed"
		return
	}
	f.err = ""
	t.ws.setSystemField(t.editing, k, v)
}

// systemFields are the system form's fields for the system at i: its
// target is not decided, an action, or a replacement by one of the other
// systems, each offered by name.
func systemFields(doc *model.Document, i int) []model.Field {
	fields := slices.Clone(model.SystemDetailFields)
	for j := range fields {
		if fields[j].Key != "target" {
			continue
		}
		var choices []model.Choice
		for _, c := range fields[j].Choices {
			if c.Value != string(model.TargetReplace) { // a replacement names its system
				choices = append(choices, c)
			}
		}
		for _, s := range doc.Systems {
			if s.ID != doc.Systems[i].ID {
				choices = append(choices, model.Choice{Value: model.ReplaceChoice(s.ID), Meaning: string(s.Kind)})
			}
		}
		fields[j].Choices = choices
	}
	return fields
}

// create adds the system the new-system form describes.
func (t *systemsTab) create(v map[string]string) string {
	if v["name"] == "" {
		return "the system needs a name"
	}
	if p := model.NameProblem(t.ws.doc, "system", v["name"], ""); p != "" {
		return p
	}
	t.list.cursor = t.ws.addSystem(filled(model.System{ID: model.NewID()}, model.SystemFields, v))
	return ""
}

func (t *systemsTab) closed() {}

// nameProblem refuses a name another system or flow of the session has.
func (t *systemsTab) nameProblem(key, value string) string {
	if key != "name" {
		return ""
	}
	return model.NameProblem(t.ws.doc, "system", value, t.ws.doc.Systems[t.editing].ID)
}

func (t *systemsTab) view() []string {
	if t.imp.inv != nil {
		return t.importView(nil)
	}
	if t.imp.active() {
		return t.importView(t.listView())
	}
	return t.listView()
}

func (t *systemsTab) listView() []string {
	doc := t.ws.doc
	if len(doc.Systems) == 0 {
		return []string{"", "No systems yet. Press a to add one: the storefront, the ERP, the iPaaS,",
			"and the file drops and spreadsheets nobody wrote down; or I to import the client's inventory."}
	}
	const targetW = 20
	nameW := t.width - 2 - 18 - targetW - 12 - 4
	header := "  " + pad("SYSTEM", nameW) + " " + pad("KIND", 18) + " " + pad("TARGET", targetW) + " USED BY"
	st := t.c.Styles
	return t.rows(header, func(i int) string {
		s := doc.Systems[i]
		used := t.ws.usage(s.ID)
		return pad(line(st.client(s.Name), nameW), nameW) + " " + pad(line(orDash(string(s.Kind)), 18), 18) + " " +
			pad(line(st.client(orDash(targetCell(doc, s.Target))), targetW), targetW) + " " + plural(used, "flow")
	})
}

// targetCell is a system's target in the list's narrow column: the
// action, or an arrow to the system that replaces it.
func targetCell(doc *model.Document, t model.Target) string {
	if t.Action == model.TargetReplace && t.By != "" {
		return "→ " + doc.SystemName(t.By)
	}
	return string(t.Action)
}
