package review

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
)

// Kinds of change between two versions of a review.
const (
	ChangeAdded    = "added"     // a flow or a domain decision
	ChangeRemoved  = "removed"   // a flow, a risk or a domain decision
	ChangeRenamed  = "renamed"   // a flow
	ChangeChanged  = "changed"   // a domain decision
	ChangeNew      = "new"       // a risk, or a finding still to confirm
	ChangeClosed   = "closed"    // a risk mitigated or accepted
	ChangeRescored = "re-scored" // a risk's impact or likelihood
	ChangeReowned  = "re-owned"  // a risk's owner
	ChangeStatus   = "status"    // a risk's status, other than closing it
	ChangeTicket   = "ticket"    // a risk's ticket set or changed, other than closing it
	ChangeResolved = "resolved"  // a finding no rule raises any more
	ChangeMerged   = "merged"    // a risk merged into another (New: the other's title)
	// ChangeRetiredWithFlow is a risk gone because its flow was removed.
	ChangeRetiredWithFlow = "retired-with-flow"
	ChangeRetired         = "retired"  // a system the newer version retires or replaces
	ChangeReplaced        = "replaced" // a system the newer version replaces by another (New: its name)
)

// Changes is what changed between two versions of a review, matched by the
// records' stable ids: the same session later, or a follow-up review and the
// one it follows. The steps' done marks are progress and the session's own
// details (name, date, people) are the meeting's, so neither is a change.
// Every list is in the flow order of the newer version, then what only the
// older one had, so the same two documents always give the same Changes.
type Changes struct {
	Old      SessionRef      `json:"old"`
	New      SessionRef      `json:"new"`
	Systems  []SystemChange  `json:"systems"`
	Flows    []FlowChange    `json:"flows"`
	Answers  []AnswerChange  `json:"answers"`
	Risks    []RiskChange    `json:"risks"`
	Domains  []DomainChange  `json:"domains"`
	Findings []FindingChange `json:"findings"`
	// Totals are the counts a headline says.
	Totals Totals `json:"totals"`
	// Heat is the open risks by impact and likelihood, before and after.
	Heat HeatChange `json:"heat"`
}

// SessionRef names a version of the review compared.
type SessionRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Date string `json:"date"`
}

// FlowChange is a flow added, removed or renamed, or its link to the
// inventory set, changed or cleared.
type FlowChange struct {
	Kind string `json:"kind"`
	Flow string `json:"flow"`
	// Name is the flow's name in the newer version (the older one's when
	// removed); OldName is its name before, when renamed.
	Name    string `json:"name"`
	OldName string `json:"old_name"`
	// OldRef and Ref are its ids in the inventory before and after, when
	// its link to the inventory changed (ChangeRef).
	OldRef string `json:"old_ref,omitempty"`
	Ref    string `json:"ref,omitempty"`
}

// AnswerChange is one answer of a flow found in both versions that changed:
// a field of one of its steps, or of its details (Step "flow": domain, from,
// to, via). Old and New are the answers as people read them, systems by
// name; "" is unanswered.
type AnswerChange struct {
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	Step     string `json:"step"`
	Field    string `json:"field"`
	Label    string `json:"label"`
	Old      string `json:"old"`
	New      string `json:"new"`
}

// AnswerFlowDetails is the Step of an AnswerChange to a flow's details.
const AnswerFlowDetails = "flow"

