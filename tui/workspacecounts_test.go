package tui

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
)

// TestCountsFollowEveryChange makes random edits of every kind the
// workspace has, and after each one the counts it brought up to date from
// the change alone must be the counts of the session counted whole.
func TestCountsFollowEveryChange(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			w := newWorkspace(model.Generate(30, 2, seed+1))
			w.counts()
			for step := range 300 {
				did := randomEdit(w, rng, step)
				w.counts()
				var whole sessionCounts
				whole.recount(w.doc)
				if w.tally.stepsDone != whole.stepsDone || w.tally.flowRisks != whole.flowRisks ||
					!maps.Equal(w.tally.usedBy, whole.usedBy) || !maps.Equal(w.tally.flowAt, whole.flowAt) {
					t.Fatalf("step %d (%s): counts %d steps, %d risks, usage %v; counted whole %d, %d, %v",
						step, did, w.tally.stepsDone, w.tally.flowRisks, w.tally.usedBy, whole.stepsDone, whole.flowRisks, whole.usedBy)
				}
			}
		})
	}
}

// randomEdit makes one edit of the kinds the room makes, chosen by rng, and
// says which.
func randomEdit(w *workspace, rng *rand.Rand, step int) string {
	steps := []model.Step{model.StepSource, model.StepContract, model.StepFailure, model.StepOwner}
	n := len(w.doc.Flows)
	i := rng.IntN(n)
	sys := w.doc.Systems[rng.IntN(len(w.doc.Systems))].ID
	var did string
	switch op := rng.IntN(21); op {
	case 0:
		did = "source system"
		w.setFlowField(i, model.StepSource, "system", sys)
	case 1:
		did = "flow end"
		w.setFlowHeader(i, []string{"from", "to", "via"}[rng.IntN(3)], sys)
	case 2:
		did = "done mark"
		w.toggleStepDone(i, steps[rng.IntN(4)])
	case 3:
		did = "risk added"
		w.addRisk(i, model.Risk{Title: "a dead-letter queue nobody reads"})
	case 4:
		if len(w.doc.Flows[i].Failure.Risks) > 0 {
			did = "risk deleted"
			w.deleteRisk(i, 0)
		}
	case 5:
		did = "flow moved"
		w.moveFlow(i, 1-2*rng.IntN(2))
	case 6:
		if n > 5 {
			did = "flow deleted"
			w.deleteFlow(i)
		}
	case 7:
		did = "flow copied"
		w.duplicateFlow(i)
	case 8:
		did = "undo"
		w.undo()
	case 9:
		did = "notes"
		w.setFlowField(i, model.StepFailure, "notes", fmt.Sprint(step))
	case 10:
		did = "monitoring"
		w.setFlowField(i, model.StepFailure, "monitoring_level", []string{"none", "alert-to-named-owner", "dashboard-only", ""}[rng.IntN(4)])
	case 11:
		did = "system renamed"
		w.setSystemField(rng.IntN(len(w.doc.Systems)), "name", fmt.Sprint("System ", step))
	case 12:
		did = "domain decided"
		w.setDecision(model.DomainDecision{Name: w.doc.Flows[i].Domain, SourceOfTruth: sys, DecidedBy: "CFO"})
	case 13, 14:
		sum := w.currentSummary()
		if len(sum.Findings) == 0 {
			break
		}
		f := sum.Findings[rng.IntN(len(sum.Findings))]
		if op == 13 {
			did = "finding accepted"
			w.acceptFinding(f)
		} else {
			did = "finding dismissed"
			w.dismissFinding(f.Key, "covered by the platform team")
		}
	case 15:
		did = "redo"
		w.redo()
	case 16:
		did = "target"
		target := []string{"", "keep", "retire", "introduce", model.ReplaceChoice(sys)}[rng.IntN(5)]
		if at := rng.IntN(len(w.doc.Systems)); model.TargetProblem(w.doc, at, "target", target) == "" {
			w.setSystemField(at, "target", target)
		}
	case 17:
		if q := len(w.doc.OpenQuestions); q > 0 {
			did = "decision asked"
			at := rng.IntN(q)
			w.setQuestionField(at, "decision", []string{"yes", "no"}[rng.IntN(2)])
			w.setQuestionField(at, "due", []string{"", "2026-04-01", "2026-03-20"}[rng.IntN(3)])
		}
	case 18:
		did = "downtime cost"
		w.setFlowField(i, model.StepFailure, "downtime_cost_per_hour", []string{"0", "20000", "1500.5"}[rng.IntN(3)])
	case 19:
		if rs := w.doc.Flows[i].Failure.Risks; len(rs) > 0 {
			did = "risk costed"
			key := []string{"effort", "hours_per_incident", "cost_per_incident"}[rng.IntN(3)]
			w.setRiskField(i, rng.IntN(len(rs)), key, map[string][]string{
				"effort": {"", "S", "XL"}, "hours_per_incident": {"0", "0.5", "6"}, "cost_per_incident": {"0", "40000"},
			}[key][rng.IntN(2)])
		}
	case 20:
		did = "roadmap"
		key := []string{"start_date", "capacity_days_per_week", "effort_days"}[rng.IntN(3)]
		w.setSessionField(key, map[string][]string{
			"start_date": {"", "2026-04-06"}, "capacity_days_per_week": {"0", "2.5"}, "effort_days": {"", "0.5-2, 2-8, 8-20, 20-60"},
		}[key][rng.IntN(2)])
	}
	return did
}

// TestTheLiveSummaryIsTheWholeOne makes random edits through the workspace,
// as the screens do, and after each one the summary the workspace kept up
// to date from the changes must be the summary derived whole.
func TestTheLiveSummaryIsTheWholeOne(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			w := newWorkspace(model.Generate(25, 2, seed+1))
			w.currentSummary()
			for step := range 150 {
				did := randomEdit(w, rng, step)
				got := w.currentSummary()
				want := review.SummarizeWith(w.doc, redact.MentionsCredential, w.rules())
				if !reflect.DeepEqual(got, want) {
					gj, _ := json.Marshal(got)
					wj, _ := json.Marshal(want)
					t.Fatalf("step %d (%s): the live summary differs from the whole one:\nlive  %.600s\nwhole %.600s", step, did, gj, wj)
				}
			}
		})
	}
}
