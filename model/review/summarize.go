// Package review is archreview's method: what a session's answers mean. It
// runs the review rules, ranks the risk register, places risks in delivery
// slices, splits the decision list, measures coverage of the inspection areas
// and derives the whole summary, the decision pack, from a document; a Live
// keeps one current as the session changes, deriving again only what each
// change touched.
//
// It imports model and no other package of archreview's. Telling a
// credential from other text is model/redact's; Summarize takes that test
// (redact.MentionsCredential), so the SECRET_IN_NOTES rule can name the
// places without this package knowing the shapes.
package review

import (
	"maps"
	"math/bits"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// Summarize derives the decision pack from the document. isCredential says
// whether a text looks like a credential (redact.MentionsCredential), for
// SECRET_IN_NOTES. It is pure and deterministic (the same document gives the
// same summary) and O(n log n) in flows and risks, so the TUI can derive it
// again whenever the answers change.
func Summarize(d *model.Document, isCredential func(string) bool) *Summary {
	return SummarizeWith(d, isCredential, nil)
}

// SummarizeWith is Summarize with a question pack's rule settings, by rule
// id: a rule turned off raises no finding, and one with another impact or
// likelihood suggests that score.
func SummarizeWith(d *model.Document, isCredential func(string) bool, rules map[string]model.RuleSetting) *Summary {
	sum, _, _, _ := summarizeAll(d, isCredential, rules)
	return sum
}

// summarizeAll derives the summary, and hands back what a Live keeps of
// the derivation: the summarizer, the rules' hits (one per finding, in
// order) and the places credentials were found.
func summarizeAll(d *model.Document, isCredential func(string) bool, rules map[string]model.RuleSetting) (*Summary, *summarizer, []ruleHit, []model.TextPlace) {
	// Reading every answer for credentials is a fifth of the work and needs
	// nothing else: it runs beside the rest, on the second core.
	found := make(chan []model.TextPlace, 1)
	go func() { found <- CredentialPlaces(d, isCredential) }()
	s := newSummarizer(d)
	sum := &Summary{
		SourceOfTruth: s.sourceOfTruth(),
		Patterns:      s.patterns(),
		Ownership:     s.ownership(),
		Coverage:      s.coverage(),
		Gaps:          s.gaps(),
		OpenQuestions: s.openQuestions(s.flowPositions()),
		Progress:      s.progress(),
		Scoring:       scoring(),
	}
	sum.DecisionsAsked = s.decisionsAsked(sum.SourceOfTruth, sum.OpenQuestions)
	sum.TargetState = s.targetState()
	sum.Scoring.SliceSize = d.Session.Slice()
	sum.Scoring.Rules = ruleDefaults(rules)
	sum.Risks = s.register()
	s.sot, s.decided, s.ranked = sum.SourceOfTruth, decidedSources(sum.SourceOfTruth), sum.Risks
	places := <-found
	s.credentials = s.credentialLabels(places)
	s.coverIndex()
	hits := s.evaluateRules(rules)
	sum.Findings = s.findings(hits, rules)
	sum.Triage = countTriage(sum.Risks, sum.Findings)
	placeInSlices(sum.Risks, d.Session.Slice())
	sum.Decisions = decisions(sum.Risks)
	sum.Slices = deliverySlices(sum.Risks)
	s.costing = d.Session.Costing()
	s.figs = s.riskFigures()
	sum.BusinessCase, s.caseRanks, s.sliceSums = businessCase(&s.costing, sum.Risks, s.figs, sum.Slices)
	return sum, s, hits, places
}

type summarizer struct {
	d       *model.Document
	systems map[string]*model.System
	domains []string // normalised domain of each flow
	// rankKeys orders the register, entry by entry, once it is built.
	rankKeys []rankKey

	// What the rules read beyond the flow they check: the source-of-truth
	// map, each decided domain's source, the places credentials were
	// written by flow index (-1 for the session's own details), the ranked
	// register; and, for the findings' status, the risk covering each
	// finding key and the reason each dismissed one was set aside.
	sot         []DomainSource
	decided     map[string]string
	credentials map[int][]string
	ranked      []RegisterEntry
	coveredBy   map[string]string
	dismissed   map[string]string
	// routes are where each system's flows go in the target state.
	routes map[string]route

	// The business case's assumptions, each register entry's figures by
	// rank, the register rank of each of the case's risks, and the sums of
	// each delivery slice.
	costing   model.Costing
	figs      []riskFigures
	caseRanks []int
	sliceSums []sliceSum
}

func newSummarizer(d *model.Document) *summarizer {
	s := &summarizer{d: d, systems: make(map[string]*model.System, len(d.Systems)), domains: make([]string, len(d.Flows))}
	for i := range d.Systems {
		if _, dup := s.systems[d.Systems[i].ID]; !dup {
			s.systems[d.Systems[i].ID] = &d.Systems[i]
		}
	}
	for i := range d.Flows {
		s.domains[i] = normalDomain(d.Flows[i].Domain)
	}
	return s
}

// normalDomain folds "Order " and "order" together, as the flow form does.
func normalDomain(d string) string {
	d = strings.TrimSpace(d)
	for i := 0; i < len(d); i++ {
		if c := d[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(d)
		}
	}
	return d
}

func (s *summarizer) flowID(i int) string {
	if i < 0 {
		return ""
	}
	return s.d.Flows[i].ID
}

// flowName names a flow for people: its name, or its id while it has none.
func (s *summarizer) flowName(i int) string {
	if i < 0 {
		return ""
	}
	if f := &s.d.Flows[i]; strings.TrimSpace(f.Name) != "" {
		return f.Name
	}
	return s.d.Flows[i].ID
}

func (s *summarizer) systemName(id string) string {
	if sys, ok := s.systems[id]; ok && strings.TrimSpace(sys.Name) != "" {
		return sys.Name
	}
	return id
}

func (s *summarizer) systemKind(id string) model.SystemKind {
	if sys, ok := s.systems[id]; ok {
		return sys.Kind
	}
	return ""
}

func (s *summarizer) sourceOfTruth() []DomainSource {
	decisions := firstDecisions(s.d)
	members := map[string][]int{}
	for i, dom := range s.domains {
		if dom != "" {
			members[dom] = append(members[dom], i)
		}
	}
	doms := sotDomains(members, decisions)
	out := make([]DomainSource, len(doms))
	for i, dom := range doms {
		out[i] = s.domainRow(dom, members[dom], decisions[dom])
	}
	return out
}

// firstDecisions is the room's decision on each domain: the first one
// recorded under its name.
func firstDecisions(d *model.Document) map[string]*model.DomainDecision {
	decided := map[string]*model.DomainDecision{}
	for i := range d.Domains {
		dd := &d.Domains[i]
		if dom := normalDomain(dd.Name); dom != "" && decided[dom] == nil {
			decided[dom] = dd
		}
	}
	return decided
}

// sotDomains are the rows of the source-of-truth map: every core domain,
// in its order, then the other domains a flow or a decision names, sorted.
func sotDomains[F, D any](members map[string]F, decisions map[string]D) []string {
	others := map[string]bool{}
	for dom := range members {
		others[dom] = !model.IsCoreDomain(dom)
	}
	for dom := range decisions {
		others[dom] = !model.IsCoreDomain(dom)
	}
	out := slices.Clone(model.CoreDomains)
	for _, dom := range slices.Sorted(maps.Keys(others)) {
		if others[dom] {
			out = append(out, dom)
		}
	}
	return out
}

// domainRow is the source-of-truth row of a domain: its flows (indices in
// flow order) claim its source, and the room's decision, if any, settles or
// parks it.
func (s *summarizer) domainRow(dom string, flows []int, dd *model.DomainDecision) DomainSource {
	row := DomainSource{Domain: dom, Core: model.IsCoreDomain(dom), Flows: len(flows), Claims: []Claim{}}
	for _, i := range flows {
		if sys := s.d.Flows[i].Source.System; sys != "" {
			row.Claims = append(row.Claims, Claim{Flow: s.d.Flows[i].ID, FlowName: s.flowName(i), System: sys, SystemName: s.systemName(sys)})
		}
	}
	if dd != nil {
		row.Rationale, row.DecidedBy = dd.Rationale, dd.DecidedBy
		row.Evidence = slices.Clone(dd.Evidence)
	}
	switch {
	case dd != nil && dd.Parked():
		row.Status, row.Ask, row.Due = StatusParked, dd.Ask, dd.Due
	case dd != nil && dd.SourceOfTruth != model.UnknownSystem:
		row.Status = StatusDecided
		row.System, row.SystemName = dd.SourceOfTruth, s.systemName(dd.SourceOfTruth)
	default:
		// A decision of unknown is one more voice saying so: the room
		// was asked and did not know, whatever the flows claim.
		row.Status, row.System = claimsStatus(row.Claims, dd != nil)
		if row.System != "" {
			row.SystemName = s.systemName(row.System)
		}
	}
	return row
}

// claimsStatus is where a domain stands on its flows' claims alone: no
// system named is missing (a gap when nobody answered, a finding when they
// said unknown), one system named by all is ok, anything else a conflict.
// An unknown, from a flow or from the room's decision (decidedUnknown),
// disagrees with any system named, so it is never ok.
func claimsStatus(claims []Claim, decidedUnknown bool) (status, system string) {
	unknown := decidedUnknown
	for _, c := range claims {
		switch {
		case c.System == model.UnknownSystem:
			unknown = true
		case system == "":
			system = c.System
		case c.System != system:
			return StatusConflict, ""
		}
	}
	switch {
	case system == "":
		return StatusMissing, ""
	case unknown:
		return StatusConflict, ""
	}
	return StatusOK, system
}

// decisionsAsked lists the decisions asked: the parked domains, in the
// map's order, with what their flows say meanwhile, then the open
// questions asked as decisions and not yet answered (questions are the
// summary's, in their order); all of them by the date they are due,
// soonest first, those without a date last.
func (s *summarizer) decisionsAsked(sot []DomainSource, questions []QuestionStatus) []DecisionAsked {
	out := []DecisionAsked{}
	var leaned map[string]*model.DomainDecision
	for _, row := range sot {
		if row.Status != StatusParked {
			continue
		}
		if leaned == nil {
			leaned = firstDecisions(s.d)
		}
		a := DecisionAsked{
			Kind: DecisionAskedDomain, Domain: row.Domain,
			Question: "Which system is the source of truth for " + row.Domain + " data?",
			Ask:      row.Ask, Due: row.Due, Note: row.Rationale, Claims: row.Claims, Options: []string{},
		}
		for _, c := range row.Claims {
			if c.System != model.UnknownSystem && !slices.Contains(a.Options, c.SystemName) {
				a.Options = append(a.Options, c.SystemName)
			}
		}
		if dd := leaned[row.Domain]; dd != nil && dd.SourceOfTruth != "" && dd.SourceOfTruth != model.UnknownSystem {
			a.Recommendation = s.systemName(dd.SourceOfTruth)
			if !slices.Contains(a.Options, a.Recommendation) {
				a.Options = append(a.Options, a.Recommendation)
			}
		}
		out = append(out, a)
	}
	for i := range s.d.OpenQuestions {
		q := &s.d.OpenQuestions[i]
		if !q.DecisionPending() {
			continue
		}
		out = append(out, DecisionAsked{
			Kind: DecisionAskedQuestion, Question: q.Question, Ask: q.Ask, Due: q.Due, Claims: []Claim{},
			ID: q.ID, Flow: q.Flow, FlowName: questions[i].FlowName,
			Options: append([]string{}, q.Options...), Recommendation: q.Recommendation,
		})
	}
	slices.SortStableFunc(out, func(a, b DecisionAsked) int {
		switch {
		case a.Due == b.Due:
			return 0
		case a.Due == "":
			return 1
		case b.Due == "":
			return -1
		}
		return strings.Compare(a.Due, b.Due)
	})
	return out
}

func (s *summarizer) patterns() []PatternDecision {
	out := make([]PatternDecision, len(s.d.Flows))
	for i := range s.d.Flows {
		out[i] = s.pattern(i)
	}
	return out
}

func (s *summarizer) pattern(i int) PatternDecision {
	f := &s.d.Flows[i]
	return PatternDecision{Flow: f.ID, FlowName: s.flowName(i), Domain: s.domains[i], Pattern: f.Contract.Pattern, Rationale: f.Contract.PatternRationale}
}

func (s *summarizer) ownership() []OwnershipRow {
	out := make([]OwnershipRow, len(s.d.Flows))
	for i := range s.d.Flows {
		out[i] = s.ownershipRow(i)
	}
	return out
}

func (s *summarizer) ownershipRow(i int) OwnershipRow {
	f := &s.d.Flows[i]
	row := OwnershipRow{
		Flow: f.ID, FlowName: s.flowName(i),
		FlowOwner: f.Owner.FlowOwner, Failures: f.Owner.Failures, Retries: f.Owner.Retries,
		Dashboards: f.Owner.Dashboards, Runbooks: f.Owner.Runbooks, ReleaseHandoff: f.Owner.ReleaseHandoff,
		Gaps: []string{},
	}
	for _, role := range model.OwnershipRoles {
		if unnamed(f.Get(model.StepOwner, role)) {
			row.Gaps = append(row.Gaps, role)
		}
	}
	return row
}

// openQuestions lists the open questions; flowAt is each flow's index by
// id (flowPositions).
func (s *summarizer) openQuestions(flowAt map[string]int) []QuestionStatus {
	out := make([]QuestionStatus, len(s.d.OpenQuestions))
	for i, q := range s.d.OpenQuestions {
		name := ""
		if fi, ok := flowAt[q.Flow]; ok {
			name = s.flowName(fi)
		}
		out[i] = QuestionStatus{ID: q.ID, Flow: q.Flow, FlowName: name, Step: q.Step, Question: q.Question, Ask: q.Ask, Answer: q.Answer,
			Answered: strings.TrimSpace(q.Answer) != "", Evidence: slices.Clone(q.Evidence)}
	}
	return out
}

// flowPositions maps flow ids to their index; the first flow wins a
// duplicated id.
func (s *summarizer) flowPositions() map[string]int {
	at := make(map[string]int, len(s.d.Flows))
	for i := range s.d.Flows {
		if _, dup := at[s.d.Flows[i].ID]; !dup {
			at[s.d.Flows[i].ID] = i
		}
	}
	return at
}

func (s *summarizer) progress() Progress {
	done := make([]uint8, len(s.d.Flows))
	for i := range s.d.Flows {
		done[i] = stepsDone(&s.d.Flows[i])
	}
	return progressOf(done)
}

// stepsDone are the steps of a flow marked done, a bit each in the order
// of model.Steps.
func stepsDone(f *model.Flow) uint8 {
	var done uint8
	for j, st := range model.Steps {
		if f.StepDone(st) {
			done |= 1 << j
		}
	}
	return done
}

// progressOf counts the walkthrough from each flow's steps done.
func progressOf(done []uint8) Progress {
	p := Progress{Flows: len(done), StepsTotal: len(done) * len(model.Steps), Steps: make([]StepProgress, len(model.Steps))}
	for i, st := range model.Steps {
		p.Steps[i] = StepProgress{Step: st.String(), Total: len(done)}
	}
	for _, m := range done {
		p.count(m, 1)
	}
	return p
}

// count adds (by 1) or takes away (by -1) one flow's steps done.
func (p *Progress) count(done uint8, by int) {
	n := bits.OnesCount8(done)
	p.StepsDone += by * n
	if n == len(model.Steps) {
		p.FlowsComplete += by
	}
	for j := range p.Steps {
		if done&(1<<j) != 0 {
			p.Steps[j].Done += by
		}
	}
	p.Percent = 0
	if p.StepsTotal > 0 {
		p.Percent = p.StepsDone * 100 / p.StepsTotal
	}
}

// CredentialPlaces lists the places in d whose text isCredential, so a
// finding can name where a credential was written without quoting it.
func CredentialPlaces(d *model.Document, isCredential func(string) bool) []model.TextPlace {
	var found []model.TextPlace
	if isCredential == nil {
		return nil // no test given: nothing reads as a credential
	}
	model.WalkText(d, func(at model.TextPlace, text *string) {
		if *text != "" && isCredential(*text) {
			found = append(found, at)
		}
	})
	return found
}
