package report

import (
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// The Word document's later parts, each as the HTML pack has it.

func docxRegister(d *docxBody, v *packView) {
	sum := v.Sum
	d.chapter(HeadingRegister, false)
	d.para("", "The room's risks and the findings it accepted. Score = impact × likelihood (1-25): critical 15-25, high 10-14, medium 5-9, low 1-4. Mitigated and accepted risks stay here, out of the plan. Each risk's detail follows the table.")
	if len(sum.Risks) == 0 {
		d.para("", "No risks yet.")
		return
	}
	rows := make([][]string, len(sum.Risks))
	for i := range sum.Risks {
		r := &sum.Risks[i]
		status := riskStatus(r)
		if r.Ticket != "" {
			status += " " + r.Ticket
		}
		rows[i] = []string{r.Number, r.Title, where(r.FlowName, r.Domain), r.Severity + " " + strconv.Itoa(r.Score), status, orDash(r.Owner), v.Money[i].Loss, v.Money[i].Effort}
	}
	d.table([]string{"#", "Risk", "Flow", "Severity", "Status", "Owner", "Expected loss a year", "Effort"}, rows, 3)
	d.heading(2, "Each risk")
	for i := range sum.Risks {
		r := &sum.Risks[i]
		d.heading(3, r.Number+". "+r.Title)
		d.labelled(clientFacts(sum, r))
		d.references("Evidence", r.Evidence)
	}
}

func docxSourceOfTruth(d *docxBody, sum *review.Summary) {
	d.chapter(HeadingSourceOfTruth, false)
	rows := make([][]string, len(sum.SourceOfTruth))
	for i, s := range sum.SourceOfTruth {
		domain := s.Domain
		if !s.Core {
			domain += " (not a core domain)"
		}
		status := s.Status
		switch s.Status {
		case "decided":
			if s.DecidedBy != "" {
				status += " by " + s.DecidedBy
			}
			if s.Rationale != "" {
				status += ": " + s.Rationale
			}
		case "parked":
			status += ": " + askedOf(s.Ask, s.Due)
		}
		var named []string
		for _, c := range s.Claims {
			named = append(named, c.FlowName+": "+c.SystemName)
		}
		rows[i] = []string{domain, status, orDash(s.SystemName), strings.Join(named, "; ")}
	}
	d.table([]string{"Domain", "Status", "Source of truth", "Named by"}, rows)
	for _, s := range sum.SourceOfTruth {
		d.references("Evidence, the "+s.Domain+" decision", s.Evidence)
	}
}

// docxPatterns follows the source-of-truth map on its page.
func docxPatterns(d *docxBody, sum *review.Summary) {
	d.heading(1, HeadingPatterns)
	if len(sum.Patterns) == 0 {
		d.para("", "No flows yet.")
		return
	}
	rows := make([][]string, len(sum.Patterns))
	for i, p := range sum.Patterns {
		rows[i] = []string{p.FlowName, p.Domain, orDash(string(p.Pattern)), orDash(p.Rationale)}
	}
	d.table([]string{"Flow", "Domain", "Pattern", "Why this pattern"}, rows)
}

func docxFindings(d *docxBody, v *packView) {
	d.chapter(HeadingAnnexFindings, false)
	d.para("", v.FindingsIntro)
	d.heading(2, HeadingToConfirm)
	if len(v.ToConfirm) == 0 {
		d.para("", "None: the room has triaged every finding.")
	} else {
		rows := make([][]string, len(v.ToConfirm))
		for i, f := range v.ToConfirm {
			rows[i] = []string{f.Title + "\n" + f.Message + "\n" + f.Key, where(f.FlowName, f.Domain), f.Severity + " " + strconv.Itoa(f.Score), f.Fix}
		}
		d.table([]string{"Finding", "Flow", "Suggested", "Suggested fix"}, rows, 2)
	}
	d.heading(2, HeadingDismissed)
	if len(v.Dismissed) == 0 {
		d.para("", "None dismissed.")
		return
	}
	rows := make([][]string, len(v.Dismissed))
	for i, f := range v.Dismissed {
		rows[i] = []string{f.Title + "\n" + f.Message + "\n" + f.Key, where(f.FlowName, f.Domain), orDash(f.Reason)}
	}
	d.table([]string{"Finding", "Flow", "Reason"}, rows)
}

func docxOwnership(d *docxBody, v *packView) {
	d.chapter(HeadingOwnership, false)
	d.para("", "Each flow against the roles the review asks about; gap marks a role nobody was named for.")
	if len(v.Ownership) == 0 {
		d.para("", "No flows yet.")
		return
	}
	rows := make([][]string, len(v.Ownership))
	for i, o := range v.Ownership {
		row := []string{o.Flow}
		for _, c := range o.Cells {
			if c.Gap {
				row = append(row, "gap")
			} else {
				row = append(row, c.Text)
			}
		}
		rows[i] = row
	}
	d.table(append([]string{"Flow"}, v.OwnerLabels...), rows)
}

func docxDecisions(d *docxBody, sum *review.Summary) {
	d.chapter(HeadingDecisions, false)
	for _, part := range []struct {
		title string
		list  []review.Decision
	}{{"Immediate fixes", sum.Decisions.Immediate}, {"Roadmap changes", sum.Decisions.Roadmap}} {
		d.heading(2, part.title)
		if len(part.list) == 0 {
			d.para("", "None.")
			continue
		}
		rows := make([][]string, len(part.list))
		for i, x := range part.list {
			rows[i] = []string{strconv.Itoa(x.Rank), riskNumber(x.RegisterRank), x.Severity, x.Title, orDash(x.Fix), orDash(x.Owner)}
		}
		d.table([]string{"Rank", "#", "Severity", "Risk", "Fix", "Owner"}, rows, 2)
	}
	d.heading(2, HeadingDecisionsAsked)
	if len(sum.DecisionsAsked) == 0 {
		d.para("", "None: the room decided what it was asked.")
	} else {
		rows := make([][]string, len(sum.DecisionsAsked))
		for i, a := range sum.DecisionsAsked {
			says := "-"
			if a.Kind != "question" {
				says = claimsText(a.Claims)
			}
			rows[i] = []string{a.Question, orDash(a.Ask), orDash(a.Due), orDash(a.Note), says}
		}
		d.table([]string{"Decision", "Who decides", "By", "What is open", "The flows say"}, rows)
	}
}

// docxDelivery follows the decision list on its page.
func docxDelivery(d *docxBody, v *packView) {
	d.heading(1, HeadingDelivery)
	d.para("", v.Slicing)
	if len(v.Sum.Slices) == 0 {
		d.para("", "Nothing to deliver yet.")
	}
	for _, s := range v.Sum.Slices {
		d.heading(2, "Slice "+strconv.Itoa(s.Slice))
		rows := make([][]string, len(s.Risks))
		for i, r := range s.Risks {
			rows[i] = []string{riskNumber(r.RegisterRank), r.Title, r.Severity, placedBy(r.ByHand)}
		}
		d.table([]string{"#", "Risk", "Severity", "Placed by"}, rows, 2)
	}
}

func docxRoadmap(d *docxBody, e *Exported, v *packView) error {
	d.chapter(HeadingRoadmap, false)
	if len(v.Roadmap) == 0 {
		d.para("", "Nothing to deliver yet.")
		return nil
	}
	if v.Dated {
		d.para("", "From "+v.StartDate+", the slices one after another at the team's capacity.")
	} else {
		d.para("Muted", "Not dated: set the roadmap start date. The timeline counts weeks from the start.")
	}
	pic, err := figure(e, PartRoadmap, d.figureBox())
	if err != nil {
		return err
	}
	d.figure(pic, "Roadmap timeline")
	d.table([]string{"When", "Slice", "Dates", "Person-days", "Exposure removed a year", "Risks", "Owners"}, roadmapRows(v.Roadmap))
	return nil
}

func roadmapRows(lines []roadmapLine) [][]string {
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = []string{l.Phase, l.Slice, l.Dates, l.Days, l.Removed, orDash(strings.Join(l.Risks, ", ")), orDash(strings.Join(l.Owners, ", "))}
	}
	return rows
}

