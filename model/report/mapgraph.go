package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// mapGraph is the current-state map as every diagram draws it: the systems
// as nodes grouped by kind, the flows as edges from system to system (through
// their middleware, when they have one), each edge marked by the worst open
// risk of its flow. The SVG, Mermaid and DOT maps all draw this one graph, so
// they show the same map.
type mapGraph struct {
	groups []mapGroup
	nodes  []mapNode
	edges  []mapEdge
	// laneGap is the room between lanes; 0 for the usual. The overview
	// takes more, for its many arrows' labels.
	laneGap float64
}

// mapGroup is one kind of system on the map.
type mapGroup struct {
	kind, title string
	lane        int // 0 channels, 1 integration, 2 back office
	nodes       []int
}

// mapNode is one system. key names it inside a diagram ("s1"), where ids
// typed by people or other tools have no business.
type mapNode struct {
	key, id, name, kind string
	group               int
	// mark is a third line in the box, what the target map says of a
	// system ("new in slice 2"); "" for none.
	mark string
}

// mapEdge is one flow, drawn from a system to a system, through via when the
// flow has middleware (-1 when it has none).
type mapEdge struct {
	key, flow, name, domain string
	pattern                 model.Pattern
	from, to, via           int
	// severity is the worst open register entry of the flow, "" when it has
	// none; score is that entry's score.
	severity string
	score    int
	// number is the flow's number in the session, as the appendix numbers
	// it, whatever part of the map this edge is drawn on; 0 for an edge
	// that stands for several flows.
	number int
	// bare labels the arrow with its name alone: the overview's count of
	// flows, whose worst risk the arrow's colour and weight give.
	bare bool
}

// unnamedKind groups the stand-in for a flow end nobody named yet.
const unnamedKind = "not named yet"

// kindTitles name each kind of system as a map's legend does.
var kindTitles = map[model.SystemKind]string{
	"storefront": "Storefronts", "erp": "ERP", "oms": "Order management", "pim": "Product information",
	"wms": "Warehouses", "pos": "Point of sale", "marketplace": "Marketplaces", "payment": "Payments",
	"crm": "Customers and CRM", "ipaas": "iPaaS", "middleware": "Middleware", "connector": "Connectors",
	"batch-job": "Batch jobs", "file-drop": "File drops", "manual-workaround": "Manual workarounds",
	"edi": "EDI networks", "tax": "Tax engines", "procurement": "Procurement networks", "cpq": "Quoting (CPQ)",
	"search": "Search", "shipping": "Shipping and carriers", "other": "Other systems",
}

// kindLanes put the channels a customer buys in left, what moves the data in
// the middle and the back office right, as a consultant draws the map: a
// punch-out network, a quote tool and site search face the buyer; an EDI
// network carries documents between trading partners; a tax engine and the
// carriers serve the back office. Every kind is listed (a test holds it).
var kindLanes = map[model.SystemKind]int{
	"storefront": 0, "marketplace": 0, "pos": 0, "procurement": 0, "cpq": 0, "search": 0,
	"ipaas": 1, "middleware": 1, "connector": 1, "batch-job": 1, "file-drop": 1, "manual-workaround": 1, "edi": 1,
	"erp": 2, "oms": 2, "pim": 2, "wms": 2, "payment": 2, "crm": 2, "tax": 2, "shipping": 2, "other": 2,
}

// laneTitles head the three lanes of the SVG map.
var laneTitles = [3]string{"Channels", "Integration", "Back office"}

// severityRank orders severities worst first; a flow with no open risk has
// the rank of the empty severity.
func severityRank(severity string) int {
	switch severity {
	case review.SeverityCritical:
		return 4
	case review.SeverityHigh:
		return 3
	case review.SeverityMedium:
		return 2
	case review.SeverityLow:
		return 1
	}
	return 0
}

// isOpenRisk reports whether a register entry still needs work: mitigated
// and accepted risks no longer mark the map.
func isOpenRisk(r *review.RegisterEntry) bool { return !r.Status.Closed() }

