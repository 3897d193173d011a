package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// docxHyperlink is a hyperlink of the Word document: its text and style,
// the relationship its r:id names and the paragraph it sits in.
type docxHyperlink struct {
	text, style string
	rel         *xmlElement
	para        *xmlElement
}

// docxLinksOf is the document's hyperlinks in its order, and its
// relationships.
func docxLinksOf(t *testing.T, parts map[string][]byte) ([]docxHyperlink, *xmlElement) {
	t.Helper()
	doc := parseXML(t, "document.xml", parts["word/document.xml"])
	rels := parseXML(t, "document.xml.rels", parts["word/_rels/document.xml.rels"])
	byID := map[string]*xmlElement{}
	for _, r := range rels.all("Relationship") {
		byID[r.attr("Id")] = r
	}
	var out []docxHyperlink
	for _, p := range doc.all("p") {
		for _, h := range p.all("hyperlink") {
			rel := byID[h.relID()]
			if rel == nil {
				t.Fatalf("the hyperlink %q names %q, which no relationship has", h.text(), h.relID())
			}
			style := ""
			if s := h.first("rStyle"); s != nil {
				style = s.attr("val")
			}
			out = append(out, docxHyperlink{h.text(), style, rel, p})
		}
	}
	return out, &rels
}

// A web address of the evidence is a real hyperlink in the Word document,
// beside what it backs; a file path and a ticket key stay text.
func TestTheWordDocumentLinksTheEvidence(t *testing.T) {
	d, risk := evidenceDoc(t)
	// The same address backing a second flow's contract is one relationship.
	d.Flows[1].Contract.Evidence = []model.Evidence{{Label: "Runbook again", URL: d.Flows[0].Owner.Evidence[0].URL}}
	opt := ExportOptions{Now: testNow}
	parts := docxOf(t, d, opt)
	links, rels := docxLinksOf(t, parts)

	want := []struct{ text, target, beside string }{ // in the document's order
		{"https://status.example.com/incidents/9", "https://status.example.com/incidents/9", "Last incident (INC-4711)"},
		{"Decision record", "https://adr.example.com/7", "Evidence, the " + d.Domains[0].Name + " decision: "},
		{"Order runbook", "https://wiki.example.com/runbooks/orders?v=2&x=(1)", "Rota (/srv/share/oncall/rota.xlsx)"},
		{"Runbook again", "https://wiki.example.com/runbooks/orders?v=2&x=(1)", "Evidence: "},
	}
	if len(links) != len(want) {
		var got []string
		for _, l := range links {
			got = append(got, l.text)
		}
		t.Fatalf("the document has %d hyperlinks %q, want %d", len(links), got, len(want))
	}
	for i, w := range want {
		l := links[i]
		if l.text != w.text {
			t.Errorf("hyperlink %d reads %q, want %q", i+1, l.text, w.text)
		}
		if got := l.rel.attr("Target"); got != w.target {
			t.Errorf("%q links to %q, want %q", w.text, got, w.target)
		}
		if l.rel.attr("TargetMode") != "External" || l.rel.attr("Type") != relHyperlink {
			t.Errorf("%q's relationship is not an external hyperlink: %+v", w.text, l.rel.Attrs)
		}
		if l.style != "Hyperlink" {
			t.Errorf("%q is styled %q, not Word's Hyperlink", w.text, l.style)
		}
		if !strings.Contains(l.para.text(), w.beside) {
			t.Errorf("%q is not beside %q: its paragraph reads %q", w.text, w.beside, l.para.text())
		}
	}
	if links[2].rel != links[3].rel {
		t.Error("one address is two relationships")
	}
	// The risk's link sits in its detail under the register, after its
	// other facts; the step's in its flow's owner step of the appendix.
	doc := string(parts["word/document.xml"])
	at := strings.Index(doc, "INC-4711")
	if h := strings.LastIndex(doc[:at], `<w:pStyle w:val="Heading3"/>`); h < 0 || !strings.Contains(doc[h:at], xmlEscape(risk.Title)) {
		t.Error("the risk's links are not under its heading")
	}
	annex := strings.LastIndex(doc, ">"+xmlEscape(HeadingAppendix)+"<")
	if annex < 0 {
		t.Fatal("the document has no appendix")
	}
	appendix := doc[annex:]
	if step := strings.Index(appendix, "Order runbook"); step < 0 || step > strings.Index(appendix, xmlEscape(d.Flows[1].Name)) {
		t.Error("the step's links are not in its flow's part of the appendix")
	}

	// Ticket keys and file paths are text, never a relationship.
	for _, r := range rels.all("Relationship") {
		if target := r.attr("Target"); strings.Contains(target, "INC-4711") || strings.Contains(target, "CHAT-12") || strings.Contains(target, "/srv/") {
			t.Errorf("a ticket key or a file path is a hyperlink: %s", target)
		}
	}
	for _, text := range []string{"Last incident (INC-4711)", "Thread (CHAT-12)"} {
		if !strings.Contains(doc, text) {
			t.Errorf("the document has not %q as text", text)
		}
	}

	// Word's Hyperlink character style is the document's own.
	styles := parseXML(t, "styles.xml", parts["word/styles.xml"])
	found := false
	for _, s := range styles.all("style") {
		if s.attr("styleId") == "Hyperlink" && s.attr("type") == "character" && s.first("u") != nil {
			found = true
		}
	}
	if !found {
		t.Error("styles.xml has no underlined Hyperlink character style")
	}

	// --stable: the same session gives the same bytes, links and all.
	a, err := Render(d, FormatDOCX, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(d, FormatDOCX, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two exports of one session with links differ")
	}
}

// A link whose address is no web address — one a session could only hold
// by being written outside archreview — is text, never a hyperlink.
func TestTheWordDocumentLinksNoOtherScheme(t *testing.T) {
	d, _ := evidenceDoc(t)
	d.Risks = append(d.Risks, model.Risk{ID: "r-hostile", Title: "Hostile links", Impact: 3, Likelihood: 3, Evidence: []model.Evidence{
		{Label: "Script", URL: "javascript:alert(1)"},
		{Label: "Data", URL: "data:text/html,<b>x</b>"},
		{Label: "Shouting", URL: "JAVASCRIPT://example.com/%0Aalert(1)"},
	}})
	parts := docxOf(t, d, ExportOptions{Now: testNow})
	links, _ := docxLinksOf(t, parts)
	for _, l := range links {
		target := strings.ToLower(l.rel.attr("Target"))
		if !strings.HasPrefix(target, "https://") && !strings.HasPrefix(target, "http://") {
			t.Errorf("%q is a hyperlink to %q", l.text, target)
		}
	}
	doc := string(parts["word/document.xml"])
	for _, text := range []string{"Script (javascript:alert(1))", "Data (data:text/html,&lt;b&gt;x&lt;/b&gt;)"} {
		if !strings.Contains(doc, text) {
			t.Errorf("the document has not %q as text", text)
		}
	}
}

func TestLinkTargets(t *testing.T) {
	for _, c := range []struct {
		address, target string
		web             bool
	}{
		{"https://wiki.example.com/a?v=2&x=(1)#top", "https://wiki.example.com/a?v=2&x=(1)#top", true},
		{"  HTTP://Example.com/  ", "HTTP://Example.com/", true},
		{"https://ann:[redacted]@example.com/a", "https://ann:%5Bredacted%5D@example.com/a", true},
		{"https://[2001:db8::1]:8443/x[1]", "https://[2001:db8::1]:8443/x%5B1%5D", true},
		{"https://example.com/grüße", "https://example.com/gr%C3%BC%C3%9Fe", true},
		{"https://example.com/100%25/50%", "https://example.com/100%25/50%25", true},
		{`https://example.com/a"b<c>d`, "https://example.com/a%22b%3Cc%3Ed", true},
		{"javascript:alert(1)", "javascript:alert(1)", false},
		{"data:text/html,x", "data:text/html,x", false},
		{"httpx://example.com", "httpx://example.com", false},
		{"/srv/share/rota.xlsx", "/srv/share/rota.xlsx", false},
	} {
		if got := webAddress(c.address); got != c.web {
			t.Errorf("webAddress(%q) = %v, want %v", c.address, got, c.web)
		}
		if got := linkTarget(c.address); got != c.target {
			t.Errorf("linkTarget(%q) = %q, want %q", c.address, got, c.target)
		}
	}
}