func docxCoverage(d *docxBody, v *packView) {
	d.chapter(HeadingCoverage, false)
	d.para("", "Per inspection area, the flows that answered it: thin is fewer than half, untouched none.")
	rows := make([][]string, len(v.Coverage))
	for i, c := range v.Coverage {
		rows[i] = []string{c.Title, c.State, strconv.Itoa(c.Answered) + " of " + strconv.Itoa(c.Total), c.Fields}
	}
	d.table([]string{"Inspection area", "Coverage", "Flows", "Answered fields"}, rows)
	d.heading(2, "Steps not done")
	if len(v.StepsOpen) > 0 {
		d.bullets(v.StepsOpen)
	} else {
		d.para("", "Every step is done.")
	}
}

// docxQuestions follows the coverage on its page.
func docxQuestions(d *docxBody, sum *review.Summary) {
	d.heading(1, HeadingQuestions)
	if len(sum.OpenQuestions) == 0 {
		d.para("", "No open questions were parked.")
		return
	}
	rows := make([][]string, len(sum.OpenQuestions))
	for i, q := range sum.OpenQuestions {
		flow := q.FlowName
		if flow == "" {
			flow = "session"
		}
		if q.Step != "" {
			flow += " (" + q.Step + ")"
		}
		answer := "open"
		if q.Answered {
			answer = q.Answer
		}
		rows[i] = []string{strconv.Itoa(i + 1), q.Question, flow, orDash(q.Ask), answer}
	}
	d.table([]string{"#", "Question", "Flow", "Ask", "Answer"}, rows)
	for i, q := range sum.OpenQuestions {
		d.references("Evidence, question "+strconv.Itoa(i+1), q.Evidence)
	}
}

