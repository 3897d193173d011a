package model

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Summary is the decision pack derived from a session's answers: nothing in it
// is typed by hand, so it is always current. Export writes it under
// "summary"; import ignores it.
type Summary struct {
	SourceOfTruth []DomainSource    `json:"source_of_truth"`
	Patterns      []PatternDecision `json:"patterns"`
	Risks         []RegisterEntry   `json:"risks"`
	Findings      []Finding         `json:"findings"`
	Ownership     []OwnershipRow    `json:"ownership"`
	Decisions     Decisions         `json:"decisions"`
	Slices        []DeliverySlice   `json:"slices"`
	Coverage      []AreaCoverage    `json:"coverage"`
	Gaps          []Gap             `json:"gaps"`
	OpenQuestions []QuestionStatus  `json:"open_questions"`
	Progress      Progress          `json:"progress"`
	Scoring       Scoring           `json:"scoring"`
}

// Source-of-truth statuses of a domain.
const (
	StatusOK       = "ok"       // the flows that name a source all name one system
	StatusConflict = "conflict" // flows of the domain name different systems
	StatusMissing  = "missing"  // no flow of the domain names one
)

// DomainSource is one row of the source-of-truth map.
type DomainSource struct {
	Domain string `json:"domain"`
	// Core domains must end the review with one source; others are shown
	// the same way but not demanded.
	Core   bool   `json:"core"`
	Status string `json:"status"`
	// System is the id of the one named system when the status is ok.
	System     string  `json:"system"`
	SystemName string  `json:"system_name"`
	Flows      int     `json:"flows"`
	Claims     []Claim `json:"claims"`
}

// Claim is one flow naming a domain's source of truth.
type Claim struct {
	Flow       string `json:"flow"`
	FlowName   string `json:"flow_name"`
	System     string `json:"system"`
	SystemName string `json:"system_name"`
}

// PatternDecision is how a flow moves its data and why, in the room's words.
type PatternDecision struct {
	Flow      string  `json:"flow"`
	FlowName  string  `json:"flow_name"`
	Domain    string  `json:"domain"`
	Pattern   Pattern `json:"pattern"`
	Rationale string  `json:"rationale"`
}

// Origins of a register entry.
const (
	// OriginFacilitator marks a risk typed in a flow's failure step.
	OriginFacilitator = "facilitator"
	// originRulePrefix starts the origin of a risk a rule raised: "rule:NO_OWNER".
	originRulePrefix = "rule:"
)

// RuleOrigin is the register origin of the rule's findings.
func RuleOrigin(rule string) string { return originRulePrefix + rule }

// Flags on a register entry.
const (
	FlagNoFix     = "no-fix"     // nobody said what would stop it
	FlagNoOwner   = "no-owner"   // nobody will do the fix
	FlagNoHorizon = "no-horizon" // the horizon was left empty and the summary chose it
	FlagNoScore   = "no-score"   // impact or likelihood is not yet 1-5
	// FlagNotStarted marks a rule's finding on a flow the room has not yet
	// walked: it stands from what is on file, but nobody has confirmed it.
	FlagNotStarted = "flow-not-started"
)

// RegisterEntry is one ranked row of the risk register.
type RegisterEntry struct {
	Rank     int    `json:"rank"`
	Score    int    `json:"score"`
	Severity string `json:"severity"`
	Origin   string `json:"origin"`
	// Flow is empty for an entry about the session as a whole (a domain's
	// source of truth, a credential in the session details).
	Flow            string  `json:"flow"`
	FlowName        string  `json:"flow_name"`
	Domain          string  `json:"domain"`
	ID              string  `json:"id"`
	Title           string  `json:"title"`
	Impact          int     `json:"impact"`
	Likelihood      int     `json:"likelihood"`
	RevenueCritical bool    `json:"revenue_critical"`
	CustomerVisible bool    `json:"customer_visible"`
	Fix             string  `json:"fix"`
	Horizon         Horizon `json:"horizon"`
	Owner           string  `json:"owner"`
	// Slice is the delivery slice, set by hand or placed by the summary.
	Slice       int      `json:"slice"`
	SliceByHand bool     `json:"slice_by_hand"`
	Flags       []string `json:"flags"`
}

