package tui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// newSessionTabs is every tab of the session screen, in the bar's order. A
// new tab is a file of its own and a line here.
func newSessionTabs(c *Common, ws *workspace) []sessionTab {
	register := newRegisterTab(c, ws)
	return []sessionTab{
		newFlowsTab(c, ws),
		newSystemsTab(c, ws),
		newQuestionsTab(c, ws),
		newDomainsTab(c, ws, register),
		register,
		newSummaryTab(c, ws),
	}
}

// sessionModel is one session: its tabs (flows, systems, questions,
// domains, register, summary) under its title and bar, and what opens over
// any of them: a form, a delete to confirm, the export and search prompts,
// the merge conflicts.
type sessionModel struct {
	c      *Common
	lib    *library
	keys   sessionKeys
	ws     *workspace
	tabs   []sessionTab
	active int // index in tabs
	form   *form
	owner  formOwner // what the open form's fields go to
	// links is the evidence form open on a tab's row, its record's links
	// under it.
	links *linkPanel
	// conflicts is the Conflicts view's list, while it is open.
	conflicts *scrollList
	// merged is the merge summary the session opens on after a merge,
	// while it is open.
	merged *mergeSummary
	// conflictTexts are the conflicts in the room's words, as of the
	// revision conflictsRev.
	conflictTexts []review.ConflictText
	conflictsRev  uint64
	ask           *pendingDelete
	export        *textinput.Model
	search        *search
	width         int
	height        int
}

func newSessionModel(c *Common, lib *library) *sessionModel {
	return &sessionModel{c: c, lib: lib, keys: newSessionKeys()}
}

func (m *sessionModel) open(ws *workspace) {
	m.ws = ws
	m.tabs, m.active = newSessionTabs(m.c, ws), 0
	for _, t := range m.tabs {
		t.setSize(m.width, m.height-sessionHeaderLines)
	}
	m.form, m.owner, m.ask, m.export, m.search, m.links = nil, nil, nil, nil, nil, nil
	m.conflicts, m.merged, m.conflictTexts = nil, nil, nil
	if ws.doc.MergeNote != nil || len(ws.doc.Conflicts) > 0 {
		m.merged = newMergeSummary(ws.doc)
	}
}

// current is the active tab.
func (m sessionModel) current() sessionTab { return m.tabs[m.active] }

// show makes the tab with the id the active one, and returns it.
func (m *sessionModel) show(id tabID) sessionTab {
	for i, t := range m.tabs {
		if t.id() == id {
			m.active = i
		}
	}
	return m.current()
}

// goTo shows the tab a search's match (or the walkthrough's flow) is on,
// with its cursor there, and runs what going there runs.
func (m *sessionModel) goTo(h searchHit) tea.Cmd { return m.show(h.tab).goTo(h) }

// sessionPlace is where the facilitator was in a session: the tab and each
// tab's cursor and window, so coming back finds them where they were.
type sessionPlace struct {
	active int
	lists  []scrollList
}

func (m *sessionModel) place() sessionPlace {
	p := sessionPlace{active: m.active}
	for _, t := range m.tabs {
		p.lists = append(p.lists, t.place())
	}
	return p
}

func (m *sessionModel) restore(p sessionPlace) {
	m.active = p.active
	for i, l := range p.lists {
		m.tabs[i].restore(l)
	}
}

// settle brings every tab up to date for the frame to come, and the
// session's own lists: the counts, each tab's window, and what the active
// tab derives from answers that changed since the last frame.
func (m *sessionModel) settle() {
	if m.ws == nil {
		return
	}
	m.ws.counts()
	f := tabFrame{covered: m.form != nil || m.links != nil, prompt: m.promptLines()}
	for i, t := range m.tabs {
		f.active = i == m.active
		t.settle(f)
	}
	if m.search != nil {
		m.search.list.fit(len(m.search.hits), m.searchRows())
	}
	if m.conflicts != nil {
		m.settleConflicts()
		m.conflicts.fit(len(m.ws.doc.Conflicts), m.listRows()-5)
	}
}

// above is the lines over a tab's body: title, facts, tabs and rule.
const sessionHeaderLines = 4

// promptLines is what a pending delete or the export prompt takes above
// the tab's body.
func (m sessionModel) promptLines() int {
	if m.ask != nil || m.export != nil {
		return 3
	}
	return 0
}

// listRows is how many rows of the conflicts list fit under its header and
// any prompt shown above it.
func (m sessionModel) listRows() int {
	return m.height - sessionHeaderLines - 1 - m.promptLines()
}

