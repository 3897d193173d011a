package report

import (
	"cmp"
	"math"
	"slices"
)

// The map's measures, in SVG user units (pixels on screen).
const (
	mapMargin     = 20.0
	mapLegendH    = 34.0
	mapLaneHeadH  = 26.0
	mapBoxW       = 184.0
	mapBoxH       = 52.0
	mapBoxGapX    = 56.0 // room between the columns of one lane for an arrow to bow
	mapBoxGapY    = 12.0
	mapGroupPad   = 10.0
	mapGroupHeadH = 22.0
	mapGroupGap   = 14.0
	mapLaneGap    = 220.0 // room between lanes for arrows and their labels
	mapLaneRows   = 12    // systems a lane stacks before it takes another column
	mapBusTracks  = 8     // horizontal tracks over the middle lane for arrows that cross it
	mapBusStep    = 9.0
	mapLabelChars = 28
	mapFontPx     = 11.0
	mapCorner     = 8.0
)

// rect is a box on the map.
type rect struct{ x, y, w, h float64 }

func (r rect) right() float64   { return r.x + r.w }
func (r rect) bottom() float64  { return r.y + r.h }
func (r rect) centerY() float64 { return r.y + r.h/2 }
func (r rect) overlaps(o rect) bool {
	return r.x < o.right() && o.x < r.right() && r.y < o.bottom() && o.y < r.bottom()
}

// point is a position on the map.
type point struct{ x, y float64 }

// cubic is one Bézier piece of an arrow; straight pieces are cubics too, so
// an arrow is one run of them.
type cubic [4]point

func line(a, b point) cubic {
	return cubic{a, {a.x + (b.x-a.x)/3, a.y + (b.y-a.y)/3}, {a.x + 2*(b.x-a.x)/3, a.y + 2*(b.y-a.y)/3}, b}
}

func (c cubic) at(t float64) point {
	u := 1 - t
	a, b, cc, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return point{a*c[0].x + b*c[1].x + cc*c[2].x + d*c[3].x, a*c[0].y + b*c[1].y + cc*c[2].y + d*c[3].y}
}

// mapLayout is where everything on the map goes.
type mapLayout struct {
	width, height float64
	lanes         []laneBox
	groups        []rect // by group index
	boxes         []rect // by node index
	column        []int  // by node index: the column of boxes it stands in, left to right
	lane          []int  // by node index
	paths         []edgePath
	busTop        float64
	laneRight     [3]float64
	laneLeft      [3]float64
}

type laneBox struct {
	title string
	box   rect
}

// edgePath is an arrow: its pieces, which of them hide inside a box (the
// middleware a flow goes through), and its label.
type edgePath struct {
	pieces []cubic
	label  point
	lines  []string
}

// layoutMap places the systems in three lanes (channels, integration, back
// office), each kind framed as a group, on a grid of fixed-size boxes, so no
// two boxes overlap whatever the names; then routes the flows.
func layoutMap(g *mapGraph) *mapLayout {
	l := placeBoxes(g)
	l.route(g)
	return l
}

