package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"golang.org/x/net/html"
)

const (
	arabicName = "نظام الطلبات"
	hebrewName = "מערכת מלאי"
)

func TestIsolation(t *testing.T) {
	const f, p = string(fsi), string(pdi)
	for _, tc := range []struct {
		name, in        string
		isolate, md     string
		html            string
		htmlUnlessEqual bool
	}{
		{name: "ascii", in: "Shopify <Plus>", isolate: "Shopify <Plus>", md: "Shopify &lt;Plus&gt;", html: "Shopify &lt;Plus&gt;"},
		{name: "accents and arrows", in: "Café → ERP", isolate: "Café → ERP", md: "Café → ERP", html: "Café → ERP"},
		{name: "arabic", in: arabicName, isolate: f + arabicName + p, md: f + arabicName + p, html: "<bdi>" + arabicName + "</bdi>"},
		{name: "hebrew with markup", in: "<b>" + hebrewName, isolate: f + "<b>" + hebrewName + p, md: f + "&lt;b&gt;" + hebrewName + p,
			html: "<bdi>&lt;b&gt;" + hebrewName + "</bdi>"},
		{name: "a sentence of isolated names", in: "Stock: " + f + hebrewName + p + " and " + f + arabicName + p + ".",
			isolate: "Stock: " + f + hebrewName + p + " and " + f + arabicName + p + ".",
			md:      "Stock: " + f + hebrewName + p + " and " + f + arabicName + p + ".",
			html:    "Stock: <bdi>" + hebrewName + "</bdi> and <bdi>" + arabicName + "</bdi>."},
		{name: "a stray close and an open isolate", in: "a" + p + " b " + f + "c",
			isolate: "a b " + f + "c" + p, md: "a b " + f + "c" + p, html: "a b <bdi>c</bdi>"},
		{name: "an override typed in the room", in: "\u202e" + hebrewName, isolate: f + hebrewName + p, md: f + hebrewName + p,
			html: "<bdi>" + hebrewName + "</bdi>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := isolate(tc.in); got != tc.isolate {
				t.Errorf("isolate = %q, want %q", got, tc.isolate)
			}
			if got := mdText(tc.in); got != tc.md {
				t.Errorf("mdText = %q, want %q", got, tc.md)
			}
			if got := string(userHTML(tc.in)); got != tc.html {
				t.Errorf("userHTML = %q, want %q", got, tc.html)
			}
		})
	}
}

// bidiDocument is the demo with an Arabic and a Hebrew system name and a
// Hebrew owner, the names landing in sentences, cells, lists and
// headings of both packs.
func bidiDocument() *model.Document {
	d := costedDocument()
	d.Systems[0].Name = arabicName
	d.Systems[1].Name = hebrewName
	for i := range d.Flows {
		for j := range d.Flows[i].Failure.Risks {
			d.Flows[i].Failure.Risks[j].Owner = hebrewName
			// A link labelled in Hebrew: the references line isolates it too.
			d.Flows[i].Failure.Risks[j].Evidence = []model.Evidence{
				{Label: hebrewName, URL: "https://wiki.example.com/runbook"},
				{Label: arabicName, URL: "OPS-12"},
			}
		}
	}
	return d
}

// Every Arabic or Hebrew name in the HTML pack sits in a <bdi>, outside
// the drawings (SVG, whose text the maps' writers lay out) and the page's
// title; and the names do appear.
func TestHTMLIsolatesRightToLeftNames(t *testing.T) {
	page := written(t, WriteHTML, Export(bidiDocument(), ExportOptions{Now: testNow}))
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var walk func(n *html.Node, isolated bool)
	walk = func(n *html.Node, isolated bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "svg", "title", "style":
				return
			case "bdi":
				isolated = true
			}
		}
		if n.Type == html.TextNode {
			for _, name := range []string{arabicName, hebrewName} {
				if c := strings.Count(n.Data, name); c > 0 {
					seen[name] += c
					if !isolated {
						t.Errorf("%q is not in a <bdi> in %q", name, n.Data)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, isolated)
		}
	}
	walk(doc, false)
	for _, name := range []string{arabicName, hebrewName} {
		if seen[name] < 3 {
			t.Errorf("the pack shows %q %d times; the test reads too little", name, seen[name])
		}
	}
}

// Every Arabic or Hebrew name in the Markdown pack sits between U+2068 and
// U+2069, in sentences, cells and headings alike (the Mermaid blocks
// aside: the renderer lays their labels out), and every isolate is closed
// on its line.
func TestMarkdownIsolatesRightToLeftNames(t *testing.T) {
	md := string(written(t, WriteMarkdown, Export(bidiDocument(), ExportOptions{Now: testNow})))
	seen := map[string]int{}
	fenced := false
	for n, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		depth := 0
		for i, r := range line {
			switch r {
			case fsi:
				depth++
			case pdi:
				depth--
				if depth < 0 {
					t.Errorf("line %d closes an isolate it did not open: %q", n+1, line)
				}
			}
			for _, name := range []string{arabicName, hebrewName} {
				if strings.HasPrefix(line[i:], name) {
					seen[name]++
					if depth <= 0 {
						t.Errorf("line %d has %q outside an isolate: %q", n+1, name, line)
					}
				}
			}
		}
		if depth != 0 {
			t.Errorf("line %d leaves %d isolates open: %q", n+1, depth, line)
		}
	}
	for _, name := range []string{arabicName, hebrewName} {
		if seen[name] < 3 {
			t.Errorf("the pack shows %q %d times; the test reads too little", name, seen[name])
		}
	}
}
