package review

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

// costed is a session of one flow from the storefront to the ERP, down
// hourly, and the risks given, in the flow; edit changes the document.
func costed(perHour float64, monitoring model.MonitoringLevel, risks []model.Risk, edit ...func(d *model.Document)) *model.Document {
	d := fixture.NewBuilder().Flow("f1", "order", "storefront", "erp", func(f *model.Flow) {
		f.Failure.DowntimeCostPerHour, f.Failure.MonitoringLevel = perHour, monitoring
		f.Failure.Risks = risks
	}).Doc
	for _, e := range edit {
		e(d)
	}
	return d
}

func costRisk(id string, impact, likelihood int, edit ...func(r *model.Risk)) model.Risk {
	r := model.Risk{ID: id, Title: "Risk " + id, Impact: impact, Likelihood: likelihood, Fix: "a fix", Owner: "Ops", Horizon: model.HorizonImmediate}
	for _, e := range edit {
		e(&r)
	}
	return r
}

// caseOf is the business case's line for the risk, and whether it has one.
func caseOf(bc BusinessCase, id string) (RiskCase, bool) {
	i := slices.IndexFunc(bc.Risks, func(r RiskCase) bool { return r.Risk == id })
	if i < 0 {
		return RiskCase{}, false
	}
	return bc.Risks[i], true
}

// DESIGN §7's worked example: 20,000 an hour, likelihood 4, impact 4,
// monitoring none: 4 × 24 × 20,000 × 0.5 = 960,000 a year, 480,000 to
// 1,920,000.
func TestBusinessCaseWorkedExample(t *testing.T) {
	d := costed(20000, model.MonitorNone, []model.Risk{costRisk("r1", 4, 4)})
	bc := summarize(d).BusinessCase
	want := RiskCase{Risk: "r1", Expected: Amount{960000, true}, Low: Amount{480000, true}, High: Amount{1920000, true}}
	if got, _ := caseOf(bc, "r1"); got != want {
		t.Errorf("the worked example gives %+v, want %+v", got, want)
	}
	if bc.Exposure != (Exposure{Low: 480000, Expected: 960000, High: 1920000}) || bc.NotCosted != 0 || bc.Currency != "EUR" {
		t.Errorf("the review's exposure is %+v in %s with %d not costed", bc.Exposure, bc.Currency, bc.NotCosted)
	}
}

// Each route to a risk's cost, and each gap that leaves it not costed.
func TestRiskExpectedLoss(t *testing.T) {
	cases := []struct {
		name       string
		perHour    float64
		monitoring model.MonitoringLevel
		risk       model.Risk
		expected   int64 // -1 when not costed
	}{
		{"monitoring named owner: 2 hours", 20000, model.MonitorNamedOwner, costRisk("r", 4, 4), 4 * 2 * 20000 / 2},
		{"shared inbox: 8 hours", 20000, model.MonitorSharedInbox, costRisk("r", 5, 3), 1 * 8 * 20000},
		{"dashboard only: 12 hours", 10000, model.MonitorDashboard, costRisk("r", 3, 2), 25 * 12 * 10000 * 20 / 10000},
		{"monitoring unknown counts as none", 20000, model.MonitorUnknown, costRisk("r", 4, 4), 960000},
		{"monitoring unanswered counts as none", 20000, "", costRisk("r", 4, 4), 960000},
		{"the risk's own hours", 20000, model.MonitorNone, costRisk("r", 4, 4, func(r *model.Risk) { r.HoursPerIncident = 1.5 }), 4 * 15 * 20000 / 20},
		{"a cost per incident wins over the hours", 20000, model.MonitorNone, costRisk("r", 4, 1, func(r *model.Risk) { r.CostPerIncident = 40000 }), 4000},
		{"a cost per incident needs no downtime cost", 0, model.MonitorNone, costRisk("r", 1, 5, func(r *model.Risk) { r.CostPerIncident = 40000 }), 12 * 40000},
		{"a cost per incident needs no impact", 0, model.MonitorNone, costRisk("r", 0, 2, func(r *model.Risk) { r.CostPerIncident = 1000 }), 250},
		{"impact 1 of a small flow rounds to whole units", 50, model.MonitorNone, costRisk("r", 1, 1), 1},
		{"no downtime cost", 0, model.MonitorNone, costRisk("r", 4, 4), -1},
		{"no likelihood", 20000, model.MonitorNone, costRisk("r", 4, 0), -1},
		{"no impact for the downtime route", 20000, model.MonitorNone, costRisk("r", 0, 4), -1},
		{"hours given but no downtime cost", 0, model.MonitorNone, costRisk("r", 4, 4, func(r *model.Risk) { r.HoursPerIncident = 3 }), -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bc := summarize(costed(c.perHour, c.monitoring, []model.Risk{c.risk})).BusinessCase
			got, listed := caseOf(bc, "r")
			if !listed {
				t.Fatalf("the risk is not in the business case: %+v", bc.Risks)
			}
			if c.expected < 0 {
				if got.Costed() || got.Low.Known || got.High.Known || bc.NotCosted != 1 || bc.Exposure != (Exposure{}) {
					t.Errorf("costed as %+v (not costed %d, exposure %+v); want it listed with no figures and counted", got, bc.NotCosted, bc.Exposure)
				}
				return
			}
			if !got.Costed() || got.Expected.Value != c.expected {
				t.Errorf("expected %+v, want %d", got.Expected, c.expected)
			}
			lo, hi := got.Expected.Value/2, got.Expected.Value*2
			if c.expected%2 != 0 {
				lo = got.Low.Value // 1 halves to 0.5, which rounds away from zero
			}
			if got.Low.Value != lo || got.High.Value != hi {
				t.Errorf("range %d-%d, want %d-%d", got.Low.Value, got.High.Value, lo, hi)
			}
		})
	}
}

