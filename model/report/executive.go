package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// The executive summary is the pack's first content page, the one a partner
// hands to the CIO: a headline that gives the answer in one sentence, three
// to five key messages each with its figure, the decisions asked of the
// client, and what doing nothing costs beside what the first slices take.
// It speaks the client's language: risks by their R-number and title,
// domains and people by name, no ids, rule codes or setting names. The text
// is plain, each name in it isolated (bidi.go); each format escapes it as
// it writes it.

// Caps of the one page; the sections after it hold the rest.
const (
	// topRisksNamed is how many risks the key messages name.
	topRisksNamed = 3
	// decisionsListed is how many decisions asked the page's table lists.
	decisionsListed = 5
	// slicesCompared is how many slices the cost comparison sets beside
	// doing nothing.
	slicesCompared = 2
)

// Headings inside the executive summary.
const (
	headingDecisionsNeeded = "Decisions we need from you"
	headingCostOfNothing   = "The cost of doing nothing"
)

// onePage is the executive summary's content.
type onePage struct {
	Headline  string
	Messages  []string
	Decisions []decisionLine
	// MoreDecisions counts the decisions asked the table leaves to the
	// decision list.
	MoreDecisions int
	// Cost compares doing nothing with the first slices; its first row is
	// doing nothing.
	Cost []costLine
}

// decisionLine is one decision asked: who decides, what, by when, and what
// the room recommends.
type decisionLine struct{ Who, What, By, Recommendation string }

// costLine is one row of the cost comparison: a course, the effort and
// dates it takes, the expected annual loss it removes and the loss left
// once it is taken.
type costLine struct{ Course, Effort, When, Removes, Left string }

// executiveSummary works out the one page from the summary.
func executiveSummary(d *model.Document, sum *review.Summary) onePage {
	f := pageFiguresOf(sum)
	p := onePage{Headline: headline(&f, sum), Messages: keyMessages(&f, d, sum), Cost: costComparison(&sum.BusinessCase)}
	for i := range sum.DecisionsAsked {
		if i == decisionsListed {
			p.MoreDecisions = len(sum.DecisionsAsked) - i
			break
		}
		a := &sum.DecisionsAsked[i]
		p.Decisions = append(p.Decisions, decisionLine{Who: orDash(oneLine(a.Ask)), What: oneLine(a.Question), By: orDash(a.Due), Recommendation: orDash(oneLine(a.Recommendation))})
	}
	return p
}

// pageFigures are what the headline and the key messages are made of.
type pageFigures struct {
	open []*review.RegisterEntry // the open risks, by rank
	// top are the open critical and high risks, by rank.
	top []*review.RegisterEntry
	// undecided are the domains without one agreed source of truth, each
	// with where it stands.
	undecided, undecidedWhy []string
	costed                  bool
	expected                map[string]review.Amount // by risk id
}

func pageFiguresOf(sum *review.Summary) pageFigures {
	f := pageFigures{expected: map[string]review.Amount{}}
	for i := range sum.Risks {
		r := &sum.Risks[i]
		if !isOpenRisk(r) {
			continue
		}
		f.open = append(f.open, r)
		if r.Severity == review.SeverityCritical || r.Severity == review.SeverityHigh {
			f.top = append(f.top, r)
		}
	}
	for _, row := range sum.SourceOfTruth {
		why := ""
		switch {
		case row.Status == review.StatusParked:
			why = askedOf(oneLine(row.Ask), row.Due)
		case row.Status == review.StatusConflict:
			why = "the flows name different systems"
		case row.Status == review.StatusMissing && row.Core:
			why = "no flow names one"
		default:
			continue
		}
		f.undecided = append(f.undecided, isolate(row.Domain))
		f.undecidedWhy = append(f.undecidedWhy, isolate(row.Domain)+" ("+why+")")
	}
	bc := &sum.BusinessCase
	for _, rc := range bc.Risks {
		f.expected[rc.Risk] = rc.Expected
	}
	f.costed = bc.Exposure.Expected > 0
	return f
}

