package model

import (
	"reflect"
	"strings"
	"testing"
)

// pin is one answer typed into a field of an empty record: the record it
// must leave behind and the text the field then reads back as.
type pin[T any] struct {
	key, in, out string
	want         T
}

// accessorsOf reads and writes the answers of a T by key.
type accessorsOf[T any] struct {
	get func(*T, string) string
	set func(*T, string, string)
}

func checkPins[T any](t *testing.T, name string, a accessorsOf[T], pins []pin[T]) {
	t.Helper()
	for _, p := range pins {
		var rec T
		a.set(&rec, p.key, p.in)
		if !reflect.DeepEqual(rec, p.want) {
			t.Errorf("%s: set %s to %q left %+v, want %+v", name, p.key, p.in, rec, p.want)
		}
		if got := a.get(&rec, p.key); got != p.out {
			t.Errorf("%s: set %s to %q reads back %q, want %q", name, p.key, p.in, got, p.out)
		}
	}
}

// checkUnknown sets keys no field answers to on a filled record: each
// reads as "" and writing it changes nothing.
func checkUnknown[T any](t *testing.T, name string, a accessorsOf[T], filled T, keys []string) {
	t.Helper()
	for _, k := range keys {
		rec := filled
		if got := a.get(&rec, k); got != "" {
			t.Errorf("%s: unknown key %q reads %q, want \"\"", name, k, got)
		}
		a.set(&rec, k, "changed")
		if !reflect.DeepEqual(rec, filled) {
			t.Errorf("%s: setting unknown key %q changed the record to %+v", name, k, rec)
		}
	}
}

func stepAccess(s Step) accessorsOf[Flow] {
	return accessorsOf[Flow]{
		get: func(f *Flow, k string) string { return f.Get(s, k) },
		set: func(f *Flow, k, v string) { f.Set(s, k, v) },
	}
}

const multiLine = " two\nlines "

