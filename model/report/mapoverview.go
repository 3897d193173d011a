package report

import (
	"slices"
	"strconv"

	"github.com/archreview/archreview/model"
)

// A printed map page is A4 landscape: under its heading the picture gets
// about 269 × 135 mm. A map that fits mapPageW × mapPageH of its own units
// prints at 0.53 pt a unit or more, so its smallest text (mapSmallPx)
// measures 6 pt or more; a larger one would print smaller, so it is cut.
const (
	mapPageW = 1420.0
	mapPageH = 720.0
	// mapPageSystems is how many systems one map holds before the pack
	// draws an overview and a page per domain: past it, even a map that
	// fits drops most of its labels.
	mapPageSystems = 25
	// mapOverviewGap parts the overview's lanes: its arrows are few
	// systems' worth of boxes but many flows' worth of labels.
	mapOverviewGap = 330.0
)

// mapSheet is one printed page of a map: its heading, a line saying what
// it shows, and the picture.
type mapSheet struct {
	heading, caption string
	drawing          mapDrawing
	// overview says the page is the overview that domain pages follow.
	overview bool
}

// fitsPage reports whether a map prints on one page at a readable size
// with every arrow labelled, by name or by number.
func fitsPage(m mapDrawing) bool {
	w, h := m.size()
	if w > mapPageW || h > mapPageH {
		return false
	}
	for i := range m.l.paths {
		if len(m.l.paths[i].lines) == 0 {
			return false
		}
	}
	return true
}

// mapSheets cuts a map into pages that print readably and hands them to
// emit in order: the whole map when it fits one; above that, an overview
// that groups the systems by lane and kind, then each domain's flows
// between the systems they touch, over as many pages as keep each
// readable. name heads them ("Current-state map"), id keeps their
// pictures' ids apart, draw makes a picture of a graph. A domain's pages
// are made when they are written, so a programme-sized map is never held
// whole.
func mapSheets(g *mapGraph, name, id string, draw func(*mapGraph, string) mapDrawing, emit func(mapSheet)) {
	if len(g.nodes) <= mapPageSystems {
		if whole := draw(g, id); fitsPage(whole) {
			emit(mapSheet{heading: name, drawing: whole})
			return
		}
	}
	o := overviewGraph(g)
	emit(mapSheet{heading: name, overview: true, drawing: mapDrawing{id: id + "-overview", title: name + ": overview by kind of system",
		legend: "Arrow = the flows between two kinds, with their number, marked by their worst open risk:", g: o, l: layoutMap(o), undirected: true}})
	n := 0
	for _, d := range edgesByDomain(g) {
		parts := cutToPages(g, d.edges, func(sub *mapGraph) mapDrawing { return draw(sub, id) })
		for pi, part := range parts {
			heading := name + ": " + d.name
			if len(parts) > 1 {
				heading += " (" + itoa(pi+1) + " of " + itoa(len(parts)) + ")"
			}
			n++
			part.id, part.title = id+"-"+itoa(n), heading
			caption := plural(len(part.g.edges), "flow", "flows") + " between " + plural(len(part.g.nodes), "system", "systems") +
				"; a number on an arrow is the flow's number in the appendix."
			emit(mapSheet{heading: heading, caption: caption, drawing: part})
		}
	}
}

// overviewGraph is the map at programme scale: one box per kind of system
// in its lane, saying how many systems it holds, and one arrow per pair of
// kinds with flows between them, saying how many legs of flows run between
// them (a flow through middleware counts to and from the middleware's kind)
// and marked by the worst open risk among them.
func overviewGraph(g *mapGraph) *mapGraph {
	o := &mapGraph{laneGap: mapOverviewGap}
	laneGroup := [3]int{-1, -1, -1}
	nodeOf := make([]int, len(g.groups))
	systems := [3]int{}
	for _, grp := range g.groups {
		systems[grp.lane] += len(grp.nodes)
	}
	for gi, grp := range g.groups {
		lg := laneGroup[grp.lane]
		if lg < 0 {
			lg = len(o.groups)
			laneGroup[grp.lane] = lg
			o.groups = append(o.groups, mapGroup{kind: laneTitles[grp.lane], title: plural(systems[grp.lane], "system", "systems"), lane: grp.lane})
		}
		n := len(o.nodes)
		o.nodes = append(o.nodes, mapNode{key: "s" + itoa(n+1), id: grp.title, name: grp.title + ": " + itoa(len(grp.nodes)), kind: grp.kind, group: lg})
		o.groups[lg].nodes = append(o.groups[lg].nodes, n)
		nodeOf[gi] = n
	}
	at := map[[2]int]int{}
	counts := []int{}
	for _, e := range g.edges {
		for _, s := range legsOf(e) {
			a, b := nodeOf[g.nodes[s.from].group], nodeOf[g.nodes[s.to].group]
			if a > b {
				a, b = b, a
			}
			k, ok := at[[2]int{a, b}]
			if !ok {
				k = len(o.edges)
				at[[2]int{a, b}] = k
				o.edges = append(o.edges, mapEdge{key: "f" + itoa(k+1), from: a, to: b, via: -1, bare: true})
				counts = append(counts, 0)
			}
			counts[k]++
			if w := &o.edges[k]; severityRank(e.severity) > severityRank(w.severity) || e.severity == w.severity && e.score > w.score {
				w.severity, w.score = e.severity, e.score
			}
		}
	}
	for k := range o.edges {
		o.edges[k].name = itoa(counts[k])
	}
	return o
}

