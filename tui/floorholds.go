package tui

import (
	"strconv"

	"github.com/archreview/archreview/model"
)

// Who changes the open session, when several people share it (floor.go).
// Each participant has an undo history of its own, and the workspace keeps
// three things so that nothing one of them typed is overwritten silently by
// another:
//
//   - a field being typed into is held by its typist: another participant's
//     write into it is refused, naming the holder;
//   - a field another participant changed, or a list another participant
//     added to or took from, since a participant's field was opened, is not
//     written from that field: what it shows is out of date;
//   - an undo or redo of a change whose parts another participant changed
//     since is refused, since putting the parts back would take their
//     change out with it.
//
// With one participant (the app alone) none of this is consulted.

// participant is one of the people sharing the open session.
type participant struct {
	name     string
	readOnly bool
	hist     *history
	// hold is the field (an undo group) the participant is typing into,
	// "" while no field is open; since is the revision before its field
	// opened.
	hold  string
	since uint64
	// refused says why the participant's last write was not made, until
	// its app has said so.
	refused string
}

// mark is a participant's change to a field or a part, at a revision.
type mark struct {
	by  *participant
	rev uint64
}

// floorState is what the workspace keeps of its participants.
type floorState struct {
	all []*participant
	// fields is the last write into each field (undo group); parts the
	// last change to each part that was not a field's edit (an addition,
	// a deletion, an undo), by the keys of changeKeys.
	fields map[string]mark
	parts  map[string]mark
}

// act makes p the participant whose changes follow; the floor calls it
// before each of p's updates.
func (w *workspace) act(p *participant) {
	if w.floor == nil {
		w.floor = &floorState{fields: map[string]mark{}, parts: map[string]mark{}}
	}
	w.actor = p
	w.history = p.hist
}

// join adds a participant to the session's floor.
func (w *workspace) join(p *participant) {
	if w.floor == nil {
		w.floor = &floorState{fields: map[string]mark{}, parts: map[string]mark{}}
	}
	w.floor.all = append(w.floor.all, p)
}

// leave takes a participant off the floor: what it held is free.
func (w *workspace) leave(p *participant) {
	if w.floor == nil {
		return
	}
	for i, q := range w.floor.all {
		if q == p {
			w.floor.all = append(w.floor.all[:i:i], w.floor.all[i+1:]...)
			break
		}
	}
}

// take reports whether the participant acting may write c into the field
// group, and holds the field for it if so; if not, the participant's
// refused says why.
func (w *workspace) take(group string, c model.Change) bool {
	p := w.actor
	if p == nil || w.floor == nil {
		return true
	}
	if p.readOnly {
		p.refused = "You follow this session read-only: nothing you type is written."
		return false
	}
	for _, q := range w.floor.all {
		if q != p && q.hold == group {
			p.refused = q.name + " is editing this; it is theirs until they close it."
			return false
		}
	}
	if m, ok := w.floor.fields[group]; ok && m.by != p && m.rev > p.since {
		p.refused = m.by.name + " changed this since you opened it: close it (esc) and open it again to see their text."
		return false
	}
	keys := changeKeys(c)
	if c.Touches(model.PartFlows) {
		keys = append(keys, partKey(model.PartOrder))
	}
	for _, k := range keys {
		if m, ok := w.floor.parts[k]; ok && m.by != p && m.rev > p.since {
			p.refused = m.by.name + " changed this part of the session since you opened it (an addition, a deletion, an undo): close it (esc) and open it again."
			return false
		}
	}
	p.hold = group
	w.floor.fields[group] = mark{by: p, rev: w.rev + 1}
	return true
}

// noted follows change c, made as revision rev, on the floor: a change
// that is not a field's edit marks its parts, and every other
// participant's history learns that c's parts changed under it.
func (w *workspace) noted(c model.Change) {
	if w.floor == nil || w.actor == nil {
		return
	}
	keys := changeKeys(c)
	if len(c.Fields) == 0 || c.Kind != model.ChangeEdit {
		// Not one field's edit: an addition, a deletion, an undo, an
		// import may have changed any field of these parts.
		for _, k := range keys {
			w.floor.parts[k] = mark{by: w.actor, rev: w.rev}
		}
	}
	for _, q := range w.floor.all {
		if q != w.actor {
			q.hist.changedBy(w.actor, w.rev, keys)
		}
	}
}

// changeKeys names the parts a change touched: a key a part, and a key a
// flow ("f*" for every flow).
func changeKeys(c model.Change) []string {
	var keys []string
	for p := model.PartSession; p <= model.PartFlows; p <<= 1 {
		if p != model.PartFlows && c.Touches(p) {
			keys = append(keys, partKey(p))
		}
	}
	if c.Touches(model.PartFlows) {
		if len(c.Flows) == 0 {
			keys = append(keys, "f*")
		}
		for _, id := range c.Flows {
			keys = append(keys, "f"+id)
		}
	}
	return keys
}

func partKey(p model.Parts) string { return "p" + strconv.Itoa(int(p)) }

// changedBy notes that another participant changed the parts keys at rev:
// typing on in a field is a change of its own from now on, and an undo of
// an older change to those parts is refused (clash).
func (h *history) changedBy(by *participant, rev uint64, keys []string) {
	if h.others == nil {
		h.others = map[string]mark{}
	}
	for _, k := range keys {
		h.others[k] = mark{by: by, rev: rev}
	}
	h.group = ""
}

// clash is who changed the parts of c after it was made, or nil.
func (h *history) clash(c change) *participant {
	if len(h.others) == 0 {
		return nil
	}
	keys := changeKeys(c.touched)
	if c.before.parts&partFlows != 0 {
		keys = append(keys, partKey(model.PartOrder))
	}
	for _, k := range keys {
		if m, ok := h.others[k]; ok && m.rev > c.rev {
			return m.by
		}
		if k[0] == 'f' {
			if m, ok := h.others["f*"]; ok && m.rev > c.rev {
				return m.by
			}
		}
	}
	if c.touched.Touches(model.PartFlows) && len(c.touched.Flows) == 0 {
		for k, m := range h.others {
			if k[0] == 'f' && m.rev > c.rev {
				return m.by
			}
		}
	}
	return nil
}