// The session's settings are the assumptions: changing a table, or the
// currency, changes the figures.
func TestSettingsChangeTheBusinessCase(t *testing.T) {
	base := func(edit ...func(d *model.Document)) BusinessCase {
		r := costRisk("r1", 4, 4, func(r *model.Risk) { r.Effort = model.EffortM })
		return summarize(costed(20000, model.MonitorNone, []model.Risk{r}, edit...)).BusinessCase
	}
	setting := func(key, line string) func(d *model.Document) {
		return func(d *model.Document) { d.Session.Set(key, line) }
	}
	cases := []struct {
		name     string
		edit     func(d *model.Document)
		expected int64
		effort   DayRange
		currency string
	}{
		{"the defaults", func(*model.Document) {}, 960000, DayRange{5, 15, true}, "EUR"},
		{"incidents a year", setting("incidents_per_year", "0.1, 0.25, 1, 2, 12"), 480000, DayRange{5, 15, true}, "EUR"},
		{"share by impact", setting("downtime_share", "0.01, 0.05, 0.2, 0.25, 1"), 480000, DayRange{5, 15, true}, "EUR"},
		{"hours by monitoring", setting("hours_per_incident", "2, 8, 12, 6"), 240000, DayRange{5, 15, true}, "EUR"},
		{"days by effort", setting("effort_days", "1-5, 2.5-7.5, 15-40, 40-100"), 960000, DayRange{2.5, 7.5, true}, "EUR"},
		{"currency", func(d *model.Document) { d.Session.Currency = "GBP" }, 960000, DayRange{5, 15, true}, "GBP"},
	}
	for _, c := range cases {
		bc := base(c.edit)
		got, _ := caseOf(bc, "r1")
		if got.Expected.Value != c.expected || got.EffortDays != c.effort || bc.Currency != c.currency {
			t.Errorf("%s: expected %d, effort %+v in %s; want %d, %+v in %s", c.name, got.Expected.Value, got.EffortDays, bc.Currency, c.expected, c.effort, c.currency)
		}
	}
}

