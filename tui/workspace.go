package tui

import (
	"maps"
	"slices"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/pack"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/tui/live"
)

// workspace is the open session and what has changed in it since the last
// save. Screens change answers only through its methods, and each method
// makes its change known through changed (workspacechange.go), so nothing
// typed can escape the autosave or the session's listeners.
type workspace struct {
	doc *model.Document

	rev  uint64     // the revision: one more with every change
	feed *live.Feed // where changes go to other goroutines; nil: nowhere

	// The parts the next save writes, marked by changed from what each
	// change touched (mark), and again by a save that failed (restore).
	session   bool
	systems   bool
	questions bool
	decided   bool // the session-level records (model.Decided)
	order     bool
	flows     map[string]bool
	// compact asks the next save to clear the file's free pages, because
	// something was deleted and its text would otherwise stay in them.
	compact bool
	// inflight counts the flows (and orders) handed to saves that have not
	// reported back: the last save on quit writes them again, because it
	// makes the saves still running from before it skip their write.
	inflight      map[string]int
	inflightOrder int

	history *history // what u and ctrl+r step through: the acting participant's
	// actor is who makes the changes, while several share the session
	// (floor.go); nil while the app is alone. floor is what the workspace
	// keeps of them (floorholds.go).
	actor *participant
	floor *floorState

	packs *pack.Library // the question packs this run knows (nil: the built-in ones)

	// live derives the decision pack again from what each change touched,
	// with the rule settings it was made with (liveRules): a pack with
	// other settings makes a new one.
	live       *review.Live
	liveRules  map[string]model.RuleSetting
	summaryRev uint64
	// sinceSummary is every change since the summary was last derived,
	// merged: what an incremental summary has to derive again.
	sinceSummary model.Change

	tally sessionCounts // the session screen's counts (workspacecounts.go)
}

func newWorkspace(doc *model.Document) *workspace {
	return &workspace{doc: doc, flows: map[string]bool{}, inflight: map[string]int{}, summaryRev: ^uint64(0), history: &history{}}
}

func (w *workspace) dirty() bool {
	return w.session || w.systems || w.questions || w.decided || w.order || len(w.flows) > 0 || w.compact
}

// takeChanges hands the pending changes to a save and clears them; the flows
// are copied so later typing cannot change what is being written.
func (w *workspace) takeChanges(now time.Time) store.Changes {
	var c store.Changes
	if !w.dirty() {
		return c
	}
	w.doc.Session.UpdatedAt = now.UTC().Truncate(time.Second).Format(time.RFC3339)
	s := w.doc.Session
	s.Participants = append([]string(nil), s.Participants...)
	c.Session = &s
	if w.systems {
		c.Systems = append([]model.System{}, w.doc.Systems...)
	}
	if w.questions {
		c.Questions = append([]model.OpenQuestion{}, w.doc.OpenQuestions...)
	}
	if w.decided {
		d := w.doc.Decided.Clone()
		c.Decided = &d
	}
	if w.order {
		c.FlowOrder = make([]string, len(w.doc.Flows))
		for i, f := range w.doc.Flows {
			c.FlowOrder[i] = f.ID
		}
		c.PruneFlows = true
		w.inflightOrder++
	}
	for i := range w.doc.Flows {
		if id := w.doc.Flows[i].ID; w.flows[id] {
			c.Flows = append(c.Flows, w.doc.Flows[i].Clone())
			w.inflight[id]++
		}
	}
	c.Compact = w.compact
	w.session, w.systems, w.questions, w.decided, w.order, w.compact = false, false, false, false, false, false
	clear(w.flows)
	return c
}

// reported notes that a save handed out by takeChanges has finished, well
// or not.
func (w *workspace) reported(c store.Changes) {
	if c.FlowOrder != nil && w.inflightOrder > 0 {
		w.inflightOrder--
	}
	for _, f := range c.Flows {
		if w.inflight[f.ID] <= 1 {
			delete(w.inflight, f.ID)
		} else {
			w.inflight[f.ID]--
		}
	}
}

// restore marks a failed save's changes as pending again, so they are
// retried with whatever was typed since.
func (w *workspace) restore(c store.Changes) {
	w.session = w.session || c.Session != nil
	w.systems = w.systems || c.Systems != nil
	w.questions = w.questions || c.Questions != nil
	w.decided = w.decided || c.Decided != nil
	w.order = w.order || c.FlowOrder != nil
	w.compact = w.compact || c.Compact
	for _, f := range c.Flows {
		w.flows[f.ID] = true
	}
}

