//go:build unix

package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trackedRisks reads each risk's ticket and status from the session's JSON
// export, by risk id.
func trackedRisks(t *testing.T, db, id string) map[string][2]string {
	t.Helper()
	var doc struct {
		Flows []struct {
			Failure struct {
				Risks []struct{ ID, Ticket, Status string }
			}
		}
		Risks []struct{ ID, Ticket, Status string }
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "export", id)), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	add := func(id, ticket, status string) {
		if status == "" {
			status = "open" // as the register reads it
		}
		out[id] = [2]string{ticket, status}
	}
	for _, f := range doc.Flows {
		for _, r := range f.Failure.Risks {
			add(r.ID, r.Ticket, r.Status)
		}
	}
	for _, r := range doc.Risks {
		add(r.ID, r.Ticket, r.Status)
	}
	return out
}

// jiraLabels exports the session's Jira CSV and returns the risk id of
// each ticket it would create, in its order.
func jiraLabels(t *testing.T, db, id string) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "jira.csv")
	mustRun(t, db, nil, "export", id, "--format", "jira", "-o", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("the Jira CSV does not start with a byte order mark: %q", data[:min(len(data), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, row := range rows[1:] {
		for _, cell := range row {
			if rid, ok := strings.CutPrefix(cell, "ar-"); ok {
				ids = append(ids, rid)
			}
		}
	}
	if len(ids) != len(rows)-1 {
		t.Fatalf("%d ar- labels on %d tickets", len(ids), len(rows)-1)
	}
	return ids
}

// The tracker loop through the real binary: the Jira CSV creates tickets
// for the risks without one, the tracker's Jira export and gh's JSON bring
// their keys and statuses back, a second run changes nothing, and the next
// Jira CSV leaves out what now has a ticket.
func TestTicketsImport(t *testing.T) {
	db, id := demoDB(t)
	before := trackedRisks(t, db, id)
	ids := jiraLabels(t, db, id)
	if len(ids) < 5 {
		t.Fatalf("the demo's Jira CSV has %d tickets; the test needs 5", len(ids))
	}
	for _, rid := range ids {
		if before[rid][0] != "" || before[rid][1] == "mitigated" || before[rid][1] == "accepted" {
			t.Errorf("the Jira CSV holds risk %s, which has ticket %q and status %q", rid, before[rid][0], before[rid][1])
		}
	}
	dir := t.TempDir()
	jira := filepath.Join(dir, "Jira.csv")
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.WriteAll([][]string{
		{"Summary", "Issue key", "Issue id", "Status", "Status Category", "Labels", "Labels", "Labels"},
		{"one", "INT-201", "10001", "Done", "Done", "archreview", "ar-" + ids[0], "severity-critical"},
		{"two", "INT-202", "10002", "In Progress", "In Progress", "ar-" + ids[1], "", ""},
		{"three", "INT-203", "10003", "Waiting for vendor", "", "ar-" + ids[2], "", ""},
		{"other team", "OPS-9", "10009", "Done", "Done", "ops", "", ""},
	})
	if err := os.WriteFile(jira, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	gh := filepath.Join(dir, "issues.json")
	writeJSON(t, gh, []map[string]any{
		{"number": 41, "url": "https://github.com/acme/shop/issues/41", "title": "four", "state": "CLOSED", "labels": []map[string]string{{"name": "ar-" + ids[3]}}},
		{"number": 42, "url": "https://github.com/acme/shop/issues/42", "title": "five", "state": "OPEN", "labels": []map[string]string{{"name": "bug"}, {"name": "ar-" + ids[4]}}},
	})
	dbFile := filepath.Join(filepath.Dir(db), "review.db")

	sum := sha256File(t, dbFile)
	out := mustRun(t, db, nil, "tickets", "import", id, jira, "--dry-run")
	if sha256File(t, dbFile) != sum {
		t.Fatal("tickets import --dry-run changed the database")
	}
	for _, want := range []string{"INT-201", "open → mitigated", "in-progress", "Waiting for vendor", "nothing was written"} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run does not say %q:\n%s", want, out)
		}
	}
	if got := trackedRisks(t, db, id); got[ids[0]] != before[ids[0]] {
		t.Errorf("after the dry run risk %s is %v", ids[0], got[ids[0]])
	}

	earlier := filepath.Join(dir, "before.json")
	mustRun(t, db, nil, "export", id, "-o", earlier)
	mustRun(t, db, nil, "tickets", "import", id, jira)
	mustRun(t, db, nil, "tickets", "import", id, gh)
	diff := mustRun(t, db, nil, "diff", earlier, id)
	for _, want := range []string{"ticket INT-202", "status open → in-progress", "closed: mitigated", "ticket INT-203"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the diff does not show the tracker's progress %q:\n%s", want, diff)
		}
	}
	after := trackedRisks(t, db, id)
	want := map[string][2]string{
		ids[0]: {"INT-201", "mitigated"},
		ids[1]: {"INT-202", "in-progress"},
		ids[2]: {"INT-203", before[ids[2]][1]}, // a status not known is left as it was
		ids[3]: {"https://github.com/acme/shop/issues/41", "mitigated"},
		ids[4]: {"https://github.com/acme/shop/issues/42", "open"},
	}
	for rid, w := range want {
		if after[rid] != w {
			t.Errorf("risk %s: ticket and status %v, want %v", rid, after[rid], w)
		}
	}

	for _, file := range []string{jira, gh} {
		sum := sha256File(t, dbFile)
		out := mustRun(t, db, nil, "tickets", "import", id, file)
		if sha256File(t, dbFile) != sum || !strings.Contains(out, "Nothing to change") {
			t.Errorf("a second import of %s changed the database or said:\n%s", filepath.Base(file), out)
		}
	}
	for _, rid := range jiraLabels(t, db, id) {
		if _, done := want[rid]; done {
			t.Errorf("the next Jira CSV holds risk %s again, which has its ticket", rid)
		}
	}

	bad := map[string]string{
		"neither.txt": "just some notes\n",
		"object.json": `{"issues": []}`,
		"stray.csv":   "Issue key,Status,Labels\nINT-1,Done,ar-" + ids[0] + "\nINT-2,Done,ar-NOSUCHRISK\n",
		"quote.csv":   "Issue key,Status,Labels\nINT-1,Done,ar-" + ids[0] + "\nINT-2,Done,\"ar-x\n",
	}
	wantWords := map[string]string{"neither.txt": "neither", "object.json": "neither", "stray.csv": "row 3", "quote.csv": "row 3"}
	for name, text := range bad {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		sum := sha256File(t, dbFile)
		_, stderr, code := run(t, db, nil, "tickets", "import", id, file)
		oneLineError(t, "tickets import "+name, stderr, code)
		if !strings.Contains(stderr, wantWords[name]) || !strings.Contains(stderr, name) {
			t.Errorf("tickets import %s says %q; want it to name the file and %q", name, stderr, wantWords[name])
		}
		if sha256File(t, dbFile) != sum {
			t.Errorf("tickets import %s changed the database", name)
		}
	}
}
