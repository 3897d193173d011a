package model

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Markdown writes the decision pack a consultant hands over: session facts,
// an executive summary, then every section of the pack as GitHub-flavoured
// tables, and each flow's answers as an appendix. Give it an exported
// document, whose text is already redacted; a document without a summary
// gets one derived. The same document always gives the same bytes.
func Markdown(d *Document) []byte {
	sum := summaryOf(d)
	m := &mdWriter{d: d, sum: sum, systems: map[string]*System{}}
	// Sized up front from the session: growing a buffer of megabytes by
	// doubling was a quarter of a large export.
	m.b.Grow(4096*len(d.Flows) + 640*len(sum.Risks) + 16<<10)
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
	return m.b.Bytes()
}

type mdWriter struct {
	b       bytes.Buffer
	d       *Document
	sum     *Summary
	systems map[string]*System
}

func (m *mdWriter) line(format string, args ...any) {
	fmt.Fprintf(&m.b, format, args...)
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
		if hasFlag(r.Flags, FlagNoFix) || hasFlag(r.Flags, FlagNoOwner) {
			flagged++
		}
	}
	m.line("- **Risks:** %s in the register: %d critical, %d high, %d medium, %d low; %d without a fix or an owner.",
		plural(len(sum.Risks), "risk", "risks"), bySeverity[SeverityCritical], bySeverity[SeverityHigh],
		bySeverity[SeverityMedium], bySeverity[SeverityLow], flagged)

	var conflicts, missing []string
	for _, row := range sum.SourceOfTruth {
		switch {
		case row.Status == StatusConflict:
			conflicts = append(conflicts, row.Domain)
		case row.Status == StatusMissing && row.Core:
			missing = append(missing, row.Domain)
		}
	}
	m.line("- **Source of truth:** %s%s; %s%s.",
		plural(len(conflicts), "conflict", "conflicts"), listInParens(conflicts),
		plural(len(missing), "core domain missing", "core domains missing"), listInParens(missing))

	rules := map[string]bool{}
	for _, f := range sum.Findings {
		rules[f.Rule] = true
	}
	unconfirmed := 0
	for _, r := range sum.Risks {
		if hasFlag(r.Flags, FlagNotStarted) {
			unconfirmed++
		}
	}
	m.line("- **Findings:** %s from %s; %d of the register's entries come from flows the room has not started yet (flagged flow-not-started), so confirm them before acting.",
		plural(len(sum.Findings), "finding", "findings"), plural(len(rules), "rule", "rules"), unconfirmed)

	stepsOpen, answersEmpty := 0, 0
	for _, g := range sum.Gaps {
		if g.Field == "" {
			stepsOpen++
		} else {
			answersEmpty++
		}
	}
	var untouched []string
	for _, a := range sum.Coverage {
		if !a.Touched {
			untouched = append(untouched, a.Title)
		}
	}
	m.line("- **Gaps:** %s not done, %s empty, %d of %d inspection areas never touched%s.",
		plural(stepsOpen, "step", "steps"), plural(answersEmpty, "required answer", "required answers"),
		len(untouched), len(sum.Coverage), listInParens(untouched))

	open := 0
	for _, q := range sum.OpenQuestions {
		if !q.Answered {
			open++
		}
	}
	m.line("- **Open questions:** %d open of %d.", open, len(sum.OpenQuestions))
	m.b.WriteByte('\n')

	var top []RegisterEntry
	for _, r := range sum.Risks {
		if r.Severity == SeverityCritical || r.Severity == SeverityHigh {
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
			if f.Rule == RuleSOTConflict {
				m.line("- %s", mdInline(f.Message))
			}
		}
		m.b.WriteByte('\n')
	}
}

func (m *mdWriter) currentState() {
	m.heading(2, HeadingSystems)
	used := map[string]int{}
	for i := range m.d.Flows {
		f := &m.d.Flows[i]
		seen := map[string]bool{}
		for _, id := range append([]string{f.From, f.To, f.Via, f.Source.System}, f.Source.OtherWriters...) {
			if id != "" && !seen[id] {
				seen[id] = true
				used[id]++
			}
		}
	}
	t := newTable("System", "Kind", "Flows", "Notes")
	for _, s := range m.d.Systems {
		t.add(m.systemName(s.ID), string(s.Kind), strconv.Itoa(used[s.ID]), s.Notes)
	}
	t.write(&m.b, "No systems on the map yet.")
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
		status := row.Status
		if !row.Core {
			status += " (not demanded)"
		}
		t.add(row.Domain, yesNo(row.Core), status, row.SystemName, strings.Join(claims, "\n"))
	}
	t.write(&m.b, "")
}

