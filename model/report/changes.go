package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
)

// HeadingChangesSince starts the heading of what changed since the review a
// follow-up follows: "What changed since Spring review".
const HeadingChangesSince = "What changed since"

// ChangeSection is one kind of change as a reader meets it: a heading and a
// sentence per change, plain text for each writer to escape its own way.
type ChangeSection struct {
	Kind    string // flows, answers, risks, domains, findings
	Heading string
	Lines   []string
}

// ChangesTitle is the heading of the changes: what changed since the older
// version, by its name.
func ChangesTitle(c *review.Changes) string { return HeadingChangesSince + " " + oldName(c) }

// oldName names the older version: its session's name, or its id.
func oldName(c *review.Changes) string {
	if strings.TrimSpace(c.Old.Name) == "" {
		return c.Old.ID
	}
	return c.Old.Name
}

// ChangeSections lists the kinds of change there are, in a fixed order
// (systems, flows, answers, risks, domain decisions, findings), each change in one
// line: `Risk "Orders stuck" re-scored 12 → 20 (Web orders)`.
func ChangeSections(c *review.Changes) []ChangeSection {
	var out []ChangeSection
	add := func(kind, heading string, lines []string) {
		if len(lines) > 0 {
			out = append(out, ChangeSection{Kind: kind, Heading: heading, Lines: lines})
		}
	}
	add("systems", "Systems", mapLines(c.Systems, systemChangeLine))
	add("flows", "Flows", mapLines(c.Flows, flowLine))
	add("answers", "Answers", mapLines(c.Answers, answerLine))
	add("risks", "Risks", mapLines(c.Risks, riskLine))
	add("domains", "Domain decisions", mapLines(c.Domains, domainLine))
	add("findings", "Findings", mapLines(c.Findings, findingLine))
	return out
}

func mapLines[T any](items []T, line func(*T) string) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = line(&items[i])
	}
	return out
}

// quoted is a value on one line, whole, in quotes; an empty one says so.
func quoted(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(empty)"
	}
	return `"` + s + `"`
}

func systemChangeLine(s *review.SystemChange) string {
	switch s.Kind {
	case review.ChangeRenamed:
		return fmt.Sprintf("System %s renamed to %s", quoted(s.OldName), quoted(s.Name))
	case review.ChangeRemoved:
		return fmt.Sprintf("System %s retired: gone from the map", quoted(s.Name))
	case review.ChangeRetired:
		return fmt.Sprintf("System %s retired in the target state", quoted(s.Name))
	case review.ChangeReplaced:
		return fmt.Sprintf("System %s retired, replaced by %s", quoted(s.Name), quoted(s.New))
	case review.ChangeRef:
		return "System " + quoted(s.Name) + " " + refWords(s.OldRef, s.Ref)
	}
	return fmt.Sprintf("System %s added", quoted(s.Name))
}

// refWords says a link to the inventory set, changed or cleared: "linked
// to the inventory's sheet:APP-7", "ref changed from X to Y", "no longer
// linked to the inventory (was X)".
func refWords(o, n string) string {
	switch {
	case o == "":
		return "linked to the inventory's " + n
	case n == "":
		return "no longer linked to the inventory (was " + o + ")"
	}
	return "ref changed from " + o + " to " + n
}

// ChangesHeadline is the changes in one sentence, from their totals:
// "Since 2026-03-14: 1 critical risk mitigated, 1 flow added and 1
// removed, the Legacy WMS retired; exposure EUR 1.2m → EUR 400k a year."
// The exposure is said only when the risks are costed.
func ChangesHeadline(c *review.Changes) string {
	t := &c.Totals
	var parts []string
	parts = append(parts, closedRisks(c)...)
	for _, sev := range []struct {
		n    int
		name string
	}{{t.CriticalNew, "critical"}, {t.HighNew, "high"}} {
		if sev.n > 0 {
			parts = append(parts, plural(sev.n, "new "+sev.name+" risk", "new "+sev.name+" risks"))
		}
	}
	if p := addedRemoved(t.FlowsAdded, t.FlowsRemoved, "flow", "flows"); p != "" {
		parts = append(parts, p)
	}
	if t.SystemsAdded > 0 {
		parts = append(parts, plural(t.SystemsAdded, "system added", "systems added"))
	}
	if retired := retiredNames(c); len(retired) > 0 && len(retired) <= 3 {
		parts = append(parts, "the "+joinAnd(retired)+" retired")
	} else if len(retired) > 3 {
		parts = append(parts, plural(len(retired), "system", "systems")+" retired")
	}
	if t.DecisionsMade > 0 {
		parts = append(parts, plural(t.DecisionsMade, "domain decision made", "domain decisions made"))
	}
	since := c.Old.Date
	if since == "" {
		since = oldName(c)
	}
	s := "Since " + since + ": "
	if len(parts) == 0 {
		s += "no critical or high risk closed or new, and no flow or system added or retired"
	} else {
		s += strings.Join(parts, ", ")
	}
	if t.Costed {
		s += "; exposure " + moneyShort(t.Currency, t.ExposureBefore) + " → " + moneyShort(t.Currency, t.ExposureAfter) + " a year"
	}
	return s + "."
}

