package model

import (
	"fmt"
	"slices"
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
	FieldNumber                   // a number in a range: whole, or Decimal
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
	// Decimal number fields take a fraction too (1.5 hours).
	Decimal bool
}

// NumberProblem says why text cannot be the answer of a number field, or
// "": it must be a number in the field's range, whole unless the field is
// Decimal (digits and a point: "12." while it is being typed). Empty text
// is 0.
func NumberProblem(f Field, text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		text = "0"
	}
	if f.Decimal {
		n, ok := parseDecimal(text)
		if !ok || n < float64(f.Min) || n > float64(f.Max) {
			return RangeWording(f)
		}
		return ""
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < f.Min || n > f.Max {
		return RangeWording(f)
	}
	return ""
}

// Answered reports whether value, the field's answer as text, says
// anything: it is not blank, and a number field's is not 0, which there
// means unset (the field's Zero).
func (f Field) Answered(value string) bool {
	value = strings.TrimSpace(value)
	return value != "" && !(f.Kind == FieldNumber && value == "0")
}

// RangeWording is the one way a number field's range is said, in the app
// and in a refused file alike.
func RangeWording(f Field) string {
	what := "a whole number"
	if f.Decimal {
		what = "a number"
	}
	s := fmt.Sprintf("%s takes %s from %d to %d", f.Label, what, f.Min, f.Max)
	if f.Zero != "" {
		s += "; " + f.Zero
	}
	return s
}

// The tables below pair every field with the answer it edits, so a field
// added to a table is readable and writable by its key from that line on.

func notesRows(notes, private func(*Flow) *string) []row[Flow] {
	return []row[Flow]{
		{Field{Key: "notes", Label: "Notes", Kind: FieldText, Hint: "anything else the room said"},
			asText(notes)},
		{Field{Key: "private_notes", Label: "Private notes", Kind: FieldText, Private: true, Hint: "only you see these; not exported unless asked"},
			asText(private)},
	}
}

