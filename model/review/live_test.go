package review

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/redact"
)

// A Live's summary is SummarizeWith's after every change: random sessions
// take random edits one at a time, each with the Change the workspace
// records for it, and after each the two summaries must be equal.
// ARCHREVIEW_SOAK=1 (make soak) runs longer walks over larger sessions.
func TestLiveSummaryIsTheWholeOne(t *testing.T) {
	seeds, steps, flows := 6, 80, 30
	if os.Getenv("ARCHREVIEW_SOAK") != "" {
		seeds, steps, flows = 40, 600, 150
	}
	packs := []map[string]model.RuleSetting{
		nil,
		{RuleNoMonitoring: {Disabled: true}, RuleDuplicateRisk: {Likelihood: 5}, RuleStaleInventory: {Impact: 2}},
		{RuleSOTMissing: {Disabled: true}, RuleSecretInNotes: {Disabled: true}},
	}
	total := 0
	for seed := range uint64(seeds) {
		rules := packs[seed%uint64(len(packs))]
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			d := model.Generate(flows, 3, seed+1)
			e := &editor{d: d, rng: rand.New(rand.NewPCG(seed, 7)), rules: rules}
			for range len(d.Systems) / 2 {
				e.target() // flows then move to and from systems that go
			}
			e.cost()
			live := NewLive(d, redact.MentionsCredential, rules)
			if diff := summaryDiff(live.Summary(), SummarizeWith(d, redact.MentionsCredential, rules)); diff != "" {
				t.Fatalf("a new Live's summary differs: %s", diff)
			}
			var log []string
			for step := range steps {
				what, c := e.edit()
				log = append(log, what)
				got := live.Apply(d, c)
				want := SummarizeWith(d, redact.MentionsCredential, rules)
				if diff := summaryDiff(got, want); diff != "" {
					t.Fatalf("after step %d (%s; change %+v) the Live's summary differs: %s\nthe edits: %s",
						step, what, c, diff, strings.Join(log[max(len(log)-8, 0):], "; "))
				}
				total++
			}
		})
	}
	if os.Getenv("ARCHREVIEW_SOAK") != "" {
		fmt.Printf("soak: live summary steps=%d seeds=%d flows=%d\n", total, seeds, flows)
	}
}

// A change to one flow's answers on a large session redoes that flow's
// part, not the session: the findings of other flows stay the very values
// they were (the same message strings, not equal ones rebuilt).
func TestLiveLeavesUntouchedFlowsAlone(t *testing.T) {
	d := fixture.LargeSession(200, 5)
	live := NewLive(d, redact.MentionsCredential, nil)
	before := live.Summary().Findings
	mark := map[string]*byte{}
	for i := range before {
		if before[i].Flow != d.Flows[5].ID && before[i].Message != "" {
			mark[before[i].Key] = unsafeStringData(before[i].Message)
		}
	}
	d.Flows[5].Set(model.StepFailure, "notes", "Checked again")
	sum := live.Apply(d, model.Change{Parts: model.PartFlows, Flows: []string{d.Flows[5].ID}, Fields: []string{"failure.notes"}})
	kept := 0
	for i := range sum.Findings {
		if p, ok := mark[sum.Findings[i].Key]; ok && p == unsafeStringData(sum.Findings[i].Message) {
			kept++
		}
	}
	if kept != len(mark) {
		t.Errorf("%d of %d findings of other flows were rebuilt after one flow's notes changed", len(mark)-kept, len(mark))
	}
	if diff := summaryDiff(sum, summarize(d)); diff != "" {
		t.Fatal(diff)
	}
}

// summaryDiff says where two summaries differ: the first field, and in a
// list the first entry, that is not the same, a level into a part such as
// the business case; "" when they are equal.
func summaryDiff(got, want *Summary) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	return strings.Join(valueDiff("", reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem(), 2), "\n")
}

