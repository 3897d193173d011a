// Package model is archreview's document: a session, its systems, its flows
// and their four steps, its parked questions; the enumerations and the field
// catalogue the screens edit with; validation, ids, the JSON codec, the
// question bank, terminal-safe text, and the demo and generated sessions.
//
// It must not import any other package of archreview's: what the answers
// mean is model/review's, how a session leaves the laptop model/report's,
// and the store and the TUI build on this package, never the other way. It
// does no IO either, so every part of it can be tested as a plain function.
package model

import (
	"slices"
	"time"
)

// SchemaID names the version of the JSON document this code writes.
const SchemaID = "archreview/v3"

// SchemaV2 names the previous version of the document, which import still
// reads: v3 added the provenance envelope (revision, base_revision,
// ancestors), which a v2 file does not have.
const SchemaV2 = "archreview/v2"

// SchemaV1 names the first version of the document, which import still
// reads (UpgradeV1 brings it to SchemaID).
const SchemaV1 = "archreview/v1"

// Document is the whole of one session: what the store keeps and import
// reads. An export writes it with a derived summary after it (model/report).
type Document struct {
	Schema     string `json:"schema"`
	ExportedAt string `json:"exported_at"`
	Provenance
	Session       Session        `json:"session"`
	Systems       []System       `json:"systems"`
	Flows         []Flow         `json:"flows"`
	OpenQuestions []OpenQuestion `json:"open_questions"`
	Decided
}

// Provenance is where a copy of a session comes from, in an export's
// envelope: the revision it was written from and the revisions that one
// descends from, so that the laptop that merges it back can find the
// version both copies started at (the merge base). Revisions are content
// hashes (RevisionPrefix, then hex): they name versions and hold no text.
type Provenance struct {
	// Revision names the content of the session as it was exported.
	Revision string `json:"revision,omitempty"`
	// BaseRevision is the revision of the file the session last came from
	// by an import or a merge.
	BaseRevision string `json:"base_revision,omitempty"`
	// Ancestors are earlier revisions of the session, newest first: the
	// versions this one descends from, as far as its database knows.
	Ancestors []string `json:"ancestors,omitempty"`
}

// Lineage is every revision the provenance names, newest first: the copy's
// own, the one it came from, then its ancestors; without repeats or blanks,
// and at most MaxAncestors+2.
func (p Provenance) Lineage() []string {
	var out []string
	for _, r := range append([]string{p.Revision, p.BaseRevision}, p.Ancestors...) {
		if r != "" && !slices.Contains(out, r) && len(out) < MaxAncestors+2 {
			out = append(out, r)
		}
	}
	return out
}

// RevisionPrefix starts every revision: the hash that names it.
const RevisionPrefix = "sha256:"

// MaxAncestors bounds the revisions an export names as its ancestors.
const MaxAncestors = 32

// Decided is what the room recorded for the session as a whole rather than
// for one flow: its domain decisions, the risks of no single flow, its
// triage of the rules' findings, the merge conflicts still to resolve, the
// question pack it uses and the review it follows. Its members sit at the
// top level of the JSON document.
type Decided struct {
	Domains   []DomainDecision `json:"domains"`
	Risks     []Risk           `json:"risks"`
	Triage    []Triage         `json:"triage"`
	Conflicts []Conflict       `json:"conflicts"`
	Pack      *PackRef         `json:"pack,omitempty"`
	// Follows is the id of the previous review's session, for a follow-up.
	Follows string `json:"follows"`
	// MergeNote is what the last import --merge brought in, until the
	// facilitator has read it; never exported.
	MergeNote *MergeNote `json:"merge_note,omitempty"`
}

