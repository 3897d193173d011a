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