// Risks without cost data are listed and counted, never summed as 0;
// mitigated and accepted risks are no exposure and are not listed; a
// session-wide risk costs only by its own cost per incident.
func TestNotCostedAndClosedRisks(t *testing.T) {
	d := costed(20000, model.MonitorNone, []model.Risk{
		costRisk("open", 4, 4),
		costRisk("unscored", 0, 0),
		costRisk("mitigated", 5, 5, func(r *model.Risk) { r.Status = model.RiskMitigated }),
		costRisk("accepted", 5, 5, func(r *model.Risk) { r.Status = model.RiskAccepted }),
		costRisk("in-progress", 4, 4, func(r *model.Risk) { r.Status = model.RiskInProgress }),
	}, func(d *model.Document) {
		d.Risks = []model.Risk{
			costRisk("session-wide", 4, 4),
			costRisk("chargeback", 3, 2, func(r *model.Risk) { r.CostPerIncident = 40000 }),
		}
	})
	bc := summarize(d).BusinessCase
	var ids []string
	for _, r := range bc.Risks {
		ids = append(ids, r.Risk)
	}
	slices.Sort(ids)
	if want := []string{"chargeback", "in-progress", "open", "session-wide", "unscored"}; !slices.Equal(ids, want) {
		t.Errorf("the business case lists %v, want the open risks %v", ids, want)
	}
	if bc.NotCosted != 2 {
		t.Errorf("not costed: %d, want 2 (the unscored risk and the session-wide one without a cost)", bc.NotCosted)
	}
	if want := int64(960000 + 960000 + 10000); bc.Exposure.Expected != want {
		t.Errorf("exposure %d, want %d: the open costed risks only", bc.Exposure.Expected, want)
	}
	for _, id := range []string{"unscored", "session-wide"} {
		if r, _ := caseOf(bc, id); r.Costed() {
			t.Errorf("%s is costed: %+v", id, r)
		}
	}
	// The summary's risks come in register order.
	reg := summarize(d).Risks
	var open []string
	for _, e := range reg {
		if !e.Status.Closed() {
			open = append(open, e.ID)
		}
	}
	var listed []string
	for _, r := range bc.Risks {
		listed = append(listed, r.Risk)
	}
	if !slices.Equal(open, listed) {
		t.Errorf("business case order %v, register order %v", listed, open)
	}
}

// The roadmap follows the capacity: a slice lasts its effort divided by
// the team's days a week, in whole weeks and at least one, and the next
// starts when it ends. Without a start date nothing is dated, and the
// effort still is.
func TestRoadmapDatesFollowCapacity(t *testing.T) {
	sized := func(efforts ...model.Effort) []model.Risk {
		var out []model.Risk
		for i, e := range efforts {
			out = append(out, costRisk(string(rune('a'+i)), 4, 4, func(r *model.Risk) { r.Effort = e; r.Slice = i/2 + 1 }))
		}
		return out
	}
	type slice struct {
		start, end string
		effort     float64
	}
	cases := []struct {
		name     string
		start    string
		capacity float64
		risks    []model.Risk
		want     []slice
	}{
		{"default capacity of 10", "2026-04-06", 0, sized(model.EffortM, model.EffortL, model.EffortS),
			// M 10 + L 27.5 = 37.5 days: 4 weeks; S 3 days: 1 week.
			[]slice{{"2026-04-06", "2026-05-03", 37.5}, {"2026-05-04", "2026-05-10", 3}}},
		{"capacity of 5", "2026-04-06", 5, sized(model.EffortM, model.EffortL, model.EffortS),
			// 37.5 days at 5 a week: 7.5 weeks, so 8.
			[]slice{{"2026-04-06", "2026-05-31", 37.5}, {"2026-06-01", "2026-06-07", 3}}},
		{"capacity of 37.5 fits in a week", "2026-04-06", 37.5, sized(model.EffortM, model.EffortL),
			[]slice{{"2026-04-06", "2026-04-12", 37.5}}},
		{"a little over a week is two", "2026-04-06", 37.4, sized(model.EffortM, model.EffortL),
			[]slice{{"2026-04-06", "2026-04-19", 37.5}}},
		{"a slice nobody sized takes a week", "2026-04-06", 10, sized("", "", model.EffortXL),
			[]slice{{"2026-04-06", "2026-04-12", 0}, {"2026-04-13", "2026-05-31", 70}}},
		{"no start date: effort, no dates", "", 10, sized(model.EffortM, model.EffortL),
			[]slice{{"", "", 37.5}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := costed(0, model.MonitorNone, c.risks, func(d *model.Document) {
				d.Session.StartDate, d.Session.CapacityDaysPerWeek = c.start, c.capacity
			})
			var got []slice
			for _, s := range summarize(d).BusinessCase.Slices {
				got = append(got, slice{s.Start, s.End, s.EffortDays})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("slices %+v, want %+v", got, c.want)
			}
		})
	}
}

