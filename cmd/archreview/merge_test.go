package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/store"
)

// As a git merge driver archreview gets git's temporary copies (%O %A %B),
// gone by the time anyone reads its message, and the file's path in the
// repository (%P): every message names that path, never a copy.
func TestMergeDriverNamesTheRepositoryPath(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	dir := t.TempDir()
	write := func(name string, edit func(d *model.Document)) string {
		t.Helper()
		d := model.DemoAnswers(now)
		edit(d)
		b, err := report.Render(d, report.FormatJSON, report.ExportOptions{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	o := write(".merge_file_base1", func(*model.Document) {})
	a := write(".merge_file_ours2", func(d *model.Document) { d.Flows[0].Contract.Timing = "On every order" })
	b := write(".merge_file_theirs3", func(d *model.Document) { d.Flows[0].Contract.Timing = "Nightly at 02:00" })
	notJSON := filepath.Join(dir, ".merge_file_broken4")
	if err := os.WriteFile(notJSON, []byte("<<<<<<< not an export"), 0o600); err != nil {
		t.Fatal(err)
	}
	const inRepo = "reviews/harbour.archreview.json"
	cases := []struct {
		name string
		args []string
		exit int
		says string
	}{
		{"conflicts, with %P", []string{"merge", o, a, b, inRepo}, 1, "import " + inRepo + " with --replace or --merge"},
		{"conflicts, an old driver line without %P", []string{"merge", o, a, b}, 1, "import the file git is merging with --replace"},
		{"not an export, with %P", []string{"merge", o, a, notJSON, inRepo}, 2, "theirs (" + inRepo + ") is not an archreview export"},
		{"gone, with %P", []string{"merge", filepath.Join(dir, ".merge_file_gone5"), a, b, inRepo}, 2, "the base (" + inRepo + ") cannot be read"},
		{"too many files", []string{"merge", o, a, b, inRepo, "extra"}, 2, "archreview merge BASE OURS THEIRS [PATH]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// Each case starts from ours as git hands it over.
			write(".merge_file_ours2", func(d *model.Document) { d.Flows[0].Contract.Timing = "On every order" })
			code := run(c.args, &stdout, &stderr)
			msg := stderr.String()
			if code != c.exit || !strings.Contains(msg, c.says) {
				t.Errorf("exit %d, message %q; want exit %d saying %q", code, msg, c.exit, c.says)
			}
			if strings.Contains(msg, ".merge_file_") || strings.Count(strings.TrimSpace(msg), "\n") > 0 {
				t.Errorf("the message names git's temporary copy or is not one line: %q", msg)
			}
		})
	}
	if got, err := os.ReadFile(filepath.Join(dir, filepath.Base(inRepo))); err == nil {
		t.Errorf("the path in the repository was written to (%d bytes); it is only a name", len(got))
	}
}

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
