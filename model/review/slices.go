package review

import (
	"maps"
	"slices"

	"archreview/model"
)

// SliceSize is how many roadmap items a delivery slice takes before the next
// one starts: small enough for one team to staff.
const SliceSize = 5

// placeInSlices gives every entry without a hand-set slice one: immediate
// fixes go to slice 1, roadmap items fill slices from 2 in register order,
// SliceSize to a slice counting the ones placed there by hand.
func placeInSlices(reg []RegisterEntry) {
	used := map[int]int{}
	for _, e := range reg {
		if e.SliceByHand {
			used[e.Slice]++
		}
	}
	next := 2
	for i := range reg {
		e := &reg[i]
		switch {
		case e.SliceByHand:
		case e.Horizon == model.HorizonImmediate:
			e.Slice = 1
		default:
			for used[next] >= SliceSize {
				next++
			}
			e.Slice = next
			used[next]++
		}
	}
}

func decisions(reg []RegisterEntry) Decisions {
	immediate := 0
	for i := range reg {
		if reg[i].Horizon == model.HorizonImmediate {
			immediate++
		}
	}
	ds := Decisions{Immediate: make([]Decision, 0, immediate), Roadmap: make([]Decision, 0, len(reg)-immediate)}
	for i := range reg {
		e := &reg[i]
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
		sizes[reg[i].Slice]++
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
		ds := &out[at[e.Slice]]
		ds.Risks = append(ds.Risks, SliceItem{RegisterRank: e.Rank, Risk: e.ID, Title: e.Title, Severity: e.Severity, ByHand: e.SliceByHand})
	}
	return out
}
