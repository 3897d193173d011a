package tui

import (
	"fmt"
	"strconv"
	"strings"

	"archreview/model"
	"archreview/model/review"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

type sessionTab int

const (
	tabFlows sessionTab = iota
	tabSystems
	tabQuestions
	tabDomains
	tabRegister
	tabSummary
	tabCount
)

var tabNames = []string{"Flows", "Systems", "Questions", "Domains", "Register", "Summary"}

// confirmation is a pending delete, named so the user sees what goes.
type confirmation struct {
	what  string
	index int
	id    string // of a risk or a domain, on the tabs that list them
}

// sessionModel is one session: its flows, its systems (the current-state
// map), its open questions and the live decision pack.
type sessionModel struct {
	c       *Common
	lib     *library
	keys    sessionKeys
	ws      *workspace
	tab     sessionTab
	lists   [tabCount]scrollList // every tab's list but the summary's
	form    *form
	editing int // index of the system or question the edit form is on
	// editingID is the risk (Register tab) or the domain (Domains tab) the
	// edit form is on; parking says that form parks the domain.
	editingID string
	parking   bool
	// domainFocus is a domain the Domains tab's cursor goes to once its
	// rows are laid out: a search's match.
	domainFocus string
	register    registerTab
	// conflicts is the Conflicts view's list, while it is open.
	conflicts *scrollList
	// merged is the merge summary the session opens on after a merge,
	// while it is open.
	merged *mergeSummary
	// conflictTexts are the conflicts in the room's words, as of the
	// revision conflictsRev.
	conflictTexts []review.ConflictText
	conflictsRev  uint64
	confirm       *confirmation
	export        *textinput.Model
	search        *search
	details       bool // the open form edits the session's own details
	summary       summaryView
	width         int
	height        int
}

func newSessionModel(c *Common, lib *library) *sessionModel {
	return &sessionModel{c: c, lib: lib, keys: newSessionKeys()}
}

func (m *sessionModel) open(ws *workspace) {
	m.ws = ws
	m.tab = tabFlows
	m.lists = [tabCount]scrollList{}
	m.form, m.confirm, m.export, m.search = nil, nil, nil, nil
	m.summary = summaryView{}
	m.register = registerTab{}
	m.conflicts, m.merged, m.conflictTexts = nil, nil, nil
	if ws.doc.MergeNote != nil || len(ws.doc.Conflicts) > 0 {
		m.merged = newMergeSummary(ws.doc)
	}
}

func (m *sessionModel) focusFlow(i int) { m.lists[tabFlows].cursor = i }

// sessionPlace is where the facilitator was in a session: the tab and each
// list's cursor and window, so coming back finds them where they were.
type sessionPlace struct {
	tab   sessionTab
	lists [tabCount]scrollList
}

func (m *sessionModel) place() sessionPlace { return sessionPlace{tab: m.tab, lists: m.lists} }

func (m *sessionModel) restore(p sessionPlace) { m.tab, m.lists = p.tab, p.lists }

// settle fits each list's window to its rows, and derives what the screen
// shows from answers that changed since the last frame: the counts, and the
// summary when its tab is open.
func (m *sessionModel) settle() {
	if m.ws == nil {
		return
	}
	m.ws.counts()
	if m.tab == tabDomains || m.tab == tabRegister {
		m.register.settle(m.ws, &m.lists[tabRegister])
		m.focusDomain()
	}
	rows := m.listRows()
	for t := range tabSummary {
		switch t {
		case tabRegister, tabDomains: // counts or claims above, the row's detail below
			m.lists[t].fit(m.count(t), rows-5)
		default:
			m.lists[t].fit(m.count(t), rows)
		}
	}
	if m.tab == tabSummary && m.form == nil {
		m.summary.settle(m.ws, m.summaryRows())
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

// listRows is how many rows of a tab's list fit under its column header and
// any question or prompt shown above it.
func (m sessionModel) listRows() int {
	rows := m.height - sessionHeaderLines - 1
	if m.confirm != nil || m.export != nil {
		rows -= 3
	}
	return rows
}

func (m sessionModel) summaryRows() int { return m.height - sessionHeaderLines }

func (m *sessionModel) setSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form.setSize(w, h-4)
	}
}

func (m sessionModel) capturing() bool {
	return (m.form != nil && (m.form.create || m.form.editing)) || m.confirm != nil || m.export != nil || m.search != nil ||
		m.register.dismiss != nil || m.register.merge != nil || m.conflicts != nil || m.merged != nil
}

// typing says what the field being edited does with typed text, in
// update's order: a pending delete takes no text.
func (m *sessionModel) typing() typingKind {
	switch {
	case m.confirm != nil:
		return typingNone
	case m.export != nil, m.search != nil, m.register.dismiss != nil:
		return typingLine
	case m.form != nil:
		return m.form.typing()
	}
	return typingNone
}

func (m sessionModel) count(t sessionTab) int {
	if m.ws == nil {
		return 0
	}
	switch t {
	case tabFlows:
		return len(m.ws.doc.Flows)
	case tabSystems:
		return len(m.ws.doc.Systems)
	case tabQuestions:
		return len(m.ws.doc.OpenQuestions)
	case tabDomains:
		return len(m.domainRows())
	case tabRegister:
		return len(m.register.rows)
	}
	return 0
}

func (m *sessionModel) update(msg tea.Msg) (screen, tea.Cmd) {
	next, cmd := m.handle(msg)
	*m = next
	m.settle()
	return m, cmd
}

func (m sessionModel) handle(msg tea.Msg) (sessionModel, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || m.ws == nil {
		return m, nil
	}
	switch {
	case m.confirm != nil:
		return m.updateConfirm(km), nil
	case m.export != nil:
		return m.updateExport(km)
	case m.search != nil:
		return m.updateSearch(km)
	case m.form != nil:
		return m.updateForm(km)
	case m.register.dismiss != nil || m.register.merge != nil:
		next, _ := m.updateRegister(km)
		return next, nil
	case m.merged != nil:
		return m.updateMergeSummary(km), nil
	case m.conflicts != nil:
		return m.updateConflicts(km), nil
	case key.Matches(km, conflictKeys.Open) && len(m.ws.doc.Conflicts) > 0:
		m.conflicts = &scrollList{}
		return m, nil
	}
	if m.tab == tabRegister {
		if next, handled := m.updateRegister(km); handled {
			return next, nil
		}
	}

	t := m.tab
	switch {
	case key.Matches(km, m.keys.Tab):
		m.tab = (m.tab + 1) % tabCount
	case key.Matches(km, m.keys.BackTab):
		m.tab = (m.tab + tabCount - 1) % tabCount
	case key.Matches(km, m.keys.Summary):
		m.tab = tabSummary
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
	case t == tabSummary:
		m.summary = m.summary.update(km, m.summaryRows())
	case t != tabSummary && isMove(km):
		m.lists[t].move(km)
	case t == tabFlows && key.Matches(km, m.keys.Copy):
		m.lists[tabFlows].cursor = m.ws.duplicateFlow(m.lists[tabFlows].cursor)
	case t == tabFlows && key.Matches(km, m.keys.MoveUp, m.keys.MoveDown):
		delta := 1
		if key.Matches(km, m.keys.MoveUp) {
			delta = -1
		}
		m.lists[tabFlows].cursor = m.ws.moveFlow(m.lists[tabFlows].cursor, delta)
	case t == tabDomains && key.Matches(km, m.keys.Open):
		m.openDecision(false)
	case t == tabDomains && key.Matches(km, parkKey):
		m.openDecision(true)
	case t == tabDomains && key.Matches(km, m.keys.Delete):
		if rows, c := m.domainRows(), m.lists[tabDomains].cursor; c < len(rows) && recorded(rows[c], m.ws) {
			m.confirm = &confirmation{what: "what the room recorded on " + rows[c].Domain, id: rows[c].Domain}
		}
	case t == tabDomains || t == tabRegister:
	case key.Matches(km, m.keys.Add):
		m.startAdd()
	case key.Matches(km, m.keys.Open):
		return m.openItem()
	case key.Matches(km, m.keys.Delete):
		m.askDelete()
	}
	return m, nil
}

// openDetails opens the session's details, editing the field with the key
// (a search's match), or the first.
func (m *sessionModel) openDetails(key string) {
	fields, values := sessionDetails(m.ws, m.c.Packs)
	f := newForm("Session details", fields, values, false, m.ws.doc, m.c.Presenter)
	f.setSize(m.width, m.height-4)
	for i, fd := range f.fields {
		if fd.Key == key {
			f.focus = i
			f.startEditing()
		}
	}
	m.form, m.editing, m.details = &f, 0, true
}

func (m *sessionModel) startAdd() {
	var f form
	switch m.tab {
	case tabFlows:
		f = newForm("New flow", model.FlowFields, nil, true, m.ws.doc, m.c.Presenter)
	case tabSystems:
		f = newForm("New system", model.SystemFields, []string{"", string(model.SystemOther), ""}, true, m.ws.doc, m.c.Presenter)
	case tabQuestions:
		f = newForm("New open question", model.QuestionFields, nil, true, m.ws.doc, m.c.Presenter)
	default:
		return
	}
	f.setSize(m.width, m.height-4)
	m.form = &f
}

func (m sessionModel) openItem() (sessionModel, tea.Cmd) {
	i := m.lists[m.tab].cursor
	switch m.tab {
	case tabFlows:
		if i < len(m.ws.doc.Flows) {
			return m, func() tea.Msg { return walkMsg{flow: i} }
		}
	case tabSystems:
		if i < len(m.ws.doc.Systems) {
			s := m.ws.doc.Systems[i]
			f := newForm("System: "+model.Printable(s.Name, false), model.SystemFields, valuesOf(model.SystemFields, s.Get), false, m.ws.doc, m.c.Presenter)
			f.setSize(m.width, m.height-4)
			m.form, m.editing = &f, i
		}
	case tabQuestions:
		if i < len(m.ws.doc.OpenQuestions) {
			q := m.ws.doc.OpenQuestions[i]
			f := newForm("Open question", model.QuestionFields, valuesOf(model.QuestionFields, q.Get), false, m.ws.doc, m.c.Presenter)
			f.setSize(m.width, m.height-4)
			m.form, m.editing = &f, i
		}
	}
	return m, nil
}

func valuesOf(fields []model.Field, get func(string) string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = get(f.Key)
	}
	return out
}

