package review

import (
	"maps"
	"slices"

	"github.com/archreview/archreview/model"
)

// placeInSlices gives every open entry without a hand-set slice one, at
// most size to a slice counting the ones placed there by hand: open
// immediate fixes fill the first slices in register (score) order, and
// roadmap items follow from the next slice on. A mitigated or accepted risk
// leaves the plan: its slice is 0.
func placeInSlices(reg []RegisterEntry, size int) {
	used := map[int]int{}
	for _, e := range reg {
		if e.SliceByHand && !e.Status.Closed() {
			used[e.Slice]++
		}
	}
	next := 1
	fill := func(horizon model.Horizon) {
		for i := range reg {
			e := &reg[i]
			if e.Status.Closed() {
				e.Slice, e.SliceByHand = 0, false
				continue
			}
			if e.SliceByHand || e.Horizon != horizon {
				continue
			}
			for used[next] >= size {
				next++
			}
			e.Slice = next
			used[next]++
		}
	}
	fill(model.HorizonImmediate)
	if used[next] > 0 {
		next++ // the roadmap starts a slice of its own
	}
	fill(model.HorizonRoadmap)
}

func decisions(reg []RegisterEntry) Decisions {
	immediate, open := 0, 0
	for i := range reg {
		if !reg[i].Status.Closed() {
			open++
			if reg[i].Horizon == model.HorizonImmediate {
				immediate++
			}
		}
	}
	ds := Decisions{Immediate: make([]Decision, 0, immediate), Roadmap: make([]Decision, 0, open-immediate)}
	for i := range reg {
		e := &reg[i]
		if e.Status.Closed() {
			continue
		}
		list := &ds.Roadmap
		if e.Horizon == model.HorizonImmediate {
			list = &ds.Immediate
		}
		*list = append(*list, Decision{
			Rank: len(*list) + 1, RegisterRank: e.Rank, Risk: e.ID, Title: e.Title,
			Severity: e.Severity, Fix: e.Fix, Owner: e.Owner,
		})
	}
	return ds
}

func deliverySlices(reg []RegisterEntry) []DeliverySlice {
	sizes := map[int]int{}
	for i := range reg {
		if reg[i].Slice > 0 {
			sizes[reg[i].Slice]++
		}
	}
	numbers := slices.Sorted(maps.Keys(sizes))
	out := make([]DeliverySlice, len(numbers))
	at := make(map[int]int, len(numbers))
	for i, n := range numbers {
		out[i] = DeliverySlice{Slice: n, Risks: make([]SliceItem, 0, sizes[n])}
		at[n] = i
	}
	for i := range reg {
		e := &reg[i]
		if e.Slice == 0 {
			continue
		}
		ds := &out[at[e.Slice]]
		ds.Risks = append(ds.Risks, SliceItem{RegisterRank: e.Rank, Risk: e.ID, Title: e.Title, Severity: e.Severity, ByHand: e.SliceByHand})
	}
	return out
}
