package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// jiraRows reads a Jira CSV, which must start with a byte order mark, into
// its header's first column of each name and its rows.
func jiraRows(t *testing.T, e *Exported) (map[string]int, [][]string) {
	t.Helper()
	b := written(t, WriteJiraCSV, e)
	body, ok := bytes.CutPrefix(b, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("the Jira CSV starts %q, not with a UTF-8 byte order mark", b[:min(len(b), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the Jira CSV does not parse: %v", err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		if _, seen := col[h]; !seen {
			col[h] = i
		}
	}
	return col, rows[1:]
}

func TestJiraCSV(t *testing.T) {
	d := model.DemoAnswers(testNow)
	long := strings.Repeat("orders wait in the queue ", 20) + "and nobody is paged"
	var risks []*model.Risk
	for fi := range d.Flows {
		for ri := range d.Flows[fi].Failure.Risks {
			risks = append(risks, &d.Flows[fi].Failure.Risks[ri])
		}
	}
	risks[0].Title, risks[0].Ticket, risks[0].Status = "\x00=HYPERLINK(\"http://x\")", "", model.RiskOpen
	risks[1].Title, risks[1].Ticket, risks[1].Status = long, "", model.RiskOpen
	risks[2].Ticket = "INT-9"
	risks[3].Status = model.RiskMitigated
	risks[4].Status, risks[4].Ticket = model.RiskAccepted, ""
	guarded, ticketed, mitigated, accepted := risks[0].ID, risks[2].ID, risks[3].ID, risks[4].ID
	e := Export(d, ExportOptions{Now: testNow})
	col, rows := jiraRows(t, e)
	for _, h := range []string{"Summary", "Description", "Priority", "Labels", "Issue Type", "Status", "External ID"} {
		if _, ok := col[h]; !ok {
			t.Errorf("no %q column", h)
		}
	}
	byID := map[string]*review.RegisterEntry{}
	want := 0
	for i := range e.Summary.Risks {
		r := &e.Summary.Risks[i]
		byID[r.ID] = r
		if r.Ticket == "" && !r.Status.Closed() {
			want++
		}
	}
	if len(rows) != want || want == 0 {
		t.Fatalf("%d tickets for the %d risks with no ticket still to work on", len(rows), want)
	}
	priorities := map[string]string{"critical": "Highest", "high": "High", "medium": "Medium", "low": "Low"}
	seen := map[string]bool{}
	for i, row := range rows {
		id := row[col["External ID"]]
		reg := byID[id]
		if reg == nil {
			t.Fatalf("ticket %d has external id %q, no risk's", i+1, id)
		}
		seen[id] = true
		if row[col["Priority"]] != priorities[reg.Severity] {
			t.Errorf("ticket %d: priority %q for a %s risk", i+1, row[col["Priority"]], reg.Severity)
		}
		if status := row[col["Status"]]; status != map[model.RiskStatus]string{"": "To Do", model.RiskOpen: "To Do", model.RiskInProgress: "In Progress"}[reg.Status] {
			t.Errorf("ticket %d: status %q for a risk %q", i+1, status, reg.Status)
		}
		desc := row[col["Description"]]
		for _, want := range []string{"* *Flow:* ", "* *Score:* " + itoa(reg.Score), "* *Fix:* ", "* *Owner:* "} {
			if !strings.Contains(desc, want) {
				t.Errorf("ticket %d's description lacks %q:\n%s", i+1, want, desc)
			}
		}
		if strings.Contains(desc, "**") {
			t.Errorf("ticket %d's description is Markdown, which Jira shows as typed:\n%s", i+1, desc)
		}
		if strings.HasPrefix(reg.Origin, "rule:") && !strings.Contains(desc, "* *Finding:* ") {
			t.Errorf("ticket %d from a rule does not say the finding it covers", i+1)
		}
		labels := row[col["Labels"] : col["Labels"]+5]
		if !slices.Contains(labels, "ar-"+id) {
			t.Errorf("ticket %d's labels %v lack ar-%s", i+1, labels, id)
		}
		for _, label := range labels {
			if strings.ContainsAny(label, " \t\n") {
				t.Errorf("label %q has a space; Jira refuses it", label)
			}
		}
		s := row[col["Summary"]]
		if n := utf8.RuneCountInString(s); n > JiraSummaryLimit {
			t.Errorf("ticket %d's summary has %d characters; Jira takes %d", i+1, n, JiraSummaryLimit)
		}
		if s != "" && strings.ContainsRune("=+-@\x00", rune(s[0])) {
			t.Errorf("summary %q would run as a formula", s)
		}
		switch {
		case id == guarded:
			if s != "'=HYPERLINK(\"http://x\")" {
				t.Errorf("a title that runs as a formula is summarised %q, want it guarded by one quote", s)
			}
		case reg.Title == long:
			kept, cut := strings.CutSuffix(s, "…")
			if !cut || !strings.HasPrefix(long, kept+" ") {
				t.Errorf("a long title is summarised %q, not cut at a word", s)
			}
			if !strings.Contains(desc, long) {
				t.Errorf("the whole long title is not in the description:\n%s", desc)
			}
		case s != strings.Join(strings.Fields(reg.Title), " "):
			t.Errorf("ticket %d's summary %q is not its title %q", i+1, s, reg.Title)
		}
	}
	for what, id := range map[string]string{"with a ticket": ticketed, "mitigated": mitigated, "accepted": accepted} {
		if seen[id] {
			t.Errorf("the risk %s is in the Jira CSV again", what)
		}
	}
	if !seen[guarded] {
		t.Errorf("the open risk with no ticket is not in the Jira CSV")
	}
}

func TestJiraSummaryCutsAtAWord(t *testing.T) {
	word := strings.Repeat("x", 300)
	tests := []struct {
		name, title, want string
	}{
		{"short", "Orders stuck", "Orders stuck"},
		{"exactly the limit", strings.Repeat("a", JiraSummaryLimit), strings.Repeat("a", JiraSummaryLimit)},
		{"one over, at a space", strings.Repeat("a", 250) + " bbbb", strings.Repeat("a", 250) + "…"},
		{"space right at the cut", strings.Repeat("a", 253) + " b", strings.Repeat("a", 253) + "…"},
		{"one long word", word, word[:JiraSummaryLimit-1] + "…"},
		{"accents count as one", strings.Repeat("é", 250) + " ü", strings.Repeat("é", 250) + " ü"},
		{"guarded", "-" + strings.Repeat("a", 260), "'-" + strings.Repeat("a", JiraSummaryLimit-3) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := jiraSummary(tt.title)
			if got != tt.want {
				t.Errorf("jiraSummary = %q, want %q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > JiraSummaryLimit {
				t.Errorf("%d characters", n)
			}
		})
	}
}

func TestJiraTextEscapesWikiMarkup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"*bold* _it_ [link|http://x] {code}", `\*bold\* \_it\_ \[link\|http://x\] \{code\}`},
		{"- list\n# heading", `\- list \# heading`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := jiraText(tt.in); got != tt.want {
			t.Errorf("jiraText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRiskCSVHasIDAndDescription(t *testing.T) {
	d := model.DemoAnswers(testNow)
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
		if got := row[slices.Index(RiskCSVHeader, "label")]; got != "ar-"+ids[i] {
			t.Errorf("row %d label %q, want ar-%s", i+1, got, ids[i])
		}
		if got, want := row[slices.Index(RiskCSVHeader, "status")], riskStatus(&e.Summary.Risks[i]); got != want {
			t.Errorf("row %d status %q, want %q", i+1, got, want)
		}
		if got := row[slices.Index(RiskCSVHeader, "ticket")]; got != e.Summary.Risks[i].Ticket {
			t.Errorf("row %d ticket %q, want %q", i+1, got, e.Summary.Risks[i].Ticket)
		}
		desc := row[slices.Index(RiskCSVHeader, "description")]
		if !strings.Contains(desc, "Score: "+itoa(e.Summary.Risks[i].Score)+" = impact") || !strings.Contains(desc, "Flow: ") {
			t.Errorf("row %d's description %q does not describe the risk", i+1, desc)
		}
	}
}