// kindPair is one arrow of the overview as its table lists it: the two
// kinds, how many flows run between them, and the worst open risk among
// them.
type kindPair struct {
	A, B, Worst string
	Flows       int
}

// overviewTable lists the overview's arrows, the busiest first, so every
// count reads even where the picture had no room for it.
func overviewTable(o *mapGraph) []kindPair {
	out := make([]kindPair, len(o.edges))
	for i, e := range o.edges {
		n, _ := strconv.Atoi(e.name)
		out[i] = kindPair{A: o.nodes[e.from].id, B: o.nodes[e.to].id, Flows: n, Worst: "none open"}
		if e.severity != "" {
			out[i].Worst = e.severity + " " + itoa(e.score)
		}
	}
	slices.SortStableFunc(out, func(a, b kindPair) int { return b.Flows - a.Flows })
	return out
}

// domainEdges are the edges of one domain's flows, in flow order.
type domainEdges struct {
	name  string
	edges []int
}

// edgesByDomain sorts the flows by domain: the core domains in their
// order, then the others as the flows first name them, then the flows
// with no domain.
func edgesByDomain(g *mapGraph) []domainEdges {
	var out []domainEdges
	at := map[string]int{}
	for _, d := range model.CoreDomains {
		at[d] = len(out)
		out = append(out, domainEdges{name: d})
	}
	var none []int
	for i, e := range g.edges {
		if e.domain == "" {
			none = append(none, i)
			continue
		}
		k, ok := at[e.domain]
		if !ok {
			k = len(out)
			at[e.domain] = k
			out = append(out, domainEdges{name: e.domain})
		}
		out[k].edges = append(out[k].edges, i)
	}
	if len(none) > 0 {
		out = append(out, domainEdges{name: "no domain named", edges: none})
	}
	return slices.DeleteFunc(out, func(d domainEdges) bool { return len(d.edges) == 0 })
}

// cutToPages draws the edges over few pages, each the flows that fit it
// with the systems they touch: a page takes next the flow that adds the
// fewest systems to it (the first in flow order among equals), while its
// boxes fit the page; then it is drawn, and gives back its last flows, one
// by one, until every label finds room. A single flow always has its page.
func cutToPages(g *mapGraph, edges []int, draw func(*mapGraph) mapDrawing) []mapDrawing {
	var pages []mapDrawing
	left := slices.Clone(edges)
	for len(left) > 0 {
		on := make([]bool, len(g.nodes))
		taken := []int{left[0]} // in the order taken
		touch(on, g.edges[left[0]])
		left = left[1:]
		for len(left) > 0 {
			best, bestNew := 0, 4
			for k, e := range left {
				if n := newSystems(on, g.edges[e]); n < bestNew {
					best, bestNew = k, n
					if n == 0 {
						break
					}
				}
			}
			sub := subgraph(g, sorted(append(slices.Clone(taken), left[best])))
			if len(sub.nodes) > mapPageSystems {
				break
			}
			if boxes := placeBoxes(sub); boxes.height > mapPageH || boxes.width > mapPageW {
				break
			}
			touch(on, g.edges[left[best]])
			taken = append(taken, left[best])
			left = slices.Delete(left, best, best+1)
		}
		for {
			m := draw(subgraph(g, sorted(taken)))
			if fitsPage(m) || len(taken) == 1 {
				pages = append(pages, m)
				break
			}
			left = append(left, taken[len(taken)-1]) // for the next page
			taken = taken[:len(taken)-1]
		}
		slices.Sort(left)
	}
	return pages
}

// sorted is the edges in flow order, as a page lists them.
func sorted(edges []int) []int {
	slices.Sort(edges)
	return edges
}

// touch marks the systems an edge draws.
func touch(on []bool, e mapEdge) {
	on[e.from], on[e.to] = true, true
	if e.via >= 0 {
		on[e.via] = true
	}
}

// newSystems counts the systems an edge would add to a page.
func newSystems(on []bool, e mapEdge) int {
	n := 0
	if !on[e.from] {
		n++
	}
	if e.to != e.from && !on[e.to] {
		n++
	}
	if e.via >= 0 && e.via != e.from && e.via != e.to && !on[e.via] {
		n++
	}
	return n
}

// subgraph is the map of some of g's edges and the systems they touch, in
// g's order, each edge keeping its flow's number.
func subgraph(g *mapGraph, edges []int) *mapGraph {
	keep := make([]bool, len(g.nodes))
	for _, i := range edges {
		e := g.edges[i]
		keep[e.from], keep[e.to] = true, true
		if e.via >= 0 {
			keep[e.via] = true
		}
	}
	s := &mapGraph{}
	nodeAt := make([]int, len(g.nodes))
	for _, grp := range g.groups {
		sg := mapGroup{kind: grp.kind, title: grp.title, lane: grp.lane}
		for _, n := range grp.nodes {
			if keep[n] {
				nodeAt[n] = len(s.nodes)
				node := g.nodes[n]
				node.group = len(s.groups)
				sg.nodes = append(sg.nodes, len(s.nodes))
				s.nodes = append(s.nodes, node)
			}
		}
		if len(sg.nodes) > 0 {
			s.groups = append(s.groups, sg)
		}
	}
	for _, i := range edges {
		e := g.edges[i]
		e.from, e.to = nodeAt[e.from], nodeAt[e.to]
		if e.via >= 0 {
			e.via = nodeAt[e.via]
		}
		s.edges = append(s.edges, e)
	}
	return s
}
