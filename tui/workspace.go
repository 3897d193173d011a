package tui

import (
	"slices"
	"time"

	"archreview/model"
	"archreview/model/pack"
	"archreview/model/redact"
	"archreview/model/review"
	"archreview/store"
)

// workspace is the open session and what has changed in it since the last
// save. Screens change answers only through its methods, so nothing typed
// can escape the autosave.
type workspace struct {
	doc *model.Document

	rev       uint64 // bumped by every change
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

	history history // what u and ctrl+r step through

	packs *pack.Library // the question packs this run knows (nil: the built-in ones)

	summary    *review.Summary
	summaryRev uint64

	// Counts the session screen shows, kept per revision so a frame's work
	// depends on what is on screen, not on the size of the session.
	countsRev uint64
	stepsDone int
	risks     int // the register's size: every flow's risks and the session's
	usedBy    map[string]int
	flowAt    map[string]int
}

func newWorkspace(doc *model.Document) *workspace {
	return &workspace{doc: doc, flows: map[string]bool{}, inflight: map[string]int{}, summaryRev: ^uint64(0), countsRev: ^uint64(0)}
}

// counts derives the session screen's counts again if the answers changed
// since; the screen calls it as it settles, so the readers below, called
// from View, only read.
func (w *workspace) counts() {
	if w.countsRev == w.rev {
		return
	}
	w.stepsDone, w.risks = 0, len(w.doc.Risks)
	w.usedBy = make(map[string]int, len(w.doc.Systems))
	w.flowAt = make(map[string]int, len(w.doc.Flows))
	for i := range w.doc.Flows {
		f := &w.doc.Flows[i]
		w.flowAt[f.ID] = i
		w.stepsDone += f.StepsDone()
		w.risks += len(f.Failure.Risks)
		for _, id := range f.SystemRefs() {
			w.usedBy[id]++
		}
	}
	w.countsRev = w.rev
}

// progress is the steps done and the steps there are.
func (w *workspace) progress() (done, total int) {
	return w.stepsDone, 4 * len(w.doc.Flows)
}

// flowIndex is the position of the flow with the id, or -1.
func (w *workspace) flowIndex(id string) int {
	if i, ok := w.flowAt[id]; ok {
		return i
	}
	return -1
}

// riskCount is how many risks the register holds.
func (w *workspace) riskCount() int { return w.risks }

// usage is how many flows use a system.
func (w *workspace) usage(systemID string) int { return w.usedBy[systemID] }

func (w *workspace) touch() { w.rev++ }

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
// it was last derived, never on a frame that changed nothing.
func (w *workspace) currentSummary() *review.Summary {
	if w.summary == nil || w.summaryRev != w.rev {
		w.summary = review.SummarizeWith(w.doc, redact.MentionsCredential, w.rules())
		w.summaryRev = w.rev
	}
	return w.summary
}

func (w *workspace) flow(i int) *model.Flow {
	if i < 0 || i >= len(w.doc.Flows) {
		return nil
	}
	return &w.doc.Flows[i]
}

func (w *workspace) flowChanged(i int) {
	if f := w.flow(i); f != nil {
		w.flows[f.ID] = true
		w.touch()
	}
}

func (w *workspace) setFlowField(i int, st model.Step, key, value string) {
	if f := w.flow(i); f != nil && f.Get(st, key) != value {
		w.remember("an answer on "+f.Name, "answer:"+f.ID+":"+st.String()+":"+key, partFlow, f.ID)
		f.Set(st, key, value)
		w.flowChanged(i)
	}
}

// setFlowHeader changes the flow's name, domain or systems.
func (w *workspace) setFlowHeader(i int, key, value string) {
	if f := w.flow(i); f != nil && f.GetHeader(key) != value {
		w.remember("the details of "+f.Name, "header:"+f.ID+":"+key, partFlow, f.ID)
		f.SetHeader(key, value)
		w.flowChanged(i)
	}
}

func (w *workspace) toggleStepDone(i int, st model.Step) {
	if f := w.flow(i); f != nil {
		w.remember("the done mark of "+f.Name, "", partFlow, f.ID)
		f.SetStepDone(st, !f.StepDone(st))
		w.flowChanged(i)
	}
}

func (w *workspace) addFlow(f model.Flow) int {
	w.remember("adding the flow "+f.Name, "", partFlows, "")
	w.doc.Flows = append(w.doc.Flows, f)
	w.order = true
	w.flows[f.ID] = true
	w.touch()
	return len(w.doc.Flows) - 1
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
	w.remember("copying the flow "+f.Name, "", partFlows, "")
	c := f.Clone()
	c.ID, c.Name = model.NewID(), model.CopyName(w.doc, f.Name)
	for r := range c.Failure.Risks {
		c.Failure.Risks[r].ID = model.NewID()
	}
	w.doc.Flows = slices.Insert(w.doc.Flows, i+1, c)
	w.order, w.flows[c.ID] = true, true
	w.touch()
	return i + 1
}

// moveFlow moves flow i up (delta -1) or down (+1) the list, and returns
// where it is now.
func (w *workspace) moveFlow(i, delta int) int {
	j := i + delta
	if w.flow(i) == nil || w.flow(j) == nil {
		return i
	}
	w.remember("moving the flow "+w.doc.Flows[i].Name, "", partFlows, "")
	w.doc.Flows[i], w.doc.Flows[j] = w.doc.Flows[j], w.doc.Flows[i]
	w.order = true
	w.touch()
	return j
}

