package tickets

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		format Format
		want   []Ticket
		err    string // a part of the error, "" for none
	}{
		{name: "jira export with a BOM and repeated labels", format: FormatJiraCSV,
			in: "\uFEFFSummary,Issue key,Status,Status Category,Labels,Labels\nA,INT-1,Done,Done,archreview,ar-r1\nB,INT-2,Blocked,In Progress,ar-r2,\n",
			want: []Ticket{
				{Where: "row 2", Key: "INT-1", Status: "Done", Category: "Done", Labels: []string{"archreview", "ar-r1"}},
				{Where: "row 3", Key: "INT-2", Status: "Blocked", Category: "In Progress", Labels: []string{"ar-r2"}},
			}},
		{name: "labels in one cell", format: FormatJiraCSV,
			in:   "Issue key,Status,Labels\nINT-1,To Do,archreview ar-r1\n",
			want: []Ticket{{Where: "row 2", Key: "INT-1", Status: "To Do", Labels: []string{"archreview", "ar-r1"}}}},
		{name: "gh json", format: FormatGitHub,
			in:   `[{"number":7,"url":"https://github.com/o/r/issues/7","title":"t","state":"CLOSED","labels":[{"name":"ar-r1"},{"name":"bug"}]}]`,
			want: []Ticket{{Where: "issue #7", Key: "https://github.com/o/r/issues/7", Status: "CLOSED", Labels: []string{"ar-r1", "bug"}}}},
		{name: "empty", in: "", err: "is neither a Jira CSV export"},
		{name: "a json object", in: `{"issues":[]}`, err: "is neither a Jira CSV export"},
		{name: "a csv of something else", in: "id,title\nr1,Orders\n", err: "is neither a Jira CSV export"},
		{name: "broken quote", in: "Issue key,Status,Labels\nINT-1,Done,ar-r1\nINT-2,Done,\"ar-r2\n", err: "row 3 of f (line 3) cannot be read: a quote is not closed"},
		{name: "short row", in: "Issue key,Status,Labels\nINT-1,Done\n", err: "row 2 of f (line 2) cannot be read: it has a different number of cells"},
		{name: "no key", in: "Issue key,Status,Labels\n,Done,ar-r1\n", err: "row 2 of f has no Issue key"},
		{name: "gh json without state", in: `[{"number":7,"url":"u","labels":[]}]`, err: "issue #7 of f has no url, number or state"},
		{name: "broken json", in: `[{"number":7,`, err: "f is not the output of gh issue list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format, got, err := Parse("f", []byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error %v, want one line with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if format != tt.format {
				t.Errorf("format %q, want %q", format, tt.format)
			}
			if !slices.EqualFunc(got, tt.want, func(a, b Ticket) bool {
				return a.Where == b.Where && a.Key == b.Key && a.Status == b.Status && a.Category == b.Category && slices.Equal(a.Labels, b.Labels)
			}) {
				t.Errorf("tickets %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		in    string
		want  model.RiskStatus
		known bool
	}{
		{"Done", model.RiskMitigated, true}, {"CLOSED", model.RiskMitigated, true},
		{"In Progress", model.RiskInProgress, true}, {"in-progress", model.RiskInProgress, true},
		{"To Do", model.RiskOpen, true}, {"OPEN", model.RiskOpen, true},
		{"Blocked", "", false}, {"Won't fix", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, known := StatusOf(tt.in)
		if got != tt.want || known != tt.known {
			t.Errorf("StatusOf(%q) = %q, %v; want %q, %v", tt.in, got, known, tt.want, tt.known)
		}
	}
}

// trackedDoc is a session of two flows and one session risk, with one
// risk merged into another.
func trackedDoc() *model.Document {
	return &model.Document{
		Flows: []model.Flow{
			{ID: "f1", Failure: model.FailureStep{Risks: []model.Risk{
				{ID: "open1", Title: "Orders stuck", Status: model.RiskOpen},
				{ID: "acc", Title: "Accepted one", Status: model.RiskAccepted},
			}}},
			{ID: "f2", Failure: model.FailureStep{Risks: []model.Risk{
				{ID: "done", Title: "Already mitigated", Status: model.RiskMitigated, Ticket: "INT-5"},
				{ID: "keep", Title: "Survivor", Merged: []string{"gone"}},
			}}},
		},
		Decided: model.Decided{Risks: []model.Risk{{ID: "sess", Title: "No cutover plan", Status: model.RiskInProgress, Ticket: "INT-1"}}},
	}
}

func TestApply(t *testing.T) {
	tk := func(key, status string, labels ...string) Ticket {
		return Ticket{Where: "row of " + key, Key: key, Status: status, Labels: labels}
	}
	type want struct {
		ticket string
		status model.RiskStatus
	}
	tests := []struct {
		name     string
		tickets  []Ticket
		want     map[string]want
		changes  int
		unknown  int
		flows    []int
		session  bool
		err      string
		unlabled int
	}{
		{name: "done mitigates, key set", tickets: []Ticket{tk("INT-7", "Done", "ar-open1")},
			want: map[string]want{"open1": {"INT-7", model.RiskMitigated}}, changes: 1, flows: []int{0}},
		{name: "an accepted risk stays accepted", tickets: []Ticket{tk("INT-8", "Done", "ar-acc")},
			want: map[string]want{"acc": {"INT-8", model.RiskAccepted}}, changes: 1, flows: []int{0}},
		{name: "reopened in the tracker", tickets: []Ticket{tk("INT-5", "To Do", "AR-done")},
			want: map[string]want{"done": {"INT-5", model.RiskOpen}}, changes: 1, flows: []int{1}},
		{name: "the same as stored changes nothing", tickets: []Ticket{tk("INT-5", "Closed", "ar-done"), tk("INT-1", "In Progress", "ar-sess")},
			want: map[string]want{"done": {"INT-5", model.RiskMitigated}, "sess": {"INT-1", model.RiskInProgress}}},
		{name: "a session risk", tickets: []Ticket{tk("INT-1", "Done", "ar-sess")},
			want: map[string]want{"sess": {"INT-1", model.RiskMitigated}}, changes: 1, session: true},
		{name: "a status not known sets the ticket only", tickets: []Ticket{tk("INT-9", "Blocked", "ar-open1")},
			want: map[string]want{"open1": {"INT-9", model.RiskOpen}}, changes: 1, unknown: 1, flows: []int{0}},
		{name: "a merged risk's ticket is the survivor's", tickets: []Ticket{tk("INT-3", "In Progress", "ar-gone")},
			want: map[string]want{"keep": {"INT-3", model.RiskInProgress}}, changes: 1, flows: []int{1}},
		{name: "two tickets: keys joined, the least advanced status",
			tickets: []Ticket{tk("INT-3", "Done", "ar-keep"), tk("INT-4", "In Progress", "ar-keep")},
			want:    map[string]want{"keep": {"INT-3, INT-4", model.RiskInProgress}}, changes: 1, flows: []int{1}},
		{name: "tickets with no ar- label are left alone", tickets: []Ticket{tk("OPS-1", "Done", "bug"), tk("OPS-2", "Done")},
			want: map[string]want{"open1": {"", model.RiskOpen}}, unlabled: 2},
		{name: "a label naming no risk writes nothing",
			tickets: []Ticket{tk("INT-7", "Done", "ar-open1"), tk("INT-8", "Done", "ar-nosuch")},
			want:    map[string]want{"open1": {"", model.RiskOpen}}, err: "row of INT-8 (INT-8, ar-nosuch) names no risk of this session"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := trackedDoc()
			res, err := Apply(d, tt.tickets)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			risks := risksByID(d)
			for id, w := range tt.want {
				r := risks[id].risk
				if r.Ticket != w.ticket || statusOrOpen(r.Status) != w.status {
					t.Errorf("risk %s: ticket %q status %q, want %q %q", id, r.Ticket, r.Status, w.ticket, w.status)
				}
			}
			if len(res.Changes) != tt.changes || len(res.Unknown) != tt.unknown || res.Unlabelled != tt.unlabled ||
				!slices.Equal(res.Flows, tt.flows) || res.SessionRisks != tt.session {
				t.Errorf("result %+v", res)
			}
			again, err := Apply(d, tt.tickets)
			if err == nil && len(again.Changes) != 0 {
				t.Errorf("a second run changes %+v", again.Changes)
			}
		})
	}
}
