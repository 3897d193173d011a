package inventory

import "fmt"

// Diagrams (draw.io, Structurizr) are boxes and arrows: each box a system,
// each arrow a flow, and two arrows that meet at a middleware box one flow
// through it.

// edge is one arrow between two systems of the builder.
type edge struct {
	ref, label, at string
	from, to       int
	pattern        string // what the arrow says of how it moves data
}

// addEdges makes the flows of the arrows. At a box whose kind carries
// others' flows (ipaas, middleware), an arrow in and an arrow out are one
// flow via it: the ones of the same label, or all of them when only one
// arrow comes in or only one goes out; an arrow left unpaired is a flow to
// or from the middleware itself.
func (b *builder) addEdges(edges []edge) {
	used := make([]bool, len(edges))
	for m := range b.inv.Systems {
		if !isVia(b.inv.Systems[m].Kind) {
			continue
		}
		var ins, outs []int
		for i, e := range edges {
			switch {
			case e.to == m && e.from != m:
				ins = append(ins, i)
			case e.from == m && e.to != m:
				outs = append(outs, i)
			}
		}
		for _, i := range ins {
			for _, o := range outs {
				in, out := edges[i], edges[o]
				same := in.label != "" && nameKey(in.label) == nameKey(out.label)
				if !same && len(ins) > 1 && len(outs) > 1 {
					continue
				}
				if in.from == out.to || isVia(b.inv.Systems[in.from].Kind) || isVia(b.inv.Systems[out.to].Kind) {
					continue
				}
				used[i], used[o] = true, true
				label := in.label
				if label == "" {
					label = out.label
				}
				b.edgeFlow(edge{ref: in.ref + "+" + out.ref, label: label, at: in.at + " and " + out.at,
					from: in.from, to: out.to, pattern: in.pattern + " " + out.pattern}, m)
			}
		}
	}
	for i, e := range edges {
		if !used[i] {
			b.edgeFlow(e, -1)
		}
	}
}

func (b *builder) edgeFlow(e edge, via int) {
	if e.from == e.to {
		b.leaveOut("%s: an arrow from %s to itself, which is no flow", e.at, b.inv.Systems[e.from].Name)
		return
	}
	name := e.label
	if name == "" {
		name = fmt.Sprintf("%s to %s", b.inv.Systems[e.from].Name, b.inv.Systems[e.to].Name)
	}
	b.flow(Flow{Ref: e.ref, Name: name, From: e.from, To: e.to, Via: via, At: e.at, Pattern: parsePattern(e.pattern + " " + e.label)})
}
