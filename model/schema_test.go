package model

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../docs/archreview.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", schemaPath, err)
	}
	id, _ := doc.(map[string]any)["$id"].(string)
	if id == "" {
		t.Fatalf("%s has no $id", schemaPath)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("%s does not compile: %v", schemaPath, err)
	}
	return sch
}

func validateJSON(sch *jsonschema.Schema, b []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

func TestSchemaAcceptsExports(t *testing.T) {
	sch := compileSchema(t)
	empty := NewSessionDocument(Session{ID: "s1", Name: "Empty"}, testNow)
	bare := newTestDoc().flow("a", "returns", "storefront", "erp", func(f *Flow) {
		f.Source, f.Contract, f.Failure, f.Owner = SourceStep{}, ContractStep{}, FailureStep{}, OwnerStep{}
	}).d
	secrets := Demo(testNow)
	for i, field := range everyTextField() {
		field.set(secrets, "password=hunter"+strings.Repeat("2", i+1))
	}
	cases := []struct {
		name    string
		doc     *Document
		private bool
	}{
		{"demo", Demo(testNow), false},
		{"demo with private notes", Demo(testNow), true},
		{"empty session", empty, false},
		{"unanswered flow", bare, false},
		{"credentials everywhere", secrets, true},
	}
	for _, c := range cases {
		b, err := EncodeDocument(Export(c.doc, ExportOptions{IncludePrivate: c.private, Now: testNow}))
		if err != nil {
			t.Fatal(err)
		}
		if c.private && !bytes.Contains(b, []byte(`"private_notes"`)) {
			t.Errorf("%s: the export has no private notes to check", c.name)
		}
		if err := validateJSON(sch, b); err != nil {
			t.Errorf("%s: the export does not match the schema: %v", c.name, err)
		}
	}
}

func TestSchemaRejectsBrokenDocuments(t *testing.T) {
	sch := compileSchema(t)
	good, err := EncodeDocument(demoExport())
	if err != nil {
		t.Fatal(err)
	}
	if err := validateJSON(sch, good); err != nil {
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
		{"wrong schema", `"archreview/v1"`, `"archreview/v2"`},
		{"missing summary", `"summary": {`, `"not_summary": {`},
		{"bad id", `"id": "` + DemoSessionID + `"`, `"id": "has spaces"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			broken := bytes.Replace(good, []byte(c.from), []byte(c.to), 1)
			if bytes.Equal(broken, good) {
				t.Fatalf("%q is not in the export", c.from)
			}
			if err := validateJSON(sch, broken); err == nil {
				t.Fatal("the schema accepted it")
			}
		})
	}
}
