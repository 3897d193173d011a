package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"golang.org/x/net/html"
)

// The demo's pack in each text format, byte for byte; `go test
// ./model/report -update` rewrites the goldens after a deliberate change.
func TestGoldenMarkdown(t *testing.T) {
	golden.RequireEqual(t, written(t, WriteMarkdown, demoExport()))
}
func TestGoldenMermaid(t *testing.T) { golden.RequireEqual(t, written(t, WriteMermaid, demoExport())) }
func TestGoldenDOT(t *testing.T)     { golden.RequireEqual(t, written(t, WriteDOT, demoExport())) }

// The HTML pack's structure: every element with its id and class, indented
// by depth, without the text, so a change of wording leaves it alone and a
// section lost, moved or doubled does not.
func TestGoldenHTMLStructure(t *testing.T) {
	golden.RequireEqual(t, htmlOutline(t, written(t, WriteHTML, demoExport())))
}

// outlined are the elements the outline shows without an id or a class.
var outlined = map[string]bool{"html": true, "head": true, "body": true, "style": true, "title": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"section": true, "table": true, "thead": true, "tbody": true, "figure": true, "figcaption": true, "article": true, "dl": true, "ul": true, "ol": true, "nav": true, "footer": true}

func htmlOutline(t *testing.T, page []byte) []byte {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	var b bytes.Buffer
	depth := 0
	void := map[string]bool{"meta": true, "br": true, "link": true, "img": true, "hr": true, "input": true}
	inSVG := 0
	// A run of like elements (the rows of a table, the cells of the heat
	// map) is one line with its count.
	var last string
	repeats := 0
	flush := func() {
		switch {
		case repeats == 1:
			b.WriteString(last + "\n")
		case repeats > 1:
			b.WriteString(last + " ×" + strconv.Itoa(repeats) + "\n")
		}
		repeats = 0
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			flush()
			return b.Bytes()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			var id, class string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "id":
					id = string(v)
				case "class":
					class = string(v)
				}
			}
			if tag == "svg" {
				inSVG++
			}
			// Inside the figures, only their named parts: the drawing itself is
			// tested by the SVG tests.
			if inSVG == 0 && (id != "" || class != "" || outlined[tag]) || tag == "svg" || inSVG > 0 && class != "" && tag == "g" {
				line := strings.Repeat("  ", depth) + tag
				if id != "" {
					line += " #" + id
				}
				if class != "" {
					line += " ." + strings.ReplaceAll(class, " ", ".")
				}
				if line == last {
					repeats++
				} else {
					flush()
					last, repeats = line, 1
				}
			}
			if tt == html.StartTagToken && !void[tag] {
				depth++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "svg" {
				inSVG--
			}
			depth--
		}
	}
}