func (m *sessionModel) setSize(w, h int) {
	m.width, m.height = w, h
	for _, t := range m.tabs {
		t.setSize(w, h-sessionHeaderLines)
	}
	if m.form != nil {
		m.form.setSize(w, h-sessionHeaderLines)
	}
	if m.links != nil {
		m.links.setSize(w, h-sessionHeaderLines)
	}
}

func (m sessionModel) capturing() bool {
	return (m.form != nil && (m.form.create || m.form.editing)) || m.links != nil || m.ask != nil || m.export != nil || m.search != nil ||
		(m.ws != nil && m.current().capturing()) || m.conflicts != nil || m.merged != nil
}

// typing says what the field being edited does with typed text, in
// update's order: a pending delete takes no text.
func (m *sessionModel) typing() typingKind {
	switch {
	case m.ask != nil:
		return typingNone
	case m.export != nil, m.search != nil:
		return typingLine
	case m.links != nil:
		return m.links.typing()
	case m.form != nil:
		return m.form.typing()
	case m.ws != nil:
		return m.current().typing()
	}
	return typingNone
}

func (m *sessionModel) update(msg tea.Msg) (screen, tea.Cmd) {
	next, cmd := m.handle(msg)
	*m = next
	m.settle()
	return m, cmd
}

func (m sessionModel) handle(msg tea.Msg) (sessionModel, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if m.ws == nil {
		return m, nil
	}
	if !ok {
		// What a tab's command brought back goes to the tabs.
		var cmds []tea.Cmd
		for _, t := range m.tabs {
			var cmd tea.Cmd
			m, cmd = m.apply(t.receive(msg))
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	tab := m.current()
	switch {
	case m.ask != nil:
		return m.updateConfirm(km), nil
	case m.export != nil:
		return m.updateExport(km)
	case m.search != nil:
		return m.updateSearch(km)
	case m.links != nil:
		return m.updateLinks(km)
	case m.form != nil:
		return m.updateForm(km)
	case tab.capturing():
		return m.apply(tab.update(km))
	case m.merged != nil:
		return m.updateMergeSummary(km), nil
	case m.conflicts != nil:
		return m.updateConflicts(km), nil
	case key.Matches(km, conflictKeys.Open) && len(m.ws.doc.Conflicts) > 0:
		m.conflicts = &scrollList{}
		return m, nil
	}

	switch {
	case key.Matches(km, m.keys.Tab):
		m.active = (m.active + 1) % len(m.tabs)
	case key.Matches(km, m.keys.BackTab):
		m.active = (m.active + len(m.tabs) - 1) % len(m.tabs)
	case key.Matches(km, m.keys.Export):
		ti := textinput.New()
		ti.Prompt = "Export to folder: "
		ti.SetValue(m.c.ExportDir)
		ti.CursorEnd()
		ti.Focus()
		m.export = &ti
	case key.Matches(km, searchKey):
		m.search = newSearch()
	case key.Matches(km, m.keys.Info):
		m.openDetails("")
	case key.Matches(km, m.keys.Back):
		return m, func() tea.Msg { return closeMsg{} }
	default:
		for i, t := range m.tabs {
			if key.Matches(km, t.shortcut()) {
				m.active = i
				return m, nil
			}
		}
		return m.apply(tab.update(km))
	}
	return m, nil
}

// apply does what a tab's reply asks: opens its form or its question, and
// hands back its command.
func (m sessionModel) apply(r tabReply) (sessionModel, tea.Cmd) {
	if r.form != nil {
		m.form, m.owner = r.form, r.owner
	}
	if r.links != nil {
		m.links = r.links
	}
	if r.ask != nil {
		m.ask = r.ask
	}
	return m, r.cmd
}

// startAdd opens the active tab's form for a new item, if it has one.
func (m *sessionModel) startAdd() {
	*m, _ = m.apply(m.current().add())
}

// openDetails opens the session's details, editing the field with the key
// (a search's match), or the first.
func (m *sessionModel) openDetails(key string) {
	fields, values := sessionDetails(m.ws, m.c.Packs)
	f := newForm("Session details", fields, values, false, m.ws.doc, m.c.Presenter)
	f.setSize(m.width, m.height-sessionHeaderLines)
	for i, fd := range f.fields {
		if fd.Key == key {
			f.focus = i
			f.startEditing()
		}
	}
	m.form, m.owner = &f, detailsForm{ws: m.ws, c: m.c}
}

// detailsForm is what the session's details form writes to: the session's
// own fields and its question pack.
type detailsForm struct {
	ws *workspace
	c  *Common
}

func (d detailsForm) changed(f *form, k, v string) {
	if k == "pack" {
		d.ws.setPack(d.c.Packs.Get(v))
		d.c.flash("The session is walked with the " + v + " questions from now on; its answers are as they were.")
		return
	}
	if msg := checkSessionField(k, v); msg != "" {
		f.err = msg
		return
	}
	f.err = ""
	d.ws.setSessionField(k, v)
}

func (d detailsForm) create(map[string]string) string { return "" }
func (d detailsForm) closed()                         {}

func valuesOf(fields []model.Field, get func(string) string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = get(f.Key)
	}
	return out
}

func (m sessionModel) updateConfirm(km tea.KeyMsg) sessionModel {
	switch {
	case key.Matches(km, confirmKeyMap.Yes):
		m.ask.yes()
		m.ask = nil
	case key.Matches(km, confirmKeyMap.No):
		m.ask = nil
	}
	return m
}

func (m sessionModel) updateExport(km tea.KeyMsg) (sessionModel, tea.Cmd) {
	switch km.Type {
	case tea.KeyEsc:
		m.export = nil
		return m, nil
	case tea.KeyEnter:
		dir := strings.TrimSpace(m.export.Value())
		m.export = nil
		if dir == "" {
			return m, nil
		}
		return m, m.lib.exportCmd(m.ws.doc.Clone(), m.ws.rules(), dir, m.c.Now())
	}
	ti, cmd := m.export.Update(km)
	m.export = &ti
	return m, cmd
}

// updateForm runs a key through the open form; what its fields say goes to
// the form's owner.
func (m sessionModel) updateForm(km tea.KeyMsg) (sessionModel, tea.Cmd) {
	owner := m.owner
	cmd, res := stepForm(&m.form, km, m.c.Presenter, owner.create)
	switch res {
	case formCancel, formClose:
		owner.closed()
	case formNewSystem:
		s := m.ws.systemFor(m.form.ed.newSystem())
		m.form.systemCreated(s.ID, s.Name)
	case formChanged:
		if !m.form.create {
			owner.changed(m.form, m.form.fields[m.form.changed].Key, m.form.values[m.form.changed])
		}
	}
	if m.form == nil {
		m.owner = nil
	}
	return m, cmd
}

// checkSessionField refuses a session detail the file could not hold; the
// last good value stays until it can.
func checkSessionField(key, v string) string {
	if p := model.SessionFieldProblem(key, v); p != "" {
		return p + "; the last one stays until it is fixed"
	}
	return ""
}

func (m sessionModel) helpKeys() help.KeyMap {
	switch {
	case m.ask != nil:
		return confirmKeyMap
	case m.export != nil, m.search != nil:
		return editHelp{kind: inputLine}
	case m.links != nil:
		return m.links.helpKeys()
	case m.form != nil:
		return m.form.helpKeys()
	case m.merged != nil:
		return mergeSummaryHelp{conflicts: len(m.ws.doc.Conflicts) > 0}
	case m.conflicts != nil:
		return conflictHelp{}
	}
	h := sessionHelp{tab: m.current(), keys: m.keys}
	for _, t := range m.tabs {
		if s := t.shortcut(); len(s.Keys()) > 0 {
			h.shortcuts = append(h.shortcuts, s)
		}
	}
	return h
}

// sessionHelp is the help on a tab: the tab's own keys, then those the
// session takes on every tab.
type sessionHelp struct {
	tab       sessionTab
	keys      sessionKeys
	shortcuts []key.Binding // the keys that go straight to a tab
}

func (h sessionHelp) ShortHelp() []key.Binding {
	k := h.keys
	return slices.Concat(h.tab.ShortHelp(), []key.Binding{k.Tab}, h.shortcuts, []key.Binding{k.Export, k.Present, k.Back, k.Help})
}

func (h sessionHelp) FullHelp() [][]key.Binding {
	k, g := h.keys, globalKeyMap
	every := slices.Concat([]key.Binding{k.Tab, k.BackTab}, h.shortcuts,
		[]key.Binding{k.Export, k.Info, searchKey, g.Undo, g.Redo, k.Present, shareKey, k.Back, k.Help, g.ForceQ})
	return append(h.tab.FullHelp(), every)
}

// plural writes a count with its noun: 1 flow, 2 flows.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
