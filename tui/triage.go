package tui

import (
	"errors"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// The room's verdicts on the rules' findings, its session-wide risks and its
// decisions per domain, as workspace changes: each remembered for undo and
// marked for the next save like any answer.

// risksOf is the list holding the risk with the id: a flow's (fi >= 0) or
// the session's own (fi -1), and the risk's index in it (-1 if none).
func (w *workspace) risksOf(id string) (list *[]model.Risk, fi, ri int) {
	for i := range w.doc.Flows {
		rs := &w.doc.Flows[i].Failure.Risks
		if j := slices.IndexFunc(*rs, func(r model.Risk) bool { return r.ID == id }); j >= 0 {
			return rs, i, j
		}
	}
	return &w.doc.Risks, -1, slices.IndexFunc(w.doc.Risks, func(r model.Risk) bool { return r.ID == id })
}

// changeRisks remembers the parts a change to flow fi's risks (or the
// session's, fi -1) and the triage touches, runs it, and makes c known with
// those parts: c says what the change is and the records it touches in
// them (risks, domains), change may name more.
func (w *workspace) changeRisks(c model.Change, group string, fi int, change func(c *model.Change)) {
	parts, flowID := partDecided, ""
	c.Parts |= model.PartDecided
	if f := w.flow(fi); f != nil {
		parts, flowID = parts|partFlow, f.ID
		c.Parts |= model.PartFlows
		c.Flows = append([]string{f.ID}, c.Flows...)
	}
	if group != "" && !w.take(group, c) {
		return
	}
	w.remember(c.What, group, parts, flowID, c.Flows...)
	change(&c)
	w.changed(c)
}

// acceptFinding makes the finding a risk of the register, with its
// suggested score, fix and horizon: in its flow's failure step, or among
// the session's risks when it is about a domain or the whole session. A
// duplicate's finding is accepted by merging its two risks. It returns the
// risk that stands for the finding now.
func (w *workspace) acceptFinding(f review.Finding) string {
	if keep, merge, ok := review.DuplicatePair(w.doc, f.Key); ok {
		w.mergeRisksAs(model.Change{What: "accepting a finding", Kind: model.ChangeTriage}, keep, merge)
		return keep
	}
	r := review.RiskFromFinding(w.doc, f, model.NewID())
	fi := w.doc.FlowIndex(f.Flow)
	c := model.Change{What: "accepting a finding", Kind: model.ChangeTriage, Risks: []string{r.ID}}
	w.changeRisks(c, "", fi, func(*model.Change) {
		w.dropTriage(f.Key)
		if fi >= 0 {
			w.doc.Flows[fi].Failure.Risks = append(w.doc.Flows[fi].Failure.Risks, r)
		} else {
			w.doc.Risks = append(w.doc.Risks, r)
		}
	})
	return r.ID
}

// mergeFinding makes the risk with the id cover the finding too.
func (w *workspace) mergeFinding(key, riskID string) {
	list, fi, ri := w.risksOf(riskID)
	if ri < 0 {
		return
	}
	c := model.Change{What: "merging a finding into a risk", Kind: model.ChangeTriage, Risks: []string{riskID}}
	w.changeRisks(c, "", fi, func(*model.Change) {
		w.dropTriage(key)
		if r := &(*list)[ri]; !slices.Contains(r.Covers, key) {
			r.Covers = append(r.Covers, key)
		}
	})
}

// mergeRisks merges the risk from into the risk into (review.MergeRisks),
// as one change: undone, both risks are back as they were.
func (w *workspace) mergeRisks(into, from string) error {
	return w.mergeRisksAs(model.Change{What: "merging two risks"}, into, from)
}

// mergeRisksAs is mergeRisks made known as c says.
func (w *workspace) mergeRisksAs(c model.Change, into, from string) error {
	_, keepFlow, ki := w.risksOf(into)
	_, goneFlow, gi := w.risksOf(from)
	switch {
	case ki < 0 || gi < 0:
		return review.ErrNoSuchRisk
	case into == from:
		return errors.New("pick another risk to merge it into")
	}
	var ids []string
	for _, fi := range []int{keepFlow, goneFlow} {
		if f := w.flow(fi); f != nil && !slices.Contains(ids, f.ID) {
			ids = append(ids, f.ID)
		}
	}
	parts, first := partDecided, ""
	c.Parts, c.Risks = model.PartDecided, []string{into, from}
	if len(ids) > 0 {
		parts, first = parts|partFlow, ids[0]
		c.Parts, c.Flows = c.Parts|model.PartFlows, ids
	}
	w.remember(c.What, "", parts, first, ids...)
	if err := review.MergeRisks(w.doc, into, from); err != nil {
		w.history.open = false
		return err // unreachable: both risks were just found, and differ
	}
	w.changed(c)
	return nil
}

// dismissFinding sets the finding aside with the room's reason.
func (w *workspace) dismissFinding(key, reason string) {
	w.changeRisks(model.Change{What: "dismissing a finding", Kind: model.ChangeTriage}, "", -1, func(*model.Change) {
		w.dropTriage(key)
		w.doc.Triage = append(w.doc.Triage, model.Triage{Finding: key, Status: model.TriageDismissed, Reason: strings.TrimSpace(reason)})
	})
}

// reopenFinding puts a triaged finding back among those to confirm: its
// dismissal goes, and every risk that covered it lets go of it; the risk
// itself stays, as the room's, to edit or delete.
func (w *workspace) reopenFinding(key string) {
	covering := func(i int) bool {
		return slices.ContainsFunc(w.doc.Flows[i].Failure.Risks, func(r model.Risk) bool { return slices.Contains(r.Covers, key) })
	}
	// A finding merged into risks of several flows lets go of each of
	// them, in one change.
	first, c := -1, model.Change{What: "reopening a finding", Kind: model.ChangeTriage}
	for i := range w.doc.Flows {
		if covering(i) {
			if first < 0 {
				first = i
				continue
			}
			c.Parts |= model.PartFlows
			c.Flows = append(c.Flows, w.doc.Flows[i].ID)
		}
	}
	w.changeRisks(c, "", first, func(c *model.Change) {
		w.dropTriage(key)
		c.Risks = uncover(c.Risks, w.doc.Risks, key)
		for _, id := range c.Flows {
			fi := w.indexOf(id)
			c.Risks = uncover(c.Risks, w.doc.Flows[fi].Failure.Risks, key)
		}
		w.compact = true
	})
}

// uncover takes key out of what the risks cover, adding to ids those it
// was taken from.
func uncover(ids []string, risks []model.Risk, key string) []string {
	for i := range risks {
		if slices.Contains(risks[i].Covers, key) {
			risks[i].Covers = slices.DeleteFunc(risks[i].Covers, func(k string) bool { return k == key })
			ids = append(ids, risks[i].ID)
		}
	}
	return ids
}

// dropTriage forgets a dismissal of the finding, inside a change that
// remembered the triage already.
func (w *workspace) dropTriage(key string) {
	w.doc.Triage = slices.DeleteFunc(w.doc.Triage, func(t model.Triage) bool { return t.Finding == key })
}

// setRegisterRiskField edits a field of the register's risk with the id.
func (w *workspace) setRegisterRiskField(id, key, value string) {
	list, fi, ri := w.risksOf(id)
	if ri < 0 || (*list)[ri].Get(key) == value {
		return
	}
	c := model.Change{What: "a risk", Risks: []string{id}, Fields: []string{recordKey("risk", key)}}
	w.changeRisks(c, "risk:"+id+":"+key, fi, func(*model.Change) { (*list)[ri].Set(key, value) })
}

// deleteRegisterRisk deletes the register's risk with the id; the findings
// it covered are to confirm again.
func (w *workspace) deleteRegisterRisk(id string) {
	list, fi, ri := w.risksOf(id)
	if ri < 0 {
		return
	}
	w.changeRisks(model.Change{What: "deleting a risk", Risks: []string{id}}, "", fi, func(*model.Change) {
		*list = slices.Delete(*list, ri, ri+1)
		w.compact = true
	})
}

// addSessionRisk adds a risk of no single flow.
func (w *workspace) addSessionRisk(r model.Risk) {
	c := model.Change{What: "adding a risk of the session", Risks: []string{r.ID}}
	w.changeRisks(c, "risk:"+r.ID, -1, func(*model.Change) { w.doc.Risks = append(w.doc.Risks, r) })
}

// decisionOf is the index of the room's decision about the domain, or -1.
func (w *workspace) decisionOf(domain string) int {
	return slices.IndexFunc(w.doc.Domains, func(d model.DomainDecision) bool {
		return strings.EqualFold(strings.TrimSpace(d.Name), domain)
	})
}

// setDecision records the room's decision about a domain, or its parking;
// a decision that names no system and is not parked is none, and takes the
// domain back to its flows' claims.
func (w *workspace) setDecision(d model.DomainDecision) {
	i := w.decisionOf(d.Name)
	none := d.SourceOfTruth == "" && !d.Parked()
	switch {
	case i >= 0 && w.doc.Domains[i].Equal(d):
		return
	case i < 0 && none:
		return
	}
	c := model.Change{What: "the " + d.Name + " decision", Domains: []string{d.Name}}
	w.changeRisks(c, "decision:"+d.Name, -1, func(*model.Change) {
		switch {
		case none:
			w.doc.Domains = slices.Delete(w.doc.Domains, i, i+1)
			w.compact = true
		case i < 0:
			w.doc.Domains = append(w.doc.Domains, d)
		default:
			w.doc.Domains[i] = d
		}
	})
}

// dropDecision takes back whatever the room recorded on a domain: its
// decision or its parking.
func (w *workspace) dropDecision(domain string) {
	if w.decisionOf(domain) >= 0 {
		w.setDecision(model.DomainDecision{Name: domain})
	}
}