func (m *mdWriter) patterns() {
	m.heading(2, HeadingPatterns)
	t := newTable("Flow", "Domain", "Pattern", "Why this pattern")
	for _, p := range m.sum.Patterns {
		t.add(p.FlowName, p.Domain, string(p.Pattern), p.Rationale)
	}
	t.write(&m.b, "No flows yet.")
}

func (m *mdWriter) register() {
	m.heading(2, HeadingRegister)
	m.para("Score = impact × likelihood; critical 15-25, high 10-14, medium 5-9, low 1-4 (scales under " + HeadingScoring + "). " +
		"Flags mark a risk without a fix or an owner; origin says whether the room raised it or a rule did.")
	t := newTable("#", "Score", "Severity", "Risk", "Flow", "I×L", "Revenue", "Customer", "Fix", "Horizon", "Owner", "Slice", "Origin", "Flags")
	for _, r := range m.sum.Risks {
		t.add(strconv.Itoa(r.Rank), strconv.Itoa(r.Score), r.Severity, r.Title, where(r.FlowName, r.Domain),
			fmt.Sprintf("%d×%d", r.Impact, r.Likelihood), yesNo(r.RevenueCritical), yesNo(r.CustomerVisible),
			r.Fix, string(r.Horizon), r.Owner, strconv.Itoa(r.Slice), originLabel(r.Origin), strings.Join(r.Flags, ", "))
	}
	t.write(&m.b, "No risks yet.")
}

func (m *mdWriter) findings() {
	m.heading(2, HeadingFindings)
	t := newTable("Rule", "Flow", "Finding")
	for _, f := range m.sum.Findings {
		t.add(f.Rule, where(f.FlowName, f.Domain), f.Message)
	}
	t.write(&m.b, "No rule found anything to report.")
}

