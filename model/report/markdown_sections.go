package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

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
	m.table("No systems on the map yet.", []string{"System", "Kind", "Flows", "Notes"}, func(add func(...string)) {
		for _, s := range m.d.Systems {
			add(orDash(s.Name), string(s.Kind), strconv.Itoa(used[s.ID]), s.Notes) // an unnamed system is no id on the client's page
		}
	})
}

// targetState draws the map as the systems' targets leave it, as a
// Mermaid flowchart like the current-state map, new systems framed green,
// and lists the flows it cannot draw and each system's target.
func (m *mdWriter) targetState() {
	m.heading(2, HeadingTargetMap)
	m.para(mdText(targetCaption(m.sum)))
	m.b.WriteString("```mermaid\n")
	writeMermaid(m.b, buildTargetMap(m.d, m.sum))
	m.b.WriteString("```\n\n")
	if lines := orphanedLines(m.d, m.sum); len(lines) > 0 {
		m.heading(3, "Flows left without an end")
		for _, l := range lines {
			m.line("- %s", mdText(l))
		}
		m.b.WriteByte('\n')
	}
	m.table("", []string{"System", "Target", "In its place", "Slice"}, func(add func(...string)) {
		for _, t := range m.sum.TargetState.Systems {
			if t.Action == "" {
				continue
			}
			slice := "-"
			if t.Slice > 0 {
				slice = itoa(t.Slice)
			}
			add(orDash(t.Name), string(t.Action), orDash(t.ByName), slice)
		}
	})
}

// heatMap is the heat map as a table: impact down, likelihood across, each
// cell the number of open risks there and its band.
func (m *mdWriter) heatMap() {
	m.heading(2, HeadingHeatMap)
	h := countHeat(m.sum)
	m.para("Open risks by impact (rows, 5 at the top) and likelihood (columns); each cell gives the number of open risks and the band of its score (impact × likelihood).")
	m.table("", []string{"Impact", "Likelihood 1", "Likelihood 2", "Likelihood 3", "Likelihood 4", "Likelihood 5"}, func(add func(...string)) {
		for imp := 5; imp >= 1; imp-- {
			row := []string{itoa(imp)}
			for like := 1; like <= 5; like++ {
				row = append(row, itoa(h.cells[imp][like])+" ("+review.SeverityOf(imp*like)+" "+itoa(imp*like)+")")
			}
			add(row...)
		}
	})
	m.para(h.note() + ".")
}

func (m *mdWriter) sourceOfTruth() {
	m.heading(2, HeadingSourceOfTruth)
	const claimsShown = 10
	m.table("", []string{"Domain", "Core", "Status", "Source of truth", "Named by"}, func(add func(...string)) {
		for _, row := range m.sum.SourceOfTruth {
			var claims []string
			for _, c := range row.Claims[:min(len(row.Claims), claimsShown)] {
				claims = append(claims, isolate(c.FlowName)+": "+isolate(c.SystemName))
			}
			if len(row.Claims) > claimsShown {
				claims = append(claims, fmt.Sprintf("and %d more", len(row.Claims)-claimsShown))
			}
			add(row.Domain, yesNo(row.Core), domainStatus(row), row.SystemName, strings.Join(claims, "\n"))
		}
	})
	m.decisionEvidence()
}

// domainStatus says where a domain's source of truth stands, with the
// room's decision when it made one.
func domainStatus(row review.DomainSource) string {
	status := row.Status
	switch row.Status {
	case review.StatusDecided:
		if strings.TrimSpace(row.DecidedBy) != "" {
			status += " by " + isolate(row.DecidedBy)
		}
		if strings.TrimSpace(row.Rationale) != "" {
			status += ": " + isolate(row.Rationale)
		}
	case review.StatusParked:
		status += ": " + askedOf(row.Ask, row.Due)
	}
	return status
}

func (m *mdWriter) patterns() {
	m.heading(2, HeadingPatterns)
	m.table("No flows yet.", []string{"Flow", "Domain", "Pattern", "Why this pattern"}, func(add func(...string)) {
		for _, p := range m.sum.Patterns {
			add(p.FlowName, p.Domain, string(p.Pattern), p.Rationale)
		}
	})
}

