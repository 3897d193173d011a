package review

import (
	"cmp"
	"slices"
)

// A Live keeps the business case as it keeps the plan: each register entry
// has its figures beside it (l.s.figs, moved with the entry), and each
// delivery slice its sums (l.s.sliceSums). A change to an open risk's
// figures (its effort, incident hours or cost, or its flow's downtime cost
// or monitoring) adds the difference to the review's sums and its slice's,
// and writes its line again; entries that move among ranks have their
// lines written again in their new order and move their figures between
// the slices they are dealt; and the slices are dated again only when one
// of them takes another number of weeks. A new plan (a risk added,
// deleted, closed or reopened, or moved between horizons or slices by
// hand) makes the whole business case again, as it makes the decisions and
// slices again.

// refigure works out again the figures of register entry a, whose risk now
// orders; closed says the risk is mitigated or accepted before or after the
// change, so its figures are in no sum (or the plan is made again).
func (l *Live) refigure(a int, now rankKey, closed bool) {
	fig := l.s.figuresAt(now)
	was := &l.s.figs[a]
	if fig == *was {
		return
	}
	if !closed {
		l.dirty.costs.count(was, -1)
		l.dirty.costs.count(&fig, 1)
		l.dirty.figs = append(l.dirty.figs, now)
		n := l.sum.Risks[a].Slice
		sum := l.dirty.sliced[n]
		sum.add(was, -1)
		sum.add(&fig, 1)
		l.dirty.sliced[n] = sum
	}
	*was = fig
}

// moveCase moves the figures of register entry i from the sums of slice
// from to those of slice to, as the plan is dealt again.
func (l *Live) moveCase(i, from, to int) {
	fig := &l.s.figs[i]
	was, now := l.dirty.sliced[from], l.dirty.sliced[to]
	was.add(fig, -1)
	l.dirty.sliced[from] = was
	now.add(fig, 1)
	l.dirty.sliced[to] = now
}

// recase writes again the business case's lines of the open entries from
// to to, after they moved among those ranks.
func (l *Live) recase(from, to int) {
	bc, reg := &l.sum.BusinessCase, l.sum.Risks
	at, _ := slices.BinarySearch(l.s.caseRanks, from+1)
	for i := from; i < to; i++ {
		if e := &reg[i]; !e.Status.Closed() {
			bc.Risks[at], l.s.caseRanks[at] = l.s.figs[i].riskCase(e.ID), e.Rank
			at++
		}
	}
}

// settleCase brings the business case up to date after a change that kept
// the plan: the sums, the lines of the risks whose figures changed, their
// slices' sums, and the dates when a slice's weeks changed.
func (l *Live) settleCase() {
	bc, d := &l.sum.BusinessCase, &l.dirty
	bc.NotCosted += d.costs.NotCosted
	bc.Exposure.Low += d.costs.Exposure.Low
	bc.Exposure.Expected += d.costs.Exposure.Expected
	bc.Exposure.High += d.costs.Exposure.High
	for _, k := range d.figs {
		i, ok := slices.BinarySearchFunc(l.s.rankKeys, k, compareRank)
		if !ok || l.sum.Risks[i].Status.Closed() {
			continue // changed again since, or out of the plan
		}
		e := &l.sum.Risks[i]
		at, found := slices.BinarySearch(l.s.caseRanks, e.Rank)
		if !found {
			panic("review: an open risk is not in the business case") // unreachable: the case lists every open entry
		}
		bc.Risks[at] = l.s.figs[i].riskCase(e.ID)
	}
	redate := false
	for n, delta := range d.sliced {
		si, ok := slices.BinarySearchFunc(l.sum.Slices, n, func(ds DeliverySlice, n int) int { return cmp.Compare(ds.Slice, n) })
		if !ok || delta == (sliceSum{}) {
			continue
		}
		sum := &l.s.sliceSums[si]
		sum.twice += delta.twice
		sum.removed += delta.removed
		sc, was := sum.sliceCase(n), &bc.Slices[si]
		if weeks(&l.s.costing, sc.EffortDays) != weeks(&l.s.costing, was.EffortDays) {
			redate = true
		}
		sc.Start, sc.End = was.Start, was.End
		*was = sc
	}
	if redate {
		dateSlices(&l.s.costing, bc.Slices)
	}
}