// headline is the page's answer in one sentence: what is at stake a year
// and what the first slices remove of it, or without cost data the worst
// risks and the sources of truth left undecided; then the decisions asked.
func headline(f *pageFigures, sum *review.Summary) string {
	bc := &sum.BusinessCase
	risks := f.top
	kind := "critical and high"
	if len(risks) == 0 {
		risks, kind = f.open, "open"
	}
	if len(risks) == 0 {
		return "The register holds no open risk yet" + decisionsClause(sum, "; ") + "."
	}
	lead := capitalize(numberWord(len(risks))) + " " + kind + " " + pluralWord(len(risks), "risk", "risks")
	var s string
	if f.costed {
		s = lead + " put about " + moneyShort(bc.Currency, bc.Exposure.Expected) + " a year at stake"
		if n, days, removed := firstSlices(bc); removed > 0 {
			s += "; the first " + pluralWord(n, "slice", numberWord(n)+" slices") + ", " + model.FormatNumber(days) + " person-days, " +
				pluralWord(n, "removes", "remove") + " " + ofIt(bc.Currency, removed, bc.Exposure.Expected)
		}
	} else {
		s = lead + " " + pluralWord(len(risks), "leads", "lead") + " the register"
		if len(f.undecided) > 0 {
			s += ", and the source of truth for " + review.JoinNames(f.undecided) + " is undecided"
		}
	}
	return s + decisionsClause(sum, "; ") + "."
}

// decisionsClause says how many decisions are asked of the client and the
// first due date, after sep; "" when none is asked.
func decisionsClause(sum *review.Summary, sep string) string {
	n := len(sum.DecisionsAsked)
	if n == 0 {
		return ""
	}
	s := sep + numberWord(n) + " " + pluralWord(n, "decision is", "decisions are") + " needed from you"
	if due := sum.DecisionsAsked[0].Due; due != "" {
		s += ", the first by " + due
	}
	return s
}

// ofIt says how much of the exposure an amount removes.
func ofIt(currency string, removed, exposure int64) string {
	if removed >= exposure {
		return "all of it"
	}
	return moneyShort(currency, removed) + " of it"
}

// firstSlices are how many slices the comparison shows, their effort and
// the exposure they remove together.
func firstSlices(bc *review.BusinessCase) (n int, days float64, removed int64) {
	n = min(slicesCompared, len(bc.Slices))
	for _, sc := range bc.Slices[:n] {
		days += sc.EffortDays
		removed += sc.ExposureRemoved
	}
	return n, days, removed
}

// keyMessages are three to five sentences, each with its figure: what the
// open risks cost a year, the worst of them, the sources of truth left
// undecided, the decisions asked, how far the walk got, and what is not
// costed when the review has no cost data.
func keyMessages(f *pageFigures, d *model.Document, sum *review.Summary) []string {
	bc := &sum.BusinessCase
	var out []string
	notCosted := ""
	if bc.NotCosted > 0 {
		notCosted = "; " + plural(bc.NotCosted, "open risk", "open risks") + " " + isAre(bc.NotCosted) + " not costed yet and not counted in it"
	}
	if f.costed {
		out = append(out, "The open risks are expected to cost "+model.FormatMoney(bc.Currency, bc.Exposure.Expected)+" a year, between "+
			model.FormatMoney(bc.Currency, bc.Exposure.Low)+" and "+model.FormatMoney(bc.Currency, bc.Exposure.High)+
			" on the review's assumptions"+notCosted+".")
	}
	out = append(out, topRisksMessage(f, bc))
	if len(f.undecided) > 0 {
		out = append(out, "The source of truth is undecided for "+review.JoinNames(f.undecidedWhy)+": until it is settled, systems overwrite each other's data.")
	} else {
		out = append(out, "Every core domain has one source of truth the flows agree on or the room decided.")
	}
	if n := len(sum.DecisionsAsked); n > 0 {
		var who []string
		for _, a := range sum.DecisionsAsked {
			if w := isolate(oneLine(a.Ask)); w != "" && !slices.Contains(who, w) {
				who = append(who, w)
			}
		}
		s := capitalize(numberWord(n)) + " " + pluralWord(n, "decision is", "decisions are") + " asked"
		if len(who) > 0 {
			s += " of " + review.JoinNames(who)
		}
		if due := sum.DecisionsAsked[0].Due; due != "" {
			s += ", the first by " + due
		}
		out = append(out, s+".")
	}
	p := sum.Progress
	// A system only planned (introduced in the target state) is not one
	// the room walked flows between.
	today := 0
	for _, s := range d.Systems {
		if s.Target.Action != model.TargetIntroduce {
			today++
		}
	}
	walk := "The review walked " + plural(p.Flows, "flow", "flows") + " between " + plural(today, "system", "systems") + "; " +
		itoa(p.FlowsComplete) + " went through all four steps and " + itoa(p.Percent) + "% of the steps are done"
	if t := sum.Triage.ToConfirm; t > 0 {
		walk += ", with " + plural(t, "finding", "findings") + " left for the review team to confirm"
	}
	out = append(out, walk+".")
	if !f.costed && len(f.open) > 0 {
		out = append(out, "No open risk is costed yet: a downtime cost an hour on the flows, or a cost per incident on the risks, would put a figure on "+
			pluralWord(len(f.open), "it", "all "+numberWord(len(f.open))+" of them")+".")
	}
	return out
}

