//go:build unix

package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runWith is run with the environment changed as env says (NAME=value
// entries replace those of cleanEnv), for a test that gives archreview
// another PATH or temporary folder.
func runWith(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = cleanEnv(t)
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		cmd.Env = append(withoutVar(cmd.Env, name), kv)
	}
	cmd.Dir = t.TempDir()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("archreview %s did not finish within %s", strings.Join(args, " "), commandTimeout)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("cannot run archreview %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), code
}

// withoutVar is env without its entries for the variable name.
func withoutVar(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// browserDate is how Chromium's own print header dates a page (12/7/26,
// 1:30 PM) and its own footer counts pages (1/24).
var browserDate = regexp.MustCompile(`\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\s?[AP]M\b|(^|\s)\d+/\d+(\s|$)`)

// export --format pdf prints the demo's pack through the laptop's
// Chromium: a PDF whose text holds the session's name, the executive
// summary and the pack's own running head and footer on every page but
// the cover, and nothing of the browser's own (no date, no file address).
// The browser's private folder is gone afterwards.
func TestExportPrintsThePackToPDF(t *testing.T) {
	requireTool(t, "chromium", "the pdf export prints through a real browser")
	db, _ := demoDB(t)
	dir := t.TempDir()
	tmp := t.TempDir()
	pdf := filepath.Join(dir, "x.pdf")
	_, stderr, code := runWith(t, []string{"TMPDIR=" + tmp}, "--db", db, "export", "DEMO", "--format", "pdf", "-o", pdf)
	if code != 0 {
		t.Fatalf("export --format pdf: exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("x.pdf starts %q, not %%PDF-", raw[:min(len(raw), 12)])
	}
	if fi, _ := os.Stat(pdf); fi.Mode().Perm() != 0o600 {
		t.Errorf("x.pdf is %o, want 600", fi.Mode().Perm())
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the print left %d entries in the temporary folder, the first %s", len(left), left[0].Name())
	}
	pages := pdfPages(t, pdf)
	if len(pages) < 3 {
		t.Fatalf("%d pages printed; want the cover, the summary and more", len(pages))
	}
	text := strings.Join(pages, " ")
	for _, want := range []string{"Demo: Harbour & Pine integration review", "Executive summary", "Page 2 of", "Page 3 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed pack does not hold %q", want)
		}
	}
	// The cover is page 1 and carries no page number, as it carries no
	// running head.
	if strings.Contains(pages[0], "Page 1 of") {
		t.Errorf("the cover shows its page number: %.200s", pages[0])
	}
	const head = "Confidential — prepared for Harbour & Pine Outdoor (fictional)"
	for i, page := range pages[1 : len(pages)-1] { // the text ends with a form feed: the last "page" is empty
		if !strings.Contains(page, head) {
			t.Errorf("page %d has no running head %q: %.120s", i+2, head, page)
		}
	}
	for _, bad := range []string{"file:", "about:blank", "pack.html", "archreview-print-"} {
		if strings.Contains(text, bad) {
			t.Errorf("the printed pack shows the browser's %q", bad)
		}
	}
	for i, page := range pages {
		if m := browserDate.FindString(page); m != "" {
			t.Errorf("page %d shows %q, as the browser's own header or footer does", i+1, m)
		}
	}
}

// Without a Chromium or Chrome on the PATH the pdf export says in one line
// what to install, exits 1 and writes no file; a terminal is refused the
// PDF's bytes as it is a workbook's.
func TestExportToPDFWithoutABrowser(t *testing.T) {
	db, _ := demoDB(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "x.pdf")
	noBrowser := t.TempDir() // a PATH folder with nothing in it
	_, stderr, code := runWith(t, []string{"PATH=" + noBrowser}, "--db", db, "export", "DEMO", "--format", "pdf", "-o", pdf)
	oneLineError(t, "export --format pdf without a browser", stderr, code)
	const says = "archreview: printing a PDF needs Chromium or Google Chrome; install one (apt-get install chromium, brew install --cask chromium) or export --format html and print it from a browser\n"
	if code != 1 || stderr != says {
		t.Errorf("exit %d, %q; want exit 1 and %q", code, stderr, says)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused pdf export left %s", entries[0].Name())
	}
	_, stderr, code = runOnTerminal(t, db, "export", "DEMO", "--format", "pdf")
	oneLineError(t, "export --format pdf to a terminal", stderr, code)
	if !strings.Contains(stderr, "not text; write it to a file with -o FILE.pdf") {
		t.Errorf("a terminal was not refused the PDF in words: %q", stderr)
	}
}
