//go:build unix

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserPage is what a real browser made of a page: the PDF it printed,
// and every console error, script exception and request it saw.
type browserPage struct {
	pdf      []byte
	problems []string
}

// printInChromium opens a file in headless Chromium, as a CIO opening the
// pack does, and prints it to PDF as the browser's print dialog would (A4
// from the page's own CSS, backgrounds on). Through the DevTools protocol it
// records every console message of level error, every uncaught exception,
// every browser log entry of level error (a blocked or failed load, a
// Content Security Policy refusal) and every request other than the file
// itself: a pack that needs anything beyond its one file shows up here.
func printInChromium(t *testing.T, file string) browserPage {
	t.Helper()
	bctx, stop := headlessChromium(t, "the HTML pack is printed in a real browser", 1240, 1754)
	defer stop()

	self := (&url.URL{Scheme: "file", Path: file}).String()
	var mu sync.Mutex
	var out browserPage
	problem := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		out.problems = append(out.problems, fmt.Sprintf(format, args...))
	}
	err := chromedp.Listen(bctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problem("console %s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			problem("exception: %s", ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problem("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if ev.Request.URL != self && !strings.HasPrefix(ev.Request.URL, "data:") {
				problem("request leaving the file: %s", ev.Request.URL)
			}
		}
	})
	if err != nil {
		t.Fatalf("Chromium did not start: %v", err)
	}
	err = chromedp.Do(bctx, chromedp.Navigate(self))
	if err == nil {
		out.pdf, err = chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	}
	if err != nil {
		t.Fatalf("Chromium could not open and print %s: %v", file, err)
	}
	mu.Lock()
	defer mu.Unlock()
	return out
}

// pdfText is the text of a PDF as poppler's pdftotext reads it, blanks run
// together, so words a table cell wrapped still read as one phrase.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	return strings.Join(pdfPages(t, pdf), " ")
}

