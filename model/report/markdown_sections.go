package report

import (
	"fmt"
	"strconv"
	"strings"

	"archreview/model"
	"archreview/model/review"
)

// executiveListed caps the critical and high risks the executive summary
// lists; the rest are in the register.
const executiveListed = 10

// currentState draws the map as a Mermaid flowchart (GitHub and most wikis
// draw it; elsewhere it reads as a list of edges), then lists the systems.
func (m *mdWriter) currentState() {
	m.heading(2, HeadingSystems)
	g := buildMap(m.d, m.sum)
	m.para(fmt.Sprintf("%s and %s; each arrow is a flow, marked by its worst open risk.",
		plural(len(m.d.Systems), "system", "systems"), plural(len(m.d.Flows), "flow", "flows")))
	m.b.WriteString("```mermaid\n")
	writeMermaid(m.b, g)
	m.b.WriteString("```\n\n")
	used := map[string]int{}
	for i := range m.d.Flows {
		for _, id := range m.d.Flows[i].SystemRefs() {
			used[id]++
		}
	}
	t := newTable("System", "Kind", "Flows", "Notes")
	for _, s := range m.d.Systems {
		t.add(m.systemName(s.ID), string(s.Kind), strconv.Itoa(used[s.ID]), s.Notes)
	}
	t.write(m.b, "No systems on the map yet.")
}

func (m *mdWriter) sourceOfTruth() {
	m.heading(2, HeadingSourceOfTruth)
	const claimsShown = 10
	t := newTable("Domain", "Core", "Status", "Source of truth", "Named by")
	for _, row := range m.sum.SourceOfTruth {
		var claims []string
		for _, c := range row.Claims[:min(len(row.Claims), claimsShown)] {
			claims = append(claims, c.FlowName+": "+c.SystemName)
		}
		if len(row.Claims) > claimsShown {
			claims = append(claims, fmt.Sprintf("and %d more", len(row.Claims)-claimsShown))
		}
		t.add(row.Domain, yesNo(row.Core), domainStatus(row), row.SystemName, strings.Join(claims, "\n"))
	}
	t.write(m.b, "")
}

// domainStatus says where a domain's source of truth stands, with the
// room's decision when it made one.
func domainStatus(row review.DomainSource) string {
	status := row.Status
	if row.Status == review.StatusDecided {
		if strings.TrimSpace(row.DecidedBy) != "" {
			status += " by " + row.DecidedBy
		}
		if strings.TrimSpace(row.Rationale) != "" {
			status += ": " + row.Rationale
		}
	}
	if !row.Core {
		status += " (not demanded)"
	}
	return status
}

func (m *mdWriter) patterns() {
	m.heading(2, HeadingPatterns)
	t := newTable("Flow", "Domain", "Pattern", "Why this pattern")
	for _, p := range m.sum.Patterns {
		t.add(p.FlowName, p.Domain, string(p.Pattern), p.Rationale)
	}
	t.write(m.b, "No flows yet.")
}

// registerColumns are the register table's columns: few enough to read on
// a page; the rest of each risk is listed under the table.
var registerColumns = []string{"#", "Score", "Severity", "Risk", "Flow", "Status", "Owner"}

func (m *mdWriter) register() {
	m.heading(2, HeadingRegister)
	m.para("Score = impact × likelihood; critical 15-25, high 10-14, medium 5-9, low 1-4 (scales under " + HeadingScoring + "). " +
		"Each risk's fix, horizon, slice, ticket, the findings it covers and its flags follow the table; mitigated and accepted risks stay here, out of the plan.")
	t := newTable(registerColumns...)
	for _, r := range m.sum.Risks {
		t.add(strconv.Itoa(r.Rank), strconv.Itoa(r.Score), r.Severity, r.Title, where(r.FlowName, r.Domain), riskStatus(&r), orDash(r.Owner))
	}
	t.write(m.b, "No risks yet.")
	if len(m.sum.Risks) == 0 {
		return
	}
	m.heading(3, "Each risk")
	for i := range m.sum.Risks {
		r := &m.sum.Risks[i]
		m.para(fmt.Sprintf("**%d. %s**", r.Rank, mdText(r.Title)))
		for _, f := range riskFacts(m.sum, r).without("Flow", "Owner", "Status") {
			m.line("- %s: %s", f.Label, mdText(f.Value))
		}
		m.b.WriteByte('\n')
	}
}

// Findings sub-headings.
const (
	HeadingToConfirm = "Findings to confirm"
	HeadingDismissed = "Dismissed findings"
)