var stepRows = [...][]row[Flow]{
	StepSource: append([]row[Flow]{
		{Field{Key: "system", Label: "Source of truth", Kind: FieldSystem, Areas: []Area{AreaDataQuality}, Required: true, Unknown: true, Hint: "the one system that owns this data"},
			asText(func(f *Flow) *string { return &f.Source.System })},
		{Field{Key: "other_writers", Label: "Other writers", Kind: FieldSystems, Areas: []Area{AreaDataQuality, AreaTiming}, Unknown: true, Hint: "systems that also change it"},
			asIDs(func(f *Flow) *[]string { return &f.Source.OtherWriters })},
		{Field{Key: "conflict_rule", Label: "Conflict rule", Kind: FieldChoice, Choices: ConflictRuleChoices, Areas: []Area{AreaDataQuality, AreaTiming}, Required: true},
			asChoice(func(f *Flow) *ConflictRule { return &f.Source.ConflictRule })},
		{Field{Key: "identifiers", Label: "Identifier matching", Kind: FieldLine, Areas: []Area{AreaDataQuality}, Hint: "which keys match records across systems (SKU, order no.)"},
			asText(func(f *Flow) *string { return &f.Source.Identifiers })},
		{Field{Key: "data_quality", Label: "Data quality", Kind: FieldText, Areas: []Area{AreaDataQuality}, Hint: "known gaps, duplicates, manual clean-up"},
			asText(func(f *Flow) *string { return &f.Source.DataQuality })},
	}, notesRows(
		func(f *Flow) *string { return &f.Source.Notes },
		func(f *Flow) *string { return &f.Source.PrivateNotes })...),
	StepContract: append([]row[Flow]{
		{Field{Key: "pattern", Label: "Pattern", Kind: FieldChoice, Choices: PatternChoices, Areas: []Area{AreaTiming, AreaMiddleware}, Required: true},
			asChoice(func(f *Flow) *Pattern { return &f.Contract.Pattern })},
		{Field{Key: "pattern_rationale", Label: "Why this pattern", Kind: FieldText, Areas: []Area{AreaTiming}, Required: true, Hint: "the reason, in the room's words"},
			asText(func(f *Flow) *string { return &f.Contract.PatternRationale })},
		{Field{Key: "timing", Label: "Trigger and timing", Kind: FieldLine, Areas: []Area{AreaTiming}, Hint: "on change, every 15 min, nightly 02:00..."},
			asText(func(f *Flow) *string { return &f.Contract.Timing })},
		{Field{Key: "transport", Label: "Transport", Kind: FieldLine, Areas: []Area{AreaAPIs, AreaMiddleware, AreaQueues}, Hint: "REST, GraphQL, SFTP, queue, iPaaS recipe..."},
			asText(func(f *Flow) *string { return &f.Contract.Transport })},
		{Field{Key: "payload", Label: "Payload and versioning", Kind: FieldText, Areas: []Area{AreaContracts}, Hint: "schema, format, how versions change"},
			asText(func(f *Flow) *string { return &f.Contract.Payload })},
		{Field{Key: "field_mappings", Label: "Field mappings", Kind: FieldText, Areas: []Area{AreaContracts}, Hint: "where they live, who maintains them"},
			asText(func(f *Flow) *string { return &f.Contract.FieldMappings })},
		{Field{Key: "rate_limits", Label: "Rate limits", Kind: FieldLine, Areas: []Area{AreaAPIs}, Hint: "limits and what happens at them"},
			asText(func(f *Flow) *string { return &f.Contract.RateLimits })},
		{Field{Key: "idempotency", Label: "Idempotency", Kind: FieldChoice, Choices: IdempotencyChoices, Areas: []Area{AreaTiming}, Required: true},
			asChoice(func(f *Flow) *Idempotency { return &f.Contract.Idempotency })},
		{Field{Key: "environments", Label: "Environments and secrets", Kind: FieldText, Areas: []Area{AreaEnvironments}, Hint: "sandboxes, where credentials live, rotation"},
			asText(func(f *Flow) *string { return &f.Contract.Environments })},
	}, notesRows(
		func(f *Flow) *string { return &f.Contract.Notes },
		func(f *Flow) *string { return &f.Contract.PrivateNotes })...),
	StepFailure: append([]row[Flow]{
		{Field{Key: "retry_level", Label: "Retry level", Kind: FieldChoice, Choices: RetryLevelChoices, Areas: []Area{AreaQueues}, Required: true},
			asChoice(func(f *Flow) *RetryLevel { return &f.Failure.RetryLevel })},
		{Field{Key: "retries", Label: "Retries and replay", Kind: FieldText, Areas: []Area{AreaQueues}, Hint: "what retries, how often, how to replay"},
			asText(func(f *Flow) *string { return &f.Failure.Retries })},
		{Field{Key: "monitoring_level", Label: "Monitoring level", Kind: FieldChoice, Choices: MonitoringLevelChoices, Areas: []Area{AreaMonitoring}, Required: true},
			asChoice(func(f *Flow) *MonitoringLevel { return &f.Failure.MonitoringLevel })},
		{Field{Key: "monitoring", Label: "Monitoring and alerting", Kind: FieldText, Areas: []Area{AreaMonitoring}, Hint: "who is alerted, by what, how fast"},
			asText(func(f *Flow) *string { return &f.Failure.Monitoring })},
		{Field{Key: "last_incident", Label: "Last incident", Kind: FieldLine, Areas: []Area{AreaMonitoring, AreaSupport}, Hint: "when it last broke, and how it was found"},
			asText(func(f *Flow) *string { return &f.Failure.LastIncident })},
		{Field{Key: "cost_of_downtime", Label: "Cost of downtime", Kind: FieldLine, Areas: []Area{AreaSupport}, Hint: "orders or revenue lost per hour it is down"},
			asText(func(f *Flow) *string { return &f.Failure.CostOfDowntime })},
		// No area: the amount says in money what cost_of_downtime says in
		// words, and coverage counts that answer once.
		{Field{Key: "downtime_cost_per_hour", Label: "Downtime cost per hour", Kind: FieldNumber, Decimal: true, Max: MaxAmount, Hint: "in the session's currency; 0 = not known", Zero: "0 means not known"},
			asDecimal(func(f *Flow) *float64 { return &f.Failure.DowntimeCostPerHour })},
	}, notesRows(
		func(f *Flow) *string { return &f.Failure.Notes },
		func(f *Flow) *string { return &f.Failure.PrivateNotes })...),
	StepOwner: append([]row[Flow]{
		{Field{Key: "flow_owner", Label: "Flow owner", Kind: FieldLine, Areas: []Area{AreaSupport}, Required: true, Hint: "one named person or team"},
			asText(func(f *Flow) *string { return &f.Owner.FlowOwner })},
		{Field{Key: "failures", Label: "Failures and incidents", Kind: FieldLine, Areas: []Area{AreaSupport, AreaMonitoring}},
			asText(func(f *Flow) *string { return &f.Owner.Failures })},
		{Field{Key: "retries", Label: "Retries and replays", Kind: FieldLine, Areas: []Area{AreaSupport, AreaQueues}},
			asText(func(f *Flow) *string { return &f.Owner.Retries })},
		{Field{Key: "dashboards", Label: "Dashboards", Kind: FieldLine, Areas: []Area{AreaMonitoring}},
			asText(func(f *Flow) *string { return &f.Owner.Dashboards })},
		{Field{Key: "runbooks", Label: "Runbooks", Kind: FieldLine, Areas: []Area{AreaSupport}},
			asText(func(f *Flow) *string { return &f.Owner.Runbooks })},
		{Field{Key: "release_handoff", Label: "Release handoff", Kind: FieldLine, Areas: []Area{AreaCutover, AreaEnvironments}},
			asText(func(f *Flow) *string { return &f.Owner.ReleaseHandoff })},
		{Field{Key: "support_model", Label: "Support model", Kind: FieldText, Areas: []Area{AreaSupport}, Hint: "hours, tiers, vendor SLAs, escalation"},
			asText(func(f *Flow) *string { return &f.Owner.SupportModel })},
	}, notesRows(
		func(f *Flow) *string { return &f.Owner.Notes },
		func(f *Flow) *string { return &f.Owner.PrivateNotes })...),
}

