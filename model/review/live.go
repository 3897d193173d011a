package review

import (
	"slices"

	"github.com/archreview/archreview/model"
)

// Live keeps a session's summary current change by change: Apply derives
// again only what a change touched (the changed flows' findings, register
// entries, gaps, coverage and progress, their domains' source-of-truth
// rows, the ranks that moved, the counts) and leaves the rest as it was.
// Flows added after the last are read as changed ones. What it cannot
// follow that way it derives whole: a resync, a change to the session's
// details or its systems, flows deleted, moved or inserted before others,
// a change that does not say which flows it touched, and any change to a
// document with a flow id used twice. Its summary is always the one
// SummarizeWith gives for the same document (a property test holds it to
// that).
//
// The summary Apply returns is the Live's own, changed in place by the next
// Apply: read it on the goroutine that applies the changes. Rule settings
// are fixed for the Live's life; a session whose pack changed takes a new
// one.
type Live struct {
	isCredential func(string) bool
	rules        map[string]model.RuleSetting

	s   *summarizer
	sum *Summary
	// whole marks a document a Live cannot follow change by change (a flow
	// id used twice): every Apply derives it whole.
	whole bool

	at      map[string]int   // each flow's index by id
	flows   []flowState      // what each flow was when last read
	members map[string][]int // each domain's flows, in flow order
	// decisions are the room's decision on each domain as last read.
	decisions map[string]model.DomainDecision
	// sessionKeys order the session's own risks in the register, by index.
	sessionKeys []rankKey
	// hand is each register entry's slice as set by hand (0 for none),
	// which placing the entries in slices overwrites.
	hand []int

	blocks []findingBlock // the findings of each rule the pack leaves on

	gapsAt     fenwick   // gaps of each flow
	fieldFlows []int     // flows answering each coverage field
	areaFlows  []fenwick // 1 for each flow counting towards an area

	// What the change in hand touched beyond the flows it names.
	dirty struct {
		flows     []int // flows whose findings to check again
		flowSeen  map[int]bool
		domains   map[string]bool // source-of-truth rows to build again
		plan      bool            // entries came into or left the plan
		ranks     bool            // entries moved or changed within ranks from to to
		from, to  int
		covers    bool            // a risk's covered findings changed
		session   bool            // the session-wide checks' inputs changed
		questions bool            // the open questions to list again
		statuses  map[string]bool // finding keys covered or dismissed anew
		// The business case: the risks whose figures changed, by their
		// keys now; what that changed in the open risks' sums, and in the
		// delivery slices' by slice number.
		figs   []rankKey
		costs  BusinessCase
		sliced map[int]sliceSum
	}
}

// flowState is what a Live last read of one flow.
type flowState struct {
	id, name, domain, from, to, via, source string
	done                                    uint8
	cover                                   coverMask
	keys                                    []rankKey // of its risks, by index
	// own names the places credentials were written in its answers,
	// asked those in the open questions about it.
	own, asked []string
}

// NewLive derives the summary of d whole and keeps what Apply needs to
// follow its changes; isCredential and rules are SummarizeWith's.
func NewLive(d *model.Document, isCredential func(string) bool, rules map[string]model.RuleSetting) *Live {
	l := &Live{isCredential: isCredential, rules: rules}
	l.rebuild(d)
	return l
}

// Summary is the summary as of the last change applied.
func (l *Live) Summary() *Summary { return l.sum }

// Apply brings the summary up to date after the change c to d, the
// document the Live was made with (the same value, changed in place).
func (l *Live) Apply(d *model.Document, c model.Change) *Summary {
	if !l.follows(d, c) {
		return l.rebuild(d)
	}
	l.begin()
	l.appendFlows()
	if c.Touches(model.PartDecided) {
		l.readDecided()
	}
	if c.Touches(model.PartDecided | model.PartQuestions) {
		l.readOtherPlaces()
	}
	if c.Touches(model.PartQuestions) {
		l.dirty.questions = true
	}
	for _, id := range c.Flows {
		l.readFlow(l.at[id])
	}
	l.settle()
	return l.sum
}

