package report

import (
	"bufio"
	"io"

	"github.com/archreview/archreview/model/review"
)

// severityFill is the band colour of the scoring scale: light to dark as the
// band gets worse, so the heat map and the register read in greyscale too.
var severityFill = map[string]string{
	review.SeverityCritical: "#b71c1c", review.SeverityHigh: "#ef6c00",
	review.SeverityMedium: "#ffd54f", review.SeverityLow: "#e8f5e9",
}

// severityInk is the text colour that reads on a band's fill.
var severityInk = map[string]string{
	review.SeverityCritical: "#ffffff", review.SeverityHigh: "#ffffff",
	review.SeverityMedium: "#212121", review.SeverityLow: "#212121",
}

// heatCounts counts the open register entries by impact and likelihood
// (1-5 each); unscored ones are counted apart.
type heatCounts struct {
	cells    [6][6]int // [impact][likelihood]
	unscored int
	total    int
}

func countHeat(sum *review.Summary) heatCounts {
	var h heatCounts
	for i := range sum.Risks {
		r := &sum.Risks[i]
		if !isOpenRisk(r) {
			continue
		}
		h.total++
		if r.Impact < 1 || r.Impact > 5 || r.Likelihood < 1 || r.Likelihood > 5 {
			h.unscored++
			continue
		}
		h.cells[r.Impact][r.Likelihood]++
	}
	return h
}

const (
	heatCell  = 62.0
	heatLeft  = 92.0
	heatTop   = 34.0
	heatRight = 150.0
)

// WriteHeatMapSVG writes the 5×5 heat map of the open risks as a standalone
// SVG image.
func WriteHeatMapSVG(w io.Writer, e *Exported) error {
	b := bufio.NewWriterSize(w, writeBuffer)
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	writeHeatMapSVG(b, summaryOf(e))
	return b.Flush()
}

// writeHeatMapSVG draws impact (5 at the top) against likelihood (1 at the
// left), each cell filled with the band of its score and holding the count
// of open risks there and the band's name; a legend of the bands beside it.
func writeHeatMapSVG(b *bufio.Writer, sum *review.Summary) {
	writeHeatSVG(b, countHeat(sum), "heat-title", "Heat map")
}

// heatFromCells counts a heat map of the changes, [impact-1][likelihood-1].
func heatFromCells(cells *[5][5]int) heatCounts {
	var h heatCounts
	for i := range cells {
		for j, n := range cells[i] {
			h.cells[i+1][j+1] = n
			h.total += n
		}
	}
	return h
}

// writeHeatSVG draws the heat map of the counts, titled "<title>: n open
// risks…" under the id given, which is unique in its page.
func writeHeatSVG(b *bufio.Writer, h heatCounts, id, title string) {
	width := heatLeft + 5*heatCell + heatRight
	height := heatTop + 5*heatCell + 56
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" aria-labelledby="` + id + `" width="` + num(width) + `" height="` + num(height) +
		`" viewBox="0 0 ` + num(width) + " " + num(height) + `" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="11">` + "\n")
	b.WriteString(`<title id="` + id + `">` + xmlText(title) + ": " + itoa(h.total-h.unscored) + " open risks by impact and likelihood</title>\n")
	b.WriteString(`<text x="` + num(heatLeft+2.5*heatCell) + `" y="16" text-anchor="middle" font-weight="bold" fill="#37474f">Likelihood →</text>` + "\n")
	b.WriteString(`<text x="16" y="` + num(heatTop+2.5*heatCell) + `" text-anchor="middle" font-weight="bold" fill="#37474f" transform="rotate(-90 16 ` +
		num(heatTop+2.5*heatCell) + `)">Impact →</text>` + "\n")
	for imp := 5; imp >= 1; imp-- {
		y := heatTop + float64(5-imp)*heatCell
		b.WriteString(`<text x="` + num(heatLeft-10) + `" y="` + num(y+heatCell/2+4) + `" text-anchor="end" fill="#37474f">` + itoa(imp) + "</text>\n")
		for like := 1; like <= 5; like++ {
			x := heatLeft + float64(like-1)*heatCell
			sev := review.SeverityOf(imp * like)
			n := h.cells[imp][like]
			b.WriteString(`<g class="cell" data-impact="` + itoa(imp) + `" data-likelihood="` + itoa(like) + `" data-count="` + itoa(n) + `" data-severity="` + sev + `">` +
				`<title>impact ` + itoa(imp) + " × likelihood " + itoa(like) + " = " + itoa(imp*like) + " (" + sev + "): " + plural(n, "open risk", "open risks") + "</title>" +
				`<rect x="` + num(x) + `" y="` + num(y) + `" width="` + num(heatCell) + `" height="` + num(heatCell) + `" fill="` + severityFill[sev] + `" stroke="#ffffff" stroke-width="2"/>`)
			count := itoa(n)
			weight := "bold"
			if n == 0 {
				count, weight = "·", "normal"
			}
			b.WriteString(`<text x="` + num(x+heatCell/2) + `" y="` + num(y+heatCell/2+4) + `" text-anchor="middle" font-size="18" font-weight="` + weight + `" fill="` + severityInk[sev] + `">` + count + "</text>" +
				`<text x="` + num(x+heatCell/2) + `" y="` + num(y+heatCell-7) + `" text-anchor="middle" font-size="8" fill="` + severityInk[sev] + `">` + sev + " " + itoa(imp*like) + "</text></g>\n")
		}
	}
	for like := 1; like <= 5; like++ {
		b.WriteString(`<text x="` + num(heatLeft+float64(like-1)*heatCell+heatCell/2) + `" y="` + num(heatTop+5*heatCell+16) + `" text-anchor="middle" fill="#37474f">` + itoa(like) + "</text>\n")
	}
	lx := heatLeft + 5*heatCell + 18
	b.WriteString(`<g class="legend">`)
	for i, band := range review.SeverityBands {
		y := heatTop + float64(i)*26
		b.WriteString(`<rect x="` + num(lx) + `" y="` + num(y) + `" width="18" height="18" fill="` + severityFill[band.Severity] + `" stroke="#9e9e9e"/>` +
			`<text x="` + num(lx+24) + `" y="` + num(y+13) + `" fill="#37474f">` + band.Severity + " " + itoa(band.Min) + "–" + itoa(band.Max) + "</text>")
	}
	b.WriteString("</g>\n")
	b.WriteString(`<text class="note" x="` + num(heatLeft) + `" y="` + num(heatTop+5*heatCell+40) + `" fill="#546e7a">` + xmlText(h.note()) + "</text>\n</svg>\n")
}

// note says how many open risks the heat map places, and how many it
// cannot for want of a score.
func (h heatCounts) note() string {
	note := plural(h.total-h.unscored, "open risk", "open risks") + " scored"
	if h.unscored > 0 {
		note += "; " + itoa(h.unscored) + " not yet scored, not shown"
	}
	return note
}