var stepFields, stepAnswers = func() (fields [len(stepRows)][]Field, answers [len(stepRows)]answers[Flow]) {
	for s, rows := range stepRows {
		fields[s], answers[s] = fieldsOf(rows), answersOf(rows, stepEvidenceRows[s])
	}
	return fields, answers
}()

// StepFields lists the fields of a step in the order they are asked.
func StepFields(s Step) []Field {
	if s < 0 || int(s) >= len(stepFields) {
		return nil
	}
	return stepFields[s]
}

// OwnershipRoles are the owner-step fields the ownership matrix shows.
var OwnershipRoles = []string{"flow_owner", "failures", "retries", "dashboards", "runbooks", "release_handoff"}

var riskRows = []row[Risk]{
	{Field{Key: "title", Label: "Risk", Kind: FieldLine, Required: true, Hint: "what goes wrong, in one line"},
		asText(func(r *Risk) *string { return &r.Title })},
	{Field{Key: "impact", Label: "Impact", Kind: FieldChoice, Choices: ScoreChoices(ImpactLevels)},
		asNumber(func(r *Risk) *int { return &r.Impact })},
	{Field{Key: "likelihood", Label: "Likelihood", Kind: FieldChoice, Choices: ScoreChoices(LikelihoodLevels)},
		asNumber(func(r *Risk) *int { return &r.Likelihood })},
	{Field{Key: "revenue_critical", Label: "Revenue-critical", Kind: FieldBool},
		asYesNo(func(r *Risk) *bool { return &r.RevenueCritical })},
	{Field{Key: "customer_visible", Label: "Customer-visible", Kind: FieldBool},
		asYesNo(func(r *Risk) *bool { return &r.CustomerVisible })},
	{Field{Key: "fix", Label: "Fix", Kind: FieldText, Required: true, Hint: "what would stop it"},
		asText(func(r *Risk) *string { return &r.Fix })},
	{Field{Key: "horizon", Label: "Horizon", Kind: FieldChoice, Choices: HorizonChoices},
		asChoice(func(r *Risk) *Horizon { return &r.Horizon })},
	{Field{Key: "owner", Label: "Owner", Kind: FieldLine, Required: true, Hint: "who will do the fix"},
		asText(func(r *Risk) *string { return &r.Owner })},
	{Field{Key: "slice", Label: "Slice (0 = auto)", Kind: FieldNumber, Hint: "0 lets the summary choose", Max: MaxSlice, Zero: "0 lets the summary choose"},
		asNumber(func(r *Risk) *int { return &r.Slice })},
	{Field{Key: "status", Label: "Status", Kind: FieldChoice, Choices: RiskStatusChoices},
		asChoice(func(r *Risk) *RiskStatus { return &r.Status })},
	{Field{Key: "ticket", Label: "Ticket", Kind: FieldLine, Hint: "the tracker's key, e.g. INT-142"},
		asText(func(r *Risk) *string { return &r.Ticket })},
	{Field{Key: "effort", Label: "Effort", Kind: FieldChoice, Choices: EffortChoices},
		asChoice(func(r *Risk) *Effort { return &r.Effort })},
	{Field{Key: "hours_per_incident", Label: "Incident hours", Kind: FieldNumber, Decimal: true, Max: MaxHoursPerIncident, Hint: "0 takes the flow's monitoring default", Zero: "0 takes the default of the flow's monitoring level"},
		asDecimal(func(r *Risk) *float64 { return &r.HoursPerIncident })},
	{Field{Key: "cost_per_incident", Label: "Incident cost", Kind: FieldNumber, Decimal: true, Max: MaxAmount, Hint: "0 works it out from the downtime cost", Zero: "0 works it out from the flow's downtime cost"},
		asDecimal(func(r *Risk) *float64 { return &r.CostPerIncident })},
}

