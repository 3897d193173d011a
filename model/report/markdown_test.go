package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

func demoExport() *Exported { return Export(model.DemoAnswers(testNow), ExportOptions{Now: testNow}) }

func TestMarkdownHasEverySection(t *testing.T) {
	e := demoExport()
	md := string(written(t, WriteMarkdown, e))
	if !strings.HasPrefix(md, "# Demo: Harbour & Pine integration review\n\n*"+PackSubtitle+"*\n") {
		t.Errorf("unexpected title line: %q", md[:min(len(md), 80)])
	}
	last := -1
	for _, h := range packHeadings(&e.Document, e.Summary, nil, wholePack) {
		at := strings.Index(md, "\n## "+h+"\n")
		if at < 0 {
			t.Errorf("no %q section", h)
			continue
		}
		if at < last {
			t.Errorf("section %q is out of order", h)
		}
		last = at
	}
	for _, want := range []string{
		"- **Client:** Harbour & Pine Outdoor (fictional)",
		"- **Prepared by:** Demo facilitator",
		"- **Participants:** Head of e-commerce, Finance lead",
		"### Immediate fixes", "### Roadmap changes",
		"| inventory ", "conflict",
		"Overselling on fast movers between nightly files",
		`password=\[redacted]`,
		"## Contents", "- [Current-state map](#current-state-map)", "```mermaid\nflowchart LR\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the pack does not say %q", want)
		}
	}
	if string(written(t, WriteMarkdown, demoExport())) != md {
		t.Error("two renderings of one export differ")
	}
}

func TestMarkdownTablesHaveEvenColumns(t *testing.T) {
	d := model.DemoAnswers(testNow)
	d.Flows[0].Name = "Orders | returns\nto ERP"
	d.Flows[0].Contract.PatternRationale = "<script>alert(1)</script> and a pipe | here\r\nsecond line\x1b[31m"
	md := string(written(t, WriteMarkdown, Export(d, ExportOptions{Now: testNow})))
	if !strings.Contains(md, `Orders \| returns ¶ to ERP`) {
		t.Error("a pipe or line break in a flow name is not escaped")
	}
	if strings.Contains(md, "<script>") || !strings.Contains(md, "&lt;script&gt;") {
		t.Error("an HTML tag in an answer reaches the Markdown")
	}
	if strings.Contains(md, "\x1b") || strings.Contains(md, "\r") {
		t.Error("control characters reach the Markdown")
	}
	var columns int
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			columns = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if columns == 0 {
			columns = n
		} else if n != columns {
			t.Fatalf("line %d has %d pipes where its table has %d: %q", i+1, n, columns, line)
		}
	}
}

func TestMarkdownOfAnEmptySession(t *testing.T) {
	d := model.NewSessionDocument(model.Session{ID: "s1", Name: "Empty"}, testNow)
	e := Export(d, ExportOptions{Now: testNow})
	md := string(written(t, WriteMarkdown, e))
	for _, h := range packHeadings(&e.Document, e.Summary, nil, wholePack) {
		if !strings.Contains(md, "\n## "+h+"\n") {
			t.Errorf("no %q section", h)
		}
	}
	for _, want := range []string{"No flows yet.", "No open questions were parked.", "The review walked 0 flows between 0 systems"} {
		if !strings.Contains(md, want) {
			t.Errorf("the empty pack does not say %q", want)
		}
	}
}

func TestRiskCSV(t *testing.T) {
	d := demoExport()
	b := written(t, WriteRiskCSV, d)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if !slices.Equal(rows[0], RiskCSVHeader) {
		t.Fatalf("header %v, want %v", rows[0], RiskCSVHeader)
	}
	if len(rows)-1 != len(d.Summary.Risks) {
		t.Fatalf("%d rows for %d register entries", len(rows)-1, len(d.Summary.Risks))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, row := range rows[1:] {
		r := d.Summary.Risks[i]
		if row[col["rank"]] != strconv.Itoa(r.Rank) || row[col["title"]] != r.Title || row[col["origin"]] != r.Origin ||
			row[col["slice"]] != strconv.Itoa(r.Slice) || row[col["flow"]] != r.FlowName {
			t.Errorf("row %d %v does not match register entry %+v", i+1, row, r)
		}
	}
	first := rows[1]
	if first[col["severity"]] != "critical" || first[col["revenue_critical"]] != "yes" || first[col["score"]] != "25" {
		t.Errorf("first row %v, want the critical 25", first)
	}
}

func TestRiskCSVGuardsFormulas(t *testing.T) {
	d := fixture.NewBuilder().EveryCoreDomain().Doc
	d.Flows[0].Failure.Risks = []model.Risk{
		{ID: "r1", Title: "=HYPERLINK(\"http://x\")", Impact: 5, Likelihood: 5, Fix: "+1 more check", Owner: "@ops", Horizon: model.HorizonImmediate},
		{ID: "r2", Title: "-5% margin on sale items", Impact: 4, Likelihood: 4, Fix: "plain", Owner: "\tTab"},
		// LibreOffice skips a leading NUL and runs what follows; blanks and
		// control characters before a formula are skipped too.
		{ID: "r3", Title: "\x00=cmd|' /C calc'!A0", Impact: 3, Likelihood: 3, Fix: " =1+1", Owner: "\r=2"},
		{ID: "r4", Title: "＝SUM(A1)", Impact: 2, Likelihood: 2, Fix: "a fix", Owner: "ops"},
	}
	b := written(t, WriteRiskCSV, Export(d, ExportOptions{Now: testNow}))
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{`'=HYPERLINK("http://x")`: true, "'+1 more check": true, "'@ops": true, "'-5% margin on sale items": true, "'\tTab": true,
		"'\x00=cmd|' /C calc'!A0": true, "' =1+1": true, "'\r=2": true, "'＝SUM(A1)": true}
	for _, row := range rows[1:] {
		for _, cell := range row {
			delete(want, cell)
			if trimmed := strings.TrimLeft(cell, " \t\r\n\x00"); trimmed != "" && strings.ContainsRune("=+-@＝＋－＠", []rune(trimmed)[0]) {
				t.Errorf("cell %q would run as a formula", cell)
			}

		}
	}
	for cell := range want {
		t.Errorf("no guarded cell %q", cell)
	}
}

// TestMdTextEscapesWWWInAnyCase: cmark-gfm and GitHub link "www." in any
// case, so the dot is escaped whatever the case of the letters.
func TestMdTextEscapesWWWInAnyCase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"see www.example.com", `see www\.example.com`},
		{"see WWW.example.com", `see WWW\.example.com`},
		{"see wWw.example.com", `see wWw\.example.com`},
		{"awww.example", "awww.example"},
		{"ww.w example", "ww.w example"},
		{"www", "www"},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
