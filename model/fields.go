package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Area is one of the ten things an integration review inspects. Every field
// of the four steps maps to one or more areas, so the summary can show which
// areas a session never touched.
type Area string

const (
	AreaAPIs         Area = "apis-rate-limits"
	AreaQueues       Area = "queues-retries"
	AreaMiddleware   Area = "ipaas-middleware"
	AreaContracts    Area = "payload-contracts"
	AreaDataQuality  Area = "data-quality"
	AreaTiming       Area = "sync-timing-idempotency"
	AreaEnvironments Area = "environments-secrets"
	AreaMonitoring   Area = "monitoring-alerting"
	AreaCutover      Area = "cutover-plans"
	AreaSupport      Area = "support-model"
)

// AreaInfo names an inspection area for people.
type AreaInfo struct {
	ID    Area
	Title string
}

// Areas is the coverage checklist, in the order the summary lists it.
var Areas = []AreaInfo{
	{AreaAPIs, "APIs and rate limits"},
	{AreaQueues, "Queues and retry behaviour"},
	{AreaMiddleware, "iPaaS and middleware flows"},
	{AreaContracts, "Payload contracts and field mappings"},
	{AreaDataQuality, "Data quality and identifier matching"},
	{AreaTiming, "Sync timing and idempotency"},
	{AreaEnvironments, "Environments and secrets handling"},
	{AreaMonitoring, "Monitoring and alerting"},
	{AreaCutover, "Cutover plans"},
	{AreaSupport, "Support model"},
}

// FieldKind says how a field is edited.
type FieldKind int

const (
	FieldLine    FieldKind = iota // one line of text
	FieldText                     // several lines of text
	FieldChoice                   // one value of an enumeration
	FieldSystem                   // one system of the session
	FieldSystems                  // several systems of the session
	FieldBool                     // yes or no
	FieldNumber                   // a small whole number
)

// Field describes one answer the facilitator captures.
type Field struct {
	Key     string // the JSON name
	Label   string
	Kind    FieldKind
	Choices []Choice // for FieldChoice
	Areas   []Area
	Hint    string // shown while the field is empty
	// Required answers count as gaps when left empty.
	Required bool
	// Private fields are the facilitator's own: hidden in presenter mode and
	// left out of exports unless asked for.
	Private bool
	// Open choices also take a value typed on the spot (a domain beyond
	// the five core ones).
	Open bool
	// Unknown system fields also take UnknownSystem: the room was asked
	// which system, and nobody knew. The ends of a flow name real systems
	// and never take it.
	Unknown bool
	// Min and Max bound a FieldNumber, and Zero says what 0 means there.
	Min, Max int
	Zero     string
}

// NumberProblem says why text cannot be the answer of a number field, or
// "": it must be a whole number in the field's range. Empty text is 0.
func NumberProblem(f Field, text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		text = "0"
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < f.Min || n > f.Max {
		return RangeWording(f)
	}
	return ""
}

// RangeWording is the one way a number field's range is said, in the app
// and in a refused file alike.
func RangeWording(f Field) string {
	s := fmt.Sprintf("%s takes a whole number from %d to %d", f.Label, f.Min, f.Max)
	if f.Zero != "" {
		s += "; " + f.Zero
	}
	return s
}

var notesFields = []Field{
	{Key: "notes", Label: "Notes", Kind: FieldText, Hint: "anything else the room said"},
	{Key: "private_notes", Label: "Private notes", Kind: FieldText, Private: true, Hint: "only you see these; not exported unless asked"},
}

