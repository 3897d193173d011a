package tui

import (
	"strconv"
	"strings"

	"archreview/model"
	"archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
)

// The Domains tab is the source-of-truth map with the room's decisions: each
// domain's status and system, with enter to record (or change) which system
// the room decided owns it, why and who decided, and x to take a decision
// back. Every flow's claim stays listed as the evidence.

// domainRows is the map the tab lists: the summary's rows.
func (m sessionModel) domainRows() []review.DomainSource {
	if m.register.sum == nil {
		return nil
	}
	return m.register.sum.SourceOfTruth
}

func (m sessionModel) domainsView() []string {
	st := m.c.Styles
	rows := m.domainRows()
	if len(rows) == 0 {
		return nil
	}
	sysW := 26
	claimW := m.width - 2 - 12 - 9 - sysW - 3
	header := "  " + pad("DOMAIN", 12) + " " + pad("STATUS", 9) + " " + pad("SOURCE OF TRUTH", sysW) + " CLAIMS"
	out := m.tabRows(tabDomains, header, func(i int) string {
		d := rows[i]
		return pad(line(d.Domain, 12), 12) + " " + pad(d.Status, 9) + " " + pad(line(st.client(orDash(d.SystemName)), sysW), sysW) + " " +
			line(st.client(claimSummary(d.Claims)), claimW)
	})
	out = append(out, "")
	if c := m.lists[tabDomains].cursor; c < len(rows) {
		d := rows[c]
		switch d.Status {
		case review.StatusDecided:
			out = append(out, line("Decided by "+st.client(orDash(d.DecidedBy))+": "+st.client(orDash(d.Rationale)), m.width))
		case review.StatusParked:
			due := ""
			if d.Due != "" {
				due = " by " + d.Due
			}
			out = append(out, line("Parked: "+st.client(orDash(d.Ask))+" decides"+due+" · "+st.client(orDash(d.Rationale)), m.width))
		}
		for _, cl := range d.Claims[:min(len(d.Claims), 3)] {
			out = append(out, line("  "+st.client(cl.FlowName)+" says "+st.client(cl.SystemName), m.width))
		}
	}
	return append(out, st.Muted.Render("enter record the room's decision · o park it with who decides · x take it back"))
}

// parkKey parks the domain under the cursor: the room cannot decide, and
// asks someone who can, by a date.
var parkKey = key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "park: who decides"))

// recorded reports whether the room recorded anything for the domain that x
// can take back: a decision (of a system, or of unknown), or a parking.
func recorded(d review.DomainSource, ws *workspace) bool { return ws.decisionOf(d.Domain) >= 0 }

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

// openDecision opens the decision form on the domain under the cursor, or
// with park the form that parks it; either opens on its first field.
func (m *sessionModel) openDecision(park bool) {
	rows := m.domainRows()
	c := m.lists[tabDomains].cursor
	if c >= len(rows) {
		return
	}
	d := model.DomainDecision{Name: rows[c].Domain}
	if i := m.ws.decisionOf(d.Name); i >= 0 {
		d = m.ws.doc.Domains[i]
	}
	title, fields := "Decision: who owns "+model.Printable(d.Name, false)+" data", model.DecisionFields
	if park {
		title, fields = "Park "+model.Printable(d.Name, false)+": who decides, and by when", model.ParkFields
	}
	f := newForm(title, fields, valuesOf(fields, d.Get), false, m.ws.doc, m.c.Presenter)
	f.setSize(m.width, m.height-4)
	m.form, m.editingID, m.parking = &f, d.Name, park
}

// decisionFromForm is the decision the open form describes: the domain's
// decision as recorded, with the form's fields. Deciding a parked domain
// ends its parking; parking one keeps the system the room leaned to.
func (m sessionModel) decisionFromForm() model.DomainDecision {
	d := model.DomainDecision{Name: m.editingID}
	if i := m.ws.decisionOf(m.editingID); i >= 0 {
		d = m.ws.doc.Domains[i]
	}
	for i, fd := range m.form.fields {
		d.Set(fd.Key, m.form.values[i])
	}
	if m.parking {
		d.Status = model.DomainParked
	} else {
		d.Status, d.Ask, d.Due = "", "", ""
	}
	return d
}

// domainsHelp is the session's keys on the Domains tab, parking among them.
type domainsHelp struct{ k sessionKeys }

func (h domainsHelp) ShortHelp() []key.Binding {
	k := h.k
	return []key.Binding{k.Open, parkKey, k.Delete, k.Tab, k.Summary, k.Export, k.Present, k.Back, k.Help}
}

func (h domainsHelp) FullHelp() [][]key.Binding {
	full := h.k.FullHelp()
	full[1] = append(full[1], parkKey)
	return full
}