func (m *mdWriter) findings() {
	m.heading(2, HeadingFindings)
	m.para("What the rules caught on their own. The room confirms each: accepted findings are in the register, dismissed ones are listed with the reason.")
	m.heading(3, HeadingToConfirm)
	t := newTable("Key", "Score", "Flow", "Finding", "Suggested fix")
	for _, f := range m.sum.Findings {
		if f.Status == review.FindingOpen {
			t.add(f.Key, fmt.Sprintf("%d %s", f.Score, f.Severity), where(f.FlowName, f.Domain), f.Message, f.Fix)
		}
	}
	t.write(m.b, "None: the room has triaged every finding.")
	m.heading(3, HeadingDismissed)
	t = newTable("Key", "Flow", "Finding", "Reason")
	for _, f := range m.sum.Findings {
		if f.Status == review.FindingDismissed {
			t.add(f.Key, where(f.FlowName, f.Domain), f.Message, f.Reason)
		}
	}
	t.write(m.b, "None dismissed.")
}

func (m *mdWriter) ownership() {
	m.heading(2, HeadingOwnership)
	labels := map[string]string{}
	for _, f := range model.StepFields(model.StepOwner) {
		labels[f.Key] = f.Label
	}
	t := newTable("Flow", labels["flow_owner"], labels["failures"], labels["retries"], labels["dashboards"],
		labels["runbooks"], labels["release_handoff"], "Gaps")
	for _, o := range m.sum.Ownership {
		gaps := make([]string, len(o.Gaps))
		for i, g := range o.Gaps {
			gaps[i] = labels[g]
		}
		t.add(o.FlowName, o.FlowOwner, o.Failures, o.Retries, o.Dashboards, o.Runbooks, o.ReleaseHandoff, strings.Join(gaps, ", "))
	}
	t.write(m.b, "No flows yet.")
}

func (m *mdWriter) decisions() {
	m.heading(2, HeadingDecisions)
	list := func(title, empty string, ds []review.Decision) {
		m.heading(3, title)
		t := newTable("#", "Register #", "Severity", "Risk", "Flow", "Fix", "Owner", "Slice")
		for _, d := range ds {
			var flow, slice string
			if r := d.RegisterRank - 1; r >= 0 && r < len(m.sum.Risks) {
				flow, slice = where(m.sum.Risks[r].FlowName, m.sum.Risks[r].Domain), strconv.Itoa(m.sum.Risks[r].Slice)
			}
			t.add(strconv.Itoa(d.Rank), strconv.Itoa(d.RegisterRank), d.Severity, d.Title, flow, d.Fix, d.Owner, slice)
		}
		t.write(m.b, empty)
	}
	list("Immediate fixes", "No immediate fixes.", m.sum.Decisions.Immediate)
	list("Roadmap changes", "No roadmap changes.", m.sum.Decisions.Roadmap)
}

func (m *mdWriter) delivery() {
	m.heading(2, HeadingDelivery)
	m.para(fmt.Sprintf("A slice set by hand wins; otherwise open immediate fixes fill the first slices in score order and roadmap items follow, up to %d a slice. Mitigated and accepted risks leave the plan.", m.sum.Scoring.SliceSize))
	t := newTable("Slice", "Register #", "Risk", "Flow", "Severity", "Horizon", "Placed")
	for _, s := range m.sum.Slices {
		for _, item := range s.Risks {
			placed := "by the summary"
			if item.ByHand {
				placed = "by hand"
			}
			var flow, horizon string
			if r := item.RegisterRank - 1; r >= 0 && r < len(m.sum.Risks) {
				flow, horizon = where(m.sum.Risks[r].FlowName, m.sum.Risks[r].Domain), string(m.sum.Risks[r].Horizon)
			}
			t.add(strconv.Itoa(s.Slice), strconv.Itoa(item.RegisterRank), item.Title, flow, item.Severity, horizon, placed)
		}
	}
	t.write(m.b, "Nothing to deliver yet.")
}

