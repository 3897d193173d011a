package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"archreview/model"
	"archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// The Register tab is where the room owns its register: the ranked risks,
// then the rules' findings still to confirm, then those it covered or
// dismissed. On a finding the facilitator accepts it (a risk with the
// suggested score), merges it into a risk already there, dismisses it with
// a reason, or reopens it; on a risk, edits or deletes it.

var registerKeys = struct {
	Accept, Merge, Dismiss, Reopen, New key.Binding
}{
	Accept:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept")),
	Merge:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "merge into a risk")),
	Dismiss: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dismiss")),
	Reopen:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reopen")),
	New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new session risk")),
}

// registerRow is one row of the tab: a register entry (risk >= 0) or a
// finding (finding >= 0), by index in the summary.
type registerRow struct{ risk, finding int }

type registerTab struct {
	rev  uint64
	sum  *review.Summary
	rows []registerRow
	// focus is a risk id the cursor goes to once the rows are laid out
	// again: the risk a finding was just accepted as.
	focus string
	// merge picks the risk a finding, or the risk mergeFrom, merges into:
	// its cursor runs over mergeRows, indices in sum.Risks. dismiss takes
	// the reason a finding is set aside.
	merge     *scrollList
	mergeRows []int
	mergeFrom string
	mergeWhat string // what the picker merges, for its header
	dismiss   *textinput.Model
	key       string // the finding merge or dismiss is about
	// merged says, by risk id, what merges left on a risk: the other
	// flows it is about and how many risks went into it.
	merged map[string]mergedInfo
}

// mergedInfo is what the register's detail says of a merged risk.
type mergedInfo struct {
	flows  []string // names
	merged int
}

// findingOrder lists findings to confirm first, worst first, then those
// covered, then those dismissed.
func findingOrder(fs []review.Finding) []int {
	rank := map[string]int{review.FindingOpen: 0, review.FindingCovered: 1, review.FindingDismissed: 2}
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(rank[fs[a].Status], rank[fs[b].Status]); c != 0 {
			return c
		}
		return cmp.Compare(fs[b].Score, fs[a].Score)
	})
	return idx
}

// settle lays the rows out again when the answers changed since, and puts
// the cursor on a risk just accepted.
func (t *registerTab) settle(ws *workspace, l *scrollList) {
	if t.sum == nil || t.rev != ws.rev {
		t.sum, t.rev = ws.currentSummary(), ws.rev
		t.rows = t.rows[:0]
		for i := range t.sum.Risks {
			t.rows = append(t.rows, registerRow{risk: i, finding: -1})
		}
		for _, i := range findingOrder(t.sum.Findings) {
			t.rows = append(t.rows, registerRow{risk: -1, finding: i})
		}
		t.merged = mergedRisks(ws.doc)
	}
	if t.focus != "" {
		if i := slices.IndexFunc(t.rows, func(r registerRow) bool { return r.risk >= 0 && t.sum.Risks[r.risk].ID == t.focus }); i >= 0 {
			l.cursor = i
		}
		t.focus = ""
	}
}

// mergedRisks finds what merges left on the session's risks, once a
// revision, so the detail a frame draws reads it and searches nothing.
func mergedRisks(d *model.Document) map[string]mergedInfo {
	out := map[string]mergedInfo{}
	note := func(r *model.Risk) {
		if len(r.Flows) == 0 && len(r.Merged) == 0 {
			return
		}
		info := mergedInfo{merged: len(r.Merged)}
		for _, id := range r.Flows {
			name := id
			if i := d.FlowIndex(id); i >= 0 {
				name = d.Flows[i].Name
			}
			info.flows = append(info.flows, name)
		}
		out[r.ID] = info
	}
	for i := range d.Flows {
		for j := range d.Flows[i].Failure.Risks {
			note(&d.Flows[i].Failure.Risks[j])
		}
	}
	for i := range d.Risks {
		note(&d.Risks[i])
	}
	return out
}

