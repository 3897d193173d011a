package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// The Register tab is where the room owns its register: the ranked risks,
// then the rules' findings still to confirm, then those it covered or
// dismissed. On a finding the facilitator accepts it (a risk with the
// suggested score), merges it into a risk already there, dismisses it with
// a reason, or reopens it; on a risk, edits or deletes it.

const tabRegister tabID = "register"

type registerKeys struct {
	Accept, Merge, Dismiss, Reopen, New, Open, Delete key.Binding
	Link                                              key.Binding
}

var registerKeyMap = registerKeys{
	Accept:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept")),
	Merge:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "merge into a risk")),
	Dismiss: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dismiss")),
	Reopen:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reopen")),
	New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new session risk")),
	Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit risk")),
	Delete:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete risk")),
	Link:    linkKey,
}

// registerRow is one row of the tab: a register entry (risk >= 0) or a
// finding (finding >= 0), by index in the summary.
type registerRow struct{ risk, finding int }

type registerTab struct {
	listTab
	rev  uint64
	sum  *review.Summary
	rows []registerRow
	// caseAt is where each register entry's line is in the business case
	// (its open risks, in register order), -1 for a closed one.
	caseAt []int
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
	// editing is the risk the form is on.
	editing string
}

func newRegisterTab(c *Common, ws *workspace) *registerTab {
	return &registerTab{listTab: listTab{c: c, ws: ws}}
}

func (t *registerTab) id() tabID { return tabRegister }

// label counts the register, and the findings to confirm while the rows
// laid out are the answers' as they are.
func (t *registerTab) label() string {
	label := "Register " + strconv.Itoa(t.ws.riskCount())
	if t.sum != nil && t.rev == t.ws.rev && t.sum.Triage.ToConfirm > 0 {
		label += " +" + strconv.Itoa(t.sum.Triage.ToConfirm) + "?"
	}
	return label
}

// ShortHelp puts the triage keys first: the findings are what the room
// works through here.
func (t *registerTab) ShortHelp() []key.Binding {
	k := registerKeyMap
	return []key.Binding{k.Accept, k.Merge, k.Dismiss, k.Reopen, k.Open}
}

func (t *registerTab) FullHelp() [][]key.Binding {
	k := registerKeyMap
	return [][]key.Binding{listMoves(), {k.Accept, k.Merge, k.Dismiss, k.Reopen, k.Open, k.Delete, k.New, k.Link}}
}

func (t *registerTab) capturing() bool { return t.dismiss != nil || t.merge != nil }

func (t *registerTab) typing() typingKind {
	if t.dismiss != nil {
		return typingLine
	}
	return typingNone
}

