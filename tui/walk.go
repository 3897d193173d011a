package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// walkModel walks one flow through the four steps: the header says where the
// room is, the guiding questions say what to ask, the fields take the answers.
type walkModel struct {
	c    *Common
	keys walkKeys
	ws   *workspace
	flow int
	step model.Step

	cursor  int // over the step's fields, then (failure step) its risks
	editing bool
	ed      editor

	risk     *form // the risk being edited
	riskIdx  int
	suggest  *riskSuggestions // the pack's risks, offered as one is added
	question *form            // an open question being parked
	details  *form            // the flow's name, domain and systems, being changed
	link     *linkPanel       // the evidence form of the step's answers or a risk
	offerNew bool             // past the last flow: a adds the next one
	confirm  *confirmation

	guidePage   int
	stepStarted time.Time                // when the step's clock would read zero
	spent       map[string]time.Duration // time on steps left, by flow and step
	now         time.Time
	tickID      int

	width, height int
}

// confirmation is a pending delete of a risk, named so the user sees what
// goes.
type confirmation struct {
	what  string
	index int
}

func newWalkModel(c *Common) *walkModel {
	return &walkModel{c: c, keys: newWalkKeys()}
}

func (m *walkModel) open(ws *workspace, flow int) {
	if ws != m.ws || m.spent == nil {
		m.spent = map[string]time.Duration{}
	}
	m.ws, m.flow = ws, flow
	m.step = model.StepSource
	m.resetStep()
}

// goTo puts the cursor on a place of the flow: a field of a step, or a
// risk of its failure step.
func (m *walkModel) goTo(p walkPlace) {
	m.enter(m.flow, p.step)
	if p.risk >= 0 && p.step == model.StepFailure && p.risk < len(m.risks()) {
		m.cursor = len(m.fields()) + p.risk
		return
	}
	for i, fd := range m.fields() {
		if fd.Key == p.field {
			m.cursor = i
		}
	}
}

// stepKey names the step being walked, for its clock.
func (m *walkModel) stepKey() string {
	if f := m.current(); f != nil {
		return f.ID + "/" + m.step.String()
	}
	return ""
}

// enter moves to a step of a flow. The step being left keeps the time spent
// on it, so peeking at the next step and coming back does not reset the
// clock the room is watching.
func (m *walkModel) enter(flow int, s model.Step) {
	if m.spent != nil {
		m.spent[m.stepKey()] = m.c.Now().Sub(m.stepStarted)
	}
	m.flow, m.step = flow, s
	m.resetStep()
}

func (m *walkModel) resetStep() {
	m.cursor, m.guidePage = 0, 0
	m.editing = false
	m.risk, m.question, m.confirm, m.details, m.suggest, m.link = nil, nil, nil, nil, nil, nil
	m.now = m.c.Now()
	m.stepStarted = m.now.Add(-m.spent[m.stepKey()])
}

func (m *walkModel) setSize(w, h int) {
	m.width, m.height = w, h
	if m.editing {
		m.ed.setSize(m.valueWidth(), m.editorHeight())
	}
	for _, f := range []*form{m.question, m.details} {
		if f != nil {
			f.setSize(w, h-m.headerHeight()-3)
		}
	}
	if m.link != nil {
		m.link.setSize(w, h-m.headerHeight()-3)
	}
	if m.risk != nil {
		m.risk.setSize(w, m.riskFormHeight())
	}
}

// riskHeadLines are the lines riskView puts above the risk's form: its
// score, the meanings of its impact and likelihood, a blank line.
const riskHeadLines = 4

// riskFormHeight is the room the risk's form has under its head, so a form
// taller than that scrolls and keeps its last line (a refusal) in view.
func (m walkModel) riskFormHeight() int { return m.height - m.headerHeight() - riskHeadLines }

// tick keeps the step clock running while the walkthrough is open.
func (m *walkModel) tick() tea.Cmd {
	m.tickID++
	id := m.tickID
	return tick(time.Second, func(time.Time) tea.Msg { return walkClock{id: id} })
}

type walkClock struct{ id int }

