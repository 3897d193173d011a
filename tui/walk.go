package tui

import (
	"fmt"
	"strings"
	"time"

	"archreview/model"
	"archreview/model/review"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
	question *form // an open question being parked
	confirm  *confirmation

	guidePage   int
	stepStarted time.Time                // when the step's clock would read zero
	spent       map[string]time.Duration // time on steps left, by flow and step
	now         time.Time
	tickID      int

	width, height int
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
	m.risk, m.question, m.confirm = nil, nil, nil
	m.now = m.c.Now()
	m.stepStarted = m.now.Add(-m.spent[m.stepKey()])
}

func (m *walkModel) setSize(w, h int) {
	m.width, m.height = w, h
	if m.editing {
		m.ed.setSize(m.valueWidth(), m.editorHeight())
	}
	for _, f := range []*form{m.risk, m.question} {
		if f != nil {
			f.setSize(w, h-m.headerHeight()-3)
		}
	}
}

// tick keeps the step clock running while the walkthrough is open.
func (m *walkModel) tick() tea.Cmd {
	m.tickID++
	id := m.tickID
	return tick(time.Second, func(time.Time) tea.Msg { return walkClock{id: id} })
}

type walkClock struct{ id int }

func (m walkModel) capturing() bool {
	return m.editing || m.confirm != nil || m.question != nil || (m.risk != nil && m.risk.editing)
}

