package review

import (
	"strings"

	"github.com/archreview/archreview/model"
)

// Summary is the decision pack derived from a session's answers: nothing in it
// is typed by hand, so it is always current. An export (model/report) writes
// it under "summary"; import skips it.
type Summary struct {
	SourceOfTruth []DomainSource    `json:"source_of_truth"`
	Patterns      []PatternDecision `json:"patterns"`
	// Risks is the register: the room's risks, typed or accepted from a
	// finding, ranked.
	Risks []RegisterEntry `json:"risks"`
	// Findings is every rule's finding with its triage status: open ones
	// are the findings still to confirm.
	Findings  []Finding       `json:"findings"`
	Triage    TriageCounts    `json:"triage"`
	Ownership []OwnershipRow  `json:"ownership"`
	Decisions Decisions       `json:"decisions"`
	Slices    []DeliverySlice `json:"slices"`
	// BusinessCase is what the open risks cost a year and what the slices
	// take and remove, dated from the session's start.
	BusinessCase  BusinessCase     `json:"business_case"`
	Coverage      []AreaCoverage   `json:"coverage"`
	Gaps          []Gap            `json:"gaps"`
	OpenQuestions []QuestionStatus `json:"open_questions"`
	// DecisionsAsked are the decisions the room could not take and asked
	// of someone, by a date: its parked domains and the open questions
	// asked as decisions and not yet answered, soonest due first.
	DecisionsAsked []DecisionAsked `json:"decisions_asked"`
	Progress       Progress        `json:"progress"`
	Scoring        Scoring         `json:"scoring"`
	// TargetState is the map as the systems' targets leave it.
	TargetState TargetState `json:"target_state"`
}

// Source-of-truth statuses of a domain.
const (
	StatusDecided  = "decided"  // the room recorded its decision; the claims are the evidence
	StatusParked   = "parked"   // the room asked someone to decide, by a date
	StatusOK       = "ok"       // the flows that name a source all name one system
	StatusConflict = "conflict" // flows name different systems, or some say unknown and some a system
	StatusMissing  = "missing"  // no flow names a system (none answered, or all said unknown)
)

// DomainSource is one row of the source-of-truth map.
type DomainSource struct {
	Domain string `json:"domain"`
	// Core domains must end the review with one source; others are shown
	// the same way but not demanded.
	Core   bool   `json:"core"`
	Status string `json:"status"`
	// System is the id of the source of truth: the decided one, or the one
	// every claim names when the status is ok.
	System     string  `json:"system"`
	SystemName string  `json:"system_name"`
	Flows      int     `json:"flows"`
	Claims     []Claim `json:"claims"`
	// Rationale and DecidedBy are the room's decision, when it recorded
	// one; Ask and Due who decides a parked domain, and by when.
	Rationale string `json:"rationale"`
	DecidedBy string `json:"decided_by"`
	Ask       string `json:"ask"`
	Due       string `json:"due"`
	// Evidence is the links backing the room's decision, left out when
	// none.
	Evidence []model.Evidence `json:"evidence,omitempty"`
}

// DecisionAsked is a decision the room could not take, asked of someone who
// can: a parked domain's source of truth, or an open question asked as a
// decision.
type DecisionAsked struct {
	// Kind is what is to be decided: DecisionAskedDomain or
	// DecisionAskedQuestion.
	Kind string `json:"kind"`
	// Domain is the parked domain; "" for a question.
	Domain string `json:"domain"`
	// Question is what is to be decided, in words.
	Question string `json:"question"`
	Ask      string `json:"ask"`
	Due      string `json:"due"`
	// Note is what the room said of it: why it could not decide.
	Note string `json:"note"`
	// Claims are what the flows say meanwhile, the evidence for whoever
	// decides; none for a question.
	Claims []Claim `json:"claims"`
	// ID is the open question's id, and Flow and FlowName the flow it is
	// about (empty for a domain, or a question of the whole session).
	ID       string `json:"id"`
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	// Options are what the decision is between: the question's, or for a
	// domain the systems its flows name (and the one the room leaned to).
	Options []string `json:"options"`
	// Recommendation is the room's: the question's, or for a domain the
	// system the room leaned to when it parked it.
	Recommendation string `json:"recommendation"`
}

// Kinds of a decision asked.
const (
	DecisionAskedDomain   = "domain"   // a parked domain's source of truth
	DecisionAskedQuestion = "question" // an open question asked as a decision
)

// Claim is one flow naming a domain's source of truth.
type Claim struct {
	Flow       string `json:"flow"`
	FlowName   string `json:"flow_name"`
	System     string `json:"system"`
	SystemName string `json:"system_name"`
}