// everything is the last save on quit: the session, its systems, questions
// and order whole, and every flow changed since the last save that
// reported back. Writing all 10,000 flows of a programme instead would take
// seconds and leave the whole file in free pages to clear.
func (w *workspace) everything(now time.Time) store.Changes {
	pruned := w.order || w.inflightOrder > 0
	w.session, w.systems, w.questions, w.decided, w.order = true, true, true, true, true
	for id := range w.inflight {
		w.flows[id] = true
	}
	c := w.takeChanges(now)
	c.PruneFlows = pruned
	return c
}

// currentSummary derives the decision pack when answers have changed since
// it was last derived, never on a frame that changed nothing, and then only
// the parts the changes since touched. The summary it returns is the same
// value from one change to the next, brought up to date in place: screens
// read it on the app's goroutine, and exports derive their own.
func (w *workspace) currentSummary() *review.Summary {
	if rules := w.rules(); w.live == nil || !maps.Equal(rules, w.liveRules) {
		w.live, w.liveRules = review.NewLive(w.doc, redact.MentionsCredential, rules), rules
	} else if w.summaryRev != w.rev {
		w.live.Apply(w.doc, w.sinceSummary)
	}
	w.summaryRev = w.rev
	w.sinceSummary = model.Change{}
	return w.live.Summary()
}

func (w *workspace) flow(i int) *model.Flow {
	if i < 0 || i >= len(w.doc.Flows) {
		return nil
	}
	return &w.doc.Flows[i]
}

func (w *workspace) setFlowField(i int, st model.Step, key, value string) {
	if f := w.flow(i); f != nil && f.Get(st, key) != value {
		what, group := "an answer on "+f.Name, "answer:"+f.ID+":"+st.String()+":"+key
		c := flowChange(what, f.ID, answerKey(st, key))
		if !w.take(group, c) {
			return
		}
		w.remember(what, group, partFlow, f.ID)
		f.Set(st, key, value)
		w.changed(c)
	}
}

// setFlowHeader changes the flow's name, domain or systems.
func (w *workspace) setFlowHeader(i int, key, value string) {
	if f := w.flow(i); f != nil && f.GetHeader(key) != value {
		what, group := "the details of "+f.Name, "header:"+f.ID+":"+key
		c := flowChange(what, f.ID, recordKey("flow", key))
		if !w.take(group, c) {
			return
		}
		w.remember(what, group, partFlow, f.ID)
		f.SetHeader(key, value)
		w.changed(c)
	}
}

func (w *workspace) toggleStepDone(i int, st model.Step) {
	if f := w.flow(i); f != nil {
		what := "the done mark of " + f.Name
		w.remember(what, "", partFlow, f.ID)
		f.SetStepDone(st, !f.StepDone(st))
		w.changed(flowChange(what, f.ID, doneKey(st)))
	}
}

func (w *workspace) addFlow(f model.Flow) int {
	what := "adding the flow " + f.Name
	w.remember(what, "", partFlows, "")
	w.doc.Flows = append(w.doc.Flows, f)
	w.changed(model.Change{What: what, Parts: model.PartOrder | model.PartFlows, Flows: []string{f.ID}, Risks: riskIDs(f.Failure.Risks)})
	return len(w.doc.Flows) - 1
}

// riskIDs are the ids of the risks, nil for none.
func riskIDs(rs []model.Risk) []string {
	var ids []string
	for i := range rs {
		ids = append(ids, rs[i].ID)
	}
	return ids
}

// systemFor is the system a picker's "new system…" should give: the one
// already on the map under that name, or the new one, added.
func (w *workspace) systemFor(s model.System) model.System {
	if existing, ok := w.doc.SystemNamed(s.Name); ok {
		return existing
	}
	w.addSystem(s)
	return s
}

// duplicateFlow puts a copy of flow i after it: its answers and risks, with
// ids of its own, named as a copy. It returns where the copy is.
func (w *workspace) duplicateFlow(i int) int {
	f := w.flow(i)
	if f == nil {
		return i
	}
	what := "copying the flow " + f.Name
	w.remember(what, "", partFlows, "")
	c := f.Clone()
	c.ID, c.Name = model.NewID(), model.CopyName(w.doc, f.Name)
	for r := range c.Failure.Risks {
		// A copy is a new risk: the risks merged into the original are
		// not merged into it.
		c.Failure.Risks[r].ID, c.Failure.Risks[r].Merged = model.NewID(), nil
	}
	w.doc.Flows = slices.Insert(w.doc.Flows, i+1, c)
	w.changed(model.Change{What: what, Parts: model.PartOrder | model.PartFlows, Flows: []string{c.ID}, Risks: riskIDs(c.Failure.Risks)})
	return i + 1
}