// registerColumns are the register table's columns: few enough to read on
// a page; the rest of each risk is listed under the table.
var registerColumns = []string{"#", "Score", "Severity", "Risk", "Flow", "Status", "Owner", "Expected loss a year", "Effort"}

func (m *mdWriter) register() {
	m.heading(2, HeadingRegister)
	m.para("Score = impact × likelihood; critical 15-25, high 10-14, medium 5-9, low 1-4 (scales under " + HeadingScoring + "). " +
		"Each risk's fix, horizon, slice, ticket, the findings it covers and its flags follow the table; mitigated and accepted risks stay here, out of the plan.")
	money := riskMoneyOf(m.sum)
	m.table("No risks yet.", registerColumns, func(add func(...string)) {
		for i := range m.sum.Risks {
			r := &m.sum.Risks[i]
			add(r.Number, strconv.Itoa(r.Score), r.Severity, r.Title, whereIsolated(r.FlowName, r.Domain), riskStatus(r), orDash(r.Owner), money[i].Loss, money[i].Effort)
		}
	})
	if len(m.sum.Risks) == 0 {
		return
	}
	m.heading(3, "Each risk")
	for i := range m.sum.Risks {
		r := &m.sum.Risks[i]
		m.b.WriteString("**" + r.Number + ". ")
		m.b.WriteString(mdText(isolate(r.Title)))
		m.b.WriteString("**\n\n")
		for _, f := range clientFacts(m.sum, r).without("Flow", "Owner", "Status") {
			m.b.WriteString("- " + f.Label + ": ")
			m.b.WriteString(mdText(f.Value))
			m.b.WriteByte('\n')
		}
		m.evidenceItem(r.Evidence)
		m.b.WriteByte('\n')
	}
}

// Findings sub-headings.
const (
	HeadingToConfirm = "Findings to confirm"
	HeadingDismissed = "Dismissed findings"
)

// findingsIntro says what the annex's findings are.
const findingsIntro = "What the review's checks caught on their own, for the review team: the room confirms each, and an accepted finding enters the risk register. " +
	"Those still to confirm are counted in the executive summary; the dismissed ones are listed with the reason."

func (m *mdWriter) findings() {
	m.heading(2, HeadingAnnexFindings)
	m.para(findingsIntro)
	m.heading(3, HeadingToConfirm)
	m.table("None: the room has triaged every finding.", []string{"Key", "Score", "Flow", "Finding", "Suggested fix"}, func(add func(...string)) {
		for i := range m.sum.Findings {
			if f := &m.sum.Findings[i]; f.Status == review.FindingOpen {
				add(f.Key, strconv.Itoa(f.Score)+" "+f.Severity, whereIsolated(f.FlowName, f.Domain), f.Message, f.Fix)
			}
		}
	})
	m.heading(3, HeadingDismissed)
	m.table("None dismissed.", []string{"Key", "Flow", "Finding", "Reason"}, func(add func(...string)) {
		for i := range m.sum.Findings {
			if f := &m.sum.Findings[i]; f.Status == review.FindingDismissed {
				add(f.Key, whereIsolated(f.FlowName, f.Domain), f.Message, f.Reason)
			}
		}
	})
}

func (m *mdWriter) ownership() {
	m.heading(2, HeadingOwnership)
	labels := map[string]string{}
	for _, f := range model.StepFields(model.StepOwner) {
		labels[f.Key] = f.Label
	}
	head := []string{"Flow", labels["flow_owner"], labels["failures"], labels["retries"], labels["dashboards"],
		labels["runbooks"], labels["release_handoff"], "Gaps"}
	m.table("No flows yet.", head, func(add func(...string)) {
		for i := range m.sum.Ownership {
			o := &m.sum.Ownership[i]
			gaps := make([]string, len(o.Gaps))
			for i, g := range o.Gaps {
				gaps[i] = labels[g]
			}
			add(o.FlowName, o.FlowOwner, o.Failures, o.Retries, o.Dashboards, o.Runbooks, o.ReleaseHandoff, strings.Join(gaps, ", "))
		}
	})
}