// TestAccessorsKeepTheirBehaviour pins, field by field, which part of the
// record each key writes and how its text is read and converted.
func TestAccessorsKeepTheirBehaviour(t *testing.T) {
	checkPins(t, "source", stepAccess(StepSource), []pin[Flow]{
		{"system", "sys-1", "sys-1", Flow{Source: SourceStep{System: "sys-1"}}},
		{"other_writers", " a, ,b ", "a,b", Flow{Source: SourceStep{OtherWriters: []string{"a", "b"}}}},
		{"other_writers", "", "", Flow{}},
		{"conflict_rule", "bogus", "bogus", Flow{Source: SourceStep{ConflictRule: "bogus"}}},
		{"conflict_rule", ConflictRuleChoices[0].Value, ConflictRuleChoices[0].Value, Flow{Source: SourceStep{ConflictRule: ConflictRule(ConflictRuleChoices[0].Value)}}},
		{"identifiers", multiLine, multiLine, Flow{Source: SourceStep{Identifiers: multiLine}}},
		{"data_quality", multiLine, multiLine, Flow{Source: SourceStep{DataQuality: multiLine}}},
		{"notes", multiLine, multiLine, Flow{Source: SourceStep{Notes: multiLine}}},
		{"private_notes", multiLine, multiLine, Flow{Source: SourceStep{PrivateNotes: multiLine}}},
	})
	checkPins(t, "contract", stepAccess(StepContract), []pin[Flow]{
		{"pattern", " Event ", " Event ", Flow{Contract: ContractStep{Pattern: " Event "}}},
		{"pattern_rationale", multiLine, multiLine, Flow{Contract: ContractStep{PatternRationale: multiLine}}},
		{"timing", "x", "x", Flow{Contract: ContractStep{Timing: "x"}}},
		{"transport", "x", "x", Flow{Contract: ContractStep{Transport: "x"}}},
		{"payload", "x", "x", Flow{Contract: ContractStep{Payload: "x"}}},
		{"field_mappings", "x", "x", Flow{Contract: ContractStep{FieldMappings: "x"}}},
		{"rate_limits", "x", "x", Flow{Contract: ContractStep{RateLimits: "x"}}},
		{"idempotency", "maybe", "maybe", Flow{Contract: ContractStep{Idempotency: "maybe"}}},
		{"environments", "x", "x", Flow{Contract: ContractStep{Environments: "x"}}},
		{"notes", "x", "x", Flow{Contract: ContractStep{Notes: "x"}}},
		{"private_notes", "x", "x", Flow{Contract: ContractStep{PrivateNotes: "x"}}},
	})
	checkPins(t, "failure", stepAccess(StepFailure), []pin[Flow]{
		{"retry_level", "odd", "odd", Flow{Failure: FailureStep{RetryLevel: "odd"}}},
		{"retries", "x", "x", Flow{Failure: FailureStep{Retries: "x"}}},
		{"monitoring_level", "odd", "odd", Flow{Failure: FailureStep{MonitoringLevel: "odd"}}},
		{"monitoring", "x", "x", Flow{Failure: FailureStep{Monitoring: "x"}}},
		{"last_incident", "x", "x", Flow{Failure: FailureStep{LastIncident: "x"}}},
		{"cost_of_downtime", "x", "x", Flow{Failure: FailureStep{CostOfDowntime: "x"}}},
		{"downtime_cost_per_hour", " 20000 ", "20000", Flow{Failure: FailureStep{DowntimeCostPerHour: 20000}}},
		{"downtime_cost_per_hour", "1250.5", "1250.5", Flow{Failure: FailureStep{DowntimeCostPerHour: 1250.5}}},
		{"downtime_cost_per_hour", "12.", "12", Flow{Failure: FailureStep{DowntimeCostPerHour: 12}}},
		{"downtime_cost_per_hour", "20k", "0", Flow{}},
		{"downtime_cost_per_hour", "1e5", "0", Flow{}},
		{"downtime_cost_per_hour", "-3", "0", Flow{}},
		{"notes", "x", "x", Flow{Failure: FailureStep{Notes: "x"}}},
		{"private_notes", "x", "x", Flow{Failure: FailureStep{PrivateNotes: "x"}}},
	})
	checkPins(t, "owner", stepAccess(StepOwner), []pin[Flow]{
		{"flow_owner", "x", "x", Flow{Owner: OwnerStep{FlowOwner: "x"}}},
		{"failures", "x", "x", Flow{Owner: OwnerStep{Failures: "x"}}},
		{"retries", "x", "x", Flow{Owner: OwnerStep{Retries: "x"}}},
		{"dashboards", "x", "x", Flow{Owner: OwnerStep{Dashboards: "x"}}},
		{"runbooks", "x", "x", Flow{Owner: OwnerStep{Runbooks: "x"}}},
		{"release_handoff", "x", "x", Flow{Owner: OwnerStep{ReleaseHandoff: "x"}}},
		{"support_model", multiLine, multiLine, Flow{Owner: OwnerStep{SupportModel: multiLine}}},
		{"notes", "x", "x", Flow{Owner: OwnerStep{Notes: "x"}}},
		{"private_notes", "x", "x", Flow{Owner: OwnerStep{PrivateNotes: "x"}}},
	})
	header := accessorsOf[Flow]{get: (*Flow).GetHeader, set: (*Flow).SetHeader}
	checkPins(t, "flow header", header, []pin[Flow]{
		{"name", multiLine, multiLine, Flow{Name: multiLine}},
		{"domain", " Payment ", "payment", Flow{Domain: "payment"}},
		{"from", " a ", " a ", Flow{From: " a "}},
		{"to", "b", "b", Flow{To: "b"}},
		{"via", "c", "c", Flow{Via: "c"}},
	})
	risk := accessorsOf[Risk]{get: (*Risk).Get, set: (*Risk).Set}
	checkPins(t, "risk", risk, []pin[Risk]{
		{"title", multiLine, multiLine, Risk{Title: multiLine}},
		{"impact", " 4 ", "4", Risk{Impact: 4}},
		{"impact", "four", "0", Risk{}},
		{"impact", "", "0", Risk{}},
		{"likelihood", "9", "9", Risk{Likelihood: 9}},
		{"revenue_critical", " Yes ", "yes", Risk{RevenueCritical: true}},
		{"revenue_critical", "y", "yes", Risk{RevenueCritical: true}},
		{"revenue_critical", "TRUE", "yes", Risk{RevenueCritical: true}},
		{"revenue_critical", "1", "yes", Risk{RevenueCritical: true}},
		{"revenue_critical", "maybe", "no", Risk{}},
		{"revenue_critical", "", "no", Risk{}},
		{"customer_visible", "yes", "yes", Risk{CustomerVisible: true}},
		{"customer_visible", "no", "no", Risk{}},
		{"fix", multiLine, multiLine, Risk{Fix: multiLine}},
		{"horizon", "someday", "someday", Risk{Horizon: "someday"}},
		{"owner", "x", "x", Risk{Owner: "x"}},
		{"slice", "-3", "-3", Risk{Slice: -3}},
		{"slice", "1e3", "0", Risk{}},
		{"status", "closed", "closed", Risk{Status: "closed"}},
		{"ticket", "INT-142", "INT-142", Risk{Ticket: "INT-142"}},
		{"effort", "XL", "XL", Risk{Effort: EffortXL}},
		{"effort", "huge", "huge", Risk{Effort: "huge"}},
		{"hours_per_incident", "0.5", "0.5", Risk{HoursPerIncident: 0.5}},
		{"hours_per_incident", "", "0", Risk{}},
		{"cost_per_incident", "40000", "40000", Risk{CostPerIncident: 40000}},
		{"cost_per_incident", "inf", "0", Risk{}},
	})
	system := accessorsOf[System]{get: (*System).Get, set: (*System).Set}
	checkPins(t, "system", system, []pin[System]{
		{"name", multiLine, multiLine, System{Name: multiLine}},
		{"kind", "mainframe", "mainframe", System{Kind: "mainframe"}},
		{"notes", multiLine, multiLine, System{Notes: multiLine}},
		{"target", "retire", "retire", System{Target: Target{Action: TargetRetire}}},
		{"target", "replace:erp-2", "replace:erp-2", System{Target: Target{Action: TargetReplace, By: "erp-2"}}},
		{"target.slice", " 3 ", "3", System{Target: Target{Slice: 3}}},
	})
	question := accessorsOf[OpenQuestion]{get: (*OpenQuestion).Get, set: (*OpenQuestion).Set}
	checkPins(t, "open question", question, []pin[OpenQuestion]{
		{"question", multiLine, multiLine, OpenQuestion{Question: multiLine}},
		{"ask", "x", "x", OpenQuestion{Ask: "x"}},
		{"answer", multiLine, multiLine, OpenQuestion{Answer: multiLine}},
		{"decision", "yes", "yes", OpenQuestion{DecisionAsk: DecisionAsk{Decision: true}}},
		{"due", " 2026-04-01 ", "2026-04-01", OpenQuestion{DecisionAsk: DecisionAsk{Due: "2026-04-01"}}},
		{"options", " Keep SAP, retire Oracle \n\n Both ", "Keep SAP, retire Oracle\nBoth", OpenQuestion{DecisionAsk: DecisionAsk{Options: []string{"Keep SAP, retire Oracle", "Both"}}}},
		{"options", " \n ", "", OpenQuestion{}},
		{"recommendation", multiLine, multiLine, OpenQuestion{DecisionAsk: DecisionAsk{Recommendation: multiLine}}},
	})
	session := accessorsOf[Session]{get: (*Session).Get, set: (*Session).Set}
	checkPins(t, "session", session, []pin[Session]{
		{"name", multiLine, multiLine, Session{Name: multiLine}},
		{"client", "x", "x", Session{Client: "x"}},
		{"facilitator", "x", "x", Session{Facilitator: "x"}},
		{"participants", " Ann (CTO),, Bob ,", "Ann (CTO), Bob", Session{Participants: []string{"Ann (CTO)", "Bob"}}},
		{"participants", " , ", "", Session{}},
		{"date", " 2026-03-14 ", " 2026-03-14 ", Session{Date: " 2026-03-14 "}},
		{"notes", multiLine, multiLine, Session{Notes: multiLine}},
		{"timebox_minutes", " 15", "15", Session{TimeboxMinutes: 15}},
		{"timebox_minutes", "ten", "0", Session{}},
		{"slice_size", "5000", "5000", Session{SliceSize: 5000}},
		{"version", " 0.3 ", "0.3", Session{DocumentControl: DocumentControl{Version: "0.3"}}},
		{"status", "final", "final", Session{DocumentControl: DocumentControl{Status: DocumentFinal}}},
		{"confidentiality", "Internal", "Internal", Session{DocumentControl: DocumentControl{Confidentiality: "Internal"}}},
		{"distribution", "Ann (CIO),, Bob", "Ann (CIO), Bob", Session{DocumentControl: DocumentControl{Distribution: []string{"Ann (CIO)", "Bob"}}}},
		{"history", "0.1 2026-03-14 first draft\n\n0.2 2026-03-20", "0.1 2026-03-14 first draft\n0.2 2026-03-20",
			Session{DocumentControl: DocumentControl{History: []HistoryEntry{{"0.1", "2026-03-14", "first draft"}, {"0.2", "2026-03-20", ""}}}}},
		{"currency", " usd ", "USD", Session{BusinessCaseInputs: BusinessCaseInputs{Currency: "USD"}}},
		{"start_date", " 2026-04-06 ", "2026-04-06", Session{BusinessCaseInputs: BusinessCaseInputs{StartDate: "2026-04-06"}}},
		{"capacity_days_per_week", "7.5", "7.5", Session{BusinessCaseInputs: BusinessCaseInputs{CapacityDaysPerWeek: 7.5}}},
		{"incidents_per_year", "0.2; 0.5 1, 2, 6", "0.2, 0.5, 1, 2, 6",
			Session{BusinessCaseInputs: BusinessCaseInputs{Settings: &Settings{IncidentsPerYear: []float64{0.2, 0.5, 1, 2, 6}}}}},
		{"incidents_per_year", "0.2, 0.5", "", Session{}},
		{"downtime_share", "0, 0.1, 0.2, 0.5, 1", "0, 0.1, 0.2, 0.5, 1",
			Session{BusinessCaseInputs: BusinessCaseInputs{Settings: &Settings{DowntimeShare: []float64{0, 0.1, 0.2, 0.5, 1}}}}},
		{"downtime_share", "0, 0.1, 0.2, 0.5, 2", "", Session{}},
		{"hours_per_incident", "1, 4, 8, 48", "1, 4, 8, 48",
			Session{BusinessCaseInputs: BusinessCaseInputs{Settings: &Settings{HoursPerIncident: map[MonitoringLevel]float64{
				MonitorNamedOwner: 1, MonitorSharedInbox: 4, MonitorDashboard: 8, MonitorNone: 48}}}}},
		{"effort_days", "2 - 4, 4–10, 10-30, 30-90", "2-4, 4-10, 10-30, 30-90",
			Session{BusinessCaseInputs: BusinessCaseInputs{Settings: &Settings{EffortDays: map[Effort][2]float64{
				EffortS: {2, 4}, EffortM: {4, 10}, EffortL: {10, 30}, EffortXL: {30, 90}}}}}},
		{"effort_days", "5-1, 4-10, 10-30, 30-90", "", Session{}},
		{"effort_days", "", "", Session{}},
	})
	decision := accessorsOf[DomainDecision]{get: (*DomainDecision).Get, set: (*DomainDecision).Set}
	checkPins(t, "domain decision", decision, []pin[DomainDecision]{
		{"source_of_truth", " sys-1 ", " sys-1 ", DomainDecision{SourceOfTruth: " sys-1 "}},
		{"rationale", multiLine, multiLine, DomainDecision{Rationale: multiLine}},
		{"decided_by", "x", "x", DomainDecision{DecidedBy: "x"}},
		{"status", "later", "later", DomainDecision{Status: "later"}},
		{"status", string(DomainParked), string(DomainParked), DomainDecision{Status: DomainParked}},
		{"ask", " the CFO ", " the CFO ", DomainDecision{Ask: " the CFO "}},
		{"due", " 2026-04-01 ", "2026-04-01", DomainDecision{Due: "2026-04-01"}},
	})

	flow := Flow{
		ID: "f", Name: "n", Domain: "order", From: "a", To: "b", Via: "c",
		Source:   SourceStep{System: "a", OtherWriters: []string{"b"}, ConflictRule: "r", Identifiers: "i", DataQuality: "q", Notes: "n", PrivateNotes: "p", Done: true},
		Contract: ContractStep{Pattern: "p", PatternRationale: "r", Timing: "t", Transport: "t", Payload: "p", FieldMappings: "m", RateLimits: "l", Idempotency: "i", Environments: "e", Notes: "n", PrivateNotes: "p", Done: true},
		Failure:  FailureStep{Retries: "r", RetryLevel: "l", Monitoring: "m", MonitoringLevel: "l", LastIncident: "i", CostOfDowntime: "c", Notes: "n", PrivateNotes: "p", Done: true, Risks: []Risk{{ID: "r"}}},
		Owner:    OwnerStep{FlowOwner: "o", Failures: "f", Retries: "r", Dashboards: "d", Runbooks: "r", ReleaseHandoff: "h", SupportModel: "s", Notes: "n", PrivateNotes: "p", Done: true},
	}
	checkUnknown(t, "source", stepAccess(StepSource), flow, []string{"", "done", "pattern", "retries", "System", "name"})
	checkUnknown(t, "contract", stepAccess(StepContract), flow, []string{"done", "system", "retry_level"})
	checkUnknown(t, "failure", stepAccess(StepFailure), flow, []string{"done", "risks", "pattern"})
	checkUnknown(t, "owner", stepAccess(StepOwner), flow, []string{"done", "system", "monitoring"})
	for _, s := range []Step{-1, Step(len(Steps))} {
		checkUnknown(t, "step out of range", stepAccess(s), flow, []string{"system", "pattern", "notes", "flow_owner"})
	}
	checkUnknown(t, "flow header", header, flow, []string{"id", "source", "notes", "Name"})
	checkUnknown(t, "risk", risk, Risk{ID: "r", Title: "t", Impact: 3, Likelihood: 2, RevenueCritical: true, CustomerVisible: true, Fix: "f", Horizon: "h", Owner: "o", Slice: 1, Covers: []string{"c"}, Status: "s", Ticket: "t", Flows: []string{"f"}, Merged: []string{"m"},
		Effort: EffortM, HoursPerIncident: 3, CostPerIncident: 4},
		[]string{"id", "covers", "flows", "merged", "Title", "notes"})
	checkUnknown(t, "system", system, System{ID: "s", Name: "n", Kind: "k", Notes: "n", Target: Target{Action: "a", By: "b", Slice: 1}}, []string{"id", "Name", "title", "target.by", "target.action", "by"})
	checkUnknown(t, "open question", question, OpenQuestion{ID: "q", Flow: "f", Step: "s", Question: "q", Ask: "a", Answer: "a"}, []string{"id", "flow", "step", "notes"})
	checkUnknown(t, "session", session, Session{ID: "s", Name: "n", Client: "c", Facilitator: "f", Participants: []string{"p"}, Date: "d", CreatedAt: "c", UpdatedAt: "u", Notes: "n", TimeboxMinutes: 1, SliceSize: 2,
		BusinessCaseInputs: BusinessCaseInputs{Currency: "GBP", StartDate: "2026-01-05", CapacityDaysPerWeek: 4, Settings: &Settings{IncidentsPerYear: []float64{1, 2, 3, 4, 5}}}},
		[]string{"id", "created_at", "updated_at", "Name", "settings", "Currency"})
	checkUnknown(t, "domain decision", decision, DomainDecision{Name: "order", SourceOfTruth: "s", Rationale: "r", DecidedBy: "d", Status: DomainParked, Ask: "a", Due: "d"}, []string{"name", "Status", "notes"})
}

