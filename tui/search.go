package tui

import (
	"fmt"
	"strings"

	"archreview/model"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Search across the open session: / in the session screen finds flows,
// systems, risks and open questions by any text in them (names and answers),
// whatever the case; enter opens what is under the cursor, esc closes.

// searchHit is one thing the search found, and where to open it.
type searchHit struct {
	kind  model.PlaceKind // a flow's (its answers and risks), a system's or a question's
	index int             // of the flow, system or question
	label string
}

type search struct {
	input textinput.Model
	query string
	hits  []searchHit
	list  scrollList
}

var searchKey = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search"))

func newSearch() *search {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "a word from any name or answer"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return &search{input: in}
}

// findHits lists what holds q: each flow once (the first of its answers or
// risks that does), each system and each question.
func findHits(doc *model.Document, q string) []searchHit {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	var hits []searchHit
	seen := map[[2]int]bool{}
	model.WalkText(doc, func(at model.TextPlace, text *string) {
		if !strings.Contains(strings.ToLower(*text), q) {
			return
		}
		var h searchHit
		if at.Kind == model.PlaceRisk && at.Flow < 0 {
			return // a risk of no single flow is on the summary tab
		}
		switch at.Kind {
		case model.PlaceFlow, model.PlaceRisk:
			f := &doc.Flows[at.Flow]
			where := "its " + strings.ReplaceAll(at.Key, "_", " ")
			if at.Kind == model.PlaceRisk {
				where = "the risk " + f.Failure.Risks[at.Index].Title
			}
			h = searchHit{kind: model.PlaceFlow, index: at.Flow, label: "flow     " + f.Name + " — " + where}
		case model.PlaceSystem:
			h = searchHit{kind: model.PlaceSystem, index: at.Index, label: "system   " + doc.Systems[at.Index].Name}
		case model.PlaceQuestion:
			h = searchHit{kind: model.PlaceQuestion, index: at.Index, label: "question " + doc.OpenQuestions[at.Index].Question}
		default:
			return
		}
		if k := [2]int{int(h.kind), h.index}; !seen[k] {
			seen[k] = true
			hits = append(hits, h)
		}
	})
	return hits
}

// updateSearch runs a key through the search: text narrows it (j and k are
// text here), the arrows move, enter opens the match, esc closes.
func (m sessionModel) updateSearch(km tea.KeyMsg) (sessionModel, tea.Cmd) {
	s := m.search
	switch {
	case km.Type == tea.KeyEsc:
		m.search = nil
		return m, nil
	case km.Type == tea.KeyEnter:
		if len(s.hits) == 0 {
			return m, nil
		}
		h := s.hits[s.list.cursor]
		m.search = nil
		switch h.kind {
		case model.PlaceFlow:
			m.tab, m.lists[tabFlows].cursor = tabFlows, h.index
			i := h.index
			return m, func() tea.Msg { return walkMsg{flow: i} }
		case model.PlaceSystem:
			m.tab, m.lists[tabSystems].cursor = tabSystems, h.index
		case model.PlaceQuestion:
			m.tab, m.lists[tabQuestions].cursor = tabQuestions, h.index
		}
		return m, nil
	case key.Matches(km, editKeyMap.ChoiceUp):
		s.list.cursor = max(s.list.cursor-1, 0)
		return m, nil
	case key.Matches(km, editKeyMap.ChoiceDown):
		s.list.cursor = min(s.list.cursor+1, max(len(s.hits)-1, 0))
		return m, nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(km)
	if q := s.input.Value(); q != s.query {
		s.query, s.hits = q, findHits(m.ws.doc, q)
		s.list = scrollList{}
	}
	return m, cmd
}

func (m sessionModel) searchView() []string {
	s, st := m.search, m.c.Styles
	count := "type to search flows, their answers and risks, systems and questions"
	switch {
	case s.query == "":
	case len(s.hits) == 1:
		count = "1 match"
	default:
		count = fmt.Sprintf("%d matches", len(s.hits))
	}
	out := []string{s.input.View(), st.Muted.Render(line(count+" · enter opens · esc closes", m.width))}
	return append(out, drawRows(st, s.list, m.width, func(i int) string {
		return line(st.client(s.hits[i].label), m.width-2)
	})...)
}

// searchRows is how many matches fit under the prompt and its count.
func (m sessionModel) searchRows() int { return m.height - sessionHeaderLines - 2 }