// closedRisks says the critical and high risks closed, by band and by how
// they were closed: "1 critical risk mitigated", "2 high risks accepted".
func closedRisks(c *review.Changes) []string {
	var out []string
	for _, sev := range []string{review.SeverityCritical, review.SeverityHigh} {
		for _, st := range []model.RiskStatus{model.RiskMitigated, model.RiskAccepted} {
			n := 0
			for _, r := range c.Risks {
				if r.Kind == review.ChangeClosed && r.Severity == sev && r.New == string(st) {
					n++
				}
			}
			if n > 0 {
				out = append(out, plural(n, sev+" risk "+string(st), sev+" risks "+string(st)))
			}
		}
	}
	return out
}

// addedRemoved is "1 flow added and 2 removed", or one of the halves.
func addedRemoved(added, removed int, one, many string) string {
	switch {
	case added > 0 && removed > 0:
		return plural(added, one, many) + " added and " + strconv.Itoa(removed) + " removed"
	case added > 0:
		return plural(added, one, many) + " added"
	case removed > 0:
		return plural(removed, one, many) + " removed"
	}
	return ""
}

// retiredNames are the systems gone or retired, by name.
func retiredNames(c *review.Changes) []string {
	var out []string
	for _, s := range c.Systems {
		if s.Kind == review.ChangeRemoved || s.Kind == review.ChangeRetired || s.Kind == review.ChangeReplaced {
			out = append(out, strings.Join(strings.Fields(s.Name), " "))
		}
	}
	return out
}

func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// ChangeRow is one line of the table under the headline.
type ChangeRow struct{ What, Count string }

// ChangesTable is the totals as the table under the headline gives them;
// the exposure row only when the risks are costed.
func ChangesTable(c *review.Changes) []ChangeRow {
	t := &c.Totals
	rows := []ChangeRow{
		{"Critical risks closed / new", itoa(t.CriticalClosed) + " / " + itoa(t.CriticalNew)},
		{"High risks closed / new", itoa(t.HighClosed) + " / " + itoa(t.HighNew)},
	}
	if t.Costed {
		rows = append(rows, ChangeRow{"Exposure a year, before → after", moneyShort(t.Currency, t.ExposureBefore) + " → " + moneyShort(t.Currency, t.ExposureAfter)})
	}
	return append(rows,
		ChangeRow{"Flows added / removed", itoa(t.FlowsAdded) + " / " + itoa(t.FlowsRemoved)},
		ChangeRow{"Systems added / retired", itoa(t.SystemsAdded) + " / " + itoa(t.SystemsRetired)},
		ChangeRow{"Domain decisions made", itoa(t.DecisionsMade)},
	)
}

func flowLine(f *review.FlowChange) string {
	switch f.Kind {
	case review.ChangeRenamed:
		return fmt.Sprintf("Flow %s renamed to %s", quoted(f.OldName), quoted(f.Name))
	case review.ChangeRemoved:
		return fmt.Sprintf("Flow %s removed", quoted(f.Name))
	case review.ChangeRef:
		return "Flow " + quoted(f.Name) + " " + refWords(f.OldRef, f.Ref)
	}
	return fmt.Sprintf("Flow %s added", quoted(f.Name))
}

func answerLine(a *review.AnswerChange) string {
	step := "details"
	if st, ok := model.ParseStep(a.Step); ok {
		step = strings.ToLower(st.Title())
	}
	if a.Field == model.EvidenceKey {
		return evidenceLine(a, step)
	}
	choices := answerChoices(a.Step, a.Field)
	return fmt.Sprintf("Flow %s, %s, %s: %s → %s", quoted(a.FlowName), step, a.Label, quoted(inWords(choices, a.Old)), quoted(inWords(choices, a.New)))
}