func (m *sessionModel) askDelete() {
	i := m.lists[m.tab].cursor
	switch m.tab {
	case tabFlows:
		if i < len(m.ws.doc.Flows) {
			m.confirm = &confirmation{what: fmt.Sprintf("flow %q with all its answers and risks", m.ws.doc.Flows[i].Name), index: i}
		}
	case tabSystems:
		if i < len(m.ws.doc.Systems) {
			s := m.ws.doc.Systems[i]
			if users := append(m.ws.doc.FlowsUsing(s.ID), m.ws.doc.DecisionsUsing(s.ID)...); len(users) > 0 {
				m.flashUsed(s.Name, users)
				return
			}
			m.confirm = &confirmation{what: fmt.Sprintf("system %q", s.Name), index: i}
		}
	case tabQuestions:
		if i < len(m.ws.doc.OpenQuestions) {
			m.confirm = &confirmation{what: "this open question", index: i}
		}
	}
}

// flashUsed explains why a system cannot be deleted.
func (m *sessionModel) flashUsed(name string, users []string) {
	more := ""
	if len(users) > 3 {
		more = fmt.Sprintf(" and %d more", len(users)-3)
		users = users[:3]
	}
	m.c.flash(fmt.Sprintf("! %s is used by %s%s; change those flows first.", name, strings.Join(users, ", "), more))
}

