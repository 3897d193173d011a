package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
)

// riskTitled finds a risk of the document by the start of its title.
func riskTitled(t *testing.T, d *model.Document, prefix string) (model.Risk, int) {
	t.Helper()
	for fi := range d.Flows {
		for _, r := range d.Flows[fi].Failure.Risks {
			if strings.HasPrefix(r.Title, prefix) {
				return r, fi
			}
		}
	}
	for _, r := range d.Risks {
		if strings.HasPrefix(r.Title, prefix) {
			return r, -1
		}
	}
	t.Fatalf("no risk titled %q…", prefix)
	return model.Risk{}, -1
}

func hasRisk(d *model.Document, id string) bool {
	for fi := range d.Flows {
		if slices.ContainsFunc(d.Flows[fi].Failure.Risks, func(r model.Risk) bool { return r.ID == id }) {
			return true
		}
	}
	return slices.ContainsFunc(d.Risks, func(r model.Risk) bool { return r.ID == id })
}

// m on a risk of the register merges it into the risk picked next: the
// picker offers every other risk, enter merges, and u gives both back.
func TestRegisterMergesARiskIntoAnother(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "tab", "tab", "tab", "tab") // the Register tab: worst first
	ws := d.app.ws
	before := ws.doc.Clone()
	top, topFlow := riskTitled(t, ws.doc, "Overselling on fast movers")
	second, secondFlow := riskTitled(t, ws.doc, "Webhook retries create duplicate orders")
	if topFlow == secondFlow {
		t.Fatal("the test needs two risks of two flows")
	}

	d.keys("j", "m")
	d.mustSee("Merge \""+second.Title+"\" into which risk?", top.Title[:20])
	if strings.Count(d.view(), second.Title[:20]) != 1 {
		t.Errorf("the picker offers the risk itself:\n%s", d.view())
	}
	d.keys("esc")
	if !same(ws.doc, before) {
		t.Fatal("esc in the picker changed the session")
	}

	d.keys("m", "enter")
	d.mustSee("Merged into " + top.Title[:20])
	if hasRisk(ws.doc, second.ID) {
		t.Fatal("the risk merged is still in the session")
	}
	got, _ := riskTitled(t, ws.doc, "Overselling on fast movers")
	if got.Score() != top.Score() || !strings.Contains(got.Title, second.Title) ||
		!slices.Equal(got.Merged, []string{second.ID}) || !slices.Equal(got.Flows, []string{ws.doc.Flows[secondFlow].ID}) {
		t.Errorf("the survivor is %+v", got)
	}
	if ps := model.Validate(ws.doc); len(ps) > 0 {
		t.Errorf("the merged session is not valid: %v", ps)
	}
	d.waitSaved()
	if saved, err := d.st.Load(ws.doc.Session.ID); err != nil || hasRisk(saved, second.ID) {
		t.Errorf("the merge did not reach the database (%v)", err)
	}

	d.keys("u")
	if !same(ws.doc, before) {
		t.Error("u did not give both risks back as they were")
	}
	d.send(keyRedo)
	if hasRisk(ws.doc, second.ID) {
		t.Error("ctrl+r did not merge them again")
	}
}

// Accepting a DUPLICATE_RISK finding merges its two risks into the one a
// merge keeps, as one change.
func TestAcceptingADuplicateMergesItsRisks(t *testing.T) {
	doc := model.DemoAnswers(testNow)
	stuck, stuckFlow := riskTitled(t, doc, "Orders stuck in Celigo errors")
	images := slices.IndexFunc(doc.Flows, func(f model.Flow) bool { return f.Via == doc.Flows[stuckFlow].Via && f.Domain == "catalog" })
	if images < 0 {
		t.Fatal("the demo has no catalog flow through the iPaaS")
	}
	doc.Flows[images].Failure.Risks = append(doc.Flows[images].Failure.Risks,
		model.Risk{ID: "dlq", Title: "Failed messages never replayed", Impact: 3, Likelihood: 3, Status: model.RiskOpen})
	ws := newWorkspace(doc)
	before := ws.doc.Clone()
	var dup *review.Finding
	for _, f := range review.Summarize(ws.doc, redact.MentionsCredential).Findings {
		if f.Rule == review.RuleDuplicateRisk {
			dup = &f
			break
		}
	}
	if dup == nil || dup.Key != model.RiskPairKey(review.RuleDuplicateRisk, stuck.ID, "dlq") {
		t.Fatalf("the pair is not offered: %+v", dup)
	}
	if kept := ws.acceptFinding(*dup); kept != stuck.ID {
		t.Errorf("the risk kept is %q, want the higher-scored %q", kept, stuck.ID)
	}
	if hasRisk(ws.doc, "dlq") || !ws.dirty() {
		t.Fatal("accepting did not merge the lower-scored risk away, or left nothing to save")
	}
	if statusOf(ws, dup.Key) != "" {
		t.Error("the pair is still offered once merged")
	}
	ws.undo()
	if !same(ws.doc, before) {
		t.Error("undoing the merge did not give both risks back")
	}
}

// Deleting a flow a merged risk is also about lets the risk go of it, so
// the session stays valid; undoing the deletion gives both back.
func TestDeletingAFlowAMergedRiskNames(t *testing.T) {
	ws := newWorkspace(model.DemoAnswers(testNow))
	top, _ := riskTitled(t, ws.doc, "Overselling on fast movers")
	second, secondFlow := riskTitled(t, ws.doc, "Webhook retries create duplicate orders")
	if err := ws.mergeRisks(top.ID, second.ID); err != nil {
		t.Fatal(err)
	}
	merged := ws.doc.Clone()
	ws.deleteFlow(secondFlow)
	if got, _ := riskTitled(t, ws.doc, "Overselling on fast movers"); len(got.Flows) != 0 {
		t.Errorf("the survivor still names the deleted flow: %v", got.Flows)
	}
	if ps := model.Validate(ws.doc); len(ps) > 0 {
		t.Errorf("the session is not valid after the deletion: %v", ps)
	}
	ws.undo()
	if !same(ws.doc, merged) {
		t.Error("undoing the deletion did not give the flow and the survivor's link back")
	}
}
