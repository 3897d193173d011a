package review

import (
	"cmp"
	"reflect"
	"slices"

	"github.com/archreview/archreview/model"
)

// A Live keeps the register sorted as it goes: a risk whose score or flags
// changed moves from its rank to its new one (found by binary search), the
// entries between move up or down one, and only their ranks change; a
// risk added or deleted renumbers the entries after it.

// updateRisks brings the register entries of one list of risks up to date:
// flow fi's, or the session's when fi is past the last flow. old orders
// them as last read; the result orders them now.
func (l *Live) updateRisks(fi int, risks []model.Risk, old []rankKey) []rankKey {
	keys := make([]rankKey, len(risks))
	for ri := range risks {
		r := &risks[ri]
		keys[ri] = rankKey{r.Impact * r.Likelihood, r.RevenueCritical, r.CustomerVisible, fi, ri}
	}
	for ri := range min(len(old), len(keys)) {
		l.replaceEntry(old[ri], keys[ri])
	}
	for ri := len(old) - 1; ri >= len(keys); ri-- {
		l.deleteEntry(old[ri])
	}
	for ri := len(old); ri < len(keys); ri++ {
		l.insertEntry(keys[ri])
	}
	l.s.ranked = l.sum.Risks
	return keys
}

// entryAt is where the entry k orders is in the register.
func (l *Live) entryAt(k rankKey) int {
	i, ok := slices.BinarySearchFunc(l.s.rankKeys, k, compareRank)
	if !ok {
		panic("review: a risk the register had is not in it") // unreachable: the keys move with their entries
	}
	return i
}

// newEntry is the register entry of the risk k orders, with its hand-set
// slice.
func (l *Live) newEntry(k rankKey) (RegisterEntry, int) {
	var e RegisterEntry
	l.s.registerEntry(&e, k)
	return e, l.risk(k).Slice
}

// replaceEntry puts the entry of the risk now orders in place of the one
// old ordered, moving it to its rank.
func (l *Live) replaceEntry(old, now rankKey) {
	reg := l.sum.Risks
	a := l.entryAt(old)
	e, hand := l.newEntry(now)
	was := &reg[a]
	e.Rank, e.Number = was.Rank, was.Number
	l.refigure(a, now, was.Status.Closed() || e.Status.Closed())
	if !slices.Equal(e.Covers, was.Covers) {
		l.dirty.covers = true
	}
	if old == now && hand == l.hand[a] {
		placed := e
		placed.Slice, placed.SliceByHand = was.Slice, was.SliceByHand
		if reflect.DeepEqual(placed, *was) {
			return
		}
		// A flow renamed or moved to another domain changes where its
		// risks are, not the plan.
		where := placed
		where.FlowName, where.Domain = was.FlowName, was.Domain
		if reflect.DeepEqual(where, *was) {
			*was = placed
			return
		}
	}
	// While the entry stays in or out of the plan as it was (its status
	// closed or not, its slice by hand, its horizon), the slices placed
	// in the ranks it crosses are dealt again among them; otherwise the
	// plan is made again.
	if was.Status.Closed() == e.Status.Closed() && l.hand[a] == hand && was.Horizon == e.Horizon {
		e.Slice, e.SliceByHand = was.Slice, was.SliceByHand
	} else {
		l.dirty.plan = true
	}
	b := a
	if old != now {
		b, _ = slices.BinarySearchFunc(l.s.rankKeys, now, compareRank)
		if b > a {
			b--
		}
		moveEntry(reg, a, b)
		moveEntry(l.s.rankKeys, a, b)
		moveEntry(l.hand, a, b)
		moveEntry(l.s.figs, a, b)
	}
	reg[b], l.s.rankKeys[b], l.hand[b] = e, now, hand
	l.renumber(min(a, b), max(a, b)+1)
	l.dirty.ranks = true
	l.dirty.from, l.dirty.to = min(l.dirty.from, a, b), max(l.dirty.to, a+1, b+1)
}

// moveEntry moves s[from] to s[to], shifting those between by one.
func moveEntry[T any](s []T, from, to int) {
	v := s[from]
	if from < to {
		copy(s[from:to], s[from+1:to+1])
	} else {
		copy(s[to+1:from+1], s[to:from])
	}
	s[to] = v
}