func (m walkModel) capturing() bool {
	return m.editing || m.confirm != nil || m.question != nil || m.link != nil || (m.risk != nil && m.risk.editing) ||
		(m.details != nil && m.details.editing)
}

// typing says what the field being edited does with typed text; the order
// is handleKey's, so it names the field that gets the next key.
func (m *walkModel) typing() typingKind {
	switch {
	case m.confirm != nil:
		return typingNone
	case m.link != nil:
		return m.link.typing()
	case m.question != nil:
		return m.question.typing()
	case m.risk != nil:
		return m.risk.typing()
	case m.details != nil:
		return m.details.typing()
	case m.editing:
		return m.ed.typing()
	}
	return typingNone
}

// fields are the step's fields on screen; private ones are hidden while the
// room is watching.
func (m walkModel) fields() []model.Field {
	all := model.StepFields(m.step)
	if !m.c.Presenter {
		return all
	}
	out := make([]model.Field, 0, len(all))
	for _, f := range all {
		if !f.Private {
			out = append(out, f)
		}
	}
	return out
}

func (m walkModel) current() *model.Flow { return m.ws.flow(m.flow) }

func (m walkModel) risks() []model.Risk {
	if m.step != model.StepFailure {
		return nil
	}
	return m.current().Failure.Risks
}

func (m walkModel) items() int { return len(m.fields()) + len(m.risks()) }

func (m *walkModel) update(msg tea.Msg) (screen, tea.Cmd) {
	next, cmd := m.handle(msg)
	*m = next
	return m, cmd
}

// settle has nothing to do: the step's rows are laid out from the cursor as
// they are drawn, and the window over them is the one that shows it.
func (m *walkModel) settle() {}

