package model

import "strings"

// The accessors below read and write one answer as text, by its field's
// JSON name, for the screens that edit fields from the catalogue.

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
		case "last_incident":
			return &f.Failure.LastIncident
		case "cost_of_downtime":
			return &f.Failure.CostOfDowntime
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
	case s == StepFailure && key == "retry_level":
		return string(f.Failure.RetryLevel)
	case s == StepFailure && key == "monitoring_level":
		return string(f.Failure.MonitoringLevel)
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
	case s == StepFailure && key == "retry_level":
		f.Failure.RetryLevel = RetryLevel(value)
	case s == StepFailure && key == "monitoring_level":
		f.Failure.MonitoringLevel = MonitoringLevel(value)
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
	case "status":
		return string(r.Status)
	case "ticket":
		return r.Ticket
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
	case "status":
		r.Status = RiskStatus(value)
	case "ticket":
		r.Ticket = value
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
	case "slice_size":
		return intString(s.SliceSize)
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
	case "slice_size":
		s.SliceSize = parseInt(value)
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

// DecisionFields are what the room records when it decides a domain.
var DecisionFields = []Field{
	{Key: "source_of_truth", Label: "Source of truth", Kind: FieldSystem, Required: true, Unknown: true, Hint: "the one system the room decided owns it"},
	{Key: "rationale", Label: "Why", Kind: FieldText, Hint: "the reason, in the room's words"},
	{Key: "decided_by", Label: "Decided by", Kind: FieldLine, Hint: "who in the room made the call"},
}

// ParkFields are what the room records when it parks a domain: who decides
// it, and by when.
var ParkFields = []Field{
	{Key: "ask", Label: "Who decides", Kind: FieldLine, Required: true, Hint: "a name or a role, e.g. the CFO"},
	{Key: "due", Label: "Decide by", Kind: FieldLine, Hint: "YYYY-MM-DD"},
	{Key: "rationale", Label: "What is open", Kind: FieldText, Hint: "why the room could not decide"},
}

// Get returns a domain decision's field as text.
func (d *DomainDecision) Get(key string) string {
	switch key {
	case "source_of_truth":
		return d.SourceOfTruth
	case "rationale":
		return d.Rationale
	case "decided_by":
		return d.DecidedBy
	case "status":
		return string(d.Status)
	case "ask":
		return d.Ask
	case "due":
		return d.Due
	}
	return ""
}

// Set stores a domain decision's field given as text.
func (d *DomainDecision) Set(key, value string) {
	switch key {
	case "source_of_truth":
		d.SourceOfTruth = value
	case "rationale":
		d.Rationale = value
	case "decided_by":
		d.DecidedBy = value
	case "status":
		d.Status = DomainStatus(value)
	case "ask":
		d.Ask = value
	case "due":
		d.Due = strings.TrimSpace(value)
	}
}

// ParkFieldProblem says why a parked domain's field cannot hold value, or
// "": the date it is due by must be a real date.
func ParkFieldProblem(key, value string) string {
	if key == "due" && strings.TrimSpace(value) != "" {
		return DateProblem(strings.TrimSpace(value))
	}
	return ""
}

// DecisionsUsing lists the domains whose decision names the system, so a
// system still decided on is not deleted from under them.
func (d *Document) DecisionsUsing(systemID string) []string {
	var names []string
	for _, dd := range d.Domains {
		if dd.SourceOfTruth == systemID {
			names = append(names, "the "+dd.Name+" decision")
		}
	}
	return names
}