// follows reports whether Apply can bring the summary up to date by
// parts after c: the flows it names are the ones last read, or new ones
// added after them.
func (l *Live) follows(d *model.Document, c model.Change) bool {
	whole := model.PartSession | model.PartSystems
	if l.whole || c.Resync || c.Touches(whole) || d != l.s.d || len(d.Flows) < len(l.flows) ||
		c.Touches(model.PartFlows) && len(c.Flows) == 0 {
		return false
	}
	if (c.Touches(model.PartOrder) || len(d.Flows) != len(l.flows)) && !l.appended(d) {
		return false
	}
	for _, id := range c.Flows {
		i, ok := l.at[id]
		switch {
		case ok && i < len(d.Flows) && d.Flows[i].ID != id: // a flow given another id
			return false
		case !ok && d.FlowIndex(id) < len(l.flows): // deleted, or not a flow
			return false
		}
	}
	return true
}

// appended reports whether d's flows are the ones last read, in their
// order, followed by none or more with ids of their own.
func (l *Live) appended(d *model.Document) bool {
	for i := range l.flows {
		if d.Flows[i].ID != l.flows[i].id {
			return false
		}
	}
	added := map[string]bool{}
	for _, f := range d.Flows[len(l.flows):] {
		if _, ok := l.at[f.ID]; ok || added[f.ID] {
			return false
		}
		added[f.ID] = true
	}
	return true
}

// appendFlows reads the flows added after the last one read. The
// session's own risks, which rank after every flow's, take the new count
// of flows into their keys; open questions may be about the new flows.
func (l *Live) appendFlows() {
	s, sum := l.s, l.sum
	was, now := len(l.flows), len(s.d.Flows)
	if now == was {
		return
	}
	// All found before any changes: a key changed alone would sort after
	// the session's other risks of its score.
	at := make([]int, len(l.sessionKeys))
	for ri, k := range l.sessionKeys {
		at[ri] = l.entryAt(k)
	}
	for ri := range l.sessionKeys {
		s.rankKeys[at[ri]].flow = now
		l.sessionKeys[ri].flow = now
	}
	for j := was; j < now; j++ {
		l.at[s.d.Flows[j].ID] = j
		s.domains = append(s.domains, "")
		l.flows = append(l.flows, flowState{})
		l.gapsAt.push(0)
		for ai := range l.areaFlows {
			l.areaFlows[ai].push(0)
		}
		for b := range l.blocks {
			if l.blocks[b].rule.flow != nil {
				l.blocks[b].flows.push(0)
			}
		}
		sum.Patterns = append(sum.Patterns, PatternDecision{})
		sum.Ownership = append(sum.Ownership, OwnershipRow{})
	}
	l.appendTargetFlows(now - was)
	p := &sum.Progress
	p.Flows, p.StepsTotal = now, now*len(model.Steps)
	for j := range p.Steps {
		p.Steps[j].Total = now
	}
	p.count(0, 0)
	for ai := range sum.Coverage {
		sum.Coverage[ai].count(now)
	}
	for j := was; j < now; j++ {
		l.readFlow(j)
	}
	l.readOtherPlaces()
	l.dirty.questions = true
}

// rebuild derives the summary whole and reads everything a Live keeps.
func (l *Live) rebuild(d *model.Document) *Summary {
	sum, s, hits, places := summarizeAll(d, l.isCredential, l.rules)
	l.s, l.sum = s, sum
	l.at = make(map[string]int, len(d.Flows))
	for i := range d.Flows {
		l.at[d.Flows[i].ID] = i
	}
	if l.whole = len(l.at) != len(d.Flows); l.whole {
		return sum
	}
	l.flows = make([]flowState, len(d.Flows))
	l.members = map[string][]int{}
	gaps := make([]int, len(d.Flows))
	for _, g := range sum.Gaps {
		gaps[l.at[g.Flow]]++
	}
	l.gapsAt = newFenwick(gaps)
	l.fieldFlows = make([]int, len(coverageFields))
	inArea := make([][]int, len(model.Areas))
	for ai := range inArea {
		inArea[ai] = make([]int, len(d.Flows))
	}
	for i := range d.Flows {
		f, st := &d.Flows[i], &l.flows[i]
		l.readHeader(i)
		if st.domain != "" {
			l.members[st.domain] = append(l.members[st.domain], i)
		}
		st.done = stepsDone(f)
		st.cover = coverageOf(f)
		for ci := range coverageFields {
			if st.cover&(1<<ci) != 0 {
				l.fieldFlows[ci]++
			}
		}
		areas := st.cover.areas()
		for ai := range inArea {
			if areas&(1<<ai) != 0 {
				inArea[ai][i] = 1
			}
		}
		st.keys = make([]rankKey, len(f.Failure.Risks))
	}
	l.areaFlows = make([]fenwick, len(model.Areas))
	for ai := range inArea {
		l.areaFlows[ai] = newFenwick(inArea[ai])
	}
	l.decisions = map[string]model.DomainDecision{}
	for dom, dd := range firstDecisions(d) {
		l.decisions[dom] = *dd
	}
	l.sessionKeys = make([]rankKey, len(d.Risks))
	l.hand = make([]int, len(s.rankKeys))
	for i, k := range s.rankKeys {
		keys := l.sessionKeys
		if k.flow < len(d.Flows) {
			keys = l.flows[k.flow].keys
		}
		keys[k.seq] = k
		l.hand[i] = l.risk(k).Slice
	}
	for _, p := range places {
		switch {
		case p.Flow < 0:
		case p.Kind == model.PlaceQuestion:
			l.flows[p.Flow].asked = appendLabel(l.flows[p.Flow].asked, s.placeLabel(p))
		default:
			l.flows[p.Flow].own = appendLabel(l.flows[p.Flow].own, s.placeLabel(p))
		}
	}
	l.readBlocks(hits)
	return sum
}

