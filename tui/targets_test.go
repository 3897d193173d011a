package tui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// onSystem opens the demo's system form on the system at i, editing its
// target.
func onSystem(t *testing.T, i int) *driver {
	t.Helper()
	d := newDriver(t, true)
	d.keys("enter", "tab")
	d.app.session.setCursor(tabSystems, i)
	d.keys("enter", "tab", "tab", "tab")
	if f := d.app.session.form; f == nil || !f.editing || f.fields[f.focus].Key != "target" {
		t.Fatal("the system form is not editing the target")
	}
	return d
}

// The system form picks a target as one choice, a replacement by name;
// the Systems tab and the summary's target map show it.
func TestSystemFormSetsATarget(t *testing.T) {
	d := onSystem(t, 1) // Business Central ERP
	erp, pim := d.app.ws.doc.Systems[1], d.app.ws.doc.Systems[2]
	d.keys("replace by Ak", "enter")
	if got := d.app.ws.doc.Systems[1].Target; got.Action != model.TargetReplace || got.By != pim.ID {
		t.Fatalf("the ERP's target is %+v, want replaced by the PIM", got)
	}
	d.keys("7", "enter") // the slice, on the next field
	if got := d.app.ws.doc.Systems[1].Target.Slice; got != 7 {
		t.Errorf("the slice is %d", got)
	}
	d.keys("esc")
	d.mustSee("→ Akeneo PIM")
	sum := d.app.ws.currentSummary()
	i := slices.IndexFunc(sum.TargetState.Systems, func(s review.TargetSystem) bool { return s.System == erp.ID })
	if s := sum.TargetState.Systems[i]; s.Stays || s.By != pim.ID || s.Slice != 7 {
		t.Errorf("the target map has the ERP as %+v", s)
	}
	for _, f := range sum.TargetState.Flows {
		if f.From == erp.ID || f.To == erp.ID {
			t.Errorf("a flow still runs to or from the replaced ERP: %+v", f)
		}
	}
	if ps := model.Validate(d.app.ws.doc); len(ps) > 0 {
		t.Errorf("the session is not valid: %v", ps)
	}
}

// A system never replaces itself (the picker does not offer it), and a
// replacement that would go round in a circle is refused, the last target
// kept.
func TestSystemFormRefusesACircle(t *testing.T) {
	d := onSystem(t, 0) // Shopify Plus storefront
	doc := d.app.ws.doc
	for _, c := range d.app.session.form.ed.opts {
		if c.value == model.ReplaceChoice(doc.Systems[0].ID) {
			t.Errorf("the storefront is offered as its own replacement")
		}
	}
	d.keys("replace by Bus", "enter", "esc", "esc")
	if doc.Systems[0].Target.By != doc.Systems[1].ID {
		t.Fatalf("the storefront's target is %+v", doc.Systems[0].Target)
	}
	d.app.session.setCursor(tabSystems, 1)
	d.keys("enter", "tab", "tab", "tab", "replace by Sho", "enter")
	d.mustSee("the replacements go round in a circle (Business Central ERP → Shopify Plus st")
	if doc.Systems[1].Target != (model.Target{}) {
		t.Errorf("the circle was stored: %+v", doc.Systems[1].Target)
	}
	if ps := model.Validate(doc); len(ps) > 0 {
		t.Errorf("the session is not valid: %v", ps)
	}
}

// A system that replaces another is not deleted from under it.
func TestSystemThatReplacesAnotherIsNotDeleted(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "tab")
	ws := d.app.ws
	i := ws.addSystem(model.System{ID: "new-oms", Name: "New OMS", Kind: "oms"})
	ws.setSystemField(0, "target", model.ReplaceChoice("new-oms"))
	d.app.session.setCursor(tabSystems, i)
	d.keys("x")
	d.mustSee("New OMS is used by the target of Shopify Plus storefront")
	if !slices.ContainsFunc(ws.doc.Systems, func(s model.System) bool { return s.ID == "new-oms" }) {
		t.Error("the replacement was deleted")
	}
}

