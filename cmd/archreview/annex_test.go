package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/model/report"
)

// export --annex FILE writes the pack without its annex, naming FILE in
// its contents, and the annex alone to FILE, in both formats whose pack
// has one; to -o or to standard output.
func TestExportWritesTheAnnexApart(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	if code, _, stderr := cli("--db", db, "demo"); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		format, output string
		annexHeading   string
	}{
		{report.FormatHTML, filepath.Join(dir, "pack.html"), ">" + report.HeadingAnnex + "</h2>"},
		{report.FormatMarkdown, "", "\n## " + report.HeadingAnnex + "\n"},
	} {
		annex := filepath.Join(dir, "annex-"+tc.format+report.FormatExtension[tc.format])
		args := []string{"--db", db, "export", "Demo", "--stable", "--format", tc.format, "--annex", annex}
		if tc.output != "" {
			args = append(args, "-o", tc.output)
		}
		code, stdout, stderr := cli(args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.format, code, stderr)
		}
		pack := stdout
		if tc.output != "" {
			b, err := os.ReadFile(tc.output)
			if err != nil {
				t.Fatal(err)
			}
			pack = string(b)
		}
		a, err := os.ReadFile(annex)
		if err != nil {
			t.Fatalf("%s: no annex file: %v", tc.format, err)
		}
		if strings.Contains(pack, tc.annexHeading) || !strings.Contains(pack, filepath.Base(annex)) {
			t.Errorf("%s: the pack holds its annex, or does not name %s", tc.format, filepath.Base(annex))
		}
		if !strings.Contains(string(a), tc.annexHeading) || strings.Contains(string(a), report.HeadingExecutive) {
			t.Errorf("%s: the annex file is not the annex alone", tc.format)
		}
		if info, err := os.Stat(annex); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: the annex file is not 0600: %v", tc.format, err)
		}
	}
}

// --annex for a format with no annex, with --all, or naming the pack's own
// file is a usage error: exit 2, one line, and nothing written.
func TestExportRefusesAnAnnexItCannotWrite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	if code, _, stderr := cli("--db", db, "demo"); code != 0 {
		t.Fatal(stderr)
	}
	annex := filepath.Join(dir, "annex.out")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"export", "Demo", "--format", "csv", "--annex", annex}, "--format csv has none"},
		{[]string{"export", "--all", "-o", filepath.Join(dir, "all"), "--annex", annex}, "does not go with --all"},
		{[]string{"export", "Demo", "--format", "html", "-o", annex, "--annex", annex}, "names the file -o writes the pack to"},
	} {
		code, stdout, stderr := cli(append([]string{"--db", db}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.says) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%v: exit %d, %q, %q; want exit 2 and one line saying %q", tc.args, code, stdout, stderr, tc.says)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "review.db" {
			t.Errorf("a refused --annex left %s", e.Name())
		}
	}
}

// Shell completion of --annex offers the files of the formats that have
// an annex.
func TestAnnexCompletionOffersPackFiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "review.db")
	code, stdout, stderr := cli("--db", db, "__complete", "export", "Demo", "--annex", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if lines[len(lines)-1] != ":8" || !strings.Contains(stdout, "html\n") || !strings.Contains(stdout, "md\n") {
		t.Errorf("completion of --annex offered %q; want the html and md file endings (:8)", stdout)
	}
}