// docxScoring follows the open questions on their page.
func docxScoring(d *docxBody, v *packView) {
	sum := v.Sum
	d.heading(1, HeadingScoring)
	rows := make([][]string, len(v.Scales))
	for i, s := range v.Scales {
		rows[i] = []string{strconv.Itoa(s.Score), s.Impact, s.Likelihood}
	}
	d.table([]string{"Score", "Impact", "Likelihood"}, rows)
	var bands []string
	for _, b := range sum.Scoring.Severity {
		bands = append(bands, b.Severity+" "+strconv.Itoa(b.Min)+"-"+strconv.Itoa(b.Max))
	}
	d.para("", sum.Scoring.Formula+"; "+strings.Join(bands, ", ")+". A "+v.DefaultHorizon+".")
	if len(v.Checks) > 0 {
		d.heading(2, "The review's checks")
		rows := make([][]string, len(v.Checks))
		for i, c := range v.Checks {
			rows[i] = []string{c.Title, c.Sentence, strconv.Itoa(c.Impact), strconv.Itoa(c.Likelihood), c.Horizon}
		}
		d.table([]string{"Check", "What it looks for", "Impact", "Likelihood", "Horizon"}, rows)
	}
}

func docxAppendix(d *docxBody, doc *model.Document) {
	d.chapter(HeadingAppendix, false)
	if len(doc.Flows) == 0 {
		d.para("", "No flows yet.")
	}
	names := systemNames(doc)
	for i := range doc.Flows {
		f := newFlowView(doc, i, names)
		d.heading(2, strconv.Itoa(f.Number)+". "+f.Name)
		d.para("Muted", "Domain "+orDash(f.Domain)+"; "+f.Route+".")
		for k, st := range f.Steps {
			state := "open"
			if st.Done {
				state = "done"
			}
			d.heading(3, st.Title+" ("+state+")")
			links := *doc.Flows[i].StepEvidence(model.Steps[k])
			if len(st.Answers) == 0 && len(links) == 0 {
				d.para("Muted", "Nothing captured yet.")
			}
			d.labelled(st.Answers)
			d.references("Evidence", links)
		}
		if len(f.Risks) > 0 {
			d.heading(3, "Risks raised")
			d.bullets(f.Risks)
		}
	}
	d.para("Muted", "Made with archreview from the session "+oneLine(sessionTitle(doc))+"; every answer as the room gave it, with credentials redacted.")
}
