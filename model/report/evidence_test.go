package report

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"

	"golang.org/x/net/html"
)

// evidenceDoc is the demo with a link of each kind on a step's answers and
// on a risk.
func evidenceDoc(t *testing.T) (*model.Document, model.Risk) {
	t.Helper()
	d := model.DemoAnswers(testNow)
	f := &d.Flows[0]
	f.Owner.Evidence = []model.Evidence{
		{Label: "Order runbook", URL: "https://wiki.example.com/runbooks/orders?v=2&x=(1)"},
		{Label: "Rota", URL: "/srv/share/oncall/rota.xlsx"},
	}
	if len(f.Failure.Risks) == 0 {
		t.Fatal("the demo's first flow has no risk")
	}
	f.Failure.Risks[0].Evidence = []model.Evidence{{Label: "Last incident", URL: "INC-4711"}, {URL: "https://status.example.com/incidents/9"}}
	if len(d.Domains) == 0 || len(d.OpenQuestions) == 0 {
		t.Fatal("the demo has no domain decision or no open question")
	}
	d.Domains[0].Evidence = []model.Evidence{{Label: "Decision record", URL: "https://adr.example.com/7"}}
	d.OpenQuestions[0].Evidence = []model.Evidence{{Label: "Thread", URL: "CHAT-12"}}
	if ps := model.Validate(d); len(ps) > 0 {
		t.Fatal(ps)
	}
	return d, f.Failure.Risks[0]
}

func TestEvidenceInTheHTMLPack(t *testing.T) {
	d, risk := evidenceDoc(t)
	b, err := Render(d, FormatHTML, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{
		`<a href="https://wiki.example.com/runbooks/orders?v=2&amp;x=%281%29" rel="noopener noreferrer">Order runbook</a>`,
		`Rota (<span class="ref">/srv/share/oncall/rota.xlsx</span>)`,
		`Last incident (<span class="ref">INC-4711</span>)`,
		`<a href="https://status.example.com/incidents/9" rel="noopener noreferrer">https://status.example.com/incidents/9</a>`,
		`<a href="https://adr.example.com/7" rel="noopener noreferrer">Decision record</a>`,
		`Thread (<span class="ref">CHAT-12</span>)`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the pack lacks %s", want)
		}
	}
	// Every hyperlink in the pack is a reference, and none opens its page
	// with a way back to the pack.
	for _, a := range regexp.MustCompile(`<a [^>]*href="http[^>]*>`).FindAllString(html, -1) {
		if !strings.Contains(a, `rel="noopener noreferrer"`) {
			t.Errorf("a link without noopener noreferrer: %s", a)
		}
	}
	if strings.Contains(html, `href="/srv`) || strings.Contains(html, `href="INC`) {
		t.Error("a file path or a ticket key is written as a hyperlink")
	}
	// The risk's links sit in its own article, the step's in its flow's
	// owner step.
	at := strings.Index(html, "INC-4711")
	if start := strings.LastIndex(html[:at], `<article class="risk`); start < 0 || !strings.Contains(html[start:at], risk.Title) {
		t.Error("the risk's link is not in the risk's article")
	}
}

