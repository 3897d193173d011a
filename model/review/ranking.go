package review

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
)

// rankKey holds what orders one register entry and where it comes from, so
// the register is sorted as small keys and then built in rank order.
type rankKey struct {
	score           int
	revenue, visits bool
	flow            int // index in d.Flows; risks of no single flow sort after every flow
	seq             int // the risk's index in its list
}

// register builds the ranked risk register from the room's risks: those of
// each flow and those of the session as a whole, accepted findings among
// them.
func (s *summarizer) register() []RegisterEntry {
	n := len(s.d.Risks)
	for i := range s.d.Flows {
		n += len(s.d.Flows[i].Failure.Risks)
	}
	keys := make([]rankKey, 0, n)
	for fi := range s.d.Flows {
		for ri, r := range s.d.Flows[fi].Failure.Risks {
			keys = append(keys, rankKey{r.Impact * r.Likelihood, r.RevenueCritical, r.CustomerVisible, fi, ri})
		}
	}
	for ri, r := range s.d.Risks {
		keys = append(keys, rankKey{r.Impact * r.Likelihood, r.RevenueCritical, r.CustomerVisible, len(s.d.Flows), ri})
	}
	slices.SortFunc(keys, compareRank)
	out := make([]RegisterEntry, len(keys))
	s.rankKeys = keys
	for i, k := range keys {
		s.registerEntry(&out[i], k)
		out[i].setRank(i + 1)
	}
	return out
}

// RiskNumber is the short number of the risk at a register rank: R1, R2 …
func RiskNumber(rank int) string { return "R" + strconv.Itoa(rank) }

// setRank puts the entry at a register rank, with the short number of it.
func (e *RegisterEntry) setRank(rank int) { e.Rank, e.Number = rank, RiskNumber(rank) }

// registerEntry fills a register entry, all but its rank, from the risk k
// orders.
func (s *summarizer) registerEntry(e *RegisterEntry, k rankKey) {
	var flags flagSet
	s.riskEntry(e, k.flow, k.seq, &flags)
	e.Score = e.Impact * e.Likelihood
	e.Severity = SeverityOf(e.Score)
	if e.Horizon == "" {
		e.Horizon = DefaultHorizon(e.Severity)
		flags |= 1 << flagNoHorizon
	}
	e.SliceByHand = e.Slice > 0
	e.Flags = flags.list()
}

// registerFlow is the flow of register entry i by index in d.Flows, -1 for
// a risk of the session.
func (s *summarizer) registerFlow(i int) int {
	if f := s.rankKeys[i].flow; f < len(s.d.Flows) {
		return f
	}
	return -1
}

// compareRank orders the register: score, then revenue-critical, then
// customer-visible, then flow order, then the order the risks were typed.
func compareRank(a, b rankKey) int {
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
}

// riskEntry fills a register entry from one of the room's risks: of flow fi,
// or of the session when fi is past the last flow.
func (s *summarizer) riskEntry(e *RegisterEntry, fi, ri int, flags *flagSet) {
	var r *model.Risk
	if fi < len(s.d.Flows) {
		f := &s.d.Flows[fi]
		r = &f.Failure.Risks[ri]
		*e = RegisterEntry{Flow: f.ID, FlowName: s.flowName(fi), Domain: s.domains[fi]}
	} else {
		r = &s.d.Risks[ri]
		*e = RegisterEntry{Domain: coveredDomain(r.Covers)}
	}
	e.Origin, e.ID, e.Title, e.Impact, e.Likelihood = OriginFacilitator, r.ID, r.Title, r.Impact, r.Likelihood
	e.RevenueCritical, e.CustomerVisible = r.RevenueCritical, r.CustomerVisible
	e.Fix, e.Horizon, e.Owner, e.Slice = r.Fix, r.Horizon, r.Owner, r.Slice
	e.Status, e.Ticket, e.Covers = r.Status, r.Ticket, nonNilStrings(slices.Clone(r.Covers))
	e.Evidence = slices.Clone(r.Evidence)
	if e.Status == "" {
		e.Status = model.RiskOpen
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

// coveredDomain is the domain a session-wide risk is about, read from the
// first domain finding it covers, or "".
func coveredDomain(covers []string) string {
	for _, k := range covers {
		if _, subject, ok := strings.Cut(k, ":"); ok {
			if dom, ok := strings.CutPrefix(subject, domainSubject); ok {
				return dom
			}
		}
	}
	return ""
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// flagSet is a set of register flags, as bits in the order of allFlags.
type flagSet uint8

const (
	flagNoScore = iota
	flagNoFix
	flagNoOwner
	flagNoHorizon
)

var allFlags = []string{FlagNoScore, FlagNoFix, FlagNoOwner, FlagNoHorizon}

// flagLists holds one list per flag set, so thousands of entries share a
// handful; each is full to capacity, so appending to one copies it.
var flagLists = func() (t [1 << 4][]string) {
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
