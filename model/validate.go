package model

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Problem is one thing wrong with a document, at a path a person can find:
// flows[2].contract.pattern.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) Error() string { return p.Path + ": " + p.Message }

// Problems is every problem found in a document, in document order.
type Problems []Problem

func (ps Problems) Error() string {
	switch len(ps) {
	case 0:
		return "no problems"
	case 1:
		return ps[0].Error()
	default:
		return fmt.Sprintf("%s (and %d more problems)", ps[0].Error(), len(ps)-1)
	}
}

// Limits on what one session may hold, so a hostile file cannot exhaust a
// laptop's memory.
const (
	MaxTimeboxMinutes = 600
	MaxSlice          = 99
	MaxSliceSize      = 50
)

// DefaultSliceSize is how many risks a delivery slice holds unless the
// session says otherwise: few enough for one team to staff.
const DefaultSliceSize = 5

// Slice is the session's delivery slice size.
func (s Session) Slice() int {
	if s.SliceSize > 0 {
		return s.SliceSize
	}
	return DefaultSliceSize
}

// findingKey is RULE:SUBJECT, the subject a flow id, domain:NAME, session,
// or risks:ID,ID for a finding about two risks.
var findingKey = regexp.MustCompile(`^[A-Z][A-Z_]{0,39}:(domain:[^\x00-\x1f\x7f]{1,100}|risks:[A-Za-z0-9][A-Za-z0-9_-]{0,63},[A-Za-z0-9][A-Za-z0-9_-]{0,63}|[A-Za-z0-9][A-Za-z0-9_-]{0,63})$`)

// ValidFindingKey reports whether s has the shape of a finding's key. A
// key about two risks names them in sorted order, so that one pair has one
// key whichever way round it was found.
func ValidFindingKey(s string) bool {
	if !findingKey.MatchString(s) {
		return false
	}
	if _, subject, _ := strings.Cut(s, ":"); strings.HasPrefix(subject, RiskPairSubject) {
		a, b, _ := strings.Cut(strings.TrimPrefix(subject, RiskPairSubject), ",")
		return a < b
	}
	return true
}

// RiskPairSubject starts the subject of a finding about two risks:
// DUPLICATE_RISK:risks:ID,ID.
const RiskPairSubject = "risks:"

// RiskPairKey is the key of rule's finding about the risks a and b, in
// either order.
func RiskPairKey(rule, a, b string) string {
	if b < a {
		a, b = b, a
	}
	return rule + ":" + RiskPairSubject + a + "," + b
}

// RiskPair reads the two risk ids, sorted, of a finding key about a pair of
// risks; ok is false for any other key.
func RiskPair(key string) (a, b string, ok bool) {
	if !ValidFindingKey(key) {
		return "", "", false
	}
	_, subject, _ := strings.Cut(key, ":")
	pair, ok := strings.CutPrefix(subject, RiskPairSubject)
	if !ok {
		return "", "", false
	}
	a, b, _ = strings.Cut(pair, ",")
	return a, b, true
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// ValidID reports whether s can be used as an id: letters, digits, '-' and
// '_', at most 64 characters.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// DateLayout is how session dates are written.
const DateLayout = "2006-01-02"

type validator struct {
	problems Problems
	ids      map[string]string // id → path of its first use
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) id(path, id string) {
	switch {
	case id == "":
		v.add(path, "is empty; every item needs an id")
	case !ValidID(id):
		v.add(path, "%q is not a valid id (letters, digits, '-' and '_', at most 64)", id)
	default:
		if first, dup := v.ids[id]; dup {
			v.add(path, "%q is already the id of %s", id, first)
			return
		}
		v.ids[id] = strings.TrimSuffix(path, ".id")
	}
}

func (v *validator) required(path, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(path, "is empty")
	}
}

func (v *validator) enum(path, value string, choices []Choice) {
	if value != "" && !oneOf(choices, value) {
		v.add(path, "%q is not one of %s", value, strings.Join(values(choices), ", "))
	}
}

func (v *validator) rfc3339(path, s string) {
	if s == "" {
		return
	}
	// time.Parse also takes a one-digit hour, which RFC 3339 (and the
	// published schema) does not: the shape is checked first.
	if _, err := time.Parse(time.RFC3339, s); err != nil || !rfc3339Shape.MatchString(s) {
		v.add(path, "%q is not an RFC 3339 time such as 2026-03-14T09:30:00Z", s)
	}
}

var dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

var rfc3339Shape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

func (v *validator) score(path string, n int) {
	if n < 1 || n > 5 {
		v.add(path, "%d is outside 1-5", n)
	}
}

// Validate returns every problem in the document, each with its path. A
// document with no problems can be stored and exported.
func Validate(d *Document) Problems {
	v := &validator{ids: map[string]string{}}
	switch {
	case d.Schema == SchemaID:
	case strings.HasPrefix(d.Schema, "archreview/v"):
		v.add("schema", "%q is not %s; a newer archreview wrote this file", d.Schema, readSchemas)
	default:
		v.add("schema", "%q is not %s; this file was not written by archreview", d.Schema, readSchemas)
	}
	v.revision("revision", d.Revision)
	v.revision("base_revision", d.BaseRevision)
	if len(d.Ancestors) > MaxAncestors {
		v.add("ancestors", "names %d revisions; at most %d are kept", len(d.Ancestors), MaxAncestors)
	}
	for i, r := range d.Ancestors {
		v.revision(fmt.Sprintf("ancestors[%d]", i), r)
	}
	v.rfc3339("exported_at", d.ExportedAt)
	v.session(&d.Session)

	systems := map[string]bool{}
	for i, s := range d.Systems {
		p := fmt.Sprintf("systems[%d]", i)
		v.id(p+".id", s.ID)
		if s.ID == UnknownSystem {
			v.add(p+".id", "%q is the answer for a system nobody knew, so no system may have it as its id", s.ID)
		}
		v.required(p+".name", s.Name)
		v.enum(p+".kind", string(s.Kind), SystemKindChoices)
		systems[s.ID] = true
	}
	v.targets(d.Systems, systems)
	ref := func(path, id string, required bool) {
		switch {
		case id == "" && required:
			v.add(path, "is empty; name a system")
		case id != "" && !systems[id]:
			v.add(path, "%q is not the id of any system in this session", id)
		}
	}
	// answer is a system the room was asked about: a system, or unknown.
	answer := func(path, id string, required bool) {
		if id != UnknownSystem {
			ref(path, id, required)
		}
	}

	flows := map[string]bool{}
	for i := range d.Flows {
		f := &d.Flows[i]
		p := fmt.Sprintf("flows[%d]", i)
		v.id(p+".id", f.ID)
		flows[f.ID] = true
		v.required(p+".name", f.Name)
		v.required(p+".domain", f.Domain)
		ref(p+".from", f.From, true)
		ref(p+".to", f.To, true)
		ref(p+".via", f.Via, false)

		answer(p+".source.system", f.Source.System, false)
		seen := map[string]bool{}
		for j, w := range f.Source.OtherWriters {
			wp := fmt.Sprintf("%s.source.other_writers[%d]", p, j)
			answer(wp, w, true)
			if seen[w] {
				v.add(wp, "%q is listed twice", w)
			}
			seen[w] = true
		}
		v.enum(p+".source.conflict_rule", string(f.Source.ConflictRule), ConflictRuleChoices)
		v.enum(p+".contract.pattern", string(f.Contract.Pattern), PatternChoices)
		v.enum(p+".contract.idempotency", string(f.Contract.Idempotency), IdempotencyChoices)
		v.enum(p+".failure.retry_level", string(f.Failure.RetryLevel), RetryLevelChoices)
		v.enum(p+".failure.monitoring_level", string(f.Failure.MonitoringLevel), MonitoringLevelChoices)
		v.decimal(p+".failure.downtime_cost_per_hour", StepFields(StepFailure), "downtime_cost_per_hour", f.Failure.DowntimeCostPerHour)
		v.risks(p+".failure.risks", f.Failure.Risks)
	}
	v.risks("risks", d.Risks)
	for i := range d.Flows {
		v.riskLinks(fmt.Sprintf("flows[%d].failure.risks", i), d.Flows[i].ID, d.Flows[i].Failure.Risks, flows)
	}
	v.riskLinks("risks", "", d.Risks, flows)

	for i, q := range d.OpenQuestions {
		p := fmt.Sprintf("open_questions[%d]", i)
		v.id(p+".id", q.ID)
		v.required(p+".question", q.Question)
		if q.Flow != "" && !flows[q.Flow] {
			v.add(p+".flow", "%q is not the id of any flow in this session", q.Flow)
		}
		if q.Step != "" {
			if _, ok := ParseStep(q.Step); !ok {
				v.add(p+".step", "%q is not one of %s", q.Step, strings.Join(stepNames[:], ", "))
			} else if q.Flow == "" {
				v.add(p+".step", "names a step but the question has no flow")
			}
		}
		v.decisionAsk(p, q.DecisionAsk)
	}
	v.decided(&d.Decided, systems)
	v.validateEvidence(d)
	return v.problems
}

