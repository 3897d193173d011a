package tui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"

	tea "github.com/charmbracelet/bubbletea"
)

// exportOf is the session's JSON export as it would leave now, and as it
// is on disk.
func exportOf(t *testing.T, d *driver) (inApp, onDisk []byte) {
	t.Helper()
	opts := report.ExportOptions{IncludePrivate: true, Now: testNow}
	var a, b bytes.Buffer
	if err := report.RenderTo(&a, d.app.ws.doc, "json", opts); err != nil {
		t.Fatal(err)
	}
	d.waitSaved()
	doc, err := d.st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.RenderTo(&b, doc, "json", opts); err != nil {
		t.Fatal(err)
	}
	return a.Bytes(), b.Bytes()
}

var keyRedo = tea.KeyMsg{Type: tea.KeyCtrlR}

// Edit an answer, add a risk, delete a flow; three u's give back the session
// as it was, in the app and on disk; three ctrl+r's make the changes again.
func TestUndoRedoThreeChanges(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	before, _ := exportOf(t, d)

	d.keys("enter", "down", "down", "down", "enter", " UNDO-ME", "esc") // an answer
	d.keys("3", "r", "A risk to undo", "esc", "esc")                    // a risk
	d.keys("esc", "down", "x", "y")                                     // delete the second flow
	after, _ := exportOf(t, d)
	if bytes.Equal(before, after) {
		t.Fatal("the three changes changed nothing: the test proves nothing")
	}
	for _, want := range []string{"deleting the flow", "adding a risk", "an answer"} {
		d.keys("u")
		if !strings.Contains(d.app.c.Flash, "Undid "+want) {
			t.Fatalf("u said %q, want it to undo %s", d.app.c.Flash, want)
		}
	}
	inApp, onDisk := exportOf(t, d)
	if !bytes.Equal(inApp, before) {
		t.Errorf("after three u the session is not as it was:\n%s", firstDifference(before, inApp))
	}
	if !bytes.Equal(onDisk, before) {
		t.Errorf("after three u the database does not hold the session as it was:\n%s", firstDifference(before, onDisk))
	}
	d.keys("u")
	if !strings.Contains(d.app.c.Flash, "Nothing to undo") {
		t.Errorf("a fourth u said %q", d.app.c.Flash)
	}
	for range 3 {
		d.send(keyRedo)
	}
	if inApp, onDisk := exportOf(t, d); !bytes.Equal(inApp, after) || !bytes.Equal(onDisk, after) {
		t.Errorf("ctrl+r did not bring the three changes back:\n%s", firstDifference(after, inApp))
	}
}

// Typing on in one field is one change to undo, not one per key.
func TestUndoTypingIsOneChange(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "down", "down", "down")
	was := d.app.ws.doc.Flows[0].Source.Identifiers
	d.keys("enter", " one", " two", " three", "esc", "u")
	if got := d.app.ws.doc.Flows[0].Source.Identifiers; got != was {
		t.Errorf("one u after typing three words left %q, want %q", got, was)
	}
}

// / finds a word wherever it was written: one only in a risk's fix lists
// that risk's flow, and enter walks it.
func TestSearchFindsARiskFix(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	flow := &d.app.ws.doc.Flows[3]
	if len(flow.Failure.Risks) == 0 {
		d.app.ws.addRisk(3, model.Risk{ID: "r-search", Impact: 3, Likelihood: 3, Horizon: model.HorizonImmediate, Title: "Searched"})
	}
	d.app.ws.setRiskField(3, 0, "fix", "Move the job to the Quokkaline scheduler")
	d.keys("/", "quokka")
	v := d.view()
	if !strings.Contains(v, "1 match") || !strings.Contains(v, "risk     ") || !strings.Contains(v, "Quokkaline") {
		t.Fatalf("searching a word in one risk's fix:\n%s", v)
	}
	d.keys("enter")
	if d.app.screen != screenWalk || d.app.walk.flow != 3 || d.app.walk.step != model.StepFailure ||
		d.app.walk.cursor != len(d.app.walk.fields()) {
		t.Fatalf("enter on the match did not go to its risk (screen %v, flow %d, step %v, cursor %d)", d.app.screen, d.app.walk.flow, d.app.walk.step, d.app.walk.cursor)
	}
	d.keys("esc", "/", "no such word anywhere")
	d.mustSee("0 matches")
	d.keys("esc")
	if d.app.session.search != nil {
		t.Fatal("esc did not close the search")
	}
}

