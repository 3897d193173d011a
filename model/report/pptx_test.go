package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// deckSlides are a deck's slides in presentation order, read from
// presentation.xml and its relationships.
func deckSlides(t *testing.T, parts map[string][]byte) []xmlElement {
	t.Helper()
	pres := parseXML(t, "presentation.xml", parts["ppt/presentation.xml"])
	rels := parseXML(t, "presentation.xml.rels", parts["ppt/_rels/presentation.xml.rels"])
	target := map[string]string{}
	for _, r := range rels.all("Relationship") {
		target[r.attr("Id")] = r.attr("Target")
	}
	var out []xmlElement
	for _, id := range pres.all("sldId") {
		name := "ppt/" + target[id.relID()]
		raw, ok := parts[name]
		if !ok {
			t.Fatalf("slide %s is %q, not in the package", id.attr("id"), name)
		}
		out = append(out, parseXML(t, name, raw))
	}
	return out
}

// slideTitle is the text of the slide's title placeholder.
func slideTitle(s *xmlElement) string {
	for _, sp := range s.all("sp") {
		if ph := sp.first("ph"); ph != nil && ph.attr("type") == "title" {
			return sp.text()
		}
	}
	return ""
}

// The steering deck: nine slides in the order a steering group is taken
// through them, each titled by a title placeholder, its texts editable
// text boxes and its tables PowerPoint tables; the decisions slide lists
// the decisions asked.
func TestTheSteeringDeck(t *testing.T) {
	d := model.Demo(testNow)
	d.Systems[0].Target = model.Target{Action: model.TargetRetire}
	d.OpenQuestions[0].Decision, d.OpenQuestions[0].Ask, d.OpenQuestions[0].Due = true, "Finance lead", "2026-04-01"
	d.OpenQuestions[0].Recommendation = "Keep the nightly file until the API is live"
	d.OpenQuestions[1].Decision, d.OpenQuestions[1].Ask = true, "Trading director"
	d.Domains[0] = model.DomainDecision{Name: d.Domains[0].Name, Status: model.DomainParked, Ask: "Head of e-commerce", Due: "2026-03-20"}
	b, err := Render(d, FormatPPTX, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	parts := officeParts(t, b)
	slides := deckSlides(t, parts)
	if n := len(slides); n < 8 || n > 12 {
		t.Fatalf("%d slides; a steering deck has 8 to 12", n)
	}
	var titles []string
	for i := range slides {
		titles = append(titles, slideTitle(&slides[i]))
	}
	want := []string{"Demo: Harbour & Pine integration review", HeadingExecutive, headingDecisionsNeeded, headingCostOfNothing,
		HeadingSystems, HeadingTargetMap, slideTopRisks, HeadingRoadmap, SlideNextSteps}
	if !slices.Equal(titles, want) {
		t.Errorf("the slides are titled\n%q\nwant\n%q", titles, want)
	}
	e := Export(d, ExportOptions{Now: testNow})
	asked := e.Summary.DecisionsAsked
	if len(asked) < 3 {
		t.Fatalf("the test asked %d decisions", len(asked))
	}
	decisions := &slides[slices.Index(want, headingDecisionsNeeded)]
	tables := decisions.all("tbl")
	if len(tables) != 1 {
		t.Fatalf("the decisions slide has %d tables", len(tables))
	}
	if rows := tables[0].all("tr"); len(rows) != len(asked)+1 {
		t.Errorf("the decisions table has %d rows for %d decisions asked and its header", len(rows), len(asked))
	}
	text := decisions.text()
	for _, a := range asked {
		for _, s := range []string{a.Question, a.Ask, a.Due} {
			if !strings.Contains(text, s) {
				t.Errorf("the decisions slide does not list %q", s)
			}
		}
	}
	if !strings.Contains(text, "Keep the nightly file until the API is live") {
		t.Error("the decisions slide does not give the room's recommendation")
	}
	if cost := &slides[slices.Index(want, headingCostOfNothing)]; len(cost.all("tbl")) != 1 || !strings.Contains(cost.text(), "Do nothing") {
		t.Error("the cost slide has no table starting from doing nothing")
	}
	for _, title := range []string{HeadingSystems, HeadingTargetMap, slideTopRisks, HeadingRoadmap} {
		s := &slides[slices.Index(want, title)]
		if len(s.all("pic")) == 0 {
			t.Errorf("the %s slide has no picture", title)
		}
	}
	top := &slides[slices.Index(want, slideTopRisks)]
	if !strings.Contains(top.text(), e.Summary.Risks[0].Title) {
		t.Error("the heat map's slide does not list the top risk")
	}
	for i := range slides {
		for _, sp := range slides[i].all("sp") {
			if sp.first("txBody") == nil {
				t.Errorf("slide %d has a shape with no text to edit", i+1)
			}
		}
	}
	next := &slides[len(slides)-1]
	if !strings.Contains(next.text(), "Finance lead decides") || !strings.Contains(next.text(), "Start slice 1") {
		t.Errorf("the next steps do not name the decision owed and the first slice: %s", next.text())
	}
}

// LibreOffice opens the demo's deck and prints a page a slide.
func TestLibreOfficePrintsTheDeck(t *testing.T) {
	_, pptx, _, pdf := convertedDemo(t)
	slides := deckSlides(t, officeParts(t, pptx))
	text := pdfText(t, pdf)
	if pages := strings.Count(text, "\f"); pages != len(slides) {
		t.Errorf("the printed deck has %d pages for %d slides", pages, len(slides))
	}
	for _, s := range []string{headingDecisionsNeeded, headingCostOfNothing, SlideNextSteps} {
		if !strings.Contains(text, s) {
			t.Errorf("the printed deck has no slide %q", s)
		}
	}
}

func TestClipCutsAtAWord(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"Orders stuck in Celigo errors are found days later", 30, "Orders stuck in Celigo errors…"},
		{"Überweisungsbestätigungsverfahren", 10, "Überweisu…"},
		{"  spaced \n out  ", 20, "spaced out"},
	} {
		if got := clip(c.in, c.n); got != c.want || len([]rune(got)) > c.n {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
