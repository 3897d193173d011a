package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// A path into a decoded JSON document: member names and list indexes.
type jsonPath []any

func walkTo(doc any, path jsonPath) (parent any, last any) {
	cur := doc
	for _, step := range path[:len(path)-1] {
		switch s := step.(type) {
		case string:
			cur = cur.(map[string]any)[s]
		case int:
			cur = cur.([]any)[s]
		}
	}
	return cur, path[len(path)-1]
}

func setAt(doc any, path jsonPath, v any) {
	parent, last := walkTo(doc, path)
	switch l := last.(type) {
	case string:
		parent.(map[string]any)[l] = v
	case int:
		parent.([]any)[l] = v
	}
}

func deleteAt(doc any, path jsonPath) {
	parent, last := walkTo(doc, path)
	delete(parent.(map[string]any), last.(string))
}

// The published schema and import agree: every document of the corpus,
// mutated from a real export, is accepted by both or refused by both.
// What a JSON Schema cannot say (ids that name nothing, an id used twice,
// a domain decided twice, a member written twice, text that is not UTF-8)
// is left out; the README says so.
func TestSchemaAndImportAgree(t *testing.T) {
	sch, err := fixture.CompileDocumentSchema(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	base := written(t, WriteJSON, Export(model.DemoAnswers(testNow), ExportOptions{Now: testNow}))
	risk := jsonPath{"flows", 0, "failure", "risks", 0}
	with := func(p jsonPath, more ...any) jsonPath { return append(append(jsonPath{}, p...), more...) }
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	target := jsonPath{"systems", 0, "target"}
	systemID := func(d map[string]any, i int) string { return d["systems"].([]any)[i].(map[string]any)["id"].(string) }
	cases := []struct {
		name   string
		edit   func(doc map[string]any)
		accept bool
	}{
		{"as exported", func(map[string]any) {}, true},
		{"no summary", func(d map[string]any) { delete(d, "summary") }, true},
		{"a number for a summary", func(d map[string]any) { d["summary"] = 42 }, true},
		{"anything in the summary", func(d map[string]any) { d["summary"] = map[string]any{"mood": []any{1, "x"}} }, true},
		{"v1 schema", func(d map[string]any) { d["schema"] = "archreview/v1" }, true},
		{"v2 schema", func(d map[string]any) { d["schema"] = "archreview/v2"; delete(d, "revision") }, true},
		{"newer schema", func(d map[string]any) { d["schema"] = "archreview/v4" }, false},
		{"no revision", func(d map[string]any) { delete(d, "revision") }, true},
		{"a revision that is no hash", func(d map[string]any) { d["revision"] = "sha256:abc" }, false},
		{"a base revision", func(d map[string]any) { d["base_revision"] = "sha256:" + strings.Repeat("0a", 32) }, true},
		{"a base revision of another hash", func(d map[string]any) { d["base_revision"] = "md5:" + strings.Repeat("0a", 16) }, false},
		{"ancestors", func(d map[string]any) { d["ancestors"] = []any{"sha256:" + strings.Repeat("1b", 32)} }, true},
		{"an ancestor that is no revision", func(d map[string]any) { d["ancestors"] = []any{"yesterday"} }, false},
		{"too many ancestors", func(d map[string]any) {
			a := make([]any, 33)
			for i := range a {
				a[i] = fmt.Sprintf("sha256:%064x", i)
			}
			d["ancestors"] = a
		}, false},
		{"no schema", func(d map[string]any) { delete(d, "schema") }, false},
		{"unknown member", func(d map[string]any) { d["budget"] = 1 }, false},
		{"unknown member in a step", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "failure", "mood"}, "calm") }, false},
		{"no exported_at", func(d map[string]any) { delete(d, "exported_at") }, true},
		{"empty exported_at", func(d map[string]any) { d["exported_at"] = "" }, true},
		{"bad exported_at", func(d map[string]any) { d["exported_at"] = "yesterday" }, false},
		{"no client", func(d map[string]any) { deleteAt(d, jsonPath{"session", "client"}) }, true},
		{"null client", func(d map[string]any) { setAt(d, jsonPath{"session", "client"}, nil) }, true},
		{"no session name", func(d map[string]any) { deleteAt(d, jsonPath{"session", "name"}) }, false},
		{"null session name", func(d map[string]any) { setAt(d, jsonPath{"session", "name"}, nil) }, false},
		{"blank session name", func(d map[string]any) { setAt(d, jsonPath{"session", "name"}, "  ") }, false},
		{"null session", func(d map[string]any) { d["session"] = nil }, false},
		{"null participants", func(d map[string]any) { setAt(d, jsonPath{"session", "participants"}, nil) }, true},
		{"blank participant", func(d map[string]any) { setAt(d, jsonPath{"session", "participants", 0}, "") }, false},
		{"timebox over 600", func(d map[string]any) { setAt(d, jsonPath{"session", "timebox_minutes"}, 601) }, false},
		{"slice size 0", func(d map[string]any) { setAt(d, jsonPath{"session", "slice_size"}, 0) }, true},
		{"slice size 51", func(d map[string]any) { setAt(d, jsonPath{"session", "slice_size"}, 51) }, false},
		{"bad date", func(d map[string]any) { setAt(d, jsonPath{"session", "date"}, "14/03/2026") }, false},
		{"one-digit hour", func(d map[string]any) { setAt(d, jsonPath{"session", "created_at"}, "2026-03-14T9:30:00Z") }, false},
		{"5.0 for an impact", func(d map[string]any) { setAt(d, with(risk, "impact"), raw("5.0")) }, true},
		{"4.5 for an impact", func(d map[string]any) { setAt(d, with(risk, "impact"), raw("4.5")) }, false},
		{"a string for an impact", func(d map[string]any) { setAt(d, with(risk, "impact"), "5") }, false},
		{"impact 6", func(d map[string]any) { setAt(d, with(risk, "impact"), 6) }, false},
		{"no impact", func(d map[string]any) { deleteAt(d, with(risk, "impact")) }, false},
		{"no fix", func(d map[string]any) { deleteAt(d, with(risk, "fix")) }, true},
		{"null fix", func(d map[string]any) { setAt(d, with(risk, "fix"), nil) }, true},
		{"no risk title", func(d map[string]any) { deleteAt(d, with(risk, "title")) }, false},
		{"risk status closed", func(d map[string]any) { setAt(d, with(risk, "status"), "closed") }, false},
		{"risk status empty", func(d map[string]any) { setAt(d, with(risk, "status"), "") }, true},
		{"covers a bad key", func(d map[string]any) { setAt(d, with(risk, "covers"), []any{"not a key"}) }, false},
		{"covers a key twice", func(d map[string]any) { setAt(d, with(risk, "covers"), []any{"NO_OWNER:x", "NO_OWNER:x"}) }, false},
		{"covers a domain key", func(d map[string]any) { setAt(d, with(risk, "covers"), []any{"SOT_CONFLICT:domain:price"}) }, true},
		{"slice 100", func(d map[string]any) { setAt(d, with(risk, "slice"), 100) }, false},
		{"bad pattern", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "contract", "pattern"}, "realtime") }, false},
		{"bad retry level", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "failure", "retry_level"}, "sometimes") }, false},
		{"empty monitoring level", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "failure", "monitoring_level"}, "") }, true},
		{"null step", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "owner"}, nil) }, true},
		{"no flow name", func(d map[string]any) { deleteAt(d, jsonPath{"flows", 0, "name"}) }, false},
		{"null via", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "via"}, nil) }, true},
		{"null flow", func(d map[string]any) { setAt(d, jsonPath{"flows", 0}, nil) }, false},
		{"system without kind", func(d map[string]any) { deleteAt(d, jsonPath{"systems", 0, "kind"}) }, true},
		{"bad system kind", func(d map[string]any) { setAt(d, jsonPath{"systems", 0, "kind"}, "mainframe") }, false},
		{"bad system id", func(d map[string]any) { setAt(d, jsonPath{"systems", 0, "id"}, "has spaces") }, false},
		{"no question", func(d map[string]any) { deleteAt(d, jsonPath{"open_questions", 0, "question"}) }, false},
		{"bad step", func(d map[string]any) { setAt(d, jsonPath{"open_questions", 0, "step"}, "testing") }, false},
		{"triage accepted", func(d map[string]any) { setAt(d, jsonPath{"triage", 0, "status"}, "accepted") }, false},
		{"triage without a reason", func(d map[string]any) { setAt(d, jsonPath{"triage", 0, "reason"}, "") }, false},
		{"triage with a null reason", func(d map[string]any) { setAt(d, jsonPath{"triage", 0, "reason"}, nil) }, false},
		{"triage of a bad key", func(d map[string]any) { setAt(d, jsonPath{"triage", 0, "finding"}, "nope") }, false},
		{"no triage", func(d map[string]any) { delete(d, "triage") }, true},
		{"null domains", func(d map[string]any) { d["domains"] = nil }, true},
		{"decision without a system", func(d map[string]any) { deleteAt(d, jsonPath{"domains", 0, "source_of_truth"}) }, false},
		{"decision without a name", func(d map[string]any) { setAt(d, jsonPath{"domains", 0, "name"}, "") }, false},
		{"decision with a null rationale", func(d map[string]any) { setAt(d, jsonPath{"domains", 0, "rationale"}, nil) }, true},
		{"a conflict", func(d map[string]any) {
			d["conflicts"] = []any{map[string]any{"path": "flows[0].name", "ours": `"a"`, "theirs": `"b"`}}
		}, true},
		{"a conflict without a path", func(d map[string]any) { d["conflicts"] = []any{map[string]any{"ours": `"a"`}} }, false},
		{"a pack", func(d map[string]any) { d["pack"] = map[string]any{"id": "retail", "version": "1"} }, true},
		{"a null pack", func(d map[string]any) { d["pack"] = nil }, true},
		{"a pack without an id", func(d map[string]any) { d["pack"] = map[string]any{"version": "1"} }, false},
		{"a pack with a bad digest", func(d map[string]any) { d["pack"] = map[string]any{"id": "retail", "sha256": "xyz"} }, false},
		{"follows a session", func(d map[string]any) { d["follows"] = "01HR4B1YM00000000000000001" }, true},
		{"follows a bad id", func(d map[string]any) { d["follows"] = "has spaces" }, false},
		// Decisions asked, targets and document control.
		{"a target", func(d map[string]any) { setAt(d, target, map[string]any{"action": "retire", "slice": 2}) }, true},
		{"a replacement", func(d map[string]any) { setAt(d, target, map[string]any{"action": "replace", "by": systemID(d, 1)}) }, true},
		{"a replacement by nobody", func(d map[string]any) { setAt(d, target, map[string]any{"action": "replace"}) }, false},
		{"a replacement by an empty id", func(d map[string]any) { setAt(d, target, map[string]any{"action": "replace", "by": ""}) }, false},
		{"a replacement named on a kept system", func(d map[string]any) { setAt(d, target, map[string]any{"action": "keep", "by": systemID(d, 1)}) }, true},
		{"a target action that is none", func(d map[string]any) { setAt(d, target, map[string]any{"action": "sunset"}) }, false},
		{"a target slice of 100", func(d map[string]any) { setAt(d, target, map[string]any{"action": "retire", "slice": 100}) }, false},
		{"a null target", func(d map[string]any) { setAt(d, target, nil) }, true},
		{"an empty target", func(d map[string]any) { setAt(d, target, map[string]any{}) }, true},
		{"an unknown member in a target", func(d map[string]any) { setAt(d, target, map[string]any{"action": "keep", "when": 1}) }, false},
		{"a decision asked", func(d map[string]any) {
			q := d["open_questions"].([]any)[0].(map[string]any)
			q["decision"], q["due"], q["options"], q["recommendation"] = true, "2026-04-01", []any{"Keep SAP, retire Oracle", "Both"}, "Keep SAP"
		}, true},
		{"null decision fields", func(d map[string]any) {
			q := d["open_questions"].([]any)[0].(map[string]any)
			q["decision"], q["due"], q["options"], q["recommendation"] = nil, nil, nil, nil
		}, true},
		{"a decision due on no date", func(d map[string]any) { setAt(d, jsonPath{"open_questions", 0, "due"}, "soon") }, false},
		{"an option twice", func(d map[string]any) { setAt(d, jsonPath{"open_questions", 0, "options"}, []any{"a", "a"}) }, true},
		{"a blank option", func(d map[string]any) { setAt(d, jsonPath{"open_questions", 0, "options"}, []any{"a", " "}) }, false},
		{"a decision that is text", func(d map[string]any) { setAt(d, jsonPath{"open_questions", 0, "decision"}, "yes") }, false},
		{"document control", func(d map[string]any) {
			s := d["session"].(map[string]any)
			s["version"], s["status"], s["confidentiality"] = "0.3", "final", "Strictly confidential"
			s["distribution"] = []any{"Ann (CIO)"}
			s["history"] = []any{map[string]any{"version": "0.1", "date": "2026-03-14", "note": "first draft"}, map[string]any{"version": "0.2", "date": "2026-03-20"}}
		}, true},
		{"an empty version", func(d map[string]any) { setAt(d, jsonPath{"session", "version"}, "") }, true},
		{"a version with a space", func(d map[string]any) { setAt(d, jsonPath{"session", "version"}, "0.3 draft") }, false},
		{"a pack status that is none", func(d map[string]any) { setAt(d, jsonPath{"session", "status"}, "signed") }, false},
		{"a blank recipient", func(d map[string]any) { setAt(d, jsonPath{"session", "distribution"}, []any{""}) }, false},
		{"a history row without a date", func(d map[string]any) {
			setAt(d, jsonPath{"session", "history"}, []any{map[string]any{"version": "0.1", "note": "x"}})
		}, false},
		{"a history row without a version", func(d map[string]any) {
			setAt(d, jsonPath{"session", "history"}, []any{map[string]any{"date": "2026-03-14"}})
		}, false},
		{"a history note of two lines", func(d map[string]any) {
			setAt(d, jsonPath{"session", "history"}, []any{map[string]any{"version": "0.1", "date": "2026-03-14", "note": "a\nb"}})
		}, false},
		{"an unknown member in a history row", func(d map[string]any) {
			setAt(d, jsonPath{"session", "history"}, []any{map[string]any{"version": "0.1", "date": "2026-03-14", "by": "me"}})
		}, false},
		{"a null history", func(d map[string]any) { setAt(d, jsonPath{"session", "history"}, nil) }, true},
		{"a currency", func(d map[string]any) { setAt(d, jsonPath{"session", "currency"}, "USD") }, true},
		{"a currency in lower case", func(d map[string]any) { setAt(d, jsonPath{"session", "currency"}, "usd") }, false},
		{"a currency of four letters", func(d map[string]any) { setAt(d, jsonPath{"session", "currency"}, "EURO") }, false},
		{"a start date", func(d map[string]any) { setAt(d, jsonPath{"session", "start_date"}, "2026-04-06") }, true},
		{"a start date that is none", func(d map[string]any) { setAt(d, jsonPath{"session", "start_date"}, "April") }, false},
		{"a capacity with a fraction", func(d map[string]any) { setAt(d, jsonPath{"session", "capacity_days_per_week"}, 7.5) }, true},
		{"a negative capacity", func(d map[string]any) { setAt(d, jsonPath{"session", "capacity_days_per_week"}, -1) }, false},
		{"a capacity in words", func(d map[string]any) { setAt(d, jsonPath{"session", "capacity_days_per_week"}, "ten") }, false},
		{"every settings table", func(d map[string]any) {
			setAt(d, jsonPath{"session", "settings"}, map[string]any{
				"incidents_per_year": []any{0.2, 0.5, 1, 3, 10}, "downtime_share": []any{0, 0.1, 0.25, 0.5, 1},
				"hours_per_incident": map[string]any{"alert-to-named-owner": 1, "none": 36},
				"effort_days":        map[string]any{"S": []any{0.5, 3}, "XL": []any{50, 120}},
			})
		}, true},
		{"empty settings", func(d map[string]any) { setAt(d, jsonPath{"session", "settings"}, map[string]any{}) }, true},
		{"four incident rates", func(d map[string]any) {
			setAt(d, jsonPath{"session", "settings"}, map[string]any{"incidents_per_year": []any{1, 2, 3, 4}})
		}, false},
		{"a share above the whole", func(d map[string]any) {
			setAt(d, jsonPath{"session", "settings"}, map[string]any{"downtime_share": []any{0, 0.1, 0.2, 0.5, 1.2}})
		}, false},
		{"hours for a level the table has no row for", func(d map[string]any) {
			setAt(d, jsonPath{"session", "settings"}, map[string]any{"hours_per_incident": map[string]any{"unknown": 24}})
		}, false},
		{"an effort size not a size", func(d map[string]any) {
			setAt(d, jsonPath{"session", "settings"}, map[string]any{"effort_days": map[string]any{"XXL": []any{1, 2}}})
		}, false},
		{"an effort range of three", func(d map[string]any) {
			setAt(d, jsonPath{"session", "settings"}, map[string]any{"effort_days": map[string]any{"S": []any{1, 2, 3}}})
		}, false},
		{"a downtime cost", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "failure", "downtime_cost_per_hour"}, 20000) }, true},
		{"a negative downtime cost", func(d map[string]any) { setAt(d, jsonPath{"flows", 0, "failure", "downtime_cost_per_hour"}, -1) }, false},
		{"a downtime cost in words", func(d map[string]any) {
			setAt(d, jsonPath{"flows", 0, "failure", "downtime_cost_per_hour"}, "EUR 20k")
		}, false},
		{"an effort", func(d map[string]any) { setAt(d, with(risk, "effort"), "XL") }, true},
		{"an effort not a size", func(d map[string]any) { setAt(d, with(risk, "effort"), "huge") }, false},
		{"hours per incident with a fraction", func(d map[string]any) { setAt(d, with(risk, "hours_per_incident"), 0.5) }, true},
		{"hours per incident past a year", func(d map[string]any) { setAt(d, with(risk, "hours_per_incident"), 8761) }, false},
		{"a cost per incident", func(d map[string]any) { setAt(d, with(risk, "cost_per_incident"), 40000) }, true},
		{"a negative cost per incident", func(d map[string]any) { setAt(d, with(risk, "cost_per_incident"), -40000) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(base, &doc); err != nil {
				t.Fatal(err)
			}
			c.edit(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			check(t, sch, b, c.accept)
		})
	}
	t.Run("a byte-order mark", func(t *testing.T) { check(t, sch, append([]byte("\xef\xbb\xbf"), base...), true) })
	t.Run("trailing data", func(t *testing.T) { check(t, sch, append(bytes.Clone(base), "{}"...), false) })
}

func check(t *testing.T, sch *jsonschema.Schema, b []byte, accept bool) {
	t.Helper()
	_, importErr := model.DecodeDocument(b)
	schemaErr := fixture.ValidateJSON(sch, b)
	if (importErr == nil) != (schemaErr == nil) || (importErr == nil) != accept {
		t.Errorf("import: %v; schema: %v; want both to %s", importErr, short(schemaErr), map[bool]string{true: "accept", false: "refuse"}[accept])
	}
}

func short(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := fmt.Sprint(err)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
