package tui

import (
	"errors"
	"reflect"
	"slices"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
)

// Taking a copy of the open session read from elsewhere into the workspace:
// an import --merge into the database the app has open, reaching the app
// while the room works. Only the records that differ change, and they
// change as one edit does: undone with one u, marked for the next save,
// made known as one ChangeImport naming exactly them.

// errAnotherSession refuses a copy of another session than the open one.
var errAnotherSession = errors.New("the imported copy is of another session than the one open; nothing was changed")

// importDocument puts doc, a copy of the open session, in place of what the
// workspace holds, and returns the change it made: the zero Change when no
// record differs (the copy's provenance is taken all the same). doc is the
// workspace's from then on.
func (w *workspace) importDocument(doc *model.Document) (model.Change, error) {
	return w.importAs(doc, "importing a copy of the session")
}

// importAs is importDocument with what the change is called in undo's
// message: an inventory import brings its own copy.
func (w *workspace) importAs(doc *model.Document, what string) (model.Change, error) {
	if doc == nil || doc.Session.ID != w.doc.Session.ID {
		return model.Change{}, errAnotherSession
	}
	c, before := w.differences(doc)
	if c.Parts == 0 {
		w.doc.Provenance = doc.Provenance
		return model.Change{}, nil
	}
	c.Kind, c.What = model.ChangeImport, what
	w.history.push(c.What, "", before)
	*w.doc = *doc
	w.compact = true // what the copy replaced would stay in free pages
	w.changed(c)
	c.Rev, c.Session = w.rev, w.doc.Session.ID
	return c, nil
}

// differences are the records doc holds otherwise than the open session,
// as a change, and how the parts they are in look now, to undo it.
func (w *workspace) differences(doc *model.Document) (model.Change, snapshot) {
	was := w.doc
	var c model.Change
	var parts part
	now := doc.Session
	now.UpdatedAt = was.Session.UpdatedAt // when it was saved is no answer
	if !sameValue(was.Session, now) {
		c.Parts, parts = c.Parts|model.PartSession, parts|partSession
	}
	if c.Systems = differing(was.Systems, doc.Systems, systemID); c.Systems != nil {
		c.Parts, parts = c.Parts|model.PartSystems, parts|partSystems
	}
	if c.Questions = differing(was.OpenQuestions, doc.OpenQuestions, questionID); c.Questions != nil {
		c.Parts, parts = c.Parts|model.PartQuestions, parts|partQuestions
	}
	if !sameValue(was.Decided, doc.Decided) {
		c.Parts, parts = c.Parts|model.PartDecided, parts|partDecided
		c.Domains = differing(was.Domains, doc.Domains, domainName)
		c.Risks = differing(was.Risks, doc.Risks, riskID)
	}

	at := make(map[string]int, len(was.Flows))
	for i := range was.Flows {
		at[was.Flows[i].ID] = i
	}
	var changed []string
	order := len(was.Flows) != len(doc.Flows)
	for i := range doc.Flows {
		f := &doc.Flows[i]
		j, ok := at[f.ID]
		switch {
		case !ok: // added
			c.Flows, c.Risks = append(c.Flows, f.ID), append(c.Risks, riskIDs(f.Failure.Risks)...)
			order = true
			continue
		case !sameValue(&was.Flows[j], f):
			c.Flows, changed = append(c.Flows, f.ID), append(changed, f.ID)
			c.Risks = append(c.Risks, differing(was.Flows[j].Failure.Risks, f.Failure.Risks, riskID)...)
		}
		order = order || i != j
		delete(at, f.ID)
	}
	var gone []model.Flow
	for i := range was.Flows {
		if _, left := at[was.Flows[i].ID]; left { // not in the copy
			f := &was.Flows[i]
			c.Flows, c.Risks = append(c.Flows, f.ID), append(c.Risks, riskIDs(f.Failure.Risks)...)
			gone = append(gone, f.Clone())
		}
	}
	if len(c.Flows) > 0 {
		c.Parts |= model.PartFlows
	}
	if order {
		c.Parts, parts = c.Parts|model.PartOrder, parts|partFlows
	}
	first := ""
	if len(changed) > 0 {
		parts, first = parts|partFlow, changed[0]
	}
	before := w.snapshot(parts, first, changed...)
	before.kept = append(before.kept, gone...)
	return c, before
}

// differing are the ids of the records that differ between two lists:
// changed, added or taken out, then those kept that are out of their
// place. nil means none.
func differing[T any](was, now []T, id func(*T) string) []string {
	at := make(map[string]int, len(was))
	for i := range was {
		at[id(&was[i])] = i
	}
	type keptRecord struct {
		id      string
		was     int // its place in was
		changed bool
	}
	var ids []string
	var kept []keptRecord // in now's order
	for i := range now {
		k := id(&now[i])
		j, ok := at[k]
		if !ok {
			ids = append(ids, k) // added
			continue
		}
		r := keptRecord{id: k, was: j, changed: !sameValue(&was[j], &now[i])}
		if r.changed {
			ids = append(ids, k)
		}
		kept = append(kept, r)
		delete(at, k)
	}
	for i := range was {
		if _, gone := at[id(&was[i])]; gone {
			ids = append(ids, id(&was[i]))
		}
	}
	// Kept in their order, the places they had rise; those that do not
	// sit where the sorted places would put them moved.
	places := make([]int, len(kept))
	for n, r := range kept {
		places[n] = r.was
	}
	slices.Sort(places)
	for n, r := range kept {
		if r.was != places[n] && !r.changed {
			ids = append(ids, r.id)
		}
	}
	return ids
}

func systemID(s *model.System) string         { return s.ID }
func questionID(q *model.OpenQuestion) string { return q.ID }
func domainName(d *model.DomainDecision) string {
	return d.Name
}
func riskID(r *model.Risk) string { return r.ID }

// sameValue reports whether two records hold the same answers: equal as
// they are, or written the same (a list never filled and one emptied are
// both none).
func sameValue(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	x, err1 := json.Marshal(a, json.Deterministic(true))
	y, err2 := json.Marshal(b, json.Deterministic(true))
	return err1 == nil && err2 == nil && slices.Equal(x, y)
}