func (m *mdWriter) decisions() {
	m.heading(2, HeadingDecisions)
	list := func(title, empty string, ds []review.Decision) {
		m.heading(3, title)
		m.table(empty, []string{"Rank", "#", "Severity", "Risk", "Flow", "Fix", "Owner", "Slice"}, func(add func(...string)) {
			for i := range ds {
				d := &ds[i]
				var flow, slice string
				if r := d.RegisterRank - 1; r >= 0 && r < len(m.sum.Risks) {
					flow, slice = whereIsolated(m.sum.Risks[r].FlowName, m.sum.Risks[r].Domain), strconv.Itoa(m.sum.Risks[r].Slice)
				}
				add(strconv.Itoa(d.Rank), riskNumber(d.RegisterRank), d.Severity, d.Title, flow, d.Fix, d.Owner, slice)
			}
		})
	}
	list("Immediate fixes", "No immediate fixes.", m.sum.Decisions.Immediate)
	list("Roadmap changes", "No roadmap changes.", m.sum.Decisions.Roadmap)
	m.heading(3, HeadingDecisionsAsked)
	m.table("None: the room decided what it was asked.", []string{"Decision", "Who decides", "By", "What is open", "The flows say"}, func(add func(...string)) {
		for i := range m.sum.DecisionsAsked {
			a := &m.sum.DecisionsAsked[i]
			says := claimsText(a.Claims)
			if a.Kind == review.DecisionAskedQuestion {
				says = "-" // a question is no domain the flows name a source for
			}
			add(a.Question, orDash(a.Ask), orDash(a.Due), a.Note, says)
		}
	})
}

// HeadingDecisionsAsked heads the decisions the room asked of someone else.
const HeadingDecisionsAsked = "Decisions asked"

// askedOf says who decides a parked domain and by when.
func askedOf(ask, due string) string {
	s := "asked of " + isolate(orDash(strings.TrimSpace(ask)))
	if due != "" {
		s += " by " + due
	}
	return s
}

// claimsText lists what the flows say a domain's source of truth is.
func claimsText(claims []review.Claim) string {
	if len(claims) == 0 {
		return "no flow names one"
	}
	parts := make([]string, len(claims))
	for i, c := range claims {
		parts[i] = isolate(c.FlowName) + ": " + isolate(c.SystemName)
	}
	return strings.Join(parts, "; ")
}

func (m *mdWriter) delivery() {
	m.heading(2, HeadingDelivery)
	m.para(slicingSentence(m.sum))
	m.table("Nothing to deliver yet.", []string{"Slice", "#", "Risk", "Flow", "Severity", "Horizon", "Placed by"}, func(add func(...string)) {
		for _, s := range m.sum.Slices {
			for i := range s.Risks {
				item := &s.Risks[i]
				var flow, horizon string
				if r := item.RegisterRank - 1; r >= 0 && r < len(m.sum.Risks) {
					flow, horizon = whereIsolated(m.sum.Risks[r].FlowName, m.sum.Risks[r].Domain), string(m.sum.Risks[r].Horizon)
				}
				add(strconv.Itoa(s.Slice), riskNumber(item.RegisterRank), item.Title, flow, item.Severity, horizon, placedBy(item.ByHand))
			}
		}
	})
}

// assumptions are the business case's assumptions, one small table each.
func (m *mdWriter) assumptions() {
	m.heading(2, HeadingAssumptions)
	intro, tables := assumptionsOf(m.d.Session)
	m.para(mdText(intro))
	for _, t := range tables {
		m.table("", []string{t.By, t.Title}, func(add func(...string)) {
			for _, r := range t.Rows {
				add(r.Label, r.Value)
			}
		})
	}
}