func (l *Live) deleteEntry(k rankKey) {
	a := l.entryAt(k)
	if len(l.sum.Risks[a].Covers) > 0 {
		l.dirty.covers = true
	}
	l.sum.Risks = slices.Delete(l.sum.Risks, a, a+1)
	l.s.rankKeys = slices.Delete(l.s.rankKeys, a, a+1)
	l.hand = slices.Delete(l.hand, a, a+1)
	l.s.figs = slices.Delete(l.s.figs, a, a+1)
	l.renumber(a, len(l.sum.Risks))
	l.dirty.plan = true
}

func (l *Live) insertEntry(k rankKey) {
	e, hand := l.newEntry(k)
	if len(e.Covers) > 0 {
		l.dirty.covers = true
	}
	b, _ := slices.BinarySearchFunc(l.s.rankKeys, k, compareRank)
	l.sum.Risks = slices.Insert(l.sum.Risks, b, e)
	l.s.rankKeys = slices.Insert(l.s.rankKeys, b, k)
	l.hand = slices.Insert(l.hand, b, hand)
	l.s.figs = slices.Insert(l.s.figs, b, l.s.figuresAt(k))
	l.renumber(b, len(l.sum.Risks))
	l.dirty.plan = true
}

// renumber sets the ranks of the entries from to to.
func (l *Live) renumber(from, to int) {
	for i := from; i < to; i++ {
		l.sum.Risks[i].setRank(i + 1)
	}
}

// replan places the register in delivery slices again and lists the
// decisions and slices anew.
func (l *Live) replan() {
	reg := l.sum.Risks
	for i := range reg {
		reg[i].Slice, reg[i].SliceByHand = l.hand[i], l.hand[i] > 0
	}
	placeInSlices(reg, l.s.d.Session.Slice())
	l.sum.Decisions = decisions(reg)
	l.sum.Slices = deliverySlices(reg)
	l.sum.BusinessCase, l.s.caseRanks, l.s.sliceSums = businessCase(&l.s.costing, reg, l.s.figs, l.sum.Slices)
}

// replanRanks deals the plan again over the register entries from to to,
// after entries moved among them without coming into or leaving the plan:
// each horizon's placed slices, which rise with the rank, go to its placed
// entries in their new order, and the decisions and slice items of those
// ranks are written again in place.
func (l *Live) replanRanks(from, to int) {
	reg := l.sum.Risks[from:to]
	placed := func(e *RegisterEntry, h model.Horizon) bool {
		return !e.Status.Closed() && !e.SliceByHand && e.Horizon == h
	}
	var dealt []int
	for _, h := range []model.Horizon{model.HorizonImmediate, model.HorizonRoadmap} {
		dealt = dealt[:0]
		for i := range reg {
			if placed(&reg[i], h) {
				dealt = append(dealt, reg[i].Slice)
			}
		}
		slices.Sort(dealt)
		for i, j := 0, 0; i < len(reg); i++ {
			if placed(&reg[i], h) {
				if dealt[j] != reg[i].Slice {
					l.moveCase(from+i, reg[i].Slice, dealt[j])
				}
				reg[i].Slice, j = dealt[j], j+1
			}
		}
	}
	first := from + 1 // the first register rank written again
	for _, list := range []*[]Decision{&l.sum.Decisions.Immediate, &l.sum.Decisions.Roadmap} {
		ds := *list
		at, _ := slices.BinarySearchFunc(ds, first, func(d Decision, rank int) int { return cmp.Compare(d.RegisterRank, rank) })
		for i := range reg {
			e := &reg[i]
			if e.Status.Closed() || (e.Horizon == model.HorizonImmediate) != (list == &l.sum.Decisions.Immediate) {
				continue
			}
			ds[at] = Decision{Rank: at + 1, RegisterRank: e.Rank, Risk: e.ID, Title: e.Title, Severity: e.Severity, Fix: e.Fix, Owner: e.Owner}
			at++
		}
	}
	l.recase(from, to)
	next := map[int]int{} // the next item of each slice to write
	for i := range reg {
		e := &reg[i]
		if e.Slice == 0 {
			continue
		}
		si, _ := slices.BinarySearchFunc(l.sum.Slices, e.Slice, func(ds DeliverySlice, n int) int { return cmp.Compare(ds.Slice, n) })
		items := l.sum.Slices[si].Risks
		at, ok := next[e.Slice]
		if !ok {
			at, _ = slices.BinarySearchFunc(items, first, func(it SliceItem, rank int) int { return cmp.Compare(it.RegisterRank, rank) })
		}
		items[at] = SliceItem{RegisterRank: e.Rank, Risk: e.ID, Title: e.Title, Severity: e.Severity, ByHand: e.SliceByHand}
		next[e.Slice] = at + 1
	}
}
