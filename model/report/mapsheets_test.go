package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// generatedOf is a generated session with the given number of systems and
// at most flows flows (the open questions of the flows cut go with them),
// so a test can have many systems without the whole appendix of their
// generated flows.
func generatedOf(systems, flows int) *model.Document {
	n := (systems - 12) * 10 // the generator draws 12 systems and one more per ten flows
	if n == 0 {
		n = min(flows, 9)
	}
	d := model.Generate(n, 1, 7)
	if flows < len(d.Flows) {
		d.Flows = d.Flows[:flows]
	}
	kept := map[string]bool{}
	for _, f := range d.Flows {
		kept[f.ID] = true
	}
	d.OpenQuestions = slices.DeleteFunc(d.OpenQuestions, func(q model.OpenQuestion) bool { return !kept[q.Flow] })
	return d
}

// withTargets gives a session a target state: the first flow's source
// retired, the second flow's target replaced by a system that is new, a
// third system kept. It returns the three systems' indexes.
func withTargets(d *model.Document) (doc *model.Document, retired, replaced, kept int) {
	at := func(id string) int {
		return slices.IndexFunc(d.Systems, func(s model.System) bool { return s.ID == id })
	}
	retired, replaced = at(d.Flows[0].From), at(d.Flows[1].To)
	for k := 2; replaced == retired; k++ {
		replaced = at(d.Flows[k].To)
	}
	kept = slices.IndexFunc(d.Systems, func(s model.System) bool { return s.ID != d.Systems[retired].ID && s.ID != d.Systems[replaced].ID })
	d.Systems = append(d.Systems, model.System{ID: "new-oms", Name: "Composable OMS", Kind: "oms",
		Target: model.Target{Action: model.TargetIntroduce, Slice: 2}})
	d.Systems[retired].Target = model.Target{Action: model.TargetRetire, Slice: 1}
	d.Systems[replaced].Target = model.Target{Action: model.TargetReplace, By: "new-oms", Slice: 2}
	d.Systems[kept].Target = model.Target{Action: model.TargetKeep}
	return d, retired, replaced, kept
}

// targeted is a generated session of 12 systems with a target state.
func targeted() *model.Document {
	d, _, _, _ := withTargets(generatedOf(12, 8))
	return d
}

// sheetsOf are every map page a pack prints for the session: the
// current-state map's and the target-state map's.
func sheetsOf(e *Exported) [][]mapSheet {
	var current, target []mapSheet
	mapSheets(buildMap(&e.Document, e.Summary), HeadingSystems, "map", currentSheetDrawing, func(s mapSheet) { current = append(current, s) })
	if !hasTargets(&e.Document) {
		return [][]mapSheet{current}
	}
	mapSheets(buildTargetMap(&e.Document, e.Summary), HeadingTargetMap, "target", targetDrawing, func(s mapSheet) { target = append(target, s) })
	return [][]mapSheet{current, target}
}

// onCurve samples an arrow densely: the test's own way to find an arrow
// under a label, not the layout's.
func onCurve(pieces []cubic) []point {
	var out []point
	for _, c := range pieces {
		for k := 0; k <= 64; k++ {
			out = append(out, c.at(float64(k)/64))
		}
	}
	return out
}

func inside(p point, r rect) bool {
	return p.x > r.x && p.x < r.right() && p.y > r.y && p.y < r.bottom()
}