// PatternDecision is how a flow moves its data and why, in the room's words.
type PatternDecision struct {
	Flow      string        `json:"flow"`
	FlowName  string        `json:"flow_name"`
	Domain    string        `json:"domain"`
	Pattern   model.Pattern `json:"pattern"`
	Rationale string        `json:"rationale"`
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

// RuleOfOrigin is the rule a register origin names, if a rule raised the
// entry.
func RuleOfOrigin(origin string) (rule string, ok bool) {
	return strings.CutPrefix(origin, originRulePrefix)
}

// Flags on a register entry.
const (
	FlagNoFix     = "no-fix"     // nobody said what would stop it
	FlagNoOwner   = "no-owner"   // nobody will do the fix
	FlagNoHorizon = "no-horizon" // the horizon was left empty and the summary chose it
	FlagNoScore   = "no-score"   // impact or likelihood is not yet 1-5
)

// RegisterEntry is one ranked row of the risk register.
type RegisterEntry struct {
	Rank int `json:"rank"`
	// Number is the risk's short number, RiskNumber of its rank (R1, R2
	// …): the map, the register and the roadmap name a risk by it.
	Number   string `json:"number"`
	Score    int    `json:"score"`
	Severity string `json:"severity"`
	Origin   string `json:"origin"`
	// Flow is empty for an entry about the session as a whole (a domain's
	// source of truth, a credential in the session details).
	Flow            string        `json:"flow"`
	FlowName        string        `json:"flow_name"`
	Domain          string        `json:"domain"`
	ID              string        `json:"id"`
	Title           string        `json:"title"`
	Impact          int           `json:"impact"`
	Likelihood      int           `json:"likelihood"`
	RevenueCritical bool          `json:"revenue_critical"`
	CustomerVisible bool          `json:"customer_visible"`
	Fix             string        `json:"fix"`
	Horizon         model.Horizon `json:"horizon"`
	Owner           string        `json:"owner"`
	// Slice is the delivery slice, set by hand or placed by the summary; 0
	// for a mitigated or accepted risk, which leaves the plan.
	Slice       int              `json:"slice"`
	SliceByHand bool             `json:"slice_by_hand"`
	Flags       []string         `json:"flags"`
	Status      model.RiskStatus `json:"status"`
	Ticket      string           `json:"ticket"`
	Covers      []string         `json:"covers"`
	// Evidence is the links backing the room's risk, left out when none.
	Evidence []model.Evidence `json:"evidence,omitempty"`
}

// Finding statuses: what the room made of a rule's finding.
const (
	FindingOpen      = "open"      // still to confirm
	FindingCovered   = "covered"   // a risk of the register stands for it
	FindingDismissed = "dismissed" // set aside, with a reason
)

// Finding is an anti-pattern a rule caught on its own, with the risk it
// suggests and what the room made of it.
type Finding struct {
	// Key is RULE:SUBJECT, SUBJECT the flow id, domain:NAME or session:
	// the same answers always give the same keys.
	Key             string        `json:"key"`
	Rule            string        `json:"rule"`
	Flow            string        `json:"flow"`
	FlowName        string        `json:"flow_name"`
	Domain          string        `json:"domain"`
	Title           string        `json:"title"`
	Message         string        `json:"message"`
	Fix             string        `json:"fix"`
	Impact          int           `json:"impact"`
	Likelihood      int           `json:"likelihood"`
	Score           int           `json:"score"`
	Severity        string        `json:"severity"`
	RevenueCritical bool          `json:"revenue_critical"`
	CustomerVisible bool          `json:"customer_visible"`
	Horizon         model.Horizon `json:"horizon"`
	Status          string        `json:"status"`
	CoveredBy       string        `json:"covered_by"` // the risk id, when covered
	Reason          string        `json:"reason"`     // why, when dismissed
}

// TriageCounts counts the register and the findings by what the room made
// of them.
type TriageCounts struct {
	Register  int `json:"register"`
	ToConfirm int `json:"to_confirm"`
	Covered   int `json:"covered"`
	Dismissed int `json:"dismissed"`
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

// Coverage states of an inspection area.
const (
	CoverageCovered   = "covered"   // at least half the flows answered it
	CoverageThin      = "thin"      // some flows, fewer than half
	CoverageUntouched = "untouched" // no flow
)

// AreaCoverage says how much of the session answered an inspection area: in
// how many of its flows (Answered of Total), with which fields
// ("contract.transport"), in which flows (ids, in flow order).
type AreaCoverage struct {
	Area     model.Area `json:"area"`
	Title    string     `json:"title"`
	Touched  bool       `json:"touched"`
	Answered int        `json:"answered"`
	Total    int        `json:"total"`
	State    string     `json:"state"`
	Fields   []string   `json:"fields"`
	Flows    []string   `json:"flows"`
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
	// Evidence is the links the question carries, left out when none.
	Evidence []model.Evidence `json:"evidence,omitempty"`
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
	Rule            string        `json:"rule"`
	FiresWhen       string        `json:"fires_when"`
	Impact          int           `json:"impact"`
	Likelihood      int           `json:"likelihood"`
	RevenueCritical bool          `json:"revenue_critical"`
	CustomerVisible bool          `json:"customer_visible"`
	Horizon         model.Horizon `json:"horizon"`
}
