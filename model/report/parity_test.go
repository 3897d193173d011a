package report

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
	"golang.org/x/net/html"
)

// paritySessions are the packs the two formats are compared on: the demo,
// the demo with costs, decisions and targets (a target-state map), and a
// follow-up (What changed).
func paritySessions(t *testing.T) map[string]*Exported {
	prev := model.DemoAnswers(testNow)
	return map[string]*Exported{
		"demo":      demoExport(),
		"target":    Export(costedDocument(), ExportOptions{Now: testNow}),
		"follow-up": Export(followUpOf(t, prev), ExportOptions{Now: testNow, Previous: prev}),
	}
}

// elementTexts are the texts of the page's elements of one name, after
// the first element named after.
func elementTexts(t *testing.T, page []byte, name, after string) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	seen := after == ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == after {
				seen = true
			} else if n.Data == name && seen {
				out = append(out, normalCell(textOf(n)))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

var mdH2 = regexp.MustCompile(`(?m)^## (.*)$`)

// markdownH2 are the Markdown pack's second-level headings after its
// contents, unescaped.
func markdownH2(md string) []string {
	var out []string
	for _, m := range mdH2.FindAllStringSubmatch(md, -1) {
		if h := strings.ReplaceAll(m[1], `\`, ""); h != HeadingContents {
			out = append(out, normalCell(h))
		}
	}
	return out
}

// The Markdown pack holds the HTML pack's sections in the HTML pack's
// order: the h2 titles after the contents and the ## titles are the same
// list, and it is the pack's own list of sections.
func TestMarkdownSectionsFollowTheHTML(t *testing.T) {
	for name, e := range paritySessions(t) {
		t.Run(name, func(t *testing.T) {
			fromHTML := elementTexts(t, written(t, WriteHTML, e), "h2", "nav")
			fromHTML = slices.DeleteFunc(fromHTML, func(h string) bool { return h == HeadingContents })
			fromMD := markdownH2(string(written(t, WriteMarkdown, e)))
			if !slices.Equal(fromHTML, fromMD) {
				t.Errorf("the sections differ:\nhtml     %q\nmarkdown %q", fromHTML, fromMD)
			}
			want := packHeadings(&e.Document, e.Summary, e.Changes, wholePack)
			for i := range want {
				want[i] = normalCell(want[i])
			}
			if !slices.Equal(fromMD, want) {
				t.Errorf("the sections are not the pack's list:\ngot  %q\nwant %q", fromMD, want)
			}
			if hasTargets(&e.Document) != slices.Contains(fromMD, HeadingTargetMap) {
				t.Errorf("a target state %v, a target-state map %v", hasTargets(&e.Document), slices.Contains(fromMD, HeadingTargetMap))
			}
		})
	}
}

// pandoc and cmark-gfm render the Markdown pack with the same sections,
// the heat map as a table of the open risks' counts, and the maps (the
// current state and the target) as mermaid code blocks.
func TestMarkdownParityRenders(t *testing.T) {
	e := Export(costedDocument(), ExportOptions{Now: testNow})
	md := written(t, WriteMarkdown, e)
	h := countHeat(e.Summary)
	wantHeat := renderedTable{{"Impact", "Likelihood 1", "Likelihood 2", "Likelihood 3", "Likelihood 4", "Likelihood 5"}}
	for imp := 5; imp >= 1; imp-- {
		row := []string{itoa(imp)}
		for like := 1; like <= 5; like++ {
			row = append(row, itoa(h.cells[imp][like])+" ("+review.SeverityOf(imp*like)+" "+itoa(imp*like)+")")
		}
		wantHeat = append(wantHeat, row)
	}
	sections := markdownH2(string(md))
	for _, r := range []struct {
		name string
		args []string
		// mermaid finds a mermaid block in the rendered page.
		mermaid string
	}{
		{"pandoc", []string{"-f", "markdown", "-t", "html"}, `<pre class="mermaid">`},
		{"cmark-gfm", []string{"-e", "table", "-t", "html"}, `<code class="language-mermaid">`},
	} {
		page := renderMarkdown(t, md, r.name, r.args...)
		if got := elementTexts(t, page, "h2", ""); !slices.Equal(got[1:], sections) {
			t.Errorf("%s drew the sections %q, want %q", r.name, got[1:], sections)
		}
		if n := strings.Count(string(page), r.mermaid); n != 2 {
			t.Errorf("%s drew %d mermaid blocks, want the current and the target map", r.name, n)
		}
		found := false
		for _, tab := range htmlTables(t, page, r.name) {
			if len(tab) > 0 && slices.Equal(tab[0], wantHeat[0]) {
				found = true
				for i := range wantHeat {
					if i >= len(tab) || !slices.Equal(tab[i], wantHeat[i]) {
						t.Errorf("%s: heat map row %d is %q, want %q", r.name, i, tab[min(i, len(tab)-1)], wantHeat[i])
					}
				}
			}
		}
		if !found {
			t.Errorf("%s drew no heat map table", r.name)
		}
	}
}
