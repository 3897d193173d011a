package review

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
)

func TestFollowUpCarriesTheReviewAndResetsTheSteps(t *testing.T) {
	prev := diffBase()
	prev.Session.Client, prev.Session.Facilitator = "Fictional Outfitters", "R. Lead"
	prev.Session.Participants, prev.Session.Notes = []string{"CIO", "Ops lead"}, "scope: web and stores"
	prev.Session.TimeboxMinutes, prev.Session.SliceSize = 15, 3
	flowOf(prev, "web").Failure.Risks[0].Ticket = "INT-142"
	flowOf(prev, "stock").Failure.Risks[0].Status = model.RiskMitigated
	prev.Triage = []model.Triage{{Finding: FindingKey(RuleNoOwner, "stock", ""), Status: model.TriageDismissed, Reason: "vendor owns it"}}
	prev.OpenQuestions = []model.OpenQuestion{
		{ID: "q1", Flow: "web", Step: "failure", Question: "Who replays failed orders?", Ask: "Ops"},
		{ID: "q2", Question: "Is there a cutover plan?", Answer: "Yes, in the PMO folder"},
	}
	prev.Pack = &model.PackRef{ID: "retail", Version: "1", SHA256: strings.Repeat("ab", 32)}
	keep := prev.Clone()
	now := time.Date(2026, 9, 1, 14, 30, 0, 0, time.UTC)

	d := FollowUp(prev, model.Session{ID: "s2", Name: "Autumn follow-up"}, now)

	if !reflect.DeepEqual(prev, keep) {
		t.Error("FollowUp changed the previous review")
	}
	if ps := model.Validate(d); len(ps) > 0 {
		t.Fatalf("the follow-up is not a valid document: %v", ps)
	}
	s := d.Session
	if s.ID != "s2" || s.Name != "Autumn follow-up" || s.Date != "2026-09-01" || s.CreatedAt != "2026-09-01T14:30:00Z" {
		t.Errorf("session %+v, want the new id and name, dated and stamped now", s)
	}
	if s.Client != "Fictional Outfitters" || s.Facilitator != "R. Lead" || s.TimeboxMinutes != 15 || s.SliceSize != 3 {
		t.Errorf("session %+v, want the client, facilitator, timebox and slice size carried", s)
	}
	if len(s.Participants) != 0 || s.Notes != "" {
		t.Errorf("participants %v and notes %q carried; they are the meeting's", s.Participants, s.Notes)
	}
	if d.Follows != "s1" {
		t.Errorf("follows %q, want the previous session's id s1", d.Follows)
	}
	if !reflect.DeepEqual(d.Systems, prev.Systems) {
		t.Error("systems not carried as they were")
	}
	if len(d.Flows) != len(prev.Flows) {
		t.Fatalf("%d flows, want %d", len(d.Flows), len(prev.Flows))
	}
	for i := range d.Flows {
		f, p := d.Flows[i], prev.Flows[i].Clone()
		if f.StepsDone() != 0 {
			t.Errorf("flow %s starts with %d steps done, want none", f.ID, f.StepsDone())
		}
		for _, st := range model.Steps {
			p.SetStepDone(st, false)
		}
		if !reflect.DeepEqual(f, p) {
			t.Errorf("flow %s: answers or risks not carried as they were:\n got %+v\nwant %+v", f.ID, f, p)
		}
	}
	if got := flowOf(d, "web").Failure.Risks[0]; got.Ticket != "INT-142" {
		t.Errorf("risk %+v lost its ticket", got)
	}
	if got := flowOf(d, "stock").Failure.Risks[0]; got.Status != model.RiskMitigated {
		t.Errorf("risk %+v lost its status", got)
	}
	if !reflect.DeepEqual(d.Domains, prev.Domains) || !reflect.DeepEqual(d.Risks, prev.Risks) || !reflect.DeepEqual(d.Triage, prev.Triage) || !reflect.DeepEqual(d.Pack, prev.Pack) {
		t.Errorf("decisions, session risks, triage or pack not carried: %+v", d.Decided)
	}
	if len(d.OpenQuestions) != 1 || d.OpenQuestions[0].ID != "q1" {
		t.Errorf("open questions %+v, want only the unanswered q1", d.OpenQuestions)
	}

	// The copy is the follow-up's own: editing it leaves the review as it was.
	flowOf(d, "web").Failure.Risks[0].Covers = append(flowOf(d, "web").Failure.Risks[0].Covers, "X:y")
	d.Systems[0].Name = "renamed"
	if !reflect.DeepEqual(prev, keep) {
		t.Error("editing the follow-up changed the previous review")
	}
}

// A client or facilitator given for the follow-up replaces the previous one.
func TestFollowUpTakesTheSessionGiven(t *testing.T) {
	prev := diffBase()
	prev.Session.Client, prev.Session.Facilitator = "Old client name", "R. Lead"
	d := FollowUp(prev, model.Session{ID: "s2", Name: "n", Client: "New client name", Facilitator: "A. Second"}, time.Now())
	if d.Session.Client != "New client name" || d.Session.Facilitator != "A. Second" {
		t.Errorf("session %+v, want the client and facilitator given", d.Session)
	}
}
