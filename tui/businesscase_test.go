package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// The failure step asks the downtime cost per hour as a number: digits and
// a point, the letters of "20k" refused with the field's range.
func TestDowntimeCostIsANumber(t *testing.T) {
	d := editStepField(t, "3", "downtime_cost_per_hour")
	d.keys("20k")
	f, _ := model.FieldByKey(model.StepFields(model.StepFailure), "downtime_cost_per_hour")
	d.mustSee("! " + model.RangeWording(f)[:40])
	d.keys("000.5", "enter")
	if got := d.app.ws.doc.Flows[0].Failure.DowntimeCostPerHour; got != 20000.5 {
		t.Errorf("downtime cost per hour = %v, want 20000.5", got)
	}
}

// The risk form asks the effort of the fix and what an incident costs.
func TestRiskFormAsksTheBusinessCase(t *testing.T) {
	d, last := openNewRisk(t, "Orders stuck before the ERP")
	tabTo(t, d, d.riskForm, "effort")
	d.keys("x", "enter")
	tabTo(t, d, d.riskForm, "hours_per_incident")
	d.keys(".5", "enter")
	tabTo(t, d, d.riskForm, "cost_per_incident")
	d.keys("4000", "0", "enter")
	r := last()
	if r.Effort != model.EffortXL || r.HoursPerIncident != 0.5 || r.CostPerIncident != 40000 {
		t.Errorf("the risk holds effort %q, %v hours and %v an incident; want XL, 0.5 and 40000", r.Effort, r.HoursPerIncident, r.CostPerIncident)
	}
}

// The session details take the currency, the roadmap's start, the team's
// days and the settings tables; a table that is not one is refused in the
// table's own words, and the last good one stays.
func TestSessionDetailsAskTheBusinessCase(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "i")
	tabTo(t, d, d.sessionForm, "currency")
	d.keys("usd", "tab")
	tabTo(t, d, d.sessionForm, "start_date")
	d.keys("2026-04-06", "tab")
	tabTo(t, d, d.sessionForm, "capacity_days_per_week")
	d.keys("7.5", "tab")
	tabTo(t, d, d.sessionForm, "incidents_per_year")
	d.keys("0.2, 0.5, 1, 3, 10")
	s := d.app.ws.doc.Session
	if s.Currency != "USD" || s.StartDate != "2026-04-06" || s.CapacityDaysPerWeek != 7.5 {
		t.Errorf("the session holds %q from %q at %v days a week", s.Currency, s.StartDate, s.CapacityDaysPerWeek)
	}
	if s.Settings == nil || len(s.Settings.IncidentsPerYear) != 5 || s.Settings.IncidentsPerYear[4] != 10 {
		t.Fatalf("the incidents table was not taken: %+v", s.Settings)
	}
	d.keys(", 20")
	d.mustSee("! Incidents a year takes 5 numbers")
	if got := d.app.ws.doc.Session.Settings.IncidentsPerYear; len(got) != 5 || got[4] != 10 {
		t.Errorf("a refused table changed the one stored: %v", got)
	}
	d.keys("ctrl+u", "enter")
	if got := d.app.ws.doc.Session.Settings; got != nil {
		t.Errorf("an emptied table left settings %+v; want the defaults again", got)
	}
}

// The summary tab says what the open risks cost and what each slice
// takes, removes and when; the register tab's detail says what the risk
// under the cursor costs.
func TestBusinessCaseShowsInTheSummaryAndRegister(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	ws := d.app.ws
	ws.setSessionField("start_date", "2026-04-06")
	ws.setFlowField(0, model.StepFailure, "downtime_cost_per_hour", "20000")
	first := ws.doc.Flows[0].Failure.Risks[0]
	ws.setRiskField(0, 0, "effort", "L")
	sum := ws.currentSummary()
	bc := sum.BusinessCase
	if bc.Exposure.Expected == 0 || bc.Slices[0].Start != "2026-04-06" {
		t.Fatalf("the demo with a downtime cost has no business case: %+v", bc)
	}
	var text []string
	l := summaryLines(sum)
	for i := range l.total {
		text = append(text, l.line(i).text)
	}
	at := slices.Index(text, "Business case")
	if at < 0 || !strings.HasPrefix(text[at+1], "  Expected loss a year "+model.FormatMoney("EUR", bc.Exposure.Expected)+" (") {
		t.Errorf("the summary's business case reads %q", text[min(max(at, 0)+1, len(text)-1)])
	}
	if !slices.ContainsFunc(text, func(s string) bool {
		return strings.HasPrefix(s, "  Slice 1 (") && strings.Contains(s, "27.5 person-days") && strings.Contains(s, "2026-04-06 to ") && strings.HasSuffix(s, "(now)")
	}) {
		t.Errorf("no slice line says its effort and dates:\n%s", strings.Join(text, "\n"))
	}
	for range 6 {
		if d.app.session.activeTab() == tabRegister {
			break
		}
		d.keys("tab")
	}
	d.app.session.registerTab().focus = first.ID
	d.send(nil)
	rc, _ := caseOfRisk(bc, first.ID)
	d.mustSee(model.FormatMoney("EUR", rc.Expected.Value)+" a year ("+model.FormatMoney("", rc.Low.Value)+"–", " · fix 15–40 days · Owner: ")
}

func caseOfRisk(bc review.BusinessCase, id string) (review.RiskCase, bool) {
	for _, r := range bc.Risks {
		if r.Risk == id {
			return r, true
		}
	}
	return review.RiskCase{}, false
}