// readHeader reads what of flow i other parts of the summary name: its
// id, name, domain, systems and source.
func (l *Live) readHeader(i int) {
	f, st := &l.s.d.Flows[i], &l.flows[i]
	st.id, st.name, st.domain = f.ID, l.s.flowName(i), l.s.domains[i]
	st.from, st.to, st.via, st.source = f.From, f.To, f.Via, f.Source.System
}

// risk is the risk k orders.
func (l *Live) risk(k rankKey) *model.Risk {
	if k.flow < len(l.s.d.Flows) {
		return &l.s.d.Flows[k.flow].Failure.Risks[k.seq]
	}
	return &l.s.d.Risks[k.seq]
}

func appendLabel(labels []string, label string) []string {
	if slices.Contains(labels, label) {
		return labels
	}
	return append(labels, label)
}

// begin starts a change with nothing touched yet.
func (l *Live) begin() {
	d := &l.dirty
	d.flows = d.flows[:0]
	d.flowSeen = map[int]bool{}
	d.domains = map[string]bool{}
	d.statuses = map[string]bool{}
	d.figs, d.costs = d.figs[:0], BusinessCase{}
	if d.sliced == nil {
		d.sliced = map[int]sliceSum{}
	}
	clear(d.sliced)
	d.plan, d.ranks, d.covers, d.session, d.questions = false, false, false, false, false
	d.from, d.to = len(l.sum.Risks), 0
}

// checkFlow marks flow i's findings to check again.
func (l *Live) checkFlow(i int) {
	if !l.dirty.flowSeen[i] {
		l.dirty.flowSeen[i] = true
		l.dirty.flows = append(l.dirty.flows, i)
	}
}

// settle derives what the flows, decisions and risks read since begin
// touched: source-of-truth rows, the plan, covered findings, findings,
// open questions and counts.
func (l *Live) settle() {
	asked := len(l.dirty.domains) > 0 || l.dirty.questions
	if len(l.dirty.domains) > 0 {
		l.refreshDomains()
	}
	if l.dirty.questions {
		l.sum.OpenQuestions = l.s.openQuestions(l.at)
	}
	if asked {
		l.sum.DecisionsAsked = l.s.decisionsAsked(l.sum.SourceOfTruth, l.sum.OpenQuestions)
	}
	switch {
	case l.dirty.plan:
		l.replan()
	case l.dirty.ranks:
		l.replanRanks(l.dirty.from, l.dirty.to)
	}
	if l.dirty.plan || l.dirty.ranks {
		l.dirty.session = true
	}
	if !l.dirty.plan {
		l.settleCase() // a new plan made the business case again
	}
	if l.dirty.covers {
		covered := coveringRisks(l.s.d)
		l.diffKeys(l.s.coveredBy, covered)
		l.s.coveredBy = covered
		l.dirty.session = true
	}
	for _, i := range l.dirty.flows {
		l.refreshFlowFindings(i)
	}
	if l.dirty.session {
		l.refreshSessionFindings()
	}
	for key := range l.dirty.statuses {
		l.refreshStatus(key)
	}
	l.sum.Triage.Register = len(l.sum.Risks)
}