// answerChoices are the choices of the field an answer changed, nil when
// it takes no choice.
func answerChoices(step, key string) []model.Choice {
	fields := model.FlowFields
	if st, ok := model.ParseStep(step); ok {
		fields = model.StepFields(st)
	}
	for _, fd := range fields {
		if fd.Key == key && fd.Kind == model.FieldChoice {
			return fd.Choices
		}
	}
	return nil
}

// inWords is a choice as the room means it: its name in words and what it
// means, "alert to named owner (an alert reaches a named person or on-call
// rota)"; a value of none of the choices stays as typed.
func inWords(choices []model.Choice, v string) string {
	for _, ch := range choices {
		if ch.Value == strings.TrimSpace(v) && v != "" {
			return strings.ReplaceAll(ch.Value, "-", " ") + " (" + ch.Meaning + ")"
		}
	}
	return v
}

func riskLine(r *review.RiskChange) string {
	var what string
	switch r.Kind {
	case review.ChangeNew:
		what = "new, score " + r.New
	case review.ChangeRemoved:
		what = "removed, score was " + r.Old
	case review.ChangeRetiredWithFlow:
		what = "retired with the flow, score was " + r.Old
	case review.ChangeMerged:
		what = "merged into " + quoted(r.New)
	case review.ChangeClosed:
		what = "closed: " + r.New
	case review.ChangeRescored:
		what = "re-scored " + r.Old + " → " + r.New
	case review.ChangeReowned:
		what = "re-owned " + ownerText(r.Old) + " → " + ownerText(r.New)
	case review.ChangeTicket:
		what = "ticket " + r.New
		if r.Old != "" {
			what = "ticket " + r.Old + " → " + r.New
		}
		if r.New == "" {
			what = "ticket " + r.Old + " removed"
		}
	case review.ChangeEvidenceAdded:
		what = "evidence added: " + r.New
	case review.ChangeEvidenceRemoved:
		what = "evidence removed: " + r.Old
	default:
		what = "status " + r.Old + " → " + r.New
	}
	return inFlow(fmt.Sprintf("Risk %s %s", quoted(r.Title), what), r.Title, r.FlowName)
}

// inFlow adds the flow a risk or finding is about, unless its title says.
func inFlow(line, title, flowName string) string {
	flowName = strings.Join(strings.Fields(flowName), " ")
	if flowName == "" || strings.Contains(strings.Join(strings.Fields(title), " "), flowName) {
		return line
	}
	return line + " (" + flowName + ")"
}

func ownerText(s string) string {
	if strings.TrimSpace(s) == "" {
		return "nobody"
	}
	return s
}

func domainLine(d *review.DomainChange) string {
	switch d.Kind {
	case review.ChangeAdded:
		if d.Parked {
			return fmt.Sprintf("Domain %s %s", d.Domain, d.New)
		}
		return fmt.Sprintf("Domain %s decided: source of truth %s", d.Domain, quoted(d.New))
	case review.ChangeRemoved:
		return fmt.Sprintf("Domain %s decision removed (was %s)", d.Domain, quoted(d.Old))
	}
	var parts []string
	for _, f := range d.Fields {
		switch f {
		case "source_of_truth":
			parts = append(parts, "source of truth "+quoted(d.Old)+" → "+quoted(d.New))
		case "rationale":
			parts = append(parts, "rationale changed")
		case "decided_by":
			parts = append(parts, "decided by changed")
		case model.EvidenceKey:
			parts = append(parts, "evidence "+strings.Join(d.Evidence, ", "))
		case "status", "ask", "due":
			// One part says the move, whichever of them changed.
			if move := quoted(d.Old) + " → " + quoted(d.New); !slices.Contains(parts, move) && !slices.Contains(d.Fields, "source_of_truth") {
				parts = append(parts, move)
			}
		}
	}
	return fmt.Sprintf("Domain %s decision: %s", d.Domain, strings.Join(parts, "; "))
}

func findingLine(f *review.FindingChange) string {
	return inFlow(fmt.Sprintf("Finding %s: %s", f.Kind, strings.Join(strings.Fields(f.Title), " ")), f.Title, f.FlowName)
}

