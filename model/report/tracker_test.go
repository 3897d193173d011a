package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

func TestJiraCSV(t *testing.T) {
	d := model.Demo(testNow)
	d.Flows[0].Failure.Risks[0].Title = "\x00=HYPERLINK(\"http://x\")"
	e := Export(d, ExportOptions{Now: testNow})
	r := csv.NewReader(bytes.NewReader(written(t, WriteJiraCSV, e)))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the Jira CSV does not parse: %v", err)
	}
	for _, h := range []string{"Summary", "Description", "Priority", "Labels", "Issue Type", "External ID"} {
		if !slices.Contains(rows[0], h) {
			t.Errorf("no %q column in %v", h, rows[0])
		}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		if _, seen := col[h]; !seen {
			col[h] = i
		}
	}
	ids := jsonRiskIDs(t, d)
	if len(rows)-1 != len(ids) {
		t.Fatalf("%d tickets for %d risks", len(rows)-1, len(ids))
	}
	priorities := map[string]string{"critical": "Highest", "high": "High", "medium": "Medium", "low": "Low"}
	for i, row := range rows[1:] {
		reg := e.Summary.Risks[i]
		if row[col["External ID"]] != ids[i] {
			t.Errorf("ticket %d has external id %q, the JSON's risk %q", i+1, row[col["External ID"]], ids[i])
		}
		if row[col["Priority"]] != priorities[reg.Severity] {
			t.Errorf("ticket %d: priority %q for a %s risk", i+1, row[col["Priority"]], reg.Severity)
		}
		desc := row[col["Description"]]
		for _, want := range []string{"- **Flow:** ", "- **Score:** " + itoa(reg.Score), "- **Fix:** ", "- **Owner:** "} {
			if !strings.Contains(desc, want) {
				t.Errorf("ticket %d's description lacks %q:\n%s", i+1, want, desc)
			}
		}
		if strings.HasPrefix(reg.Origin, "rule:") && !strings.Contains(desc, "- **Finding:** ") {
			t.Errorf("ticket %d from a rule does not say the finding it covers", i+1)
		}
		for _, label := range row[col["Labels"] : col["Labels"]+4] {
			if strings.ContainsAny(label, " \t\n") {
				t.Errorf("label %q has a space; Jira refuses it", label)
			}
		}
		if s := row[col["Summary"]]; s != "" && strings.ContainsRune("=+-@\x00", rune(s[0])) {
			t.Errorf("summary %q would run as a formula", s)
		}
	}
	if rows[1][col["Priority"]] != "Highest" {
		t.Errorf("the worst risk's priority is %q", rows[1][col["Priority"]])
	}
}

func TestRiskCSVHasIDAndDescription(t *testing.T) {
	d := model.Demo(testNow)
	e := Export(d, ExportOptions{Now: testNow})
	rows, err := csv.NewReader(bytes.NewReader(written(t, WriteRiskCSV, e))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ids := jsonRiskIDs(t, d)
	for i, row := range rows[1:] {
		if row[0] != ids[i] {
			t.Errorf("row %d id %q, the JSON %q", i+1, row[0], ids[i])
		}
		desc := row[slices.Index(RiskCSVHeader, "description")]
		if !strings.Contains(desc, "Score: "+itoa(e.Summary.Risks[i].Score)+" = impact") || !strings.Contains(desc, "Flow: ") {
			t.Errorf("row %d's description %q does not describe the risk", i+1, desc)
		}
	}
}