func valueDiff(path string, g, w reflect.Value, depth int) []string {
	if reflect.DeepEqual(g.Interface(), w.Interface()) {
		return nil
	}
	switch {
	case g.Kind() == reflect.Struct && depth > 0:
		var out []string
		for i := range g.NumField() {
			out = append(out, valueDiff(path+"."+g.Type().Field(i).Name, g.Field(i), w.Field(i), depth-1)...)
		}
		return out
	case g.Kind() != reflect.Slice:
		return []string{fmt.Sprintf("%s is %+v, want %+v", path, g.Interface(), w.Interface())}
	}
	var out []string
	if g.IsNil() != w.IsNil() {
		out = append(out, fmt.Sprintf("%s nil %v, want nil %v", path, g.IsNil(), w.IsNil()))
	}
	for j := range min(g.Len(), w.Len()) {
		if !reflect.DeepEqual(g.Index(j).Interface(), w.Index(j).Interface()) {
			out = append(out, fmt.Sprintf("%s[%d] is\n  %+v\nwant\n  %+v", path, j, g.Index(j).Interface(), w.Index(j).Interface()))
			break
		}
	}
	if g.Len() != w.Len() {
		out = append(out, fmt.Sprintf("%s has %d entries, want %d", path, g.Len(), w.Len()))
	}
	return out
}

// editor makes random edits to a session as the app does, each with the
// Change the workspace records for it.
type editor struct {
	d     *model.Document
	rng   *rand.Rand
	rules map[string]model.RuleSetting
	n     int
	// deleted are flows deleted, to bring back as an undo does.
	deleted []model.Flow
}

var (
	editTexts = []string{"", "none", "Nobody", "TBD", "Owner 3", "E-commerce ops", "Runs every night after the ERP close.",
		"Shared login, password=Hunter22x", "api_key=sk_live_51Habcdefghijklmnop", "Checked by the integration lead."}
	editTitles = []string{"DLQ not watched", "Failed messages never replayed", "Token expiry breaks the sync", "No retry on timeout",
		"Stale stock oversells on peak", "Mapping change breaks payload", "Orders posted twice on replay", "Nobody notices failures",
		"Rate limit hit at peak", "A plain worry"}
	editDomains = []string{"order", "price", "inventory", "customer", "product", "payment", "returns", "Loyalty", " Order ", "", "shipping"}
)

func (e *editor) pick(n int) int { return e.rng.IntN(n) }

// Numbers a cost answer may take: unknown, round, with a fraction, small.
var editAmounts = []string{"0", "20000", "1500.5", "7", "250000"}

var editEfforts = []model.Effort{"", model.EffortS, model.EffortM, model.EffortL, model.EffortXL}

// cost gives the generated session the business case's inputs: downtime
// costs on most flows, efforts and incident figures on most risks, and a
// dated roadmap on half the seeds.
func (e *editor) cost() {
	d := e.d
	for i := range d.Flows {
		f := &d.Flows[i]
		f.Set(model.StepFailure, "downtime_cost_per_hour", editAmounts[e.pick(len(editAmounts))])
		for j := range f.Failure.Risks {
			e.costRisk(&f.Failure.Risks[j])
		}
	}
	for j := range d.Risks {
		e.costRisk(&d.Risks[j])
	}
	if e.pick(2) == 0 {
		d.Session.StartDate = "2026-04-06"
	}
	e.sessionCosts()
}

func (e *editor) costRisk(r *model.Risk) {
	r.Effort = editEfforts[e.pick(len(editEfforts))]
	switch e.pick(4) {
	case 0:
		r.HoursPerIncident = float64(e.pick(10)) / 2
	case 1:
		r.CostPerIncident = float64(e.pick(3) * 40000)
	}
}

// sessionCosts changes one of the session's business-case inputs.
func (e *editor) sessionCosts() string {
	s := &e.d.Session
	switch e.pick(5) {
	case 0:
		s.StartDate = []string{"", "2026-04-06", "2025-12-29"}[e.pick(3)]
		return "session.start_date"
	case 1:
		s.CapacityDaysPerWeek = []float64{0, 2.5, 10, 40}[e.pick(4)]
		return "session.capacity_days_per_week"
	case 2:
		s.Currency = []string{"", "GBP", "USD"}[e.pick(3)]
		return "session.currency"
	case 3:
		s.Set("effort_days", []string{"", "0.5-2, 2-8, 8-20, 20-60"}[e.pick(2)])
		return "session.effort_days"
	}
	s.Set("downtime_share", []string{"", "0.05, 0.1, 0.3, 0.6, 1"}[e.pick(2)])
	return "session.downtime_share"
}

func (e *editor) id() string {
	e.n++
	return fmt.Sprintf("live%04d", e.n)
}

func (e *editor) system() string {
	switch e.pick(10) {
	case 0:
		return ""
	case 1:
		return model.UnknownSystem
	}
	return e.d.Systems[e.pick(len(e.d.Systems))].ID
}

