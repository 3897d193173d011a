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
	mapSheets(buildMap(d, sum), HeadingSystems, "map", currentSheetDrawing, func(s mapSheet) {
		if s.heading != HeadingSystems {
			run("map-sheet", mapSheetView{Heading: s.heading, Caption: s.caption, SVG: svgHTML(s.drawing)})
			return
		}
		if n := plannedOnly(d); n > 0 {
			v.MapCaption = plural(len(d.Systems)-n, "system", "systems") + " and " + plural(len(d.Flows), "flow", "flows") + " today; " +
				plural(n, "planned system is", "planned systems are") + " on the target-state map only."
		}
		v.MapCaption += sheetNote(s)
		run("map-start", v)
		drawMap(b, s.drawing)
		run("map-end", v)
		if s.overview {
			run("map-counts", overviewTable(s.drawing.g))
		}
	})
	run("map-systems", v)
	if !hasTargets(d) {
		return
	}
	mapSheets(buildTargetMap(d, sum), HeadingTargetMap, "target", targetDrawing, func(s mapSheet) {
		if s.heading != HeadingTargetMap {
			run("map-sheet", mapSheetView{Heading: s.heading, Caption: s.caption, SVG: svgHTML(s.drawing)})
			return
		}
		run("target-start", mapSheetView{Heading: HeadingTargetMap, Caption: targetCaption(sum) + sheetNote(s), SVG: svgHTML(s.drawing)})
		if s.overview {
			run("map-counts", overviewTable(s.drawing.g))
		}
	})
	run("target-end", mapSheetView{Orphaned: orphanedLines(d, sum)})
}

// sheetNote is what a map's first page adds to its caption: why an
// overview, or what a number on an arrow is.
func sheetNote(s mapSheet) string {
	switch {
	case s.overview:
		return overviewNote
	case numbered(s.drawing):
		return numberNote
	}
	return ""
}

// orphanedLines say of each flow the target map cannot draw which of its
// systems is retired with nothing in its place; the HTML and the Markdown
// packs list them under the target map.
func orphanedLines(d *model.Document, sum *review.Summary) []string {
	names := systemNames(d)
	var out []string
	for _, o := range sum.TargetState.Orphaned {
		gone := make([]string, len(o.Systems))
		for i, id := range o.Systems {
			gone[i] = isolate(names[id])
		}
		line := isolate(oneLine(o.FlowName)) + ": " + strings.Join(gone, " and ") + " is retired with nothing in its place"
		if len(gone) > 1 {
			line = isolate(oneLine(o.FlowName)) + ": " + strings.Join(gone, " and ") + " are retired with nothing in their place"
		}
		out = append(out, line)
	}
	return out
}
