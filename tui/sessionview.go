package tui

import (
	"fmt"
	"strings"
)

// The session screen as it is drawn: its title, facts and tab bar, the
// active tab's body (or the form, prompt or view open over it) under them.
// Nothing here changes the model.

func (m sessionModel) view() string {
	if m.ws == nil {
		return ""
	}
	st := m.c.Styles
	doc := m.ws.doc
	s := doc.Session
	facts := []string{}
	for _, f := range []string{s.Client, s.Date, s.Facilitator} {
		if strings.TrimSpace(f) != "" {
			facts = append(facts, f)
		}
	}
	done, total := m.ws.progress()
	title := st.Title.Render(line(st.client(s.Name), m.width/2))
	right := st.Muted.Render(fmt.Sprintf("%s %d/%d steps", progressBar(done, total, 10), done, total))
	factLine := st.Muted.Render(line(strings.Join(facts, " · "), m.width))
	if n := len(doc.Conflicts); n > 0 {
		warn := " ! " + plural(n, "merge conflict") + " · C"
		factLine = spread(st.Muted.Render(line(strings.Join(facts, " · "), m.width-len(warn)-1)), st.Warn.Render(warn), m.width)
	}
	lines := []string{spread(title, right, m.width), factLine}
	lines = append(lines, strings.Split(m.tabsView(), "\n")...)
	bodyH := m.height - len(lines)
	var body []string
	switch {
	case m.links != nil:
		body = m.links.view()
	case m.form != nil:
		body = strings.Split(m.form.view(m.c), "\n")
	default:
		body = m.current().view()
	}
	if m.ask != nil {
		body = append(deletePrompt(st, m.ask.what, m.width), body...)
	}
	if m.search != nil {
		body = m.searchView()
	}
	if m.conflicts != nil {
		body = m.conflictsView()
	}
	if m.merged != nil {
		body = m.mergeSummaryView()
	}
	if m.export != nil {
		body = append([]string{
			m.export.View(),
			st.Muted.Render("enter writes the decision pack as JSON and Markdown there · esc cancels"), "",
		}, body...)
	}
	return strings.Join(append(lines, fitLines(body, bodyH)...), "\n")
}

// tabsView is the bar: every tab's label, the active one bracketed so it
// reads without colour, over a rule.
func (m sessionModel) tabsView() string {
	st := m.c.Styles
	parts := make([]string, len(m.tabs))
	for i, t := range m.tabs {
		if i == m.active {
			parts[i] = st.TabActive.Render("[ " + t.label() + " ]")
		} else {
			parts[i] = st.Tab.Render(" " + t.label() + " ")
		}
	}
	return strings.Join(parts, " ") + "\n" + st.Rule.Render(strings.Repeat("─", m.width))
}
