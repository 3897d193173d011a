package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/lipgloss"
)

// The walkthrough as it is drawn: the flow and its step, the clock, the
// guiding questions, the step's answers and risks. Nothing here changes the
// model.

func (m walkModel) view() string {
	f := m.current()
	if f == nil {
		return ""
	}
	lines := m.headerView(f)
	rest := m.height - len(lines)
	var body []string
	switch {
	case m.link != nil:
		body = m.link.view()
	case m.question != nil:
		body = strings.Split(m.question.view(m.c), "\n")
	case m.details != nil:
		body = strings.Split(m.details.view(m.c), "\n")
	case m.risk != nil:
		body = m.riskView(f)
	default:
		body = m.stepView(f, rest)
	}
	if m.confirm != nil {
		body = append(deletePrompt(m.c.Styles, m.confirm.what, m.width), body...)
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
	where := st.client(fmt.Sprintf("flow %d of %d · %s · %s", m.flow+1, len(doc.Flows), f.Domain, route))

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
			st.Muted.Render(line(st.client(doc.Session.Name)+" · "+where, m.width)),
			"",
			st.Title.Render(line(strings.ToUpper(st.client(f.Name)), m.width)),
			steps,
			rule,
		}
	}
	// Where the flow goes matters more than its full name: the route gets
	// its width first, the name what is left (at least a third).
	whereW := min(lipgloss.Width(line(where, m.width)), m.width*2/3)
	return []string{
		spread(st.Title.Render(line(st.client(f.Name), m.width-whereW-2)), st.Muted.Render(line(where, whereW)), m.width),
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
// lines, a page at a time: those the pack asks of this flow, by its
// systems' kinds, its pattern and its domain.
func (m walkModel) guideLines(n int) []string {
	st := m.c.Styles
	qs := m.ws.questionPack().Questions(m.step, m.current(), m.ws.doc.Systems)
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
			if m.ed.kind == inputChoice {
				// The whole list stays in view, with the line under it that
				// says why nothing is selected.
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
	rows = append(rows, "")
	if n := model.EvidenceCount(*f.StepEvidence(m.step)); n != "" {
		rows = append(rows, st.Muted.Render("  Evidence: "+n+" · l links another"))
	}
	rows = append(rows, doneLine)

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
	out := block(m.c.Styles.client(head), width, most+1)
	if len(out) > most || len(head) < len(shown) {
		out = out[:min(len(out), most)]
		out = append(out, fmt.Sprintf("(%s in all; enter to read and edit)", plural(strings.Count(shown, "\n")+1, "line")))
	}
	return out
}

// riskLine is a risk on one line: score and severity first, as a register
// reads, flags for what is missing last.
func riskLine(st Styles, r model.Risk, width int) string {
	r.Title, r.Fix, r.Owner = st.client(r.Title), st.client(r.Fix), st.client(r.Owner)
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
	if n := model.EvidenceCount(r.Evidence); n != "" {
		tail += " · " + n
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
	lines := []string{st.Header.Render(head) + st.Severity[sev].Render(sev)}
	if n := model.EvidenceCount(r.Evidence); n != "" {
		lines[0] += st.Muted.Render(" · " + n)
	}
	if offer := m.suggestionLines(); offer != nil {
		// While the title is empty the pack's risks stand where the scale's
		// meanings go, next to the field being typed.
		lines = append(lines, offer...)
	} else {
		lines = append(lines,
			st.Muted.Render(line(fmt.Sprintf("impact %d: %s", r.Impact, level(model.ImpactLevels, r.Impact)), m.width)),
			st.Muted.Render(line(fmt.Sprintf("likelihood %d: %s", r.Likelihood, level(model.LikelihoodLevels, r.Likelihood)), m.width)))
	}
	lines = append(lines, "")
	return append(lines, strings.Split(m.risk.view(m.c), "\n")...)
}

func level(levels []string, n int) string {
	if n < 1 || n >= len(levels) {
		return "not scored"
	}
	return levels[n]
}
