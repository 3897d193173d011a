package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"archreview/model"
	"archreview/model/review"
)

// Markdown headings of the decision pack, in the order they appear.
const (
	HeadingExecutive     = "Executive summary"
	HeadingSystems       = "Current-state map"
	HeadingSourceOfTruth = "Source-of-truth map"
	HeadingPatterns      = "Pattern decisions"
	HeadingRegister      = "Risk register"
	HeadingFindings      = "Findings"
	HeadingOwnership     = "Ownership matrix"
	HeadingDecisions     = "Decision list"
	HeadingDelivery      = "Delivery sequence"
	HeadingCoverage      = "Coverage and gaps"
	HeadingQuestions     = "Open questions"
	HeadingScoring       = "Scoring scales"
	HeadingFlowDetails   = "Flow details"
)

// MarkdownHeadings lists the second-level headings every pack has.
var MarkdownHeadings = []string{
	HeadingExecutive, HeadingSystems, HeadingSourceOfTruth, HeadingPatterns, HeadingRegister,
	HeadingFindings, HeadingOwnership, HeadingDecisions, HeadingDelivery, HeadingCoverage,
	HeadingQuestions, HeadingScoring, HeadingFlowDetails,
}

// executiveListed caps the risks and conflicts the executive summary names;
// the rest are in their sections.
const executiveListed = 10

// WriteMarkdown writes the decision pack a consultant hands over: session
// facts, an executive summary, then every section of the pack as
// GitHub-flavoured tables, and each flow's answers as an appendix. Give it an
// export, whose text is already redacted; an export without a summary gets
// one derived. The pack goes to w as it is made, through a buffer, so its
// text is never held whole; each table is laid out whole, to pad its columns.
// The same export always gives the same bytes.
func WriteMarkdown(w io.Writer, e *Exported) error {
	d := &e.Document
	m := &mdWriter{b: bufio.NewWriterSize(w, writeBuffer), d: d, sum: summaryOf(e), systems: map[string]*model.System{}}
	for i := range d.Systems {
		if _, dup := m.systems[d.Systems[i].ID]; !dup {
			m.systems[d.Systems[i].ID] = &d.Systems[i]
		}
	}
	m.title()
	m.executive()
	m.currentState()
	m.sourceOfTruth()
	m.patterns()
	m.register()
	m.findings()
	m.ownership()
	m.decisions()
	m.delivery()
	m.coverage()
	m.questions()
	m.scales()
	m.flowDetails()
	return m.b.Flush()
}

// mdWriter writes one pack. Its buffer keeps the first write error and
// drops what follows it, so the sections need not check; Flush reports it.
type mdWriter struct {
	b       *bufio.Writer
	d       *model.Document
	sum     *review.Summary
	systems map[string]*model.System
}

func (m *mdWriter) line(format string, args ...any) {
	fmt.Fprintf(m.b, format, args...)
	m.b.WriteByte('\n')
}

func (m *mdWriter) heading(level int, text string) {
	m.b.WriteString(strings.Repeat("#", level) + " " + mdInline(text) + "\n\n")
}

func (m *mdWriter) para(text string) {
	m.b.WriteString(text + "\n\n")
}

func (m *mdWriter) systemName(id string) string {
	if id == "" {
		return ""
	}
	if s, ok := m.systems[id]; ok && strings.TrimSpace(s.Name) != "" {
		return s.Name
	}
	return id
}

func (m *mdWriter) title() {
	s := m.d.Session
	name := s.Name
	if strings.TrimSpace(name) == "" {
		name = s.ID
	}
	m.heading(1, "Integration architecture review: "+name)
	fact := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			value = "-"
		}
		m.line("- **%s:** %s", label, mdInline(value))
	}
	fact("Client", s.Client)
	fact("Date", s.Date)
	fact("Facilitator", s.Facilitator)
	fact("Participants", strings.Join(s.Participants, ", "))
	fact("Exported", m.d.ExportedAt)
	if strings.TrimSpace(s.Notes) != "" {
		fact("Notes", s.Notes)
	}
	m.b.WriteByte('\n')
}