// shotDir is where the test leaves the printed pack and a picture of its
// first page for a person to look at: $ARCHREVIEW_E2E_SHOTS, or
// archreview-e2e-shots in the temporary folder. Nothing there is committed.
func shotDir(t *testing.T) string {
	dir := os.Getenv("ARCHREVIEW_E2E_SHOTS")
	if dir == "" {
		// One folder a user: a run as root leaves one that another user's
		// run could not write into.
		dir = filepath.Join(os.TempDir(), "archreview-e2e-shots")
		if uid := os.Getuid(); uid != 0 {
			dir += fmt.Sprintf("-%d", uid)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The demo's HTML pack opens in Chromium with no console error and no
// request leaving the file, prints to A4, and the printed text holds every
// section heading, every risk title and every system name.
func TestHTMLPackPrintsInABrowser(t *testing.T) {
	db, id := demoDB(t)
	dir := t.TempDir()
	htmlFile := filepath.Join(dir, "pack.html")
	mustRun(t, db, nil, "export", id, "--format", "html", "-o", htmlFile)
	jsonFile := filepath.Join(dir, "pack.json")
	mustRun(t, db, nil, "export", id, "-o", jsonFile)

	got := printInChromium(t, htmlFile)
	for _, p := range got.problems {
		t.Errorf("the pack in Chromium: %s", p)
	}
	shots := shotDir(t)
	pdf := filepath.Join(shots, "pack.pdf")
	if err := os.WriteFile(pdf, got.pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	requireTool(t, "pdftoppm", "the first printed page is kept as a picture")
	if out, err := exec.Command("pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile", pdf, filepath.Join(shots, "pack-first-page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	t.Logf("the printed pack is %s; its first page %s", pdf, filepath.Join(shots, "pack-first-page.png"))

	text := pdfText(t, pdf)
	var doc struct {
		Systems []struct{ ID, Name string } `json:"systems"`
		Flows   []struct{ ID string }       `json:"flows"`
		Summary struct {
			Risks    []struct{ ID, Title string } `json:"risks"`
			Findings []struct{ Key, Rule string } `json:"findings"`
			Scoring  struct {
				Rules []struct{ Rule string } `json:"rules"`
			} `json:"scoring"`
		} `json:"summary"`
	}
	data, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Systems) < 5 || len(doc.Summary.Risks) < 5 {
		t.Fatalf("the demo has %d systems and %d risks", len(doc.Systems), len(doc.Summary.Risks))
	}
	want := []string{"Executive summary", "Current-state map", "Heat map", "Risk register", "Source-of-truth map", "Pattern decisions",
		"Assumptions", "Findings", "Findings to confirm", "Dismissed findings", "Ownership matrix", "Decision list", "Delivery sequence",
		"Roadmap", "Coverage and gaps", "Open questions", "Scoring scales", "Annex A: Findings for the review team", "Annex B: Every flow's answers"}
	for _, s := range doc.Systems {
		want = append(want, s.Name)
	}
	for _, r := range doc.Summary.Risks {
		want = append(want, r.Title)
	}
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("the printed pack does not say %q", w)
		}
	}
	// The printed pages before the annex name no system, flow or risk by
	// its id, no finding by its key and no rule by its code.
	annex := strings.LastIndex(text, "Annex A: Findings for the review team")
	if annex < 0 {
		t.Fatal("the printed pack has no annex")
	}
	var internal []string
	for _, s := range doc.Systems {
		internal = append(internal, s.ID)
	}
	for _, f := range doc.Flows {
		internal = append(internal, f.ID)
	}
	for _, r := range doc.Summary.Risks {
		internal = append(internal, r.ID)
	}
	for _, f := range doc.Summary.Findings {
		internal = append(internal, f.Key, f.Rule)
	}
	for _, r := range doc.Summary.Scoring.Rules {
		internal = append(internal, r.Rule)
	}
	if len(internal) < 30 {
		t.Fatalf("only %d ids and codes read from the export", len(internal))
	}
	for _, w := range internal {
		if strings.Contains(text[:annex], w) {
			t.Errorf("the printed pack shows %q before its annex", w)
		}
	}
	if !strings.Contains(text, "Page 2 of ") {
		t.Error("the printed pages carry no page number")
	}
	// The executive summary prints as one page: its heading and the last
	// row of its cost comparison on the same page, the map after it.
	pages := pdfPages(t, pdf)
	at := -1
	for i, p := range pages {
		if strings.Contains(p, "Executive summary") && strings.Contains(p, "The cost of doing nothing") {
			at = i
			break
		}
	}
	switch {
	case at < 0:
		t.Error("no printed page holds the executive summary with its cost comparison")
	case !strings.Contains(pages[at], "Decisions we need from you") || !strings.Contains(pages[at], "Then slice 2"):
		t.Errorf("the executive summary runs past its page %d: %q", at+1, pages[at])
	case at+1 >= len(pages) || !strings.Contains(pages[at+1], "Current-state map"):
		t.Errorf("the page after the executive summary is not the map")
	}
	// The cover is page 1, alone: the title, the status, the
	// confidentiality line and the document control, and nothing of the
	// contents.
	for _, w := range []string{"Version 0.3 · Draft", "Prepared by", "Confidential", "Document control", "Version history"} {
		if !strings.Contains(pages[0], w) {
			t.Errorf("the printed cover does not say %q: %q", w, pages[0])
		}
	}
	if strings.Contains(pages[0], "Contents") {
		t.Error("the contents print on the cover's page")
	}
	// The roadmap prints on one page, its last slice with its heading;
	// the demo's roadmap is dated from its start date.
	road := -1
	for i, p := range pages {
		if strings.Contains(p, "Roadmap From ") && strings.Contains(p, "the slices one after another at the team's capacity") {
			road = i
		}
	}
	if road < 0 || !strings.Contains(pages[road], "Slice 2") {
		t.Errorf("the roadmap does not print on one page with its slices")
	}
}

// pdfPages is the printed text of each page, blanks as one space.
func pdfPages(t *testing.T, pdf string) []string {
	t.Helper()
	requireTool(t, "pdftotext", "the printed pack's text is read back with poppler")
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	pages := strings.Split(string(out), "\f")
	for i := range pages {
		pages[i] = strings.Join(strings.Fields(pages[i]), " ")
	}
	return pages
}

// The browser check can fail: a page that loads an image from the network,
// with or without a policy that blocks it, is caught.
func TestBrowserCheckCatchesARequest(t *testing.T) {
	dir := t.TempDir()
	for name, page := range map[string]string{
		"no policy":      `<!DOCTYPE html><html><body><p>x</p><img src="http://192.0.2.1/logo.png"></body></html>`,
		"blocked by CSP": `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><img src="https://192.0.2.1/logo.png"></body></html>`,
	} {
		file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".html")
		if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := printInChromium(t, file); len(got.problems) == 0 {
			t.Errorf("%s: a page loading an image from the network passed the browser check", name)
		}
	}
}

// headlessChromium starts the laptop's Chromium headless with a profile of
// its own and a window of w×h pixels, for at most 90 seconds; stop ends
// it. why says what the test needs a browser for, should none be found.
func headlessChromium(t *testing.T, why string, w, h int) (ctx context.Context, stop func()) {
	t.Helper()
	requireTool(t, "chromium", why)
	chrome, _ := exec.LookPath("chromium")
	timed, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(w, h))
	alloc, cancelAlloc := chromedp.NewExecAllocator(timed, opts...)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	return bctx, func() { cancelBrowser(); cancelAlloc(); cancel() }
}