// fieldTable is one list of fields the screens edit, with the accessors of
// the record it describes.
type fieldTable struct {
	name   string
	fields []Field
	// fill sets each key on a fresh record in turn, then reads every key
	// of the table back.
	fill func(keys, values []string) (read []string, untouched bool)
}

func tableOf[T any](name string, fields []Field, a accessorsOf[T]) fieldTable {
	return fieldTable{name: name, fields: fields, fill: func(keys, values []string) ([]string, bool) {
		var rec, zero T
		for i, k := range keys {
			a.set(&rec, k, values[i])
		}
		read := make([]string, len(keys))
		for i, k := range keys {
			read[i] = a.get(&rec, k)
		}
		return read, reflect.DeepEqual(rec, zero)
	}}
}

func allFieldTables() []fieldTable {
	tables := []fieldTable{
		tableOf("FlowFields", FlowFields, accessorsOf[Flow]{get: (*Flow).GetHeader, set: (*Flow).SetHeader}),
		tableOf("RiskFields", RiskFields, accessorsOf[Risk]{get: (*Risk).Get, set: (*Risk).Set}),
		tableOf("SystemFields", SystemFields, accessorsOf[System]{get: (*System).Get, set: (*System).Set}),
		tableOf("SystemDetailFields", SystemDetailFields, accessorsOf[System]{get: (*System).Get, set: (*System).Set}),
		tableOf("QuestionFields", QuestionFields, accessorsOf[OpenQuestion]{get: (*OpenQuestion).Get, set: (*OpenQuestion).Set}),
		tableOf("SessionFields", SessionFields, accessorsOf[Session]{get: (*Session).Get, set: (*Session).Set}),
		tableOf("SessionDetailFields", SessionDetailFields, accessorsOf[Session]{get: (*Session).Get, set: (*Session).Set}),
		tableOf("DecisionFields", DecisionFields, accessorsOf[DomainDecision]{get: (*DomainDecision).Get, set: (*DomainDecision).Set}),
		tableOf("ParkFields", ParkFields, accessorsOf[DomainDecision]{get: (*DomainDecision).Get, set: (*DomainDecision).Set}),
	}
	for _, s := range Steps {
		tables = append(tables, tableOf("StepFields("+s.String()+")", StepFields(s), stepAccess(s)))
	}
	return tables
}