func (v *validator) risks(path string, risks []Risk) {
	for j, r := range risks {
		rp := fmt.Sprintf("%s[%d]", path, j)
		v.id(rp+".id", r.ID)
		v.required(rp+".title", r.Title)
		v.score(rp+".impact", r.Impact)
		v.score(rp+".likelihood", r.Likelihood)
		v.enum(rp+".horizon", string(r.Horizon), HorizonChoices)
		if p := numberProblem(RiskFields, "slice", r.Slice); p != "" {
			v.add(rp+".slice", "%d is out of range: %s", r.Slice, p)
		}
		v.enum(rp+".status", string(r.Status), RiskStatusChoices)
		v.enum(rp+".effort", string(r.Effort), EffortChoices)
		v.decimal(rp+".hours_per_incident", RiskFields, "hours_per_incident", r.HoursPerIncident)
		v.decimal(rp+".cost_per_incident", RiskFields, "cost_per_incident", r.CostPerIncident)
		seen := map[string]bool{}
		for k, key := range r.Covers {
			kp := fmt.Sprintf("%s.covers[%d]", rp, k)
			switch {
			case !ValidFindingKey(key):
				v.add(kp, "%q is not a finding key such as NO_OWNER:flow-id or SOT_CONFLICT:domain:price", key)
			case seen[key]:
				v.add(kp, "%q is listed twice", key)
			}
			seen[key] = true
		}
	}
}

// riskLinks checks what a merge of risks leaves on the survivor: the other
// flows it is about, each a flow of the session other than its own (home),
// and the ids of the risks merged into it.
func (v *validator) riskLinks(path, home string, risks []Risk, flows map[string]bool) {
	for j, r := range risks {
		rp := fmt.Sprintf("%s[%d]", path, j)
		seen := map[string]bool{}
		for k, id := range r.Flows {
			fp := fmt.Sprintf("%s.flows[%d]", rp, k)
			switch {
			case !flows[id]:
				v.add(fp, "%q is not the id of any flow in this session", id)
			case id == home:
				v.add(fp, "%q is the flow the risk is in; list only the others", id)
			case seen[id]:
				v.add(fp, "%q is listed twice", id)
			}
			seen[id] = true
		}
		merged := map[string]bool{}
		for k, id := range r.Merged {
			mp := fmt.Sprintf("%s.merged[%d]", rp, k)
			switch {
			case !ValidID(id):
				v.add(mp, "%q is not a valid id (letters, digits, '-' and '_', at most 64)", id)
			case id == r.ID:
				v.add(mp, "%q is the risk itself", id)
			case merged[id]:
				v.add(mp, "%q is listed twice", id)
			}
			merged[id] = true
		}
	}
}

