package model

import "testing"

// A v1 answer is read as a level only where its words say it plainly; an
// empty one stays unanswered (a gap), never "none".
func TestLevelsFromV1Text(t *testing.T) {
	monitoring := []struct {
		text string
		want MonitoringLevel
	}{
		{"", ""},
		{"   ", ""},
		{"none", MonitorNone},
		{"None.", MonitorNone},
		{"none - found by customers complaining", MonitorNone},
		{"Nothing", MonitorNone},
		{"no", MonitorNone},
		{"No alerts; customers tell us", MonitorNone},
		{"Customers email when prices look wrong.", MonitorNone},
		{"Manual check every morning", MonitorNone},
		{"unknown", MonitorUnknown},
		{"Not sure, ask IT", MonitorUnknown},
		{"Celigo error emails go to a shared inbox nobody owns.", MonitorSharedInbox},
		{"PagerDuty alert to the on-call engineer", MonitorNamedOwner},
		{"Grafana dashboard", MonitorDashboard},
		{"Daily summary email to the content team lead", ""},
		{"nonetheless we page on-call", MonitorNamedOwner},
	}
	for _, c := range monitoring {
		if got := MonitoringLevelFromText(c.text); got != c.want {
			t.Errorf("monitoring %q = %q, want %q", c.text, got, c.want)
		}
	}
	retries := []struct {
		text string
		want RetryLevel
	}{
		{"", ""},
		{"none", RetryNone},
		{"-", RetryNone},
		{"No retries: a failed file is lost", RetryNone},
		{"don't know", RetryUnknown},
		{"3 retries with backoff, then a dead-letter queue", RetryDeadLetter},
		{"Celigo retries three times, then the record sits in the error dashboard.", RetryAutomatic},
		{"Finance re-runs it by hand", RetryManualReplay},
		{"Finance downloads the report again.", ""},
	}
	for _, c := range retries {
		if got := RetryLevelFromText(c.text); got != c.want {
			t.Errorf("retries %q = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestUpgradeV1SetsLevelsAndSchema(t *testing.T) {
	d := &Document{Schema: SchemaV1, Flows: []Flow{
		{ID: "a", Failure: FailureStep{Monitoring: "none - customers complain", Retries: ""}},
		{ID: "b", Failure: FailureStep{Monitoring: "none", MonitoringLevel: MonitorNamedOwner}},
	}}
	UpgradeV1(d)
	if d.Schema != SchemaID {
		t.Errorf("schema %q after the upgrade", d.Schema)
	}
	if got := d.Flows[0].Failure; got.MonitoringLevel != MonitorNone || got.RetryLevel != "" {
		t.Errorf("flow a: levels %q/%q, want none and unanswered", got.MonitoringLevel, got.RetryLevel)
	}
	if got := d.Flows[1].Failure.MonitoringLevel; got != MonitorNamedOwner {
		t.Errorf("flow b: a level already given became %q", got)
	}
	again := d.Clone()
	UpgradeV1(again) // a v2 document is left alone
	if again.Flows[0].Failure.MonitoringLevel != MonitorNone || again.Schema != SchemaID {
		t.Error("upgrading a v2 document changed it")
	}
}

// A cost of downtime in words is read as an amount an hour only where it
// says so plainly: a sum with its currency, then the hour.
func TestDowntimeCostFromText(t *testing.T) {
	cases := []struct {
		text     string
		amount   float64
		currency string // "" when not read
	}{
		{"EUR 20k per hour", 20000, "EUR"},
		{"€20,000/hour", 20000, "EUR"},
		{"about 20k EUR an hour", 20000, "EUR"},
		{"about EUR 20k of web orders per hour", 20000, "EUR"},
		{"EUR20k/h", 20000, "EUR"},
		{"£5k an hour in lost sales", 5000, "GBP"},
		{"$2,500 per hr", 2500, "USD"},
		{"USD 1.5m per hour at peak", 1500000, "USD"},
		{"CHF 1'200 hourly", 1200, "CHF"},
		{"20.000 € per hour", 20000, "EUR"},
		{"7,5k euros an hour", 7500, "EUR"},
		{"EUR 20k per hour and a EUR 40k chargeback", 20000, "EUR"},
		{"40 orders an hour, about EUR 20k per hour", 20000, "EUR"},
		{"Roughly EUR 1.250,50 per hour of downtime", 1250.5, "EUR"},
		{"EUR 20 000 per hour", 20000, "EUR"},
		{"20k€/h", 20000, "EUR"},
		{"Orders – EUR 20k per hour", 20000, "EUR"},
		{"EUR 20k per hour (EUR 480k a day)", 20000, "EUR"},
		// Near misses: not money, not an hour, or not plain.
		{"", 0, ""},
		{"40 orders an hour", 0, ""},
		{"20k per hour", 0, ""},
		{"about 40 orders an hour at EUR 50 each", 0, ""},
		{"a EUR 40k chargeback", 0, ""},
		{"60 orders repriced by hand", 0, ""},
		{"USD 1.5m per day", 0, ""},
		{"EUR 100k a week", 0, ""},
		{"EUR 10-20k per hour", 0, ""},
		{"€10k–€20k per hour", 0, ""},
		{"10k to 20k EUR per hour", 0, ""},
		{"up to EUR 20k an hour", 0, ""},
		{"less than €1,000 per hour", 0, ""},
		{"EUR 20k per hour, EUR 30k per hour at peak", 0, ""},
		{"EUR 500 an hour per store", 0, ""},
		{"EUR 50 per order per hour", 0, ""},
		{"EUR 40k chargeback and an hour of re-keying", 0, ""},
		{"EUR 40k chargeback, then stores wait an hour", 0, ""},
		{"EUR 20k per half hour", 0, ""},
		{"EUR 0 per hour", 0, ""},
		{"eurozone stores lose 20k an hour", 0, ""},
		{"Turnover EUR 20k per hour", 20000, "EUR"},
		{"unknown; finance would know", 0, ""},
	}
	for _, c := range cases {
		amount, currency, ok := DowntimeCostFromText(c.text)
		if ok != (c.currency != "") || amount != c.amount || currency != c.currency {
			t.Errorf("%q = %v %q (read %v), want %v %q", c.text, amount, currency, ok, c.amount, c.currency)
		}
	}
}

// Importing a v2 file fills the downtime costs its words say plainly, in
// the session's currency (the first one named when the session has none),
// and keeps every text as it was.
func TestUpgradeReadsDowntimeCosts(t *testing.T) {
	flows := func(texts ...string) []Flow {
		out := make([]Flow, len(texts))
		for i, s := range texts {
			out[i] = Flow{ID: string(rune('a' + i)), Failure: FailureStep{CostOfDowntime: s}}
		}
		return out
	}
	cases := []struct {
		name     string
		schema   string
		currency string
		texts    []string
		set      float64 // downtime cost already given on the first flow
		want     []float64
		wantCur  string
	}{
		{"v2, no currency yet", SchemaV2, "", []string{"EUR 20k per hour", "40 orders an hour", "GBP 5k an hour"}, 0, []float64{20000, 0, 0}, "EUR"},
		{"v2, the session's currency", SchemaV2, "GBP", []string{"EUR 20k per hour", "£5k an hour"}, 0, []float64{0, 5000}, "GBP"},
		{"v1 too", SchemaV1, "", []string{"$2,500 per hr"}, 0, []float64{2500}, "USD"},
		{"an amount already given stays", SchemaV2, "", []string{"EUR 20k per hour"}, 15000, []float64{15000}, ""},
		{"nothing plain", SchemaV2, "", []string{"USD 1.5m per day"}, 0, []float64{0}, ""},
		{"a v3 file is left alone", SchemaID, "", []string{"EUR 20k per hour"}, 0, []float64{0}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := &Document{Schema: c.schema, Session: Session{BusinessCaseInputs: BusinessCaseInputs{Currency: c.currency}}, Flows: flows(c.texts...)}
			d.Flows[0].Failure.DowntimeCostPerHour = c.set
			UpgradeV1(d)
			for i, f := range d.Flows {
				if f.Failure.DowntimeCostPerHour != c.want[i] {
					t.Errorf("flow %d (%q): %v an hour, want %v", i, c.texts[i], f.Failure.DowntimeCostPerHour, c.want[i])
				}
				if f.Failure.CostOfDowntime != c.texts[i] {
					t.Errorf("flow %d: the text became %q", i, f.Failure.CostOfDowntime)
				}
			}
			want := c.wantCur
			if c.currency != "" {
				want = c.currency
			}
			if d.Session.Currency != want || d.Schema != SchemaID {
				t.Errorf("session currency %q, schema %q; want %q, %q", d.Session.Currency, d.Schema, want, SchemaID)
			}
		})
	}
}
