package report

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/internal/testtool"
	"github.com/archreview/archreview/model"
)

// docxOf is the Word document of a session.
func docxOf(t *testing.T, d *model.Document, opt ExportOptions) map[string][]byte {
	t.Helper()
	b, err := Render(d, FormatDOCX, opt)
	if err != nil {
		t.Fatal(err)
	}
	return officeParts(t, b)
}

// xmlElement is an element of a part, read generically.
type xmlElement struct {
	XMLName  xml.Name
	Attrs    []xml.Attr   `xml:",any,attr"`
	Children []xmlElement `xml:",any"`
	Text     string       `xml:",chardata"`
}

func parseXML(t *testing.T, name string, b []byte) xmlElement {
	t.Helper()
	var root xmlElement
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatalf("%s is not well-formed XML: %v", name, err)
	}
	return root
}

func (e *xmlElement) attr(local string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// relID is the element's r:id, the relationship it names.
func (e *xmlElement) relID() string {
	for _, a := range e.Attrs {
		if a.Name.Local == "id" && strings.HasSuffix(a.Name.Space, "/relationships") {
			return a.Value
		}
	}
	return ""
}

// all is every element under e (e included) with the local name.
func (e *xmlElement) all(local string) []*xmlElement {
	var out []*xmlElement
	var walk func(x *xmlElement)
	walk = func(x *xmlElement) {
		if x.XMLName.Local == local {
			out = append(out, x)
		}
		for i := range x.Children {
			walk(&x.Children[i])
		}
	}
	walk(e)
	return out
}

func (e *xmlElement) first(local string) *xmlElement {
	if all := e.all(local); len(all) > 0 {
		return all[0]
	}
	return nil
}

// text is the text of every w:t or a:t under e.
func (e *xmlElement) text() string {
	var b strings.Builder
	for _, t := range e.all("t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

// The Word document has real heading styles, tables at the full text
// width with a repeated header row, pictures that open, its parts in the
// HTML pack's order each on a new page, and the session's properties.
func TestTheWordDocumentIsAWordDocument(t *testing.T) {
	d := model.Demo(testNow)
	d.Session.Facilitator = "Dana Facilitator"
	d.Session.CreatedAt, d.Session.UpdatedAt = "2026-02-01T09:00:00Z", "2026-02-03T17:30:00Z"
	d.Systems[0].Target = model.Target{Action: model.TargetReplace, By: d.Systems[1].ID}
	var logo bytes.Buffer
	square := image.NewRGBA(image.Rect(0, 0, 400, 100))
	if err := png.Encode(&logo, square); err != nil {
		t.Fatal(err)
	}
	firm := &Firm{Name: "Northwind Consulting", Accent: "#336699", Logo: "logo.png", LogoData: logo.Bytes(), LogoType: "image/png"}
	parts := docxOf(t, d, ExportOptions{Now: testNow, Firm: firm})
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"} {
		if _, ok := parts[name]; !ok {
			t.Fatalf("no %s in the package", name)
		}
	}
	styles := parseXML(t, "styles.xml", parts["word/styles.xml"])
	for level, id := range []string{"Heading1", "Heading2", "Heading3"} {
		var found *xmlElement
		for _, s := range styles.all("style") {
			if s.attr("styleId") == id {
				found = s
			}
		}
		if found == nil {
			t.Errorf("styles.xml has no %s", id)
			continue
		}
		if name := found.first("name"); name == nil || name.attr("val") != "heading "+string(rune('1'+level)) {
			t.Errorf("%s is not Word's built-in heading %d", id, level+1)
		}
		if o := found.first("outlineLvl"); o == nil || o.attr("val") != string(rune('0'+level)) {
			t.Errorf("%s has no outline level %d, so no navigation pane finds it", id, level)
		}
	}
	doc := parseXML(t, "document.xml", parts["word/document.xml"])
	tables := doc.all("tbl")
	if len(tables) < 10 {
		t.Fatalf("%d tables in the demo's document", len(tables))
	}
	for i, tbl := range tables {
		w := tbl.first("tblW")
		if w == nil || w.attr("type") != "pct" || w.attr("w") != "5000" {
			t.Errorf("table %d is not at the full text width: %+v", i+1, w)
		}
		rows := tbl.all("tr")
		if len(rows) == 0 || rows[0].first("tblHeader") == nil {
			t.Errorf("table %d repeats no header row", i+1)
		}
		cols := len(tbl.all("gridCol"))
		for _, r := range rows[1:] {
			if r.first("tblHeader") != nil {
				t.Errorf("table %d repeats a body row as its header", i+1)
			}
		}
		for _, r := range rows {
			if n := len(r.all("tc")); n != cols {
				t.Errorf("table %d has a row of %d cells in %d columns", i+1, n, cols)
			}
		}
	}
	// Severities are in their band's colour, as on the heat map.
	shaded := 0
	for _, tc := range doc.all("tc") {
		if strings.HasPrefix(tc.text(), "critical ") {
			if shd := tc.first("shd"); shd == nil || shd.attr("fill") != "B71C1C" {
				t.Errorf("the cell %q is not in the critical band's colour", tc.text())
			}
			shaded++
		}
	}
	if shaded == 0 {
		t.Error("no cell of the register says critical")
	}
	// Headings 1 in order: the pack's sections in the packs' one order,
	// the target-state map among them (a system is replaced).
	var h1 []string
	breaks := 0
	for _, p := range doc.all("p") {
		if s := p.first("pStyle"); s != nil && s.attr("val") == "Heading1" {
			h1 = append(h1, p.text())
		}
		for _, br := range p.all("br") {
			if br.attr("type") == "page" {
				breaks++
			}
		}
		if p.first("sectPr") != nil {
			breaks++
		}
	}
	want := PackHeadings // the session has a target map
	if !slices.Equal(h1, want) {
		t.Errorf("the parts under Heading 1 are\n%q\nwant\n%q", h1, want)
	}
	// Parts that share a page in the HTML pack (patterns, delivery,
	// questions, scoring) share one here too; the contents have their own.
	if joined := 4; breaks != len(want)+1-joined {
		t.Errorf("%d page and section breaks for %d parts and the contents", breaks, len(want))
	}
	// Pictures: every one an embedded PNG that opens.
	rels := parseXML(t, "document.xml.rels", parts["word/_rels/document.xml.rels"])
	target := map[string]string{}
	for _, r := range rels.all("Relationship") {
		target[r.attr("Id")] = r.attr("Target")
	}
	blips := doc.all("blip")
	if len(blips) < 5 {
		t.Errorf("%d pictures; want the logo, the map, the target map, the heat map and the roadmap", len(blips))
	}
	if first := doc.first("docPr"); first == nil || first.attr("descr") != "Logo of Northwind Consulting" {
		t.Errorf("the cover does not start with the firm's logo: %+v", first)
	}
	for _, b := range blips {
		file := target[b.attr("embed")]
		raw, ok := parts["word/"+file]
		if !ok || !strings.HasSuffix(file, ".png") {
			t.Errorf("picture %s is %q, not a PNG in the package", b.attr("embed"), file)
			continue
		}
		if _, _, err := image.Decode(bytes.NewReader(raw)); err != nil {
			t.Errorf("%s does not open: %v", file, err)
		}
	}
	core := string(parts["docProps/core.xml"])
	for _, want := range []string{
		"<dc:title>Demo: Harbour &amp; Pine integration review</dc:title>", "<dc:creator>Dana Facilitator</dc:creator>",
		`<dcterms:created xsi:type="dcterms:W3CDTF">2026-02-01T09:00:00Z</dcterms:created>`, `<dcterms:modified xsi:type="dcterms:W3CDTF">2026-02-03T17:30:00Z</dcterms:modified>`,
	} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml has no %s:\n%s", want, core)
		}
	}
	if app := string(parts["docProps/app.xml"]); !strings.Contains(app, "<Company>Northwind Consulting</Company>") {
		t.Errorf("app.xml names no company: %s", app)
	}
	if !bytes.Contains(parts["word/styles.xml"], []byte(`w:color="336699"`)) {
		t.Error("the headings are not in the firm's accent")
	}
}