// placeBoxes places the lanes, groups and boxes, which give the map its
// height; the arrows and their labels come after.
func placeBoxes(g *mapGraph) *mapLayout {
	l := &mapLayout{groups: make([]rect, len(g.groups)), boxes: make([]rect, len(g.nodes)), column: make([]int, len(g.nodes)), lane: make([]int, len(g.nodes))}
	var laneSize [3]int
	for _, grp := range g.groups {
		laneSize[grp.lane] += len(grp.nodes)
	}
	buses := 0
	for _, e := range g.edges {
		for _, s := range legsOf(e) {
			if laneSize[1] > 0 && abs(g.groups[g.nodes[s.from].group].lane-g.groups[g.nodes[s.to].group].lane) == 2 {
				buses++
			}
		}
	}
	top := mapMargin + mapLegendH + mapLaneHeadH
	l.busTop = top
	if buses > 0 {
		top += float64(min(buses, mapBusTracks))*mapBusStep + 10
	}
	x, bottom, column := mapMargin, top, 0
	gap := mapLaneGap
	if g.laneGap > 0 {
		gap = g.laneGap
	}
	for lane := range 3 {
		l.laneLeft[lane], l.laneRight[lane] = x, x
		if laneSize[lane] == 0 {
			continue
		}
		cols := (laneSize[lane] + mapLaneRows - 1) / mapLaneRows
		width := float64(cols)*mapBoxW + float64(cols-1)*mapBoxGapX + 2*mapGroupPad
		y := top
		for gi, grp := range g.groups {
			if grp.lane != lane {
				continue
			}
			rows := (len(grp.nodes) + cols - 1) / cols
			h := mapGroupHeadH + float64(rows)*mapBoxH + float64(rows-1)*mapBoxGapY + mapGroupPad
			l.groups[gi] = rect{x, y, width, h}
			for i, n := range grp.nodes {
				col, row := i%cols, i/cols
				l.boxes[n] = rect{x + mapGroupPad + float64(col)*(mapBoxW+mapBoxGapX), y + mapGroupHeadH + float64(row)*(mapBoxH+mapBoxGapY), mapBoxW, mapBoxH}
				l.column[n], l.lane[n] = column+col, lane
			}
			y += h + mapGroupGap
		}
		l.lanes = append(l.lanes, laneBox{laneTitles[lane], rect{x, mapMargin + mapLegendH, width, y - mapMargin - mapLegendH}})
		l.laneRight[lane] = x + width
		bottom = max(bottom, y)
		x += width + gap
		column += cols
	}
	l.width = max(x-gap+mapBoxGapX+mapMargin, 640)
	l.height = bottom + mapMargin
	return l
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// segment is one leg of an arrow, from box to box.
type segment struct{ from, to int }

// legsOf is a flow's legs: through its middleware when it has one.
func legsOf(e mapEdge) []segment {
	if e.via >= 0 && e.via != e.from && e.via != e.to {
		return []segment{{e.from, e.via}, {e.via, e.to}}
	}
	return []segment{{e.from, e.to}}
}

// Leg shapes.
const (
	legAcross = iota // between columns: out of one box's facing side, into the other's
	legBow           // within one column: out of and back into the right sides
	legSelf          // a system to itself
	legBus           // channels to back office: over the middle lane on a track
)

// port is where a leg meets a box side; ports on one side are spread along
// it in the order of the other ends, so arrows fan out without crossing.
type port struct {
	leg, end int // end 0 the leg's start, 1 its end
	other    float64
}

type legPlan struct {
	seg        segment
	shape      int
	side       [2]int // 0 left, 1 right, per end
	y          [2]float64
	track      int
	edge, part int
}

// route draws every flow as one arrow and places its label.
func (l *mapLayout) route(g *mapGraph) {
	var plans []legPlan
	tracks := 0
	for ei, e := range g.edges {
		for part, s := range legsOf(e) {
			p := legPlan{seg: s, edge: ei, part: part}
			a, b := l.boxes[s.from], l.boxes[s.to]
			ca, cb := l.column[s.from], l.column[s.to]
			switch {
			case s.from == s.to:
				p.shape, p.side = legSelf, [2]int{1, 1}
			case ca == cb:
				p.shape, p.side = legBow, [2]int{1, 1}
			case abs(l.lane[s.from]-l.lane[s.to]) == 2 && l.laneRight[1] > l.laneLeft[1]:
				p.shape, p.track = legBus, tracks%mapBusTracks
				tracks++
				p.side = [2]int{1, 0}
				if a.x > b.x {
					p.side = [2]int{0, 1}
				}
			default:
				p.shape, p.side = legAcross, [2]int{1, 0}
				if a.x > b.x {
					p.side = [2]int{0, 1}
				}
			}
			plans = append(plans, p)
		}
	}
	sides := map[[2]int][]port{}
	for i, p := range plans {
		for end := range 2 {
			node, other := p.seg.from, p.seg.to
			if end == 1 {
				node, other = other, node
			}
			o := l.boxes[other].centerY()
			if p.shape == legBus {
				o = l.busTop - 1 + float64(p.track) // arrows over the top leave from the top of the side
			}
			sides[[2]int{node, p.side[end]}] = append(sides[[2]int{node, p.side[end]}], port{leg: i, end: end, other: o})
		}
	}
	for key, ports := range sides {
		slices.SortStableFunc(ports, func(a, b port) int {
			if c := cmp.Compare(a.other, b.other); c != 0 {
				return c
			}
			return cmp.Compare(a.leg*2+a.end, b.leg*2+b.end)
		})
		box := l.boxes[key[0]]
		for i, pt := range ports {
			plans[pt.leg].y[pt.end] = box.y + box.h*float64(i+1)/float64(len(ports)+1)
		}
	}
	l.paths = make([]edgePath, len(g.edges))
	for _, p := range plans {
		path := &l.paths[p.edge]
		pieces := l.legPieces(p)
		if p.part > 0 { // through the middleware's box, which hides it
			last := path.pieces[len(path.pieces)-1][3]
			path.pieces = append(path.pieces, line(last, pieces[0][0]))
		}
		path.pieces = append(path.pieces, pieces...)
	}
	l.placeLabels(g)
}

// legPieces draws one leg between its two ports.
func (l *mapLayout) legPieces(p legPlan) []cubic {
	a, b := l.boxes[p.seg.from], l.boxes[p.seg.to]
	sideX := func(r rect, side int) float64 {
		if side == 1 {
			return r.right()
		}
		return r.x
	}
	p0, p3 := point{sideX(a, p.side[0]), p.y[0]}, point{sideX(b, p.side[1]), p.y[1]}
	switch p.shape {
	case legSelf:
		return []cubic{{p0, {p0.x + 40, p0.y - 24}, {p3.x + 40, p3.y + 24}, p3}}
	case legBow:
		bow := min(24+math.Abs(p3.y-p0.y)*0.1, mapBoxGapX-8)
		return []cubic{{p0, {p0.x + bow, p0.y}, {p3.x + bow, p3.y}, p3}}
	case legBus:
		y := l.busTop + 6 + float64(p.track)*mapBusStep
		g1, g2 := l.laneRight[0]+24+float64(p.track)*6, l.laneRight[1]+24+float64(p.track)*6
		if p0.x > p3.x {
			g1, g2 = g2, g1
		}
		return orthogonal([]point{p0, {g1, p0.y}, {g1, y}, {g2, y}, {g2, p3.y}, p3})
	}
	dx := (p3.x - p0.x) / 2
	return []cubic{{p0, {p0.x + dx, p0.y}, {p3.x - dx, p3.y}, p3}}
}

// orthogonal joins points by straight runs with rounded corners.
func orthogonal(pts []point) []cubic {
	var out []cubic
	cur := pts[0]
	for i := 1; i < len(pts)-1; i++ {
		corner, next := pts[i], pts[i+1]
		rIn := math.Min(mapCorner, dist(cur, corner)/2)
		rOut := math.Min(mapCorner, dist(corner, next)/2)
		in := toward(corner, cur, rIn)
		outP := toward(corner, next, rOut)
		out = append(out, line(cur, in), cubic{in, corner, corner, outP})
		cur = outP
	}
	return append(out, line(cur, pts[len(pts)-1]))
}

func dist(a, b point) float64 { return math.Hypot(b.x-a.x, b.y-a.y) }

// toward is the point d from a on the way to b.
func toward(a, b point, d float64) point {
	n := dist(a, b)
	if n == 0 {
		return a
	}
	return point{a.x + (b.x-a.x)*d/n, a.y + (b.y-a.y)*d/n}
}
