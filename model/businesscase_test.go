package model

import (
	"strings"
	"testing"
)

// The business case's inputs are checked where a file could carry them
// wrong, each with its path.
func TestBusinessCaseInputsAreChecked(t *testing.T) {
	doc := func(edit func(d *Document)) *Document {
		d := &Document{Schema: SchemaID, Session: Session{ID: "s1", Name: "Costs"},
			Systems: []System{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}},
			Flows: []Flow{{ID: "f1", Name: "Orders", Domain: "order", From: "a", To: "b",
				Failure: FailureStep{Risks: []Risk{{ID: "r1", Title: "DLQ not watched", Impact: 4, Likelihood: 4}}}}}}
		edit(d)
		return d
	}
	settings := func(edit func(s *Settings)) func(d *Document) {
		return func(d *Document) {
			d.Session.Settings = &Settings{}
			edit(d.Session.Settings)
		}
	}
	cases := []struct {
		name string
		edit func(d *Document)
		want string // "" when valid
	}{
		{"every input set", func(d *Document) {
			d.Session.Currency, d.Session.StartDate, d.Session.CapacityDaysPerWeek = "USD", "2026-04-06", 7.5
			d.Flows[0].Failure.DowntimeCostPerHour = 20000
			r := &d.Flows[0].Failure.Risks[0]
			r.Effort, r.HoursPerIncident, r.CostPerIncident = EffortL, 0.5, 40000
		}, ""},
		{"a currency in lower case", func(d *Document) { d.Session.Currency = "eur" }, `session.currency: "eur" is not a currency code`},
		{"a currency by name", func(d *Document) { d.Session.Currency = "Euro" }, `session.currency`},
		{"a start date that is none", func(d *Document) { d.Session.StartDate = "next Monday" }, `session.start_date: "next Monday" is not a date`},
		{"a negative capacity", func(d *Document) { d.Session.CapacityDaysPerWeek = -1 }, "session.capacity_days_per_week: -1 is out of range"},
		{"a negative downtime cost", func(d *Document) { d.Flows[0].Failure.DowntimeCostPerHour = -5 }, "flows[0].failure.downtime_cost_per_hour: -5 is out of range"},
		{"an effort not a size", func(d *Document) { d.Flows[0].Failure.Risks[0].Effort = "XXL" }, `flows[0].failure.risks[0].effort: "XXL" is not one of S, M, L, XL`},
		{"an incident of more than a year", func(d *Document) { d.Flows[0].Failure.Risks[0].HoursPerIncident = 9000 }, "hours_per_incident: 9000 is out of range"},
		{"a session risk's cost", func(d *Document) {
			d.Risks = []Risk{{ID: "r2", Title: "Chargebacks", Impact: 3, Likelihood: 2, CostPerIncident: -40000}}
		}, "risks[0].cost_per_incident: -40000 is out of range"},
		{"a table given in part", settings(func(s *Settings) {
			s.HoursPerIncident = map[MonitoringLevel]float64{MonitorNone: 48}
			s.EffortDays = map[Effort][2]float64{EffortXL: {60, 120}}
		}), ""},
		{"four incident rates", settings(func(s *Settings) { s.IncidentsPerYear = []float64{1, 2, 3, 4} }), "session.settings.incidents_per_year: holds 4 numbers; Incidents a year takes 5 numbers"},
		{"no incident rates", settings(func(s *Settings) { s.IncidentsPerYear = []float64{} }), "holds 0 numbers"},
		{"a share above the whole", settings(func(s *Settings) { s.DowntimeShare = []float64{0.1, 0.2, 0.3, 0.5, 1.5} }), "session.settings.downtime_share[4]: 1.5 is outside 0 to 1"},
		{"hours for unknown", settings(func(s *Settings) { s.HoursPerIncident = map[MonitoringLevel]float64{MonitorUnknown: 24} }), `session.settings.hours_per_incident.unknown: "unknown" is not one of`},
		{"an effort range upside down", settings(func(s *Settings) { s.EffortDays = map[Effort][2]float64{EffortS: {5, 1}} }), "session.settings.effort_days.S: the low 5 is above the high 1"},
		{"an effort size not a size", settings(func(s *Settings) { s.EffortDays = map[Effort][2]float64{"XXL": {1, 2}} }), `effort_days.XXL: "XXL" is not one of S, M, L, XL`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Validate(doc(c.edit))
			switch {
			case c.want == "" && len(ps) > 0:
				t.Errorf("refused: %v", ps)
			case c.want != "" && (len(ps) == 0 || !strings.Contains(ps.Error(), c.want)):
				t.Errorf("got %v, want %q", ps, c.want)
			}
		})
	}
}

