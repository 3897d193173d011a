package tui

import (
	"fmt"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Search across the open session: / in the session screen finds every
// answer (each step's text, choices and systems, the facilitator's private
// notes outside presenter mode), risks, open questions, the domains'
// decisions and the systems by any text in them, whatever the case; enter
// goes to where the match is, esc closes.

// searchHit is one place the search found, and how to go there.
type searchHit struct {
	label string
	tab   tabID // the tab that lists it
	index int   // its row on that tab (a flow, system or question)
	// walk says going there walks flow index, and at where in it the match
	// is, for an answer or a risk of the flow.
	walk bool
	at   *walkPlace
	// riskID and domain name the session risk or the domain the match is
	// in, whose rows the tab lays out from the summary; details is the key
	// of a session detail (its notes, its client).
	riskID, domain, details string
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
	in.Placeholder = "a word from any name, answer, risk, question or decision"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return &search{input: in}
}

// snippetWidth is how much of a matching text a hit shows around the match.
const snippetWidth = 48

// findHits lists every place that holds q, in document order: each step
// answer, risk and decision where it matches, so enter goes to that field.
// Private notes are searched only when presenter is off, since the room
// never sees them.
func findHits(doc *model.Document, q string, presenter bool) []searchHit {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	var hits []searchHit
	match := func(text string) (string, bool) {
		lower := strings.ToLower(text)
		at := strings.Index(lower, q)
		if at < 0 {
			return "", false
		}
		if len(lower) != len(text) {
			at = 0 // case folding moved the bytes: show the text's start
		}
		return snippet(text, at, len(q)), true
	}
	for fi := range doc.Flows {
		f := &doc.Flows[fi]
		name := f.Name
		if s, ok := match(f.Name + " " + f.Domain); ok {
			hits = append(hits, searchHit{label: hitLabel("flow", name, s), tab: tabFlows, index: fi, walk: true})
		}
		for _, st := range model.Steps {
			for _, fd := range model.StepFields(st) {
				if fd.Private && presenter {
					continue
				}
				if s, ok := match(answerText(doc, fd, f.Get(st, fd.Key))); ok {
					hits = append(hits, searchHit{
						label: hitLabel("answer", fd.Label+" · "+name, s),
						tab:   tabFlows, index: fi, walk: true, at: &walkPlace{step: st, field: fd.Key, risk: -1},
					})
				}
			}
		}
		for ri := range f.Failure.Risks {
			if s, ok := match(riskText(&f.Failure.Risks[ri])); ok {
				hits = append(hits, searchHit{
					label: hitLabel("risk", f.Failure.Risks[ri].Title+" · "+name, s),
					tab:   tabFlows, index: fi, walk: true, at: &walkPlace{step: model.StepFailure, risk: ri},
				})
			}
		}
	}
	for i := range doc.Risks {
		if s, ok := match(riskText(&doc.Risks[i])); ok {
			hits = append(hits, searchHit{label: hitLabel("risk", doc.Risks[i].Title, s), tab: tabRegister, riskID: doc.Risks[i].ID})
		}
	}
	for i, q := range doc.OpenQuestions {
		if s, ok := match(strings.Join(append([]string{q.Question, q.Ask, q.Answer, q.Recommendation}, q.Options...), " · ")); ok {
			hits = append(hits, searchHit{label: hitLabel("question", q.Question, s), tab: tabQuestions, index: i})
		}
	}
	for _, dd := range doc.Domains {
		text := dd.Rationale + " · " + dd.DecidedBy + " · " + dd.Ask + " · " + displayValue(doc, model.DecisionFields[0], dd.SourceOfTruth)
		if s, ok := match(text); ok {
			hits = append(hits, searchHit{label: hitLabel("decision", dd.Name, s), tab: tabDomains, domain: dd.Name})
		}
	}
	for i, sys := range doc.Systems {
		if s, ok := match(sys.Name + " · " + string(sys.Kind) + " · " + sys.Notes); ok {
			hits = append(hits, searchHit{label: hitLabel("system", sys.Name, s), tab: tabSystems, index: i})
		}
	}
	// The session's own details come last: they are the least looked for.
	for _, fd := range model.SessionDetailFields {
		if fd.Kind != model.FieldLine && fd.Kind != model.FieldText {
			continue
		}
		if s, ok := match(doc.Session.Get(fd.Key)); ok {
			hits = append(hits, searchHit{label: hitLabel("session", fd.Label, s), tab: tabFlows, details: fd.Key})
		}
	}
	return hits
}

// hitWhere is how much of where a match is its line shows, so the text
// that matched still fits after it.
const hitWhere = 32

// hitLabel is a match's line: what it is, where, and the text around it.
func hitLabel(kind, where, snippet string) string {
	w := []rune(strings.Join(strings.Fields(where), " "))
	if len(w) > hitWhere {
		w = append(w[:hitWhere-1], '…')
	}
	return fmt.Sprintf("%-9s%s · %s", kind, string(w), snippet)
}

// answerText is an answer as the room reads it: systems by name, a choice
// with what it means.
func answerText(doc *model.Document, fd model.Field, v string) string {
	if fd.Kind == model.FieldChoice || fd.Kind == model.FieldSystem || fd.Kind == model.FieldSystems {
		return displayValue(doc, fd, v)
	}
	return v
}

func riskText(r *model.Risk) string {
	return strings.Join([]string{r.Title, r.Fix, r.Owner, r.Ticket}, " · ")
}

// snippet is about snippetWidth runes of text around the match at byte at,
// on one line.
func snippet(text string, at, n int) string {
	start, end := at, min(at+n, len(text))
	runes := 0
	for start > 0 && runes < snippetWidth/6 {
		start--
		for start > 0 && !isRuneStart(text[start]) {
			start--
		}
		runes++
	}
	for end < len(text) && runes < snippetWidth {
		end++
		for end < len(text) && !isRuneStart(text[end]) {
			end++
		}
		runes++
	}
	s := strings.Join(strings.Fields(text[start:end]), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// updateSearch runs a key through the search: text narrows it (j and k are
// text here), the arrows move, enter goes to the match, esc closes.
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
		return m.goToHit(s.hits[s.list.cursor])
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
		s.query, s.hits = q, findHits(m.ws.doc, q, m.c.Presenter)
		s.list = scrollList{}
	}
	return m, cmd
}

// goToHit closes the search where the match is: the session's details on
// its field, or the tab that lists it on its row (walking the flow, for a
// match in a flow).
func (m sessionModel) goToHit(h searchHit) (sessionModel, tea.Cmd) {
	m.search = nil
	if h.details != "" {
		m.show(h.tab)
		m.openDetails(h.details)
		return m, nil
	}
	return m, m.goTo(h)
}

func (m sessionModel) searchView() []string {
	s, st := m.search, m.c.Styles
	count := "type to search answers, risks, questions, decisions and systems"
	switch {
	case s.query == "":
	case len(s.hits) == 1:
		count = "1 match"
	default:
		count = fmt.Sprintf("%d matches", len(s.hits))
	}
	out := []string{s.input.View(), st.Muted.Render(line(count+" · enter goes there · esc closes", m.width))}
	return append(out, drawRows(st, s.list, m.width, func(i int) string {
		return line(st.client(s.hits[i].label), m.width-2)
	})...)
}

// searchRows is how many matches fit under the prompt and its count.
func (m sessionModel) searchRows() int { return m.height - sessionHeaderLines - 2 }