// buildMap lays the export's systems and flows out as a graph, in a fixed
// order (kinds as the app lists them, systems and flows as the session
// does), so the same session always gives the same diagram.
func buildMap(d *model.Document, sum *review.Summary) *mapGraph {
	g := &mapGraph{}
	byID := map[string]int{}
	groupOf := map[string]int{}
	order := map[string]int{}
	for i, c := range model.SystemKindChoices {
		order[c.Value] = i
	}
	addNode := func(id, name, kind string) int {
		gi, ok := groupOf[kind]
		if !ok {
			gi = len(g.groups)
			groupOf[kind] = gi
			title := kindTitles[model.SystemKind(kind)]
			if title == "" {
				title = kind
			}
			lane, known := kindLanes[model.SystemKind(kind)]
			if !known {
				lane = 2
			}
			g.groups = append(g.groups, mapGroup{kind: kind, title: title, lane: lane})
		}
		n := len(g.nodes)
		g.nodes = append(g.nodes, mapNode{key: "s" + itoa(n+1), id: id, name: name, kind: kind, group: gi})
		g.groups[gi].nodes = append(g.groups[gi].nodes, n)
		return n
	}
	systems := slices.Clone(d.Systems)
	slices.SortStableFunc(systems, func(a, b model.System) int {
		oa, okA := order[string(a.Kind)]
		ob, okB := order[string(b.Kind)]
		if !okA {
			oa = len(order)
		}
		if !okB {
			ob = len(order)
		}
		if oa != ob {
			return oa - ob
		}
		return strings.Compare(string(a.Kind), string(b.Kind))
	})
	used := usedSystems(d)
	for _, s := range systems {
		if _, dup := byID[s.ID]; dup {
			continue
		}
		if plannedOnlySystem(&s, used) {
			continue // not in today's landscape: the target map draws it
		}
		name := strings.TrimSpace(s.Name)
		if name == "" {
			name = s.ID
		}
		kind := string(s.Kind)
		if kind == "" {
			kind = "other"
		}
		byID[s.ID] = addNode(s.ID, name, kind)
	}
	unnamed := -1
	end := func(id string) int {
		if n, ok := byID[id]; ok {
			return n
		}
		if id != "" { // a system the session does not list: still on the map, by its id
			byID[id] = addNode(id, id, "other")
			return byID[id]
		}
		if unnamed < 0 {
			unnamed = addNode("", "System not named yet", unnamedKind)
		}
		return unnamed
	}
	worst := map[string]*review.RegisterEntry{}
	for i := range sum.Risks {
		r := &sum.Risks[i]
		if r.Flow == "" || !isOpenRisk(r) {
			continue
		}
		if w, ok := worst[r.Flow]; !ok || severityRank(r.Severity) > severityRank(w.Severity) ||
			severityRank(r.Severity) == severityRank(w.Severity) && r.Score > w.Score {
			worst[r.Flow] = r
		}
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		e := mapEdge{key: "f" + itoa(i+1), flow: f.ID, name: strings.TrimSpace(f.Name), domain: f.Domain, pattern: f.Contract.Pattern,
			from: end(f.From), to: end(f.To), via: -1, number: i + 1}
		if e.name == "" {
			e.name = f.ID
		}
		if f.Via != "" {
			e.via = end(f.Via)
		}
		if w, ok := worst[f.ID]; ok {
			e.severity, e.score = w.Severity, w.Score
		}
		g.edges = append(g.edges, e)
	}
	return g
}

// usedSystems are the systems some flow names.
func usedSystems(d *model.Document) map[string]bool {
	used := map[string]bool{}
	for i := range d.Flows {
		for _, id := range d.Flows[i].SystemRefs() {
			used[id] = true
		}
	}
	return used
}

// plannedOnlySystem reports whether a system is only planned: introduced
// in the target state and named by no flow of today's.
func plannedOnlySystem(s *model.System, used map[string]bool) bool {
	return s.Target.Action == model.TargetIntroduce && !used[s.ID]
}

// plannedOnly counts the systems the current-state map leaves out.
func plannedOnly(d *model.Document) int {
	used, n := usedSystems(d), 0
	for i := range d.Systems {
		if plannedOnlySystem(&d.Systems[i], used) {
			n++
		}
	}
	return n
}

// label is what an arrow says: the flow's name, and the worst open risk
// in words, so the mark reads without colour too.
func (e *mapEdge) label() string {
	if e.severity == "" {
		return e.name
	}
	return e.name + " · " + e.severity + " " + itoa(e.score)
}

func itoa(n int) string { return strconv.Itoa(n) }
