package review

import (
	"cmp"
	"slices"
)

// rankKey holds what orders one register entry and where it comes from, so
// the register is sorted as small keys and then built in rank order.
type rankKey struct {
	score           int
	revenue, visits bool
	flow            int // index in d.Flows; session-wide entries sort after every flow
	seq             int // a typed risk's index in its flow, or hitSeq plus the finding's index
}

// hitSeq puts the rules' findings after a flow's typed risks.
const hitSeq = 1 << 30

// register builds the ranked risk register from the typed risks and the
// rules' findings.
func (s *summarizer) register(hits []ruleHit) []RegisterEntry {
	n := len(hits)
	for i := range s.d.Flows {
		n += len(s.d.Flows[i].Failure.Risks)
	}
	keys := make([]rankKey, 0, n)
	for fi := range s.d.Flows {
		for ri, r := range s.d.Flows[fi].Failure.Risks {
			keys = append(keys, rankKey{r.Impact * r.Likelihood, r.RevenueCritical, r.CustomerVisible, fi, ri})
		}
	}
	for hi, h := range hits {
		flow := h.flow
		if flow < 0 {
			flow = len(s.d.Flows)
		}
		keys = append(keys, rankKey{h.rule.Impact * h.rule.Likelihood, h.rule.RevenueCritical, h.rule.CustomerVisible, flow, hitSeq + hi})
	}
	slices.SortFunc(keys, func(a, b rankKey) int {
		switch {
		case a.score != b.score:
			return cmp.Compare(b.score, a.score)
		case a.revenue != b.revenue:
			return compareTrueFirst(a.revenue, b.revenue)
		case a.visits != b.visits:
			return compareTrueFirst(a.visits, b.visits)
		case a.flow != b.flow:
			return cmp.Compare(a.flow, b.flow)
		}
		return cmp.Compare(a.seq, b.seq)
	})
	out := make([]RegisterEntry, len(keys))
	for i, k := range keys {
		e := &out[i]
		var flags flagSet
		if k.seq < hitSeq {
			s.typedEntry(e, k.flow, k.seq, &flags)
		} else {
			s.findingEntry(e, &hits[k.seq-hitSeq], &flags)
		}
		e.Rank = i + 1
		e.Score = e.Impact * e.Likelihood
		e.Severity = SeverityOf(e.Score)
		if e.Horizon == "" {
			e.Horizon = DefaultHorizon(e.Severity)
			flags |= 1 << flagNoHorizon
		}
		e.SliceByHand = e.Slice > 0
		e.Flags = flags.list()
	}
	return out
}

// typedEntry fills a register entry from a risk the room typed.
func (s *summarizer) typedEntry(e *RegisterEntry, fi, ri int, flags *flagSet) {
	f := &s.d.Flows[fi]
	r := &f.Failure.Risks[ri]
	*e = RegisterEntry{
		Origin: OriginFacilitator, Flow: f.ID, FlowName: s.flowName(fi), Domain: s.domains[fi],
		ID: r.ID, Title: r.Title, Impact: r.Impact, Likelihood: r.Likelihood,
		RevenueCritical: r.RevenueCritical, CustomerVisible: r.CustomerVisible,
		Fix: r.Fix, Horizon: r.Horizon, Owner: r.Owner, Slice: r.Slice,
	}
	if r.Impact < 1 || r.Impact > 5 || r.Likelihood < 1 || r.Likelihood > 5 {
		*flags |= 1 << flagNoScore
	}
	if unnamed(r.Fix) {
		*flags |= 1 << flagNoFix
	}
	if unnamed(r.Owner) {
		*flags |= 1 << flagNoOwner
	}
}

// findingEntry fills a register entry from a rule's finding: the rule's
// default score and horizon, its suggested fix, and the flow owner as owner.
func (s *summarizer) findingEntry(e *RegisterEntry, h *ruleHit, flags *flagSet) {
	owner := ""
	if h.flow >= 0 && !unnamed(s.d.Flows[h.flow].Owner.FlowOwner) {
		owner = s.d.Flows[h.flow].Owner.FlowOwner
	}
	if owner == "" {
		*flags |= 1 << flagNoOwner
	}
	if h.flow >= 0 && s.d.Flows[h.flow].StepsDone() == 0 {
		*flags |= 1 << flagNotStarted
	}
	*e = RegisterEntry{
		Origin: h.origin, Flow: s.flowID(h.flow), FlowName: s.flowName(h.flow), Domain: h.domain,
		ID: h.id, Title: h.title, Impact: h.rule.Impact, Likelihood: h.rule.Likelihood,
		RevenueCritical: h.rule.RevenueCritical, CustomerVisible: h.rule.CustomerVisible,
		Fix: h.fix, Horizon: h.rule.Horizon, Owner: owner,
	}
}

// flagSet is a set of register flags, as bits in the order of allFlags.
type flagSet uint8

const (
	flagNoScore = iota
	flagNoFix
	flagNoOwner
	flagNoHorizon
	flagNotStarted
)

var allFlags = []string{FlagNoScore, FlagNoFix, FlagNoOwner, FlagNoHorizon, FlagNotStarted}

// flagLists holds one list per flag set, so thousands of entries share a
// handful; each is full to capacity, so appending to one copies it.
var flagLists = func() (t [1 << 5][]string) {
	for set := range t {
		list := []string{}
		for i, f := range allFlags {
			if set&(1<<i) != 0 {
				list = append(list, f)
			}
		}
		t[set] = list[:len(list):len(list)]
	}
	return t
}()

func (fs flagSet) list() []string { return flagLists[fs] }

func compareTrueFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