// The session details take what the file can hold and refuse the rest
// with one sentence; the new-session form asks none of it.
func TestBusinessCaseSessionFields(t *testing.T) {
	cases := []struct {
		key, value string
		want       string // part of the refusal, "" when taken
	}{
		{"currency", "", ""},
		{"currency", "usd", ""},
		{"currency", "US$", "is not a currency code"},
		{"currency", "EURO", "is not a currency code"},
		{"start_date", "", ""},
		{"start_date", " 2026-04-06", ""},
		{"start_date", "2026-02-30", "is not a date"},
		{"capacity_days_per_week", "12.5", ""},
		{"capacity_days_per_week", "12.", ""},
		{"capacity_days_per_week", "ten", "Team days a week takes a number from 0 to 10000"},
		{"incidents_per_year", "", ""},
		{"incidents_per_year", "0.1, 0.25, 1, 4, 12", ""},
		{"incidents_per_year", "0.1 0.25 1 4", "Incidents a year takes 5 numbers"},
		{"incidents_per_year", "a, b, c, d, e", "such as 0.1, 0.25, 1, 4, 12"},
		{"downtime_share", "0.01, 0.05, 0.2, 0.5, 1.01", "from 0 to 1"},
		{"hours_per_incident", "2, 8, 12, 24", ""},
		{"hours_per_incident", "2, 8, 12, -24", "Hours per incident takes 4 numbers"},
		{"effort_days", "1-5, 5-15, 15-40, 40-100", ""},
		{"effort_days", "1-5, 5-15, 15-40, 100-40", "ranges low-high"},
		{"effort_days", "1, 5, 15, 40", "ranges low-high"},
	}
	for _, c := range cases {
		got := SessionFieldProblem(c.key, c.value)
		switch {
		case c.want == "" && got != "":
			t.Errorf("%s %q refused: %s", c.key, c.value, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%s %q: got %q, want %q", c.key, c.value, got, c.want)
		}
	}
	for _, fd := range SessionFields {
		if _, ok := FieldByKey(SessionDetailFields[len(SessionFields):], fd.Key); ok {
			t.Errorf("%s is asked twice in the session details", fd.Key)
		}
	}
}

// Costing fills every gap of the settings with its default, and a table
// given in part keeps the defaults of the rows it leaves out.
func TestCostingFillsDefaults(t *testing.T) {
	var s Session
	c := s.Costing()
	if c.Currency != "EUR" || c.CapacityDaysPerWeek != 10 || c.StartDate != "" {
		t.Errorf("a bare session costs in %q at %v days a week from %q", c.Currency, c.CapacityDaysPerWeek, c.StartDate)
	}
	if n, ok := c.Incidents(4); !ok || n != 4 {
		t.Errorf("likelihood 4: %v incidents a year (%v), want 4", n, ok)
	}
	if n, ok := c.Share(4); !ok || n != 0.5 {
		t.Errorf("impact 4: share %v (%v), want 0.5", n, ok)
	}
	for level, want := range map[MonitoringLevel]float64{MonitorNamedOwner: 2, MonitorSharedInbox: 8, MonitorDashboard: 12, MonitorNone: 24, MonitorUnknown: 24, "": 24} {
		if got := c.Hours(level); got != want {
			t.Errorf("monitoring %q: %v hours, want %v", level, got, want)
		}
	}
	if lo, hi, ok := c.Days(EffortL); !ok || lo != 15 || hi != 40 {
		t.Errorf("effort L: %v-%v (%v), want 15-40", lo, hi, ok)
	}
	for _, bad := range []int{0, 6, -1} {
		if _, ok := c.Incidents(bad); ok {
			t.Errorf("likelihood %d has incidents", bad)
		}
		if _, ok := c.Share(bad); ok {
			t.Errorf("impact %d has a share", bad)
		}
	}
	if _, _, ok := c.Days(""); ok {
		t.Error("a fix nobody sized has days")
	}

	s.Currency, s.CapacityDaysPerWeek = "GBP", 4
	s.Settings = &Settings{
		IncidentsPerYear: []float64{1, 2, 3, 4, 5},
		HoursPerIncident: map[MonitoringLevel]float64{MonitorDashboard: 6},
		EffortDays:       map[Effort][2]float64{EffortS: {0.5, 2}},
	}
	c = s.Costing()
	if n, _ := c.Incidents(1); n != 1 || c.Currency != "GBP" || c.CapacityDaysPerWeek != 4 {
		t.Errorf("the session's own settings are not used: %+v", c)
	}
	if c.Hours(MonitorDashboard) != 6 || c.Hours(MonitorNamedOwner) != 2 {
		t.Errorf("hours given in part: dashboard %v, named owner %v; want 6 and the default 2", c.Hours(MonitorDashboard), c.Hours(MonitorNamedOwner))
	}
	if lo, hi, _ := c.Days(EffortS); lo != 0.5 || hi != 2 {
		t.Errorf("effort S given: %v-%v", lo, hi)
	}
	if lo, hi, _ := c.Days(EffortM); lo != 5 || hi != 15 {
		t.Errorf("effort M left out: %v-%v, want the default 5-15", lo, hi)
	}
	if got := SettingsTables[tableHours].FormatTable(SettingsTables[tableHours].Table(s.Settings)); got != "2, 8, 6, 24" {
		t.Errorf("hours given in part read %q", got)
	}
}

// A settings table set and cleared again leaves no settings behind, so the
// session keeps the revision it had.
func TestSettingsClearedLeaveNone(t *testing.T) {
	var s Session
	s.Set("downtime_share", "0.1, 0.1, 0.2, 0.5, 1")
	if s.Settings == nil || len(s.Settings.DowntimeShare) != 5 {
		t.Fatalf("the table was not set: %+v", s.Settings)
	}
	clone := (&Document{Session: s}).Clone()
	clone.Session.Settings.DowntimeShare[0] = 0.9
	if s.Settings.DowntimeShare[0] != 0.1 {
		t.Error("a clone shares the session's settings")
	}
	s.Set("downtime_share", "")
	if s.Settings != nil {
		t.Errorf("clearing the only table left settings %+v", s.Settings)
	}
}

// A number field at 0 is unset: the packs leave it out as they leave out
// a blank answer.
func TestFieldAnswered(t *testing.T) {
	number, _ := FieldByKey(StepFields(StepFailure), "downtime_cost_per_hour")
	line, _ := FieldByKey(StepFields(StepFailure), "cost_of_downtime")
	cases := []struct {
		f     Field
		value string
		want  bool
	}{
		{number, "0", false}, {number, " 0 ", false}, {number, "", false}, {number, "20000", true}, {number, "0.5", true},
		{line, "0", true}, {line, "  ", false}, {line, "EUR 20k per hour", true},
	}
	for _, c := range cases {
		if got := c.f.Answered(c.value); got != c.want {
			t.Errorf("%s %q answered: %v, want %v", c.f.Key, c.value, got, c.want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	for v, want := range map[int64]string{0: "EUR 0", 999: "EUR 999", 1000: "EUR 1,000", 960000: "EUR 960,000", 1920000: "EUR 1,920,000", -45000: "EUR -45,000"} {
		if got := FormatMoney("", v); "EUR "+got != want {
			t.Errorf("FormatMoney(\"\", %d) = %q", v, got)
		}
		if got := FormatMoney("EUR", v); got != want {
			t.Errorf("FormatMoney(%d) = %q, want %q", v, got, want)
		}
	}
}