func (t *registerTab) goTo(h searchHit) tea.Cmd {
	t.focus = h.riskID
	return nil
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

// settle lays the rows out while the tab is shown, puts the cursor on a
// risk just accepted, and fits the list.
func (t *registerTab) settle(f tabFrame) {
	if f.active {
		t.layOut()
		if t.focus != "" {
			if i := slices.IndexFunc(t.rows, func(r registerRow) bool { return r.risk >= 0 && t.sum.Risks[r.risk].ID == t.focus }); i >= 0 {
				t.list.cursor = i
			}
			t.focus = ""
		}
	}
	t.fit(len(t.rows), f, 5) // counts above, the row's detail below
}

// layOut lays the rows out again when the answers changed since.
func (t *registerTab) layOut() {
	ws := t.ws
	if t.sum == nil || t.rev != ws.rev {
		t.sum, t.rev = ws.currentSummary(), ws.rev
		t.rows = t.rows[:0]
		t.caseAt = t.caseAt[:0]
		open := 0
		for i := range t.sum.Risks {
			t.rows = append(t.rows, registerRow{risk: i, finding: -1})
			at := -1
			if !t.sum.Risks[i].Status.Closed() {
				at, open = open, open+1
			}
			t.caseAt = append(t.caseAt, at)
		}
		for _, i := range findingOrder(t.sum.Findings) {
			t.rows = append(t.rows, registerRow{risk: -1, finding: i})
		}
		t.merged = mergedRisks(ws.doc)
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

// update runs a key on the Register tab: the dismissal's reason or the
// merge picker while one is open, else the triage keys on a finding and the
// edit keys on a risk.
func (t *registerTab) update(km tea.KeyMsg) tabReply {
	k := registerKeyMap
	switch {
	case t.dismiss != nil:
		switch km.Type {
		case tea.KeyEsc:
			t.dismiss = nil
		case tea.KeyEnter:
			reason := strings.TrimSpace(t.dismiss.Value())
			if reason == "" {
				t.c.flash("! Say why the room dismisses it; the pack lists the reason.")
				break
			}
			t.ws.dismissFinding(t.key, reason)
			t.dismiss = nil
		default:
			ti, _ := t.dismiss.Update(km)
			t.dismiss = &ti
		}
		return tabReply{}
	case t.merge != nil:
		switch {
		case km.Type == tea.KeyEsc:
			t.merge = nil
		case km.Type == tea.KeyEnter:
			if c := t.merge.cursor; c < len(t.mergeRows) {
				t.mergeInto(&t.sum.Risks[t.mergeRows[c]])
			}
			t.merge = nil
		default:
			t.merge.move(km)
		}
		return tabReply{}
	}
	risk, finding := t.at(t.list.cursor)
	switch {
	case t.list.move(km):
	case key.Matches(km, k.New):
		r := model.Risk{ID: model.NewID(), Impact: 3, Likelihood: 3, Horizon: model.HorizonImmediate, Status: model.RiskOpen}
		t.ws.addSessionRisk(r)
		return t.openRisk(r, true)
	case risk != nil && key.Matches(km, k.Open):
		if list, _, ri := t.ws.risksOf(risk.ID); ri >= 0 {
			return t.openRisk((*list)[ri], false)
		}
	case risk != nil && key.Matches(km, k.Link):
		return tabReply{links: newLinkPanel(t.c, t.ws.doc, t.ws.riskLinks(risk.ID, risk.Title), t.width, t.height)}
	case risk != nil && key.Matches(km, k.Delete):
		id := risk.ID
		return tabReply{ask: &pendingDelete{what: "the risk " + strconv.Quote(risk.Title), yes: func() { t.ws.deleteRegisterRisk(id) }}}
	case risk != nil && key.Matches(km, k.Merge):
		if len(t.sum.Risks) < 2 {
			t.c.flash("! The register has no other risk to merge it into.")
			break
		}
		t.pickMergeTarget("", risk.ID)
	case finding == nil:
	case key.Matches(km, k.Reopen):
		if finding.Status == review.FindingOpen {
			t.c.flash("That finding is still to confirm: a accepts, m merges, d dismisses.")
			break
		}
		t.ws.reopenFinding(finding.Key)
	case finding.Status != review.FindingOpen && key.Matches(km, k.Accept, k.Merge, k.Dismiss):
		t.c.flash("The room has triaged that finding; r reopens it.")
	case key.Matches(km, k.Accept):
		t.focus = t.ws.acceptFinding(*finding)
		if finding.Rule == review.RuleDuplicateRisk {
			t.c.flash("Merged into one risk with both titles, both flows and the higher score; u undoes.")
			break
		}
		t.c.flash("Accepted as a risk with the suggested score; enter edits it.")
	case finding.Rule == review.RuleDuplicateRisk && key.Matches(km, k.Merge):
		t.c.flash("a merges the two risks into one; d dismisses them as two failures.")
	case key.Matches(km, k.Merge):
		if len(t.sum.Risks) == 0 {
			t.c.flash("! The register has no risk to merge it into yet; a accepts it as one.")
			break
		}
		t.pickMergeTarget(finding.Key, "")
	case key.Matches(km, k.Dismiss):
		ti := textinput.New()
		ti.Prompt = "Dismissed because: "
		ti.CharLimit = 500
		ti.Width = max(t.width-len(ti.Prompt)-2, 10)
		ti.Focus()
		t.dismiss, t.key = &ti, finding.Key
	}
	return tabReply{}
}

// pickMergeTarget opens the picker of the risk a finding (key) or a risk
// (from) merges into: every risk of the register but from itself.
func (t *registerTab) pickMergeTarget(key, from string) {
	t.mergeRows, t.mergeWhat = t.mergeRows[:0], "the finding"
	for i := range t.sum.Risks {
		if r := &t.sum.Risks[i]; r.ID != from {
			t.mergeRows = append(t.mergeRows, i)
		} else {
			t.mergeWhat = strconv.Quote(r.Title)
		}
	}
	t.merge, t.key, t.mergeFrom = &scrollList{}, key, from
	t.merge.fit(len(t.mergeRows), t.height-1-3) // under the picker's question
}

// mergeInto merges what the picker was opened for into the risk picked.
func (t *registerTab) mergeInto(target *review.RegisterEntry) {
	if t.mergeFrom == "" {
		t.ws.mergeFinding(t.key, target.ID)
		t.c.flash("Merged into " + target.Title + ".")
		return
	}
	if err := t.ws.mergeRisks(target.ID, t.mergeFrom); err != nil {
		t.c.flash("! " + err.Error())
		return
	}
	t.focus = target.ID
	t.c.flash("Merged into " + target.Title + ": it keeps its score and both titles; u undoes.")
}

// openRisk opens the risk form on a risk of the register.
func (t *registerTab) openRisk(r model.Risk, editTitle bool) tabReply {
	f := newForm("Risk", model.RiskFields, valuesOf(model.RiskFields, r.Get), false, t.ws.doc, t.c.Presenter)
	f.setSize(t.width, t.height)
	if editTitle {
		f.startEditing()
	}
	t.editing = r.ID
	return tabReply{form: &f, owner: t}
}

// changed writes a field of the risk being edited through, as the
// walkthrough's risk form does.
func (t *registerTab) changed(f *form, k, v string) {
	if list, _, ri := t.ws.risksOf(t.editing); ri >= 0 {
		applyRiskEdit(f, (*list)[ri], k, v, func(k, v string) { t.ws.setRegisterRiskField(t.editing, k, v) })
	}
}

func (t *registerTab) create(map[string]string) string { return "" }

// closed drops a risk closed without a word written in it: a slip of n.
func (t *registerTab) closed() {
	if list, _, ri := t.ws.risksOf(t.editing); ri >= 0 {
		if r := (*list)[ri]; strings.TrimSpace(r.Title+r.Fix+r.Owner) == "" {
			t.ws.deleteRegisterRisk(r.ID)
		}
	}
}

// registerView draws the tab: its counts, the rows in view, and what the
// row under the cursor says in full.
func (t *registerTab) view() []string {
	st := t.c.Styles
	if t.sum == nil {
		return nil
	}
	c := t.sum.Triage
	counts := strconv.Itoa(c.Register) + " in the register · " + strconv.Itoa(c.ToConfirm) + " findings to confirm · " +
		strconv.Itoa(c.Covered) + " covered · " + strconv.Itoa(c.Dismissed) + " dismissed"
	if t.merge != nil {
		out := []string{st.Header.Render(line("Merge "+st.client(t.mergeWhat)+" into which risk? enter merges · esc cancels", t.width))}
		return append(out, drawRows(st, *t.merge, t.width, func(i int) string { return t.riskRow(&t.sum.Risks[t.mergeRows[i]]) })...)
	}
	out := []string{st.Muted.Render(line(counts, t.width))}
	if t.dismiss != nil {
		out[0] = t.dismiss.View() // enter dismisses · esc keeps it to confirm
	}
	if len(t.rows) == 0 {
		return append(out, "", "Nothing yet: risks the room raises and the rules' findings are listed here.")
	}
	titleW := t.width - 2 - 15 - 18 - 14 - 3
	out = append(out, st.Muted.Render("  "+pad("#  SCORE", 15)+pad("RISK OR FINDING", titleW)+" "+pad("WHERE", 18)+" STATUS"))
	out = append(out, drawRows(st, t.list, t.width, func(i int) string {
		if r, f := t.at(i); r != nil {
			return t.riskRow(r)
		} else {
			return t.findingRow(f, titleW)
		}
	})...)
	out = append(out, "")
	return append(out, t.detail()...)
}

func (t *registerTab) riskRow(r *review.RegisterEntry) string {
	st := t.c.Styles
	titleW := t.width - 2 - 15 - 18 - 14 - 3
	tag := pad(strconv.Itoa(r.Rank), 3) + pad(strconv.Itoa(r.Score)+" "+r.Severity, 12)
	status := string(r.Status)
	if r.Ticket != "" {
		status += " " + r.Ticket
	}
	return st.Severity[r.Severity].Render(tag) + pad(line(st.client(r.Title), titleW), titleW) + " " +
		pad(line(st.client(where(r.FlowName, r.Domain)), 18), 18) + " " + line(st.client(status), 14)
}

func (t *registerTab) findingRow(f *review.Finding, titleW int) string {
	st := t.c.Styles
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

// detail is what the row under the cursor says in full, and the
// keys that act on it.
func (t *registerTab) detail() []string {
	st := t.c.Styles
	r, f := t.at(t.list.cursor)
	switch {
	case r != nil:
		covers := ""
		if len(r.Covers) > 0 {
			covers = " · covers " + strings.Join(r.Covers, ", ")
		}
		if info, ok := t.merged[r.ID]; ok {
			if len(info.flows) > 0 {
				covers += " · also on " + st.client(strings.Join(info.flows, ", "))
			}
			if info.merged > 0 {
				covers += " · " + plural(info.merged, "risk") + " merged in"
			}
		}
		if n := model.EvidenceCount(r.Evidence); n != "" {
			covers += " · evidence: " + n
		}
		return []string{
			line("Fix: "+st.client(orDash(r.Fix)), t.width),
			line(t.costs(t.rows[t.list.cursor].risk)+"Owner: "+st.client(orDash(r.Owner))+covers, t.width),
			st.Muted.Render(line("enter edit (status, ticket, score) · m merge · x delete · n new session risk", t.width)),
		}
	case f != nil:
		next := line("Suggested fix: "+st.client(f.Fix), t.width)
		keys := "a accept · m merge into a risk · d dismiss"
		if f.Rule == review.RuleDuplicateRisk {
			next, keys = line(st.client(f.Fix), t.width), "a merge the two · d dismiss"
		}
		switch f.Status {
		case review.FindingCovered:
			next, keys = line("Covered by risk "+f.CoveredBy, t.width), "r reopen"
		case review.FindingDismissed:
			next, keys = line("Dismissed: "+st.client(f.Reason), t.width), "r reopen"
		}
		return []string{line(st.client(f.Message), t.width), next, st.Muted.Render(f.Key + " · " + keys)}
	}
	return nil
}

// costs says what register entry i is expected to cost a year and what its
// fix takes, as far as the business case knows, ahead of its owner; ""
// when it knows neither.
func (t *registerTab) costs(i int) string {
	if i < 0 || i >= len(t.caseAt) || t.caseAt[i] < 0 || t.caseAt[i] >= len(t.sum.BusinessCase.Risks) {
		return ""
	}
	bc := &t.sum.BusinessCase
	rc, out := &bc.Risks[t.caseAt[i]], ""
	if rc.Costed() {
		out += model.FormatMoney(bc.Currency, rc.Expected.Value) + " a year (" + model.FormatMoney("", rc.Low.Value) +
			"–" + model.FormatMoney("", rc.High.Value) + ") · "
	}
	if rc.EffortDays.Known {
		out += "fix " + model.FormatNumber(rc.EffortDays.Low) + "–" + model.FormatNumber(rc.EffortDays.High) + " days · "
	}
	return out
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