// DomainDecision is the room's decision about a data domain: which system is
// its source of truth, why, and who decided. The flows' answers are the
// evidence; this is the outcome. A parked domain is a decision asked: who
// decides it (Ask) and by when (Due), with no source of truth needed yet.
type DomainDecision struct {
	Name string `json:"name"`
	// SourceOfTruth is a system id, or UnknownSystem.
	SourceOfTruth string `json:"source_of_truth"`
	Rationale     string `json:"rationale"`
	DecidedBy     string `json:"decided_by"`
	// Status is DomainParked for a parked domain; "" (written by archreview
	// before parking existed, and left out of the JSON) or DomainDecided
	// for a decided one, so decided domains keep their revision.
	Status DomainStatus `json:"status,omitempty"`
	Ask    string       `json:"ask,omitempty"` // who decides a parked domain
	Due    string       `json:"due,omitempty"` // YYYY-MM-DD, by when
	// Evidence is what the room pointed to as backing the decision.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Parked reports whether the domain waits for a decision asked of someone.
func (d DomainDecision) Parked() bool { return d.Status == DomainParked }

// TriageDismissed is the one triage status stored: a finding the room looked
// at and set aside. Accepting or merging a finding is recorded on the risk
// that covers it.
const TriageDismissed = "dismissed"

// Triage is the room's verdict on a rule's finding, by the finding's key
// (RULE:SUBJECT).
type Triage struct {
	Finding string `json:"finding"`
	Status  string `json:"status"`
	Reason  string `json:"reason"`
}

// Conflict is a field two merged copies of the session changed differently:
// the document keeps ours in place; Base, Ours and Theirs are the values as
// JSON text ("" when the side has no such record).
type Conflict struct {
	Path   string `json:"path"`
	Base   string `json:"base"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
}

// PackRef names the question pack a session was run with, so the same
// questions come back when it is reopened.
type PackRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
}

// RuleSetting is what a question pack says of one rule: off, or firing with
// another suggested impact and likelihood (0 keeps the rule's own).
type RuleSetting struct {
	Disabled   bool
	Impact     int
	Likelihood int
}

// Session is a review meeting: who it is for, who runs it and when.
type Session struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Client         string   `json:"client"`
	Facilitator    string   `json:"facilitator"`
	Participants   []string `json:"participants"`
	Date           string   `json:"date"`       // YYYY-MM-DD
	CreatedAt      string   `json:"created_at"` // RFC 3339
	UpdatedAt      string   `json:"updated_at"` // RFC 3339
	Notes          string   `json:"notes"`
	TimeboxMinutes int      `json:"timebox_minutes"`
	// SliceSize is the most risks one delivery slice holds; 0 means
	// DefaultSliceSize.
	SliceSize int `json:"slice_size"`
	DocumentControl
	BusinessCaseInputs
}

// BusinessCaseInputs are what a session's business case is worked out in and
// from (Costing reads it): the currency of its amounts, the day its
// roadmap starts, the team's capacity and the assumptions' tables. Its
// members sit in the session's JSON object, each left out while unset, so
// a session that never set them keeps its revision.
type BusinessCaseInputs struct {
	// Currency is an ISO 4217 code; "" means DefaultCurrency.
	Currency string `json:"currency,omitempty"`
	// StartDate (YYYY-MM-DD) dates the roadmap; "" leaves it undated.
	StartDate string `json:"start_date,omitempty"`
	// CapacityDaysPerWeek is the person-days a week the delivery team
	// has; 0 means DefaultCapacityDaysPerWeek.
	CapacityDaysPerWeek float64 `json:"capacity_days_per_week,omitzero"`
	// Settings are the tables of assumptions; nil takes every default.
	Settings *Settings `json:"settings,omitzero"`
}

// System is anything on the current-state map that touches the data domains,
// from an ERP to a spreadsheet someone emails every Monday.
type System struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Kind  SystemKind `json:"kind"`
	Notes string     `json:"notes"`
	// Target is what becomes of the system in the target state; the zero
	// Target (not decided) is left out of the JSON.
	Target Target `json:"target,omitzero"`
	// Ref is the system's id in the inventory it was imported from, so a
	// re-import finds it again; "" for a system the room added.
	Ref string `json:"ref,omitempty"`
}

// Flow moves one data domain from a system to a system, optionally via a third.
type Flow struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Domain   string       `json:"domain"`
	From     string       `json:"from"`
	To       string       `json:"to"`
	Via      string       `json:"via"`
	Source   SourceStep   `json:"source"`
	Contract ContractStep `json:"contract"`
	Failure  FailureStep  `json:"failure"`
	Owner    OwnerStep    `json:"owner"`
	// Ref is the flow's id in the inventory it was imported from, so a
	// re-import finds it again; "" for a flow the room added.
	Ref string `json:"ref,omitempty"`
}

// SourceStep settles which system owns the data and who else writes it.
type SourceStep struct {
	System       string       `json:"system"`
	OtherWriters []string     `json:"other_writers"`
	ConflictRule ConflictRule `json:"conflict_rule"`
	Identifiers  string       `json:"identifiers"`
	DataQuality  string       `json:"data_quality"`
	Notes        string       `json:"notes"`
	PrivateNotes string       `json:"private_notes,omitempty"`
	Done         bool         `json:"done"`
	// Evidence is what the room pointed to as backing the step's answers.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// ContractStep settles what crosses the wire, when and how.
type ContractStep struct {
	Pattern          Pattern     `json:"pattern"`
	PatternRationale string      `json:"pattern_rationale"`
	Timing           string      `json:"timing"`
	Transport        string      `json:"transport"`
	Payload          string      `json:"payload"`
	FieldMappings    string      `json:"field_mappings"`
	RateLimits       string      `json:"rate_limits"`
	Idempotency      Idempotency `json:"idempotency"`
	Environments     string      `json:"environments"`
	Notes            string      `json:"notes"`
	PrivateNotes     string      `json:"private_notes,omitempty"`
	Done             bool        `json:"done"`
	// Evidence is what the room pointed to as backing the step's answers.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// FailureStep settles what breaks, who notices and what happens next.
type FailureStep struct {
	Retries         string          `json:"retries"`
	RetryLevel      RetryLevel      `json:"retry_level"`
	Monitoring      string          `json:"monitoring"`
	MonitoringLevel MonitoringLevel `json:"monitoring_level"`
	LastIncident    string          `json:"last_incident"`
	CostOfDowntime  string          `json:"cost_of_downtime"`
	// DowntimeCostPerHour is what an hour of the flow being down costs, in
	// the session's currency; 0 means not known.
	DowntimeCostPerHour float64 `json:"downtime_cost_per_hour,omitzero"`
	Notes               string  `json:"notes"`
	PrivateNotes        string  `json:"private_notes,omitempty"`
	Done                bool    `json:"done"`
	Risks               []Risk  `json:"risks"`
	// Evidence is what the room pointed to as backing the step's answers.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Risk is one thing that can go wrong with a flow, scored and assigned.
type Risk struct {
	ID              string  `json:"id"`
	Title           string  `json:"title"`
	Impact          int     `json:"impact"`
	Likelihood      int     `json:"likelihood"`
	RevenueCritical bool    `json:"revenue_critical"`
	CustomerVisible bool    `json:"customer_visible"`
	Fix             string  `json:"fix"`
	Horizon         Horizon `json:"horizon"`
	Owner           string  `json:"owner"`
	// Slice is the delivery slice the facilitator put the risk in; 0 lets the
	// summary place it.
	Slice int `json:"slice"`
	// Covers lists the keys of the rules' findings this risk stands for: the
	// finding it was accepted from, and any merged into it.
	Covers []string   `json:"covers"`
	Status RiskStatus `json:"status"`
	Ticket string     `json:"ticket"` // the tracker's key, e.g. INT-142
	// Flows are the other flows the risk is about, besides the one it sits
	// in: those of the risks merged into it (one failure of a shared
	// system, logged on each flow through it).
	Flows []string `json:"flows,omitempty"`
	// Merged are the ids of the risks merged into this one: they are gone,
	// and an edit a colleague's copy still makes to one lands here.
	Merged []string `json:"merged,omitempty"`
	// Effort is the size of the fix; "" while nobody sized it.
	Effort Effort `json:"effort,omitempty"`
	// HoursPerIncident is how long one incident lasts; 0 takes the default
	// of its flow's monitoring level.
	HoursPerIncident float64 `json:"hours_per_incident,omitzero"`
	// CostPerIncident is what one incident costs; 0 works it out from its
	// flow's downtime cost.
	CostPerIncident float64 `json:"cost_per_incident,omitzero"`
	// Evidence is what the room pointed to as backing the risk.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Score is impact times likelihood, 1-25 once both are set.
func (r Risk) Score() int { return r.Impact * r.Likelihood }

// OwnerStep settles who is on the hook for the flow and its failures.
type OwnerStep struct {
	FlowOwner      string `json:"flow_owner"`
	Failures       string `json:"failures"`
	Retries        string `json:"retries"`
	Dashboards     string `json:"dashboards"`
	Runbooks       string `json:"runbooks"`
	ReleaseHandoff string `json:"release_handoff"`
	SupportModel   string `json:"support_model"`
	Notes          string `json:"notes"`
	PrivateNotes   string `json:"private_notes,omitempty"`
	Done           bool   `json:"done"`
	// Evidence is what the room pointed to as backing the step's answers.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// OpenQuestion is something nobody in the room could answer, parked so the
// meeting moves on. Flow and Step are empty for a session-wide question.
type OpenQuestion struct {
	ID       string `json:"id"`
	Flow     string `json:"flow"`
	Step     string `json:"step"`
	Question string `json:"question"`
	Ask      string `json:"ask"`
	Answer   string `json:"answer"`
	DecisionAsk
	// Evidence is what the room pointed to as backing the answer, once it comes back.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// SystemByID returns the system with the id, if the document has one.
func (d *Document) SystemByID(id string) (System, bool) {
	for _, s := range d.Systems {
		if s.ID == id {
			return s, true
		}
	}
	return System{}, false
}

// SystemName names a system id for people: the system's name, or the id
// itself when the document has no such system.
func (d *Document) SystemName(id string) string {
	if s, ok := d.SystemByID(id); ok {
		return s.Name
	}
	return id
}

// FlowIndex returns the position of the flow with the id, or -1.
func (d *Document) FlowIndex(id string) int {
	for i := range d.Flows {
		if d.Flows[i].ID == id {
			return i
		}
	}
	return -1
}

// FlowsUsing lists the names of the flows that refer to the system, so a
// system still in use is not deleted from under them.
func (d *Document) FlowsUsing(systemID string) []string {
	var names []string
	for i := range d.Flows {
		if slices.Contains(d.Flows[i].SystemRefs(), systemID) {
			names = append(names, d.Flows[i].Name)
		}
	}
	return names
}

// SystemRefs lists each system the flow refers to once: its ends, its
// middleware, its source of truth and its other writers.
func (f *Flow) SystemRefs() []string {
	refs := make([]string, 0, 4+len(f.Source.OtherWriters))
	for _, id := range append([]string{f.From, f.To, f.Via, f.Source.System}, f.Source.OtherWriters...) {
		if id != "" && !slices.Contains(refs, id) {
			refs = append(refs, id)
		}
	}
	return refs
}

// StripPrivate removes the facilitator's private notes, for exports that
// leave the laptop.
func (d *Document) StripPrivate() {
	for i := range d.Flows {
		f := &d.Flows[i]
		f.Source.PrivateNotes = ""
		f.Contract.PrivateNotes = ""
		f.Failure.PrivateNotes = ""
		f.Owner.PrivateNotes = ""
	}
}

// Clone returns a deep copy, so a snapshot handed to a save or an export
// cannot change under it.
func (d *Document) Clone() *Document {
	c := *d
	c.Session.Participants = cloneStrings(d.Session.Participants)
	c.Session.Settings = d.Session.Settings.Clone()
	c.Systems = append([]System(nil), d.Systems...)
	c.Flows = make([]Flow, len(d.Flows))
	for i, f := range d.Flows {
		c.Flows[i] = f.Clone()
	}
	c.OpenQuestions = append([]OpenQuestion(nil), d.OpenQuestions...)
	for i := range c.OpenQuestions {
		c.OpenQuestions[i].Options = cloneStrings(c.OpenQuestions[i].Options)
		c.OpenQuestions[i].Evidence = cloneEvidence(c.OpenQuestions[i].Evidence)
	}
	c.Session.DocumentControl = d.Session.DocumentControl.clone()
	c.Decided = d.Decided.Clone()
	c.Ancestors = cloneStrings(d.Ancestors)
	return &c
}

// Clone returns a deep copy of the session-level records.
func (r Decided) Clone() Decided {
	r.Domains = append([]DomainDecision(nil), r.Domains...)
	for i := range r.Domains {
		r.Domains[i].Evidence = cloneEvidence(r.Domains[i].Evidence)
	}
	r.Risks = cloneRisks(r.Risks)
	r.Triage = append([]Triage(nil), r.Triage...)
	r.Conflicts = append([]Conflict(nil), r.Conflicts...)
	if r.Pack != nil {
		p := *r.Pack
		r.Pack = &p
	}
	r.MergeNote = r.MergeNote.clone()
	return r
}

func cloneRisks(rs []Risk) []Risk {
	if rs == nil {
		return nil
	}
	out := make([]Risk, len(rs))
	for i, r := range rs {
		r.Covers = cloneStrings(r.Covers)
		r.Flows = cloneStrings(r.Flows)
		r.Merged = cloneStrings(r.Merged)
		r.Evidence = cloneEvidence(r.Evidence)
		out[i] = r
	}
	return out
}

// Clone returns a deep copy of the flow.
func (f Flow) Clone() Flow {
	f.Source.OtherWriters = cloneStrings(f.Source.OtherWriters)
	f.Failure.Risks = cloneRisks(f.Failure.Risks)
	cloneFlowEvidence(&f)
	return f
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// NewSessionDocument starts an empty session dated today, stamped now.
func NewSessionDocument(s Session, now time.Time) *Document {
	now = now.UTC().Truncate(time.Second)
	if s.Date == "" {
		s.Date = now.Format(DateLayout)
	}
	s.CreatedAt = now.Format(time.RFC3339)
	s.UpdatedAt = s.CreatedAt
	return &Document{Schema: SchemaID, Session: s}
}