// WriteChangesText writes one line per change, for a terminal or a script;
// no changes is one line that says so.
func WriteChangesText(w io.Writer, c *review.Changes) error {
	var b strings.Builder
	sections := ChangeSections(c)
	if len(sections) == 0 {
		fmt.Fprintf(&b, "No changes since %s.\n", quoted(oldName(c)))
	} else {
		b.WriteString(ChangesHeadline(c) + "\n")
	}
	for _, s := range sections {
		for _, l := range s.Lines {
			b.WriteString(l + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteChangesMarkdown writes the changes under a heading of the level
// given, "What changed since <the older version>", with a heading one
// level down per kind of change. The decision pack of a follow-up review
// calls it at level 2.
func WriteChangesMarkdown(w io.Writer, c *review.Changes, level int) error {
	var b strings.Builder
	hashes := strings.Repeat("#", level)
	b.WriteString(hashes + " " + mdText(ChangesTitle(c)) + "\n\n")
	old := oldName(c)
	if c.Old.Date != "" {
		old += " (" + c.Old.Date + ")"
	}
	sections := ChangeSections(c)
	if len(sections) == 0 {
		b.WriteString(mdText("Nothing changed since "+old+" in the flows, their answers, the risks, the domain decisions or the findings.") + "\n\n")
	} else {
		b.WriteString("**" + mdText(ChangesHeadline(c)) + "**\n\n")
		b.WriteString("| Since " + mdText(old) + " | |\n|---|---:|\n")
		for _, r := range ChangesTable(c) {
			b.WriteString("| " + mdText(r.What) + " | " + mdText(r.Count) + " |\n")
		}
		b.WriteString("\n" + mdText(fmt.Sprintf("%s in all; the steps' done marks and the session's details are not compared.",
			plural(c.Count(), "change", "changes"))) + "\n\n")
	}
	for _, s := range sections {
		b.WriteString(hashes + "# " + s.Heading + "\n\n")
		for _, l := range s.Lines {
			b.WriteString("- " + mdText(l) + "\n")
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeChangesSection is the pack's section on what changed since the
// review it follows, when the export was given that review.
func writeChangesSection(w io.Writer, c *review.Changes) {
	if c != nil {
		_ = WriteChangesMarkdown(w, c, 2) // the pack's buffer keeps the error
	}
}

// leaving is a copy of the document as it leaves the laptop: private notes
// stripped unless asked for, every credential redacted.
func leaving(d *model.Document, includePrivate bool) *model.Document {
	return redacted(d.Clone(), includePrivate)
}

// redacted is leaving done to d itself.
func redacted(d *model.Document, includePrivate bool) *model.Document {
	if !includePrivate {
		d.StripPrivate()
	}
	d.MergeNote = nil // the note of this database's last merge never leaves it
	model.WalkText(d, func(_ model.TextPlace, text *string) { *text = redact.Text(*text) })
	return d
}

// Compare says what changed between two versions of a review as they leave
// the laptop: the changes quote answers, so both are compared without the
// private notes and with every credential redacted. rules are the newer
// version's pack's rule settings (review.DiffWith).
func Compare(before, after *model.Document, rules map[string]model.RuleSetting) review.Changes {
	return review.DiffWith(leaving(before, false), leaving(after, false), redact.MentionsCredential, rules)
}

// changesSince compares the previous review with the one exported (already
// redacted), by the export's rules; nil when there is none.
func changesSince(prev, exported *model.Document, rules map[string]model.RuleSetting) *review.Changes {
	if prev == nil {
		return nil
	}
	c := review.DiffWith(leaving(prev, false), exported, redact.MentionsCredential, rules)
	return &c
}

// changesHeatHTML is the heat maps before and after, side by side, for the
// pack's section on what changed.
func changesHeatHTML(c *review.Changes) template.HTML {
	var sb strings.Builder
	b := bufio.NewWriter(&sb)
	b.WriteString(`<div class="heat-change">`)
	for _, side := range []struct {
		cells *[5][5]int
		id    string
		title string
	}{{&c.Heat.Before, "heat-before-title", "Before, " + oldName(c)}, {&c.Heat.After, "heat-after-title", "After"}} {
		b.WriteString("<figure>")
		writeHeatSVG(b, heatFromCells(side.cells), side.id, side.title)
		b.WriteString("<figcaption>" + template.HTMLEscapeString(side.title) + "</figcaption></figure>")
	}
	b.WriteString("</div>\n")
	_ = b.Flush()                     // a strings.Builder does not fail
	return template.HTML(sb.String()) // the SVG escapes every text in it
}

// evidenceLine says a link added to or removed from a step's answers.
func evidenceLine(a *review.AnswerChange, step string) string {
	if a.New != "" {
		return fmt.Sprintf("Flow %s, %s: evidence added: %s", quoted(a.FlowName), step, a.New)
	}
	return fmt.Sprintf("Flow %s, %s: evidence removed: %s", quoted(a.FlowName), step, a.Old)
}
