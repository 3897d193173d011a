package tui

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"
)

func savedIDs(c store.Changes) []string {
	var ids []string
	for _, f := range c.Flows {
		ids = append(ids, f.ID)
	}
	slices.Sort(ids)
	return ids
}

// The last save on quit writes what no finished save has written: the
// flows changed since, and those of saves still running, which it makes
// skip their write; not every flow of the session.
func TestFinalSaveWritesOnlyWhatIsNotSaved(t *testing.T) {
	w := newWorkspace(model.Generate(50, 1, 1))
	id := func(i int) string { return w.doc.Flows[i].ID }
	edit := func(i int) { w.toggleStepDone(i, model.StepOwner) }
	edit(3)
	running := w.takeChanges(testNow) // an autosave still running at quit
	edit(7)
	done := w.takeChanges(testNow)
	w.reported(done) // landed
	edit(9)

	final := w.everything(testNow)
	want := []string{id(3), id(9)}
	slices.Sort(want)
	if got := savedIDs(final); !slices.Equal(got, want) {
		t.Fatalf("the last save writes flows %v, want %v", got, want)
	}
	if final.Session == nil || final.Systems == nil || final.Questions == nil || final.FlowOrder == nil || final.PruneFlows {
		t.Fatalf("the last save must carry the session, systems, questions and order, and prune nothing unasked: %+v", final)
	}
	w.reported(running)
	w.reported(final)
	if got := savedIDs(w.everything(testNow)); len(got) != 0 {
		t.Fatalf("after every save reported, a last save still writes %v", got)
	}

	// A deletion whose save is still running is pruned by the last save.
	w.deleteFlow(0)
	_ = w.takeChanges(testNow)
	if !w.everything(testNow).PruneFlows {
		t.Fatal("a deletion still being saved is not pruned by the last save")
	}
}
