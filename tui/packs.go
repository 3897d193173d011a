package tui

import (
	"fmt"
	"strings"
	"sync"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/pack"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The session's question pack as the screens meet it: the guiding
// questions of the walkthrough, the risks offered when one is added, the
// rule settings of the summary and exports, and the pack picked in the
// session's details.

// builtinPacks is the library an app given none works with.
var builtinPacks = sync.OnceValue(func() *pack.Library { return pack.Load() })

// questionPack is the pack the session is walked with: the one it
// records, read from the document each time so an undo brings it back too,
// or the default when this laptop does not have it.
func (w *workspace) questionPack() *pack.Pack {
	lib := w.packs
	if lib == nil {
		lib = builtinPacks()
	}
	return lib.Find(w.doc.Pack)
}

// rules are the pack's rule settings, for the summary and exports.
func (w *workspace) rules() map[string]model.RuleSetting { return w.questionPack().Rules }

// setPack walks the session with another pack from now on; its answers stay
// as they are, only the questions change.
func (w *workspace) setPack(p *pack.Pack) {
	if p == nil || (w.doc.Pack != nil && *w.doc.Pack == p.Ref()) {
		return
	}
	c := model.Change{What: "the session's question pack", Parts: model.PartDecided}
	if !w.take("session:pack", c) {
		return
	}
	w.remember(c.What, "session:pack", partDecided, "")
	ref := p.Ref()
	w.doc.Pack = &ref
	w.changed(c)
}

// packField is the session details' choice of pack, among those loaded.
func packField(lib *pack.Library) model.Field {
	f := model.Field{Key: "pack", Label: "Question pack", Kind: model.FieldChoice}
	for _, p := range lib.Packs() {
		f.Choices = append(f.Choices, model.Choice{Value: p.ID, Meaning: fmt.Sprintf("%s %s, %s", p.Name, p.Version, p.From)})
	}
	return f
}

// packOptions lists the packs to pick from, with no "not answered": a
// session always has one.
func packOptions(f model.Field) []option {
	out := make([]option, 0, len(f.Choices))
	for _, c := range f.Choices {
		out = append(out, option{value: c.Value, label: c.Value, meaning: c.Meaning})
	}
	return out
}

// sessionDetails are the session details form's fields, the pack among
// them, and how each reads from the open session.
func sessionDetails(ws *workspace, lib *pack.Library) ([]model.Field, []string) {
	fields := append(append([]model.Field{}, model.SessionDetailFields...), packField(lib))
	return fields, valuesOf(fields, func(k string) string {
		if k == "pack" {
			return ws.questionPack().ID
		}
		return ws.doc.Session.Get(k)
	})
}

// riskSuggestions are the risks the pack offers as one is added, at the
// step where r was pressed; at is the one picked, -1 for none.
type riskSuggestions struct {
	prompts []pack.RiskPrompt
	at      int
}

var (
	suggestNext = key.NewBinding(key.WithKeys("down", "ctrl+n"))
	suggestPrev = key.NewBinding(key.WithKeys("up", "ctrl+p"))
)

// offered reports whether the suggestions are on screen: while the new
// risk's title is being typed and is still empty.
func (m walkModel) offered() bool {
	return m.suggest != nil && len(m.suggest.prompts) > 0 && m.risk != nil && m.risk.editing &&
		m.risk.focus == 0 && strings.TrimSpace(m.risk.ed.value()) == ""
}

// suggestKey moves through the suggestions or takes one; it reports
// whether the key was theirs.
func (m *walkModel) suggestKey(km tea.KeyMsg) bool {
	if !m.offered() {
		return false
	}
	s := m.suggest
	switch {
	case key.Matches(km, suggestNext):
		s.at = min(s.at+1, len(s.prompts)-1)
	case key.Matches(km, suggestPrev):
		s.at = max(s.at-1, -1)
	case km.Type == tea.KeyEnter && s.at >= 0:
		p := s.prompts[s.at]
		for _, kv := range [][2]string{{"title", p.Title}, {"impact", fmt.Sprint(p.Impact)}, {"likelihood", fmt.Sprint(p.Likelihood)}} {
			m.setRiskValue(kv[0], kv[1])
		}
		m.suggest = nil
		m.risk.startEditing() // the title, to adjust or take with enter
	default:
		return false
	}
	return true
}

// setRiskValue writes one field of the risk being edited, in the form and
// the session, as riskEdits says: the impact with its flags, a flag only
// where it agrees with the impact.
func (m *walkModel) setRiskValue(k, v string) {
	applyRiskEdit(m.risk, m.current().Failure.Risks[m.riskIdx], k, v, func(k, v string) {
		m.ws.setRiskField(m.flow, m.riskIdx, k, v)
	})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// suggestionLines draw the suggestions under the new risk's form.
func (m walkModel) suggestionLines() []string {
	if !m.offered() {
		return nil
	}
	st := m.c.Styles
	out := []string{st.Header.Render("Suggested risks") + st.Muted.Render(" · ↓/↑ pick one, enter takes it, or type your own")}
	for i, p := range m.suggest.prompts {
		score := p.Impact * p.Likelihood
		sev := review.SeverityOf(score)
		mark := "  "
		if i == m.suggest.at {
			mark = "> "
		}
		row := mark + st.Severity[sev].Render(fmt.Sprintf("[%2d %-8s]", score, sev)) + " " + line(st.client(p.Title), m.width-16)
		if i == m.suggest.at {
			row = st.Selected.Render(pad(row, m.width))
		}
		out = append(out, row)
	}
	return out
}