// RiskChange is one change to a risk of a flow or of the session: new,
// removed, merged into another (Into its id, New its title), closed,
// re-scored (Old and New the scores), re-owned (the owners), its status
// changed (the statuses) or its ticket set or changed (the tickets). A risk closed is that one change, whatever else
// was edited with it.
type RiskChange struct {
	Kind     string `json:"kind"`
	Risk     string `json:"risk"`
	Title    string `json:"title"`
	Flow     string `json:"flow"` // "" for a risk of the session
	FlowName string `json:"flow_name"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Into     string `json:"into,omitempty"` // the risk it was merged into
	// Severity is the risk's band by its score: the newer version's, the
	// older one's for a risk closed, removed, merged or retired.
	Severity string `json:"severity"`
}

// DomainChange is a domain decision added, changed or removed. Old and New
// name the decided source of truth; Fields lists what changed of a decision
// in both versions (source_of_truth, rationale, decided_by).
type DomainChange struct {
	Kind   string   `json:"kind"`
	Domain string   `json:"domain"`
	Fields []string `json:"fields"`
	Old    string   `json:"old"`
	New    string   `json:"new"`
	// Parked says the domain is parked for a decision in the newer version
	// (in the older one, for a decision removed).
	Parked bool `json:"parked"`
	// Evidence says the links added and removed, in words, when Fields
	// has "evidence".
	Evidence []string `json:"evidence,omitempty"`
}

// FindingChange is a rule's finding new in the newer version and still to
// confirm, or resolved: raised before and no longer.
type FindingChange struct {
	Kind     string `json:"kind"`
	Key      string `json:"key"`
	Rule     string `json:"rule"`
	Flow     string `json:"flow"`
	FlowName string `json:"flow_name"`
	Title    string `json:"title"`
}

// Count is how many changes there are.
func (c *Changes) Count() int {
	return len(c.Systems) + len(c.Flows) + len(c.Answers) + len(c.Risks) + len(c.Domains) + len(c.Findings)
}

// Diff compares two versions of a review. isCredential is Summarize's
// (redact.MentionsCredential): the findings are compared through the two
// summaries. It is pure and leaves both documents as they were.
func Diff(before, after *model.Document, isCredential func(string) bool) Changes {
	return DiffWith(before, after, isCredential, nil)
}

// DiffWith is Diff with a question pack's rule settings (SummarizeWith's),
// the newer version's: both versions are judged by the same rules, so the
// findings new and resolved are what the answers changed.
func DiffWith(before, after *model.Document, isCredential func(string) bool, rules map[string]model.RuleSetting) Changes {
	c := Changes{
		Old: sessionRef(before), New: sessionRef(after),
		Systems: []SystemChange{}, Flows: []FlowChange{}, Answers: []AnswerChange{}, Risks: []RiskChange{},
		Domains: []DomainChange{}, Findings: []FindingChange{},
	}
	c.diffSystems(before, after)
	c.diffFlows(before, after)
	c.diffRisks(before, after)
	c.diffDomains(before, after)
	c.diffFindings(before, after, isCredential, rules)
	c.total()
	return c
}

func sessionRef(d *model.Document) SessionRef {
	return SessionRef{ID: d.Session.ID, Name: d.Session.Name, Date: d.Session.Date}
}

// firstByID indexes records by id; the first of a duplicated id wins, as it
// does in the summary.
func firstByID[T any](items []T, id func(*T) string) map[string]*T {
	at := make(map[string]*T, len(items))
	for i := range items {
		if k := id(&items[i]); at[k] == nil {
			at[k] = &items[i]
		}
	}
	return at
}

func flowID(f *model.Flow) string { return f.ID }

func (c *Changes) diffFlows(before, after *model.Document) {
	old := firstByID(before.Flows, flowID)
	seen := map[string]bool{}
	for i := range after.Flows {
		nf := &after.Flows[i]
		if seen[nf.ID] {
			continue
		}
		seen[nf.ID] = true
		of := old[nf.ID]
		if of == nil {
			c.Flows = append(c.Flows, FlowChange{Kind: ChangeAdded, Flow: nf.ID, Name: nameOf(nf)})
			continue
		}
		if strings.TrimSpace(of.Name) != strings.TrimSpace(nf.Name) {
			c.Flows = append(c.Flows, FlowChange{Kind: ChangeRenamed, Flow: nf.ID, Name: nameOf(nf), OldName: nameOf(of)})
		}
		c.flowRef(nf.ID, nameOf(nf), of.Ref, nf.Ref)
		c.diffAnswers(before, after, of, nf)
	}
	for i := range before.Flows {
		of := &before.Flows[i]
		if !seen[of.ID] {
			seen[of.ID] = true
			c.Flows = append(c.Flows, FlowChange{Kind: ChangeRemoved, Flow: of.ID, Name: nameOf(of)})
		}
	}
}

// nameOf names a flow for people: its name, or its id while it has none.
func nameOf(f *model.Flow) string {
	if strings.TrimSpace(f.Name) != "" {
		return f.Name
	}
	return f.ID
}

// diffAnswers compares the flow's details and every answer of its steps
// but the private notes, which are the facilitator's own, and the done
// marks, which are progress.
func (c *Changes) diffAnswers(before, after *model.Document, of, nf *model.Flow) {
	add := func(step string, fd model.Field, o, n string) {
		if !sameAnswer(fd.Kind, o, n) {
			c.Answers = append(c.Answers, AnswerChange{
				Flow: nf.ID, FlowName: nameOf(nf), Step: step, Field: fd.Key, Label: fd.Label,
				Old: answerText(before, fd.Kind, o), New: answerText(after, fd.Kind, n),
			})
		}
	}
	for _, fd := range model.FlowFields {
		if fd.Key == "name" {
			continue // a rename is a flow change
		}
		o, n := of.GetHeader(fd.Key), nf.GetHeader(fd.Key)
		if fd.Key == "domain" {
			o, n = normalDomain(o), normalDomain(n)
		}
		add(AnswerFlowDetails, fd, o, n)
	}
	for _, st := range model.Steps {
		for _, fd := range model.StepFields(st) {
			if !fd.Private {
				add(st.String(), fd, of.Get(st, fd.Key), nf.Get(st, fd.Key))
			}
		}
	}
	c.stepEvidence(of, nf)
}

// sameAnswer compares answers as the room means them: around spaces do not
// count, nor does the order of a list of systems.
func sameAnswer(kind model.FieldKind, o, n string) bool {
	if kind == model.FieldSystems {
		a, b := model.SplitIDs(o), model.SplitIDs(n)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(slices.Compact(a), slices.Compact(b))
	}
	return strings.TrimSpace(o) == strings.TrimSpace(n)
}

// answerText is an answer as people read it: a system by its name in the
// version it comes from.
func answerText(d *model.Document, kind model.FieldKind, v string) string {
	switch kind {
	case model.FieldSystem:
		if v == "" {
			return ""
		}
		return d.SystemName(v)
	case model.FieldSystems:
		ids := model.SplitIDs(v)
		names := make([]string, len(ids))
		for i, id := range ids {
			names[i] = d.SystemName(id)
		}
		return strings.Join(names, ", ")
	}
	return strings.TrimSpace(v)
}

// placedRisk is a risk with the flow it belongs to (-1 for the session's).
type placedRisk struct {
	risk *model.Risk
	flow int
}

// risksOf lists every risk of the document, the flows' in flow order, then
// the session's; the first of a duplicated id wins.
func risksOf(d *model.Document) ([]placedRisk, map[string]placedRisk) {
	var list []placedRisk
	byID := map[string]placedRisk{}
	add := func(r *model.Risk, flow int) {
		if _, dup := byID[r.ID]; !dup {
			p := placedRisk{r, flow}
			byID[r.ID] = p
			list = append(list, p)
		}
	}
	for i := range d.Flows {
		for j := range d.Flows[i].Failure.Risks {
			add(&d.Flows[i].Failure.Risks[j], i)
		}
	}
	for i := range d.Risks {
		add(&d.Risks[i], -1)
	}
	return list, byID
}

func (c *Changes) diffRisks(before, after *model.Document) {
	oldList, old := risksOf(before)
	newList, current := risksOf(after)
	change := func(d *model.Document, p placedRisk, kind, o, n string) {
		rc := RiskChange{Kind: kind, Risk: p.risk.ID, Title: riskTitle(p.risk), Old: o, New: n, Severity: SeverityOf(p.risk.Score())}
		if kind == ChangeClosed {
			rc.Severity = SeverityOf(old[p.risk.ID].risk.Score())
		}
		if p.flow >= 0 {
			rc.Flow, rc.FlowName = d.Flows[p.flow].ID, nameOf(&d.Flows[p.flow])
		}
		c.Risks = append(c.Risks, rc)
	}
	for _, p := range newList {
		nr := p.risk
		op, ok := old[nr.ID]
		if !ok {
			change(after, p, ChangeNew, "", strconv.Itoa(nr.Score()))
			continue
		}
		or := op.risk
		was, is := statusOf(or), statusOf(nr)
		if !was.Closed() && is.Closed() {
			change(after, p, ChangeClosed, string(was), string(is))
			continue
		}
		if or.Impact != nr.Impact || or.Likelihood != nr.Likelihood {
			o, n := strconv.Itoa(or.Score()), strconv.Itoa(nr.Score())
			if o == n {
				o, n = scoreParts(or), scoreParts(nr)
			}
			change(after, p, ChangeRescored, o, n)
		}
		if strings.TrimSpace(or.Owner) != strings.TrimSpace(nr.Owner) {
			change(after, p, ChangeReowned, strings.TrimSpace(or.Owner), strings.TrimSpace(nr.Owner))
		}
		if was != is {
			change(after, p, ChangeStatus, string(was), string(is))
		}
		if o, n := strings.TrimSpace(or.Ticket), strings.TrimSpace(nr.Ticket); o != n {
			change(after, p, ChangeTicket, o, n)
		}
		riskEvidence(or, nr, func(kind, o, n string) { change(after, p, kind, o, n) })
	}
	mergedInto := map[string]*model.Risk{}
	for _, p := range newList {
		for _, id := range p.risk.Merged {
			if mergedInto[id] == nil {
				mergedInto[id] = p.risk
			}
		}
	}
	for _, p := range oldList {
		if _, ok := current[p.risk.ID]; ok {
			continue
		}
		if into := mergedInto[p.risk.ID]; into != nil {
			change(before, p, ChangeMerged, strconv.Itoa(p.risk.Score()), riskTitle(into))
			c.Risks[len(c.Risks)-1].Into = into.ID
			continue
		}
		kind := ChangeRemoved
		if p.flow >= 0 && after.FlowIndex(before.Flows[p.flow].ID) < 0 {
			kind = ChangeRetiredWithFlow
		}
		change(before, p, kind, strconv.Itoa(p.risk.Score()), "")
	}
}

// statusOf reads an empty status as open, as the register does.
func statusOf(r *model.Risk) model.RiskStatus {
	if r.Status == "" {
		return model.RiskOpen
	}
	return r.Status
}

func riskTitle(r *model.Risk) string {
	if strings.TrimSpace(r.Title) != "" {
		return r.Title
	}
	return r.ID
}

// scoreParts tells two scores of the same product apart: "impact 3 ×
// likelihood 4".
func scoreParts(r *model.Risk) string {
	return "impact " + strconv.Itoa(r.Impact) + " × likelihood " + strconv.Itoa(r.Likelihood)
}

func (c *Changes) diffDomains(before, after *model.Document) {
	byName := func(d *model.Document) ([]*model.DomainDecision, map[string]*model.DomainDecision) {
		var list []*model.DomainDecision
		at := map[string]*model.DomainDecision{}
		for i := range d.Domains {
			if dom := normalDomain(d.Domains[i].Name); dom != "" && at[dom] == nil {
				at[dom] = &d.Domains[i]
				list = append(list, &d.Domains[i])
			}
		}
		return list, at
	}
	oldList, old := byName(before)
	newList, current := byName(after)
	// A decision reads as its system, or as who decides a parked domain.
	sot := func(d *model.Document, dd *model.DomainDecision) string {
		if dd.Parked() {
			s := "parked"
			if a := strings.TrimSpace(dd.Ask); a != "" {
				s += ", asked of " + a
			}
			if dd.Due != "" {
				s += " by " + dd.Due
			}
			return s
		}
		return answerText(d, model.FieldSystem, dd.SourceOfTruth)
	}
	for _, nd := range newList {
		dom := normalDomain(nd.Name)
		od := old[dom]
		if od == nil {
			c.Domains = append(c.Domains, DomainChange{Kind: ChangeAdded, Domain: dom, Fields: []string{}, New: sot(after, nd), Parked: nd.Parked()})
			continue
		}
		fields := []string{}
		if od.SourceOfTruth != nd.SourceOfTruth {
			fields = append(fields, "source_of_truth")
		}
		if strings.TrimSpace(od.Rationale) != strings.TrimSpace(nd.Rationale) {
			fields = append(fields, "rationale")
		}
		if strings.TrimSpace(od.DecidedBy) != strings.TrimSpace(nd.DecidedBy) {
			fields = append(fields, "decided_by")
		}
		if od.Parked() != nd.Parked() {
			fields = append(fields, "status")
		}
		if strings.TrimSpace(od.Ask) != strings.TrimSpace(nd.Ask) {
			fields = append(fields, "ask")
		}
		if od.Due != nd.Due {
			fields = append(fields, "due")
		}
		links := decisionEvidence(od, nd)
		if len(links) > 0 {
			fields = append(fields, model.EvidenceKey)
		}
		if len(fields) > 0 {
			c.Domains = append(c.Domains, DomainChange{Kind: ChangeChanged, Domain: dom, Fields: fields, Old: sot(before, od), New: sot(after, nd), Parked: nd.Parked(), Evidence: links})
		}
	}
	for _, od := range oldList {
		if dom := normalDomain(od.Name); current[dom] == nil {
			c.Domains = append(c.Domains, DomainChange{Kind: ChangeRemoved, Domain: dom, Fields: []string{}, Old: sot(before, od), Parked: od.Parked()})
		}
	}
}

// diffFindings compares the rules' findings of the two versions. A follow-up
// starts with every step not done, and a rule that waits for a step to be
// discussed (NO_OWNER) would then seem resolved: so each flow in both is
// summarised with the done marks of either, and the session's details of
// the newer version.
func (c *Changes) diffFindings(before, after *model.Document, isCredential func(string) bool, rules map[string]model.RuleSetting) {
	ob, na := before.Clone(), after.Clone()
	ob.Session = na.Session
	old := firstByID(ob.Flows, flowID)
	for i := range na.Flows {
		of := old[na.Flows[i].ID]
		if of == nil {
			continue
		}
		for _, st := range model.Steps {
			done := of.StepDone(st) || na.Flows[i].StepDone(st)
			of.SetStepDone(st, done)
			na.Flows[i].SetStepDone(st, done)
		}
	}
	oldSum, newSum := SummarizeWith(ob, isCredential, rules), SummarizeWith(na, isCredential, rules)
	c.exposure(&oldSum.BusinessCase, &newSum.BusinessCase)
	c.Heat = HeatChange{Before: heatOf(oldSum.Risks), After: heatOf(newSum.Risks)}
	had := make(map[string]bool, len(oldSum.Findings))
	for _, f := range oldSum.Findings {
		had[f.Key] = true
	}
	has := make(map[string]bool, len(newSum.Findings))
	change := func(kind string, f *Finding) {
		c.Findings = append(c.Findings, FindingChange{Kind: kind, Key: f.Key, Rule: f.Rule, Flow: f.Flow, FlowName: f.FlowName, Title: f.Title})
	}
	for i := range newSum.Findings {
		f := &newSum.Findings[i]
		if has[f.Key] {
			continue
		}
		has[f.Key] = true
		if f.Status == FindingOpen && !had[f.Key] {
			change(ChangeNew, f)
		}
	}
	for i := range oldSum.Findings {
		if f := &oldSum.Findings[i]; !has[f.Key] {
			has[f.Key] = true // a key once
			change(ChangeResolved, f)
		}
	}
}

// exposure sets the totals' exposure before and after, when either
// version has a costed risk.
func (c *Changes) exposure(before, after *BusinessCase) {
	costed := func(bc *BusinessCase) bool {
		return slices.ContainsFunc(bc.Risks, RiskCase.Costed)
	}
	if !costed(before) && !costed(after) {
		return
	}
	t := &c.Totals
	t.Costed, t.Currency = true, after.Currency
	t.ExposureBefore, t.ExposureAfter = before.Exposure.Expected, after.Exposure.Expected
}
