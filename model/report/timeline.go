package report

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
)

// Timeline geometry, in SVG units: a label column of three lines a slice
// (its name and risks, then its owners on up to two) and a week axis beside it.
const (
	tlLabelWidth = 300.0
	tlChartWidth = 460.0
	tlRow        = 54.0
	tlAxis       = 28.0
	tlLabelChars = 44
)

// daysFrom sets each line's first day and length, counted from start.
func daysFrom(lines []roadmapLine, starts, ends []string) {
	first, err := time.Parse(model.DateLayout, starts[0])
	if err != nil {
		return
	}
	for i := range lines {
		s, err1 := time.Parse(model.DateLayout, starts[i])
		e, err2 := time.Parse(model.DateLayout, ends[i])
		if err1 != nil || err2 != nil {
			continue
		}
		lines[i].StartDay = int(s.Sub(first).Hours() / 24)
		lines[i].LengthDays = int(e.Sub(s).Hours()/24) + 1
	}
}

// timelineSVG draws the dated roadmap: one bar a slice on a week axis from
// the start date, the slice, its risks and its owners in the column beside
// its bar, so no label meets a bar or another label. Every text is escaped
// as XML.
func timelineSVG(lines []roadmapLine, start string) template.HTML {
	weeks := 1
	for _, l := range lines {
		weeks = max(weeks, (l.StartDay+l.LengthDays+6)/7)
	}
	perWeek := tlChartWidth / float64(weeks)
	step := (weeks + 11) / 12 // at most a dozen ticks
	height := tlAxis + tlRow*float64(len(lines)) + 4
	width := tlLabelWidth + tlChartWidth + 10
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="Roadmap timeline" viewBox="0 0 ` + num(width) + " " + num(height) + `" width="` + num(width) + `" height="` + num(height) + `" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="11">` + "\n")
	b.WriteString(`<text x="0" y="14" fill="#546e7a">Weeks from ` + xmlText(start) + `</text>` + "\n")
	for w := 0; w <= weeks; w += step {
		x := tlLabelWidth + float64(w)*perWeek
		b.WriteString(`<line x1="` + num(x) + `" y1="18" x2="` + num(x) + `" y2="` + num(height) + `" stroke="#cfd8dc"/>`)
		if w < weeks {
			b.WriteString(`<text x="` + num(x+2) + `" y="` + num(tlAxis-2) + `" fill="#546e7a">` + strconv.Itoa(w+1) + `</text>`)
		}
		b.WriteByte('\n')
	}
	for i, l := range lines {
		y := tlAxis + tlRow*float64(i)
		name := l.Slice
		if len(l.Risks) > 0 {
			name += ": " + strings.Join(l.Risks, ", ")
		}
		owners := "Owners: " + orDash(strings.Join(l.Owners, ", "))
		b.WriteString(`<text x="0" y="` + num(y+15) + `" font-weight="bold">` + xmlText(wrapName(name, tlLabelChars, 1)[0]) + `</text>`)
		for k, part := range wrapName(owners, tlLabelChars+4, 2) {
			b.WriteString(`<text x="0" y="` + num(y+29+13*float64(k)) + `" fill="#546e7a">` + xmlText(part) + `</text>`)
		}
		x := tlLabelWidth + float64(l.StartDay)/7*perWeek
		w := max(float64(l.LengthDays)/7*perWeek, 2)
		b.WriteString(`<rect x="` + num(x) + `" y="` + num(y+14) + `" width="` + num(w) + `" height="22" rx="3" class="bar"><title>` + xmlText(l.Slice+", "+l.Dates) + `</title></rect>` + "\n")
	}
	b.WriteString("</svg>\n")
	return template.HTML(b.String()) // every text in it is escaped by xmlText
}
