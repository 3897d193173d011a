package report

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/archreview/archreview/internal/pdf"
	"github.com/archreview/archreview/internal/testtool"
	"github.com/archreview/archreview/model"
)

// printedPack is a pack printed through the real browser and read back
// with poppler: its HTML, each page's text as laid out, every word's box.
type printedPack struct {
	html   string
	pages  []string // pdftotext -layout, a page each
	words  [][]pdfWord
	height []float64 // each page's height, in points
}

// pdfWord is a word as pdftotext -bbox places it, in points from the
// page's top left.
type pdfWord struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

// The sessions the print tests print, each once for all of them: the map
// on one page with a target state, and two that need the overview.
var printSessions = []struct {
	name string
	doc  func() *model.Document
}{
	{"12 systems", targeted},
	{"60 systems", func() *model.Document { return briefNotes(generatedOf(60, 40)) }},
	{"300 systems", func() *model.Document { return briefNotes(generatedOf(300, 60)) }},
}

// briefNotes drops the generated flows' paragraphs of notes, which make
// most of a big pack's pages and none of its maps, so the big sessions
// print in seconds.
func briefNotes(d *model.Document) *model.Document {
	for i := range d.Flows {
		f := &d.Flows[i]
		f.Source.Notes, f.Contract.Notes, f.Failure.Notes = "", "", ""
	}
	return d
}

var (
	printedMu sync.Mutex
	printed   = map[string]*printedPack{}
)

// printedOf prints a session's pack the first time a test asks for it.
func printedOf(t *testing.T, name string, doc func() *model.Document) *printedPack {
	t.Helper()
	printedMu.Lock()
	defer printedMu.Unlock()
	if p, ok := printed[name]; ok {
		return p
	}
	browser := testtool.Require(t, "chromium", "the pack's print is checked in a real browser")
	testtool.Require(t, "pdftotext", "the printed pack is read back with poppler")
	p := &printedPack{html: string(written(t, WriteHTML, Export(doc(), ExportOptions{Now: testNow})))}
	var out bytes.Buffer
	if err := pdf.Print(context.Background(), browser, []byte(p.html), &out); err != nil {
		t.Fatalf("printing the %s pack: %v", name, err)
	}
	file := t.TempDir() + "/pack.pdf"
	if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	layout, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -layout: %v", err)
	}
	p.pages = strings.Split(strings.TrimSuffix(string(layout), "\f"), "\f")
	bbox, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	for _, page := range pageTag.Split(string(bbox), -1)[1:] {
		h, _ := strconv.ParseFloat(pageHeight.FindStringSubmatch(page)[1], 64)
		p.height = append(p.height, h)
		var words []pdfWord
		for _, m := range wordTag.FindAllStringSubmatch(page, -1) {
			w := pdfWord{text: html.UnescapeString(m[5])}
			for i, f := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
				*f, _ = strconv.ParseFloat(m[i+1], 64)
			}
			words = append(words, w)
		}
		p.words = append(p.words, words)
	}
	if len(p.words) != len(p.pages) {
		t.Fatalf("pdftotext read %d pages with -bbox and %d with -layout", len(p.words), len(p.pages))
	}
	printed[name] = p
	return p
}

var (
	pageTag    = regexp.MustCompile(`<page `)
	pageHeight = regexp.MustCompile(`height="([0-9.]+)"`)
	wordTag    = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// forEachPrint runs a check on each printed session.
func forEachPrint(t *testing.T, check func(t *testing.T, p *printedPack)) {
	for _, s := range printSessions {
		t.Run(s.name, func(t *testing.T) { check(t, printedOf(t, s.name, s.doc)) })
	}
}

// contentLines are a page's lines between its running head and its foot
// (the pack's margins: 18 mm at the top, 16 mm at the bottom), spaces
// folded.
func contentLines(p *printedPack, page int) []string {
	var out []string
	lines := strings.Split(p.pages[page], "\n")
	var kept []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			kept = append(kept, strings.Join(strings.Fields(l), " "))
		}
	}
	if page == 0 || len(kept) < 2 {
		return kept // the cover has neither
	}
	out = kept[1:]
	if last := out[len(out)-1]; pageOf.MatchString(last) {
		out = out[:len(out)-1]
	}
	return out
}

