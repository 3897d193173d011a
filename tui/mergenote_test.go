package tui

import (
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/x/exp/golden"
)

// twoCopiesMerged is the demo as import --merge leaves it: theirs added a
// flow and a risk, ours an open question, and both changed the first
// flow's owner.
func twoCopiesMerged(t *testing.T) *model.Document {
	t.Helper()
	base := model.DemoAnswers(testNow)
	ours, theirs := base.Clone(), base.Clone()
	ours.Flows[0].Owner.FlowOwner = "Ops"
	ours.OpenQuestions = append(ours.OpenQuestions, model.OpenQuestion{ID: "q-replay", Question: "Who replays the dead-letter queue?", Ask: "Integration lead"})
	theirs.Flows[0].Owner.FlowOwner = "Integration lead"
	returns := theirs.Flows[0].Clone()
	returns.ID, returns.Name, returns.Domain = "returns", "Returns to ERP", "returns"
	returns.Failure.Risks = []model.Risk{{ID: "r-replay", Title: "Failed messages never replayed", Impact: 4, Likelihood: 4}}
	theirs.Flows = append(theirs.Flows, returns)
	merged, _, err := review.Merge(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	merged.MergeNote = review.NoteMerge(ours, theirs, merged)
	return merged
}

// After a merge the session opens on what each side added; enter goes on
// to the conflicts, which speak in labels and plain values. Leaving the
// summary marks the note read, in the database too.
func TestMergeSummaryThenConflictsInTheRoomsWords(t *testing.T) {
	doc := twoCopiesMerged(t)
	d := driverWith(t, doc)
	d.keys("enter")
	t.Run("summary", func(t *testing.T) {
		d.mustSee("Only theirs had: 1 flow, 1 risk", "Returns to ERP", "Failed messages never replayed",
			"Only ours had: 1 open question", "1 merge conflict to resolve")
		golden.RequireEqual(t, d.view())
	})
	d.keys("enter")
	t.Run("conflicts", func(t *testing.T) {
		d.mustSee(doc.Flows[0].Name+" · Owner · Flow owner", "ours:   Ops", "theirs: Integration lead")
		v := d.view()
		for _, raw := range []string{"owner.flow_owner", `"Ops"`, `"Integration lead"`, "flows[", "merge_file"} {
			if strings.Contains(v, raw) {
				t.Errorf("the conflicts view shows %q:\n%s", raw, v)
			}
		}
		golden.RequireEqual(t, v)
	})
	if d.app.ws.doc.MergeNote != nil {
		t.Error("the note is still there after the summary was read")
	}
	d.waitSaved()
	saved, err := d.st.Load(doc.Session.ID)
	if err != nil || saved.MergeNote != nil {
		t.Errorf("the note read is still in the database (%v)", err)
	}
	d.keys("esc", "esc")
	d.keys("enter")
	d.mustSee("1 merge conflict to resolve", "what each side added is in the repository's history")
}
