package report

import (
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

// b2bSession is a B2B distributor's landscape: an EDI network, a tax engine,
// a buyer's punch-out network and a quote tool, with a domain parked for a
// decision and source-of-truth answers nobody in the room knew.
func b2bSession() *model.Document {
	b := fixture.NewBuilder().System("edi").System("tax").System("procurement").System("cpq").
		Flow("orders", "order", "edi", "erp", func(f *model.Flow) { f.Source.System = model.UnknownSystem }).
		Flow("punchout", "catalog", "pim", "procurement").
		Flow("quotes", "price", "cpq", "erp", func(f *model.Flow) {
			f.Source.System = model.UnknownSystem
			f.Source.OtherWriters = []string{model.UnknownSystem}
			f.Contract.Pattern = model.PatternUnknown
		}).
		Flow("taxes", "price", "tax", "storefront").
		Park("price", "CFO", "2026-04-01")
	return b.Doc
}

// unknown reads as unknown in every export, a parked domain as parked and
// asked of someone, and the packs list it as a decision asked.
func TestUnknownAndParkedInEveryExport(t *testing.T) {
	d := b2bSession()
	if ps := model.Validate(d); len(ps) > 0 {
		t.Fatalf("the B2B session is not valid: %v", ps)
	}
	e := Export(d, ExportOptions{Now: testNow})
	sch := compileSchema(t)
	if err := fixture.ValidateJSON(sch, written(t, WriteJSON, e)); err != nil {
		t.Fatalf("the export does not match the schema: %v", err)
	}
	md := string(written(t, WriteMarkdown, e))
	html := string(written(t, WriteHTML, e))
	for _, want := range []string{
		"asked of CFO by 2026-04-01",
		"Which system is the source of truth for price data?",
		"Flow orders: unknown",
		"undecided for price (asked of CFO by 2026-04-01)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown pack does not say %q", want)
		}
		if !strings.Contains(html, htmlEscaped(want)) {
			t.Errorf("the HTML pack does not say %q", want)
		}
	}
	if !strings.Contains(md, "| parked: asked of CFO by 2026-04-01 |") {
		t.Errorf("the Markdown source-of-truth map does not show price parked")
	}
	for _, pack := range []string{md, html} {
		if !strings.Contains(pack, HeadingDecisionsAsked) {
			t.Errorf("a pack has no %q section", HeadingDecisionsAsked)
		}
	}
	// The order domain is named unknown by its only flow: missing, never ok.
	for _, row := range e.Summary.SourceOfTruth {
		if row.Domain == "order" && row.Status != "missing" {
			t.Errorf("order, whose flow says unknown, is %s", row.Status)
		}
		if row.Domain == "price" && row.Status != "parked" {
			t.Errorf("price is %s, want parked", row.Status)
		}
	}
	shown := false
	for _, l := range strings.Split(md, "\n") {
		shown = shown || strings.Contains(l, "| Pattern ") && strings.Contains(l, "| unknown")
	}
	if !shown {
		t.Errorf("the Markdown flow details do not show the pattern nobody knew")
	}
}

func htmlEscaped(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "\"", "&#34;", "<", "&lt;", ">", "&gt;", "+", "&#43;").Replace(s)
}

// Every kind of system has a title on the map's legend and a lane, so a new
// kind never falls into "other" by accident; the B2B kinds are grouped
// under their own titles in every map.
func TestEveryKindHasATitleAndALane(t *testing.T) {
	for _, c := range model.SystemKindChoices {
		k := model.SystemKind(c.Value)
		if kindTitles[k] == "" {
			t.Errorf("kind %s has no map title", k)
		}
		if _, ok := kindLanes[k]; !ok {
			t.Errorf("kind %s has no lane", k)
		}
	}
	e := Export(b2bSession(), ExportOptions{Now: testNow})
	g := buildMap(&e.Document, e.Summary)
	lanes := map[string]int{}
	for _, grp := range g.groups {
		lanes[grp.kind] = grp.lane
	}
	for kind, lane := range map[string]int{"procurement": 0, "cpq": 0, "edi": 1, "tax": 2} {
		if got, ok := lanes[kind]; !ok || got != lane {
			t.Errorf("kind %s is in lane %d (listed %v), want %d", kind, got, ok, lane)
		}
	}
	svg, mermaid, dot := string(written(t, WriteMapSVG, e)), string(written(t, WriteMermaid, e)), string(written(t, WriteDOT, e))
	for _, title := range []string{"EDI networks", "Tax engines", "Procurement networks", "Quoting (CPQ)"} {
		for name, out := range map[string]string{"SVG": svg, "Mermaid": mermaid, "DOT": dot} {
			if !strings.Contains(out, title) {
				t.Errorf("the %s map has no group %q", name, title)
			}
		}
	}
}

// The schema says what import says: unknown is no system's id, a decided
// domain names its source of truth, a parked one need not.
func TestSchemaKnowsUnknownAndParked(t *testing.T) {
	sch := compileSchema(t)
	good := written(t, WriteJSON, Export(b2bSession(), ExportOptions{Now: testNow}))
	if err := fixture.ValidateJSON(sch, good); err != nil {
		t.Fatalf("the B2B export does not match: %v", err)
	}
	cases := []struct {
		name, from, to string
		ok             bool
	}{
		{"a system called unknown", `"id": "edi"`, `"id": "unknown"`, false},
		{"a decision with no system", `"status": "parked"`, `"status": "decided"`, false},
		{"a parked domain with no system", `"status": "parked"`, `"status": "parked"`, true},
		{"a bad status", `"status": "parked"`, `"status": "later"`, false},
		{"a bad due date", `"due": "2026-04-01"`, `"due": "April"`, false},
		{"a bad kind", `"kind": "cpq"`, `"kind": "quotes"`, false},
	}
	for _, c := range cases {
		broken := []byte(strings.Replace(string(good), c.from, c.to, 1))
		if !strings.Contains(string(good), c.from) {
			t.Fatalf("%s: %q is not in the export", c.name, c.from)
		}
		if err := fixture.ValidateJSON(sch, broken); (err == nil) != c.ok {
			t.Errorf("%s: the schema says %v", c.name, err)
		}
	}
}