func (m walkModel) handle(msg tea.Msg) (walkModel, tea.Cmd) {
	if m.ws == nil || m.current() == nil {
		return m, func() tea.Msg { return closeMsg{} }
	}
	switch msg := msg.(type) {
	case walkClock:
		if msg.id != m.tickID {
			return m, nil
		}
		m.now = m.c.Now() // the app's clock, not the timer's, so tests can set it
		return m, m.tick()
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	return m, nil
}

func (m walkModel) handleKey(km tea.KeyMsg) (walkModel, tea.Cmd) {
	switch {
	case m.confirm != nil:
		if key.Matches(km, confirmKeyMap.Yes) {
			m.ws.deleteRisk(m.flow, m.confirm.index)
			m.cursor = min(m.cursor, max(m.items()-1, 0))
		}
		if key.Matches(km, confirmKeyMap.Yes, confirmKeyMap.No) {
			m.confirm = nil
		}
		return m, nil
	case m.link != nil:
		return m.updateLink(km)
	case m.question != nil:
		return m.updateQuestion(km)
	case m.risk != nil:
		return m.updateRisk(km)
	case m.details != nil:
		return m.updateDetails(km)
	case m.editing:
		return m.updateEditor(km)
	}

	k := m.keys
	if m.offerNew {
		m.offerNew = false
		if key.Matches(km, newFlowKey) {
			return m, func() tea.Msg { return newFlowMsg{} }
		}
	}
	switch {
	case key.Matches(km, k.Back):
		return m, func() tea.Msg { return closeMsg{} }
	case key.Matches(km, k.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(km, k.Down):
		m.cursor = min(m.cursor+1, max(m.items()-1, 0))
	case key.Matches(km, k.PrevStep):
		m.moveStep(-1)
	case key.Matches(km, k.NextStep):
		m.moveStep(1)
	case key.Matches(km, k.Step1, k.Step2, k.Step3, k.Step4):
		m.goStep(model.Step(km.Runes[0] - '1'))
	case key.Matches(km, k.Done):
		m.ws.toggleStepDone(m.flow, m.step)
	case key.Matches(km, k.Guide):
		m.guidePage++
	case key.Matches(km, k.Link):
		m.openLink()
	case key.Matches(km, k.Edit):
		if m.cursor < len(m.fields()) {
			m.startEditing()
		} else if len(m.risks()) > 0 {
			m.openRisk(m.cursor - len(m.fields()))
		}
	case key.Matches(km, k.Risk):
		from := m.step
		if m.step != model.StepFailure {
			m.goStep(model.StepFailure)
		}
		r := model.Risk{ID: model.NewID(), Impact: 3, Likelihood: 3, Horizon: model.HorizonImmediate}
		i := m.ws.addRisk(m.flow, r)
		m.cursor = len(m.fields()) + i
		m.openRisk(i)
		m.suggest = &riskSuggestions{prompts: m.ws.questionPack().RiskPrompts(from), at: -1}
	case key.Matches(km, k.Delete):
		if i := m.cursor - len(m.fields()); i >= 0 && i < len(m.risks()) {
			m.confirm = &confirmation{what: fmt.Sprintf("risk %q", m.risks()[i].Title), index: i}
		}
	case key.Matches(km, k.Details):
		f := newForm("Flow details: "+model.Printable(m.current().Name, false), model.FlowFields, valuesOf(model.FlowFields, m.current().GetHeader), false, m.ws.doc, m.c.Presenter)
		f.setSize(m.width, m.height-m.headerHeight()-3)
		m.details = &f
	case key.Matches(km, k.Question):
		f := newForm("Park an open question", model.QuestionFields[:2], nil, true, m.ws.doc, m.c.Presenter)
		f.setSize(m.width, m.height-m.headerHeight()-3)
		m.question = &f
	}
	return m, nil
}

// moveStep goes to the next or previous step, and past the last step of a
// flow on to the next flow, so a room can walk the whole session with →.
func (m *walkModel) moveStep(delta int) {
	s := int(m.step) + delta
	switch {
	case s < 0 && m.flow > 0:
		m.enter(m.flow-1, model.StepOwner)
	case s >= len(model.Steps) && m.flow < len(m.ws.doc.Flows)-1:
		m.enter(m.flow+1, model.StepSource)
	case s >= len(model.Steps):
		// Past the owner step of the last flow, the next thing is a new flow.
		m.offerNew = true
		m.c.flash("That was the last flow. Press a to add the next one, or any other key to stay.")
	case s >= 0 && s < len(model.Steps):
		m.goStep(model.Step(s))
	}
}

func (m *walkModel) goStep(s model.Step) {
	if s == m.step && m.cursor < m.items() {
		return
	}
	m.enter(m.flow, s)
}

func (m *walkModel) startEditing() {
	fd := m.fields()[m.cursor]
	m.ed = newEditor(fd, m.current().Get(m.step, fd.Key), optionsFor(m.ws.doc, fd), m.valueWidth(), m.editorHeight(), m.c.Presenter)
	m.editing = true
}

func (m walkModel) updateEditor(km tea.KeyMsg) (walkModel, tea.Cmd) {
	var cmd tea.Cmd
	var res editResult
	m.ed, cmd, res = m.ed.update(km)
	fd := m.ed.field
	switch res {
	case editChanged:
		m.ws.setFlowField(m.flow, m.step, fd.Key, m.ed.value())
	case editNewSystem:
		s := m.ws.systemFor(m.ed.newSystem())
		m.ed.addOption(s.ID, s.Name)
		if m.ed.multi {
			m.ws.setFlowField(m.flow, m.step, fd.Key, m.ed.value())
		}
	case editStop:
		m.editing = false
	case editCommit, editNext, editPrev:
		if m.ed.kind == inputChoice || m.ed.changedFrom() {
			m.ws.setFlowField(m.flow, m.step, fd.Key, m.ed.value())
		}
		n := len(m.fields())
		switch {
		case res == editCommit && m.cursor >= n-1:
			m.editing = false
		case res == editPrev:
			m.cursor = (m.cursor - 1 + n) % n
			m.startEditing()
		default:
			m.cursor = (m.cursor + 1) % n
			m.startEditing()
		}
	}
	return m, cmd
}

// openRisk opens the form on a risk, its title being edited, as every
// form opens.
func (m *walkModel) openRisk(i int) {
	r := m.risks()[i]
	f := newForm("", model.RiskFields, valuesOf(model.RiskFields, r.Get), false, m.ws.doc, m.c.Presenter)
	f.setSize(m.width, m.riskFormHeight())
	m.risk, m.riskIdx = &f, i
}

func (m walkModel) updateRisk(km tea.KeyMsg) (walkModel, tea.Cmd) {
	if m.suggestKey(km) {
		return m, nil
	}
	cmd, res := stepForm(&m.risk, km, m.c.Presenter, nil)
	switch res {
	case formChanged:
		m.setRiskValue(m.risk.fields[m.risk.changed].Key, m.risk.values[m.risk.changed])
	case formClose:
		m.suggest = nil
		// A risk closed without a word written in it was a slip of r.
		if r := m.current().Failure.Risks[m.riskIdx]; strings.TrimSpace(r.Title+r.Fix+r.Owner) == "" {
			m.ws.deleteRisk(m.flow, m.riskIdx)
			m.cursor = min(m.cursor, max(m.items()-1, 0))
		}
	}
	return m, cmd
}

func (m walkModel) updateQuestion(km tea.KeyMsg) (walkModel, tea.Cmd) {
	cmd, _ := stepForm(&m.question, km, m.c.Presenter, func(v map[string]string) string {
		if v["question"] == "" {
			return "write the question down first, or esc to drop it"
		}
		m.ws.addQuestion(model.OpenQuestion{ID: model.NewID(), Flow: m.current().ID, Step: m.step.String(), Question: v["question"], Ask: v["ask"]})
		m.c.flash("Parked. It is in the session's open questions and the summary.")
		return ""
	})
	return m, cmd
}

func (m walkModel) helpKeys() help.KeyMap {
	switch {
	case m.confirm != nil:
		return confirmKeyMap
	case m.link != nil:
		return m.link.helpKeys()
	case m.question != nil:
		return m.question.helpKeys()
	case m.risk != nil:
		return m.risk.helpKeys()
	case m.details != nil:
		return m.details.helpKeys()
	case m.editing:
		return editHelp{kind: m.ed.kind, multi: m.ed.multi, sealed: m.ed.sealed != ""}
	}
	k := m.keys
	k.Delete.SetEnabled(m.step == model.StepFailure && m.cursor >= len(m.fields()))
	if m.current() != nil && m.current().StepDone(m.step) {
		k.Done.SetHelp("d", "reopen step")
	}
	return k
}

// Layout.

func (m walkModel) labelWidth() int { return 26 }

func (m walkModel) valueWidth() int { return max(m.width-m.labelWidth()-2, 20) }

func (m walkModel) headerHeight() int {
	if m.c.Presenter {
		return 5
	}
	return 3
}

// editorHeight is the most rows a field's editor may take; the step's rows
// scroll to keep it in view.
func (m walkModel) editorHeight() int { return max(m.height-m.headerHeight()-8, 3) }

// updateDetails edits the flow's name, domain and systems in place; its
// answers and risks stay. A change the flow could not hold (no name, from
// and to the same system) is refused with the reason, and the last good
// value stays.
func (m walkModel) updateDetails(km tea.KeyMsg) (walkModel, tea.Cmd) {
	cmd, res := stepForm(&m.details, km, m.c.Presenter, nil)
	switch res {
	case formNewSystem:
		s := m.ws.systemFor(m.details.ed.newSystem())
		m.details.systemCreated(s.ID, s.Name)
	case formChanged:
		k, v := m.details.fields[m.details.changed].Key, m.details.values[m.details.changed]
		changed := *m.current()
		changed.SetHeader(k, v)
		p := model.NewFlowProblem(changed)
		if p == "" && k == "name" {
			p = model.NameProblem(m.ws.doc, "flow", v, changed.ID)
		}
		if p != "" {
			m.details.err = p + "; the last one stays until it is fixed"
			break
		}
		m.details.err = ""
		m.ws.setFlowHeader(m.flow, k, v)
	}
	return m, cmd
}

// newFlowKey adds a flow when the walkthrough has passed the last one.
var newFlowKey = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add the next flow"))

// newFlowMsg asks the root for the session's new-flow form.
type newFlowMsg struct{}