var pageOf = regexp.MustCompile(`Page \d+ of \d+$`)

// mapPages are the pages a map is printed on: headed by a map heading.
func mapPages(p *printedPack) []int {
	var out []int
	for i := range p.pages {
		lines := contentLines(p, i)
		if len(lines) > 0 && (strings.HasPrefix(lines[0], HeadingSystems) || strings.HasPrefix(lines[0], HeadingTargetMap)) {
			out = append(out, i)
		}
	}
	return out
}

// inMargin says a word is the pack's running head or foot.
func inMargin(w pdfWord, pageHeight float64) bool {
	const mm = 72 / 25.4
	return w.yMax < 18*mm || w.yMin > pageHeight-16*mm
}

// On every printed map page no two words' boxes overlap: the systems'
// names, the arrows' labels, the lanes' and groups' titles, the legend,
// the heading and the caption all stand clear of each other. The 12
// systems print as one map with its legend on one page (and the target
// map after it); 60 and 300 as an overview and pages per domain.
func TestPrintedMapLabelsStandClear(t *testing.T) {
	forEachPrint(t, func(t *testing.T, p *printedPack) {
		pages := mapPages(p)
		if len(pages) == 0 {
			t.Fatal("no page is headed by a map")
		}
		for _, i := range pages {
			var ws []pdfWord
			for _, w := range p.words[i] {
				if !inMargin(w, p.height[i]) {
					ws = append(ws, w)
				}
			}
			for a := range ws {
				for b := a + 1; b < len(ws); b++ {
					if x, y := overlap(ws[a], ws[b]); x > 0.5 && y > 0.5 {
						t.Errorf("page %d: %q and %q overlap (%.1f × %.1f pt)", i+1, ws[a].text, ws[b].text, x, y)
					}
				}
			}
		}
		if legend := "Arrow"; !strings.Contains(p.pages[pages[0]], legend) || !strings.Contains(p.pages[pages[0]], "none open") {
			t.Errorf("the first map page has no legend: %.300s", p.pages[pages[0]])
		}
	})
}

func overlap(a, b pdfWord) (x, y float64) {
	return min(a.xMax, b.xMax) - max(a.xMin, b.xMin), min(a.yMax, b.yMax) - max(a.yMin, b.yMin)
}

// Every printed word is 6 pt or taller, the maps' smallest labels
// included.
func TestPrintedTextIsSixPointOrMore(t *testing.T) {
	forEachPrint(t, func(t *testing.T, p *printedPack) {
		small := 0
		for i, words := range p.words {
			for _, w := range words {
				if h := w.yMax - w.yMin; h < 6 {
					if small++; small <= 10 {
						t.Errorf("page %d: %q is %.2f pt tall", i+1, w.text, h)
					}
				}
			}
		}
		if small > 10 {
			t.Errorf("and %d more words under 6 pt", small-10)
		}
	})
}

