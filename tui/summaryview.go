package tui

import (
	"fmt"
	"strings"

	"archreview/model"
	"archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// summaryView is the session's decision pack, live and scrollable. Its lines
// are laid out again only when the answers change, in settle, never per
// frame.
type summaryView struct {
	scroll int
	rev    uint64
	lines  []summaryLine
	height int
}

// summaryLine is one line of the decision pack before it is fitted to the
// screen; only the lines in view are styled and cut, so a register of
// thousands of risks costs nothing to scroll.
type summaryLine struct {
	text  string
	style string // "", "header", "warn", or a severity with a tag length
	tag   int    // leading bytes of text styled by severity
}

var (
	pageDown = key.NewBinding(key.WithKeys("pgdown", "f", " "))
	pageUp   = key.NewBinding(key.WithKeys("pgup", "b"))
	toTop    = key.NewBinding(key.WithKeys("home", "g"))
	toEnd    = key.NewBinding(key.WithKeys("end", "G"))
)

func (v summaryView) update(km tea.KeyMsg, height int) summaryView {
	switch {
	case key.Matches(km, globalKeyMap.Down):
		v.scroll++
	case key.Matches(km, globalKeyMap.Up):
		v.scroll--
	case key.Matches(km, pageDown):
		v.scroll += max(height-1, 1)
	case key.Matches(km, pageUp):
		v.scroll -= max(height-1, 1)
	case key.Matches(km, toTop):
		v.scroll = 0
	case key.Matches(km, toEnd):
		v.scroll = 1 << 30
	}
	v.scroll = min(max(v.scroll, 0), v.maxScroll())
	return v
}

func (v summaryView) maxScroll() int { return max(len(v.lines)-v.height, 0) }

// settle lays the decision pack out again when the answers have changed
// since, and keeps the scroll inside it.
func (v *summaryView) settle(ws *workspace, height int) {
	if v.lines == nil || v.rev != ws.rev {
		v.lines = summaryLines(ws.currentSummary())
		v.rev = ws.rev
	}
	v.height = height
	v.scroll = min(v.scroll, v.maxScroll())
}

func (v summaryView) view(c *Common, width int) []string {
	lines, maxScroll, start := v.lines, v.maxScroll(), v.scroll
	end := min(start+v.height, len(lines))
	out := make([]string, 0, end-start)
	st := c.Styles
	for _, l := range lines[start:end] {
		switch l.style {
		case "header":
			out = append(out, st.Header.Render(line(st.client(l.text), width)))
		case "warn":
			out = append(out, st.Warn.Render(line(st.client(l.text), width)))
		case "":
			out = append(out, line(st.client(l.text), width))
		default:
			tag := l.text[:l.tag]
			out = append(out, st.Severity[l.style].Render(tag)+line(st.client(l.text[l.tag:]), width-len(tag)))
		}
	}
	if maxScroll > 0 && len(out) > 0 {
		mark := fmt.Sprintf(" %d%%", 100*start/maxScroll)
		last := ansi.Truncate(out[len(out)-1], width-len(mark)-1, "…")
		out[len(out)-1] = spread(last, st.Muted.Render(mark), width)
	}
	return out
}

// summaryLines lays out every section of the decision pack as lines.
func summaryLines(s *review.Summary) []summaryLine {
	var out []summaryLine
	section := func(title string) {
		if len(out) > 0 {
			out = append(out, summaryLine{})
		}
		out = append(out, summaryLine{text: title, style: "header"})
	}
	row := func(text string) { out = append(out, summaryLine{text: text}) }

	p := s.Progress
	section("Progress")
	row(fmt.Sprintf("%d of %d steps done (%d%%) · %d of %d flows complete", p.StepsDone, p.StepsTotal, p.Percent, p.FlowsComplete, p.Flows))
	var perStep []string
	for _, sp := range p.Steps {
		perStep = append(perStep, fmt.Sprintf("%s %d/%d", sp.Step, sp.Done, sp.Total))
	}
	row("  " + strings.Join(perStep, " · "))

	section("Source of truth")
	for _, d := range s.SourceOfTruth {
		mark := "✓"
		switch d.Status {
		case review.StatusConflict:
			mark = "!"
		case review.StatusMissing:
			mark = "?"
		}
		text := fmt.Sprintf("%s %-10s %-8s %s", mark, d.Domain, d.Status, d.SystemName)
		if d.Status == review.StatusDecided && d.DecidedBy != "" {
			text += " · decided by " + d.DecidedBy
		}
		style := ""
		if d.Status != review.StatusOK && d.Status != review.StatusDecided {
			style = "warn"
		}
		out = append(out, summaryLine{text: text, style: style})
		if d.Status == review.StatusConflict {
			for _, cl := range d.Claims {
				row(fmt.Sprintf("    %s says %s", cl.FlowName, cl.SystemName))
			}
		}
	}

	section(fmt.Sprintf("Risk register (%d)", len(s.Risks)))
	if len(s.Risks) == 0 {
		row("  No risks yet.")
	}
	for _, r := range s.Risks {
		var flags string
		if len(r.Flags) > 0 {
			flags = " ! " + strings.ReplaceAll(strings.Join(r.Flags, ", "), "-", " ")
		}
		status := ""
		if r.Status != model.RiskOpen {
			status = " · " + string(r.Status)
		}
		tag := fmt.Sprintf("%3d. [%2d %-8s]", r.Rank, r.Score, r.Severity)
		rest := fmt.Sprintf(" %s · %s · %s · %s%s%s", r.Title, where(r.FlowName, r.Domain), orDash(string(r.Horizon)), orDash(r.Owner), status, flags)
		out = append(out, summaryLine{text: tag + rest, style: r.Severity, tag: len(tag)})
	}

	section(fmt.Sprintf("Findings to confirm (%d; %d in the register, %d dismissed)", s.Triage.ToConfirm, s.Triage.Covered, s.Triage.Dismissed))
	for _, f := range s.Findings {
		switch f.Status {
		case review.FindingOpen:
			row(fmt.Sprintf("  [%2d %-8s] %s", f.Score, f.Severity, f.Message))
		case review.FindingDismissed:
			row(fmt.Sprintf("  dismissed: %s (%s)", f.Title, f.Reason))
		}
	}

	section("Pattern decisions")
	for _, pd := range s.Patterns {
		row(fmt.Sprintf("  %-28s %-13s %s", pd.FlowName, orDash(string(pd.Pattern)), orDash(pd.Rationale)))
	}

	section("Ownership")
	for _, o := range s.Ownership {
		gaps := "all named"
		if len(o.Gaps) > 0 {
			names := make([]string, len(o.Gaps))
			for i, g := range o.Gaps {
				names[i] = g
				if f, ok := model.FieldByKey(model.StepFields(model.StepOwner), g); ok {
					names[i] = strings.ToLower(f.Label)
				}
			}
			gaps = "missing: " + strings.Join(names, ", ")
		}
		row(fmt.Sprintf("  %-28s owner %-20s %s", o.FlowName, orDash(o.FlowOwner), gaps))
	}

	section(fmt.Sprintf("Decisions: immediate (%d)", len(s.Decisions.Immediate)))
	for _, d := range s.Decisions.Immediate {
		row(fmt.Sprintf("  %2d. %s — %s", d.Rank, d.Title, orDash(d.Fix)))
	}
	section(fmt.Sprintf("Decisions: roadmap (%d)", len(s.Decisions.Roadmap)))
	for _, d := range s.Decisions.Roadmap {
		row(fmt.Sprintf("  %2d. %s — %s", d.Rank, d.Title, orDash(d.Fix)))
	}

	section("Delivery sequence")
	for _, sl := range s.Slices {
		row(fmt.Sprintf("  Slice %d (%d items)", sl.Slice, len(sl.Risks)))
		for _, it := range sl.Risks {
			hand := ""
			if it.ByHand {
				hand = " (set by hand)"
			}
			row(fmt.Sprintf("    #%d %s%s", it.RegisterRank, it.Title, hand))
		}
	}

	section("Coverage")
	for _, a := range s.Coverage {
		box := "[x]"
		switch a.State {
		case review.CoverageUntouched:
			box = "[ ]"
		case review.CoverageThin:
			box = "[~]"
		}
		row(fmt.Sprintf("  %s %-38s %d of %d flows %s", box, a.Title, a.Answered, a.Total, a.State))
	}

	section(fmt.Sprintf("Gaps (%d)", len(s.Gaps)))
	for _, g := range s.Gaps {
		what := "step not done"
		if g.Field != "" {
			what = g.Label + " is empty"
		}
		row(fmt.Sprintf("  %s · %s: %s", g.FlowName, g.Step, what))
	}

	section(fmt.Sprintf("Open questions (%d)", len(s.OpenQuestions)))
	for _, q := range s.OpenQuestions {
		state := "open"
		if q.Answered {
			state = "answered"
		}
		row(fmt.Sprintf("  [%s] %s — ask %s", state, q.Question, orDash(q.Ask)))
	}
	return out
}