// A slice removes the expected loss of its risks; the exposure left after
// each slice and the roadmap's phases read from the slices.
func TestSlicesRemoveExposure(t *testing.T) {
	var risks []model.Risk
	for i := range 6 {
		risks = append(risks, costRisk(string(rune('a'+i)), 4, 4, func(r *model.Risk) {
			r.Slice, r.Effort = []int{1, 1, 2, 3, 3, 4}[i], model.EffortXL
		}))
	}
	risks[5].Status = model.RiskMitigated
	d := costed(20000, model.MonitorNone, risks, func(d *model.Document) { d.Session.StartDate = "2026-04-06" })
	bc := summarize(d).BusinessCase
	var removed []int64
	var phases []string
	for i, s := range bc.Slices {
		removed = append(removed, s.ExposureRemoved)
		phases = append(phases, bc.Phase(i))
	}
	if !slices.Equal(removed, []int64{1920000, 960000, 1920000}) {
		t.Errorf("exposure removed by slice: %v", removed)
	}
	// XL is 70 days, 7 weeks a risk at 10 a week: slice 1 starts day 0,
	// slice 2 day 98, slice 3 day 147.
	if !slices.Equal(phases, []string{PhaseNow, PhaseLater, PhaseLater}) {
		t.Errorf("phases %v", phases)
	}
	if got := bc.ExposureAfter(0); got != 4800000-1920000 {
		t.Errorf("exposure after the first slice: %d", got)
	}
	if got := bc.ExposureAfter(len(bc.Slices) - 1); got != 0 {
		t.Errorf("exposure after every slice: %d", got)
	}
	// At 14 days a week slice 1 takes 10 weeks, slice 2 five.
	d.Session.CapacityDaysPerWeek = 14
	bc = summarize(d).BusinessCase
	for i, want := range []string{PhaseNow, PhaseNext, PhaseLater} {
		if got := bc.Phase(i); got != want {
			t.Errorf("at 14 days a week slice %d is %q, want %q (starts %s)", i+1, got, want, bc.Slices[i].Start)
		}
	}
	d.Session.StartDate = ""
	if got := summarize(d).BusinessCase.Phase(0); got != "" {
		t.Errorf("an undated roadmap has phase %q", got)
	}
}

// The summary's business_case has exactly DESIGN §7's shape; a risk not
// costed or sized writes null, never 0.
func TestBusinessCaseJSONShape(t *testing.T) {
	d := costed(20000, model.MonitorNone, []model.Risk{
		costRisk("r1", 4, 4, func(r *model.Risk) { r.Effort = model.EffortL }),
		costRisk("r2", 0, 0),
	}, func(d *model.Document) { d.Session.StartDate = "2026-04-06" })
	var b bytes.Buffer
	if err := model.WriteJSON(&b, summarize(d)); err != nil {
		t.Fatal(err)
	}
	var sum struct {
		BusinessCase map[string]any `json:"business_case"`
	}
	if err := json.Unmarshal(b.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	bc := sum.BusinessCase
	keys := func(m any) []string {
		var out []string
		for k := range m.(map[string]any) {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	check := func(what string, got, want []string) {
		if !slices.Equal(got, want) {
			t.Errorf("%s has %v, want %v", what, got, want)
		}
	}
	check("business_case", keys(bc), []string{"currency", "exposure", "not_costed", "risks", "slices"})
	check("exposure", keys(bc["exposure"]), []string{"expected", "high", "low"})
	risks := bc["risks"].([]any)
	check("a risk", keys(risks[0]), []string{"effort_days", "expected", "high", "low", "risk"})
	check("a slice", keys(bc["slices"].([]any)[0]), []string{"effort_days", "end", "exposure_removed", "slice", "start"})
	r1, r2 := risks[0].(map[string]any), risks[1].(map[string]any)
	if r1["expected"] != 960000.0 || !reflect.DeepEqual(r1["effort_days"], []any{15.0, 40.0}) {
		t.Errorf("r1 reads %v", r1)
	}
	for _, k := range []string{"expected", "low", "high", "effort_days"} {
		if v, ok := r2[k]; !ok || v != nil {
			t.Errorf("r2's %s reads %v, want null", k, v)
		}
	}
	if bc["not_costed"] != 1.0 || bc["currency"] != "EUR" {
		t.Errorf("not_costed %v, currency %v", bc["not_costed"], bc["currency"])
	}
	var back BusinessCase
	raw, _ := json.Marshal(bc)
	if err := json.Unmarshal(raw, &back); err != nil || !reflect.DeepEqual(back, summarize(d).BusinessCase) {
		t.Errorf("the business case does not read back as itself (%v):\n%+v\n%+v", err, back, summarize(d).BusinessCase)
	}
}