// decided checks the session-level records; systems are the ids on the map.
func (v *validator) decided(r *Decided, systems map[string]bool) {
	domains := map[string]bool{}
	for i, dd := range r.Domains {
		p := fmt.Sprintf("domains[%d]", i)
		name := strings.ToLower(strings.TrimSpace(dd.Name))
		v.required(p+".name", dd.Name)
		if name != "" && domains[name] {
			v.add(p+".name", "%q is decided twice", dd.Name)
		}
		domains[name] = true
		v.enum(p+".status", string(dd.Status), DomainStatusChoices)
		switch {
		case dd.SourceOfTruth == "" && !dd.Parked():
			v.add(p+".source_of_truth", "is empty; name the system the room decided on, or park the domain")
		case dd.SourceOfTruth != "" && dd.SourceOfTruth != UnknownSystem && !systems[dd.SourceOfTruth]:
			v.add(p+".source_of_truth", "%q is not the id of any system in this session", dd.SourceOfTruth)
		}
		if dd.Due != "" {
			if p2 := DateProblem(dd.Due); p2 != "" {
				v.add(p+".due", "%s", p2)
			}
		}
	}
	triaged := map[string]bool{}
	for i, t := range r.Triage {
		p := fmt.Sprintf("triage[%d]", i)
		switch {
		case !ValidFindingKey(t.Finding):
			v.add(p+".finding", "%q is not a finding key such as NO_OWNER:flow-id", t.Finding)
		case triaged[t.Finding]:
			v.add(p+".finding", "%q is triaged twice", t.Finding)
		}
		triaged[t.Finding] = true
		if t.Status != TriageDismissed {
			v.add(p+".status", "%q is not %q; accepted and merged findings are recorded on their risk", t.Status, TriageDismissed)
		}
		v.required(p+".reason", t.Reason)
	}
	for i, c := range r.Conflicts {
		v.required(fmt.Sprintf("conflicts[%d].path", i), c.Path)
	}
	if r.Pack != nil {
		if !ValidID(r.Pack.ID) {
			v.add("pack.id", "%q is not a valid pack id (letters, digits, '-' and '_', at most 64)", r.Pack.ID)
		}
		if r.Pack.SHA256 != "" && !sha256Shape.MatchString(r.Pack.SHA256) {
			v.add("pack.sha256", "%q is not 64 hexadecimal digits", r.Pack.SHA256)
		}
	}
	if r.Follows != "" && !ValidID(r.Follows) {
		v.add("follows", "%q is not a valid session id", r.Follows)
	}
}

var sha256Shape = regexp.MustCompile(`^[0-9a-f]{64}$`)

// readSchemas lists the document versions import reads, for its refusals.
var readSchemas = fmt.Sprintf("%q, %q or %q", SchemaV1, SchemaV2, SchemaID)

// revision checks a revision's shape: RevisionPrefix and 64 hex digits.
func (v *validator) revision(path, r string) {
	if r == "" {
		return
	}
	if hex, ok := strings.CutPrefix(r, RevisionPrefix); !ok || !sha256Shape.MatchString(hex) {
		v.add(path, "%q is not a revision (%s and 64 hexadecimal digits)", r, RevisionPrefix)
	}
}

func (v *validator) session(s *Session) {
	v.id("session.id", s.ID)
	v.required("session.name", s.Name)
	for i, p := range s.Participants {
		v.required(fmt.Sprintf("session.participants[%d]", i), p)
	}
	if s.Date != "" {
		if p := DateProblem(s.Date); p != "" {
			v.add("session.date", "%s", p)
		}
	}
	v.rfc3339("session.created_at", s.CreatedAt)
	v.rfc3339("session.updated_at", s.UpdatedAt)
	if p := TimeboxProblem(s.TimeboxMinutes); p != "" {
		v.add("session.timebox_minutes", "%s", p)
	}
	if p := numberProblem(SessionDetailFields, "slice_size", s.SliceSize); p != "" {
		v.add("session.slice_size", "%d is out of range: %s", s.SliceSize, p)
	}
	v.documentControl(&s.DocumentControl)
	if p := CurrencyProblem(s.Currency); p != "" {
		v.add("session.currency", "%s", p)
	}
	if s.StartDate != "" {
		if p := DateProblem(s.StartDate); p != "" {
			v.add("session.start_date", "%s", p)
		}
	}
	v.decimal("session.capacity_days_per_week", SessionDetailFields, "capacity_days_per_week", s.CapacityDaysPerWeek)
	v.settings("session.settings", s.Settings)
}

// decimal checks n as the number field key of fields.
func (v *validator) decimal(path string, fields []Field, key string, n float64) {
	f, _ := FieldByKey(fields, key)
	if n < float64(f.Min) || n > float64(f.Max) {
		v.add(path, "%s is out of range: %s", FormatNumber(n), RangeWording(f))
	}
}

// DefaultTimeboxMinutes is the time a step gets in presenter mode unless the
// session says otherwise.
const DefaultTimeboxMinutes = 10

// Timebox is the session's time per step in minutes.
func (s Session) Timebox() int {
	if s.TimeboxMinutes > 0 {
		return s.TimeboxMinutes
	}
	return DefaultTimeboxMinutes
}