func (t *registerTab) at(i int) (*review.RegisterEntry, *review.Finding) {
	if i < 0 || i >= len(t.rows) {
		return nil, nil
	}
	if r := t.rows[i]; r.risk >= 0 {
		return &t.sum.Risks[r.risk], nil
	}
	return nil, &t.sum.Findings[t.rows[i].finding]
}

// updateRegister runs a key on the Register tab; handled is false for the
// keys the session handles as on every tab.
func (m sessionModel) updateRegister(km tea.KeyMsg) (sessionModel, bool) {
	t := &m.register
	switch {
	case t.dismiss != nil:
		switch km.Type {
		case tea.KeyEsc:
			t.dismiss = nil
		case tea.KeyEnter:
			reason := strings.TrimSpace(t.dismiss.Value())
			if reason == "" {
				m.c.flash("! Say why the room dismisses it; the pack lists the reason.")
				break
			}
			m.ws.dismissFinding(t.key, reason)
			t.dismiss = nil
		default:
			ti, _ := t.dismiss.Update(km)
			t.dismiss = &ti
		}
		return m, true
	case t.merge != nil:
		switch {
		case km.Type == tea.KeyEsc:
			t.merge = nil
		case km.Type == tea.KeyEnter:
			if c := t.merge.cursor; c < len(t.mergeRows) {
				m.mergeInto(&t.sum.Risks[t.mergeRows[c]])
			}
			t.merge = nil
		default:
			t.merge.move(km)
		}
		return m, true
	}
	risk, finding := t.at(m.lists[tabRegister].cursor)
	switch {
	case key.Matches(km, registerKeys.New):
		r := model.Risk{ID: model.NewID(), Impact: 3, Likelihood: 3, Horizon: model.HorizonImmediate, Status: model.RiskOpen}
		m.ws.addSessionRisk(r)
		m.openRegisterRisk(r, true)
	case risk != nil && key.Matches(km, m.keys.Open):
		if list, _, ri := m.ws.risksOf(risk.ID); ri >= 0 {
			m.openRegisterRisk((*list)[ri], false)
		}
	case risk != nil && key.Matches(km, m.keys.Delete):
		m.confirm = &confirmation{what: "the risk " + strconv.Quote(risk.Title), id: risk.ID}
	case risk != nil && key.Matches(km, registerKeys.Merge):
		if len(t.sum.Risks) < 2 {
			m.c.flash("! The register has no other risk to merge it into.")
			break
		}
		m.pickMergeTarget("", risk.ID)
	case finding == nil:
		return m, key.Matches(km, registerKeys.Accept, registerKeys.Merge, registerKeys.Dismiss, registerKeys.Reopen)
	case key.Matches(km, registerKeys.Reopen):
		if finding.Status == review.FindingOpen {
			m.c.flash("That finding is still to confirm: a accepts, m merges, d dismisses.")
			break
		}
		m.ws.reopenFinding(finding.Key)
	case finding.Status != review.FindingOpen && key.Matches(km, registerKeys.Accept, registerKeys.Merge, registerKeys.Dismiss):
		m.c.flash("The room has triaged that finding; r reopens it.")
	case key.Matches(km, registerKeys.Accept):
		t.focus = m.ws.acceptFinding(*finding)
		if finding.Rule == review.RuleDuplicateRisk {
			m.c.flash("Merged into one risk with both titles, both flows and the higher score; u undoes.")
			break
		}
		m.c.flash("Accepted as a risk with the suggested score; enter edits it.")
	case finding.Rule == review.RuleDuplicateRisk && key.Matches(km, registerKeys.Merge):
		m.c.flash("a merges the two risks into one; d dismisses them as two failures.")
	case key.Matches(km, registerKeys.Merge):
		if len(t.sum.Risks) == 0 {
			m.c.flash("! The register has no risk to merge it into yet; a accepts it as one.")
			break
		}
		m.pickMergeTarget(finding.Key, "")
	case key.Matches(km, registerKeys.Dismiss):
		ti := textinput.New()
		ti.Prompt = "Dismissed because: "
		ti.CharLimit = 500
		ti.Width = max(m.width-len(ti.Prompt)-2, 10)
		ti.Focus()
		t.dismiss, t.key = &ti, finding.Key
	default:
		return m, false
	}
	return m, true
}