// i in the walkthrough changes the flow's systems in place: the via changes,
// the answers and risks stay; a "to" equal to "from" is refused with the
// reason, and the flow keeps its "to".
func TestFlowDetailsChangeInPlace(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter")
	f := &d.app.ws.doc.Flows[0]
	answers, risks := f.Source.DataQuality, len(f.Failure.Risks)
	d.keys("i")
	d.mustSee("Flow details")
	for _, fd := range d.app.walk.details.fields {
		if fd.Key == "via" {
			break
		}
		d.keys("tab") // the form opens editing its first field
	}
	d.keys("Aken", "enter", "esc")
	if got := d.app.ws.doc.SystemName(f.Via); got != "Akeneo PIM" {
		t.Fatalf("via = %q, want Akeneo PIM", got)
	}
	if f.Source.DataQuality != answers || len(f.Failure.Risks) != risks {
		t.Fatal("changing the via changed the answers or the risks")
	}
	_, onDisk := exportOf(t, d)
	if !strings.Contains(string(onDisk), `"via": "`+f.Via+`"`) {
		t.Fatal("the new via is not in the export")
	}
	to, from := f.To, d.app.ws.doc.SystemName(f.From)
	d.keys("i")
	for _, fd := range d.app.walk.details.fields {
		if fd.Key == "to" {
			break
		}
		d.keys("tab")
	}
	d.keys(from[:4], "enter")
	d.mustSee("same system")
	if f.To != to {
		t.Fatal("a flow was changed to go from and to the same system")
	}
}

// c copies the flow under the cursor after it, K moves it up: the export's
// order follows.
func TestCopyAndMoveFlows(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "down", "c")
	doc := d.app.ws.doc
	if len(doc.Flows) != 9 || doc.Flows[2].Name != doc.Flows[1].Name+" (copy)" || doc.Flows[2].ID == doc.Flows[1].ID {
		t.Fatalf("c did not put a copy after the flow: %q, %q", doc.Flows[1].Name, doc.Flows[2].Name)
	}
	copied := doc.Flows[2]
	d.keys("K", "K")
	if doc.Flows[0].ID != copied.ID || d.app.session.cursorOn(tabFlows) != 0 {
		t.Fatalf("K K did not move the copy to the top (cursor %d)", d.app.session.cursorOn(tabFlows))
	}
	_, onDisk := exportOf(t, d)
	if i := strings.Index(string(onDisk), copied.ID); i < 0 || i > strings.Index(string(onDisk), doc.Flows[1].ID) {
		t.Fatal("the export's flow order does not follow the moves")
	}
}

// → past the owner step of the last flow offers the next flow; a opens the
// new-flow form.
func TestPastTheLastFlowOffersANewOne(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "G", "enter", "4", "right")
	d.mustSee("That was the last flow")
	d.keys("a")
	d.mustSee("New flow", "Flow name")
	if d.app.screen != screenSession || d.app.session.form == nil {
		t.Fatal("a did not open the new-flow form")
	}
}

// Leaving a session and coming back finds the tab and the cursor where
// they were.
func TestComingBackKeepsThePlace(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "G")
	last := d.app.session.cursorOn(tabFlows)
	d.keys("tab", "down", "esc")
	d.waitSaved()
	if d.app.screen != screenSessions {
		t.Fatal("esc did not leave the session")
	}
	d.keys("enter")
	if d.app.session.activeTab() != tabSystems || d.app.session.cursorOn(tabSystems) != 1 || d.app.session.cursorOn(tabFlows) != last {
		t.Fatalf("back in the session: tab %v, systems cursor %d, flows cursor %d (want systems, 1, %d)",
			d.app.session.activeTab(), d.app.session.cursorOn(tabSystems), d.app.session.cursorOn(tabFlows), last)
	}
}

// A deleted flow comes back with its answers however often undo and redo
// cross it, and a copied flow goes and comes the same way.
func TestUndoRedoAcrossDeletesAndCopies(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "down")
	doc := d.app.ws.doc
	victim := doc.Flows[1].Clone()
	d.keys("x", "y", "c")
	if len(doc.Flows) != 8 {
		t.Fatalf("after a delete and a copy: %d flows", len(d.app.ws.doc.Flows))
	}
	for range 3 {
		d.keys("u", "u")
		doc = d.app.ws.doc
		if len(doc.Flows) != 8 || doc.Flows[1].ID != victim.ID || doc.Flows[1].Source.DataQuality != victim.Source.DataQuality {
			t.Fatalf("two u did not bring back the deleted flow in its place (%d flows)", len(doc.Flows))
		}
		d.send(keyRedo)
		d.send(keyRedo)
		if doc = d.app.ws.doc; len(doc.Flows) != 8 || doc.Flows[1].ID == victim.ID {
			t.Fatalf("two ctrl+r did not delete and copy again (%d flows)", len(doc.Flows))
		}
	}
	if _, onDisk := exportOf(t, d); strings.Contains(string(onDisk), `"id": "`+victim.ID+`"`) {
		t.Fatal("the flow deleted again is still on disk")
	}
}
