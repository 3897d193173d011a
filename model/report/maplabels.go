package report

import "math"

// The labels' measures: a label keeps mapLabelPad clear of everything
// around it, and a box's sides keep room for the arrowheads that end there.
const (
	mapLabelPad  = 1.5
	mapArrowRoom = 12.0
	mapSmallPx   = 10.0          // a label's second line, the risk in words
	mapLineStep  = mapFontPx + 4 // a label's lines: printed, a line's box is 1.15 of its font size
	flattenSteps = 16            // straight runs an arrow piece is cut into to test it against a label
)

// placeLabels puts each arrow's label beside its arrow where it covers no
// box, no title, no other label and no arrow (its own included), so every
// label reads on a white ground. A label that finds no such spot falls back
// to the flow's number, as the appendix numbers the flows; if even that
// finds none, the arrow goes unlabelled and its title still names it.
func (l *mapLayout) placeLabels(g *mapGraph) {
	lg := newLabelGrid()
	lg.top = mapMargin + mapLegendH // the legend's band, all across
	for _, lane := range l.lanes {
		lg.add(rect{lane.box.x, lane.box.y, labelWidth(lane.title) * 13 / mapFontPx, 20})
	}
	for _, b := range l.boxes {
		lg.add(rect{b.x - mapArrowRoom, b.y - 2, b.w + 2*mapArrowRoom, b.h + 4})
	}
	for gi := range l.groups {
		r := l.groups[gi]
		lg.add(rect{r.x, r.y, r.w, mapGroupHeadH - 2})
	}
	for i := range l.paths {
		lg.addPath(l.paths[i].pieces)
	}
	for i := range g.edges {
		e := &g.edges[i]
		lines := []string{cutText(e.name, mapLabelChars)}
		if e.severity != "" && !e.bare {
			lines = append(lines, e.severity+" "+itoa(e.score))
		}
		at, ok := lg.place(l.paths[i].pieces, lines)
		if !ok && e.number > 0 { // a crowded map: the flow's number, which the pack's appendix gives
			lines = []string{"#" + itoa(e.number)}
			at, ok = lg.place(l.paths[i].pieces, lines)
		}
		if ok {
			l.paths[i].lines, l.paths[i].label = lines, at
			l.width = max(l.width, at.x+labelBlockWidth(lines)/2+mapMargin)
		}
	}
}

// labelSpots are where along an arrow's piece a label is tried: the middle
// first, then out towards the ends.
var labelSpots = func() []float64 {
	out := []float64{0.5}
	for k := 1; k <= 9; k++ {
		out = append(out, 0.5-float64(k)*0.05, 0.5+float64(k)*0.05)
	}
	return out
}()

// tangent is the piece's direction at t.
func (c cubic) tangent(t float64) point {
	u := 1 - t
	a, b, d := 3*u*u, 6*u*t, 3*t*t
	return point{a*(c[1].x-c[0].x) + b*(c[2].x-c[1].x) + d*(c[3].x-c[2].x), a*(c[1].y-c[0].y) + b*(c[2].y-c[1].y) + d*(c[3].y-c[2].y)}
}

// labelRect is the room a label of these lines takes, centred on at.
func labelRect(at point, lines []string) rect {
	w, h := labelBlockWidth(lines), float64(len(lines))*mapLineStep
	return rect{at.x - w/2, at.y - h/2, w, h}
}

func labelBlockWidth(lines []string) float64 {
	w := 0.0
	for i, s := range lines {
		lw := labelWidth(s)
		if i > 0 {
			lw = lw * mapSmallPx / mapFontPx
		}
		w = max(w, lw)
	}
	return w
}

// labelGrid remembers what labels must not cover (boxes, titles, labels
// already placed, the arrows as short straight runs), bucketed, so placing
// ten thousand stays quick.
type labelGrid struct {
	cells map[[2]int][]rect
	runs  map[[2]int][][2]point
	top   float64 // no label above this: the legend's band
}

const labelCell = 120.0

func newLabelGrid() *labelGrid {
	return &labelGrid{cells: map[[2]int][]rect{}, runs: map[[2]int][][2]point{}}
}

