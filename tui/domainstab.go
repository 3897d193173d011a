package tui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The Domains tab is the source-of-truth map with the room's decisions: each
// domain's status and system, with enter to record (or change) which system
// the room decided owns it, why and who decided, o to park it with who
// decides, x to take a decision back, and l to link what backs it (a
// decision record, the mapping sheet). Every flow's claim stays listed as
// the evidence the flows give.

const tabDomains tabID = "domains"

type domainsKeys struct{ Open, Park, Delete, Link key.Binding }

var domainsKeyMap = domainsKeys{
	Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "decide")),
	// Park: the room cannot decide, and asks someone who can, by a date.
	Park:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "park: who decides")),
	Delete: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "take back")),
	Link:   linkKey,
}

type domainsTab struct {
	listTab
	// reg lays out the summary the map is read from: the Register tab's,
	// so the bar's count of findings to confirm is as current here as there.
	reg *registerTab
	// editing is the domain the form is on; parking says that form parks it.
	editing string
	parking bool
	// focus is a domain the cursor goes to once the rows are laid out: a
	// search's match.
	focus string
}

func newDomainsTab(c *Common, ws *workspace, reg *registerTab) *domainsTab {
	return &domainsTab{listTab: listTab{c: c, ws: ws}, reg: reg}
}

func (t *domainsTab) id() tabID     { return tabDomains }
func (t *domainsTab) label() string { return "Domains" }

func (t *domainsTab) ShortHelp() []key.Binding {
	k := domainsKeyMap
	return []key.Binding{k.Open, k.Park, k.Delete, k.Link}
}

func (t *domainsTab) FullHelp() [][]key.Binding {
	return [][]key.Binding{listMoves(), t.ShortHelp()}
}

// rows is the map the tab lists: the summary's rows.
func (t *domainsTab) rows() []review.DomainSource {
	if t.reg.sum == nil {
		return nil
	}
	return t.reg.sum.SourceOfTruth
}

func (t *domainsTab) settle(f tabFrame) {
	if f.active {
		t.reg.layOut()
		if t.focus != "" {
			if i := slices.IndexFunc(t.rows(), func(r review.DomainSource) bool { return strings.EqualFold(r.Domain, strings.TrimSpace(t.focus)) }); i >= 0 {
				t.list.cursor = i
			}
			t.focus = ""
		}
	}
	t.fit(len(t.rows()), f, 7) // the row's detail below: what was recorded, its links, claims, keys
}

func (t *domainsTab) goTo(h searchHit) tea.Cmd {
	t.focus = h.domain
	return nil
}

func (t *domainsTab) update(km tea.KeyMsg) tabReply {
	k := domainsKeyMap
	switch {
	case t.list.move(km):
	case key.Matches(km, k.Open):
		return t.openDecision(false)
	case key.Matches(km, k.Park):
		return t.openDecision(true)
	case key.Matches(km, k.Delete):
		if rows, c := t.rows(), t.list.cursor; c < len(rows) && t.ws.decisionOf(rows[c].Domain) >= 0 {
			domain := rows[c].Domain
			what := "what the room recorded on " + domain
			if n := model.EvidenceCount(t.ws.doc.Domains[t.ws.decisionOf(domain)].Evidence); n != "" {
				what += " and its " + n
			}
			return tabReply{ask: &pendingDelete{what: what, yes: func() { t.ws.dropDecision(domain) }}}
		}
	case key.Matches(km, k.Link):
		return t.openLinks()
	}
	return tabReply{}
}

// openLinks opens the evidence form on the decision under the cursor; a
// domain the room has neither decided nor parked has nothing to back yet.
func (t *domainsTab) openLinks() tabReply {
	rows, c := t.rows(), t.list.cursor
	if c >= len(rows) {
		return tabReply{}
	}
	if t.ws.decisionOf(rows[c].Domain) < 0 {
		t.c.flash("! Decide " + rows[c].Domain + " (enter) or park it (o) first: a link backs what the room recorded.")
		return tabReply{}
	}
	return tabReply{links: newLinkPanel(t.c, t.ws.doc, t.ws.decisionLinks(rows[c].Domain), t.width, t.height)}
}

