package review

import "github.com/archreview/archreview/model"

// The target state is the current-state map as the systems' targets leave
// it: retired and replaced systems gone, the flows of a replaced system
// sent through the system that finally takes its place (a chain of
// replacements followed to its end), and the flows that lose an end to a
// retired system, with nothing in its place, set aside as orphaned: what
// becomes of them is the room's next question, so the pack lists them
// rather than a rule raising a risk. A system whose target is not decided
// stays as it is.

// TargetState is the target map: every system with what becomes of it,
// every flow as it runs once the targets are reached, and the flows left
// without an end.
type TargetState struct {
	// Systems are every system of the session, in the map's order.
	Systems []TargetSystem `json:"systems"`
	// Flows are every flow of the session, in flow order, with its ends
	// in the target.
	Flows []TargetFlow `json:"flows"`
	// Orphaned are the flows left without an end, in flow order.
	Orphaned []OrphanedFlow `json:"orphaned"`
	// Undecided counts the systems with no target yet.
	Undecided int `json:"undecided"`
}

// TargetSystem is one system and what becomes of it.
type TargetSystem struct {
	System string             `json:"system"`
	Name   string             `json:"name"`
	Kind   model.SystemKind   `json:"kind"`
	Action model.TargetAction `json:"action"` // "" while not decided
	// Stays says the system is on the target map: kept, introduced or not
	// decided.
	Stays bool `json:"stays"`
	// By is the system that finally takes a replaced system's place, the
	// end of its chain of replacements; "" when the chain ends in a
	// retired system, or the system is not replaced.
	By     string `json:"by"`
	ByName string `json:"by_name"`
	Slice  int    `json:"slice"`
	// Replaces are the systems whose place this one takes, directly or
	// through a chain, in the map's order.
	Replaces []string `json:"replaces"`
}

// Statuses of a flow in the target state.
const (
	TargetUnchanged = "unchanged" // runs between the same systems
	TargetRerouted  = "rerouted"  // an end or its middleware is replaced, or its middleware retired
	TargetAbsorbed  = "absorbed"  // both ends are now one system: the flow happens inside it
	TargetOrphaned  = "orphaned"  // an end is retired with nothing in its place
)

// TargetFlow is one flow as it runs in the target state. From, To and Via
// are the target's systems; an end that is retired keeps today's system.
type TargetFlow struct {
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	Domain   string `json:"domain"`
	From     string `json:"from"`
	To       string `json:"to"`
	Via      string `json:"via"`
	Status   string `json:"status"`
}

// OrphanedFlow is a flow that loses an end to a retired system: Ends are
// "from" and/or "to", Systems today's systems at those ends (retired, or
// replaced along a chain that ends in a retired system).
type OrphanedFlow struct {
	Flow     string   `json:"flow"`
	FlowName string   `json:"flow_name"`
	Ends     []string `json:"ends"`
	Systems  []string `json:"systems"`
}

// route is where one system's flows go in the target state.
type route struct {
	to   string // the system in its place: itself when it stays
	gone bool   // retired, or replaced along a chain that ends in a retired system
}

// routes follows each system's chain of replacements to its end. A chain
// that goes round (refused on import) or names a system that is not there
// leaves the system as it is.
func routes(systems []model.System) map[string]route {
	at := make(map[string]*model.System, len(systems))
	for i := range systems {
		if _, dup := at[systems[i].ID]; !dup {
			at[systems[i].ID] = &systems[i]
		}
	}
	out := make(map[string]route, len(systems))
	for id, s := range at {
		r := route{to: id}
		for cur, steps := s, 0; steps <= len(systems); steps++ {
			next, ok := at[cur.Target.By]
			if cur.Target.Action == model.TargetRetire {
				r = route{to: cur.ID, gone: true}
				break
			}
			if cur.Target.Action != model.TargetReplace || !ok {
				r.to = cur.ID
				break
			}
			if steps == len(systems) { // round in a circle
				r.to = id
				break
			}
			cur = next
		}
		out[id] = r
	}
	return out
}