func (m *mdWriter) coverage() {
	m.heading(2, HeadingCoverage)
	m.heading(3, "Inspection areas")
	t := newTable("Area", "Touched", "Flows", "Answered fields")
	var untouched []string
	for _, a := range m.sum.Coverage {
		names := make([]string, len(a.Fields))
		for i, f := range a.Fields {
			names[i] = fieldLabel(f)
		}
		t.add(a.Title, yesNo(a.Touched), strconv.Itoa(len(a.Flows)), strings.Join(names, ", "))
		if !a.Touched {
			untouched = append(untouched, a.Title)
		}
	}
	t.write(m.b, "")
	if len(untouched) > 0 {
		m.para("Never touched: " + mdText(strings.Join(untouched, ", ")) + ".")
	}

	m.heading(3, "Steps and answers missing")
	type stepGap struct {
		flow, step string
		notDone    bool
		fields     []string
	}
	var rows []*stepGap
	for _, g := range m.sum.Gaps {
		if len(rows) == 0 || rows[len(rows)-1].flow != g.Flow || rows[len(rows)-1].step != g.Step {
			rows = append(rows, &stepGap{flow: g.Flow, step: g.Step})
		}
		row := rows[len(rows)-1]
		if g.Field == "" {
			row.notDone = true
		} else {
			row.fields = append(row.fields, g.Label)
		}
	}
	names := map[string]string{}
	for _, g := range m.sum.Gaps {
		names[g.Flow] = g.FlowName
	}
	gt := newTable("Flow", "Step", "Done", "Empty required answers")
	for _, r := range rows {
		done := "yes"
		if r.notDone {
			done = "no"
		}
		gt.add(names[r.flow], r.step, done, strings.Join(r.fields, ", "))
	}
	gt.write(m.b, "Every step is done and every required answer given.")
}

func (m *mdWriter) questions() {
	m.heading(2, HeadingQuestions)
	t := newTable("#", "Question", "Flow", "Step", "Ask", "Answer")
	for i, q := range m.sum.OpenQuestions {
		t.add(strconv.Itoa(i+1), q.Question, q.FlowName, q.Step, q.Ask, q.Answer)
	}
	t.write(m.b, "No open questions were parked.")
}

func (m *mdWriter) scales() {
	sc := m.sum.Scoring
	m.heading(2, HeadingScoring)
	t := newTable("Score", "Impact", "Likelihood")
	for i := range max(len(sc.Impact), len(sc.Likelihood)) {
		var imp, like string
		if i < len(sc.Impact) {
			imp = sc.Impact[i].Meaning
		}
		if i < len(sc.Likelihood) {
			like = sc.Likelihood[i].Meaning
		}
		t.add(strconv.Itoa(i+1), imp, like)
	}
	t.write(m.b, "")
	bands := make([]string, len(sc.Severity))
	for i, b := range sc.Severity {
		bands[i] = fmt.Sprintf("%s %d-%d", b.Severity, b.Min, b.Max)
	}
	m.para(mdText(sc.Formula) + "; " + strings.Join(bands, ", ") + ". A " + mdText(strings.TrimPrefix(sc.DefaultHorizon, "a ")) + ".")
	rt := newTable("Rule", "Fires when", "Impact", "Likelihood", "Horizon")
	for _, r := range sc.Rules {
		rt.add(r.Rule, r.FiresWhen, strconv.Itoa(r.Impact), strconv.Itoa(r.Likelihood), string(r.Horizon))
	}
	rt.write(m.b, "")
}

func (m *mdWriter) flowDetails() {
	m.heading(2, HeadingFlowDetails)
	if len(m.d.Flows) == 0 {
		m.para("No flows yet.")
		return
	}
	for i := range m.d.Flows {
		f := &m.d.Flows[i]
		name := f.Name
		if strings.TrimSpace(name) == "" {
			name = f.ID
		}
		m.heading(3, fmt.Sprintf("%d. %s", i+1, name))
		route := m.systemName(f.From) + " → " + m.systemName(f.To)
		if f.Via != "" {
			route += " via " + m.systemName(f.Via)
		}
		m.para(fmt.Sprintf("Domain %s; %s.", mdText(f.Domain), mdText(route)))
		t := newTable("Step", "Field", "Answer")
		for _, st := range model.Steps {
			status := " (open)"
			if f.StepDone(st) {
				status = " (done)"
			}
			for _, fd := range model.StepFields(st) {
				answer := f.Get(st, fd.Key)
				switch fd.Kind {
				case model.FieldSystem:
					answer = m.systemName(answer)
				case model.FieldSystems:
					var names []string
					for _, id := range f.Source.OtherWriters {
						names = append(names, m.systemName(id))
					}
					answer = strings.Join(names, ", ")
				}
				if strings.TrimSpace(answer) == "" {
					continue
				}
				t.add(st.Title()+status, fd.Label, answer)
			}
		}
		t.write(m.b, "Nothing captured yet.")
	}
}
