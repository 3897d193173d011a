package report

import (
	"bytes"
	"strings"
	"testing"

	"archreview/model"
	"archreview/model/internal/fixture"
	"archreview/model/review"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../../docs/archreview.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	sch, err := fixture.CompileSchema(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSchemaAcceptsExports(t *testing.T) {
	sch := compileSchema(t)
	empty := model.NewSessionDocument(model.Session{ID: "s1", Name: "Empty"}, testNow)
	bare := fixture.NewBuilder().Flow("a", "returns", "storefront", "erp", func(f *model.Flow) {
		f.Source, f.Contract, f.Failure, f.Owner = model.SourceStep{}, model.ContractStep{}, model.FailureStep{}, model.OwnerStep{}
	}).Doc
	merged := model.Demo(testNow)
	if err := review.MergeRisks(merged, merged.Flows[1].Failure.Risks[0].ID, merged.Flows[0].Failure.Risks[0].ID); err != nil {
		t.Fatal(err)
	}
	merged.Triage = append(merged.Triage, model.Triage{Finding: model.RiskPairKey(review.RuleDuplicateRisk, "a1", "b2"), Status: model.TriageDismissed, Reason: "two queues"})
	secrets := model.Demo(testNow)
	for i, field := range everyTextField() {
		field.set(secrets, "password=hunter"+strings.Repeat("2", i+1))
	}
	costed := model.Demo(testNow)
	costed.Session.Currency, costed.Session.StartDate, costed.Session.CapacityDaysPerWeek = "GBP", "2026-04-06", 7.5
	costed.Session.Settings = &model.Settings{DowntimeShare: []float64{0, 0.1, 0.2, 0.5, 1},
		HoursPerIncident: map[model.MonitoringLevel]float64{model.MonitorNone: 36},
		EffortDays:       map[model.Effort][2]float64{model.EffortS: {0.5, 3}}}
	costed.Flows[0].Failure.DowntimeCostPerHour = 20000
	for i, r := range costed.Flows[0].Failure.Risks {
		r.Effort, r.HoursPerIncident = model.Efforts[i%len(model.Efforts)], float64(i)/2
		costed.Flows[0].Failure.Risks[i] = r
	}
	costed.Flows[1].Failure.Risks[0].CostPerIncident = 40000
	cases := []struct {
		name    string
		doc     *model.Document
		private bool
	}{
		{"demo", model.Demo(testNow), false},
		{"demo with costs, efforts and a dated roadmap", costed, false},
		{"demo with private notes", model.Demo(testNow), true},
		{"empty session", empty, false},
		{"unanswered flow", bare, false},
		{"a risk merged into another, a duplicate dismissed", merged, false},
		{"credentials everywhere", secrets, true},
	}
	for _, c := range cases {
		b := written(t, WriteJSON, Export(c.doc, ExportOptions{IncludePrivate: c.private, Now: testNow}))
		if c.private && !bytes.Contains(b, []byte(`"private_notes"`)) {
			t.Errorf("%s: the export has no private notes to check", c.name)
		}
		if err := fixture.ValidateJSON(sch, b); err != nil {
			t.Errorf("%s: the export does not match the schema: %v", c.name, err)
		}
	}
}

func TestSchemaRejectsBrokenDocuments(t *testing.T) {
	sch := compileSchema(t)
	good := written(t, WriteJSON, demoExport())
	if err := fixture.ValidateJSON(sch, good); err != nil {
		t.Fatalf("the demo export does not match: %v", err)
	}
	cases := []struct{ name, from, to string }{
		{"bad pattern", `"pattern": "event-driven"`, `"pattern": "realtime"`},
		{"extra field", `"client":`, `"budget": 1, "client":`},
		{"extra summary field", `"source_of_truth":`, `"mood": "fine", "source_of_truth":`},
		{"impact above 5", `"impact": 5`, `"impact": 6`},
		{"bad severity", `"severity": "critical"`, `"severity": "severe"`},
		{"bad origin", `"origin": "facilitator"`, `"origin": "someone"`},
		{"bad date", `"date": "2026-03-14"`, `"date": "14/03/2026"`},
		{"bad exported_at", `"exported_at": "2026-03-14T09:30:00Z"`, `"exported_at": "yesterday"`},
		{"wrong schema", `"archreview/v3"`, `"archreview/v4"`},
		{"missing summary", `"summary": {`, `"not_summary": {`},
		{"bad finding status", `"status": "open"`, `"status": "maybe"`},
		{"bad id", `"id": "` + model.DemoSessionID + `"`, `"id": "has spaces"`},
		{"a business case without its currency", `"currency": "EUR",`, ``},
		{"a negative count of risks not costed", `"not_costed": `, `"not_costed": -`},
		{"a risk's loss as a word", `"expected": null`, `"expected": "unknown"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			broken := bytes.Replace(good, []byte(c.from), []byte(c.to), 1)
			if bytes.Equal(broken, good) {
				t.Fatalf("%q is not in the export", c.from)
			}
			if err := fixture.ValidateJSON(sch, broken); err == nil {
				t.Fatal("the schema accepted it")
			}
		})
	}
}