// headingTexts are the texts of the pack's headings, spaces folded.
func headingTexts(page string) []string {
	var out []string
	for _, m := range headingTag.FindAllStringSubmatch(page, -1) {
		out = append(out, strings.Join(strings.Fields(html.UnescapeString(tagInside.ReplaceAllString(m[1], ""))), " "))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	headingTag = regexp.MustCompile(`(?s)<h[1-4][^>]*>(.*?)</h[1-4]>`)
	headerCell = regexp.MustCompile(`(?s)<th[^>]*>(.*?)</th>`)
	tagInside  = regexp.MustCompile(`<[^>]*>`)
)

// No printed page ends with a heading, or with the first line of one that
// goes on overleaf: a heading stays with what it heads.
func TestNoPrintedPageEndsWithAHeading(t *testing.T) {
	forEachPrint(t, func(t *testing.T, p *printedPack) {
		heads := headingTexts(p.html)
		for i := range p.pages {
			lines := contentLines(p, i)
			if len(lines) == 0 {
				continue
			}
			last := lines[len(lines)-1]
			for _, h := range heads {
				if last == h || len(last) >= 12 && strings.HasPrefix(h, last) {
					t.Errorf("page %d ends with the heading %q", i+1, h)
				}
			}
		}
	})
}

// Every word of every table header prints whole: no header is cut inside
// a word ("Scor e", "Reg . #"); nor is a word of the register's texts,
// which each have a column wide enough.
func TestPrintedTableHeadersKeepTheirWords(t *testing.T) {
	forEachPrint(t, func(t *testing.T, p *printedPack) {
		headers := cellWords(headerCell, p.html)
		if len(headers) < 20 {
			t.Fatalf("only %d header words in the pack", len(headers))
		}
		register := cellWords(bodyCell, registerTable.FindString(p.html))
		if len(register) < 20 {
			t.Fatalf("only %d words in the register", len(register))
		}
		printedWords := map[string]bool{}
		for _, page := range p.words {
			for _, w := range page {
				printedWords[w.text] = true
			}
		}
		for w := range headers {
			if !printedWords[w] {
				t.Errorf("the header word %q is not printed", w)
			}
		}
		for _, cut := range cutWords(p, headers) {
			t.Errorf("a table header's word is cut: %s", cut)
		}
		for _, cut := range cutWords(p, register) {
			t.Errorf("a word of the register is cut: %s", cut)
		}
	})
}

// cellWords are the words of the cells a pattern finds, three letters or
// longer.
func cellWords(cell *regexp.Regexp, page string) map[string]bool {
	out := map[string]bool{}
	for _, m := range cell.FindAllStringSubmatch(page, -1) {
		for _, w := range strings.Fields(html.UnescapeString(tagInside.ReplaceAllString(m[1], " "))) {
			if len([]rune(w)) >= 3 {
				out[w] = true
			}
		}
	}
	return out
}

// cutWords finds words printed in pieces: two to four printed words in a
// row that together spell one of the words, none of them ending in a
// hyphen (a break at a word's own hyphen keeps it whole).
func cutWords(p *printedPack, words map[string]bool) []string {
	var out []string
	for i, page := range p.words {
		for j := range page {
			joined := page[j].text
			for k := j + 1; k < min(j+4, len(page)); k++ {
				if strings.HasSuffix(page[k-1].text, "-") {
					break
				}
				joined += page[k].text
				if words[joined] && !words[page[j].text] {
					out = append(out, fmt.Sprintf("page %d prints %q as %q", i+1, joined, wordsText(page[j:k+1])))
				}
			}
		}
	}
	return out
}

func wordsText(ws []pdfWord) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, w.text)
	}
	return strings.Join(parts, " ")
}

var (
	registerTable = regexp.MustCompile(`(?s)<table class="register">.*?</table>`)
	bodyCell      = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
)

// browserMarks are what Chromium's own header and footer print: the date
// (12/7/26), the time (1:30 PM), the page count (1/24), the file's
// address.
var browserMarks = regexp.MustCompile(`\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\s?[AP]M\b|(^|\s)\d+/\d+(\s|$)|file:|about:blank|pack\.html`)

// The printed pack carries its own head and foot, never the browser's.
func TestPrintedPackHasNoBrowserHeader(t *testing.T) {
	forEachPrint(t, func(t *testing.T, p *printedPack) {
		for i := range p.pages {
			for _, w := range p.words[i] {
				if inMargin(w, p.height[i]) && browserMarks.MatchString(w.text) {
					t.Errorf("page %d shows %q in its margin, as the browser's header does", i+1, w.text)
				}
			}
			if i > 0 && !pageOf.MatchString(strings.TrimSpace(p.pages[i])) {
				t.Errorf("page %d does not end with the pack's own page number: %q", i+1, lastLine(p.pages[i]))
			}
		}
	})
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
