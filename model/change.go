package model

import "slices"

// Change says what one change to an open session touched, so that whatever
// shows the session (the autosave, the summary, the app's screens, a web
// room, a second terminal) redoes only that. It is the workspace's record
// of an edit; the document itself is never in it.
type Change struct {
	Session string // the session's id
	// Rev is the open session's revision once the change is made: each
	// change is one more, so a listener that saw Rev n-1 is up to date.
	Rev  uint64
	Kind ChangeKind
	// What names the change for people, as undo does: "an answer on
	// Orders to the ERP".
	What  string
	Parts Parts
	// The records touched, where they are known: the flows whose answers,
	// details, done marks or risks changed (all of a flow's parts when it
	// was added, deleted, or brought back by an undo), the risks added,
	// edited, merged or deleted, the systems and open questions by id, and
	// the domains whose decision changed. With a part set and its list
	// empty, any record of that kind may have changed.
	Flows     []string
	Risks     []string
	Systems   []string
	Questions []string
	Domains   []string
	// Fields are the keys of the fields changed, where the change was one
	// field: "failure.notes" (step.key), "flow.name", "risk.impact",
	// "system.kind", "question.answer", "session.client".
	Fields []string
	// Resync is set by a feed for a listener that fell behind and missed
	// changes: this one stands for all of them, so read the session whole.
	Resync bool
}

// ChangeKind is how a change came about.
type ChangeKind uint8

const (
	ChangeEdit    ChangeKind = iota // an answer or record typed, added, moved or deleted
	ChangeUndo                      // a change taken back
	ChangeRedo                      // a change taken back, made again
	ChangeResolve                   // a merge conflict settled
	ChangeTriage                    // a finding accepted, merged, dismissed or reopened
	ChangeImport                    // a file read into the open session
)

var changeKindNames = [...]string{"edit", "undo", "redo", "resolve", "triage", "import"}

func (k ChangeKind) String() string {
	if int(k) < len(changeKindNames) {
		return changeKindNames[k]
	}
	return "change"
}

// Parts are the kinds of records a change touched.
type Parts uint8

const (
	PartSession   Parts = 1 << iota // the session's details
	PartSystems                     // the systems
	PartQuestions                   // the open questions
	// PartDecided is what the room recorded for the session as a whole
	// (Decided): domain decisions, session risks, triage, merge conflicts,
	// the question pack, the merge note.
	PartDecided
	// PartOrder is the list of flows: one added, deleted, copied or moved.
	// Every flow's position may have changed.
	PartOrder
	PartFlows // the answers, details, done marks or risks of the flows in Flows
)

// AllParts is every kind of record: a change that may have touched anything.
const AllParts = PartSession | PartSystems | PartQuestions | PartDecided | PartOrder | PartFlows

// Touches reports whether the change touched any of the parts.
func (c Change) Touches(p Parts) bool { return c.Parts&p != 0 }

// Merge adds what a later change touched to this one, as one change that
// stands for both: the later one's revision, kind and words, both sets of
// records. A listener that applies changes later than they happen keeps
// one merged change, starting from the zero Change. Fields stay named only
// while every change merged named its own: a change of whole records
// (a risk added) merged with one of a field leaves the records to be read
// whole. Merge never writes into o's lists, and appends to c's only past
// their length, so a change a feed shares (its lists full to capacity) can
// be merged from or into.
func (c *Change) Merge(o Change) {
	var fields []string
	switch {
	case c.none():
		fields = slices.Clone(o.Fields)
	case len(c.Fields) > 0 && len(o.Fields) > 0:
		fields = union(c.Fields, o.Fields)
	}
	// A part touched with no ids named means any record of it: merged with
	// a change that names some, it still means any.
	flows := c.ids(o, PartFlows, c.Flows, o.Flows)
	systems := c.ids(o, PartSystems, c.Systems, o.Systems)
	questions := c.ids(o, PartQuestions, c.Questions, o.Questions)
	c.Session, c.Kind, c.What = o.Session, o.Kind, o.What
	c.Rev = max(c.Rev, o.Rev)
	c.Parts |= o.Parts
	c.Resync = c.Resync || o.Resync
	c.Flows = flows
	c.Risks = union(c.Risks, o.Risks)
	c.Systems = systems
	c.Questions = questions
	c.Domains = union(c.Domains, o.Domains)
	c.Fields = fields
}

// none reports whether c is no change at all: the zero Change a merge
// starts from.
func (c *Change) none() bool {
	return c.Rev == 0 && c.Parts == 0 && !c.Resync && len(c.Flows)+len(c.Risks)+len(c.Systems)+len(c.Questions)+len(c.Domains)+len(c.Fields) == 0
}

// ids is the merged list of the ids of part p: nil, meaning any, when
// either change touched p without naming which.
func (c *Change) ids(o Change, p Parts, mine, theirs []string) []string {
	if c.Touches(p) && len(mine) == 0 || o.Touches(p) && len(theirs) == 0 {
		return nil
	}
	return union(mine, theirs)
}

// union is a followed by the ids of b it lacks.
func union(a, b []string) []string {
	if len(b) <= 16 || len(a)*len(b) <= 256 {
		// A change's own few ids, most often the ones merged last (typing
		// on in one field): looked for from the end.
		for _, id := range b {
			if !hasFromEnd(a, id) {
				a = append(a, id)
			}
		}
		return a
	}
	// Many ids, from many changes merged (a whole session's flows): by set.
	seen := make(map[string]bool, len(a)+len(b))
	for _, id := range a {
		seen[id] = true
	}
	for _, id := range b {
		if !seen[id] {
			seen[id] = true
			a = append(a, id)
		}
	}
	return a
}

func hasFromEnd(list []string, id string) bool {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] == id {
			return true
		}
	}
	return false
}