// pickMergeTarget opens the picker of the risk a finding (key) or a risk
// (from) merges into: every risk of the register but from itself.
func (m *sessionModel) pickMergeTarget(key, from string) {
	t := &m.register
	t.mergeRows, t.mergeWhat = t.mergeRows[:0], "the finding"
	for i := range t.sum.Risks {
		if r := &t.sum.Risks[i]; r.ID != from {
			t.mergeRows = append(t.mergeRows, i)
		} else {
			t.mergeWhat = strconv.Quote(r.Title)
		}
	}
	t.merge, t.key, t.mergeFrom = &scrollList{}, key, from
	t.merge.fit(len(t.mergeRows), m.listRows()-3)
}

// mergeInto merges what the picker was opened for into the risk picked.
func (m *sessionModel) mergeInto(target *review.RegisterEntry) {
	t := &m.register
	if t.mergeFrom == "" {
		m.ws.mergeFinding(t.key, target.ID)
		m.c.flash("Merged into " + target.Title + ".")
		return
	}
	if err := m.ws.mergeRisks(target.ID, t.mergeFrom); err != nil {
		m.c.flash("! " + err.Error())
		return
	}
	t.focus = target.ID
	m.c.flash("Merged into " + target.Title + ": it keeps its score and both titles; u undoes.")
}

// openRegisterRisk opens the risk form on a risk of the register.
func (m *sessionModel) openRegisterRisk(r model.Risk, editTitle bool) {
	f := newForm("Risk", model.RiskFields, valuesOf(model.RiskFields, r.Get), false, m.ws.doc, m.c.Presenter)
	f.setSize(m.width, m.height-4)
	if editTitle {
		f.startEditing()
	}
	m.form, m.editingID = &f, r.ID
}

// registerView draws the tab: its counts, the rows in view, and what the
// row under the cursor says in full.
func (m sessionModel) registerView() []string {
	t, st := &m.register, m.c.Styles
	if t.sum == nil {
		return nil
	}
	c := t.sum.Triage
	counts := strconv.Itoa(c.Register) + " in the register · " + strconv.Itoa(c.ToConfirm) + " findings to confirm · " +
		strconv.Itoa(c.Covered) + " covered · " + strconv.Itoa(c.Dismissed) + " dismissed"
	if t.merge != nil {
		out := []string{st.Header.Render(line("Merge "+st.client(t.mergeWhat)+" into which risk? enter merges · esc cancels", m.width))}
		return append(out, drawRows(st, *t.merge, m.width, func(i int) string { return m.riskRow(&t.sum.Risks[t.mergeRows[i]]) })...)
	}
	out := []string{st.Muted.Render(line(counts, m.width))}
	if t.dismiss != nil {
		out[0] = t.dismiss.View() // enter dismisses · esc keeps it to confirm
	}
	if len(t.rows) == 0 {
		return append(out, "", "Nothing yet: risks the room raises and the rules' findings are listed here.")
	}
	titleW := m.width - 2 - 15 - 18 - 14 - 3
	out = append(out, st.Muted.Render("  "+pad("#  SCORE", 15)+pad("RISK OR FINDING", titleW)+" "+pad("WHERE", 18)+" STATUS"))
	out = append(out, drawRows(st, m.lists[tabRegister], m.width, func(i int) string {
		if r, f := t.at(i); r != nil {
			return m.riskRow(r)
		} else {
			return m.findingRow(f, titleW)
		}
	})...)
	out = append(out, "")
	return append(out, m.registerDetail()...)
}