// An open question becomes a decision asked: who decides, by when, the
// options one a line and the room's recommendation; a date that is none
// is refused, and the summary lists the decision.
func TestQuestionFormAsksADecision(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "tab", "tab", "enter", "tab", "tab")
	f := d.app.session.form
	if f == nil || f.fields[f.focus].Key != "decision" {
		t.Fatal("the question form is not on Decision asked")
	}
	d.keys("y", "enter", "next Friday", "enter")
	d.mustSee(`"next Friday" is not a date such as 2026-03-14`)
	q := &d.app.ws.doc.OpenQuestions[0]
	if !q.Decision || q.Due != "" {
		t.Fatalf("after a bad date the question is %+v", q.DecisionAsk)
	}
	d.keys("shift+tab", "ctrl+u", "2026-04-01", "enter", "Stock API")
	d.send(tea.KeyMsg{Type: tea.KeyEnter, Alt: true})
	d.keys("Delta files, nightly", "enter", "Delta files: no new contract", "enter")
	want := model.DecisionAsk{Decision: true, Due: "2026-04-01", Options: []string{"Stock API", "Delta files, nightly"}, Recommendation: "Delta files: no new contract"}
	if q.Due != want.Due || !slices.Equal(q.Options, want.Options) || q.Recommendation != want.Recommendation {
		t.Fatalf("the decision asked is %+v, want %+v", q.DecisionAsk, want)
	}
	sum := d.app.ws.currentSummary()
	if len(sum.DecisionsAsked) != 1 || sum.DecisionsAsked[0].ID != q.ID || sum.DecisionsAsked[0].Recommendation != want.Recommendation {
		t.Fatalf("decisions asked %+v", sum.DecisionsAsked)
	}
	d.keys("esc", "esc")
	d.mustSee("2026-04-01")
	d.keys("s")
	for range 40 {
		if strings.Contains(d.view(), "Decisions asked (1)") {
			break
		}
		d.keys("pgdown")
	}
	d.mustSee("Decisions asked (1)", "Does the 3PL offer a stock API")
}

// The session details hold the pack's document control; a version of two
// words and a history line that is not VERSION DATE NOTE are refused.
func TestSessionDetailsHoldDocumentControl(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "i")
	f := d.app.session.form
	at := slices.IndexFunc(f.fields, func(fd model.Field) bool { return fd.Key == "version" })
	for range at {
		d.keys("tab")
	}
	d.keys("0.3 draft", "enter")
	d.mustSee(`"0.3 draft" is not a version`)
	d.keys("shift+tab", "ctrl+u", "0.3", "enter", "enter") // the version; status left as it was
	d.keys("tab", "CIO, CFO", "enter", "0.1 14/03 first")
	d.send(tea.KeyMsg{Type: tea.KeyEnter})
	d.mustSee("history line 1")
	s := d.app.ws.doc.Session
	if s.Version != "0.3" || !slices.Equal(s.Distribution, []string{"CIO", "CFO"}) || s.History != nil {
		t.Fatalf("document control %+v", s.DocumentControl)
	}
	d.keys("shift+tab", "ctrl+u", "0.1 2026-03-14 first draft", "enter")
	if got := d.app.ws.doc.Session.History; len(got) != 1 || got[0] != (model.HistoryEntry{Version: "0.1", Date: "2026-03-14", Note: "first draft"}) {
		t.Errorf("history %+v", got)
	}
	if ps := model.Validate(d.app.ws.doc); len(ps) > 0 {
		t.Errorf("the session is not valid: %v", ps)
	}
}

// Search finds a decision asked by its options and recommendation.
func TestSearchFindsADecisionsOptions(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	d.app.ws.setQuestionField(2, "options", "Keep the Quokka contract\nEnd it")
	d.app.ws.setQuestionField(1, "recommendation", "Ask the Wombat team")
	for word, want := range map[string]int{"quokka": 2, "wombat": 1} {
		d.keys("/", word, "enter")
		if d.app.session.activeTab() != tabQuestions || d.app.session.cursorOn(tabQuestions) != want {
			t.Errorf("%s: went to tab %v row %d, want question %d", word, d.app.session.activeTab(), d.app.session.cursorOn(tabQuestions), want)
		}
	}
}