func (e *editor) flowChange(what string, ids ...string) (string, model.Change) {
	return what, model.Change{Parts: model.PartFlows, Flows: ids}
}

// edit makes one random edit and says what it was.
func (e *editor) edit() (string, model.Change) {
	d := e.d
	if len(d.Flows) == 0 {
		return e.addFlow()
	}
	fi := e.pick(len(d.Flows))
	f := &d.Flows[fi]
	switch k := e.pick(100); {
	case k < 30:
		return e.answer(f)
	case k < 36:
		st := model.Steps[e.pick(len(model.Steps))]
		f.SetStepDone(st, !f.StepDone(st))
		return e.flowChange("step done on "+f.ID, f.ID)
	case k < 44:
		return e.header(f)
	case k < 58:
		return e.flowRisk(fi)
	case k < 63:
		return e.sessionRisk()
	case k < 71:
		return e.triage()
	case k < 76:
		return e.decide()
	case k < 80:
		return e.question()
	case k < 81:
		return e.target()
	case k < 82:
		s := &d.Systems[e.pick(len(d.Systems))]
		s.Name = []string{"", "Renamed ERP", s.Name + " 2"}[e.pick(3)]
		if e.pick(2) == 0 {
			s.Kind = []model.SystemKind{"storefront", "file-drop", "manual-workaround", "erp"}[e.pick(4)]
		}
		return "system " + s.ID, model.Change{Parts: model.PartSystems, Systems: []string{s.ID}}
	case k < 84:
		if e.pick(2) == 0 {
			key := e.sessionCosts()
			return key, model.Change{Parts: model.PartSession, Fields: []string{key}}
		}
		d.Session.Notes = editTexts[e.pick(len(editTexts))]
		return "session notes", model.Change{Parts: model.PartSession, Fields: []string{"session.notes"}}
	case k < 87:
		return e.addFlow()
	case k < 89:
		id := f.ID
		e.deleted = append(e.deleted, *f)
		d.Flows = append(d.Flows[:fi], d.Flows[fi+1:]...)
		return "delete flow " + id, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{id}}
	case k < 91:
		j := e.pick(len(d.Flows))
		d.Flows[fi], d.Flows[j] = d.Flows[j], d.Flows[fi]
		return "move flow", model.Change{Parts: model.PartOrder}
	case k < 92:
		return "resync", model.Change{Resync: true}
	case k < 94:
		id := f.ID
		f.ID = e.id()
		return "new id for " + id, model.Change{Parts: model.PartFlows, Flows: []string{[]string{id, f.ID}[e.pick(2)]}}
	default:
		return e.merge()
	}
}

func (e *editor) answer(f *model.Flow) (string, model.Change) {
	st := model.Steps[e.pick(len(model.Steps))]
	fields := model.StepFields(st)
	fd := fields[e.pick(len(fields))]
	var v string
	switch fd.Kind {
	case model.FieldChoice:
		if len(fd.Choices) > 0 && e.pick(6) > 0 {
			v = fd.Choices[e.pick(len(fd.Choices))].Value
		}
	case model.FieldSystem:
		v = e.system()
	case model.FieldSystems:
		v = strings.Trim(e.system()+","+e.system(), ",")
	case model.FieldNumber:
		v = editAmounts[e.pick(len(editAmounts))]
	default:
		v = editTexts[e.pick(len(editTexts))]
	}
	f.Set(st, fd.Key, v)
	c := model.Change{Parts: model.PartFlows, Flows: []string{f.ID}, Fields: []string{st.String() + "." + fd.Key}}
	return "answer " + st.String() + "." + fd.Key + "=" + v + " on " + f.ID, c
}

func (e *editor) header(f *model.Flow) (string, model.Change) {
	key := []string{"name", "domain", "from", "to", "via"}[e.pick(5)]
	var v string
	switch key {
	case "name":
		v = []string{"", "Orders to ERP", "Stock feed", "token=abcdefghijklmnopqrstu", f.Name + "!"}[e.pick(5)]
		f.Name = v
	case "domain":
		v = editDomains[e.pick(len(editDomains))]
		f.Domain = v // raw, as an import may leave it
	default:
		v = e.system()
		if v == model.UnknownSystem {
			v = ""
		}
		f.SetHeader(key, v)
	}
	c := model.Change{Parts: model.PartFlows, Flows: []string{f.ID}, Fields: []string{"flow." + key}}
	return "flow." + key + "=" + v + " on " + f.ID, c
}

