package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/archreview/archreview/model/report"
)

// cli runs archreview in this process and returns its exit status and what
// it printed.
func cli(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// An export in a format the table does not have is a usage error: exit 2,
// one line naming every format, and nothing written, not even the
// database.
func TestExportRefusesAnUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	out := filepath.Join(dir, "pack.out")
	folder := filepath.Join(dir, "all")
	for _, args := range [][]string{
		{"export", "Demo", "--format", "nope"},
		{"export", "Demo", "--format", "nope", "-o", out},
		{"export", "--all", "-o", folder, "--format", "nope"},
	} {
		code, stdout, stderr := cli(append([]string{"--db", db}, args...)...)
		what := "archreview " + strings.Join(args, " ")
		const says = `archreview: "nope" is not an export format; use `
		if code != 2 || !strings.HasPrefix(stderr, says) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, %q; want exit 2 and one line starting %q", what, code, stderr, says)
		}
		for _, f := range report.ExportFormats() {
			if !strings.Contains(stderr, " "+f.Name) {
				t.Errorf("%s: the message does not name %s: %q", what, f.Name, stderr)
			}
		}
		if stdout != "" {
			t.Errorf("%s printed %q", what, stdout)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused export left %d files (the database, -o, the folder)", len(entries))
	}
}

// The formats' other names, in any case, export what their name exports.
func TestExportTakesEveryNameOfAFormat(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	if code, _, stderr := cli("--db", db, "demo"); code != 0 {
		t.Fatal(stderr)
	}
	export := func(format string) string {
		t.Helper()
		code, stdout, stderr := cli("--db", db, "export", "Demo", "--stable", "--format", format)
		if code != 0 {
			t.Fatalf("--format %s: exit %d, %s", format, code, stderr)
		}
		return stdout
	}
	for _, f := range report.ExportFormats() {
		if f.Binary || len(f.Aliases) == 0 {
			continue
		}
		want := export(f.Name)
		for _, alias := range f.Aliases {
			if got := export(strings.ToUpper(alias)); got != want {
				t.Errorf("--format %s wrote other bytes than --format %s", strings.ToUpper(alias), f.Name)
			}
		}
	}
}

// Shell completion of --format offers every format with what it holds, and
// no file names.
func TestFormatCompletionOffersEveryFormat(t *testing.T) {
	db := filepath.Join(t.TempDir(), "review.db")
	code, stdout, stderr := cli("--db", db, "__complete", "export", "Demo", "--format", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := report.ExportFormats()
	if len(lines) != len(want)+1 || lines[len(lines)-1] != ":4" {
		t.Fatalf("completion offered %q; want %d formats and no file names (:4)", stdout, len(want))
	}
	for i, f := range want {
		if lines[i] != f.Name+"\t"+f.Description {
			t.Errorf("completion %d is %q, want %s with its description", i, lines[i], f.Name)
		}
	}
}

// The help names every format from the table: export --help gives each
// its line with its other names and fits 80 columns; the flag and the
// root's help name them all.
func TestHelpNamesEveryFormat(t *testing.T) {
	db := filepath.Join(t.TempDir(), "review.db")
	_, help, _ := cli("--db", db, "export", "--help")
	for _, line := range strings.Split(help, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 && !strings.HasPrefix(strings.TrimSpace(line), "-") {
			t.Errorf("export --help has a line of %d columns: %q", n, line)
		}
	}
	flagLine := "the export's format: " + strings.Join(report.Formats, ", ")
	if !strings.Contains(help, flagLine) {
		t.Errorf("the --format flag's help does not name every format as %q", flagLine)
	}
	_, root, _ := cli("--db", db, "--help")
	sentence := strings.Join(strings.Fields(root), " ")
	width := 0
	for _, f := range report.ExportFormats() {
		width = max(width, len(f.Name))
	}
	for _, f := range report.ExportFormats() {
		if !strings.Contains(help, "  "+f.Name+strings.Repeat(" ", 2+width-len(f.Name))+f.Description+"\n") {
			t.Errorf("export --help has no line for %s saying %q", f.Name, f.Description)
		}
		for _, alias := range f.Aliases {
			if !strings.Contains(help, alias) {
				t.Errorf("export --help does not give %s's other name %s", f.Name, alias)
			}
		}
		if !strings.Contains(sentence, " "+f.Name+",") && !strings.Contains(sentence, " "+f.Name+" ") {
			t.Errorf("archreview --help does not name the format %s", f.Name)
		}
	}
}