// Every map page prints readably: it fits the landscape page at the scale
// that keeps its text at 6 pt, holds at most 25 systems, and its labels
// cover no other label, no box and no arrow. Past 25 systems the map is
// an overview plus pages per domain that, between them, draw every flow
// once, each under the number the appendix gives it.
func TestMapSheetsPrintReadably(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  *model.Document
		// overview says the map is cut into an overview and domain pages.
		overview bool
	}{
		{"demo", model.DemoAnswers(testNow), false},
		{"12 systems with targets", targeted(), false},
		{"60 systems", generatedOf(60, 120), true},
		{"300 systems", generatedOf(300, 250), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Export(c.doc, ExportOptions{Now: testNow})
			for _, sheets := range sheetsOf(e) {
				if got := len(sheets) > 1; got != c.overview || sheets[0].overview != c.overview {
					t.Errorf("%s: %d pages; want an overview: %v", sheets[0].heading, len(sheets), c.overview)
				}
				drawn := map[int]int{}
				for si, s := range sheets {
					overview := si == 0 && c.overview
					checkSheet(t, s, !overview)
					if overview {
						continue
					}
					for _, e := range s.drawing.g.edges {
						drawn[e.number]++
					}
				}
				want := len(c.doc.Flows)
				if sheets[0].heading == HeadingTargetMap {
					want = 0
					for _, f := range e.Summary.TargetState.Flows {
						if f.Status != "orphaned" && f.Status != "absorbed" {
							want++
						}
					}
				}
				if len(drawn) != want {
					t.Errorf("%s: %d flows drawn, want %d", sheets[0].heading, len(drawn), want)
				}
				for n, times := range drawn {
					if times != 1 || n < 1 || n > len(c.doc.Flows) {
						t.Errorf("%s: flow number %d drawn %d times", sheets[0].heading, n, times)
					}
				}
			}
		})
	}
}

// checkSheet holds a map page to the print's rules; every arrow has its
// label when everyLabel says so (the overview's counts are in its table
// too, so a crowded arrow may go without).
func checkSheet(t *testing.T, s mapSheet, everyLabel bool) {
	t.Helper()
	m := s.drawing
	w, h := m.size()
	if w > mapPageW || h > mapPageH {
		t.Errorf("%s is %.0f×%.0f, more than the page's %.0f×%.0f", s.heading, w, h, mapPageW, mapPageH)
	}
	if len(m.g.nodes) > mapPageSystems {
		t.Errorf("%s draws %d systems", s.heading, len(m.g.nodes))
	}
	var labels []rect
	var texts []string
	for i, p := range m.l.paths {
		if len(p.lines) == 0 {
			if !everyLabel {
				continue
			}
			t.Errorf("%s: the arrow of %q has no label", s.heading, m.g.edges[i].name)
			continue
		}
		if e := m.g.edges[i]; e.number > 0 && len(p.lines) == 1 && strings.HasPrefix(p.lines[0], "#") && p.lines[0] != fmt.Sprintf("#%d", e.number) {
			t.Errorf("%s: flow %d is labelled %s", s.heading, e.number, p.lines[0])
		}
		labels = append(labels, labelRect(p.label, p.lines))
		texts = append(texts, strings.Join(p.lines, " / "))
	}
	for i, a := range labels {
		for j := i + 1; j < len(labels); j++ {
			if a.overlaps(labels[j]) {
				t.Errorf("%s: labels %q and %q overlap", s.heading, texts[i], texts[j])
			}
		}
		for n, b := range m.l.boxes {
			if a.overlaps(b) {
				t.Errorf("%s: label %q covers the box of %s", s.heading, texts[i], m.g.nodes[n].name)
			}
		}
		for k := range m.l.paths {
			for _, p := range onCurve(m.l.paths[k].pieces) {
				if inside(p, a) {
					t.Errorf("%s: the arrow of %q crosses the label %q at %v", s.heading, m.g.edges[k].name, texts[i], p)
					break
				}
			}
		}
	}
}

