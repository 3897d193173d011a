package tui

import "github.com/archreview/archreview/model"

// The one place a change to the open session is made known. Every method of
// the workspace that changes the document ends in changed, once, with a
// model.Change naming what it touched; everything that must follow a change
// follows it from there: the revision the screens' caches key on, the
// autosave's pending parts, the undo step being made, the summary's tally
// and the live feed other goroutines listen to.

// changed makes c known as the session's next revision. It must follow the
// change to the document, once per change.
func (w *workspace) changed(c model.Change) {
	w.rev++
	c.Rev, c.Session = w.rev, w.doc.Session.ID
	w.mark(c)
	w.history.record(c)
	w.noted(c)
	w.sinceSummary.Merge(c)
	w.tally.since.Merge(c)
	w.feed.Publish(c)
}

// mark notes what c touched for the next save.
func (w *workspace) mark(c model.Change) {
	w.session = w.session || c.Touches(model.PartSession)
	w.systems = w.systems || c.Touches(model.PartSystems)
	w.questions = w.questions || c.Touches(model.PartQuestions)
	w.decided = w.decided || c.Touches(model.PartDecided)
	w.order = w.order || c.Touches(model.PartOrder)
	if !c.Touches(model.PartFlows) {
		return
	}
	if len(c.Flows) == 0 { // any flow may have changed
		for i := range w.doc.Flows {
			w.flows[w.doc.Flows[i].ID] = true
		}
	}
	// A flow the change took out is no longer in the session: the save
	// finds nothing of it to write, and the order it saves drops it.
	for _, id := range c.Flows {
		w.flows[id] = true
	}
}

// flowChange is a change to the answers, details, done marks or risks of
// one flow; fields name the fields changed, if the change was to fields.
func flowChange(what, flowID string, fields ...string) model.Change {
	return model.Change{What: what, Parts: model.PartFlows, Flows: []string{flowID}, Fields: fields}
}

// The keys Change.Fields names a field by.

func answerKey(st model.Step, key string) string { return st.String() + "." + key }

func doneKey(st model.Step) string { return st.String() + ".done" }

func recordKey(record, key string) string { return record + "." + key }
