package tui

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
)

// l on a step's field opens the link form: an address of a refused scheme
// is refused as it is committed, with the form and what was typed kept; a
// good one is added to the step's answers, counted on the step, and undone
// by u.
func TestWalkLinksEvidenceToAStep(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	defer cancel()
	d.keys("enter", "enter") // the demo session, its first flow's walk
	ws := d.app.ws
	before := ws.doc.Clone()
	d.keys("l")
	d.mustSee("Link evidence to Source of", "What it is", "Link")
	d.keys("Runbook", "enter", "javascript:alert(1)", "enter")
	d.mustSee(`"javascript:" links are refused`, "javascript:alert(1)")
	if !same(ws.doc, before) {
		t.Fatal("a refused link changed the session")
	}
	for range len("javascript:alert(1)") {
		d.keys("backspace")
	}
	d.keys("https://wiki.example.com/runbook", "enter")
	got := ws.doc.Flows[0].Source.Evidence
	if want := []model.Evidence{{Label: "Runbook", URL: "https://wiki.example.com/runbook"}}; len(got) != 1 || got[0] != want[0] {
		t.Fatalf("the step's links are %#v, want %#v", got, want)
	}
	d.mustSee("Evidence: 1 link")
	d.keys("u")
	if len(ws.doc.Flows[0].Source.Evidence) != 0 {
		t.Error("u did not take the link back")
	}
	// Listeners hear of the link and of its undo, each naming the step's
	// evidence; the refused one was no change.
	for _, kind := range []model.ChangeKind{model.ChangeEdit, model.ChangeUndo} {
		c := next(t, ch)
		if c.Kind != kind || !slices.Equal(c.Flows, []string{ws.doc.Flows[0].ID}) || !slices.Equal(c.Fields, []string{"source.evidence"}) {
			t.Errorf("change %+v, want %v of the first flow's source.evidence", c, kind)
		}
	}
}

// l on a risk in the walkthrough links it to the risk; l on a risk of the
// register does the same, and the register's detail counts the links.
func TestLinksEvidenceToARisk(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "3") // the failure step of the first flow
	ws := d.app.ws
	f := &ws.doc.Flows[0]
	if len(f.Failure.Risks) == 0 {
		t.Fatal("the demo's first flow has no risk")
	}
	for range model.StepFields(model.StepFailure) {
		d.keys("j")
	}
	d.keys("l")
	d.mustSee("Link evidence to risk")
	d.keys("Incident", "enter", "INC-42", "enter")
	if got := f.Failure.Risks[0].Evidence; len(got) != 1 || got[0].URL != "INC-42" {
		t.Fatalf("the risk's links are %#v", got)
	}
	if len(f.Failure.Evidence) != 0 {
		t.Error("the link went to the step as well")
	}
	d.mustSee("· 1 link")

	d.keys("esc", "tab", "tab", "tab", "tab") // the Register tab: worst first
	top := ws.currentSummary().Risks[0]
	d.keys("l")
	d.mustSee("Link evidence to risk")
	d.keys("enter", "data:text/html,hi", "enter")
	d.mustSee(`"data:" links are refused`)
	for range len("data:text/html,hi") {
		d.keys("backspace")
	}
	d.keys("/srv/share/incidents/oversell.md", "enter")
	list, _, ri := ws.risksOf(top.ID)
	if ri < 0 || len((*list)[ri].Evidence) == 0 || (*list)[ri].Evidence[len((*list)[ri].Evidence)-1].URL != "/srv/share/incidents/oversell.md" {
		t.Fatalf("the register's risk %q has links %#v", top.Title, (*list)[ri].Evidence)
	}
	d.mustSee("evidence: " + model.EvidenceCount((*list)[ri].Evidence))
}
