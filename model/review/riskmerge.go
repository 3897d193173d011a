package review

import (
	"errors"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// Merging one risk into another: the same failure, logged twice. What
// either room said stays, on the risk that survives; nothing of the other
// is dropped but its id, which the survivor records among those it merged.

// Joins of two texts a merged risk keeps both of. Titles are joined on
// one line, so that the register, the pack and a tracker show both rooms'
// words where they look for the risk.
const (
	mergedTitleJoin  = " / "
	mergedFixJoin    = "\n"
	mergedOwnerJoin  = " / "
	mergedTicketJoin = ", "
)

// ErrNoSuchRisk refuses a merge naming a risk the session does not have.
var ErrNoSuchRisk = errors.New("that risk is no longer in the session")

// MergeRisks folds the risk from into the risk into, in d: into keeps its
// score, status and slice; its title, fix, owner and ticket gain from's
// where they differ (a field into left empty takes from's); it is
// revenue-critical or customer-visible if either was; it covers what
// either covered, is about from's flows as well as its own, and lists from
// (and what from had merged) in Merged. from is removed.
func MergeRisks(d *model.Document, into, from string) error {
	if into == from {
		return errors.New("a risk cannot be merged into itself")
	}
	keep, keepFlow := findRisk(d, into)
	gone, goneFlow := findRisk(d, from)
	if keep == nil || gone == nil {
		return ErrNoSuchRisk
	}
	g := *gone // the removal below moves the risks after it
	home := ""
	if keepFlow >= 0 {
		home = d.Flows[keepFlow].ID
	}
	keep.Title = joinText(keep.Title, g.Title, mergedTitleJoin)
	keep.Fix = joinText(keep.Fix, g.Fix, mergedFixJoin)
	switch {
	case unnamed(g.Owner):
	case unnamed(keep.Owner):
		keep.Owner = g.Owner
	default:
		keep.Owner = joinText(keep.Owner, g.Owner, mergedOwnerJoin)
	}
	keep.Ticket = joinText(keep.Ticket, g.Ticket, mergedTicketJoin)
	keep.RevenueCritical = keep.RevenueCritical || g.RevenueCritical
	keep.CustomerVisible = keep.CustomerVisible || g.CustomerVisible
	if keep.Horizon == "" {
		keep.Horizon = g.Horizon
	}
	if keep.Slice == 0 {
		keep.Slice = g.Slice
	}
	keep.Covers = union(keep.Covers, g.Covers)
	var flows []string
	if goneFlow >= 0 {
		flows = append(flows, d.Flows[goneFlow].ID)
	}
	keep.Flows = slices.DeleteFunc(union(keep.Flows, append(flows, g.Flows...)), func(id string) bool { return id == home })
	keep.Merged = slices.DeleteFunc(union(keep.Merged, append([]string{g.ID}, g.Merged...)), func(id string) bool { return id == keep.ID })
	if len(keep.Flows) == 0 {
		keep.Flows = nil
	}
	list := &d.Risks
	if goneFlow >= 0 {
		list = &d.Flows[goneFlow].Failure.Risks
	}
	*list = slices.DeleteFunc(*list, func(r model.Risk) bool { return r.ID == from })
	return nil
}

// findRisk is the risk with the id and the index of its flow (-1 for a
// risk of the session), or nil.
func findRisk(d *model.Document, id string) (*model.Risk, int) {
	for fi := range d.Flows {
		rs := d.Flows[fi].Failure.Risks
		if i := slices.IndexFunc(rs, func(r model.Risk) bool { return r.ID == id }); i >= 0 {
			return &rs[i], fi
		}
	}
	if i := slices.IndexFunc(d.Risks, func(r model.Risk) bool { return r.ID == id }); i >= 0 {
		return &d.Risks[i], -1
	}
	return nil, -1
}

// joinText keeps both texts: one alone if the other is empty or already
// holds it, else both, joined.
func joinText(keep, add, join string) string {
	k, a := strings.TrimSpace(keep), strings.TrimSpace(add)
	switch {
	case a == "" || containsFold(k, a):
		return keep
	case k == "":
		return add
	}
	return k + join + a
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// union is a's names, then b's that a lacks; nil when there are none.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
