package report

import (
	"html"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
	xhtml "golang.org/x/net/html"
)

// internalWords are what the client's pages must not show, collected from
// the document and the review's tables: every id of a system, flow, risk,
// open question and the session, every finding's key, every rule's code,
// and every setting's and field's name that is a code (snake_case: a
// name like "currency" is also an English word).
func internalWords(d *model.Document, sum *review.Summary) []string {
	out := []string{d.Session.ID}
	for _, s := range d.Systems {
		out = append(out, s.ID)
	}
	for i := range d.Flows {
		out = append(out, d.Flows[i].ID)
		for _, r := range d.Flows[i].Failure.Risks {
			out = append(out, r.ID)
		}
	}
	for _, r := range sum.Risks {
		out = append(out, r.ID)
	}
	for _, q := range d.OpenQuestions {
		out = append(out, q.ID)
	}
	for _, f := range sum.Findings {
		out = append(out, f.Key)
	}
	for _, r := range review.Rules {
		out = append(out, r.ID)
	}
	for _, t := range model.SettingsTables {
		out = append(out, t.Key)
	}
	tables := [][]model.Field{model.SessionFields, model.SessionDetailFields, model.FlowFields, model.RiskFields,
		model.SystemDetailFields, model.QuestionFields, model.DecisionFields, model.ParkFields}
	for _, st := range model.Steps {
		tables = append(tables, model.StepFields(st))
	}
	for _, fs := range tables {
		for _, f := range fs {
			if strings.Contains(f.Key, "_") {
				out = append(out, f.Key)
			}
		}
	}
	var words []string
	seen := map[string]bool{}
	for _, w := range out {
		if w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// containsWord reports whether the text holds the word with no letter,
// digit or underscore right before or after it (as \b would say, without
// a regular expression a word: a large pack is checked for thousands).
func containsWord(text, word string) bool {
	isWord := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	for from := 0; ; {
		i := strings.Index(text[from:], word)
		if i < 0 {
			return false
		}
		at, end := from+i, from+i+len(word)
		if (at == 0 || !isWord(text[at-1]) || !isWord(word[0])) && (end == len(text) || !isWord(text[end]) || !isWord(word[len(word)-1])) {
			return true
		}
		from = at + 1
	}
}

// clientSessions are the sessions the client-language tests read: the
// demo, the demo with costs, decisions asked and targets, and a generated
// session where every rule fires.
func clientSessions() map[string]*model.Document {
	return map[string]*model.Document{
		"demo":      model.DemoAnswers(testNow),
		"costed":    costedDocument(),
		"generated": model.Generate(40, 3, 7),
		// Past 25 systems the map is an overview and a page per domain.
		"generated-overview": model.Generate(160, 1, 3),
	}
}

// beforeAnnex is the text of a pack before its annex's heading, as a
// reader sees it: the HTML's text and the attributes a browser shows
// (alt, title, aria-label), the Markdown with its escapes dropped.
func beforeAnnex(t *testing.T, format, pack string) string {
	t.Helper()
	marker := map[string]string{
		FormatHTML:     `id="` + headingAnchor(HeadingAnnex) + `"`,
		FormatMarkdown: "\n## " + HeadingAnnex + "\n",
	}[format]
	at := strings.Index(pack, marker)
	if at < 0 {
		t.Fatalf("the %s pack has no annex heading %q", format, marker)
	}
	if format == FormatHTML {
		return shownText(pack[:at])
	}
	return strings.ReplaceAll(pack[:at], `\`, "")
}

// shownText is what a browser shows of a page: its text and the
// attributes it shows, each on a line; the style sheet is no text.
func shownText(page string) string {
	z := xhtml.NewTokenizer(strings.NewReader(page))
	var b strings.Builder
	inStyle := false
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			if !inStyle {
				b.Write(z.Text())
				b.WriteByte('\n')
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			inStyle = tok.Data == "style"
			for _, a := range tok.Attr {
				if a.Key == "alt" || a.Key == "title" || a.Key == "aria-label" {
					b.WriteString(a.Val + "\n")
				}
			}
		case xhtml.EndTagToken:
			inStyle = false
		}
	}
}

// No page before the annex shows an id, a finding's key, a rule's code or
// a setting's name, in either pack, for the demo, a costed session and a
// generated one; the annex does hold the findings' keys.
func TestClientPagesShowNoInternalWords(t *testing.T) {
	for name, d := range clientSessions() {
		e := Export(d, ExportOptions{Now: testNow})
		words := internalWords(&e.Document, e.Summary)
		if len(words) < len(review.Rules)+len(e.Document.Systems) {
			t.Fatalf("%s: only %d words collected", name, len(words))
		}
		for _, f := range []struct {
			name  string
			write func(*testing.T, *Exported) string
		}{
			{FormatHTML, func(t *testing.T, e *Exported) string { return string(written(t, WriteHTML, e)) }},
			{FormatMarkdown, func(t *testing.T, e *Exported) string { return string(written(t, WriteMarkdown, e)) }},
		} {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				pack := f.write(t, e)
				client := beforeAnnex(t, f.name, pack)
				for _, w := range words {
					if containsWord(client, w) {
						t.Errorf("the client's pages show %q", w)
					}
				}
				for _, phrase := range []string{"by the summary", "not demanded", "slice_size", "Placed:", "review rule "} {
					if strings.Contains(client, phrase) {
						t.Errorf("the client's pages say %q", phrase)
					}
				}
				annex := pack[strings.Index(pack, HeadingAnnex):]
				for _, fd := range e.Summary.Findings {
					if fd.Status == review.FindingOpen && !strings.Contains(strings.ReplaceAll(annex, `\`, ""), fd.Key) {
						t.Errorf("the annex does not list the finding %s", fd.Key)
						break
					}
				}
			})
		}
	}
}

// A pack written without its annex holds the client's sections only and
// names the annex's file; the annex alone holds the annex's sections only;
// together they hold every section of the whole pack.
func TestAnnexApart(t *testing.T) {
	e := Export(costedDocument(), ExportOptions{Now: testNow})
	for _, format := range AnnexFormats() {
		t.Run(format, func(t *testing.T) {
			split, ok := SplitAnnex(format, "review-annex"+FormatExtension[format])
			if !ok {
				t.Fatalf("no annex split for %s", format)
			}
			pack, annex := string(written(t, split.Pack, e)), string(written(t, split.Annex, e))
			heading := func(h string) string {
				if format == FormatHTML {
					return ">" + html.EscapeString(h) + "</h2>"
				}
				return "\n## " + mdText(h) + "\n"
			}
			for _, h := range packHeadings(&e.Document, e.Summary, nil, wholePack) {
				inPack, inAnnexFile := strings.Contains(pack, heading(h)), strings.Contains(annex, heading(h))
				if inAnnex(h) && (inPack || !inAnnexFile) || !inAnnex(h) && (!inPack || inAnnexFile) {
					t.Errorf("%q: in the pack %v, in the annex %v", h, inPack, inAnnexFile)
				}
			}
			if !strings.Contains(pack, "review-annex"+FormatExtension[format]) {
				t.Error("the pack does not name the annex's file")
			}
			for _, w := range internalWords(&e.Document, e.Summary) {
				shown := strings.ReplaceAll(pack, `\`, "")
				if format == FormatHTML {
					shown = shownText(pack)
				}
				if containsWord(shown, w) {
					t.Errorf("the pack without its annex shows %q", w)
				}
			}
		})
	}
	for _, f := range ExportFormats() {
		if _, ok := SplitAnnex(f.Name, "x"); ok != (f.Name == FormatHTML || f.Name == FormatMarkdown) {
			t.Errorf("%s: an annex to split off is %v", f.Name, ok)
		}
	}
}
