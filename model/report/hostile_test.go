package report

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"

	"golang.org/x/net/html"
)

// hostileText is what a room may type that breaks a renderer: every
// character that starts markup in pandoc, cmark-gfm or GitHub, tags, links,
// line breaks, wide and right-to-left scripts.
var hostileText = []string{
	`pipe | inside \| and \\| at the end |`,
	"back\\slash C:\\path\\ and a trailing \\",
	"`one tick` and a lone ` here",
	"*stars* **bold** _under_ __double__ ~strike~ ~~twice~~ ^sup^ $math$",
	"# not a heading {#id .class}",
	"<script>alert('x')</script> <b>bold</b> <!-- comment --> <br> &amp; &#60; &copy;",
	"see https://evil.example/a_b_c?x=1&y=2, www.example.com and ops@example.com",
	"[a link](http://x.example) ![img](http://x.example/i.png) [^1] [@cite] @doe99",
	"first line\nsecond line\r\n\n- a list item\n1. numbered\n> quote",
	"注文の同期 — 在庫 | 価格",
	"طلبات المتجر \u202eevil\u202c and עברית",
	"```\nfenced\n```",
	"tab\there  and  spaces, -- dashes --- and ... dots, \"quotes\" 'single'",
	"\x1b[31mred\x1b[0m and a bell\a",
}

// hostileSession is the demo with hostile text in every name and answer the
// pack shows.
func hostileSession() *model.Document {
	d := model.DemoAnswers(testNow)
	pick := func(i int) string { return hostileText[i%len(hostileText)] }
	n := 0
	next := func() string { n++; return pick(n) }
	d.Session.Name, d.Session.Client, d.Session.Facilitator = next(), next(), next()
	d.Session.Participants = []string{next(), next()}
	for i := range d.Systems {
		d.Systems[i].Name, d.Systems[i].Notes = next(), next()
	}
	for _, tf := range everyTextField() {
		if !tf.private {
			tf.set(d, next())
		}
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		f.Name = next()
		f.Contract.PatternRationale = next()
		f.Owner.FlowOwner = next()
		for j := range f.Failure.Risks {
			f.Failure.Risks[j].Title, f.Failure.Risks[j].Fix, f.Failure.Risks[j].Owner = next(), next(), next()
		}
	}
	for i := range d.OpenQuestions {
		d.OpenQuestions[i].Question, d.OpenQuestions[i].Ask, d.OpenQuestions[i].Answer = next(), next(), next()
	}
	return d
}

// renderedTable is one table as a renderer drew it: its rows' cell texts.
type renderedTable [][]string

// renderMarkdown runs a Markdown renderer on the pack.
func renderMarkdown(t *testing.T, md []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(mustTool(t, name), args...)
	cmd.Stdin = bytes.NewReader(md)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", name, err, stderr.String())
	}
	return out
}

// htmlTables reads the tables of a rendered page, and fails the test on any
// element a cell holds (a link, emphasis, code: markup made from the room's
// text), any <script> and any link that leaves the page.
func htmlTables(t *testing.T, page []byte, renderer string) []renderedTable {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var tables []renderedTable
	var walk func(n *html.Node, inCell bool)
	walk = func(n *html.Node, inCell bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				t.Errorf("%s: a <script> element is in the rendered pack", renderer)
			case "a":
				for _, a := range n.Attr {
					if a.Key == "href" && !strings.HasPrefix(a.Val, "#") {
						t.Errorf("%s: text became a link to %q", renderer, a.Val)
					}
				}
			case "table":
				tables = append(tables, nil)
			case "tr":
				tables[len(tables)-1] = append(tables[len(tables)-1], nil)
			case "td", "th":
				tab := tables[len(tables)-1]
				tab[len(tab)-1] = append(tab[len(tab)-1], normalCell(textOf(n)))
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						t.Errorf("%s: a cell holds a <%s> made from %q", renderer, c.Data, textOf(n))
					}
				}
				inCell = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inCell)
		}
	}
	walk(doc, false)
	return tables
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// normalCell is a cell's text as a reader sees it: pandoc's typographic
// quotes, dashes and ellipses read as the plain ones, blanks as one space.
var typographic = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "–", "--", "—", "---", "…", "...", "\u00a0", " ")

