package tui

import (
	"slices"

	"github.com/archreview/archreview/model"
)

// Undo and redo of the open session's changes, in memory. Every change goes
// through the workspace, which first remembers how the part it touches looked:
// one flow for an answer or a risk, the list of flows for adding or deleting
// one, the systems, the questions or the session's details. Typing on in one
// field is one change, not one per key. Undoing puts that part back as it
// was, marked for the next save like any edit, so an undo reaches the disk
// the same way a keystroke does.

// historyDepth is how many changes can be undone.
const historyDepth = 200

// part names what a change touches.
type part uint8

const (
	partSession part = 1 << iota
	partSystems
	partQuestions
	// partFlows is the list of flows: their order, additions and
	// deletions. It keeps the order and a copy of only the flows a change
	// takes out, so a history of deletions in a 10,000-flow session stays
	// small.
	partFlows
	partFlow // one flow's answers and risks
	// partDecided is the session-level records: domain decisions, session
	// risks, triage and conflicts.
	partDecided
)

// snapshot is how the parts of a change looked.
type snapshot struct {
	parts     part
	flowID    string
	session   model.Session
	systems   []model.System
	questions []model.OpenQuestion
	order     []string     // the flows' ids, in order
	kept      []model.Flow // flows the order names that may be gone by then
	flow      model.Flow
	// others are more flows a change touches, as they were: a merge of two
	// flows' risks, or a deletion the other flows' risks named.
	others  []model.Flow
	decided model.Decided
}

// change is one thing that can be undone: what it was, for the status line,
// the parts as they were before it, and the records it touched, as the
// workspace made them known: undoing or redoing it touches those again.
type change struct {
	what    string
	before  snapshot
	touched model.Change
	rev     uint64 // the revision the change was made as
}

type history struct {
	done, undone []change
	// group is the field the last change typed into: typing on in it
	// adds to that change instead of making one a key.
	group string
	// open is set from remembering a change until it is made: the
	// records it touches are added to the newest change.
	open bool
	// others are the parts other participants changed, and when, by the
	// keys of changeKeys (floorholds.go); nil while nobody else writes.
	others map[string]mark
	// refused says why the last undo or redo was not made.
	refused string
}

// remember notes how the parts look before a change to them; with
// partFlow, more names further flows the change touches. A change in the
// same group as the last one (typing on in one field) adds to it.
func (w *workspace) remember(what, group string, parts part, flowID string, more ...string) {
	h := w.history
	if group != "" && group == h.group && len(h.done) > 0 {
		h.undone, h.open = nil, true
		return
	}
	h.push(what, group, w.snapshot(parts, flowID, more...))
}

// push makes a new change of how the parts looked before it.
func (h *history) push(what, group string, before snapshot) {
	h.done = append(h.done, change{what: what, before: before})
	if len(h.done) > historyDepth {
		h.done = slices.Delete(h.done, 0, len(h.done)-historyDepth)
	}
	h.undone, h.group, h.open = nil, group, true
}

// record adds what a change touched to the change just remembered, if
// there is one: a change made without remembering (a merge note read) is
// nothing to undo.
func (h *history) record(c model.Change) {
	if h.open && len(h.done) > 0 {
		last := &h.done[len(h.done)-1]
		last.touched.Merge(c)
		if last.rev == 0 {
			last.rev = c.Rev
		}
	}
	h.open = false
}

// undo puts back the parts of the last change and reports what it was.
func (w *workspace) undo() (string, bool) {
	return w.step(&w.history.done, &w.history.undone, model.ChangeUndo)
}

// redo makes the last undone change again.
func (w *workspace) redo() (string, bool) {
	return w.step(&w.history.undone, &w.history.done, model.ChangeRedo)
}

// step takes the newest change from one list, puts its parts back, and
// keeps how they looked until then on the other, so it can be stepped back.
// It makes known that the records the change touched changed again.
func (w *workspace) step(from, to *[]change, kind model.ChangeKind) (string, bool) {
	n := len(*from)
	if n == 0 {
		return "", false
	}
	c := (*from)[n-1]
	*from = (*from)[:n-1]
	w.history.refused = ""
	if by := w.history.clash(c); by != nil {
		// Putting the parts back would take the other change out too: the
		// change leaves the list, and the session stays as it is.
		w.history.refused = by.name + " changed " + c.what + " since; undoing it would undo their change too, so it is off your list"
		w.history.group, w.history.open = "", false
		return "", false
	}
	more := make([]string, len(c.before.others))
	for i := range c.before.others {
		more[i] = c.before.others[i].ID
	}
	now := w.snapshot(c.before.parts, c.before.flowID, more...)
	if c.before.parts&partFlows != 0 {
		// Putting the order back takes out the flows it does not name:
		// keep them, so stepping back can bring them again.
		named := map[string]bool{}
		for _, id := range c.before.order {
			named[id] = true
		}
		for i := range w.doc.Flows {
			if !named[w.doc.Flows[i].ID] {
				now.kept = append(now.kept, w.doc.Flows[i].Clone())
			}
		}
	}
	wrote := w.put(c.before)
	*to = append(*to, change{what: c.what, before: now, touched: c.touched})
	w.history.group, w.history.open = "", false
	// The records the change touched, and whatever the parts put back hold
	// besides; fields stay named if the change named them, since putting
	// a part back changes only what the change had changed.
	// Put writes a list part (the systems, the questions) back whole, but
	// only the records the change touched differ in it: those stay named.
	var back model.Change
	back.Merge(c.touched)
	wrote.Parts &^= c.touched.Parts &^ model.PartFlows
	back.Merge(wrote)
	back.Kind, back.What, back.Fields = kind, c.what, slices.Clone(c.touched.Fields)
	w.changed(back)
	(*to)[len(*to)-1].rev = w.rev
	return c.what, true
}