var stepFields = [...][]Field{
	StepSource: append([]Field{
		{Key: "system", Label: "Source of truth", Kind: FieldSystem, Areas: []Area{AreaDataQuality}, Required: true, Unknown: true, Hint: "the one system that owns this data"},
		{Key: "other_writers", Label: "Other writers", Kind: FieldSystems, Areas: []Area{AreaDataQuality, AreaTiming}, Unknown: true, Hint: "systems that also change it"},
		{Key: "conflict_rule", Label: "Conflict rule", Kind: FieldChoice, Choices: ConflictRuleChoices, Areas: []Area{AreaDataQuality, AreaTiming}, Required: true},
		{Key: "identifiers", Label: "Identifier matching", Kind: FieldLine, Areas: []Area{AreaDataQuality}, Hint: "which keys match records across systems (SKU, order no.)"},
		{Key: "data_quality", Label: "Data quality", Kind: FieldText, Areas: []Area{AreaDataQuality}, Hint: "known gaps, duplicates, manual clean-up"},
	}, notesFields...),
	StepContract: append([]Field{
		{Key: "pattern", Label: "Pattern", Kind: FieldChoice, Choices: PatternChoices, Areas: []Area{AreaTiming, AreaMiddleware}, Required: true},
		{Key: "pattern_rationale", Label: "Why this pattern", Kind: FieldText, Areas: []Area{AreaTiming}, Required: true, Hint: "the reason, in the room's words"},
		{Key: "timing", Label: "Trigger and timing", Kind: FieldLine, Areas: []Area{AreaTiming}, Hint: "on change, every 15 min, nightly 02:00..."},
		{Key: "transport", Label: "Transport", Kind: FieldLine, Areas: []Area{AreaAPIs, AreaMiddleware, AreaQueues}, Hint: "REST, GraphQL, SFTP, queue, iPaaS recipe..."},
		{Key: "payload", Label: "Payload and versioning", Kind: FieldText, Areas: []Area{AreaContracts}, Hint: "schema, format, how versions change"},
		{Key: "field_mappings", Label: "Field mappings", Kind: FieldText, Areas: []Area{AreaContracts}, Hint: "where they live, who maintains them"},
		{Key: "rate_limits", Label: "Rate limits", Kind: FieldLine, Areas: []Area{AreaAPIs}, Hint: "limits and what happens at them"},
		{Key: "idempotency", Label: "Idempotency", Kind: FieldChoice, Choices: IdempotencyChoices, Areas: []Area{AreaTiming}, Required: true},
		{Key: "environments", Label: "Environments and secrets", Kind: FieldText, Areas: []Area{AreaEnvironments}, Hint: "sandboxes, where credentials live, rotation"},
	}, notesFields...),
	StepFailure: append([]Field{
		{Key: "retry_level", Label: "Retry level", Kind: FieldChoice, Choices: RetryLevelChoices, Areas: []Area{AreaQueues}, Required: true},
		{Key: "retries", Label: "Retries and replay", Kind: FieldText, Areas: []Area{AreaQueues}, Hint: "what retries, how often, how to replay"},
		{Key: "monitoring_level", Label: "Monitoring level", Kind: FieldChoice, Choices: MonitoringLevelChoices, Areas: []Area{AreaMonitoring}, Required: true},
		{Key: "monitoring", Label: "Monitoring and alerting", Kind: FieldText, Areas: []Area{AreaMonitoring}, Hint: "who is alerted, by what, how fast"},
		{Key: "last_incident", Label: "Last incident", Kind: FieldLine, Areas: []Area{AreaMonitoring, AreaSupport}, Hint: "when it last broke, and how it was found"},
		{Key: "cost_of_downtime", Label: "Cost of downtime", Kind: FieldLine, Areas: []Area{AreaSupport}, Hint: "orders or revenue lost per hour it is down"},
	}, notesFields...),
	StepOwner: append([]Field{
		{Key: "flow_owner", Label: "Flow owner", Kind: FieldLine, Areas: []Area{AreaSupport}, Required: true, Hint: "one named person or team"},
		{Key: "failures", Label: "Failures and incidents", Kind: FieldLine, Areas: []Area{AreaSupport, AreaMonitoring}},
		{Key: "retries", Label: "Retries and replays", Kind: FieldLine, Areas: []Area{AreaSupport, AreaQueues}},
		{Key: "dashboards", Label: "Dashboards", Kind: FieldLine, Areas: []Area{AreaMonitoring}},
		{Key: "runbooks", Label: "Runbooks", Kind: FieldLine, Areas: []Area{AreaSupport}},
		{Key: "release_handoff", Label: "Release handoff", Kind: FieldLine, Areas: []Area{AreaCutover, AreaEnvironments}},
		{Key: "support_model", Label: "Support model", Kind: FieldText, Areas: []Area{AreaSupport}, Hint: "hours, tiers, vendor SLAs, escalation"},
	}, notesFields...),
}

// StepFields lists the fields of a step in the order they are asked.
func StepFields(s Step) []Field {
	if s < 0 || int(s) >= len(stepFields) {
		return nil
	}
	return stepFields[s]
}

// OwnershipRoles are the owner-step fields the ownership matrix shows.
var OwnershipRoles = []string{"flow_owner", "failures", "retries", "dashboards", "runbooks", "release_handoff"}