// openDecision opens the decision form on the domain under the cursor, or
// with park the form that parks it; either opens on its first field.
func (t *domainsTab) openDecision(park bool) tabReply {
	rows := t.rows()
	c := t.list.cursor
	if c >= len(rows) {
		return tabReply{}
	}
	d := model.DomainDecision{Name: rows[c].Domain}
	if i := t.ws.decisionOf(d.Name); i >= 0 {
		d = t.ws.doc.Domains[i]
	}
	title, fields := "Decision: who owns "+model.Printable(d.Name, false)+" data", model.DecisionFields
	if park {
		title, fields = "Park "+model.Printable(d.Name, false)+": who decides, and by when", model.ParkFields
	}
	t.editing, t.parking = d.Name, park
	return tabReply{form: t.form(newForm(title, fields, valuesOf(fields, d.Get), false, t.ws.doc, t.c.Presenter)), owner: t}
}

// changed records the decision, or the parking, as the form now says.
func (t *domainsTab) changed(f *form, k, v string) {
	if p := model.ParkFieldProblem(k, v); t.parking && p != "" {
		f.err = p + "; the last one stays until it is fixed"
		return
	}
	d := t.decisionFrom(f)
	if n := model.EvidenceCount(d.Evidence); n != "" && d.SourceOfTruth == "" && !d.Parked() {
		// A decision naming no system is none, and would take its links
		// with it unasked.
		f.err = "the decision holds " + n + "; x on the domain takes it back with them, or name a system"
		return
	}
	f.err = ""
	t.ws.setDecision(d)
}

// decisionFrom is the decision the form describes: the domain's decision as
// recorded, with the form's fields. Deciding a parked domain ends its
// parking; parking one keeps the system the room leaned to.
func (t *domainsTab) decisionFrom(f *form) model.DomainDecision {
	d := model.DomainDecision{Name: t.editing}
	if i := t.ws.decisionOf(t.editing); i >= 0 {
		d = t.ws.doc.Domains[i]
	}
	for i, fd := range f.fields {
		d.Set(fd.Key, f.values[i])
	}
	if t.parking {
		d.Status = model.DomainParked
	} else {
		d.Status, d.Ask, d.Due = "", "", ""
	}
	return d
}

func (t *domainsTab) create(map[string]string) string { return "" }
func (t *domainsTab) closed()                         {}

func (t *domainsTab) view() []string {
	st := t.c.Styles
	rows := t.rows()
	if len(rows) == 0 {
		return nil
	}
	sysW := 26
	claimW := t.width - 2 - 12 - 9 - sysW - 3
	header := "  " + pad("DOMAIN", 12) + " " + pad("STATUS", 9) + " " + pad("SOURCE OF TRUTH", sysW) + " CLAIMS"
	out := t.listTab.rows(header, func(i int) string {
		d := rows[i]
		return pad(line(d.Domain, 12), 12) + " " + pad(d.Status, 9) + " " + pad(line(st.client(orDash(d.SystemName)), sysW), sysW) + " " +
			line(st.client(claimSummary(d.Claims)), claimW)
	})
	out = append(out, "")
	if c := t.list.cursor; c < len(rows) {
		d := rows[c]
		switch d.Status {
		case review.StatusDecided:
			out = append(out, line("Decided by "+st.client(orDash(d.DecidedBy))+": "+st.client(orDash(d.Rationale)), t.width))
		case review.StatusParked:
			due := ""
			if d.Due != "" {
				due = " by " + d.Due
			}
			out = append(out, line("Parked: "+st.client(orDash(d.Ask))+" decides"+due+" · "+st.client(orDash(d.Rationale)), t.width))
		}
		if i := t.ws.decisionOf(d.Domain); i >= 0 {
			out = append(out, st.Muted.Render(evidenceLine(t.ws.doc.Domains[i].Evidence)))
		}
		for _, cl := range d.Claims[:min(len(d.Claims), 3)] {
			out = append(out, line("  "+st.client(cl.FlowName)+" says "+st.client(cl.SystemName), t.width))
		}
	}
	return append(out, st.Muted.Render("enter record the room's decision · o park it with who decides · x take it back"))
}

// claimSummary counts which systems the flows name: "2 say ERP, 1 says WMS".
func claimSummary(claims []review.Claim) string {
	var order []string
	n := map[string]int{}
	for _, c := range claims {
		if n[c.SystemName] == 0 {
			order = append(order, c.SystemName)
		}
		n[c.SystemName]++
	}
	parts := make([]string, len(order))
	for i, s := range order {
		verb := " say "
		if n[s] == 1 {
			verb = " says "
		}
		parts[i] = strconv.Itoa(n[s]) + verb + s
	}
	if len(parts) == 0 {
		return "no flow names one"
	}
	return strings.Join(parts, ", ")
}
