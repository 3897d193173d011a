package tui

import (
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// / finds a word that is only in a step's answer, and enter goes to that
// field of that flow's step; private notes are found only while the room
// is not watching.
func TestSearchFindsAnAnswerAndGoesThere(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	d.app.ws.setFlowField(2, model.StepContract, "rate_limits", "Throttled by the Wombatgate proxy")
	d.app.ws.setFlowField(1, model.StepOwner, "private_notes", "Ask Dana about the Wombatgate contract")
	d.keys("/", "wombatgate")
	d.mustSee("2 matches", "Rate limits", "Private notes")
	s := d.app.session.search
	for range s.hits {
		if strings.Contains(s.hits[s.list.cursor].label, "Rate limits") {
			break
		}
		d.keys("down")
	}
	d.keys("enter")
	w := d.app.walk
	if d.app.screen != screenWalk || w.flow != 2 || w.step != model.StepContract || w.fields()[w.cursor].Key != "rate_limits" {
		t.Fatalf("enter went to flow %d step %v field %d", w.flow, w.step, w.cursor)
	}
	d.keys("esc", "p", "/", "wombatgate")
	d.mustSee("1 match")
	if strings.Contains(d.view(), "Private notes") {
		t.Error("presenter mode's search shows a private note")
	}
}

// The search reaches the domains' decisions, the session's risks and the
// systems, and goes to their rows.
func TestSearchReachesDecisionsAndSystems(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	doc := d.app.ws.doc
	if len(doc.Domains) == 0 {
		t.Fatal("the demo has no decision")
	}
	doc.Domains[0].Rationale = "Settled over the Quetzal incident"
	d.keys("/", "quetzal", "enter")
	if d.app.session.activeTab() != tabDomains {
		t.Fatalf("a decision's match went to tab %v", d.app.session.activeTab())
	}
	if rows, c := d.app.session.domainRows(), d.app.session.cursorOn(tabDomains); rows[c].Domain != doc.Domains[0].Name {
		t.Errorf("the cursor is on %s, want %s", rows[c].Domain, doc.Domains[0].Name)
	}
	d.app.ws.addSessionRisk(model.Risk{ID: "r-session", Title: "Nobody owns the Zanzibar feed", Impact: 2, Likelihood: 2})
	d.keys("/", "zanzibar", "enter")
	if d.app.session.activeTab() != tabRegister {
		t.Fatalf("a session risk's match went to tab %v", d.app.session.activeTab())
	}
	if r, _ := d.app.session.registerTab().at(d.app.session.cursorOn(tabRegister)); r == nil || r.ID != "r-session" {
		t.Errorf("the register's cursor is on %+v", r)
	}
	name := doc.Systems[3].Name
	d.keys("/", strings.ToLower(name))
	s := d.app.session.search
	for range s.hits {
		if strings.HasPrefix(s.hits[s.list.cursor].label, "system") {
			break
		}
		d.keys("down")
	}
	d.keys("enter")
	if d.app.session.activeTab() != tabSystems || d.app.session.cursorOn(tabSystems) != 3 {
		t.Errorf("a system's match went to tab %v row %d", d.app.session.activeTab(), d.app.session.cursorOn(tabSystems))
	}
}

// The session's own notes are found too, and enter opens the session's
// details on that field.
func TestSearchFindsTheSessionNotes(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	d.app.ws.setSessionField("notes", "Send the Narwhal pack by Friday")
	d.keys("/", "narwhal")
	d.mustSee("1 match", "Session notes")
	d.keys("enter")
	f := d.app.session.form
	if f == nil || !d.app.session.detailsOpen() || f.fields[f.focus].Key != "notes" || !f.editing {
		t.Fatal("enter did not open the session details on the notes")
	}
}