func TestEvidenceInTheMarkdownPack(t *testing.T) {
	d, _ := evidenceDoc(t)
	b, err := Render(d, FormatMarkdown, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	if got := mdDestination("https://x.example.com/a|b (c)[d]"); got != "https://x.example.com/a%7Cb%20%28c%29%5Bd%5D" {
		t.Errorf("a destination reads %q", got)
	}
	for _, want := range []string{
		"Evidence, owner: [Order runbook](https://wiki.example.com/runbooks/orders?v=2&x=%281%29); Rota (/srv/share/oncall/rota.xlsx)",
		"- Evidence: Last incident (INC-4711); [https\\://status.example.com/incidents/9](https://status.example.com/incidents/9)",
		"Evidence, the " + d.Domains[0].Name + " decision: [Decision record](https://adr.example.com/7)",
		"Evidence, question 1: Thread (CHAT-12)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}

func TestEvidenceInTheWorkbookAndCSV(t *testing.T) {
	d, risk := evidenceDoc(t)
	b, err := Render(d, FormatXLSX, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	text := string(workbookText(t, b))
	register := text[strings.Index(text, "== "+SheetRegister):strings.Index(text, "== "+SheetFindings)]
	header := strings.SplitN(register, "\n", 3)[1]
	if !strings.HasSuffix(header, "\tEvidence") {
		t.Errorf("the register's header %q has no Evidence column last", header)
	}
	if !strings.Contains(register, "Last incident <INC-4711>\nhttps://status.example.com/incidents/9") {
		t.Errorf("the register has not the risk's links:\n%s", register)
	}
	sheet := text[strings.Index(text, "== "+SheetEvidence):]
	for _, want := range []string{
		"Backs\tWhat it is\tLink",
		d.Flows[0].Name + ", owner\tOrder runbook\thttps://wiki.example.com/runbooks/orders?v=2&x=(1)",
		"risk " + risk.Title + "\tLast incident\tINC-4711",
	} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the Evidence sheet lacks %q:\n%s", want, sheet)
		}
	}

	c, err := Render(d, FormatCSV, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := len(RiskCSVHeader) - 1
	if rows[0][col] != "evidence" {
		t.Fatalf("the CSV's last column is %q", rows[0][col])
	}
	found := false
	for _, row := range rows[1:] {
		if row[0] == risk.ID {
			found = row[col] == "Last incident <INC-4711>\nhttps://status.example.com/incidents/9"
		}
	}
	if !found {
		t.Error("the CSV has not the risk's links in its evidence column")
	}
}

// The published schema takes an export's links, and refuses an address of
// a refused scheme wherever a file carries one.
func TestSchemaHoldsEvidence(t *testing.T) {
	sch := compileSchema(t)
	d, _ := evidenceDoc(t)
	good := written(t, WriteJSON, Export(d, ExportOptions{Now: testNow}))
	if err := fixture.ValidateJSON(sch, good); err != nil {
		t.Fatalf("an export with links does not match the schema: %v", err)
	}
	for _, c := range []struct{ name, from, to string }{
		{"a javascript: link on a step", `"url": "/srv/share/oncall/rota.xlsx"`, `"url": "javascript:alert(1)"`},
		{"a data: link on a risk", `"url": "INC-4711"`, `"url": "data:text/html,hi"`},
		{"a link without its address", `"url": "CHAT-12"`, `"href": "CHAT-12"`},
		{"an empty address", `"url": "https://adr.example.com/7"`, `"url": ""`},
	} {
		broken := bytes.Replace(good, []byte(c.from), []byte(c.to), 1)
		if bytes.Equal(broken, good) {
			t.Fatalf("%s: %q is not in the export", c.name, c.from)
		}
		if err := fixture.ValidateJSON(sch, broken); err == nil {
			t.Errorf("%s: the schema accepted it", c.name)
		}
	}
}

// Hostile labels on web links, and addresses full of Markdown's own
// characters: pandoc and cmark-gfm each draw exactly one link per web
// address, to that address, and no other link.
func TestHostileLinkLabels(t *testing.T) {
	d := model.DemoAnswers(testNow)
	urls := []string{
		"https://wiki.example.com/a_(b)_c*d*?q=[1]|2&r=%3C3%3E#frag",
		"http://logs.example.com/search?q=`tick`&x=\\y",
	}
	var want []string
	for i, label := range hostileText {
		u := urls[i%len(urls)]
		if i >= len(urls) {
			u += "&n=" + strconv.Itoa(i) // one address per link
		}
		f := &d.Flows[i%len(d.Flows)]
		f.Contract.Evidence = append(f.Contract.Evidence, model.Evidence{Label: label, URL: u})
		want = append(want, u)
	}
	if ps := model.Validate(d); len(ps) > 0 {
		t.Fatal(ps)
	}
	md := written(t, WriteMarkdown, Export(d, ExportOptions{Now: testNow}))
	for _, r := range []struct {
		name string
		args []string
	}{
		{"pandoc", []string{"-f", "markdown", "-t", "html"}},
		{"cmark-gfm", []string{"-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter", "-t", "html"}},
	} {
		page, err := html.Parse(bytes.NewReader(renderMarkdown(t, md, r.name, r.args...)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "a" {
				for _, a := range n.Attr {
					if a.Key == "href" && !strings.HasPrefix(a.Val, "#") {
						u, err := url.PathUnescape(a.Val)
						if err != nil {
							u = a.Val
						}
						got = append(got, u)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(page)
		unescaped := make([]string, len(want))
		for i, u := range want {
			unescaped[i], _ = url.PathUnescape(u)
		}
		slices.Sort(got)
		slices.Sort(unescaped)
		if !slices.Equal(got, unescaped) {
			t.Errorf("%s drew links to\n %q\nwant\n %q", r.name, got, unescaped)
		}
	}
}

// A credential in a link's address is redacted as it leaves the laptop,
// and the export still imports back.
func TestEvidenceCredentialsRedactedAndImportBack(t *testing.T) {
	d := model.DemoAnswers(testNow)
	d.Flows[0].Source.Evidence = []model.Evidence{
		{Label: "Wiki", URL: "https://ann:hunter2secret@wiki.example.com/x"},
		{Label: "Query", URL: "https://logs.example.com/?password=hunter2secret"},
		{Label: "Query again", URL: "https://logs.example.com/?password=hunter3secret"}, // one address once redacted
	}
	b, err := Render(d, FormatJSON, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("hunter2secret")) || bytes.Contains(b, []byte("hunter3secret")) {
		t.Error("the export carries a link's password")
	}
	back, err := model.DecodeDocument(b)
	if err != nil {
		t.Fatalf("the export does not import back: %v", err)
	}
	if got := back.Flows[0].Source.Evidence; len(got) != 3 || !strings.HasPrefix(got[0].URL, "https://ann:") {
		t.Errorf("the links read back as %#v", got)
	}
}