func (w *workspace) snapshot(parts part, flowID string, more ...string) snapshot {
	s := snapshot{parts: parts, flowID: flowID}
	d := w.doc
	if parts&partSession != 0 {
		s.session = d.Session
		s.session.Participants = slices.Clone(d.Session.Participants)
	}
	if parts&partSystems != 0 {
		s.systems = slices.Clone(d.Systems)
	}
	if parts&partQuestions != 0 {
		s.questions = slices.Clone(d.OpenQuestions)
	}
	if parts&partDecided != 0 {
		s.decided = d.Decided.Clone()
	}
	if parts&partFlows != 0 {
		s.order = make([]string, len(d.Flows))
		for i := range d.Flows {
			s.order[i] = d.Flows[i].ID
		}
		// flowID names the flow the change is about to take out.
		if i := w.indexOf(flowID); i >= 0 {
			s.kept = append(s.kept, d.Flows[i].Clone())
		}
	}
	if parts&partFlow != 0 {
		if i := w.indexOf(flowID); i >= 0 {
			s.flow = d.Flows[i].Clone()
		}
		for _, id := range more {
			if i := w.indexOf(id); i >= 0 && id != flowID {
				s.others = append(s.others, d.Flows[i].Clone())
			}
		}
	}
	return s
}

// put restores the parts of a snapshot, and says which it wrote: the step
// makes them known, which marks them for the next save. A restore may take
// text out of the session, so the save compacts the file.
func (w *workspace) put(s snapshot) model.Change {
	d := w.doc
	var wrote model.Change
	if s.parts&partSession != 0 {
		d.Session = s.session
		wrote.Parts |= model.PartSession
	}
	if s.parts&partSystems != 0 {
		d.Systems = slices.Clone(s.systems)
		wrote.Parts |= model.PartSystems
		w.compact = true
	}
	if s.parts&partQuestions != 0 {
		d.OpenQuestions = slices.Clone(s.questions)
		wrote.Parts |= model.PartQuestions
		w.compact = true
	}
	if s.parts&partDecided != 0 {
		d.Decided = s.decided.Clone()
		wrote.Parts |= model.PartDecided
		w.compact = true
	}
	if s.parts&partFlows != 0 {
		byID := make(map[string]*model.Flow, len(d.Flows)+len(s.kept))
		for i := range d.Flows {
			byID[d.Flows[i].ID] = &d.Flows[i]
		}
		for i := range s.kept {
			if _, live := byID[s.kept[i].ID]; !live {
				byID[s.kept[i].ID] = &s.kept[i]
				// Back in the session: write it.
				wrote.Parts |= model.PartFlows
				wrote.Flows = append(wrote.Flows, s.kept[i].ID)
			}
		}
		flows := make([]model.Flow, 0, len(s.order))
		for _, id := range s.order {
			if f := byID[id]; f != nil {
				flows = append(flows, f.Clone())
			}
		}
		d.Flows = flows
		wrote.Parts |= model.PartOrder
		w.compact = true
	}
	if s.parts&partFlow != 0 {
		put := func(f *model.Flow) {
			if i := w.indexOf(f.ID); i >= 0 {
				d.Flows[i] = f.Clone()
				wrote.Parts |= model.PartFlows
				wrote.Flows = append(wrote.Flows, f.ID)
				w.compact = true
			}
		}
		if s.flowID != "" {
			put(&s.flow)
		}
		for i := range s.others {
			put(&s.others[i])
		}
	}
	return wrote
}

// indexOf finds a flow by id; a linear scan, run only on an undo or redo
// and when a change is remembered.
func (w *workspace) indexOf(id string) int {
	return slices.IndexFunc(w.doc.Flows, func(f model.Flow) bool { return f.ID == id })
}
