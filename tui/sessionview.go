package tui

import (
	"fmt"
	"strconv"
	"strings"

	"archreview/model"
)

// The session screen as it is drawn: its title, tabs and the lists of
// flows, systems and open questions. Nothing here changes the model.

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
	case m.form != nil:
		body = strings.Split(m.form.view(m.c), "\n")
	case m.tab == tabFlows:
		body = m.flowsView()
	case m.tab == tabSystems:
		body = m.systemsView()
	case m.tab == tabQuestions:
		body = m.questionsView()
	case m.tab == tabDomains:
		body = m.domainsView()
	case m.tab == tabRegister:
		body = m.registerView()
	case m.tab == tabSummary:
		body = m.summary.view(m.c, m.width)
	}
	if m.confirm != nil {
		body = append([]string{
			st.Bad.Render(line(st.clientQuoted("Delete "+m.confirm.what+"?"), m.width)),
			"y delete · n keep it", "",
		}, body...)
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

func (m sessionModel) tabsView() string {
	st := m.c.Styles
	var parts []string
	for i, name := range tabNames {
		label := name
		switch sessionTab(i) {
		case tabFlows:
			label += " " + strconv.Itoa(len(m.ws.doc.Flows))
		case tabSystems:
			label += " " + strconv.Itoa(len(m.ws.doc.Systems))
		case tabQuestions:
			label += " " + strconv.Itoa(len(m.ws.doc.OpenQuestions))
		case tabRegister:
			label += " " + strconv.Itoa(m.ws.riskCount())
			if sum := m.register.sum; sum != nil && m.register.rev == m.ws.rev && sum.Triage.ToConfirm > 0 {
				label += " +" + strconv.Itoa(sum.Triage.ToConfirm) + "?"
			}
		}
		if sessionTab(i) == m.tab {
			parts = append(parts, st.TabActive.Render("[ "+label+" ]"))
		} else {
			parts = append(parts, st.Tab.Render(" "+label+" "))
		}
	}
	return strings.Join(parts, " ") + "\n" + st.Rule.Render(strings.Repeat("─", m.width))
}

// stepMarks shows a flow's four steps as done or not, readable without colour.
func stepMarks(f *model.Flow) string {
	var b strings.Builder
	for _, s := range model.Steps {
		if f.StepDone(s) {
			b.WriteString("●")
		} else {
			b.WriteString("○")
		}
	}
	return b.String()
}

// tabRows is a tab's column header and the rows of its list in view.
func (m sessionModel) tabRows(t sessionTab, header string, row func(i int) string) []string {
	return append([]string{m.c.Styles.Muted.Render(header)}, drawRows(m.c.Styles, m.lists[t], m.width, row)...)
}

func (m sessionModel) flowsView() []string {
	doc := m.ws.doc
	if len(doc.Flows) == 0 {
		return []string{"", "No flows yet. Press a to add the first one: orders to the ERP is a good start.",
			"", m.c.Styles.Muted.Render("Add the systems as you go, or list them first on the Systems tab.")}
	}
	// Name and route share what the fixed columns leave, the route a little
	// more because it holds two system names.
	free := m.width - 2 - 10 - 13 - 5 - 4
	nameW := free * 9 / 20
	routeW := free - nameW
	header := "  " + pad("FLOW", nameW) + " " + pad("DOMAIN", 10) + " " + pad("FROM → TO", routeW) + " " + pad("PATTERN", 13) + " STEPS"
	return m.tabRows(tabFlows, header, func(i int) string {
		f := &doc.Flows[i]
		route := m.c.Styles.client(doc.SystemName(f.From) + " → " + doc.SystemName(f.To))
		return pad(line(m.c.Styles.client(f.Name), nameW), nameW) + " " + pad(line(f.Domain, 10), 10) + " " +
			pad(line(route, routeW), routeW) + " " + pad(line(orDash(string(f.Contract.Pattern)), 13), 13) + " " + stepMarks(f)
	})
}

func (m sessionModel) systemsView() []string {
	doc := m.ws.doc
	if len(doc.Systems) == 0 {
		return []string{"", "No systems yet. Press a to add one: the storefront, the ERP, the iPaaS,",
			"and the file drops and spreadsheets nobody wrote down."}
	}
	nameW := m.width - 2 - 18 - 12 - 3
	header := "  " + pad("SYSTEM", nameW) + " " + pad("KIND", 18) + " USED BY"
	return m.tabRows(tabSystems, header, func(i int) string {
		s := doc.Systems[i]
		used := m.ws.usage(s.ID)
		return pad(line(m.c.Styles.client(s.Name), nameW), nameW) + " " + pad(line(orDash(string(s.Kind)), 18), 18) + " " + plural(used, "flow")
	})
}

func (m sessionModel) questionsView() []string {
	doc := m.ws.doc
	if len(doc.OpenQuestions) == 0 {
		return []string{"", "No open questions. Press o during a walkthrough to park one, or a here."}
	}
	askW := 20
	flowW := 22
	qW := m.width - 2 - askW - flowW - 3 - 8
	header := "  " + pad("QUESTION", qW) + " " + pad("ASK", askW) + " " + pad("FLOW", flowW) + " ANSWERED"
	return m.tabRows(tabQuestions, header, func(i int) string {
		q := doc.OpenQuestions[i]
		where := "session"
		if fi := m.ws.flowIndex(q.Flow); fi >= 0 {
			where = doc.Flows[fi].Name
			if q.Step != "" {
				where += " · " + q.Step
			}
		}
		answered := "   no"
		if strings.TrimSpace(q.Answer) != "" {
			answered = "  yes"
		}
		return pad(line(m.c.Styles.client(q.Question), qW), qW) + " " + pad(line(orDash(m.c.Styles.client(q.Ask)), askW), askW) + " " + pad(line(where, flowW), flowW) + " " + answered
	})
}
