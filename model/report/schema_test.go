package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/review"

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
	merged := model.DemoAnswers(testNow)
	if err := review.MergeRisks(merged, merged.Flows[1].Failure.Risks[0].ID, merged.Flows[0].Failure.Risks[0].ID); err != nil {
		t.Fatal(err)
	}
	merged.Triage = append(merged.Triage, model.Triage{Finding: model.RiskPairKey(review.RuleDuplicateRisk, "a1", "b2"), Status: model.TriageDismissed, Reason: "two queues"})
	secrets := model.DemoAnswers(testNow)
	for i, field := range everyTextField() {
		field.set(secrets, "password=hunter"+strings.Repeat("2", i+1))
	}
	pack := packDocument()
	costed := model.DemoAnswers(testNow)
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
	imported := model.DemoAnswers(testNow)
	imported.Systems[0].Ref, imported.Flows[0].Ref = "drawio:v1", "drawio:e1+e2"
	cases := []struct {
		name    string
		doc     *model.Document
		private bool
	}{
		{"decisions asked, targets and document control", pack, false},
		{"demo", model.DemoAnswers(testNow), false},
		{"demo with costs, efforts and a dated roadmap", costed, false},
		{"demo with private notes", model.DemoAnswers(testNow), true},
		{"empty session", empty, false},
		{"unanswered flow", bare, false},
		{"a risk merged into another, a duplicate dismissed", merged, false},
		{"credentials everywhere", secrets, true},
		{"a system and a flow imported from an inventory, with their refs", imported, false},
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

// packDocument is the demo with what a partner's pack holds besides the
// review: a question asked as a decision, a parked domain, systems
// replaced, retired and introduced (a flow left without an end among
// them), and the pack's document control.
func packDocument() *model.Document {
	d := model.DemoAnswers(testNow)
	d.Systems[1].Target = model.Target{Action: model.TargetReplace, By: d.Systems[2].ID, Slice: 2}
	d.Systems[3].Target = model.Target{Action: model.TargetRetire, Slice: 1}
	d.Systems[4].Target = model.Target{Action: model.TargetKeep}
	d.Systems = append(d.Systems, model.System{ID: "new-oms", Name: "New OMS", Kind: "oms", Target: model.Target{Action: model.TargetIntroduce, Slice: 1}})
	d.OpenQuestions[0].DecisionAsk = model.DecisionAsk{Decision: true, Due: "2026-04-01", Options: []string{"Cut over in March", "After peak"}, Recommendation: "After peak"}
	d.Domains = append(d.Domains, model.DomainDecision{Name: "returns", Status: model.DomainParked, Ask: "the CFO", Due: "2026-04-15"})
	d.Session.DocumentControl = model.DocumentControl{Version: "0.3", Status: model.DocumentDraft, Distribution: []string{"CIO", "CFO"},
		History: []model.HistoryEntry{{Version: "0.1", Date: "2026-03-14", Note: "after the workshop"}, {Version: "0.3", Date: "2026-03-20", Note: "comments in"}}}
	return d
}

func TestSchemaRejectsBrokenDocuments(t *testing.T) {
	sch := compileSchema(t)
	good := written(t, WriteJSON, Export(packDocument(), ExportOptions{Now: testNow}))
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
		{"a register entry without its number", `"number": "R1",`, ``},
		{"a risk number that is no number", `"number": "R1"`, `"number": "1"`},
		{"a target state without its flows", `"undecided":`, `"flowz": [], "undecided":`},
		{"a decision asked of an unknown kind", `"kind": "domain"`, `"kind": "budget"`},
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

// A pack's export imports back as the same export, its decisions asked,
// targets and document control with it, and the summary derives them.
func TestPackDocumentImportsBack(t *testing.T) {
	first := written(t, WriteJSON, Export(packDocument(), ExportOptions{Now: testNow}))
	back, err := model.DecodeDocument(first)
	if err != nil {
		t.Fatal(err)
	}
	again := written(t, WriteJSON, Export(back, ExportOptions{Now: testNow}))
	if !bytes.Equal(first, again) {
		t.Error("the export of its import differs from the export")
	}
	sum := Export(back, ExportOptions{Now: testNow}).Summary
	if len(sum.DecisionsAsked) != 2 || sum.DecisionsAsked[0].Kind != review.DecisionAskedQuestion || sum.DecisionsAsked[1].Domain != "returns" {
		t.Errorf("decisions asked %+v", sum.DecisionsAsked)
	}
	if len(sum.TargetState.Orphaned) == 0 || sum.TargetState.Undecided != len(back.Systems)-4 {
		t.Errorf("target state %+v", sum.TargetState)
	}
}