func (e *editor) newRisk() model.Risk {
	r := model.Risk{ID: e.id(), Title: editTitles[e.pick(len(editTitles))], Impact: e.pick(6), Likelihood: e.pick(6),
		RevenueCritical: e.pick(2) == 0, CustomerVisible: e.pick(3) == 0, Fix: editTexts[e.pick(len(editTexts))],
		Horizon: []model.Horizon{"", model.HorizonImmediate, model.HorizonRoadmap}[e.pick(3)], Slice: []int{0, 0, 1, 3}[e.pick(4)]}
	e.costRisk(&r)
	return r
}

// editRisks adds, deletes or changes a risk of a list.
func (e *editor) editRisks(risks *[]model.Risk) string {
	rs := *risks
	if len(rs) == 0 || e.pick(5) == 0 {
		*risks = append(rs, e.newRisk())
		return "add risk"
	}
	ri := e.pick(len(rs))
	r := &rs[ri]
	switch e.pick(10) {
	case 9:
		r.Evidence = append(slices.Clone(r.Evidence), model.Evidence{Label: "Incident", URL: "INC-" + strconv.Itoa(len(r.Evidence)+1)})
	case 7:
		r.Effort = editEfforts[e.pick(len(editEfforts))]
	case 8:
		r.HoursPerIncident, r.CostPerIncident = 0, 0
		e.costRisk(r)
	case 0:
		*risks = append(rs[:ri], rs[ri+1:]...)
		return "delete risk " + r.ID
	case 1:
		r.Title = editTitles[e.pick(len(editTitles))]
	case 2:
		r.Status = []model.RiskStatus{"", model.RiskOpen, model.RiskInProgress, model.RiskMitigated, model.RiskAccepted}[e.pick(5)]
	case 3:
		r.Slice = e.pick(4)
	case 4:
		r.Owner = editTexts[e.pick(len(editTexts))]
	default:
		r.Impact, r.Likelihood = 1+e.pick(5), 1+e.pick(5)
		r.RevenueCritical = e.pick(2) == 0
	}
	return "change risk " + r.ID
}

func (e *editor) flowRisk(fi int) (string, model.Change) {
	f := &e.d.Flows[fi]
	what := e.editRisks(&f.Failure.Risks)
	c := model.Change{Parts: model.PartFlows, Flows: []string{f.ID}}
	return what + " on " + f.ID, c
}

func (e *editor) sessionRisk() (string, model.Change) {
	what := e.editRisks(&e.d.Risks)
	return what + " of the session", model.Change{Parts: model.PartDecided}
}

// triage accepts a finding as a risk, dismisses one, or reopens one.
func (e *editor) triage() (string, model.Change) {
	d := e.d
	sum := SummarizeWith(d, redact.MentionsCredential, e.rules)
	if len(d.Triage) > 0 && e.pick(4) == 0 {
		i := e.pick(len(d.Triage))
		key := d.Triage[i].Finding
		d.Triage = append(d.Triage[:i], d.Triage[i+1:]...)
		return "reopen " + key, model.Change{Parts: model.PartDecided, Kind: model.ChangeTriage}
	}
	if len(sum.Findings) == 0 {
		return "nothing to triage", model.Change{Kind: model.ChangeTriage}
	}
	f := sum.Findings[e.pick(len(sum.Findings))]
	if e.pick(2) == 0 {
		d.Triage = append(d.Triage, model.Triage{Finding: f.Key, Status: model.TriageDismissed, Reason: editTexts[e.pick(len(editTexts))]})
		return "dismiss " + f.Key, model.Change{Parts: model.PartDecided, Kind: model.ChangeTriage}
	}
	r := RiskFromFinding(d, f, e.id())
	if i := d.FlowIndex(f.Flow); i >= 0 {
		d.Flows[i].Failure.Risks = append(d.Flows[i].Failure.Risks, r)
		return "accept " + f.Key, model.Change{Parts: model.PartFlows, Flows: []string{f.Flow}, Risks: []string{r.ID}, Kind: model.ChangeTriage}
	}
	d.Risks = append(d.Risks, r)
	return "accept " + f.Key, model.Change{Parts: model.PartDecided, Risks: []string{r.ID}, Kind: model.ChangeTriage}
}

