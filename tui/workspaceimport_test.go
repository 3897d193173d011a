package tui

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/tui/live"
)

func TestDifferingNamesTheRecordsThatDiffer(t *testing.T) {
	sys := func(ids ...string) []model.System {
		var out []model.System
		for _, id := range ids {
			out = append(out, model.System{ID: id, Name: "system " + id})
		}
		return out
	}
	renamed := sys("a", "b", "c")
	renamed[1].Name = "another name"
	for _, tc := range []struct {
		name     string
		was, now []model.System
		want     []string
	}{
		{"the same", sys("a", "b", "c"), sys("a", "b", "c"), nil},
		{"both empty, one never filled", nil, []model.System{}, nil},
		{"one changed", sys("a", "b", "c"), renamed, []string{"b"}},
		{"one added", sys("a", "b"), sys("a", "x", "b"), []string{"x"}},
		{"one taken out", sys("a", "b", "c"), sys("a", "c"), []string{"b"}},
		{"two swapped", sys("a", "b", "c"), sys("b", "a", "c"), []string{"b", "a"}},
		{"one moved to the end", sys("a", "b", "c"), sys("b", "c", "a"), []string{"b", "c", "a"}},
		{"added, taken out and changed", sys("a", "b", "c"), append(sys("x"), renamed[1], sys("c")[0]), []string{"x", "b", "a"}},
	} {
		if got := differing(tc.was, tc.now, systemID); !slices.Equal(got, tc.want) {
			t.Errorf("%s: differing gave %v, want %v", tc.name, got, tc.want)
		}
	}
}

// An imported copy that adds, takes out, moves and changes flows, changes
// a risk and the session's details is one change naming exactly those; the
// next save writes exactly those flows; u gives the session back as it
// was, ctrl+r the copy.
func TestAnImportIsOneChangeOfWhatDiffers(t *testing.T) {
	ws := newWorkspace(model.DemoAnswers(testNow))
	ws.feed = &live.Feed{}
	ch, cancel := ws.feed.Subscribe()
	defer cancel()
	before := ws.doc.Clone()
	ws.takeChanges(testNow) // nothing pending: the save below is the import's

	copied := ws.doc.Clone()
	ids := func(d *model.Document, is ...int) []string {
		var out []string
		for _, i := range is {
			out = append(out, d.Flows[i].ID)
		}
		return out
	}
	changed := ids(copied, 0, 4)
	gone := copied.Flows[6]
	copied.Flows[0].Failure.Risks[1].Title = "Orders lost at peak"
	copied.Flows[4].Owner.FlowOwner = "Trading"
	copied.Flows = slices.Delete(copied.Flows, 6, 7)
	copied.Flows[1], copied.Flows[2] = copied.Flows[2], copied.Flows[1] // moved: the order, not the flows
	added := model.Flow{ID: "f-returns", Name: "Returns to ERP", Failure: model.FailureStep{Risks: []model.Risk{{ID: "r-returns", Title: "Refunds twice"}}}}
	copied.Flows = append(copied.Flows, added)
	copied.Session.Client = "Quokka Outdoor"
	imported := copied.Clone()

	c, err := ws.importDocument(copied)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Change{Kind: model.ChangeImport, Parts: model.PartSession | model.PartOrder | model.PartFlows,
		Flows: append(changed, added.ID, gone.ID), Risks: []string{copied.Flows[0].Failure.Risks[1].ID, "r-returns"}}
	if !sameChange(c, want) {
		t.Fatalf("the import is %s\nwant          %s", describe(c), describe(want))
	}
	if got := drain(ch); len(got) != 1 || !sameChange(got[0], want) || got[0].Rev != ws.rev {
		t.Fatalf("the feed got %d changes: %v", len(got), kinds(got))
	}
	if !same(ws.doc, imported) {
		t.Fatal("the workspace does not hold the imported copy")
	}
	saved := ws.takeChanges(testNow)
	if got, want := savedIDs(saved), sorted(append(changed, added.ID)); !slices.Equal(got, want) {
		t.Errorf("the save after the import writes flows %v, want %v", got, want)
	}
	if saved.Session == nil || saved.FlowOrder == nil || saved.Systems != nil || saved.Questions != nil || saved.Decided != nil || !saved.Compact {
		t.Errorf("the save after the import is %+v, want the session, the order and a compaction only", saved)
	}

	if what, ok := ws.undo(); !ok || what != "importing a copy of the session" {
		t.Fatalf("u undid %q", what)
	}
	if !same(ws.doc, before) {
		t.Error("u did not give the session back as it was before the import")
	}
	if got := savedIDs(ws.takeChanges(testNow)); !slices.Equal(got, sorted(append(changed, gone.ID))) {
		t.Errorf("the save after u writes flows %v, want %v", got, sorted(append(changed, gone.ID)))
	}
	ws.redo()
	if !same(ws.doc, imported) {
		t.Error("ctrl+r did not bring the imported copy back")
	}
	if got := drain(ch); len(got) != 2 || got[0].Kind != model.ChangeUndo || got[1].Kind != model.ChangeRedo {
		t.Errorf("u and ctrl+r made known %v", kinds(got))
	}
}

// A copy of another session is refused whole; a copy that holds what the
// session holds changes nothing and is no change.
func TestAnImportOfAnotherSessionOrOfNothingNewChangesNothing(t *testing.T) {
	ws := newWorkspace(model.DemoAnswers(testNow))
	ws.feed = &live.Feed{}
	ch, cancel := ws.feed.Subscribe()
	defer cancel()
	before := ws.doc.Clone()

	other := ws.doc.Clone()
	other.Session.ID = model.NewID()
	other.Flows[0].Name = "Another session's flow"
	if _, err := ws.importDocument(other); err == nil {
		t.Fatal("a copy of another session was taken in")
	}
	if _, err := ws.importDocument(nil); err == nil {
		t.Fatal("no copy at all was taken in")
	}
	again := ws.doc.Clone()
	again.Session.UpdatedAt = "2026-03-15T08:00:00Z"
	again.Revision = model.RevisionPrefix + "abc"
	for i := range again.Flows {
		if again.Flows[i].Source.OtherWriters == nil {
			again.Flows[i].Source.OtherWriters = []string{} // read from a file: empty, not absent
		}
	}
	c, err := ws.importDocument(again)
	if err != nil || c.Parts != 0 {
		t.Fatalf("a copy with nothing new made %s, %v", describe(c), err)
	}
	if got := drain(ch); len(got) != 0 || ws.dirty() || ws.rev != 0 {
		t.Errorf("importing nothing new made %d changes, dirty %v, revision %d", len(got), ws.dirty(), ws.rev)
	}
	if ws.doc.Revision != again.Revision {
		t.Error("the copy's provenance was not kept")
	}
	ws.doc.Revision = before.Revision
	if !same(ws.doc, before) {
		t.Error("an import that was refused or brought nothing changed the session")
	}
	if _, ok := ws.undo(); ok {
		t.Error("an import that changed nothing left something to undo")
	}
}

func sorted(ids []string) []string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return s
}
