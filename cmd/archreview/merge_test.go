package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"archreview/model"
	"archreview/model/report"
	"archreview/store"
)

// A store check runs in a child process of this binary.
func TestMain(m *testing.M) {
	store.RunCheckerIfAsked()
	os.Exit(m.Run())
}

// import --merge leaves the session a note of what each side added, for
// the app to open on; exports never carry it.
func TestImportMergeLeavesANoteForTheApp(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "laptop.db")
	file := filepath.Join(dir, "shared.json")
	cli := func(want int, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"--db", db}, args...), &stdout, &stderr); code != want {
			t.Fatalf("archreview %s: exit %d, %s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	cli(0, "demo")
	cli(0, "export", "Demo", "--stable", "-o", file)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := model.DecodeDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Ancestors = append([]string{theirs.Revision}, theirs.Ancestors...)
	theirs.Flows[0].Failure.Risks = append(theirs.Flows[0].Failure.Risks, model.Risk{ID: "r-dlq", Title: "Failed messages never replayed", Impact: 4, Likelihood: 4})
	b, err := report.Render(theirs, report.FormatJSON, report.ExportOptions{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := cli(0, "import", "--merge", file); !strings.Contains(out, "three ways") {
		t.Errorf("the merge was not three ways: %s", out)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := st.Load(model.DemoSessionID)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := doc.MergeNote
	if n == nil || n.Theirs.Risks != 1 || n.Theirs.Named[0].ID != "r-dlq" || n.Ours.Total() != 0 || n.Conflicts != 0 {
		t.Fatalf("the note is %+v", n)
	}
	if out := cli(0, "export", "Demo"); strings.Contains(out, "merge_note") {
		t.Error("an export carries the merge note")
	}
}