// decide records, parks, changes or takes back a domain decision.
func (e *editor) decide() (string, model.Change) {
	d := e.d
	if len(d.Domains) > 0 && e.pick(4) == 0 {
		i := e.pick(len(d.Domains))
		name := d.Domains[i].Name
		d.Domains = append(d.Domains[:i], d.Domains[i+1:]...)
		return "undecide " + name, model.Change{Parts: model.PartDecided, Domains: []string{name}}
	}
	name := editDomains[e.pick(len(editDomains))]
	dd := model.DomainDecision{Name: name, SourceOfTruth: e.system(), Rationale: editTexts[e.pick(len(editTexts))], DecidedBy: "Head of e-commerce"}
	if e.pick(3) == 0 {
		dd.Evidence = []model.Evidence{{Label: "Decision record", URL: "https://adr.example.com/" + name}}
	}
	if e.pick(3) == 0 {
		dd.Status, dd.Ask, dd.Due = model.DomainParked, "CFO", []string{"2026-04-01", "", "2026-03-20"}[e.pick(3)]
		if e.pick(2) == 0 {
			dd.SourceOfTruth = "" // parked without a system the room leaned to
		}
	}
	for i := range d.Domains {
		if d.Domains[i].Name == name {
			d.Domains[i] = dd
			return "redecide " + name, model.Change{Parts: model.PartDecided, Domains: []string{name}}
		}
	}
	d.Domains = append(d.Domains, dd)
	return "decide " + name, model.Change{Parts: model.PartDecided, Domains: []string{name}}
}

func (e *editor) question() (string, model.Change) {
	d := e.d
	if len(d.OpenQuestions) > 0 && e.pick(3) > 0 {
		i := e.pick(len(d.OpenQuestions))
		q := &d.OpenQuestions[i]
		if e.pick(3) == 0 {
			id := q.ID
			d.OpenQuestions = append(d.OpenQuestions[:i], d.OpenQuestions[i+1:]...)
			return "delete question " + id, model.Change{Parts: model.PartQuestions, Questions: []string{id}}
		}
		switch e.pick(5) {
		case 4:
			q.Evidence = append(slices.Clone(q.Evidence), model.Evidence{URL: "CHAT-" + strconv.Itoa(len(q.Evidence)+1)})
		case 0:
			q.Decision = !q.Decision
		case 1:
			q.Due = []string{"", "2026-04-01", "2026-03-20", "2026-05-30"}[e.pick(4)]
		case 2:
			q.Options, q.Recommendation = []string{"Keep the ERP", "Move to the OMS"}[:e.pick(3)], editTexts[e.pick(len(editTexts))]
		default:
			q.Answer = editTexts[e.pick(len(editTexts))]
		}
		return "change question " + q.ID, model.Change{Parts: model.PartQuestions, Questions: []string{q.ID}}
	}
	flow := ""
	if e.pick(4) > 0 {
		flow = d.Flows[e.pick(len(d.Flows))].ID
	}
	q := model.OpenQuestion{ID: e.id(), Flow: flow, Step: "failure", Question: editTexts[e.pick(len(editTexts))] + "?", Ask: "Owner 2"}
	if e.pick(2) == 0 {
		q.DecisionAsk = model.DecisionAsk{Decision: true, Due: []string{"", "2026-04-01", "2026-03-20"}[e.pick(3)]}
	}
	d.OpenQuestions = append(d.OpenQuestions, q)
	return "add question " + q.ID, model.Change{Parts: model.PartQuestions, Questions: []string{q.ID}}
}

// target sets what becomes of a system: an action, or a replacement by
// another system (a circle of them now and then, as a file may hold).
func (e *editor) target() (string, model.Change) {
	s := &e.d.Systems[e.pick(len(e.d.Systems))]
	actions := []model.TargetAction{"", model.TargetKeep, model.TargetRetire, model.TargetReplace, model.TargetReplace, model.TargetIntroduce}
	s.Target = model.Target{Action: actions[e.pick(len(actions))], Slice: e.pick(3)}
	if s.Target.Action == model.TargetReplace {
		s.Target.By = e.d.Systems[e.pick(len(e.d.Systems))].ID
	}
	return "target of " + s.ID, model.Change{Parts: model.PartSystems, Systems: []string{s.ID}, Fields: []string{"system.target"}}
}