// Finding is an anti-pattern a rule caught on its own.
type Finding struct {
	Rule     string `json:"rule"`
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	Domain   string `json:"domain"`
	Message  string `json:"message"`
}

// OwnershipRow is one flow of the ownership matrix; Gaps lists the roles
// (OwnershipRoles keys) nobody was named for.
type OwnershipRow struct {
	Flow           string   `json:"flow"`
	FlowName       string   `json:"flow_name"`
	FlowOwner      string   `json:"flow_owner"`
	Failures       string   `json:"failures"`
	Retries        string   `json:"retries"`
	Dashboards     string   `json:"dashboards"`
	Runbooks       string   `json:"runbooks"`
	ReleaseHandoff string   `json:"release_handoff"`
	Gaps           []string `json:"gaps"`
}

// Decisions splits the register into what is fixed now and what is planned.
type Decisions struct {
	Immediate []Decision `json:"immediate"`
	Roadmap   []Decision `json:"roadmap"`
}

// Decision is one ranked item of the decision list.
// It carries what a reader of the list needs (what, how bad, the fix, who);
// the rest of the risk is its register entry, at RegisterRank.
type Decision struct {
	Rank         int    `json:"rank"`
	RegisterRank int    `json:"register_rank"`
	Risk         string `json:"risk"`
	Title        string `json:"title"`
	Severity     string `json:"severity"`
	Fix          string `json:"fix"`
	Owner        string `json:"owner"`
}

// DeliverySlice is one slice of the delivery sequence, its risks in register
// order.
type DeliverySlice struct {
	Slice int         `json:"slice"`
	Risks []SliceItem `json:"risks"`
}

// SliceItem is one risk placed in a delivery slice; the register entry at
// RegisterRank has the rest of it.
type SliceItem struct {
	RegisterRank int    `json:"register_rank"`
	Risk         string `json:"risk"`
	Title        string `json:"title"`
	Severity     string `json:"severity"`
	ByHand       bool   `json:"by_hand"`
}

// AreaCoverage says whether the session touched an inspection area, and with
// which fields ("contract.transport") in which flows (ids, in flow order).
type AreaCoverage struct {
	Area    Area     `json:"area"`
	Title   string   `json:"title"`
	Touched bool     `json:"touched"`
	Fields  []string `json:"fields"`
	Flows   []string `json:"flows"`
}

// Gap is a step not marked done (Field empty) or a required answer left
// empty, in flow, step and field order.
type Gap struct {
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	Step     string `json:"step"`
	Field    string `json:"field"`
	Label    string `json:"label"`
}

// QuestionStatus is a parked open question and whether it has been answered.
type QuestionStatus struct {
	ID       string `json:"id"`
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	Step     string `json:"step"`
	Question string `json:"question"`
	Ask      string `json:"ask"`
	Answer   string `json:"answer"`
	Answered bool   `json:"answered"`
}

// Progress counts the walkthrough: flows, steps done and done per step.
type Progress struct {
	Flows         int            `json:"flows"`
	FlowsComplete int            `json:"flows_complete"`
	StepsDone     int            `json:"steps_done"`
	StepsTotal    int            `json:"steps_total"`
	Percent       int            `json:"percent"`
	Steps         []StepProgress `json:"steps"`
}