// moveFlow moves flow i up (delta -1) or down (+1) the list, and returns
// where it is now. Only the order changes: no flow's answers do.
func (w *workspace) moveFlow(i, delta int) int {
	j := i + delta
	if w.flow(i) == nil || w.flow(j) == nil {
		return i
	}
	what := "moving the flow " + w.doc.Flows[i].Name
	w.remember(what, "", partFlows, "")
	w.doc.Flows[i], w.doc.Flows[j] = w.doc.Flows[j], w.doc.Flows[i]
	w.changed(model.Change{What: what, Parts: model.PartOrder})
	return j
}

func (w *workspace) deleteFlow(i int) {
	f := w.flow(i)
	if f == nil {
		return
	}
	id := f.ID
	// A merged risk elsewhere that is also about this flow lets go of it.
	naming := func(r model.Risk) bool { return slices.Contains(r.Flows, id) }
	parts, others := partFlows|partQuestions, []string(nil)
	for j := range w.doc.Flows {
		if j != i && slices.ContainsFunc(w.doc.Flows[j].Failure.Risks, naming) {
			others = append(others, w.doc.Flows[j].ID)
		}
	}
	if len(others) > 0 {
		parts |= partFlow
	}
	if slices.ContainsFunc(w.doc.Risks, naming) {
		parts |= partDecided
	}
	c := model.Change{What: "deleting the flow " + f.Name, Parts: model.PartOrder | model.PartFlows,
		Flows: append([]string{id}, others...), Risks: riskIDs(f.Failure.Risks)}
	w.remember(c.What, "", parts, id, others...)
	w.doc.Flows = append(w.doc.Flows[:i], w.doc.Flows[i+1:]...)
	forget := func(rs []model.Risk) {
		for r := range rs {
			if !naming(rs[r]) {
				continue
			}
			c.Risks = append(c.Risks, rs[r].ID)
			rs[r].Flows = slices.DeleteFunc(rs[r].Flows, func(f string) bool { return f == id })
			if len(rs[r].Flows) == 0 {
				rs[r].Flows = nil
			}
		}
	}
	for _, other := range others {
		if j := w.indexOf(other); j >= 0 {
			forget(w.doc.Flows[j].Failure.Risks)
		}
	}
	if parts&partDecided != 0 {
		forget(w.doc.Risks)
		c.Parts |= model.PartDecided
	}
	// Questions parked on the flow stay, as session-wide questions.
	for q := range w.doc.OpenQuestions {
		if oq := &w.doc.OpenQuestions[q]; oq.Flow == id {
			oq.Flow, oq.Step = "", ""
			c.Parts |= model.PartQuestions
			c.Questions = append(c.Questions, oq.ID)
		}
	}
	w.changed(c)
}

func (w *workspace) addRisk(i int, r model.Risk) int {
	f := w.flow(i)
	if f == nil {
		return -1
	}
	// The risk's first answers, typed as it is added, are part of adding it.
	what := "adding a risk to " + f.Name
	w.remember(what, "risk:"+r.ID, partFlow, f.ID)
	f.Failure.Risks = append(f.Failure.Risks, r)
	c := flowChange(what, f.ID)
	c.Risks = []string{r.ID}
	w.changed(c)
	return len(f.Failure.Risks) - 1
}

func (w *workspace) setRiskField(i, r int, key, value string) {
	f := w.flow(i)
	if f == nil || r < 0 || r >= len(f.Failure.Risks) {
		return
	}
	if risk := &f.Failure.Risks[r]; risk.Get(key) != value {
		what := "a risk on " + f.Name
		c := flowChange(what, f.ID, recordKey("risk", key))
		c.Risks = []string{risk.ID}
		if !w.take("risk:"+risk.ID+":"+key, c) { // as the register holds it
			return
		}
		w.remember(what, "risk:"+risk.ID, partFlow, f.ID)
		risk.Set(key, value)
		w.changed(c)
	}
}

func (w *workspace) deleteRisk(i, r int) {
	f := w.flow(i)
	if f == nil || r < 0 || r >= len(f.Failure.Risks) {
		return
	}
	c := flowChange("deleting a risk of "+f.Name, f.ID)
	c.Risks = []string{f.Failure.Risks[r].ID}
	w.remember(c.What, "", partFlow, f.ID)
	f.Failure.Risks = append(f.Failure.Risks[:r], f.Failure.Risks[r+1:]...)
	w.compact = true
	w.changed(c)
}

