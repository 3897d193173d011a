package model

import (
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
}

var notesFields = []Field{
	{Key: "notes", Label: "Notes", Kind: FieldText, Hint: "anything else the room said"},
	{Key: "private_notes", Label: "Private notes", Kind: FieldText, Private: true, Hint: "only you see these; not exported unless asked"},
}

var stepFields = [...][]Field{
	StepSource: append([]Field{
		{Key: "system", Label: "Source of truth", Kind: FieldSystem, Areas: []Area{AreaDataQuality}, Required: true, Hint: "the one system that owns this data"},
		{Key: "other_writers", Label: "Other writers", Kind: FieldSystems, Areas: []Area{AreaDataQuality, AreaTiming}, Hint: "systems that also change it"},
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
		{Key: "retries", Label: "Retries and replay", Kind: FieldText, Areas: []Area{AreaQueues}, Required: true, Hint: "what retries, how often, how to replay"},
		{Key: "monitoring", Label: "Monitoring and alerting", Kind: FieldText, Areas: []Area{AreaMonitoring}, Required: true, Hint: "who is alerted, by what, how fast"},
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
	{Key: "slice", Label: "Slice (0 = auto)", Kind: FieldNumber, Hint: "0 lets the summary choose"},
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
	{Key: "timebox_minutes", Label: "Minutes per step", Kind: FieldNumber, Hint: "presenter-mode timebox; 0 means 10"},
}

// SessionDetailFields are what can be changed about a session once it
// exists: its facts, its timebox and the facilitator's notes for it.
var SessionDetailFields = append(append([]Field{}, SessionFields...),
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

// stepText returns the address of a step's text field, or nil when the key
// is not a text field of that step.
func (f *Flow) stepText(s Step, key string) *string {
	switch s {
	case StepSource:
		switch key {
		case "system":
			return &f.Source.System
		case "identifiers":
			return &f.Source.Identifiers
		case "data_quality":
			return &f.Source.DataQuality
		case "notes":
			return &f.Source.Notes
		case "private_notes":
			return &f.Source.PrivateNotes
		}
	case StepContract:
		switch key {
		case "pattern_rationale":
			return &f.Contract.PatternRationale
		case "timing":
			return &f.Contract.Timing
		case "transport":
			return &f.Contract.Transport
		case "payload":
			return &f.Contract.Payload
		case "field_mappings":
			return &f.Contract.FieldMappings
		case "rate_limits":
			return &f.Contract.RateLimits
		case "environments":
			return &f.Contract.Environments
		case "notes":
			return &f.Contract.Notes
		case "private_notes":
			return &f.Contract.PrivateNotes
		}
	case StepFailure:
		switch key {
		case "retries":
			return &f.Failure.Retries
		case "monitoring":
			return &f.Failure.Monitoring
		case "notes":
			return &f.Failure.Notes
		case "private_notes":
			return &f.Failure.PrivateNotes
		}
	case StepOwner:
		switch key {
		case "flow_owner":
			return &f.Owner.FlowOwner
		case "failures":
			return &f.Owner.Failures
		case "retries":
			return &f.Owner.Retries
		case "dashboards":
			return &f.Owner.Dashboards
		case "runbooks":
			return &f.Owner.Runbooks
		case "release_handoff":
			return &f.Owner.ReleaseHandoff
		case "support_model":
			return &f.Owner.SupportModel
		case "notes":
			return &f.Owner.Notes
		case "private_notes":
			return &f.Owner.PrivateNotes
		}
	}
	return nil
}

// Get returns a step field's answer as text.
func (f *Flow) Get(s Step, key string) string {
	if p := f.stepText(s, key); p != nil {
		return *p
	}
	switch {
	case s == StepSource && key == "other_writers":
		return JoinIDs(f.Source.OtherWriters)
	case s == StepSource && key == "conflict_rule":
		return string(f.Source.ConflictRule)
	case s == StepContract && key == "pattern":
		return string(f.Contract.Pattern)
	case s == StepContract && key == "idempotency":
		return string(f.Contract.Idempotency)
	}
	return ""
}

// Set stores a step field's answer given as text; unknown keys are ignored.
func (f *Flow) Set(s Step, key, value string) {
	if p := f.stepText(s, key); p != nil {
		*p = value
		return
	}
	switch {
	case s == StepSource && key == "other_writers":
		f.Source.OtherWriters = SplitIDs(value)
	case s == StepSource && key == "conflict_rule":
		f.Source.ConflictRule = ConflictRule(value)
	case s == StepContract && key == "pattern":
		f.Contract.Pattern = Pattern(value)
	case s == StepContract && key == "idempotency":
		f.Contract.Idempotency = Idempotency(value)
	}
}

// StepDone reports whether the room has finished a step of the flow.
func (f *Flow) StepDone(s Step) bool {
	switch s {
	case StepSource:
		return f.Source.Done
	case StepContract:
		return f.Contract.Done
	case StepFailure:
		return f.Failure.Done
	case StepOwner:
		return f.Owner.Done
	}
	return false
}

// SetStepDone marks a step of the flow finished or not.
func (f *Flow) SetStepDone(s Step, done bool) {
	switch s {
	case StepSource:
		f.Source.Done = done
	case StepContract:
		f.Contract.Done = done
	case StepFailure:
		f.Failure.Done = done
	case StepOwner:
		f.Owner.Done = done
	}
}

// StepsDone counts the finished steps of the flow.
func (f *Flow) StepsDone() int {
	n := 0
	for _, s := range Steps {
		if f.StepDone(s) {
			n++
		}
	}
	return n
}

// Get returns a risk field as text.
func (r *Risk) Get(key string) string {
	switch key {
	case "title":
		return r.Title
	case "impact":
		return intString(r.Impact)
	case "likelihood":
		return intString(r.Likelihood)
	case "revenue_critical":
		return boolString(r.RevenueCritical)
	case "customer_visible":
		return boolString(r.CustomerVisible)
	case "fix":
		return r.Fix
	case "horizon":
		return string(r.Horizon)
	case "owner":
		return r.Owner
	case "slice":
		return intString(r.Slice)
	}
	return ""
}

// Set stores a risk field given as text; unknown keys are ignored.
func (r *Risk) Set(key, value string) {
	switch key {
	case "title":
		r.Title = value
	case "impact":
		r.Impact = parseInt(value)
	case "likelihood":
		r.Likelihood = parseInt(value)
	case "revenue_critical":
		r.RevenueCritical = parseBool(value)
	case "customer_visible":
		r.CustomerVisible = parseBool(value)
	case "fix":
		r.Fix = value
	case "horizon":
		r.Horizon = Horizon(value)
	case "owner":
		r.Owner = value
	case "slice":
		r.Slice = parseInt(value)
	}
}

// Get returns a system field as text.
func (s *System) Get(key string) string {
	switch key {
	case "name":
		return s.Name
	case "kind":
		return string(s.Kind)
	case "notes":
		return s.Notes
	}
	return ""
}

// Set stores a system field given as text; unknown keys are ignored.
func (s *System) Set(key, value string) {
	switch key {
	case "name":
		s.Name = value
	case "kind":
		s.Kind = SystemKind(value)
	case "notes":
		s.Notes = value
	}
}

// Get returns an open question's field as text.
func (q *OpenQuestion) Get(key string) string {
	switch key {
	case "question":
		return q.Question
	case "ask":
		return q.Ask
	case "answer":
		return q.Answer
	}
	return ""
}

// Set stores an open question's field given as text.
func (q *OpenQuestion) Set(key, value string) {
	switch key {
	case "question":
		q.Question = value
	case "ask":
		q.Ask = value
	case "answer":
		q.Answer = value
	}
}

// Get returns a session field as text; participants are comma-separated.
func (s *Session) Get(key string) string {
	switch key {
	case "name":
		return s.Name
	case "client":
		return s.Client
	case "facilitator":
		return s.Facilitator
	case "participants":
		return strings.Join(s.Participants, ", ")
	case "date":
		return s.Date
	case "notes":
		return s.Notes
	case "timebox_minutes":
		return intString(s.TimeboxMinutes)
	}
	return ""
}

// Set stores a session field given as text.
func (s *Session) Set(key, value string) {
	switch key {
	case "name":
		s.Name = value
	case "client":
		s.Client = value
	case "facilitator":
		s.Facilitator = value
	case "participants":
		s.Participants = SplitList(value)
	case "date":
		s.Date = value
	case "notes":
		s.Notes = value
	case "timebox_minutes":
		s.TimeboxMinutes = parseInt(value)
	}
}

// SplitList splits comma-separated names, dropping empty ones.
func SplitList(s string) []string { return SplitIDs(s) }

// GetHeader returns a flow header field as text.
func (f *Flow) GetHeader(key string) string {
	switch key {
	case "name":
		return f.Name
	case "domain":
		return f.Domain
	case "from":
		return f.From
	case "to":
		return f.To
	case "via":
		return f.Via
	}
	return ""
}

// SetHeader stores a flow header field given as text.
func (f *Flow) SetHeader(key, value string) {
	switch key {
	case "name":
		f.Name = value
	case "domain":
		f.Domain = strings.ToLower(strings.TrimSpace(value))
	case "from":
		f.From = value
	case "to":
		f.To = value
	case "via":
		f.Via = value
	}
}
