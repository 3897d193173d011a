package report

import (
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// fixFirstListed is how many risks the executive summary names as the ones
// to fix first; the register has the rest.
const fixFirstListed = 3

// executiveSummary is the pack's opening, written as sentences a CIO reads
// without the tables: how far the review got, what to fix first and why,
// what the room settled about sources of truth, what is left to confirm,
// where the review is thin, and how the work is cut. The sentences are plain
// text; each format escapes them as it writes them.
func executiveSummary(d *model.Document, sum *review.Summary) []string {
	var out []string
	p := sum.Progress
	out = append(out, "The review mapped "+plural(len(d.Systems), "system", "systems")+" and "+plural(p.Flows, "flow", "flows")+
		"; "+itoa(p.FlowsComplete)+" of them went through all four steps (source, contract, failure, owner), and "+
		itoa(p.Percent)+"% of the steps are done.")
	out = append(out, fixFirst(sum))
	out = append(out, sourceOfTruthSentence(sum))
	out = append(out, findingsSentence(sum))
	if s := coverageSentence(sum); s != "" {
		out = append(out, s)
	}
	open := 0
	for _, q := range sum.OpenQuestions {
		if !q.Answered {
			open++
		}
	}
	if open > 0 {
		out = append(out, plural(open, "question", "questions")+" nobody in the room could answer "+isAre(open)+" parked with who to ask.")
	}
	if n := len(sum.Slices); n > 0 {
		out = append(out, "The work is cut into "+plural(n, "delivery slice", "delivery slices")+" of at most "+itoa(sum.Scoring.SliceSize)+
			" items each, immediate fixes first.")
	}
	return out
}

// fixFirst names the top immediate fixes (or the top of the register when
// the room set none) with why: their score and what their impact means.
func fixFirst(sum *review.Summary) string {
	var picks []*review.RegisterEntry
	byID := map[string]*review.RegisterEntry{}
	for i := range sum.Risks {
		byID[sum.Risks[i].ID] = &sum.Risks[i]
	}
	for _, dec := range sum.Decisions.Immediate {
		if r, ok := byID[dec.Risk]; ok && len(picks) < fixFirstListed {
			picks = append(picks, r)
		}
	}
	lead := "Fix first"
	if len(picks) == 0 {
		for i := range sum.Risks {
			if len(picks) < fixFirstListed && isOpenRisk(&sum.Risks[i]) {
				picks = append(picks, &sum.Risks[i])
			}
		}
		lead = "No fix is marked immediate; the register's worst are"
	}
	if len(picks) == 0 {
		return "The register holds no open risk yet."
	}
	parts := make([]string, len(picks))
	for i, r := range picks {
		why := r.Severity + " " + itoa(r.Score) + " of 25"
		if r.Impact >= 1 && r.Impact < len(model.ImpactLevels) {
			why += ", " + model.ImpactLevels[r.Impact]
		}
		parts[i] = "“" + oneLine(r.Title) + "” on " + oneLine(where(r.FlowName, r.Domain)) + " (" + why + ")"
	}
	return lead + ": " + review.JoinNames(parts) + "."
}

func sourceOfTruthSentence(sum *review.Summary) string {
	var decided, agreed, conflict, missing, parked []string
	for _, row := range sum.SourceOfTruth {
		switch {
		case row.Status == review.StatusParked:
			parked = append(parked, row.Domain+" ("+oneLine(askedOf(row.Ask, row.Due))+")")
		case row.Status == review.StatusDecided:
			decided = append(decided, row.Domain+" ("+oneLine(row.SystemName)+")")
		case row.Status == review.StatusOK:
			agreed = append(agreed, row.Domain+" ("+oneLine(row.SystemName)+")")
		case row.Status == review.StatusConflict:
			conflict = append(conflict, row.Domain)
		case row.Status == review.StatusMissing && row.Core:
			missing = append(missing, row.Domain)
		}
	}
	var parts []string
	if len(decided) > 0 {
		parts = append(parts, "the room decided the source of truth for "+review.JoinNames(decided))
	}
	if len(agreed) > 0 {
		parts = append(parts, "the flows agree on it for "+review.JoinNames(agreed))
	}
	if len(conflict) > 0 {
		parts = append(parts, review.JoinNames(conflict)+" "+hasHave(len(conflict))+" flows naming different sources, to settle")
	}
	if len(missing) > 0 {
		parts = append(parts, review.JoinNames(missing)+" "+hasHave(len(missing))+" no source of truth named yet")
	}
	if len(parked) > 0 {
		parts = append(parts, "the room parked "+review.JoinNames(parked)+" for a decision")
	}
	if len(parts) == 0 {
		return "No domain has a source of truth on file yet."
	}
	s := strings.Join(parts, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}

// findingsSentence says how many of the rules' findings the room has still
// to confirm: accept into the register, merge into a risk, or dismiss.
func findingsSentence(sum *review.Summary) string {
	t := sum.Triage
	s := plural(t.ToConfirm, "finding", "findings") + " still to confirm: the review's rules raised them from the answers, and the room has not yet accepted or dismissed them"
	if t.ToConfirm == 0 {
		s = "No finding is left to confirm"
	}
	return s + "; " + itoa(t.Covered) + " " + isAre(t.Covered) + " covered by the register and " + itoa(t.Dismissed) + " dismissed with a reason."
}

// coverageSentence names the inspection areas the review left thin (fewer
// than half the flows answered) or untouched.
func coverageSentence(sum *review.Summary) string {
	var thin, untouched []string
	for _, a := range sum.Coverage {
		switch a.State {
		case review.CoverageThin:
			thin = append(thin, a.Title+" ("+itoa(a.Answered)+" of "+itoa(a.Total)+" flows)")
		case review.CoverageUntouched:
			untouched = append(untouched, a.Title)
		}
	}
	var parts []string
	if len(thin) > 0 {
		parts = append(parts, "coverage is thin on "+review.JoinNames(thin))
	}
	if len(untouched) > 0 {
		parts = append(parts, "the review never touched "+review.JoinNames(untouched))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}

// oneLine is text on one line, as a sentence quotes it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}
