package review

import (
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
)

// The demo is a partner's pack, not only a room's answers: it is valid,
// every open risk of it is costed but one and sized, two decisions are
// asked with a date, systems have targets that move flows, and the slices
// are dated from the start date at the team's capacity.
func TestTheDemoCarriesTheBusinessCase(t *testing.T) {
	d := model.Demo(testNow)
	if problems := model.Validate(d); len(problems) > 0 {
		t.Fatalf("the demo is not valid: %v", problems)
	}
	sum := Summarize(d, redact.MentionsCredential)
	bc := sum.BusinessCase
	if bc.Currency != "EUR" || bc.Exposure.Expected <= 0 || bc.Exposure.Low >= bc.Exposure.Expected || bc.Exposure.High <= bc.Exposure.Expected {
		t.Errorf("the demo's exposure is %+v in %q; want a range in EUR", bc.Exposure, bc.Currency)
	}
	if bc.NotCosted > 1 {
		t.Errorf("%d of the demo's open risks are not costed", bc.NotCosted)
	}
	for _, r := range bc.Risks {
		if !r.EffortDays.Known {
			t.Errorf("risk %s is not sized", r.Risk)
		}
	}
	if len(sum.DecisionsAsked) != 2 {
		t.Errorf("the demo asks %d decisions, want 2 (a question and the parked order master)", len(sum.DecisionsAsked))
	}
	for _, a := range sum.DecisionsAsked {
		if a.Due == "" || a.Ask == "" {
			t.Errorf("decision %+v has no one to decide or no date", a)
		}
	}
	moved := 0
	for _, f := range sum.TargetState.Flows {
		if f.Status != "unchanged" {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no flow of the demo changes in the target state")
	}
	if len(bc.Slices) < 2 || bc.Slices[0].Start != d.Session.StartDate || bc.Slices[1].Start <= bc.Slices[0].End {
		t.Errorf("the demo's slices are not dated one after another from %s: %+v", d.Session.StartDate, bc.Slices)
	}
	if answers := model.DemoAnswers(testNow); len(answers.Systems) != len(d.Systems)-1 || answers.Session.StartDate != "" {
		t.Error("DemoAnswers is not the demo without its business case")
	}
}