// RiskFields lists the fields of a risk in the order they are asked.
var RiskFields, riskAnswers = fieldsOf(riskRows), answersOf(riskRows, riskEvidenceRows)

var systemRows = []row[System]{
	{Field{Key: "name", Label: "Name", Kind: FieldLine, Required: true, Hint: "what the room calls it"},
		asText(func(s *System) *string { return &s.Name })},
	{Field{Key: "kind", Label: "Kind", Kind: FieldChoice, Choices: SystemKindChoices},
		asChoice(func(s *System) *SystemKind { return &s.Kind })},
	{Field{Key: "notes", Label: "Notes", Kind: FieldText, Hint: "version, vendor, who runs it, undocumented jobs"},
		asText(func(s *System) *string { return &s.Notes })},
}

// systemTargetRows are the system's target state: what becomes of it (one
// choice: an action, or the replacement), and in which slice.
var systemTargetRows = []row[System]{
	{Field{Key: "target", Label: "Target", Kind: FieldChoice, Choices: TargetActionChoices, Hint: "what becomes of it in the target state"},
		access[System]{get: func(s *System) string { return TargetChoice(s.Target) }, set: func(s *System, v string) { s.Target.setTargetChoice(v) }}},
	{Field{Key: "target.slice", Label: "Target in slice", Kind: FieldNumber, Hint: "the delivery slice it happens in; 0 not planned yet", Max: MaxSlice, Zero: "0: not planned yet"},
		asNumber(func(s *System) *int { return &s.Target.Slice })},
}

// SystemFields lists the fields of a new system on the map.
var SystemFields = fieldsOf(systemRows)

// SystemDetailFields are what can be changed about a system once it is on
// the map: its fields and its target.
var SystemDetailFields, systemAnswers = fieldsOf(append(slices.Clone(systemRows), systemTargetRows...)), answersOf(systemRows, systemTargetRows)

var questionRows = []row[OpenQuestion]{
	{Field{Key: "question", Label: "Question", Kind: FieldText, Required: true, Hint: "what nobody here could answer"},
		asText(func(q *OpenQuestion) *string { return &q.Question })},
	{Field{Key: "ask", Label: "Who to ask", Kind: FieldLine, Hint: "a name or a team"},
		asText(func(q *OpenQuestion) *string { return &q.Ask })},
	{Field{Key: "decision", Label: "Decision asked", Kind: FieldBool},
		asYesNo(func(q *OpenQuestion) *bool { return &q.Decision })},
	{Field{Key: "due", Label: "Decide by", Kind: FieldLine, Hint: "YYYY-MM-DD"},
		asCleaned(func(q *OpenQuestion) *string { return &q.Due }, strings.TrimSpace)},
	{Field{Key: "options", Label: "Options", Kind: FieldText, Hint: "one option a line"},
		asLines(func(q *OpenQuestion) *[]string { return &q.Options })},
	{Field{Key: "recommendation", Label: "Recommendation", Kind: FieldText, Hint: "what the room recommends, and why"},
		asText(func(q *OpenQuestion) *string { return &q.Recommendation })},
	{Field{Key: "answer", Label: "Answer", Kind: FieldText, Hint: "filled in when it comes back"},
		asText(func(q *OpenQuestion) *string { return &q.Answer })},
}