func (w *workspace) deleteFlow(i int) {
	f := w.flow(i)
	if f == nil {
		return
	}
	id := f.ID
	w.remember("deleting the flow "+f.Name, "", partFlows|partQuestions, id)
	w.doc.Flows = append(w.doc.Flows[:i], w.doc.Flows[i+1:]...)
	delete(w.flows, id)
	// Questions parked on the flow stay, as session-wide questions.
	for q := range w.doc.OpenQuestions {
		if w.doc.OpenQuestions[q].Flow == id {
			w.doc.OpenQuestions[q].Flow = ""
			w.doc.OpenQuestions[q].Step = ""
			w.questions = true
		}
	}
	w.order = true
	w.touch()
}

func (w *workspace) addRisk(i int, r model.Risk) int {
	f := w.flow(i)
	if f == nil {
		return -1
	}
	// The risk's first answers, typed as it is added, are part of adding it.
	w.remember("adding a risk to "+f.Name, "risk:"+r.ID, partFlow, f.ID)
	f.Failure.Risks = append(f.Failure.Risks, r)
	w.flowChanged(i)
	return len(f.Failure.Risks) - 1
}

func (w *workspace) setRiskField(i, r int, key, value string) {
	f := w.flow(i)
	if f == nil || r < 0 || r >= len(f.Failure.Risks) {
		return
	}
	if f.Failure.Risks[r].Get(key) != value {
		w.remember("a risk on "+f.Name, "risk:"+f.Failure.Risks[r].ID, partFlow, f.ID)
		f.Failure.Risks[r].Set(key, value)
		w.flowChanged(i)
	}
}

func (w *workspace) deleteRisk(i, r int) {
	f := w.flow(i)
	if f == nil || r < 0 || r >= len(f.Failure.Risks) {
		return
	}
	w.remember("deleting a risk of "+f.Name, "", partFlow, f.ID)
	f.Failure.Risks = append(f.Failure.Risks[:r], f.Failure.Risks[r+1:]...)
	w.compact = true
	w.flowChanged(i)
}

func (w *workspace) addSystem(s model.System) int {
	w.remember("adding the system "+s.Name, "", partSystems, "")
	return addTo(w, &w.doc.Systems, &w.systems, s)
}

func (w *workspace) setSystemField(i int, key, value string) {
	if i >= 0 && i < len(w.doc.Systems) && w.doc.Systems[i].Get(key) != value {
		w.remember("the system "+w.doc.Systems[i].Name, "system:"+w.doc.Systems[i].ID+":"+key, partSystems, "")
	}
	setIn(w, w.doc.Systems, &w.systems, i, key, value)
}

func (w *workspace) deleteSystem(i int) {
	if i >= 0 && i < len(w.doc.Systems) {
		w.remember("deleting the system "+w.doc.Systems[i].Name, "", partSystems, "")
	}
	deleteFrom(w, &w.doc.Systems, &w.systems, i)
}

func (w *workspace) addQuestion(q model.OpenQuestion) int {
	w.remember("parking a question", "", partQuestions, "")
	return addTo(w, &w.doc.OpenQuestions, &w.questions, q)
}

func (w *workspace) setQuestionField(i int, key, value string) {
	if i >= 0 && i < len(w.doc.OpenQuestions) && w.doc.OpenQuestions[i].Get(key) != value {
		w.remember("an open question", "question:"+w.doc.OpenQuestions[i].ID+":"+key, partQuestions, "")
	}
	setIn(w, w.doc.OpenQuestions, &w.questions, i, key, value)
}

func (w *workspace) deleteQuestion(i int) {
	if i >= 0 && i < len(w.doc.OpenQuestions) {
		w.remember("deleting an open question", "", partQuestions, "")
	}
	deleteFrom(w, &w.doc.OpenQuestions, &w.questions, i)
}

// The session's lists (systems, open questions) change the same way: each
// change marks its list for the next save, and a deletion asks for the file
// to be compacted, since the text removed would stay in free pages.

func addTo[T any](w *workspace, list *[]T, changed *bool, item T) int {
	*list = append(*list, item)
	*changed = true
	w.touch()
	return len(*list) - 1
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

func setIn[T any, P fields[T]](w *workspace, list []T, changed *bool, i int, key, value string) {
	if i < 0 || i >= len(list) || P(&list[i]).Get(key) == value {
		return
	}
	P(&list[i]).Set(key, value)
	*changed = true
	w.touch()
}

func deleteFrom[T any](w *workspace, list *[]T, changed *bool, i int) {
	if i < 0 || i >= len(*list) {
		return
	}
	*list = append((*list)[:i], (*list)[i+1:]...)
	*changed, w.compact = true, true
	w.touch()
}

func (w *workspace) setSessionField(key, value string) {
	if w.doc.Session.Get(key) == value {
		return
	}
	w.remember("the session's details", "session:"+key, partSession, "")
	w.doc.Session.Set(key, value)
	w.session = true
	w.touch()
}

// exported notes that the session was exported at revision: its next
// exports name that revision among their ancestors, so a colleague who has
// this copy merges the next one three ways. Provenance is the store's to
// save; this keeps the open copy in step with it.
func (w *workspace) exported(sessionID, revision string) {
	if w.doc.Session.ID != sessionID || revision == "" {
		return
	}
	w.doc.Ancestors = (model.Provenance{Revision: revision, Ancestors: w.doc.Ancestors}).Lineage()
	if len(w.doc.Ancestors) > model.MaxAncestors {
		w.doc.Ancestors = w.doc.Ancestors[:model.MaxAncestors]
	}
}