// The target-state map drops the retired and replaced systems, sends the
// replaced system's flows through its replacement, marks the new system,
// and keeps each flow's number.
func TestTargetMapDrawsTheTargets(t *testing.T) {
	d, retired, replaced, kept := withTargets(generatedOf(12, 8))
	e := Export(d, ExportOptions{Now: testNow})
	g := buildTargetMap(&e.Document, e.Summary)
	ids := map[string]int{}
	for n, node := range g.nodes {
		ids[node.id] = n
	}
	for _, gone := range []string{d.Systems[retired].ID, d.Systems[replaced].ID} {
		if _, ok := ids[gone]; ok {
			t.Errorf("system %s is on the target map", gone)
		}
	}
	if n, ok := ids["new-oms"]; !ok || g.nodes[n].mark != "new in slice 2" {
		t.Errorf("the new system is not marked new: %+v", g.nodes)
	}
	if n := ids[d.Systems[kept].ID]; g.nodes[n].mark != "" {
		t.Errorf("a kept system is marked %q", g.nodes[n].mark)
	}
	moved, orphaned := 0, 0
	for i, f := range d.Flows {
		k := slices.IndexFunc(g.edges, func(e mapEdge) bool { return e.number == i+1 })
		touchesRetired := f.From == d.Systems[retired].ID || f.To == d.Systems[retired].ID
		if touchesRetired {
			orphaned++
			if k >= 0 {
				t.Errorf("flow %d ends in a retired system and is drawn", i+1)
			}
			continue
		}
		if k < 0 {
			continue // absorbed: both ends one system
		}
		ends := []string{g.nodes[g.edges[k].from].id, g.nodes[g.edges[k].to].id}
		for j, was := range []string{f.From, f.To} {
			want := was
			if was == d.Systems[replaced].ID {
				want, moved = "new-oms", moved+1
			}
			if ends[j] != want {
				t.Errorf("flow %d runs from %v, want %s at end %d", i+1, ends, want, j)
			}
		}
	}
	if moved == 0 || orphaned == 0 {
		t.Fatalf("the session moves %d flow ends and orphans %d flows; the test needs both", moved, orphaned)
	}
	html := string(written(t, WriteHTML, e))
	for _, want := range []string{`id="` + headingAnchor(HeadingTargetMap) + `"`, "<h2>" + HeadingTargetMap + "</h2>", "Flows left without an end", "new in slice 2", `<li><a href="#target-state-map">`} {
		if !strings.Contains(html, want) {
			t.Errorf("the pack does not hold %q", want)
		}
	}
	if strings.Index(html, "<h2>"+HeadingTargetMap) < strings.Index(html, "<h2>"+HeadingSystems) {
		t.Error("the target-state map comes before the current-state map")
	}
	if plain := string(written(t, WriteHTML, Export(generatedOf(12, 8), ExportOptions{Now: testNow}))); strings.Contains(plain, HeadingTargetMap) {
		t.Error("a pack with no targets has a target-state map")
	}
}

// The overview counts every leg of every flow once, between the kinds of
// its two ends; and a pack of many map pages gives each picture's title
// and arrowheads ids of their own, so one page's arrows never borrow
// another's.
func TestOverviewCountsAndMapIDs(t *testing.T) {
	d, _, _, _ := withTargets(generatedOf(60, 40))
	e := Export(d, ExportOptions{Now: testNow})
	g := buildMap(&e.Document, e.Summary)
	want := map[[2]string]int{}
	for _, edge := range g.edges {
		for _, s := range legsOf(edge) {
			a, b := g.groups[g.nodes[s.from].group].title, g.groups[g.nodes[s.to].group].title
			if a > b {
				a, b = b, a
			}
			want[[2]string{a, b}]++
		}
	}
	got := map[[2]string]int{}
	for _, row := range overviewTable(overviewGraph(g)) {
		a, b := row.A, row.B
		if a > b {
			a, b = b, a
		}
		got[[2]string{a, b}] += row.Flows
	}
	if len(got) != len(want) {
		t.Errorf("the overview has %d pairs of kinds, the flows %d", len(got), len(want))
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s and %s: the overview counts %d, the flows run %d", k[0], k[1], got[k], n)
		}
	}
	page := string(written(t, WriteHTML, e))
	ids := regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("the id %q is used twice", m[1])
		}
		seen[m[1]] = true
	}
	if !seen["map-arrow-map-overview-critical"] || !seen["map-arrow-target-overview-critical"] || len(ids) < 100 {
		t.Errorf("the pack has %d ids, and not both overviews' arrowheads", len(ids))
	}
}