// topRisksMessage names the worst open risks by R-number and title, each
// with its expected loss a year, or its severity and score when it is not
// costed.
func topRisksMessage(f *pageFigures, bc *review.BusinessCase) string {
	if len(f.open) == 0 {
		return "The register holds no open risk."
	}
	picks := f.top
	if len(picks) == 0 {
		picks = f.open
	}
	picks = picks[:min(topRisksNamed, len(picks))]
	parts := make([]string, len(picks))
	for i, r := range picks {
		figure := r.Severity + ", " + itoa(r.Score) + " of 25"
		if a := f.expected[r.ID]; a.Known {
			figure = moneyShort(bc.Currency, a.Value) + " a year"
		}
		parts[i] = r.Number + " “" + isolate(oneLine(r.Title)) + "” (" + figure + ")"
	}
	lead := "The worst risks are "
	if len(picks) == 1 {
		lead = "The worst risk is "
	}
	return lead + review.JoinNames(parts) + "."
}

// costComparison sets the expected annual loss of doing nothing beside the
// first slices: their effort and dates, what each removes and the loss left
// once it is done.
func costComparison(bc *review.BusinessCase) []costLine {
	costed := bc.Exposure.Expected > 0
	money := func(v int64) string {
		if !costed {
			return "not costed"
		}
		return model.FormatMoney(bc.Currency, v)
	}
	today := money(bc.Exposure.Expected)
	if costed {
		today += " (" + model.FormatMoney(bc.Currency, bc.Exposure.Low) + " to " + model.FormatMoney(bc.Currency, bc.Exposure.High) + ")"
	}
	out := []costLine{{Course: "Do nothing", Effort: "none", When: "from today", Removes: "nothing", Left: today}}
	n, _, _ := firstSlices(bc)
	for i, sc := range bc.Slices[:n] {
		line := costLine{Course: "Deliver slice " + strconv.Itoa(sc.Slice), Effort: "not sized", When: "not dated yet",
			Removes: money(sc.ExposureRemoved), Left: money(bc.ExposureAfter(i))}
		if i > 0 {
			line.Course = "Then slice " + strconv.Itoa(sc.Slice)
		}
		if sc.EffortDays > 0 {
			line.Effort = model.FormatNumber(sc.EffortDays) + " person-days"
		}
		if sc.Start != "" {
			line.When = sc.Start + " to " + sc.End
		}
		out = append(out, line)
	}
	return out
}

// moneyShort writes an amount as a headline says it: "EUR 1.9m",
// "EUR 480k", "EUR 12.5k"; below ten thousand in full.
func moneyShort(currency string, v int64) string {
	if v < 10_000 {
		return model.FormatMoney(currency, v)
	}
	units := []struct {
		div  float64
		name string
	}{{1e3, "k"}, {1e6, "m"}, {1e9, "bn"}}
	u := 0
	for u+1 < len(units) && float64(v) >= units[u+1].div {
		u++
	}
	short := func(u int) (string, float64) {
		x := float64(v) / units[u].div
		prec := 1
		if x >= 100 {
			prec = 0
		}
		s := strconv.FormatFloat(x, 'f', prec, 64)
		r, _ := strconv.ParseFloat(s, 64)
		return strings.TrimSuffix(s, ".0"), r
	}
	s, rounded := short(u)
	if rounded >= 1000 && u+1 < len(units) {
		// 999,999 rounds to 1000k: say 1m.
		u++
		s, _ = short(u)
	}
	prefix := ""
	if currency != "" {
		prefix = currency + " "
	}
	return prefix + s + units[u].name
}

var numberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// numberWord spells a count up to ten, as a sentence does; digits above.
func numberWord(n int) string {
	if n >= 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return itoa(n)
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
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