// RiskFields lists the fields of a risk in the order they are asked.
var RiskFields = []Field{
	{Key: "title", Label: "Risk", Kind: FieldLine, Required: true, Hint: "what goes wrong, in one line"},
	{Key: "impact", Label: "Impact", Kind: FieldChoice, Choices: ScoreChoices(ImpactLevels)},
	{Key: "likelihood", Label: "Likelihood", Kind: FieldChoice, Choices: ScoreChoices(LikelihoodLevels)},
	{Key: "revenue_critical", Label: "Revenue-critical", Kind: FieldBool},
	{Key: "customer_visible", Label: "Customer-visible", Kind: FieldBool},
	{Key: "fix", Label: "Fix", Kind: FieldText, Required: true, Hint: "what would stop it"},
	{Key: "horizon", Label: "Horizon", Kind: FieldChoice, Choices: HorizonChoices},
	{Key: "owner", Label: "Owner", Kind: FieldLine, Required: true, Hint: "who will do the fix"},
	{Key: "slice", Label: "Slice (0 = auto)", Kind: FieldNumber, Hint: "0 lets the summary choose", Max: MaxSlice, Zero: "0 lets the summary choose"},
	{Key: "status", Label: "Status", Kind: FieldChoice, Choices: RiskStatusChoices},
	{Key: "ticket", Label: "Ticket", Kind: FieldLine, Hint: "the tracker's key, e.g. INT-142"},
}

// SystemFields lists the fields of a system on the map.
var SystemFields = []Field{
	{Key: "name", Label: "Name", Kind: FieldLine, Required: true, Hint: "what the room calls it"},
	{Key: "kind", Label: "Kind", Kind: FieldChoice, Choices: SystemKindChoices},
	{Key: "notes", Label: "Notes", Kind: FieldText, Hint: "version, vendor, who runs it, undocumented jobs"},
}

// QuestionFields lists the fields of a parked open question.
var QuestionFields = []Field{
	{Key: "question", Label: "Question", Kind: FieldText, Required: true, Hint: "what nobody here could answer"},
	{Key: "ask", Label: "Who to ask", Kind: FieldLine, Hint: "a name or a team"},
	{Key: "answer", Label: "Answer", Kind: FieldText, Hint: "filled in when it comes back"},
}

// SessionFields lists the fields of the new-session form.
var SessionFields = []Field{
	{Key: "name", Label: "Session name", Kind: FieldLine, Required: true, Hint: "e.g. Integration review, spring replatform"},
	{Key: "client", Label: "Client", Kind: FieldLine},
	{Key: "facilitator", Label: "Facilitator", Kind: FieldLine},
	{Key: "participants", Label: "Participants", Kind: FieldLine, Hint: "comma-separated names and roles"},
	{Key: "date", Label: "Date", Kind: FieldLine, Hint: "YYYY-MM-DD"},
	{Key: "timebox_minutes", Label: "Minutes per step", Kind: FieldNumber, Hint: "presenter-mode timebox; 0 means 10", Max: MaxTimeboxMinutes, Zero: fmt.Sprintf("0 means the default of %d", DefaultTimeboxMinutes)},
}

// SessionDetailFields are what can be changed about a session once it
// exists: its facts, its timebox and the facilitator's notes for it.
var SessionDetailFields = append(append([]Field{}, SessionFields...),
	Field{Key: "slice_size", Label: "Risks per slice", Kind: FieldNumber, Hint: "most risks in one delivery slice; 0 means 5", Max: MaxSliceSize, Zero: fmt.Sprintf("0 means the default of %d", DefaultSliceSize)},
	Field{Key: "notes", Label: "Session notes", Kind: FieldText, Hint: "scope, agreements, what to send afterwards"})

// FlowFields lists the fields of the new-flow form.
var FlowFields = []Field{
	{Key: "name", Label: "Flow name", Kind: FieldLine, Required: true, Hint: "e.g. Web orders to ERP"},
	{Key: "domain", Label: "Domain", Kind: FieldChoice, Choices: DomainChoices, Open: true, Required: true},
	{Key: "from", Label: "From", Kind: FieldSystem, Required: true},
	{Key: "to", Label: "To", Kind: FieldSystem, Required: true},
	{Key: "via", Label: "Via", Kind: FieldSystem, Areas: []Area{AreaMiddleware}, Hint: "middleware or iPaaS, if any"},
}

// FieldByKey finds a field in a list.
func FieldByKey(fields []Field, key string) (Field, bool) {
	for _, f := range fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// JoinIDs and SplitIDs carry a list of system ids through a one-value field.
func JoinIDs(ids []string) string { return strings.Join(ids, ",") }

// SplitIDs is the inverse of JoinIDs; empty parts are dropped.
func SplitIDs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func boolString(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func parseBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1":
		return true
	}
	return false
}

func intString(n int) string { return strconv.Itoa(n) }

// ParseScore reads a 1-5 score given as text; anything else is 0.
func ParseScore(s string) int {
	if n := parseInt(s); n >= 1 && n <= 5 {
		return n
	}
	return 0
}

func parseInt(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}
