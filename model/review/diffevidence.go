package review

import (
	"strings"

	"github.com/archreview/archreview/model"
)

// Kinds of change to the links of a risk; a step's links change as
// answers (AnswerChange with Field model.EvidenceKey), a decision's as one
// of its fields.
const (
	ChangeEvidenceAdded   = "evidence-added"   // New: the link in words
	ChangeEvidenceRemoved = "evidence-removed" // Old: the link in words
)

// LinkWords is a link as a change reads it: its label and its address,
// "Runbook <https://wiki.example.com/runbook>", or the address alone.
func LinkWords(e model.Evidence) string {
	u := strings.TrimSpace(e.URL)
	if l := strings.TrimSpace(e.Label); l != "" && l != u {
		return l + " <" + u + ">"
	}
	return u
}

// linksChanged compares two lists of links by address: those only the
// newer has, then those only the older had, each in its list's order. A
// link relabelled is the same link.
func linksChanged(o, n []model.Evidence) (added, removed []model.Evidence) {
	in := func(list []model.Evidence, u string) bool {
		for _, e := range list {
			if strings.TrimSpace(e.URL) == u {
				return true
			}
		}
		return false
	}
	for _, e := range n {
		if !in(o, strings.TrimSpace(e.URL)) {
			added = append(added, e)
		}
	}
	for _, e := range o {
		if !in(n, strings.TrimSpace(e.URL)) {
			removed = append(removed, e)
		}
	}
	return added, removed
}

// stepEvidence adds a step's links added and removed as answers.
func (c *Changes) stepEvidence(of, nf *model.Flow) {
	for _, st := range model.Steps {
		added, removed := linksChanged(*of.StepEvidence(st), *nf.StepEvidence(st))
		at := AnswerChange{Flow: nf.ID, FlowName: nameOf(nf), Step: st.String(), Field: model.EvidenceKey, Label: "Evidence"}
		for _, e := range added {
			a := at
			a.New = LinkWords(e)
			c.Answers = append(c.Answers, a)
		}
		for _, e := range removed {
			a := at
			a.Old = LinkWords(e)
			c.Answers = append(c.Answers, a)
		}
	}
}

// riskEvidence is the links added to and removed from a risk, as changes
// of their kinds.
func riskEvidence(or, nr *model.Risk, change func(kind, o, n string)) {
	added, removed := linksChanged(or.Evidence, nr.Evidence)
	for _, e := range added {
		change(ChangeEvidenceAdded, "", LinkWords(e))
	}
	for _, e := range removed {
		change(ChangeEvidenceRemoved, LinkWords(e), "")
	}
}

// decisionEvidence says in words the links added to and removed from a
// domain decision: "added ADR-7", "removed Runbook <…>".
func decisionEvidence(od, nd *model.DomainDecision) []string {
	added, removed := linksChanged(od.Evidence, nd.Evidence)
	var out []string
	for _, e := range added {
		out = append(out, "added "+LinkWords(e))
	}
	for _, e := range removed {
		out = append(out, "removed "+LinkWords(e))
	}
	return out
}
