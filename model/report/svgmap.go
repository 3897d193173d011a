package report

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// num writes a coordinate with at most one decimal, so the same map always
// gives the same bytes.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// WriteMapSVG writes the current-state map as a standalone SVG image.
func WriteMapSVG(w io.Writer, e *Exported) error {
	b := bufio.NewWriterSize(w, writeBuffer)
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	writeMapSVG(b, buildMap(&e.Document, summaryOf(e)))
	return b.Flush()
}

// writeMapSVG draws the whole current-state map.
func writeMapSVG(b *bufio.Writer, g *mapGraph) {
	drawMap(b, currentDrawing(g, layoutMap(g), "map"))
}

// mapDrawing is one map picture: its graph and layout, the id that keeps
// its title and arrowheads apart from another map's on the same page, its
// accessible title and its legend's words for an arrow.
type mapDrawing struct {
	id, title, legend string
	g                 *mapGraph
	l                 *mapLayout
	// undirected drops the arrowheads: the overview's arrows stand for the
	// flows between two kinds of system, either way.
	undirected bool
}

const legendFlow = "Arrow = flow, marked by its worst open risk:"

func currentDrawing(g *mapGraph, l *mapLayout, id string) mapDrawing {
	return mapDrawing{id: id, title: "Current-state map: " + plural(len(g.nodes), "system", "systems") + ", " + plural(len(g.edges), "flow", "flows"),
		legend: legendFlow, g: g, l: l}
}

