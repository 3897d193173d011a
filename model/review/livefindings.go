package review

import (
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// The findings are listed rule by rule; a Live keeps, for each rule the
// pack leaves on, which flows and source-of-truth rows have a finding of
// it and how many the session as a whole has, so it finds where any one
// finding is in the list without reading the list.

// findingBlock is where one rule's findings are in the list: its flows'
// findings in flow order, then its rows', then the session's.
type findingBlock struct {
	rule    *Rule
	set     model.RuleSetting
	flows   fenwick // 1 for each flow with a finding; empty without a flow check
	rows    []bool  // whether each source-of-truth row has a finding
	nrows   int
	session int
}

func (b *findingBlock) size() int { return b.flows.total + b.nrows + b.session }

// readBlocks reads where each rule's findings are from the hits a whole
// derivation found, in the list's order.
func (l *Live) readBlocks(hits []ruleHit) {
	l.blocks = l.blocks[:0]
	blockOf := map[*Rule]int{}
	flows := map[*Rule][]int{}
	for ri := range Rules {
		r := &Rules[ri]
		set := l.rules[r.ID]
		if set.Disabled {
			continue
		}
		blockOf[r] = len(l.blocks)
		l.blocks = append(l.blocks, findingBlock{rule: r, set: set, rows: make([]bool, len(l.s.sot))})
		if r.flow != nil {
			flows[r] = make([]int, len(l.flows))
		}
	}
	rowAt := make(map[string]int, len(l.s.sot))
	for j := range l.s.sot {
		rowAt[l.s.sot[j].Domain] = j
	}
	for i := range hits {
		h := &hits[i]
		b := &l.blocks[blockOf[h.rule]]
		switch h.of {
		case ofFlow:
			flows[h.rule][h.flow] = 1
		case ofDomain:
			b.rows[rowAt[h.domain]] = true
			b.nrows++
		case ofSession:
			b.session++
		}
	}
	for b := range l.blocks {
		if vals, ok := flows[l.blocks[b].rule]; ok {
			l.blocks[b].flows = newFenwick(vals)
		}
	}
}

// tally counts a finding in (by 1) or out of (by -1) the triage counts.
func (l *Live) tally(f *Finding, by int) {
	c := &l.sum.Triage
	switch f.Status {
	case FindingOpen:
		c.ToConfirm += by
	case FindingCovered:
		c.Covered += by
	case FindingDismissed:
		c.Dismissed += by
	}
}

// replaceFindings puts findings in place of the n at at.
func (l *Live) replaceFindings(at, n int, with []Finding) {
	for i := at; i < at+n; i++ {
		l.tally(&l.sum.Findings[i], -1)
	}
	for i := range with {
		l.tally(&with[i], 1)
	}
	l.sum.Findings = slices.Replace(l.sum.Findings, at, at+n, with...)
}

// refreshFlowFindings checks flow i again against every rule with a flow
// check.
func (l *Live) refreshFlowFindings(i int) {
	start := 0
	for b := range l.blocks {
		blk := &l.blocks[b]
		if blk.rule.flow != nil {
			at, had := start+blk.flows.before(i), blk.flows.value(i) == 1
			h, has := l.s.flowHit(blk.rule, i)
			var with []Finding
			if has {
				with = []Finding{l.s.finding(&h, blk.set)}
			}
			if had {
				l.replaceFindings(at, 1, with)
			} else {
				l.replaceFindings(at, 0, with)
			}
			blk.flows.set(i, len(with))
		}
		start += blk.size()
	}
}

// refreshDomainFindings checks the changed source-of-truth rows again
// against every rule with a row check; all says the rows themselves
// changed, so every row is checked.
func (l *Live) refreshDomainFindings(changed []bool, all bool) {
	rows := l.s.sot
	start := 0
	for b := range l.blocks {
		blk := &l.blocks[b]
		if blk.rule.domain != nil {
			at := start + blk.flows.total
			if all {
				var with []Finding
				old := blk.nrows
				blk.rows, blk.nrows = make([]bool, len(rows)), 0
				for j := range rows {
					if h, ok := l.s.domainHit(blk.rule, &rows[j]); ok {
						with = append(with, l.s.finding(&h, blk.set))
						blk.rows[j] = true
						blk.nrows++
					}
				}
				l.replaceFindings(at, old, with)
			} else {
				for j := range rows {
					if changed[j] {
						var with []Finding
						if h, ok := l.s.domainHit(blk.rule, &rows[j]); ok {
							with = []Finding{l.s.finding(&h, blk.set)}
						}
						n := 0
						if blk.rows[j] {
							n = 1
						}
						l.replaceFindings(at, n, with)
						blk.nrows += len(with) - n
						blk.rows[j] = len(with) == 1
					}
					if blk.rows[j] {
						at++
					}
				}
			}
		}
		start += blk.size()
	}
}

// refreshSessionFindings checks the session again against every rule with
// a session check.
func (l *Live) refreshSessionFindings() {
	start := 0
	for b := range l.blocks {
		blk := &l.blocks[b]
		if blk.rule.session != nil {
			hits := l.s.sessionHits(blk.rule)
			with := make([]Finding, len(hits))
			for i := range hits {
				with[i] = l.s.finding(&hits[i], blk.set)
			}
			l.replaceFindings(start+blk.flows.total+blk.nrows, blk.session, with)
			blk.session = len(with)
		}
		start += blk.size()
	}
}

// refreshStatus sets again what the room made of the findings with the
// key, after a risk came to cover it or a verdict on it changed.
func (l *Live) refreshStatus(key string) {
	rule, subject, _ := strings.Cut(key, ":")
	start := 0
	for b := range l.blocks {
		blk := &l.blocks[b]
		if blk.rule.ID == rule {
			if i, ok := l.at[subject]; ok && blk.rule.flow != nil && blk.flows.value(i) == 1 {
				l.restatus(start + blk.flows.before(i))
			}
			for at := start + blk.flows.total; at < start+blk.size(); at++ {
				if l.sum.Findings[at].Key == key {
					l.restatus(at)
				}
			}
		}
		start += blk.size()
	}
}

func (l *Live) restatus(at int) {
	f := &l.sum.Findings[at]
	l.tally(f, -1)
	l.s.setStatus(f)
	l.tally(f, 1)
}