// typing says what the field being edited does with typed text; the order
// is handleKey's, so it names the field that gets the next key.
func (m *walkModel) typing() typingKind {
	switch {
	case m.confirm != nil:
		return typingNone
	case m.question != nil:
		return m.question.typing()
	case m.risk != nil:
		return m.risk.typing()
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
	case m.question != nil:
		return m.updateQuestion(km)
	case m.risk != nil:
		return m.updateRisk(km)
	case m.editing:
		return m.updateEditor(km)
	}

	k := m.keys
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
	case key.Matches(km, k.Edit):
		if m.cursor < len(m.fields()) {
			m.startEditing()
		} else if len(m.risks()) > 0 {
			m.openRisk(m.cursor-len(m.fields()), false)
		}
	case key.Matches(km, k.Risk):
		if m.step != model.StepFailure {
			m.goStep(model.StepFailure)
		}
		r := model.Risk{ID: model.NewID(), Impact: 3, Likelihood: 3, Horizon: model.HorizonImmediate}
		i := m.ws.addRisk(m.flow, r)
		m.cursor = len(m.fields()) + i
		m.openRisk(i, true)
	case key.Matches(km, k.Delete):
		if i := m.cursor - len(m.fields()); i >= 0 && i < len(m.risks()) {
			m.confirm = &confirmation{what: fmt.Sprintf("risk %q", m.risks()[i].Title), index: i}
		}
	case key.Matches(km, k.Question):
		f := newForm("Park an open question", model.QuestionFields[:2], nil, true, m.ws.doc)
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
	m.ed = newEditor(fd, m.current().Get(m.step, fd.Key), optionsFor(m.ws.doc, fd), m.valueWidth(), m.editorHeight())
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
		s := model.NewSystem(m.ed.newName.Value())
		m.ws.addSystem(s)
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

func (m *walkModel) openRisk(i int, editTitle bool) {
	r := m.risks()[i]
	f := newForm("", model.RiskFields, valuesOf(model.RiskFields, r.Get), false, m.ws.doc)
	f.setSize(m.width, m.height-m.headerHeight()-3)
	if editTitle {
		f.startEditing()
	}
	m.risk, m.riskIdx = &f, i
}

func (m walkModel) updateRisk(km tea.KeyMsg) (walkModel, tea.Cmd) {
	cmd, res := stepForm(&m.risk, km, nil)
	switch res {
	case formChanged:
		k, v := m.risk.fields[m.risk.changed].Key, m.risk.values[m.risk.changed]
		m.ws.setRiskField(m.flow, m.riskIdx, k, v)
		if k == "impact" {
			// The two flags follow the impact's meaning, and stay editable.
			revenue, customers := model.ImpactFlags(model.ParseScore(v))
			flags := map[string]bool{"revenue_critical": revenue, "customer_visible": customers}
			for i, fd := range m.risk.fields {
				if want, ok := flags[fd.Key]; ok {
					val := "no"
					if want {
						val = "yes"
					}
					m.risk.values[i] = val
					m.ws.setRiskField(m.flow, m.riskIdx, fd.Key, val)
				}
			}
		}
	case formClose:
		// A risk closed without a word written in it was a slip of r.
		if r := m.current().Failure.Risks[m.riskIdx]; strings.TrimSpace(r.Title+r.Fix+r.Owner) == "" {
			m.ws.deleteRisk(m.flow, m.riskIdx)
			m.cursor = min(m.cursor, max(m.items()-1, 0))
		}
	}
	return m, cmd
}

func (m walkModel) updateQuestion(km tea.KeyMsg) (walkModel, tea.Cmd) {
	cmd, _ := stepForm(&m.question, km, func(v map[string]string) string {
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
	case m.question != nil:
		return m.question.helpKeys()
	case m.risk != nil:
		return m.risk.helpKeys()
	case m.editing:
		return editHelp{kind: m.ed.kind, multi: m.ed.multi}
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

func (m walkModel) view() string {
	f := m.current()
	if f == nil {
		return ""
	}
	lines := m.headerView(f)
	rest := m.height - len(lines)
	var body []string
	switch {
	case m.question != nil:
		body = strings.Split(m.question.view(m.c), "\n")
	case m.risk != nil:
		body = m.riskView(f)
	default:
		body = m.stepView(f, rest)
	}
	if m.confirm != nil {
		body = append([]string{
			m.c.Styles.Bad.Render(line("Delete "+m.confirm.what+"?", m.width)),
			"y delete · n keep it", "",
		}, body...)
	}
	return strings.Join(append(lines, fitLines(body, rest)...), "\n")
}

func (m walkModel) headerView(f *model.Flow) []string {
	st := m.c.Styles
	doc := m.ws.doc
	route := doc.SystemName(f.From) + " → " + doc.SystemName(f.To)
	if f.Via != "" {
		route += " via " + doc.SystemName(f.Via)
	}
	where := fmt.Sprintf("flow %d of %d · %s · %s", m.flow+1, len(doc.Flows), f.Domain, route)

	var bar []string
	for _, s := range model.Steps {
		mark := "○"
		if f.StepDone(s) {
			mark = "●"
		}
		label := fmt.Sprintf("%d %s %s", s+1, s.Title(), mark)
		switch {
		case s == m.step:
			bar = append(bar, st.StepActive.Render("["+label+"]"))
		case f.StepDone(s):
			bar = append(bar, st.StepDone.Render(" "+label+" "))
		default:
			bar = append(bar, st.Step.Render(" "+label+" "))
		}
	}
	clock := m.clockView()
	steps := spread(strings.Join(bar, " "), clock, m.width)
	rule := st.Rule.Render(strings.Repeat("─", m.width))

	if m.c.Presenter {
		return []string{
			st.Muted.Render(line(doc.Session.Name+" · "+where, m.width)),
			"",
			st.Title.Render(line(strings.ToUpper(f.Name), m.width)),
			steps,
			rule,
		}
	}
	// Where the flow goes matters more than its full name: the route gets
	// its width first, the name what is left (at least a third).
	whereW := min(lipgloss.Width(line(where, m.width)), m.width*2/3)
	return []string{
		spread(st.Title.Render(line(f.Name, m.width-whereW-2)), st.Muted.Render(line(where, whereW)), m.width),
		steps,
		rule,
	}
}

// clockView is the step's timebox: elapsed of allowed, loud once over.
func (m walkModel) clockView() string {
	st := m.c.Styles
	limit := time.Duration(m.ws.doc.Session.Timebox()) * time.Minute
	elapsed := m.now.Sub(m.stepStarted)
	if elapsed < 0 {
		elapsed = 0
	}
	text := fmt.Sprintf("%s / %s", mmss(elapsed), mmss(limit))
	if elapsed > limit {
		return st.Bad.Render("! OVER " + text)
	}
	if !m.c.Presenter {
		return st.Muted.Render("step " + text)
	}
	return st.Header.Render("step " + text)
}

func mmss(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// guideLines shows as many of the step's guiding questions as fit in n
// lines, a page at a time.
func (m walkModel) guideLines(n int) []string {
	st := m.c.Styles
	qs := model.Questions[m.step]
	if len(qs) == 0 || n <= 0 {
		return nil
	}
	var pages [][]string
	var page []string
	for _, q := range qs {
		wrapped := block(q, m.width-4, 0)
		for i := range wrapped {
			prefix := "  "
			if i == 0 {
				prefix = "? "
			}
			wrapped[i] = prefix + wrapped[i]
		}
		if len(page) > 0 && len(page)+len(wrapped) > n {
			pages = append(pages, page)
			page = nil
		}
		page = append(page, wrapped...)
	}
	pages = append(pages, page)
	p := pages[m.guidePage%len(pages)]
	out := make([]string, 0, len(p))
	for _, l := range p {
		out = append(out, st.Question.Render(line(l, m.width)))
	}
	if len(pages) > 1 {
		out = append(out, st.Muted.Render(fmt.Sprintf("  (questions %d of %d pages · g for more)", m.guidePage%len(pages)+1, len(pages))))
	}
	return fitLines(out, min(len(out), n+1))
}

func (m walkModel) stepView(f *model.Flow, height int) []string {
	st := m.c.Styles
	fields := m.fields()
	risks := m.risks()
	var lines []string
	// The guiding questions get what the fields leave, at least a few lines
	// so the room always sees what is being asked.
	need := len(fields) + 2
	if m.step == model.StepFailure {
		need += 2 + max(len(risks), 1)
	}
	guideBudget := min(max(height-need-1, 4), max(height/3, 4))
	if g := m.guideLines(guideBudget); len(g) > 0 {
		lines = append(lines, g...)
		lines = append(lines, st.Rule.Render(strings.Repeat("─", m.width)))
	}

	var rows []string
	cursorRow := 0
	lw, vw := m.labelWidth(), m.valueWidth()
	for i, fd := range fields {
		focused := i == m.cursor
		if focused {
			cursorRow = len(rows)
		}
		mark, label := "  ", st.Label.Render(pad(m.fieldLabel(fd), lw))
		if focused {
			mark, label = "> ", st.LabelFocus.Render(pad(m.fieldLabel(fd), lw))
		}
		if focused && m.editing {
			ed := m.ed.view(st, vw, m.ed.rows(m.editorHeight()))
			rows = append(rows, mark+label+ed[0])
			for _, l := range ed[1:] {
				rows = append(rows, strings.Repeat(" ", lw+2)+l)
			}
			if fd.Kind == model.FieldChoice && m.ed.cursor < len(m.ed.opts) {
				cursorRow = len(rows) - 1
			}
			if m.ed.kind == inputText {
				// The whole text area stays in view, its last rows too: the
				// line being typed is there, and editorHeight leaves room.
				cursorRow = len(rows) - 1
			}
			continue
		}
		if full := m.fullValue(fd, f.Get(m.step, fd.Key), vw); focused && len(full) > 1 {
			// The answer under the cursor is shown whole (up to a few
			// lines), so the room reads what it is agreeing to.
			rows = append(rows, mark+label+st.Value.Render(full[0]))
			for _, l := range full[1:] {
				rows = append(rows, strings.Repeat(" ", lw+2)+st.Value.Render(l))
			}
			continue
		}
		rows = append(rows, mark+label+answerLine(m.c.Styles, m.ws.doc, fd, f.Get(m.step, fd.Key), vw, !m.c.Presenter))
		if m.c.Presenter && height > 2*len(fields)+10 {
			rows = append(rows, "")
		}
	}
	if m.step == model.StepFailure {
		rows = append(rows, "", st.Header.Render(fmt.Sprintf("Risks (%d)", len(risks)))+st.Muted.Render("  r add · enter open · x delete"))
		if len(risks) == 0 {
			rows = append(rows, st.Muted.Render("  No risks yet. What breaks here, and what would it cost? Press r."))
		}
		for i, r := range risks {
			idx := len(fields) + i
			mark := "  "
			if idx == m.cursor {
				mark = "> "
				cursorRow = len(rows)
			}
			row := mark + riskLine(st, r, m.width-2)
			if idx == m.cursor {
				row = st.Selected.Render(pad(row, m.width))
			}
			rows = append(rows, row)
		}
	}
	doneLine := st.Muted.Render("  step open · d marks it done")
	if f.StepDone(m.step) {
		doneLine = st.Good.Render("  ● step done") + st.Muted.Render(" · d reopens it")
	}
	rows = append(rows, "", doneLine)

	avail := height - len(lines)
	top := window(cursorRow, len(rows), avail, 0)
	if len(rows) > avail && avail > 0 {
		rows = rows[top:min(top+avail, len(rows))]
	}
	return append(lines, rows...)
}

func (m walkModel) fieldLabel(fd model.Field) string {
	if fd.Private {
		return fd.Label + " (yours)"
	}
	return fd.Label
}

// fullValue wraps an answer to width, at most six lines (more in presenter
// mode, where the room reads it); nil when it is empty.
func (m walkModel) fullValue(fd model.Field, v string, width int) []string {
	shown := displayValue(m.ws.doc, fd, v)
	if strings.TrimSpace(shown) == "" {
		return nil
	}
	most := 6
	if m.c.Presenter {
		most = 10
	}
	shown = strings.TrimRight(shown, "\n")
	// Wrap only the start: a long answer's first lines are all that show,
	// and wrapping a megabyte every frame would be the cost.
	head := shown
	if len(head) > 4096 {
		head = head[:4096]
	}
	out := block(head, width, most+1)
	if len(out) > most || len(head) < len(shown) {
		out = out[:min(len(out), most)]
		out = append(out, fmt.Sprintf("(%s in all; enter to read and edit)", plural(strings.Count(shown, "\n")+1, "line")))
	}
	return out
}

// riskLine is a risk on one line: score and severity first, as a register
// reads, flags for what is missing last.
func riskLine(st Styles, r model.Risk, width int) string {
	score := r.Score()
	sev := review.SeverityOf(score)
	tag := fmt.Sprintf("[%2d %-8s]", score, sev)
	var flags []string
	if strings.TrimSpace(r.Fix) == "" {
		flags = append(flags, "no fix")
	}
	if strings.TrimSpace(r.Owner) == "" {
		flags = append(flags, "no owner")
	}
	tail := ""
	if len(flags) > 0 {
		tail = " ! " + strings.Join(flags, ", ")
	} else if r.Owner != "" {
		tail = " · " + model.Printable(r.Owner, false)
	}
	title := orDash(r.Title)
	tw := width - len(tag) - 1 - len([]rune(tail))
	if tw < 10 {
		tw, tail = width-len(tag)-1, ""
	}
	sevStyle := st.Severity[sev]
	out := sevStyle.Render(tag) + " " + line(title, tw)
	if tail != "" {
		if len(flags) > 0 {
			out += st.Warn.Render(line(tail, width))
		} else {
			out += st.Muted.Render(line(tail, width))
		}
	}
	return out
}

func (m walkModel) riskView(f *model.Flow) []string {
	st := m.c.Styles
	risks := f.Failure.Risks
	if m.riskIdx >= len(risks) {
		return nil
	}
	r := risks[m.riskIdx]
	score := r.Score()
	sev := review.SeverityOf(score)
	head := fmt.Sprintf("Risk %d of %d · score %d (impact %d × likelihood %d) · ", m.riskIdx+1, len(risks), score, r.Impact, r.Likelihood)
	lines := []string{
		st.Header.Render(head) + st.Severity[sev].Render(sev),
		st.Muted.Render(line(fmt.Sprintf("impact %d: %s", r.Impact, level(model.ImpactLevels, r.Impact)), m.width)),
		st.Muted.Render(line(fmt.Sprintf("likelihood %d: %s", r.Likelihood, level(model.LikelihoodLevels, r.Likelihood)), m.width)),
		"",
	}
	return append(lines, strings.Split(m.risk.view(m.c), "\n")...)
}

func level(levels []string, n int) string {
	if n < 1 || n >= len(levels) {
		return "not scored"
	}
	return levels[n]
}
