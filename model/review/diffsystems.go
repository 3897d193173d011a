package review

import (
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// What the headline of a follow-up reads first: the systems compared, the
// totals and the heat maps of both versions.

// HeatChange is the heat map of each version: the open scored risks
// counted by impact (the first index, 1 to 5 as 0 to 4) and likelihood
// (the second).
type HeatChange struct {
	Before [5][5]int `json:"before"`
	After  [5][5]int `json:"after"`
}

// heatOf counts the open scored risks of a register by impact and
// likelihood.
func heatOf(reg []RegisterEntry) [5][5]int {
	var h [5][5]int
	for i := range reg {
		r := &reg[i]
		if !r.Status.Closed() && r.Impact >= 1 && r.Impact <= 5 && r.Likelihood >= 1 && r.Likelihood <= 5 {
			h[r.Impact-1][r.Likelihood-1]++
		}
	}
	return h
}

// SystemChange is a system added, removed (gone from the newer version),
// retired or replaced (its target in the newer version, newly so), or
// renamed; or its link to the inventory set, changed or cleared
// (ChangeRef). Name is its name in the newer version (the older one's when
// removed); OldName its name before, when renamed; New the name of the
// system that replaces it; OldRef and Ref its ids in the inventory before
// and after, when its link changed.
type SystemChange struct {
	Kind    string `json:"kind"`
	System  string `json:"system"`
	Name    string `json:"name"`
	OldName string `json:"old_name"`
	New     string `json:"new"`
	OldRef  string `json:"old_ref,omitempty"`
	Ref     string `json:"ref,omitempty"`
}

// Totals are what a reader of the changes asks first: the critical and
// high risks closed and new, the flows and systems added and gone, the
// domain decisions made, and the exposure before and after. Exposure is
// the expected annual loss of the open costed risks, both versions costed
// by the newer one's settings; Costed says either version has a risk
// with the figures to be costed, and only then are the amounts meant.
type Totals struct {
	CriticalClosed int    `json:"critical_closed"`
	HighClosed     int    `json:"high_closed"`
	CriticalNew    int    `json:"critical_new"`
	HighNew        int    `json:"high_new"`
	FlowsAdded     int    `json:"flows_added"`
	FlowsRemoved   int    `json:"flows_removed"`
	SystemsAdded   int    `json:"systems_added"`
	SystemsRetired int    `json:"systems_retired"`
	DecisionsMade  int    `json:"decisions_made"`
	Costed         bool   `json:"costed"`
	Currency       string `json:"currency"`
	ExposureBefore int64  `json:"exposure_before"`
	ExposureAfter  int64  `json:"exposure_after"`
}

func systemID(s *model.System) string { return s.ID }

// systemName names a system for people: its name, or its id.
func systemName(s *model.System) string {
	if strings.TrimSpace(s.Name) != "" {
		return s.Name
	}
	return s.ID
}

// diffSystems compares the systems, in the newer version's order, then
// those only the older one had. A system already leaving in the older
// version is not retired again; one renamed and retired is both.
func (c *Changes) diffSystems(before, after *model.Document) {
	old := firstByID(before.Systems, systemID)
	seen := map[string]bool{}
	for i := range after.Systems {
		ns := &after.Systems[i]
		if seen[ns.ID] {
			continue
		}
		seen[ns.ID] = true
		os := old[ns.ID]
		if os == nil {
			c.Systems = append(c.Systems, SystemChange{Kind: ChangeAdded, System: ns.ID, Name: systemName(ns)})
			continue
		}
		if strings.TrimSpace(os.Name) != strings.TrimSpace(ns.Name) {
			c.Systems = append(c.Systems, SystemChange{Kind: ChangeRenamed, System: ns.ID, Name: systemName(ns), OldName: systemName(os)})
		}
		if ns.Target.Leaves() && !os.Target.Leaves() {
			sc := SystemChange{Kind: ChangeRetired, System: ns.ID, Name: systemName(ns)}
			if ns.Target.Action == model.TargetReplace && ns.Target.By != "" {
				sc.Kind, sc.New = ChangeReplaced, after.SystemName(ns.Target.By)
			}
			c.Systems = append(c.Systems, sc)
		}
		c.systemRef(ns.ID, systemName(ns), os.Ref, ns.Ref)
	}
	for i := range before.Systems {
		if os := &before.Systems[i]; !seen[os.ID] {
			seen[os.ID] = true
			c.Systems = append(c.Systems, SystemChange{Kind: ChangeRemoved, System: os.ID, Name: systemName(os)})
		}
	}
}

// total counts the changes for the headline.
func (c *Changes) total() {
	t := &c.Totals
	for _, s := range c.Systems {
		switch s.Kind {
		case ChangeAdded:
			t.SystemsAdded++
		case ChangeRemoved, ChangeRetired, ChangeReplaced:
			t.SystemsRetired++
		}
	}
	for _, f := range c.Flows {
		switch f.Kind {
		case ChangeAdded:
			t.FlowsAdded++
		case ChangeRemoved:
			t.FlowsRemoved++
		}
	}
	for _, r := range c.Risks {
		closed, opened := r.Kind == ChangeClosed, r.Kind == ChangeNew
		switch {
		case closed && r.Severity == SeverityCritical:
			t.CriticalClosed++
		case closed && r.Severity == SeverityHigh:
			t.HighClosed++
		case opened && r.Severity == SeverityCritical:
			t.CriticalNew++
		case opened && r.Severity == SeverityHigh:
			t.HighNew++
		}
	}
	for _, d := range c.Domains {
		if !d.Parked && d.New != "" && (d.Kind == ChangeAdded || slices.Contains(d.Fields, "source_of_truth") || slices.Contains(d.Fields, "status")) {
			t.DecisionsMade++
		}
	}
}