// drawMap draws a map: lanes, kind groups, arrows under the boxes, labels
// over everything. Every text is XML-escaped; each system is a <g
// class="system"> and each flow a <path class="flow">, so a reader (or a
// test) can find them. The picture scales to whatever holds it (viewBox).
func drawMap(b *bufio.Writer, m mapDrawing) {
	g, l := m.g, m.l
	arrow := "map-arrow-"
	if m.id != "map" {
		arrow += m.id + "-"
	}
	w, h := m.size()
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" aria-labelledby="` + m.id + `-title" width="` + num(w) +
		`" height="` + num(h) + `" viewBox="0 0 ` + num(w) + " " + num(h) + `" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="` + num(mapFontPx) + `">` + "\n")
	b.WriteString(`<title id="` + m.id + `-title">` + xmlText(m.title) + "</title>\n<defs>")
	for _, sev := range severityOrder {
		b.WriteString(`<marker id="` + arrow + sevKey(sev) + `" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
			`<path d="M0 0 L10 5 L0 10 z" fill="` + severityStroke[sev] + `"/></marker>`)
	}
	b.WriteString("</defs>\n")
	writeMapLegend(b, m.legend, hasMarks(g))
	for _, lane := range l.lanes {
		b.WriteString(`<text class="lane" x="` + num(lane.box.x) + `" y="` + num(lane.box.y+16) + `" font-size="13" font-weight="bold" fill="#37474f">` + xmlText(lane.title) + "</text>\n")
	}
	for gi, grp := range g.groups {
		r := l.groups[gi]
		b.WriteString(`<g class="group"><rect x="` + num(r.x) + `" y="` + num(r.y) + `" width="` + num(r.w) + `" height="` + num(r.h) +
			`" rx="8" fill="#f5f7f8" stroke="#b0bec5"/><text x="` + num(r.x+mapGroupPad) + `" y="` + num(r.y+15) + `" fill="#455a64" font-weight="bold">` +
			xmlText(grp.title) + "</text></g>\n")
	}
	b.WriteString("<g class=\"flows\" fill=\"none\"")
	if len(g.edges) > 40 {
		b.WriteString(` stroke-opacity="0.55"`) // a dense map: the boxes stay readable through the arrows
	}
	b.WriteString(">\n")
	for i, e := range g.edges {
		b.WriteString(`<path class="flow" data-flow="` + xmlText(e.flow) + `" data-severity="` + e.severity + `" d="` + pathData(l.paths[i].pieces) +
			`" stroke="` + severityStroke[e.severity] + `" stroke-width="` + severityWidth[e.severity] + `"`)
		if e.severity == "" {
			b.WriteString(` stroke-dasharray="5 3"`)
		}
		if !m.undirected {
			b.WriteString(` marker-end="url(#` + arrow + sevKey(e.severity) + `)"`)
		}
		b.WriteString("><title>" + xmlText(g.edgeText(&e)) + "</title></path>\n")
	}
	b.WriteString("</g>\n<g class=\"systems\">\n")
	for n, node := range g.nodes {
		r := l.boxes[n]
		stroke, width := "#546e7a", "1.2"
		if node.mark != "" {
			stroke, width = markStroke, "2.4"
		}
		b.WriteString(`<g class="system" data-id="` + xmlText(node.id) + `"><title>` + xmlText(node.name) + "</title>" +
			`<rect class="box" x="` + num(r.x) + `" y="` + num(r.y) + `" width="` + num(r.w) + `" height="` + num(r.h) + `" rx="6" fill="#ffffff" stroke="` + stroke + `" stroke-width="` + width + `"/>`)
		lines := wrapName(node.name, 26, 2)
		y := r.y + 19
		if len(lines) == 1 {
			y += 6
		}
		if node.mark != "" && len(lines) == 1 {
			y -= 6
		}
		for _, line := range lines {
			b.WriteString(`<text x="` + num(r.x+8) + `" y="` + num(y) + `" font-weight="bold" fill="#263238">` + xmlText(line) + "</text>")
			y += 14
		}
		if node.mark != "" {
			b.WriteString(`<text class="mark" x="` + num(r.x+8) + `" y="` + num(r.y+r.h-6) + `" font-size="` + num(mapSmallPx) + `" fill="` + markStroke + `">` + xmlText(cutText(node.mark, 30)) + "</text>")
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</g>\n<g class=\"labels\" text-anchor=\"middle\">\n")
	for i, e := range g.edges {
		p := l.paths[i]
		if len(p.lines) == 0 {
			continue // no room on a crowded map: the arrow's title still names it
		}
		y := p.label.y + 4 - float64(len(p.lines)-1)*mapLineStep/2
		b.WriteString(`<text class="flow-label" x="` + num(p.label.x) + `" y="` + num(y) + `" fill="` + severityStroke[e.severity] +
			`">` + xmlText(p.lines[0])) // clear of every arrow, so no halo
		for _, more := range p.lines[1:] {
			b.WriteString(`<tspan x="` + num(p.label.x) + `" dy="` + num(mapLineStep) + `" font-size="` + num(mapSmallPx) + `">` + xmlText(more) + "</tspan>")
		}
		b.WriteString("</text>\n")
	}
	b.WriteString("</g>\n</svg>\n")
}

// size is the picture's width and height: the layout's, and the legend's
// width when that is wider.
func (m mapDrawing) size() (w, h float64) {
	return max(m.l.width, legendEnd(m.legend, hasMarks(m.g))+mapMargin), m.l.height
}

// markStroke frames a system the target map marks (a new one).
const markStroke = "#2e7d32"

func hasMarks(g *mapGraph) bool {
	for _, n := range g.nodes {
		if n.mark != "" {
			return true
		}
	}
	return false
}

// pathData is an arrow's pieces as an SVG path.
func pathData(pieces []cubic) string {
	var b strings.Builder
	b.WriteString("M" + num(pieces[0][0].x) + " " + num(pieces[0][0].y))
	for _, c := range pieces {
		b.WriteString(" C" + num(c[1].x) + " " + num(c[1].y) + " " + num(c[2].x) + " " + num(c[2].y) + " " + num(c[3].x) + " " + num(c[3].y))
	}
	return b.String()
}

// severityOrder lists the marks an arrow can have, worst first, "" last.
var severityOrder = []string{"critical", "high", "medium", "low", ""}

func sevKey(sev string) string {
	if sev == "" {
		return "none"
	}
	return sev
}

// writeMapLegend says what an arrow is and what its marks mean, and, on
// a map that marks systems, what the green frame is.
func writeMapLegend(b *bufio.Writer, arrow string, marks bool) {
	x, y := mapMargin, mapMargin+legendY
	b.WriteString(`<g class="legend"><text x="` + num(x) + `" y="` + num(y+4) + `" fill="#37474f">` + xmlText(arrow) + `</text>`)
	x += labelWidth(arrow) + 6
	for _, sev := range severityOrder {
		name := orNone(sev)
		b.WriteString(`<line x1="` + num(x) + `" y1="` + num(y) + `" x2="` + num(x+26) + `" y2="` + num(y) + `" stroke="` + severityStroke[sev] +
			`" stroke-width="` + severityWidth[sev] + `"`)
		if sev == "" {
			b.WriteString(` stroke-dasharray="5 3"`)
		}
		b.WriteString(`/><text x="` + num(x+31) + `" y="` + num(y+4) + `" fill="` + severityStroke[sev] + `">` + name + "</text>")
		x += 40 + labelWidth(name)
	}
	if marks {
		b.WriteString(`<rect x="` + num(x+8) + `" y="` + num(y-7) + `" width="26" height="14" rx="3" fill="#ffffff" stroke="` + markStroke + `" stroke-width="2.4"/>` +
			`<text x="` + num(x+40) + `" y="` + num(y+4) + `" fill="` + markStroke + `">` + legendMarkWords + `</text>`)
	}
	b.WriteString("</g>\n")
}

const (
	legendY         = 12.0
	legendMarkWords = "new in the target state"
)

// legendEnd is where the legend ends on the right.
func legendEnd(arrow string, marks bool) float64 {
	x := mapMargin + labelWidth(arrow) + 6
	for _, sev := range severityOrder {
		x += 40 + labelWidth(orNone(sev))
	}
	if marks {
		x += 40 + labelWidth(legendMarkWords)
	}
	return x
}

func orNone(sev string) string {
	if sev == "" {
		return "none open"
	}
	return sev
}

// wrapName breaks a system's name into at most lines lines of about width
// characters, at spaces where it can, and marks a cut with an ellipsis.
func wrapName(name string, width, lines int) []string {
	var out []string
	rest := []rune(strings.Join(strings.Fields(sanitizeText(name)), " "))
	for len(rest) > 0 && len(out) < lines {
		if len(rest) <= width {
			out = append(out, string(rest))
			rest = nil
			break
		}
		cut := width
		for i := width; i > width/2; i-- {
			if rest[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, strings.TrimSpace(string(rest[:cut])))
		rest = []rune(strings.TrimSpace(string(rest[cut:])))
	}
	if len(rest) > 0 {
		last := []rune(out[len(out)-1])
		if len(last) >= width {
			last = last[:width-1]
		}
		out[len(out)-1] = string(last) + "…"
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// xmlText escapes text for an SVG element or attribute; characters XML
// cannot carry are dropped and line breaks become spaces.
func xmlText(s string) string {
	s = sanitizeText(s)
	if !strings.ContainsAny(s, "&<>\"'\n\uFFFE\uFFFF") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '\n':
			b.WriteByte(' ')
		case '\uFFFE', '\uFFFF': // not characters, and XML refuses them
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
