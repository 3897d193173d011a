package tui

import (
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// onDomain opens the demo's Domains tab with the cursor on the domain.
func onDomain(t *testing.T, domain string) *driver {
	t.Helper()
	d := newDriver(t, true)
	d.keys("enter", "tab", "tab", "tab")
	for i, r := range d.app.session.domainRows() {
		if r.Domain == domain {
			d.app.session.setCursor(tabDomains, i)
			return d
		}
	}
	t.Fatalf("the Domains tab has no %s", domain)
	return nil
}

// The domain decision form opens on its first field: what is typed goes
// there (the system picker types ahead), and enter moves on in order.
func TestDecisionFormOpensOnItsFirstField(t *testing.T) {
	d := onDomain(t, "inventory")
	d.keys("enter")
	f := d.app.session.form
	if f == nil || !f.editing || f.fields[f.focus].Key != "source_of_truth" {
		t.Fatalf("the decision form did not open editing its first field")
	}
	d.keys("3PL", "enter", "The warehouse counts the stock", "enter", "COO", "enter")
	i := d.app.ws.decisionOf("inventory")
	if i < 0 {
		t.Fatal("no inventory decision recorded")
	}
	got := d.app.ws.doc.Domains[i]
	if d.app.ws.doc.SystemName(got.SourceOfTruth) != "3PL warehouse (WMS)" || got.Rationale != "The warehouse counts the stock" || got.DecidedBy != "COO" {
		t.Errorf("decision = %+v", got)
	}
}

// o parks a domain: who decides and by when; the tab and the summary show
// it parked, never ok, and x takes it back.
func TestParkADomain(t *testing.T) {
	d := onDomain(t, "customer")
	d.keys("o")
	d.mustSee("Park customer: who decides")
	d.keys("Head of CRM", "enter", "next week", "enter")
	d.mustSee(`"next week" is not a date`)
	d.keys("shift+tab", "ctrl+u", "2026-04-01", "enter", "Two teams claim it", "enter")
	i := d.app.ws.decisionOf("customer")
	if i < 0 {
		t.Fatal("no customer decision recorded")
	}
	if got := d.app.ws.doc.Domains[i]; !got.Parked() || got.Ask != "Head of CRM" || got.Due != "2026-04-01" || got.Rationale != "Two teams claim it" {
		t.Fatalf("parked decision = %+v", got)
	}
	if ps := model.Validate(d.app.ws.doc); len(ps) > 0 {
		t.Fatalf("the parked session is not valid: %v", ps)
	}
	d.keys("esc")
	d.mustSee("parked", "Parked: Head of CRM decides by 2026-04-01")
	sum := d.app.ws.currentSummary()
	for _, row := range sum.SourceOfTruth {
		if row.Domain == "customer" && row.Status != review.StatusParked {
			t.Errorf("customer is %s in the summary", row.Status)
		}
	}
	if len(sum.DecisionsAsked) != 1 {
		t.Errorf("decisions asked: %+v", sum.DecisionsAsked)
	}
	d.keys("s")
	for range 40 {
		if strings.Contains(d.view(), "Decisions asked (1)") {
			break
		}
		d.keys("pgdown")
	}
	d.mustSee("Decisions asked (1)", "customer: who owns its data, asked of Head of CRM by 2026-04-01")
	d.keys("tab", "tab", "tab", "tab")
	if d.app.session.activeTab() != tabDomains {
		t.Fatalf("tab went to %v", d.app.session.activeTab())
	}
	d.keys("x", "y")
	if d.app.ws.decisionOf("customer") >= 0 {
		t.Error("x did not take the parking back")
	}
}

// Deciding a parked domain ends its parking: the decision keeps no one to
// ask and no date.
func TestDecidingAParkedDomainEndsTheParking(t *testing.T) {
	d := onDomain(t, "customer")
	d.keys("o", "Head of CRM", "esc", "esc", "enter", "Klav", "enter", "esc", "esc")
	i := d.app.ws.decisionOf("customer")
	if i < 0 {
		t.Fatal("no customer decision recorded")
	}
	if got := d.app.ws.doc.Domains[i]; got.Parked() || got.Ask != "" || d.app.ws.doc.SystemName(got.SourceOfTruth) != "Klaviyo" {
		t.Errorf("decision = %+v", got)
	}
}

// unknown recorded on a flow's source of truth is never ok: the domain's
// row says missing (nobody named a system) or conflict.
func TestUnknownSourceIsNeverOK(t *testing.T) {
	d := editStepField(t, "1", "system")
	d.keys("unk", "enter", "esc", "esc", "tab", "tab", "tab")
	domain := d.app.ws.doc.Flows[0].Domain
	found := false
	for _, row := range d.app.session.domainRows() {
		if row.Domain != domain {
			continue
		}
		found = true
		if row.Status == review.StatusOK || row.System == model.UnknownSystem {
			t.Fatalf("the %s domain is %s (%q) with its flow saying unknown", row.Domain, row.Status, row.System)
		}
	}
	if !found {
		t.Fatalf("no row for %s", domain)
	}
}