// sampleAnswer is a value of the field's kind that reads back as itself,
// different for every field of a table so two keys writing the same place
// show. A line kept in a shape of its own (a currency code, a settings
// table) takes a value of that shape.
func sampleAnswer(fd Field, i int) string {
	if fd.Key == "currency" {
		return "CHF"
	}
	for _, t := range SettingsTables {
		if t.Key == fd.Key && fd.Kind == FieldLine {
			return t.FormatTable(t.Default)
		}
	}
	switch fd.Kind {
	case FieldChoice:
		return fd.Choices[i%len(fd.Choices)].Value
	case FieldSystems:
		return "sys-" + string(rune('a'+i)) + ",sys-z"
	case FieldBool:
		return "yes"
	case FieldNumber:
		return string(rune('1' + i%9))
	}
	return "answer " + string(rune('a'+i))
}

// TestEveryFieldHasAnAccessor: a field added to a table without a way to
// read and write it fails here.
func TestEveryFieldHasAnAccessor(t *testing.T) {
	for _, tb := range allFieldTables() {
		if len(tb.fields) == 0 {
			t.Errorf("%s is empty", tb.name)
		}
		var keys, values []string
		for i, fd := range tb.fields {
			keys, values = append(keys, fd.Key), append(values, sampleAnswer(fd, i))
		}
		works := make([]bool, len(keys))
		for i := range keys {
			read, untouched := tb.fill(keys[i:i+1], values[i:i+1])
			if works[i] = !untouched && read[0] == values[i]; !works[i] {
				t.Errorf("%s.%s: set %q, read back %q (record changed: %v)", tb.name, keys[i], values[i], read[0], !untouched)
			}
		}
		read, _ := tb.fill(keys, values)
		for i := range keys {
			if works[i] && read[i] != values[i] {
				t.Errorf("%s.%s: after setting every field it reads %q, want %q: another key writes the same answer", tb.name, keys[i], read[i], values[i])
			}
		}
	}
}