func (w *workspace) addSystem(s model.System) int {
	c := model.Change{What: "adding the system " + s.Name, Parts: model.PartSystems, Systems: []string{s.ID}}
	w.remember(c.What, "", partSystems, "")
	w.doc.Systems = append(w.doc.Systems, s)
	w.changed(c)
	return len(w.doc.Systems) - 1
}

func (w *workspace) setSystemField(i int, key, value string) {
	if i < 0 || i >= len(w.doc.Systems) || w.doc.Systems[i].Get(key) == value {
		return
	}
	s := &w.doc.Systems[i]
	c := model.Change{What: "the system " + s.Name, Parts: model.PartSystems, Systems: []string{s.ID}, Fields: []string{recordKey("system", key)}}
	if !w.take("system:"+s.ID+":"+key, c) {
		return
	}
	w.remember(c.What, "system:"+s.ID+":"+key, partSystems, "")
	s.Set(key, value)
	w.changed(c)
}

func (w *workspace) deleteSystem(i int) {
	if i < 0 || i >= len(w.doc.Systems) {
		return
	}
	c := model.Change{What: "deleting the system " + w.doc.Systems[i].Name, Parts: model.PartSystems, Systems: []string{w.doc.Systems[i].ID}}
	w.remember(c.What, "", partSystems, "")
	w.doc.Systems = slices.Delete(w.doc.Systems, i, i+1)
	w.compact = true // the text removed would stay in the file's free pages
	w.changed(c)
}

func (w *workspace) addQuestion(q model.OpenQuestion) int {
	c := model.Change{What: "parking a question", Parts: model.PartQuestions, Questions: []string{q.ID}}
	w.remember(c.What, "", partQuestions, "")
	w.doc.OpenQuestions = append(w.doc.OpenQuestions, q)
	w.changed(c)
	return len(w.doc.OpenQuestions) - 1
}

func (w *workspace) setQuestionField(i int, key, value string) {
	if i < 0 || i >= len(w.doc.OpenQuestions) || w.doc.OpenQuestions[i].Get(key) == value {
		return
	}
	q := &w.doc.OpenQuestions[i]
	c := model.Change{What: "an open question", Parts: model.PartQuestions, Questions: []string{q.ID}, Fields: []string{recordKey("question", key)}}
	if !w.take("question:"+q.ID+":"+key, c) {
		return
	}
	w.remember(c.What, "question:"+q.ID+":"+key, partQuestions, "")
	q.Set(key, value)
	w.changed(c)
}

func (w *workspace) deleteQuestion(i int) {
	if i < 0 || i >= len(w.doc.OpenQuestions) {
		return
	}
	c := model.Change{What: "deleting an open question", Parts: model.PartQuestions, Questions: []string{w.doc.OpenQuestions[i].ID}}
	w.remember(c.What, "", partQuestions, "")
	w.doc.OpenQuestions = slices.Delete(w.doc.OpenQuestions, i, i+1)
	w.compact = true // the text removed would stay in the file's free pages
	w.changed(c)
}

// fields is an item of a list whose answers are read and written by key.
type fields[T any] interface {
	*T
	Get(key string) string
	Set(key, value string)
}

// filled is item with a form's values set, field by field.
func filled[T any, P fields[T]](item T, fs []model.Field, values map[string]string) T {
	for _, fd := range fs {
		P(&item).Set(fd.Key, values[fd.Key])
	}
	return item
}

func (w *workspace) setSessionField(key, value string) {
	if w.doc.Session.Get(key) == value {
		return
	}
	c := model.Change{What: "the session's details", Parts: model.PartSession, Fields: []string{recordKey("session", key)}}
	if !w.take("session:"+key, c) {
		return
	}
	w.remember(c.What, "session:"+key, partSession, "")
	w.doc.Session.Set(key, value)
	w.changed(c)
}

// exported notes that the session was exported at revision: its next
// exports name that revision among their ancestors, so a colleague who has
// this copy merges the next one three ways. Provenance is the store's to
// save; this keeps the open copy in step with it. It is no change the room
// made: no revision, nothing to save, undo or show.
func (w *workspace) exported(sessionID, revision string) {
	if w.doc.Session.ID != sessionID || revision == "" {
		return
	}
	w.doc.Ancestors = (model.Provenance{Revision: revision, Ancestors: w.doc.Ancestors}).Lineage()
	if len(w.doc.Ancestors) > model.MaxAncestors {
		w.doc.Ancestors = w.doc.Ancestors[:model.MaxAncestors]
	}
}