// Text that is markup, or that a Word file may not hold, comes out as the
// text typed, every part still well-formed.
func TestTheWordDocumentEscapesWhatWasTyped(t *testing.T) {
	d := model.Demo(testNow)
	d.Flows[0].Name = `Orders <w:p> & "quotes" ` + "\x01\u202e" + `]]>`
	d.Session.Facilitator = `<dc:creator>`
	parts := docxOf(t, d, ExportOptions{Now: testNow})
	for name, b := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			parseXML(t, name, b)
		}
	}
	doc := parseXML(t, "document.xml", parts["word/document.xml"])
	if text := doc.text(); !strings.Contains(text, `Orders <w:p> & "quotes" ]]>`) {
		t.Error("the flow's name is not in the document as typed, less its control characters")
	}
	if !strings.Contains(string(parts["docProps/core.xml"]), "<dc:creator>&lt;dc:creator&gt;</dc:creator>") {
		t.Error("the facilitator is not escaped in core.xml")
	}
	d.Flows[0].Failure.Risks[0].Title = `Stock <a:t> & "oversold" ` + "\x07" + `]]>`
	b, err := Render(d, FormatPPTX, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	deck := officeParts(t, b)
	for name, raw := range deck {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			parseXML(t, name, raw)
		}
	}
	var text strings.Builder
	for _, s := range deckSlides(t, deck) {
		text.WriteString(s.text())
	}
	if !strings.Contains(text.String(), `Stock <a:t> & "oversold" ]]>`) {
		t.Error("the risk's title is not on the deck as typed, less its control character")
	}
}