// TestStepTextAddressesTextFields: search and replace edits the text
// answers of a step in place, through stepText.
func TestStepTextAddressesTextFields(t *testing.T) {
	for _, s := range Steps {
		for _, fd := range StepFields(s) {
			var f Flow
			p := f.stepText(s, fd.Key)
			isText := fd.Kind == FieldLine || fd.Kind == FieldText || fd.Kind == FieldSystem
			if (p != nil) != isText {
				t.Errorf("%s.%s (kind %d): stepText gives an address: %v", s, fd.Key, fd.Kind, p != nil)
				continue
			}
			if p != nil {
				*p = "edited"
				if got := f.Get(s, fd.Key); got != "edited" {
					t.Errorf("%s.%s: written through stepText, reads %q", s, fd.Key, got)
				}
			}
		}
		var f Flow
		if f.stepText(s, "done") != nil || f.stepText(s, "nope") != nil {
			t.Errorf("%s: stepText addresses a key that is no text field", s)
		}
	}
}

var benchSink string

// BenchmarkFieldAccess is what a keystroke costs in field access: one
// answer compared with what it holds and then written, for a step, a risk
// and the session; "direct" is the floor, the same work on the struct.
func BenchmarkFieldAccess(b *testing.B) {
	texts, numbers, lists := [2]string{"why", "because"}, [2]string{"3", "4"}, [2]string{"Ann, Bob", "Ann"}
	var f Flow
	var r Risk
	var s Session
	b.Run("by-key", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i ^= 1
			if f.Get(StepContract, "pattern_rationale") != texts[i] {
				f.Set(StepContract, "pattern_rationale", texts[i])
			}
			if r.Get("impact") != numbers[i] {
				r.Set("impact", numbers[i])
			}
			if s.Get("participants") != lists[i] {
				s.Set("participants", lists[i])
			}
			benchSink = f.Get(StepOwner, "private_notes")
		}
	})
	b.Run("direct", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i ^= 1
			if f.Contract.PatternRationale != texts[i] {
				f.Contract.PatternRationale = texts[i]
			}
			if intString(r.Impact) != numbers[i] {
				r.Impact = parseInt(numbers[i])
			}
			if strings.Join(s.Participants, ", ") != lists[i] {
				s.Participants = SplitList(lists[i])
			}
			benchSink = f.Owner.PrivateNotes
		}
	})
}