// StepProgress is how many flows have finished one step.
type StepProgress struct {
	Step  string `json:"step"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Scoring carries the scales and bands with the export, so a number never
// stands alone.
type Scoring struct {
	Formula        string         `json:"formula"`
	Impact         []ScaleLevel   `json:"impact"`
	Likelihood     []ScaleLevel   `json:"likelihood"`
	Severity       []SeverityBand `json:"severity"`
	DefaultHorizon string         `json:"default_horizon"`
	SliceSize      int            `json:"slice_size"`
	Slicing        string         `json:"slicing"`
	Rules          []RuleDefault  `json:"rules"`
}

// ScaleLevel is one score of a scale and what it means to the business.
type ScaleLevel struct {
	Score   int    `json:"score"`
	Meaning string `json:"meaning"`
}

// SeverityBand is the score range of one severity.
type SeverityBand struct {
	Severity string `json:"severity"`
	Min      int    `json:"min"`
	Max      int    `json:"max"`
}

// RuleDefault is what a rule's finding enters the register with.
type RuleDefault struct {
	Rule            string  `json:"rule"`
	FiresWhen       string  `json:"fires_when"`
	Impact          int     `json:"impact"`
	Likelihood      int     `json:"likelihood"`
	RevenueCritical bool    `json:"revenue_critical"`
	CustomerVisible bool    `json:"customer_visible"`
	Horizon         Horizon `json:"horizon"`
}

// Severities, from a risk's score.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityMedium   = "medium"
	SeverityLow      = "low"
)

// SeverityBands are the score ranges of the severities, worst first.
var SeverityBands = []SeverityBand{
	{SeverityCritical, 15, 25},
	{SeverityHigh, 10, 14},
	{SeverityMedium, 5, 9},
	{SeverityLow, 1, 4},
}

// SeverityOf names the band a score falls in.
func SeverityOf(score int) string {
	switch {
	case score >= 15:
		return SeverityCritical
	case score >= 10:
		return SeverityHigh
	case score >= 5:
		return SeverityMedium
	}
	return SeverityLow
}

// Score is impact times likelihood, 1-25 once both are set.
func (r Risk) Score() int { return r.Impact * r.Likelihood }

// SliceSize is how many roadmap items a delivery slice takes before the next
// one starts: small enough for one team to staff.
const SliceSize = 5

// DefaultHorizon is the horizon of a risk the room left without one.
func DefaultHorizon(severity string) Horizon {
	if severity == SeverityCritical {
		return HorizonImmediate
	}
	return HorizonRoadmap
}

// Summarize derives the decision pack from the document. It is pure and
// deterministic (the same document gives the same summary) and O(n log n)
// in flows and risks, so the TUI can recompute it as answers change.
func Summarize(d *Document) *Summary {
	return summarize(d, findCredentials(d))
}

// summarize derives the pack, taking the places credentials were found from
// the caller: Export finds them before it redacts.
func summarize(d *Document, credentials []textPlace) *Summary {
	s := newSummarizer(d)
	sum := &Summary{
		SourceOfTruth: s.sourceOfTruth(),
		Patterns:      s.patterns(),
		Ownership:     s.ownership(),
		Coverage:      s.coverage(),
		Gaps:          s.gaps(),
		OpenQuestions: s.openQuestions(),
		Progress:      s.progress(),
		Scoring:       scoring(),
	}
	hits := s.evaluateRules(sum.SourceOfTruth, credentials)
	sum.Findings = make([]Finding, len(hits))
	for i, h := range hits {
		sum.Findings[i] = Finding{Rule: h.rule.ID, Flow: s.flowID(h.flow), FlowName: s.flowName(h.flow), Domain: h.domain, Message: h.message}
	}
	sum.Risks = s.register(hits)
	placeInSlices(sum.Risks)
	sum.Decisions = decisions(sum.Risks)
	sum.Slices = deliverySlices(sum.Risks)
	return sum
}

type summarizer struct {
	d       *Document
	systems map[string]*System
	domains []string // normalised domain of each flow
}

func newSummarizer(d *Document) *summarizer {
	s := &summarizer{d: d, systems: make(map[string]*System, len(d.Systems)), domains: make([]string, len(d.Flows))}
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

func (s *summarizer) systemKind(id string) SystemKind {
	if sys, ok := s.systems[id]; ok {
		return sys.Kind
	}
	return ""
}

func (s *summarizer) sourceOfTruth() []DomainSource {
	rows := map[string]*DomainSource{}
	for _, c := range CoreDomains {
		rows[c] = &DomainSource{Domain: c, Core: true, Claims: []Claim{}}
	}
	for i := range s.d.Flows {
		dom := s.domains[i]
		if dom == "" {
			continue
		}
		row := rows[dom]
		if row == nil {
			row = &DomainSource{Domain: dom, Claims: []Claim{}}
			rows[dom] = row
		}
		row.Flows++
		if sys := s.d.Flows[i].Source.System; sys != "" {
			row.Claims = append(row.Claims, Claim{Flow: s.d.Flows[i].ID, FlowName: s.flowName(i), System: sys, SystemName: s.systemName(sys)})
		}
	}
	others := slices.Sorted(maps.Keys(rows))
	out := make([]DomainSource, 0, len(rows))
	for _, c := range CoreDomains {
		out = append(out, *rows[c])
	}
	for _, dom := range others {
		if !IsCoreDomain(dom) {
			out = append(out, *rows[dom])
		}
	}
	for i := range out {
		row := &out[i]
		switch {
		case len(row.Claims) == 0:
			row.Status = StatusMissing
		case slices.ContainsFunc(row.Claims, func(c Claim) bool { return c.System != row.Claims[0].System }):
			row.Status = StatusConflict
		default:
			row.Status = StatusOK
			row.System, row.SystemName = row.Claims[0].System, row.Claims[0].SystemName
		}
	}
	return out
}

func (s *summarizer) patterns() []PatternDecision {
	out := make([]PatternDecision, len(s.d.Flows))
	for i := range s.d.Flows {
		f := &s.d.Flows[i]
		out[i] = PatternDecision{Flow: f.ID, FlowName: s.flowName(i), Domain: s.domains[i], Pattern: f.Contract.Pattern, Rationale: f.Contract.PatternRationale}
	}
	return out
}

func (s *summarizer) ownership() []OwnershipRow {
	out := make([]OwnershipRow, len(s.d.Flows))
	for i := range s.d.Flows {
		f := &s.d.Flows[i]
		row := OwnershipRow{
			Flow: f.ID, FlowName: s.flowName(i),
			FlowOwner: f.Owner.FlowOwner, Failures: f.Owner.Failures, Retries: f.Owner.Retries,
			Dashboards: f.Owner.Dashboards, Runbooks: f.Owner.Runbooks, ReleaseHandoff: f.Owner.ReleaseHandoff,
			Gaps: []string{},
		}
		for _, role := range OwnershipRoles {
			if unnamed(f.Get(StepOwner, role)) {
				row.Gaps = append(row.Gaps, role)
			}
		}
		out[i] = row
	}
	return out
}

// coverageField is one answer that counts towards inspection areas.
type coverageField struct {
	step  Step
	key   string
	name  string // "contract.transport"
	areas []Area
}

// coverageFields are the step fields mapped to areas, plus the flow's via.
var coverageFields = func() []coverageField {
	var out []coverageField
	for _, st := range Steps {
		for _, f := range StepFields(st) {
			if len(f.Areas) > 0 {
				out = append(out, coverageField{st, f.Key, st.String() + "." + f.Key, f.Areas})
			}
		}
	}
	for _, f := range FlowFields {
		if len(f.Areas) > 0 {
			out = append(out, coverageField{-1, f.Key, "flow." + f.Key, f.Areas})
		}
	}
	return out
}()

func (s *summarizer) coverage() []AreaCoverage {
	index := make(map[Area]int, len(Areas))
	out := make([]AreaCoverage, len(Areas))
	for i, a := range Areas {
		index[a.ID] = i
		out[i] = AreaCoverage{Area: a.ID, Title: a.Title, Fields: []string{}, Flows: []string{}}
	}
	fieldSeen := make([][]bool, len(Areas))
	for i := range fieldSeen {
		fieldSeen[i] = make([]bool, len(coverageFields))
	}
	lastFlow := make([]int, len(Areas))
	for i := range lastFlow {
		lastFlow[i] = -1
	}
	for fi := range s.d.Flows {
		f := &s.d.Flows[fi]
		for ci, cf := range coverageFields {
			if !answered(f, cf.step, cf.key) {
				continue
			}
			for _, a := range cf.areas {
				ai, ok := index[a]
				if !ok {
					continue
				}
				fieldSeen[ai][ci] = true
				if lastFlow[ai] != fi {
					lastFlow[ai] = fi
					out[ai].Flows = append(out[ai].Flows, f.ID)
				}
			}
		}
	}
	for ai := range out {
		for ci, seen := range fieldSeen[ai] {
			if seen {
				out[ai].Fields = append(out[ai].Fields, coverageFields[ci].name)
			}
		}
		out[ai].Touched = len(out[ai].Flows) > 0
	}
	return out
}

// answered reports whether a field of a flow has a non-blank answer; step -1
// means the flow's own fields.
func answered(f *Flow, st Step, key string) bool {
	switch {
	case st < 0:
		return strings.TrimSpace(f.GetHeader(key)) != ""
	case st == StepSource && key == "other_writers":
		return len(f.Source.OtherWriters) > 0
	}
	return strings.TrimSpace(f.Get(st, key)) != ""
}

func (s *summarizer) gaps() []Gap {
	out := make([]Gap, 0, 2*len(s.d.Flows))
	for i := range s.d.Flows {
		f := &s.d.Flows[i]
		for _, st := range Steps {
			if !f.StepDone(st) {
				out = append(out, Gap{Flow: f.ID, FlowName: s.flowName(i), Step: st.String(), Label: st.Title() + " step not marked done"})
			}
			for _, fd := range StepFields(st) {
				if fd.Required && !answered(f, st, fd.Key) {
					out = append(out, Gap{Flow: f.ID, FlowName: s.flowName(i), Step: st.String(), Field: fd.Key, Label: fd.Label})
				}
			}
		}
	}
	return out
}

func (s *summarizer) openQuestions() []QuestionStatus {
	flowAt := s.flowPositions()
	out := make([]QuestionStatus, len(s.d.OpenQuestions))
	for i, q := range s.d.OpenQuestions {
		name := ""
		if fi, ok := flowAt[q.Flow]; ok {
			name = s.flowName(fi)
		}
		out[i] = QuestionStatus{ID: q.ID, Flow: q.Flow, FlowName: name, Step: q.Step, Question: q.Question, Ask: q.Ask, Answer: q.Answer,
			Answered: strings.TrimSpace(q.Answer) != ""}
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
	p := Progress{Flows: len(s.d.Flows), StepsTotal: len(s.d.Flows) * len(Steps), Steps: make([]StepProgress, len(Steps))}
	for i, st := range Steps {
		p.Steps[i] = StepProgress{Step: st.String(), Total: len(s.d.Flows)}
	}
	for i := range s.d.Flows {
		done := s.d.Flows[i].StepsDone()
		p.StepsDone += done
		if done == len(Steps) {
			p.FlowsComplete++
		}
		for j, st := range Steps {
			if s.d.Flows[i].StepDone(st) {
				p.Steps[j].Done++
			}
		}
	}
	if p.StepsTotal > 0 {
		p.Percent = p.StepsDone * 100 / p.StepsTotal
	}
	return p
}

func scoring() Scoring {
	sc := Scoring{
		Formula:        "score = impact × likelihood (1-25)",
		Severity:       slices.Clone(SeverityBands),
		DefaultHorizon: "a risk left without a horizon is immediate when critical, roadmap otherwise",
		SliceSize:      SliceSize,
		Slicing: fmt.Sprintf("a slice set by hand wins; otherwise immediate fixes go to slice 1 and roadmap items fill slices 2 onwards in register order, up to %d a slice",
			SliceSize),
	}
	for i := 1; i < len(ImpactLevels); i++ {
		sc.Impact = append(sc.Impact, ScaleLevel{Score: i, Meaning: ImpactLevels[i]})
	}
	for i := 1; i < len(LikelihoodLevels); i++ {
		sc.Likelihood = append(sc.Likelihood, ScaleLevel{Score: i, Meaning: LikelihoodLevels[i]})
	}
	for _, r := range Rules {
		sc.Rules = append(sc.Rules, RuleDefault{Rule: r.ID, FiresWhen: r.FiresWhen, Impact: r.Impact, Likelihood: r.Likelihood,
			RevenueCritical: r.RevenueCritical, CustomerVisible: r.CustomerVisible, Horizon: r.Horizon})
	}
	return sc
}

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
		case e.Horizon == HorizonImmediate:
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
		if reg[i].Horizon == HorizonImmediate {
			immediate++
		}
	}
	ds := Decisions{Immediate: make([]Decision, 0, immediate), Roadmap: make([]Decision, 0, len(reg)-immediate)}
	for i := range reg {
		e := &reg[i]
		list := &ds.Roadmap
		if e.Horizon == HorizonImmediate {
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