func (m sessionModel) riskRow(r *review.RegisterEntry) string {
	st := m.c.Styles
	titleW := m.width - 2 - 15 - 18 - 14 - 3
	tag := pad(strconv.Itoa(r.Rank), 3) + pad(strconv.Itoa(r.Score)+" "+r.Severity, 12)
	status := string(r.Status)
	if r.Ticket != "" {
		status += " " + r.Ticket
	}
	return st.Severity[r.Severity].Render(tag) + pad(line(st.client(r.Title), titleW), titleW) + " " +
		pad(line(st.client(where(r.FlowName, r.Domain)), 18), 18) + " " + line(st.client(status), 14)
}

func (m sessionModel) findingRow(f *review.Finding, titleW int) string {
	st := m.c.Styles
	mark, status := "?", "to confirm"
	switch f.Status {
	case review.FindingCovered:
		mark, status = "✓", "covered"
	case review.FindingDismissed:
		mark, status = "✗", "dismissed"
	}
	tag := pad(mark, 3) + pad(strconv.Itoa(f.Score)+" "+f.Severity, 12)
	return st.Muted.Render(tag) + pad(line(st.client(f.Title), titleW), titleW) + " " +
		pad(line(st.client(where(f.FlowName, f.Domain)), 18), 18) + " " + status
}

// registerDetail is what the row under the cursor says in full, and the
// keys that act on it.
func (m sessionModel) registerDetail() []string {
	st := m.c.Styles
	r, f := m.register.at(m.lists[tabRegister].cursor)
	switch {
	case r != nil:
		covers := ""
		if len(r.Covers) > 0 {
			covers = " · covers " + strings.Join(r.Covers, ", ")
		}
		if info, ok := m.register.merged[r.ID]; ok {
			if len(info.flows) > 0 {
				covers += " · also on " + st.client(strings.Join(info.flows, ", "))
			}
			if info.merged > 0 {
				covers += " · " + plural(info.merged, "risk") + " merged in"
			}
		}
		return []string{
			line("Fix: "+st.client(orDash(r.Fix)), m.width),
			line("Owner: "+st.client(orDash(r.Owner))+covers, m.width),
			st.Muted.Render(line("enter edit (status, ticket, score) · m merge · x delete · n new session risk", m.width)),
		}
	case f != nil:
		next := line("Suggested fix: "+st.client(f.Fix), m.width)
		keys := "a accept · m merge into a risk · d dismiss"
		if f.Rule == review.RuleDuplicateRisk {
			next, keys = line(st.client(f.Fix), m.width), "a merge the two · d dismiss"
		}
		switch f.Status {
		case review.FindingCovered:
			next, keys = line("Covered by risk "+f.CoveredBy, m.width), "r reopen"
		case review.FindingDismissed:
			next, keys = line("Dismissed: "+st.client(f.Reason), m.width), "r reopen"
		}
		return []string{line(st.client(f.Message), m.width), next, st.Muted.Render(f.Key + " · " + keys)}
	}
	return nil
}

// where names a register entry's flow, or its domain when it has none.
func where(flowName, domain string) string {
	switch {
	case flowName != "":
		return flowName
	case domain != "":
		return "domain " + domain
	}
	return "the session"
}

// registerHelp is the help bar on the Register tab: the triage keys first.
type registerHelp struct{ k sessionKeys }

func (h registerHelp) ShortHelp() []key.Binding {
	h.k.Open.SetHelp("enter", "edit risk")
	return []key.Binding{registerKeys.Accept, registerKeys.Merge, registerKeys.Dismiss, registerKeys.Reopen, h.k.Open, h.k.Tab, h.k.Back}
}

func (h registerHelp) FullHelp() [][]key.Binding {
	return append([][]key.Binding{{registerKeys.Accept, registerKeys.Merge, registerKeys.Dismiss, registerKeys.Reopen, registerKeys.New}}, h.k.FullHelp()...)
}