func normalCell(s string) string { return strings.Join(strings.Fields(typographic.Replace(s)), " ") }

// The hostile session's Markdown renders, in pandoc and in cmark-gfm (the
// engine GitHub runs), to the same tables with the same cells, every row
// as wide as its header, no markup made of the room's text and no <script>.
func TestHostileMarkdownRendersTheSameEverywhere(t *testing.T) {
	d := hostileSession()
	md := written(t, WriteMarkdown, Export(d, ExportOptions{Now: testNow}))
	if bytes.Contains(md, []byte("<script")) {
		t.Fatal("a <script> typed in the room is in the Markdown")
	}
	sameTablesInBoth(t, md)
	// Text survives: what was typed is what the reader sees.
	page := string(renderMarkdown(t, md, "cmark-gfm", "-e", "table", "-t", "html"))
	for _, want := range []string{"注文の同期", "طلبات المتجر", "&lt;script&gt;alert", "C:\\path\\", "https://evil.example/a_b_c?x=1&amp;y=2", "*stars*", "`one tick`"} {
		if !strings.Contains(page, want) {
			t.Errorf("the rendered pack lost %q", want)
		}
	}
}

// No format carries a raw <script> typed in the room, except the ones that
// keep the text exactly as typed for other tools (JSON, CSV, the workbook).
func TestHostileTextNeverReachesAPageRaw(t *testing.T) {
	e := Export(hostileSession(), ExportOptions{Now: testNow})
	for name, write := range map[string]func(*Exported) []byte{
		FormatMarkdown: func(e *Exported) []byte { return written(t, WriteMarkdown, e) },
		FormatHTML:     func(e *Exported) []byte { return written(t, WriteHTML, e) },
		FormatMermaid:  func(e *Exported) []byte { return written(t, WriteMermaid, e) },
		FormatDOT:      func(e *Exported) []byte { return written(t, WriteDOT, e) },
		"svg map":      func(e *Exported) []byte { return written(t, WriteMapSVG, e) },
		"heat map":     func(e *Exported) []byte { return written(t, WriteHeatMapSVG, e) },
	} {
		out := write(e)
		for _, bad := range []string{"<script", "<b>", "<!--", "\x1b", "\u202e"} {
			if bytes.Contains(out, []byte(bad)) {
				t.Errorf("%s holds %q raw", name, bad)
			}
		}
	}
}

// sameTablesInBoth renders the Markdown with pandoc and cmark-gfm and holds
// them to the same tables: as many as the Markdown has, each row as wide as
// its header, cell for cell the same in both. It returns pandoc's.
func sameTablesInBoth(t *testing.T, md []byte) []renderedTable {
	t.Helper()
	pandoc := htmlTables(t, renderMarkdown(t, md, "pandoc", "-f", "markdown", "-t", "html"), "pandoc")
	cmark := htmlTables(t, renderMarkdown(t, md, "cmark-gfm", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter", "-t", "html"), "cmark-gfm")
	if want := strings.Count(string(md), "\n| ---"); len(pandoc) != want || len(cmark) != want {
		t.Fatalf("the pack has %d tables; pandoc drew %d and cmark-gfm %d", want, len(pandoc), len(cmark))
	}
	for i := range pandoc {
		for name, tab := range map[string]renderedTable{"pandoc": pandoc[i], "cmark-gfm": cmark[i]} {
			for r, row := range tab {
				if len(row) != len(tab[0]) {
					t.Errorf("%s: table %d row %d has %d cells, its header %d: %q", name, i+1, r, len(row), len(tab[0]), row)
				}
			}
		}
		if len(pandoc[i]) != len(cmark[i]) {
			t.Errorf("table %d: pandoc drew %d rows, cmark-gfm %d", i+1, len(pandoc[i]), len(cmark[i]))
			continue
		}
		for r := range pandoc[i] {
			if strings.Join(pandoc[i][r], "|") != strings.Join(cmark[i][r], "|") {
				t.Errorf("table %d row %d differs:\npandoc    %q\ncmark-gfm %q", i+1, r, pandoc[i][r], cmark[i][r])
			}
		}
	}
	return pandoc
}
