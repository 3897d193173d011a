package tui

import (
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The Conflicts view: what two facilitators' copies changed differently,
// left in the session by a merge. It opens with the session while any
// remain; each shows the base, ours and theirs, and o, t or b keeps ours,
// theirs or both (texts joined). C opens it again.

var conflictKeys = struct {
	Ours, Theirs, Both, Open key.Binding
}{
	Ours:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "keep ours")),
	Theirs: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "keep theirs")),
	Both:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "keep both")),
	Open:   key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "merge conflicts")),
}

// resolveConflict settles conflict i of the session, as review.Resolve
// does, remembered for undo and saved like any edit.
func (w *workspace) resolveConflict(i int, choice string) error {
	if i < 0 || i >= len(w.doc.Conflicts) {
		return nil
	}
	flowID := conflictFlow(w.doc.Conflicts[i].Path)
	d, err := review.Resolve(w.doc, i, choice)
	if err != nil {
		return err
	}
	parts := partSession | partSystems | partQuestions | partDecided | partFlows
	if flowID != "" {
		parts |= partFlow
	}
	// The whole document is remembered and written, as the settled value
	// may be anywhere in it.
	c := model.Change{What: "resolving a merge conflict", Kind: model.ChangeResolve,
		Parts: model.PartSession | model.PartSystems | model.PartQuestions | model.PartDecided | model.PartOrder}
	if flowID != "" {
		c.Parts, c.Flows = c.Parts|model.PartFlows, []string{flowID}
	}
	w.remember(c.What, "", parts, flowID)
	*w.doc = *d
	w.compact = true
	w.changed(c)
	return nil
}

// conflictFlow is the id of the flow a conflict's path is in, or "".
func conflictFlow(path string) string {
	rest, ok := strings.CutPrefix(path, "flows[")
	if !ok {
		return ""
	}
	id, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return ""
	}
	s, _ := strconv.Unquote(id)
	return s
}

// settleConflicts words the session's conflicts again when it changed
// since: a path and JSON text become the room's words (review.ConflictReader),
// once a revision, so a frame only draws them.
func (m *sessionModel) settleConflicts() {
	if m.conflictTexts != nil && m.conflictsRev == m.ws.rev {
		return
	}
	r := review.NewConflictReader(m.ws.doc)
	m.conflictTexts = make([]review.ConflictText, len(m.ws.doc.Conflicts))
	for i, c := range m.ws.doc.Conflicts {
		m.conflictTexts[i] = r.Describe(c)
	}
	m.conflictsRev = m.ws.rev
}

func (m sessionModel) updateConflicts(km tea.KeyMsg) sessionModel {
	l := m.conflicts
	choice := ""
	switch {
	case km.Type == tea.KeyEsc:
		m.conflicts = nil
		return m
	case key.Matches(km, conflictKeys.Ours):
		choice = review.KeepOurs
	case key.Matches(km, conflictKeys.Theirs):
		choice = review.KeepTheirs
	case key.Matches(km, conflictKeys.Both):
		choice = review.KeepBoth
	default:
		l.move(km)
		return m
	}
	if err := m.ws.resolveConflict(l.cursor, choice); err != nil {
		m.c.flash("! " + err.Error())
		return m
	}
	if len(m.ws.doc.Conflicts) == 0 {
		m.conflicts = nil
		m.c.flash("Every merge conflict is resolved.")
	}
	return m
}

func (m sessionModel) conflictsView() []string {
	st, texts := m.c.Styles, m.conflictTexts
	out := []string{st.Warn.Render(line(plural(len(texts), "merge conflict")+
		" to resolve: the session keeps ours until you choose · o ours · t theirs · b both · esc later", m.width))}
	rows := *m.conflicts
	out = append(out, drawRows(st, rows, m.width, func(i int) string {
		return line(st.client(texts[i].Place), m.width-2)
	})...)
	if c := rows.cursor; c < len(texts) {
		show := func(label, v string) string {
			return line(label+" "+st.client(model.Printable(v, false)), m.width)
		}
		k := texts[c]
		out = append(out, "")
		// A merge from a kept fingerprint, or two ways, knows no base text.
		if k.Base != "" {
			out = append(out, show("base:  ", k.Base))
		}
		out = append(out, show("ours:  ", k.Ours), show("theirs:", k.Theirs))
	}
	return out
}

// conflictHelp is the help bar while the Conflicts view is open.
type conflictHelp struct{}

func (conflictHelp) ShortHelp() []key.Binding {
	return []key.Binding{conflictKeys.Ours, conflictKeys.Theirs, conflictKeys.Both, globalKeyMap.Down, globalKeyMap.Up}
}

func (h conflictHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