func (m *mdWriter) executive() {
	sum := m.sum
	m.heading(2, HeadingExecutive)
	p := sum.Progress
	started := 0
	for i := range m.d.Flows {
		if m.d.Flows[i].StepsDone() > 0 {
			started++
		}
	}
	m.line("- **Flows:** %s on the map; %d walked through all four steps, %d started, %d not started; %d of %d steps done (%d%%).",
		plural(p.Flows, "flow", "flows"), p.FlowsComplete, started-p.FlowsComplete, p.Flows-started, p.StepsDone, p.StepsTotal, p.Percent)

	bySeverity := map[string]int{}
	flagged := 0
	for _, r := range sum.Risks {
		bySeverity[r.Severity]++
		if slices.Contains(r.Flags, review.FlagNoFix) || slices.Contains(r.Flags, review.FlagNoOwner) {
			flagged++
		}
	}
	m.line("- **Risks:** %s in the register: %d critical, %d high, %d medium, %d low; %d without a fix or an owner.",
		plural(len(sum.Risks), "risk", "risks"), bySeverity[review.SeverityCritical], bySeverity[review.SeverityHigh],
		bySeverity[review.SeverityMedium], bySeverity[review.SeverityLow], flagged)

	var conflicts, missing, decided []string
	for _, row := range sum.SourceOfTruth {
		switch {
		case row.Status == review.StatusDecided:
			decided = append(decided, row.Domain)
		case row.Status == review.StatusConflict:
			conflicts = append(conflicts, row.Domain)
		case row.Status == review.StatusMissing && row.Core:
			missing = append(missing, row.Domain)
		}
	}
	m.line("- **Source of truth:** %s%s; %s%s; %s%s.",
		plural(len(decided), "domain decided", "domains decided"), listInParens(decided),
		plural(len(conflicts), "conflict", "conflicts"), listInParens(conflicts),
		plural(len(missing), "core domain missing", "core domains missing"), listInParens(missing))

	m.line("- **Findings:** %s from the rules: %d still to confirm, %d in the register, %d dismissed.",
		plural(len(sum.Findings), "finding", "findings"), sum.Triage.ToConfirm, sum.Triage.Covered, sum.Triage.Dismissed)

	stepsOpen, answersEmpty := 0, 0
	for _, g := range sum.Gaps {
		if g.Field == "" {
			stepsOpen++
		} else {
			answersEmpty++
		}
	}
	var untouched []string
	thin := 0
	for _, a := range sum.Coverage {
		switch a.State {
		case review.CoverageUntouched:
			untouched = append(untouched, a.Title)
		case review.CoverageThin:
			thin++
		}
	}
	m.line("- **Gaps:** %s not done, %s empty; of %d inspection areas, %d thin (fewer than half the flows) and %d untouched%s.",
		plural(stepsOpen, "step", "steps"), plural(answersEmpty, "required answer", "required answers"),
		len(sum.Coverage), thin, len(untouched), listInParens(untouched))

	open := 0
	for _, q := range sum.OpenQuestions {
		if !q.Answered {
			open++
		}
	}
	m.line("- **Open questions:** %d open of %d.", open, len(sum.OpenQuestions))
	m.b.WriteByte('\n')

	var top []review.RegisterEntry
	for _, r := range sum.Risks {
		if r.Severity == review.SeverityCritical || r.Severity == review.SeverityHigh {
			top = append(top, r)
		}
	}
	if len(top) > 0 {
		m.para("**Critical and high risks**")
		for _, r := range top[:min(len(top), executiveListed)] {
			m.line("%d. %s %d: %s (%s)", r.Rank, r.Severity, r.Score, mdInline(r.Title), mdInline(where(r.FlowName, r.Domain)))
		}
		if len(top) > executiveListed {
			m.line("\n...and %d more in the %s.", len(top)-executiveListed, strings.ToLower(HeadingRegister))
		}
		m.b.WriteByte('\n')
	}
	if len(conflicts) > 0 {
		m.para("**Source-of-truth conflicts**")
		for _, f := range sum.Findings {
			if f.Rule == review.RuleSOTConflict {
				m.line("- %s", mdInline(f.Message))
			}
		}
		m.b.WriteByte('\n')
	}
}
