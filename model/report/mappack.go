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
	if len(sheets) > 1 {
		v.MapCaption += overviewNote
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
	first := mapSheetView{Heading: HeadingTargetMap, Caption: targetCaption(sum), SVG: svgHTML(sheets[0].drawing), Orphaned: orphanedLines(d, sum)}
	if len(sheets) > 1 {
		first.Caption += overviewNote
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