// roadmap is the dated roadmap: Now, Next and Later, slice by slice.
func (m *mdWriter) roadmap() {
	m.heading(2, HeadingRoadmap)
	lines, dated := roadmapOf(m.sum)
	switch {
	case len(lines) == 0:
	case dated:
		m.para("From " + m.sum.BusinessCase.Slices[0].Start + ", the slices one after another at the team's capacity.")
	default:
		m.para("Not dated: set the roadmap start date.")
	}
	m.table("Nothing to deliver yet.", []string{"When", "Slice", "Dates", "Person-days", "Exposure removed a year", "Risks", "Owners"}, func(add func(...string)) {
		for _, l := range lines {
			add(l.Phase, l.Slice, l.Dates, l.Days, l.Removed, orDash(strings.Join(l.Risks, ", ")), orDash(joinIsolated(l.Owners, ", ")))
		}
	})
}

func (m *mdWriter) coverage() {
	m.heading(2, HeadingCoverage)
	m.heading(3, "Inspection areas")
	m.table("", []string{"Area", "Touched", "Flows", "Answered fields"}, func(add func(...string)) {
		for _, a := range m.sum.Coverage {
			names := make([]string, len(a.Fields))
			for i, f := range a.Fields {
				names[i] = fieldLabel(f)
			}
			add(a.Title, yesNo(a.Touched), strconv.Itoa(len(a.Flows)), strings.Join(names, ", "))
		}
	})
	var untouched []string
	for _, a := range m.sum.Coverage {
		if !a.Touched {
			untouched = append(untouched, a.Title)
		}
	}
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
	m.table("Every step is done and every required answer given.", []string{"Flow", "Step", "Done", "Empty required answers"}, func(add func(...string)) {
		for _, r := range rows {
			done := "yes"
			if r.notDone {
				done = "no"
			}
			add(names[r.flow], r.step, done, strings.Join(r.fields, ", "))
		}
	})
}

func (m *mdWriter) questions() {
	m.heading(2, HeadingQuestions)
	m.table("No open questions were parked.", []string{"#", "Question", "Flow", "Step", "Ask", "Answer"}, func(add func(...string)) {
		for i := range m.sum.OpenQuestions {
			q := &m.sum.OpenQuestions[i]
			add(strconv.Itoa(i+1), q.Question, q.FlowName, q.Step, q.Ask, q.Answer)
		}
	})
	m.questionEvidence()
}

func (m *mdWriter) scales() {
	sc := m.sum.Scoring
	m.heading(2, HeadingScoring)
	m.table("", []string{"Score", "Impact", "Likelihood"}, func(add func(...string)) {
		for i := range max(len(sc.Impact), len(sc.Likelihood)) {
			var imp, like string
			if i < len(sc.Impact) {
				imp = sc.Impact[i].Meaning
			}
			if i < len(sc.Likelihood) {
				like = sc.Likelihood[i].Meaning
			}
			add(strconv.Itoa(i+1), imp, like)
		}
	})
	bands := make([]string, len(sc.Severity))
	for i, b := range sc.Severity {
		bands[i] = fmt.Sprintf("%s %d-%d", b.Severity, b.Min, b.Max)
	}
	m.para(mdText(sc.Formula) + "; " + strings.Join(bands, ", ") + ". A " + mdText(strings.TrimPrefix(sc.DefaultHorizon, "a ")) + ".")
	m.table("", []string{"The review's check", "What it looks for", "Impact", "Likelihood", "Horizon"}, func(add func(...string)) {
		for _, r := range sc.Rules {
			w, _ := review.WordsOf(r.Rule)
			add(orDash(w.Title), orDash(w.Sentence), strconv.Itoa(r.Impact), strconv.Itoa(r.Likelihood), string(r.Horizon))
		}
	})
}

func (m *mdWriter) flowDetails() {
	m.heading(2, HeadingAppendix)
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
		m.heading(3, fmt.Sprintf("%d. %s", i+1, isolate(name)))
		route := isolate(m.systemName(f.From)) + " → " + isolate(m.systemName(f.To))
		if f.Via != "" {
			route += " via " + isolate(m.systemName(f.Via))
		}
		m.para(fmt.Sprintf("Domain %s; %s.", mdText(f.Domain), mdText(route)))
		m.table("Nothing captured yet.", []string{"Step", "Field", "Answer"}, func(add func(...string)) {
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
					if fd.Answered(answer) {
						add(st.Title()+status, fd.Label, answer)
					}
				}
			}
		})
		m.stepEvidence(f)
	}
}