// The same content gives the same bytes whenever it is exported: the
// parts' times and the properties are the session's, not the clock's.
func TestOfficeFilesAreTheSameBytesForTheSameContent(t *testing.T) {
	d := model.Demo(testNow)
	for _, format := range []string{FormatDOCX, FormatPPTX} {
		a, err := Render(d, format, ExportOptions{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Render(d, format, ExportOptions{Now: testNow.Add(49 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two exports of one session differ", format)
		}
		changed := model.Demo(testNow)
		changed.Session.UpdatedAt = "2027-01-01T00:00:00Z"
		c, err := Render(changed, format, ExportOptions{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a, c) {
			t.Errorf("%s: a session changed later gave the same bytes, its modified date unchanged", format)
		}
	}
}

// LibreOffice opens the demo's Word document and prints it, and the
// printed text has the parts in the packs' order.
func TestLibreOfficePrintsTheWordDocumentInOrder(t *testing.T) {
	_, _, pdf, _ := convertedDemo(t)
	text := pdfText(t, pdf)
	// The contents list every part first; the parts follow it.
	demo := Export(model.Demo(testNow), ExportOptions{Now: testNow})
	want := packHeadings(&demo.Document, demo.Summary, nil, wholePack)
	at := strings.Index(text, want[len(want)-1]) // the last entry of the contents
	if at < 0 || strings.Index(text, want[0]) > at {
		t.Fatalf("the printed document has no contents listing %q to %q", want[0], want[len(want)-1])
	}
	for _, h := range want {
		i := strings.Index(text[at:], h)
		if i < 0 {
			t.Fatalf("the printed document has no %q after the part before it", h)
		}
		at += i + len(h)
	}
	for _, line := range []string{"Demo: Harbour & Pine", "Confidential", "Document control", "Version history"} {
		if !strings.Contains(text, line) {
			t.Errorf("the printed cover has no %q", line)
		}
	}
	if n := regexp.MustCompile(`Page \d+`).FindAllString(text, -1); len(n) < 10 {
		t.Errorf("the printed document numbers %d pages in its footer", len(n))
	}
}

// pdfText is a PDF's text, as pdftotext reads it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := testtool.Require(t, "pdftotext", "the tests read the printed Word document's text with it")
	p := filepath.Join(t.TempDir(), "printed.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// The Word document's pages before its annex, and every slide of the
// deck, show no id, finding key, rule code or setting name, as the HTML
// and Markdown packs do not.
func TestOfficeClientPagesShowNoInternalWords(t *testing.T) {
	for name, d := range clientSessions() {
		e := Export(d, ExportOptions{Now: testNow})
		words := internalWords(&e.Document, e.Summary)
		var docx, pptx bytes.Buffer
		if err := WriteDOCX(&docx, e); err != nil {
			t.Fatal(err)
		}
		if err := WritePPTX(&pptx, e); err != nil {
			t.Fatal(err)
		}
		doc := parseXML(t, "document.xml", officeParts(t, docx.Bytes())["word/document.xml"])
		var client strings.Builder
		annex := false
		for _, p := range doc.all("p") {
			if s := p.first("pStyle"); s != nil && s.attr("val") == "Heading1" && p.text() == HeadingAnnex {
				annex = true
				break
			}
			client.WriteString(p.text() + "\n")
		}
		if !annex {
			t.Fatalf("%s: the Word document has no annex heading %q", name, HeadingAnnex)
		}
		parts := officeParts(t, pptx.Bytes())
		var deck strings.Builder
		for _, s := range deckSlides(t, parts) {
			for _, p := range s.all("p") {
				deck.WriteString(p.text() + "\n")
			}
		}
		for what, text := range map[string]string{"the Word document's client pages": client.String(), "the deck": deck.String()} {
			for _, w := range words {
				if containsWord(text, w) {
					t.Errorf("%s: %s show %q", name, what, w)
				}
			}
		}
	}
}

func TestColumnWidthsShareTheTextWidth(t *testing.T) {
	for _, c := range []struct {
		name   string
		header []string
		rows   [][]string
		width  int
		check  func(t *testing.T, w []int)
	}{
		{"a long column gets the room", []string{"#", "Risk"}, [][]string{{"R1", "Overselling on fast movers between nightly files and a long tail"}}, 9638,
			func(t *testing.T, w []int) {
				if w[1] < 4*w[0] {
					t.Errorf("the risk's column is %d twips against the number's %d", w[1], w[0])
				}
			}},
		{"a long word keeps its line", []string{"Severity", "Note"}, [][]string{{"critical 25", "x"}}, 9638,
			func(t *testing.T, w []int) {
				if w[0] < len("critical")*125 {
					t.Errorf("%d twips for a column whose word is critical", w[0])
				}
			}},
		{"too many columns share what there is", []string{"Owner", "Likelihood", "Responsibility"}, nil, 2000,
			func(t *testing.T, w []int) {
				if w[0] <= 0 || w[1] <= w[0] || w[2] <= w[1] {
					t.Errorf("widths %v for headers of 5, 10 and 14 letters", w)
				}
			}},
		{"empty cells", []string{"", ""}, [][]string{{}, {"", ""}}, 1000,
			func(t *testing.T, w []int) {
				if w[0] != w[1] {
					t.Errorf("two empty columns are %v", w)
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := columnWidths(c.header, c.rows, c.width)
			if len(w) != len(c.header) {
				t.Fatalf("%d widths for %d columns", len(w), len(c.header))
			}
			sum := 0
			for _, x := range w {
				sum += x
			}
			if sum > c.width || sum < c.width-len(w) {
				t.Errorf("the widths %v add up to %d, not the %d there is", w, sum, c.width)
			}
			c.check(t, w)
		})
	}
}

// A map of many domains: the Word document draws its overview and 24
// domain pages, and names the pages it leaves to the HTML pack.
func TestTheWordDocumentBoundsAMapsPages(t *testing.T) {
	e := Export(model.Generate(200, 1, 1), ExportOptions{Now: testNow})
	pages := 0
	mapSheets(buildMap(&e.Document, e.Summary), HeadingSystems, "map", currentSheetDrawing, func(mapSheet) { pages++ })
	if pages <= docxMapPages+1 {
		t.Fatalf("the generated map has %d pages, no more than the document draws", pages)
	}
	var b bytes.Buffer
	if err := WriteDOCX(&b, e); err != nil {
		t.Fatal(err)
	}
	doc := parseXML(t, "document.xml", officeParts(t, b.Bytes())["word/document.xml"])
	maps := 0
	for _, p := range doc.all("docPr") {
		if strings.HasPrefix(p.attr("descr"), HeadingSystems) {
			maps++
		}
	}
	if maps != docxMapPages+1 {
		t.Errorf("%d pictures of the current-state map, want the overview and %d domain pages", maps, docxMapPages)
	}
	left := pages - 1 - docxMapPages
	if want := "The HTML pack draws " + plural(left, "more page", "more pages") + " of this map"; !strings.Contains(doc.text(), want) {
		t.Errorf("the document does not say %q", want)
	}
}
