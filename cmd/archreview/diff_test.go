package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// writeExport writes the document as its JSON export to a file of dir.
func writeExport(t *testing.T, dir, name string, d *model.Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, report.Export(d, report.ExportOptions{Now: time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)})); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// `archreview diff --format json` prints the shape docs/diff.schema.json
// publishes, for a follow-up in which a system is retired, a flow removed,
// a critical risk mitigated, a flow added and a system and a flow linked
// to the inventory; the text opens with the headline that names them.
func TestDiffJSONFollowsItsSchema(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	raw, err := os.ReadFile("../../docs/diff.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const id = "urn:archreview:schema:diff:v1"
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}

	before := model.DemoAnswers(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC))
	before.Flows[0].Failure.DowntimeCostPerHour = 20000
	after := before.Clone()
	after.Systems[6].Target = model.Target{Action: model.TargetRetire}
	after.Systems = slices.Delete(after.Systems, 9, 10) // the payments provider, and its flow
	after.Flows = slices.Delete(after.Flows, 6, 7)
	after.Flows[0].Failure.Risks[0].Status = model.RiskMitigated
	after.Flows[1].Failure.Risks = after.Flows[1].Failure.Risks[:1]
	after.Flows[2].Contract.Pattern = model.PatternEventDriven
	after.Systems[1].Ref, after.Flows[1].Ref = "sheet:APP-7", "sheet:IF-3"
	after.Flows = append(after.Flows, model.Flow{ID: "returns", Name: "Returns to ERP", Domain: "order", From: after.Systems[0].ID, To: after.Systems[1].ID})
	dir := t.TempDir()
	old, cur := writeExport(t, dir, "spring.json", before), writeExport(t, dir, "autumn.json", after)

	code, out, stderr := cli("diff", old, cur, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("the diff does not follow docs/diff.schema.json: %v\n%s", err, out)
	}
	for _, w := range []string{`"kind": "retired"`, `"kind": "removed"`, `"kind": "closed"`, `"kind": "added"`, `"kind": "ref"`, `"ref": "sheet:IF-3"`, `"severity": "critical"`, `"costed": true`} {
		if !strings.Contains(out, w) {
			t.Errorf("the diff has no %s:\n%s", w, out)
		}
	}

	code, out, stderr = cli("diff", old, cur)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first, _, _ := strings.Cut(out, "\n")
	const headline = "Since 2026-03-14: 1 critical risk mitigated, 1 flow added and 1 removed, the Price spreadsheet and Adyen payments retired; exposure EUR "
	if !strings.HasPrefix(first, headline) {
		t.Errorf("the text opens %q, want %q…", first, headline)
	}
}