// QuestionFields lists the fields of a parked open question.
var QuestionFields, questionAnswers = fieldsOf(questionRows), answersOf(questionRows, questionEvidenceRows)

var sessionRows = []row[Session]{
	{Field{Key: "name", Label: "Session name", Kind: FieldLine, Required: true, Hint: "e.g. Integration review, spring replatform"},
		asText(func(s *Session) *string { return &s.Name })},
	{Field{Key: "client", Label: "Client", Kind: FieldLine},
		asText(func(s *Session) *string { return &s.Client })},
	{Field{Key: "facilitator", Label: "Facilitator", Kind: FieldLine},
		asText(func(s *Session) *string { return &s.Facilitator })},
	{Field{Key: "participants", Label: "Participants", Kind: FieldLine, Hint: "comma-separated names and roles"},
		asNames(func(s *Session) *[]string { return &s.Participants })},
	{Field{Key: "date", Label: "Date", Kind: FieldLine, Hint: "YYYY-MM-DD"},
		asText(func(s *Session) *string { return &s.Date })},
	{Field{Key: "timebox_minutes", Label: "Minutes per step", Kind: FieldNumber, Hint: "presenter-mode timebox; 0 means 10", Max: MaxTimeboxMinutes, Zero: fmt.Sprintf("0 means the default of %d", DefaultTimeboxMinutes)},
		asNumber(func(s *Session) *int { return &s.TimeboxMinutes })},
}

// SessionFields lists the fields of the new-session form.
var SessionFields = fieldsOf(sessionRows)

var sessionDetailRows = append(append(append([]row[Session]{}, sessionRows...),
	row[Session]{Field{Key: "slice_size", Label: "Risks per slice", Kind: FieldNumber, Hint: "most risks in one delivery slice; 0 means 5", Max: MaxSliceSize, Zero: fmt.Sprintf("0 means the default of %d", DefaultSliceSize)},
		asNumber(func(s *Session) *int { return &s.SliceSize })},
	row[Session]{Field{Key: "notes", Label: "Session notes", Kind: FieldText, Hint: "scope, agreements, what to send afterwards"},
		asText(func(s *Session) *string { return &s.Notes })},
	row[Session]{Field{Key: "currency", Label: "Currency", Kind: FieldLine, Hint: "ISO 4217 code; empty means " + DefaultCurrency},
		asCleaned(func(s *Session) *string { return &s.Currency }, cleanCurrency)},
	row[Session]{Field{Key: "start_date", Label: "Roadmap starts", Kind: FieldLine, Hint: "YYYY-MM-DD; empty leaves the roadmap undated"},
		asCleaned(func(s *Session) *string { return &s.StartDate }, strings.TrimSpace)},
	row[Session]{Field{Key: "capacity_days_per_week", Label: "Team days a week", Kind: FieldNumber, Decimal: true, Max: MaxCapacityDaysPerWeek,
		Hint: fmt.Sprintf("person-days a week for the slices; 0 means %d", DefaultCapacityDaysPerWeek), Zero: fmt.Sprintf("0 means the default of %d", DefaultCapacityDaysPerWeek)},
		asDecimal(func(s *Session) *float64 { return &s.CapacityDaysPerWeek })}),
	settingsRows()...)

// documentControlRows are the pack's cover and control.
var documentControlRows = []row[Session]{
	{Field{Key: "version", Label: "Pack version", Kind: FieldLine, Hint: "e.g. 0.3"},
		asCleaned(func(s *Session) *string { return &s.Version }, strings.TrimSpace)},
	{Field{Key: "status", Label: "Pack status", Kind: FieldChoice, Choices: DocumentStatusChoices, Hint: "empty: draft"},
		asChoice(func(s *Session) *DocumentStatus { return &s.Status })},
	{Field{Key: "confidentiality", Label: "Confidentiality", Kind: FieldLine, Hint: "empty: Confidential — prepared for the client"},
		asText(func(s *Session) *string { return &s.Confidentiality })},
	{Field{Key: "distribution", Label: "Distribution", Kind: FieldLine, Hint: "comma-separated: who receives the pack"},
		asNames(func(s *Session) *[]string { return &s.Distribution })},
	{Field{Key: "history", Label: "Version history", Kind: FieldText, Hint: "one version a line: 0.2 2026-03-20 what changed"},
		access[Session]{get: func(s *Session) string { return HistoryText(s.History) }, set: func(s *Session, v string) { s.History = ParseHistory(v) }}},
}