func (e *editor) addFlow() (string, model.Change) {
	d := e.d
	if n := len(e.deleted); n > 0 && e.pick(2) == 0 {
		f := e.deleted[n-1]
		e.deleted = e.deleted[:n-1]
		d.Flows = append(d.Flows, f)
		return "bring back flow " + f.ID, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}}
	}
	f := model.Flow{ID: e.id(), Name: "New flow", Domain: editDomains[e.pick(len(editDomains))], From: e.d.Systems[0].ID, To: e.d.Systems[1].ID}
	for range e.pick(3) {
		f.Failure.Risks = append(f.Failure.Risks, e.newRisk())
	}
	if e.pick(3) > 0 { // added after the last, as the flows tab adds one
		d.Flows = append(d.Flows, f)
		return "add flow " + f.ID, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}}
	}
	at := e.pick(len(d.Flows) + 1) // a copy goes after its flow
	d.Flows = append(d.Flows[:at], append([]model.Flow{f}, d.Flows[at:]...)...)
	return "insert flow " + f.ID, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}}
}

// merge folds one risk into another, as the register and a duplicate's
// triage do.
func (e *editor) merge() (string, model.Change) {
	d := e.d
	type at struct {
		id   string
		flow int
	}
	var all []at
	for fi := range d.Flows {
		for _, r := range d.Flows[fi].Failure.Risks {
			all = append(all, at{r.ID, fi})
		}
	}
	for _, r := range d.Risks {
		all = append(all, at{r.ID, -1})
	}
	if len(all) < 2 {
		return "nothing to merge", model.Change{}
	}
	a, b := all[e.pick(len(all))], all[e.pick(len(all))]
	if a.id == b.id {
		return "nothing to merge", model.Change{}
	}
	if err := MergeRisks(d, a.id, b.id); err != nil {
		panic(err)
	}
	c := model.Change{Kind: model.ChangeTriage}
	for _, x := range []at{a, b} {
		if x.flow < 0 {
			c.Parts |= model.PartDecided
		} else {
			c.Parts |= model.PartFlows
			c.Flows = append(c.Flows, d.Flows[x.flow].ID)
		}
	}
	return "merge " + b.id + " into " + a.id, c
}

// unsafeStringData is where a string's bytes are, to tell a string kept
// from an equal one built again.
func unsafeStringData(s string) *byte { return unsafe.StringData(s) }

// A flow deleted and brought back after the last (an undo) takes back the
// open questions about it: their credentials count for it again.
func TestLiveFollowsAFlowBroughtBack(t *testing.T) {
	d := model.Generate(20, 2, 3)
	f := d.Flows[4]
	d.OpenQuestions = append(d.OpenQuestions, model.OpenQuestion{ID: "q-secret", Flow: f.ID, Step: "contract", Question: "Is password=Hunter22x still the login?", Ask: "Ops"})
	live := NewLive(d, redact.MentionsCredential, nil)
	d.Flows = append(d.Flows[:4], d.Flows[5:]...)
	live.Apply(d, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}})
	d.Flows = append(d.Flows, f)
	got := live.Apply(d, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}})
	if diff := summaryDiff(got, summarize(d)); diff != "" {
		t.Fatal(diff)
	}
	if len(findingsOf(got, RuleSecretInNotes)) == 0 {
		t.Fatal("the question's credential raised no finding")
	}
}

// A flow added after the last ranks its risks before the session's own
// risks of the same score, which keep their order among themselves.
func TestLiveAddsAFlowBeforeTheSessionsRisks(t *testing.T) {
	d := model.Generate(10, 2, 4)
	for i := range 3 {
		d.Risks = append(d.Risks, model.Risk{ID: fmt.Sprintf("s%d", i), Title: "Session-wide worry", Impact: 3, Likelihood: 3})
	}
	live := NewLive(d, redact.MentionsCredential, nil)
	f := model.Flow{ID: "added", Name: "Added flow", Domain: "order", From: d.Systems[0].ID, To: d.Systems[1].ID,
		Failure: model.FailureStep{Risks: []model.Risk{{ID: "f1", Title: "Same score", Impact: 3, Likelihood: 3}}}}
	d.Flows = append(d.Flows, f)
	got := live.Apply(d, model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}})
	if diff := summaryDiff(got, summarize(d)); diff != "" {
		t.Fatal(diff)
	}
}