func (m *mdWriter) ownership() {
	m.heading(2, HeadingOwnership)
	labels := map[string]string{}
	for _, f := range StepFields(StepOwner) {
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
	t.write(&m.b, "No flows yet.")
}

func (m *mdWriter) decisions() {
	m.heading(2, HeadingDecisions)
	list := func(title, empty string, ds []Decision) {
		m.heading(3, title)
		t := newTable("#", "Register #", "Severity", "Risk", "Flow", "Fix", "Owner", "Slice")
		for _, d := range ds {
			var flow, slice string
			if r := d.RegisterRank - 1; r >= 0 && r < len(m.sum.Risks) {
				flow, slice = where(m.sum.Risks[r].FlowName, m.sum.Risks[r].Domain), strconv.Itoa(m.sum.Risks[r].Slice)
			}
			t.add(strconv.Itoa(d.Rank), strconv.Itoa(d.RegisterRank), d.Severity, d.Title, flow, d.Fix, d.Owner, slice)
		}
		t.write(&m.b, empty)
	}
	list("Immediate fixes", "No immediate fixes.", m.sum.Decisions.Immediate)
	list("Roadmap changes", "No roadmap changes.", m.sum.Decisions.Roadmap)
}

func (m *mdWriter) delivery() {
	m.heading(2, HeadingDelivery)
	m.para(fmt.Sprintf("A slice set by hand wins; otherwise immediate fixes go to slice 1 and roadmap items follow in register order, up to %d a slice.", SliceSize))
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
	t.write(&m.b, "Nothing to deliver yet.")
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
	t.write(&m.b, "")
	if len(untouched) > 0 {
		m.para("Never touched: " + mdInline(strings.Join(untouched, ", ")) + ".")
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
	gt.write(&m.b, "Every step is done and every required answer given.")
}

func (m *mdWriter) questions() {
	m.heading(2, HeadingQuestions)
	t := newTable("#", "Question", "Flow", "Step", "Ask", "Answer")
	for i, q := range m.sum.OpenQuestions {
		t.add(strconv.Itoa(i+1), q.Question, q.FlowName, q.Step, q.Ask, q.Answer)
	}
	t.write(&m.b, "No open questions were parked.")
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
	t.write(&m.b, "")
	bands := make([]string, len(sc.Severity))
	for i, b := range sc.Severity {
		bands[i] = fmt.Sprintf("%s %d-%d", b.Severity, b.Min, b.Max)
	}
	m.para(mdInline(sc.Formula) + "; " + strings.Join(bands, ", ") + ". A " + mdInline(strings.TrimPrefix(sc.DefaultHorizon, "a ")) + ".")
	rt := newTable("Rule", "Fires when", "Impact", "Likelihood", "Horizon")
	for _, r := range sc.Rules {
		rt.add(r.Rule, r.FiresWhen, strconv.Itoa(r.Impact), strconv.Itoa(r.Likelihood), string(r.Horizon))
	}
	rt.write(&m.b, "")
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
		m.para(fmt.Sprintf("Domain %s; %s.", mdInline(f.Domain), mdInline(route)))
		t := newTable("Step", "Field", "Answer")
		for _, st := range Steps {
			status := " (open)"
			if f.StepDone(st) {
				status = " (done)"
			}
			for _, fd := range StepFields(st) {
				answer := f.Get(st, fd.Key)
				switch fd.Kind {
				case FieldSystem:
					answer = m.systemName(answer)
				case FieldSystems:
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
		t.write(&m.b, "Nothing captured yet.")
	}
}

// mdTable collects a GitHub-flavoured table and writes it with its columns
// padded where that keeps the plain text readable.
type mdTable struct {
	head []string
	rows [][]string
}

// mdPadLimit is the widest column padded; wider ones would push every row
// off the screen for the sake of one long answer.
const mdPadLimit = 32

func newTable(head ...string) *mdTable { return &mdTable{head: head} }

func (t *mdTable) add(cells ...string) {
	row := make([]string, len(t.head))
	for i := range row {
		if i < len(cells) {
			row[i] = mdCell(cells[i])
		}
	}
	t.rows = append(t.rows, row)
}

// write writes the table, or the empty text when it has no rows and the
// text is not "".
// spaces pads table cells without allocating.
const spaces = "                                "

func (t *mdTable) write(b *bytes.Buffer, empty string) {
	if len(t.rows) == 0 && empty != "" {
		b.WriteString(empty + "\n\n")
		return
	}
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = max(3, utf8.RuneCountInString(h))
	}
	for _, row := range t.rows {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for i := range width {
		if width[i] > mdPadLimit {
			width[i] = 0
		}
	}
	writeRow := func(cells []string) {
		b.WriteByte('|')
		for i, c := range cells {
			b.WriteByte(' ')
			b.WriteString(c)
			for pad := width[i] - utf8.RuneCountInString(c); pad > 0; pad -= len(spaces) {
				b.WriteString(spaces[:min(pad, len(spaces))])
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
	}
	head := make([]string, len(t.head))
	rule := make([]string, len(t.head))
	for i, h := range t.head {
		head[i] = mdCell(h)
		rule[i] = strings.Repeat("-", max(3, width[i]))
	}
	writeRow(head)
	writeRow(rule)
	for _, row := range t.rows {
		writeRow(row)
	}
	b.WriteByte('\n')
}

// mdCell makes text safe inside a table cell: pipes escaped, line breaks as
// <br>, nothing a renderer would read as an HTML tag, no control characters.
func mdCell(s string) string {
	s = strings.TrimSpace(sanitizeText(s))
	if s == "" || !strings.ContainsAny(s, "|\n<") {
		return s // most cells need no escaping: skip the copy
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch {
		case r == '|':
			b.WriteString(`\|`)
		case r == '\n':
			b.WriteString("<br>")
		case r == '<' && startsTag(s[i+1:]):
			b.WriteString("&lt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdInline makes text safe on one line of a list or a heading.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(sanitizeText(s)), " ")
	var b strings.Builder
	for i, r := range s {
		if r == '<' && startsTag(s[i+1:]) {
			b.WriteString("&lt;")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// startsTag reports whether text after a '<' could open an HTML tag or comment.
func startsTag(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return r == '/' || r == '!' || r == '?' || r < utf8.RuneSelf && unicode.IsLetter(r)
}

// sanitizeText drops what a terminal or renderer would act on: control and
// direction-override characters, bytes that are not UTF-8. Tabs become
// spaces, carriage returns are dropped; line breaks stay.
func sanitizeText(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if clean && r != '\n' && IsTerminalControl(r) {
			clean = false
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case IsTerminalControl(r):
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// where names what a register entry or finding is about: its flow, or the
// domain or session when it is about no one flow.
func where(flowName, domain string) string {
	switch {
	case flowName != "":
		return flowName
	case domain != "":
		return domain + " domain"
	}
	return "session"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func listInParens(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return " (" + mdInline(strings.Join(items, ", ")) + ")"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func hasFlag(flags []string, flag string) bool {
	for _, f := range flags {
		if f == flag {
			return true
		}
	}
	return false
}

// fieldLabel names a field path ("contract.transport") the way the app's
// screens do ("Transport"), for a reader of the pack.
func fieldLabel(path string) string {
	step, key, ok := strings.Cut(path, ".")
	if !ok {
		return path
	}
	fields := FlowFields
	if st, isStep := ParseStep(step); isStep {
		fields = StepFields(st)
	}
	if f, found := FieldByKey(fields, key); found {
		return f.Label
	}
	return path
}

// originLabel says where a register entry came from in words.
func originLabel(origin string) string {
	if rule, ok := strings.CutPrefix(origin, originRulePrefix); ok {
		return "review rule " + rule
	}
	if origin == OriginFacilitator {
		return "the room"
	}
	return origin
}