// SessionDetailFields are what can be changed about a session once it
// exists: its facts, its timebox and the facilitator's notes for it.
var SessionDetailFields, sessionAnswers = fieldsOf(append(slices.Clone(sessionDetailRows), documentControlRows...)), answersOf(sessionDetailRows, documentControlRows)

var flowRows = []row[Flow]{
	{Field{Key: "name", Label: "Flow name", Kind: FieldLine, Required: true, Hint: "e.g. Web orders to ERP"},
		asText(func(f *Flow) *string { return &f.Name })},
	{Field{Key: "domain", Label: "Domain", Kind: FieldChoice, Choices: DomainChoices, Open: true, Required: true},
		asCleaned(func(f *Flow) *string { return &f.Domain }, func(s string) string { return strings.ToLower(strings.TrimSpace(s)) })},
	{Field{Key: "from", Label: "From", Kind: FieldSystem, Required: true},
		asText(func(f *Flow) *string { return &f.From })},
	{Field{Key: "to", Label: "To", Kind: FieldSystem, Required: true},
		asText(func(f *Flow) *string { return &f.To })},
	{Field{Key: "via", Label: "Via", Kind: FieldSystem, Areas: []Area{AreaMiddleware}, Hint: "middleware or iPaaS, if any"},
		asText(func(f *Flow) *string { return &f.Via })},
}

// FlowFields lists the fields of the new-flow form.
var FlowFields, headerAnswers = fieldsOf(flowRows), answersOf(flowRows)

// decisionRationale is asked both when the room decides a domain and when
// it parks one: one answer under two labels.
var decisionRationale = asText(func(d *DomainDecision) *string { return &d.Rationale })

var decisionRows = []row[DomainDecision]{
	{Field{Key: "source_of_truth", Label: "Source of truth", Kind: FieldSystem, Required: true, Unknown: true, Hint: "the one system the room decided owns it"},
		asText(func(d *DomainDecision) *string { return &d.SourceOfTruth })},
	{Field{Key: "rationale", Label: "Why", Kind: FieldText, Hint: "the reason, in the room's words"},
		decisionRationale},
	{Field{Key: "decided_by", Label: "Decided by", Kind: FieldLine, Hint: "who in the room made the call"},
		asText(func(d *DomainDecision) *string { return &d.DecidedBy })},
}

var parkRows = []row[DomainDecision]{
	{Field{Key: "ask", Label: "Who decides", Kind: FieldLine, Required: true, Hint: "a name or a role, e.g. the CFO"},
		asText(func(d *DomainDecision) *string { return &d.Ask })},
	{Field{Key: "due", Label: "Decide by", Kind: FieldLine, Hint: "YYYY-MM-DD"},
		asCleaned(func(d *DomainDecision) *string { return &d.Due }, strings.TrimSpace)},
	{Field{Key: "rationale", Label: "What is open", Kind: FieldText, Hint: "why the room could not decide"},
		decisionRationale},
}

// domainStatusRows hold the one answer of a decision no form asks: the
// domains tab moves it by its own keys.
var domainStatusRows = []row[DomainDecision]{
	{Field{Key: "status", Label: "Status", Kind: FieldChoice, Choices: DomainStatusChoices},
		asChoice(func(d *DomainDecision) *DomainStatus { return &d.Status })},
}

// DecisionFields are what the room records when it decides a domain.
var DecisionFields = fieldsOf(decisionRows)

// ParkFields are what the room records when it parks a domain: who decides
// it, and by when.
var ParkFields = fieldsOf(parkRows)

var decisionAnswers = answersOf(decisionRows, parkRows, domainStatusRows, decisionEvidenceRows)

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
