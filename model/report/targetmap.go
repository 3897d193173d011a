package report

import (
	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// HeadingTargetMap heads the target-state map, after the current-state
// map; the pack has it when the room decided what becomes of a system.
const HeadingTargetMap = "Target-state map"

// hasTargets reports whether a target map says anything the current map
// does not: some system is retired, replaced or introduced.
func hasTargets(d *model.Document) bool {
	for _, s := range d.Systems {
		if s.Target.Action == model.TargetRetire || s.Target.Action == model.TargetReplace || s.Target.Action == model.TargetIntroduce {
			return true
		}
	}
	return false
}

// buildTargetMap is the current-state map as the targets leave it (the
// summary's target state): retired and replaced systems gone, their flows
// running through the system that takes their place, new systems marked.
// A flow left without an end, or that now happens inside one system, is
// not drawn; the pack lists the first kind under the map. Each arrow keeps
// its flow's number.
func buildTargetMap(d *model.Document, sum *review.Summary) *mapGraph {
	ts := &sum.TargetState
	t := &model.Document{}
	marks := map[string]string{}
	for i := range d.Systems {
		if i >= len(ts.Systems) || !ts.Systems[i].Stays {
			continue
		}
		t.Systems = append(t.Systems, d.Systems[i])
		marks[d.Systems[i].ID] = targetMark(&ts.Systems[i])
	}
	var numbers []int
	for i := range d.Flows {
		if i >= len(ts.Flows) {
			break
		}
		tf := &ts.Flows[i]
		if tf.Status == review.TargetOrphaned || tf.Status == review.TargetAbsorbed {
			continue
		}
		f := d.Flows[i]
		f.From, f.To, f.Via = tf.From, tf.To, tf.Via
		t.Flows = append(t.Flows, f)
		numbers = append(numbers, i+1)
	}
	g := buildMap(t, sum)
	for k := range g.edges {
		g.edges[k].number = numbers[k]
	}
	for n := range g.nodes {
		g.nodes[n].mark = marks[g.nodes[n].id]
	}
	return g
}

// targetMark is what the target map writes in a system's box: new (and in
// which slice), or whose place it takes.
func targetMark(s *review.TargetSystem) string {
	switch {
	case s.Action == model.TargetIntroduce && s.Slice > 0:
		return "new in slice " + itoa(s.Slice)
	case s.Action == model.TargetIntroduce:
		return "new"
	case len(s.Replaces) > 0:
		return "takes over " + plural(len(s.Replaces), "system", "systems")
	}
	return ""
}

// targetDrawing draws a part of the target map.
func targetDrawing(g *mapGraph, id string) mapDrawing {
	return mapDrawing{id: id, title: HeadingTargetMap + ": " + plural(len(g.nodes), "system", "systems") + ", " + plural(len(g.edges), "flow", "flows"),
		legend: legendFlow, g: g, l: layoutMap(g)}
}

// currentSheetDrawing draws a part of the current-state map.
func currentSheetDrawing(g *mapGraph, id string) mapDrawing {
	return currentDrawing(g, layoutMap(g), id)
}

// targetCaption says what the target map shows: which systems go, which
// come, how many flows move, and which lose an end.
func targetCaption(sum *review.Summary) string {
	ts := &sum.TargetState
	gone, added, moved := 0, 0, 0
	for _, s := range ts.Systems {
		switch {
		case !s.Stays:
			gone++
		case s.Action == model.TargetIntroduce:
			added++
		}
	}
	for _, f := range ts.Flows {
		if f.Status == review.TargetRerouted {
			moved++
		}
	}
	out := "Once the targets are reached: " + plural(gone, "system", "systems") + " gone, " + plural(added, "new one", "new ones") +
		" (green frames), " + plural(moved, "flow", "flows") + " moved to the system that takes over"
	switch n := len(ts.Orphaned); {
	case n == 1:
		out += "; 1 flow loses an end and is not drawn (listed below)"
	case n > 1:
		out += "; " + itoa(n) + " flows lose an end and are not drawn (listed below)"
	}
	switch n := ts.Undecided; {
	case n == 1:
		out += "; 1 system has no target yet and is drawn as it is today"
	case n > 1:
		out += "; " + itoa(n) + " systems have no target yet and are drawn as they are today"
	}
	return out + "."
}