// targetState derives the target map from the document's systems and
// flows, and keeps the routes for the flows a Live reads again.
func (s *summarizer) targetState() TargetState {
	s.routes = routes(s.d.Systems)
	ts := TargetState{Systems: make([]TargetSystem, len(s.d.Systems)), Flows: make([]TargetFlow, len(s.d.Flows))}
	for i := range s.d.Systems {
		sys := &s.d.Systems[i]
		r := s.routes[sys.ID]
		t := TargetSystem{System: sys.ID, Name: sys.Name, Kind: sys.Kind, Action: sys.Target.Action, Slice: sys.Target.Slice,
			Stays: !r.gone && r.to == sys.ID, Replaces: []string{}}
		if !r.gone && r.to != sys.ID {
			t.By, t.ByName = r.to, s.systemName(r.to)
		}
		if t.Action == "" {
			ts.Undecided++
		}
		ts.Systems[i] = t
	}
	at := make(map[string]int, len(ts.Systems))
	for i := len(ts.Systems) - 1; i >= 0; i-- {
		at[ts.Systems[i].System] = i // the first wins an id used twice
	}
	for i := range ts.Systems {
		if by := ts.Systems[i].By; by != "" {
			j := at[by]
			ts.Systems[j].Replaces = append(ts.Systems[j].Replaces, ts.Systems[i].System)
		}
	}
	for i := range s.d.Flows {
		ts.Flows[i] = s.targetFlow(i)
	}
	ts.Orphaned = s.orphaned(ts.Flows)
	return ts
}

// targetFlow is flow i as it runs in the target state.
func (s *summarizer) targetFlow(i int) TargetFlow {
	f := &s.d.Flows[i]
	end := func(id string) (string, bool) {
		r, ok := s.routes[id]
		if !ok || r.gone {
			return id, ok && r.gone
		}
		return r.to, false
	}
	from, fromGone := end(f.From)
	to, toGone := end(f.To)
	via, viaGone := end(f.Via)
	if viaGone || via == from || via == to {
		via = "" // middleware retired, or become one of the flow's own ends
	}
	t := TargetFlow{Flow: f.ID, FlowName: s.flowName(i), Domain: s.domains[i], From: from, To: to, Via: via, Status: TargetUnchanged}
	switch {
	case fromGone || toGone:
		t.Status = TargetOrphaned
	case from == to:
		t.Status = TargetAbsorbed
	case from != f.From || to != f.To || via != f.Via:
		t.Status = TargetRerouted
	}
	return t
}

// orphaned lists the flows of the target map that lost an end.
func (s *summarizer) orphaned(flows []TargetFlow) []OrphanedFlow {
	out := []OrphanedFlow{}
	for i := range flows {
		if flows[i].Status != TargetOrphaned {
			continue
		}
		f := &s.d.Flows[i]
		o := OrphanedFlow{Flow: f.ID, FlowName: flows[i].FlowName, Ends: []string{}, Systems: []string{}}
		for _, end := range []struct{ name, id string }{{"from", f.From}, {"to", f.To}} {
			if r, ok := s.routes[end.id]; ok && r.gone {
				o.Ends = append(o.Ends, end.name)
				o.Systems = append(o.Systems, end.id)
			}
		}
		out = append(out, o)
	}
	return out
}

// readTargetFlow reads flow i's place on the target map again, and the
// orphaned flows when it is, or was, one of them.
func (l *Live) readTargetFlow(i int) {
	ts := &l.sum.TargetState
	was := ts.Flows[i]
	ts.Flows[i] = l.s.targetFlow(i)
	if ts.Flows[i] != was && (was.Status == TargetOrphaned || ts.Flows[i].Status == TargetOrphaned) {
		ts.Orphaned = l.s.orphaned(ts.Flows)
	}
}

// appendTargetFlows makes room on the target map for flows added after the
// last one read.
func (l *Live) appendTargetFlows(n int) {
	ts := &l.sum.TargetState
	ts.Flows = append(ts.Flows, make([]TargetFlow, n)...)
}
