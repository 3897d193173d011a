package tui

import (
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The merge summary: before the conflicts, what a merge brought in. A
// session opens on it after import --merge (once: leaving it marks the
// note read) and whenever it still holds merge conflicts; enter goes on to
// resolve them, esc to the session.

var mergeSummaryKeys = struct{ Resolve, Later key.Binding }{
	Resolve: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "resolve the conflicts")),
	Later:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "later")),
}

// shownNoted is how many records of each side the summary names.
const shownNoted = 5

// mergeSummary is what the view shows, worked out as the session opens so
// that drawing it looks nothing up.
type mergeSummary struct {
	noted        bool // the merge left a note (import --merge), not only conflicts
	theirs, ours mergeSideRows
	conflicts    int
}

// mergeSideRows is one side's count and the records it names.
type mergeSideRows struct {
	counts string
	rows   []notedRow
	more   int
}

type notedRow struct{ kind, name, where string }

func newMergeSummary(d *model.Document) *mergeSummary {
	s := &mergeSummary{conflicts: len(d.Conflicts)}
	if d.MergeNote == nil {
		return s
	}
	s.noted = true
	names := recordNames(d)
	side := func(ms model.MergeSide) mergeSideRows {
		var out mergeSideRows
		var parts []string
		for _, c := range []struct {
			n    int
			noun string
		}{{ms.Systems, "system"}, {ms.Flows, "flow"}, {ms.Risks, "risk"}, {ms.Questions, "open question"}, {ms.Domains, "domain decision"}} {
			if c.n > 0 {
				parts = append(parts, plural(c.n, c.noun))
			}
		}
		out.counts = "nothing"
		if len(parts) > 0 {
			out.counts = strings.Join(parts, ", ")
		}
		for _, r := range ms.Named {
			if n, ok := names[r.Kind+"\x00"+r.ID]; ok && len(out.rows) < shownNoted {
				out.rows = append(out.rows, n)
			}
		}
		out.more = ms.Total() - len(out.rows)
		return out
	}
	s.theirs, s.ours = side(d.MergeNote.Theirs), side(d.MergeNote.Ours)
	return s
}

// recordNames names the records a merge note can name, by kind and id, as
// people know them: a flow by its name, a risk by its title and flow.
func recordNames(d *model.Document) map[string]notedRow {
	out := map[string]notedRow{}
	put := func(kind, id, name, where string) {
		out[kind+"\x00"+id] = notedRow{kind: kind, name: name, where: where}
	}
	for _, s := range d.Systems {
		put(model.NotedSystem, s.ID, s.Name, string(s.Kind))
	}
	for _, f := range d.Flows {
		put(model.NotedFlow, f.ID, f.Name, d.SystemName(f.From)+" → "+d.SystemName(f.To))
		for _, r := range f.Failure.Risks {
			put(model.NotedRisk, r.ID, r.Title, f.Name)
		}
	}
	for _, r := range d.Risks {
		put(model.NotedRisk, r.ID, r.Title, "the session")
	}
	for _, q := range d.OpenQuestions {
		ask := ""
		if strings.TrimSpace(q.Ask) != "" {
			ask = "ask " + q.Ask
		}
		put(model.NotedQuestion, q.ID, q.Question, ask)
	}
	for _, dd := range d.Domains {
		put(model.NotedDomain, strings.ToLower(strings.TrimSpace(dd.Name)), dd.Name, d.SystemName(dd.SourceOfTruth))
	}
	return out
}

// updateMergeSummary leaves the summary: enter for the conflicts, if any,
// esc for the session. Either way the note has been read.
func (m sessionModel) updateMergeSummary(km tea.KeyMsg) sessionModel {
	switch {
	case key.Matches(km, mergeSummaryKeys.Resolve):
		if len(m.ws.doc.Conflicts) > 0 {
			m.conflicts = &scrollList{}
		}
	case key.Matches(km, mergeSummaryKeys.Later):
		if n := len(m.ws.doc.Conflicts); n > 0 {
			m.c.flash(plural(n, "merge conflict") + " left for later: C resolves them.")
		}
	default:
		return m
	}
	m.merged = nil
	m.ws.readMergeNote()
	return m
}

func (m sessionModel) mergeSummaryView() []string {
	st, s := m.c.Styles, m.merged
	out := []string{st.Header.Render(line("What the merge brought in", m.width)), ""}
	if s.noted {
		for _, side := range []struct {
			who  string
			rows mergeSideRows
		}{{"Only theirs had: ", s.theirs}, {"Only ours had: ", s.ours}} {
			out = append(out, line(side.who+side.rows.counts, m.width))
			for _, r := range side.rows.rows {
				text := pad(r.kind, 10) + r.name
				if r.where != "" {
					text += " · " + r.where
				}
				out = append(out, "  "+line(st.client(text), m.width-2))
			}
			if side.rows.more > 0 && len(side.rows.rows) > 0 {
				out = append(out, st.Muted.Render("  and "+plural(side.rows.more, "more")))
			}
			out = append(out, "")
		}
	} else {
		out = append(out, line("This session was merged outside this database (by git, then imported):", m.width),
			line("what each side added is in the repository's history.", m.width), "")
	}
	next := "enter or esc goes on to the session"
	switch s.conflicts {
	case 0:
		out = append(out, line("No conflicts: every change merged.", m.width))
	default:
		out = append(out, st.Warn.Render(line(plural(s.conflicts, "merge conflict")+" to resolve: the session keeps ours until you choose.", m.width)))
		next = "enter resolves them · esc later (C comes back to them)"
	}
	return append(out, "", st.Muted.Render(line(next, m.width)))
}

// mergeSummaryHelp is the help bar while the merge summary is open.
type mergeSummaryHelp struct{ conflicts bool }

func (h mergeSummaryHelp) ShortHelp() []key.Binding {
	if !h.conflicts {
		on := key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", "go on to the session"))
		return []key.Binding{on}
	}
	return []key.Binding{mergeSummaryKeys.Resolve, mergeSummaryKeys.Later}
}

func (h mergeSummaryHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// readMergeNote marks the last merge's note read: it goes, saved like any
// change to the session, but it is no answer of the room's, so there is
// nothing to undo.
func (w *workspace) readMergeNote() {
	if w.doc.MergeNote == nil {
		return
	}
	w.doc.MergeNote = nil
	w.changed(model.Change{What: "reading the merge note", Parts: model.PartDecided})
}