// place finds a spot for a label beside the arrow: along the middle piece
// first, then the others, just above, below, right and left of the line.
// It keeps the first spot that covers nothing and reports false when none
// does, so a crowded map drops a label rather than hide a system's name.
func (lg *labelGrid) place(pieces []cubic, lines []string) (point, bool) {
	w, h := labelBlockWidth(lines), float64(len(lines))*mapLineStep
	order := make([]int, 0, len(pieces))
	mid := (len(pieces) - 1) / 2
	for d := 0; len(order) < len(pieces); d++ {
		if mid-d >= 0 && d > 0 {
			order = append(order, mid-d)
		}
		if mid+d < len(pieces) {
			order = append(order, mid+d)
		}
	}
	gap := 2*mapLabelPad + 1
	// Near the arrow first, everywhere along it; only then as far off a
	// steep line as its slope asks.
	for _, reach := range []float64{1, 4} {
		for _, pi := range order {
			for _, t := range labelSpots {
				// Off the line by as much as its slope asks, so the label's
				// corners clear it: above and below, then right and left.
				tan := pieces[pi].tangent(t)
				up, side := h/2+gap, w/2+gap
				if tan.x != 0 {
					up += min(math.Abs(tan.y/tan.x), reach) * w / 2
				}
				if tan.y != 0 {
					side += min(math.Abs(tan.x/tan.y), reach) * h / 2
				}
				for _, d := range []point{{0, -up}, {0, up}, {side, 0}, {-side, 0}, {0, -h/2 - gap}, {0, h/2 + gap}, {0, -up - h}, {0, up + h}} {
					p := pieces[pi].at(t)
					p.x, p.y = p.x+d.x, p.y+d.y
					r := rect{p.x - w/2, p.y - h/2, w, h} // labelRect, its width measured once
					clear := rect{r.x - mapLabelPad, r.y - mapLabelPad, r.w + 2*mapLabelPad, r.h + 2*mapLabelPad}
					if clear.y >= lg.top && !lg.hits(clear) && !lg.crossed(clear) {
						lg.add(r)
						return p, true
					}
				}
			}
		}
	}
	return point{}, false
}

func (lg *labelGrid) span(r rect) (x0, y0, x1, y1 int) {
	return int(math.Floor(r.x / labelCell)), int(math.Floor(r.y / labelCell)), int(math.Floor(r.right() / labelCell)), int(math.Floor(r.bottom() / labelCell))
}

func (lg *labelGrid) hits(r rect) bool {
	x0, y0, x1, y1 := lg.span(r)
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			for _, o := range lg.cells[[2]int{cx, cy}] {
				if r.overlaps(o) {
					return true
				}
			}
		}
	}
	return false
}

func (lg *labelGrid) add(r rect) {
	x0, y0, x1, y1 := lg.span(r)
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			lg.cells[[2]int{cx, cy}] = append(lg.cells[[2]int{cx, cy}], r)
		}
	}
}

// addPath remembers an arrow as short straight runs.
func (lg *labelGrid) addPath(pieces []cubic) {
	for _, c := range pieces {
		prev := c[0]
		for k := 1; k <= flattenSteps; k++ {
			next := c.at(float64(k) / flattenSteps)
			run := [2]point{prev, next}
			x0, y0, x1, y1 := lg.span(rect{min(prev.x, next.x), min(prev.y, next.y), math.Abs(next.x - prev.x), math.Abs(next.y - prev.y)})
			for cx := x0; cx <= x1; cx++ {
				for cy := y0; cy <= y1; cy++ {
					lg.runs[[2]int{cx, cy}] = append(lg.runs[[2]int{cx, cy}], run)
				}
			}
			prev = next
		}
	}
}

// crossed reports whether an arrow runs through r.
func (lg *labelGrid) crossed(r rect) bool {
	x0, y0, x1, y1 := lg.span(r)
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			for _, run := range lg.runs[[2]int{cx, cy}] {
				if runHits(run[0], run[1], r) {
					return true
				}
			}
		}
	}
	return false
}

// runHits reports whether the straight run from a to b touches r: the run
// clipped to r's sides (Liang and Barsky's clipping) keeps a piece.
func runHits(a, b point, r rect) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b.x-a.x, b.y-a.y
	for _, side := range [4][2]float64{{-dx, a.x - r.x}, {dx, r.right() - a.x}, {-dy, a.y - r.y}, {dy, r.bottom() - a.y}} {
		p, q := side[0], side[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// labelWidth estimates how wide text is drawn at the map's font size; wide
// (East Asian) characters count double, capitals wider than the rest.
func labelWidth(text string) float64 {
	w := 0.0
	for _, r := range text {
		switch {
		case r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff60):
			w += mapFontPx
		case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += mapFontPx * 0.75
		default:
			w += mapFontPx * 0.62
		}
	}
	return w + 6
}

// cutText shortens text to n characters, marking the cut.
func cutText(s string, n int) string {
	r := []rune(oneLine(sanitizeText(s)))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
