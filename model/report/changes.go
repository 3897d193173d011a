package report

import (
	"fmt"
	"io"
	"slices"
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
// (flows, answers, risks, domain decisions, findings), each change in one
// line: `Risk "Orders stuck" re-scored 12 → 20 (Web orders)`.
func ChangeSections(c *review.Changes) []ChangeSection {
	var out []ChangeSection
	add := func(kind, heading string, lines []string) {
		if len(lines) > 0 {
			out = append(out, ChangeSection{Kind: kind, Heading: heading, Lines: lines})
		}
	}
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

// changeValueRunes is as much of an answer as a line of changes quotes; the
// JSON diff has it whole.
const changeValueRunes = 80

// quoted is a value on one line, cut to fit, in quotes; an empty one says so.
func quoted(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(empty)"
	}
	if r := []rune(s); len(r) > changeValueRunes {
		s = string(r[:changeValueRunes-1]) + "…"
	}
	return `"` + s + `"`
}

func flowLine(f *review.FlowChange) string {
	switch f.Kind {
	case review.ChangeRenamed:
		return fmt.Sprintf("Flow %s renamed to %s", quoted(f.OldName), quoted(f.Name))
	case review.ChangeRemoved:
		return fmt.Sprintf("Flow %s removed", quoted(f.Name))
	}
	return fmt.Sprintf("Flow %s added", quoted(f.Name))
}

func answerLine(a *review.AnswerChange) string {
	step := "details"
	if st, ok := model.ParseStep(a.Step); ok {
		step = strings.ToLower(st.Title())
	}
	return fmt.Sprintf("Flow %s, %s, %s: %s → %s", quoted(a.FlowName), step, a.Label, quoted(a.Old), quoted(a.New))
}

func riskLine(r *review.RiskChange) string {
	var what string
	switch r.Kind {
	case review.ChangeNew:
		what = "new, score " + r.New
	case review.ChangeRemoved:
		what = "removed, score was " + r.Old
	case review.ChangeMerged:
		what = "merged into " + quoted(r.New)
	case review.ChangeClosed:
		what = "closed: " + r.New
	case review.ChangeRescored:
		what = "re-scored " + r.Old + " → " + r.New
	case review.ChangeReowned:
		what = "re-owned " + ownerText(r.Old) + " → " + ownerText(r.New)
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
	return inFlow(fmt.Sprintf("Finding %s %s: %s", f.Rule, f.Kind, strings.Join(strings.Fields(f.Title), " ")), f.Title, f.FlowName)
}

// WriteChangesText writes one line per change, for a terminal or a script;
// no changes is one line that says so.
func WriteChangesText(w io.Writer, c *review.Changes) error {
	var b strings.Builder
	sections := ChangeSections(c)
	if len(sections) == 0 {
		fmt.Fprintf(&b, "No changes since %s.\n", quoted(oldName(c)))
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
		b.WriteString(mdText(fmt.Sprintf("%s since %s; the steps' done marks and the session's details are not compared.",
			plural(c.Count(), "change", "changes"), old)) + "\n\n")
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