func (m sessionModel) updateConfirm(km tea.KeyMsg) sessionModel {
	switch {
	case key.Matches(km, confirmKeyMap.Yes):
		i := m.confirm.index
		switch m.tab {
		case tabFlows:
			m.ws.deleteFlow(i)
		case tabSystems:
			m.ws.deleteSystem(i)
		case tabQuestions:
			m.ws.deleteQuestion(i)
		case tabDomains:
			m.ws.dropDecision(m.confirm.id)
		case tabRegister:
			m.ws.deleteRegisterRisk(m.confirm.id)
		}
		m.confirm = nil
	case key.Matches(km, confirmKeyMap.No):
		m.confirm = nil
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

func (m sessionModel) updateForm(km tea.KeyMsg) (sessionModel, tea.Cmd) {
	cmd, res := stepForm(&m.form, km, m.c.Presenter, m.submit)
	switch res {
	case formCancel, formClose:
		if !m.details && m.tab == tabRegister {
			// A risk closed without a word written in it was a slip of n.
			if list, _, ri := m.ws.risksOf(m.editingID); ri >= 0 {
				if r := (*list)[ri]; strings.TrimSpace(r.Title+r.Fix+r.Owner) == "" {
					m.ws.deleteRegisterRisk(r.ID)
				}
			}
		}
		m.details = false
	case formNewSystem:
		s := m.ws.systemFor(m.form.ed.newSystem())
		m.form.systemCreated(s.ID, s.Name)
	case formChanged:
		if m.form.create {
			break
		}
		k := m.form.fields[m.form.changed].Key
		v := m.form.values[m.form.changed]
		switch {
		case m.details && k == "pack":
			m.ws.setPack(m.c.Packs.Get(v))
			m.c.flash("The session is walked with the " + v + " questions from now on; its answers are as they were.")
		case m.details:
			if msg := checkSessionField(k, v); msg != "" {
				m.form.err = msg
				break
			}
			m.form.err = ""
			m.ws.setSessionField(k, v)
		case m.tab == tabSystems:
			if p := m.nameProblem("system", k, v, m.ws.doc.Systems[m.editing].ID); p != "" {
				m.form.err = p
				break
			}
			m.form.err = ""
			m.ws.setSystemField(m.editing, k, v)
		case m.tab == tabQuestions:
			m.ws.setQuestionField(m.editing, k, v)
		case m.tab == tabRegister:
			if list, _, ri := m.ws.risksOf(m.editingID); ri >= 0 {
				applyRiskEdit(m.form, (*list)[ri], k, v, func(k, v string) { m.ws.setRegisterRiskField(m.editingID, k, v) })
			}
		case m.tab == tabDomains:
			if p := model.ParkFieldProblem(k, v); m.parking && p != "" {
				m.form.err = p + "; the last one stays until it is fixed"
				break
			}
			m.form.err = ""
			m.ws.setDecision(m.decisionFromForm())
		}
	}
	return m, cmd
}

// submit creates what a create form describes, or says what is missing.
func (m *sessionModel) submit(v map[string]string) string {
	switch m.tab {
	case tabFlows:
		f := model.Flow{ID: model.NewID()}
		for _, fd := range model.FlowFields {
			f.SetHeader(fd.Key, v[fd.Key])
		}
		if p := model.NewFlowProblem(f); p != "" {
			return p
		}
		if p := model.NameProblem(m.ws.doc, "flow", f.Name, ""); p != "" {
			return p
		}
		m.lists[tabFlows].cursor = m.ws.addFlow(f)
	case tabSystems:
		if v["name"] == "" {
			return "the system needs a name"
		}
		if p := model.NameProblem(m.ws.doc, "system", v["name"], ""); p != "" {
			return p
		}
		m.lists[tabSystems].cursor = m.ws.addSystem(filled(model.System{ID: model.NewID()}, model.SystemFields, v))
	case tabQuestions:
		if v["question"] == "" {
			return "write the question down first"
		}
		m.lists[tabQuestions].cursor = m.ws.addQuestion(filled(model.OpenQuestion{ID: model.NewID()}, model.QuestionFields, v))
	}
	return ""
}

// nameProblem refuses a name another system or flow of the session has.
func (m sessionModel) nameProblem(what, key, value, id string) string {
	if key != "name" {
		return ""
	}
	return model.NameProblem(m.ws.doc, what, value, id)
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
	case m.confirm != nil:
		return confirmKeyMap
	case m.export != nil, m.search != nil:
		return editHelp{kind: inputLine}
	case m.form != nil:
		return m.form.helpKeys()
	case m.merged != nil:
		return mergeSummaryHelp{conflicts: len(m.ws.doc.Conflicts) > 0}
	case m.conflicts != nil:
		return conflictHelp{}
	}
	if m.tab == tabRegister {
		return registerHelp{m.keys}
	}
	k := m.keys
	k.Add.SetEnabled(m.tab != tabSummary && m.tab != tabDomains)
	k.Delete.SetEnabled(m.tab != tabSummary)
	k.Open.SetEnabled(m.tab != tabSummary)
	switch m.tab {
	case tabSystems:
		k.Add.SetHelp("a", "add system")
		k.Open.SetHelp("enter", "edit")
	case tabQuestions:
		k.Add.SetHelp("a", "add question")
		k.Open.SetHelp("enter", "edit")
	case tabDomains:
		k.Open.SetHelp("enter", "decide")
		k.Delete.SetHelp("x", "take back")
		return domainsHelp{k}
	}
	return k
}

// isMove reports whether a key moves a list cursor.
func isMove(km tea.KeyMsg) bool {
	_, ok := moveCursor(km, 0, 1, 1)
	return ok
}

// plural writes a count with its noun: 1 flow, 2 flows.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
