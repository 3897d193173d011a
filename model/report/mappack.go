package report

import (
	"bufio"
	"html/template"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// mapSheetView is one map page as the pack's template reads it.
type mapSheetView struct {
	Heading, Caption string
	SVG              template.HTML
	// Orphaned are the flows the target map cannot draw, in words.
	Orphaned []string
}

// overviewNote says why a map comes as an overview and pages per domain.
const overviewNote = " Too many systems for one readable page: the first map groups them by kind, the table after it counts the flows between kinds, and the pages after that draw each domain's flows."

// numberNote says what a number on an arrow is.
const numberNote = " A number on an arrow is the flow's number in the appendix, where a crowded map has no room for its name."

// numbered reports whether some arrow of a map is labelled by its number.
func numbered(m mapDrawing) bool {
	for i := range m.l.paths {
		if p := m.l.paths[i]; len(p.lines) == 1 && p.lines[0] == "#"+itoa(m.g.edges[i].number) {
			return true
		}
	}
	return false
}

// svgHTML is a map's picture for the pack's page.
func svgHTML(m mapDrawing) template.HTML {
	var sb strings.Builder
	b := bufio.NewWriter(&sb)
	drawMap(b, m)
	_ = b.Flush()                     // a strings.Builder takes every byte
	return template.HTML(sb.String()) // drawMap escapes every text in it as XML
}

// writeMapChapters writes the current-state map chapter (one page, or an
// overview and a page per domain), and, when the room set targets, the
// target-state map's chapter after it. run runs a template of the pack.
func writeMapChapters(b *bufio.Writer, run func(name string, data any), v *packView, d *model.Document, sum *review.Summary) {
	sheets := mapSheets(buildMap(d, sum), HeadingSystems, "map", currentSheetDrawing)
	if n := plannedOnly(d); n > 0 {
		v.MapCaption = plural(len(d.Systems)-n, "system", "systems") + " and " + plural(len(d.Flows), "flow", "flows") + " today; " +
			plural(n, "planned system is", "planned systems are") + " on the target-state map only."
	}
	if len(sheets) > 1 {
		v.MapCaption += overviewNote
	} else if numbered(sheets[0].drawing) {
		v.MapCaption += numberNote
	}
	run("map-start", v)
	drawMap(b, sheets[0].drawing)
	run("map-end", v)
	if len(sheets) > 1 {
		run("map-counts", overviewTable(sheets[0].drawing.g))
	}
	for _, s := range sheets[1:] {
		run("map-sheet", mapSheetView{Heading: s.heading, Caption: s.caption, SVG: svgHTML(s.drawing)})
	}
	run("map-systems", v)
	if !hasTargets(d) {
		return
	}
	sheets = mapSheets(buildTargetMap(d, sum), HeadingTargetMap, "target", targetDrawing)
	first := mapSheetView{Heading: HeadingTargetMap, Caption: targetCaption(sum), SVG: svgHTML(sheets[0].drawing)}
	names := systemNames(d)
	for _, o := range sum.TargetState.Orphaned {
		gone := make([]string, len(o.Systems))
		for i, id := range o.Systems {
			gone[i] = names[id]
		}
		line := oneLine(o.FlowName) + ": " + strings.Join(gone, " and ") + " is retired with nothing in its place"
		if len(gone) > 1 {
			line = oneLine(o.FlowName) + ": " + strings.Join(gone, " and ") + " are retired with nothing in their place"
		}
		first.Orphaned = append(first.Orphaned, line)
	}
	if len(sheets) > 1 {
		first.Caption += overviewNote
	} else if numbered(sheets[0].drawing) {
		first.Caption += numberNote
	}
	run("target-start", first)
	if len(sheets) > 1 {
		run("map-counts", overviewTable(sheets[0].drawing.g))
	}
	for _, s := range sheets[1:] {
		run("map-sheet", mapSheetView{Heading: s.heading, Caption: s.caption, SVG: svgHTML(s.drawing)})
	}
	run("target-end", first)
}

// withTargetHeading puts the target-state map in the contents, after the
// current-state map, when the pack has one.
func withTargetHeading(headings []string, d *model.Document) []string {
	if !hasTargets(d) {
		return headings
	}
	at := 0
	for i, h := range headings {
		if h == HeadingSystems {
			at = i + 1
		}
	}
	return append(headings[:at:at], append([]string{HeadingTargetMap}, headings[at:]...)...)
}
