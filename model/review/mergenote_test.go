package review

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
)

// The note of a merge counts and names the records only one side had: a
// flow ours added with its risk, and a system, a risk and a question theirs
// added; what both had, or one side deleted untouched, is not in it.
func TestNoteMergeSaysWhatEachSideAdded(t *testing.T) {
	b := twoRooms()
	ours, theirs := b.Clone(), b.Clone()
	flow := ours.Flows[0].Clone()
	flow.ID, flow.Name = "refunds", "Refunds to ERP"
	flow.Failure.Risks = []model.Risk{{ID: "r-refund", Title: "Refunds paid twice", Impact: 4, Likelihood: 2}}
	ours.Flows = append(ours.Flows, flow)
	theirs.Systems = append(theirs.Systems, model.System{ID: "tax", Name: "Tax engine"})
	theirs.Flows[0].Failure.Risks = append(theirs.Flows[0].Failure.Risks, model.Risk{ID: "r-late", Title: "Orders late", Impact: 2, Likelihood: 2})
	theirs.OpenQuestions = append(theirs.OpenQuestions, model.OpenQuestion{ID: "q1", Question: "Who replays the queue?"})
	theirs.Flows[1].Failure.Risks = nil // deleted on their side, untouched on ours: gone, not noted
	merged, _ := mustMerge(t, b, ours, theirs)

	note := NoteMerge(ours, theirs, merged)
	named := func(s model.MergeSide) []string {
		var out []string
		for _, r := range s.Named {
			out = append(out, r.Kind+" "+r.ID)
		}
		return out
	}
	if got, want := named(note.Theirs), []string{"system tax", "risk r-late", "question q1"}; !slices.Equal(got, want) {
		t.Errorf("theirs: %v, want %v", got, want)
	}
	if got, want := named(note.Ours), []string{"flow refunds", "risk r-refund"}; !slices.Equal(got, want) {
		t.Errorf("ours: %v, want %v", got, want)
	}
	if note.Theirs.Total() != 3 || note.Ours.Flows != 1 || note.Ours.Risks != 1 || note.Conflicts != 0 {
		t.Errorf("counts: %+v", note)
	}
}
