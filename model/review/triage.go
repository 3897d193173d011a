package review

import (
	"strings"

	"archreview/model"
)

// findings turns the rules' hits into findings, each with the risk it
// suggests (after the pack's rule settings) and what the room made of it: a
// risk covering its key makes it covered, a triage verdict dismissed, and
// otherwise it is still to confirm.
func (s *summarizer) findings(hits []ruleHit, settings map[string]model.RuleSetting) []Finding {
	coveredBy := map[string]string{}
	cover := func(risks []model.Risk) {
		for _, r := range risks {
			for _, k := range r.Covers {
				if _, ok := coveredBy[k]; !ok {
					coveredBy[k] = r.ID
				}
			}
		}
	}
	for i := range s.d.Flows {
		cover(s.d.Flows[i].Failure.Risks)
	}
	cover(s.d.Risks)
	dismissed := make(map[string]string, len(s.d.Triage))
	for _, t := range s.d.Triage {
		if t.Status == model.TriageDismissed {
			dismissed[t.Finding] = t.Reason
		}
	}
	out := make([]Finding, 0, len(hits))
	for i := range hits {
		h := &hits[i]
		set := settings[h.rule.ID]
		if set.Disabled {
			continue
		}
		impact, likelihood := h.rule.suggested(set)
		likelihood = max(likelihood-h.lower, 1)
		revenue, visible := model.ImpactFlags(impact)
		horizon := h.rule.Horizon
		if r := h.risk; r != nil {
			impact, likelihood, revenue, visible, horizon = r.Impact, r.Likelihood, r.RevenueCritical, r.CustomerVisible, r.Horizon
		}
		where := h.where
		if where == "" {
			where = s.flowName(h.flow)
		}
		f := Finding{
			Key: h.key, Rule: h.rule.ID, Flow: s.flowID(h.flow), FlowName: where, Domain: h.domain,
			Title: h.title, Message: h.message, Fix: h.fix, Impact: impact, Likelihood: likelihood,
			Score: impact * likelihood, RevenueCritical: revenue, CustomerVisible: visible,
			Horizon: horizon, Status: FindingOpen,
		}
		f.Severity = SeverityOf(f.Score)
		if id, ok := coveredBy[f.Key]; ok {
			f.Status, f.CoveredBy = FindingCovered, id
		} else if reason, ok := dismissed[f.Key]; ok {
			f.Status, f.Reason = FindingDismissed, reason
		}
		out = append(out, f)
	}
	return out
}

func countTriage(reg []RegisterEntry, findings []Finding) TriageCounts {
	c := TriageCounts{Register: len(reg)}
	for i := range findings {
		switch findings[i].Status {
		case FindingOpen:
			c.ToConfirm++
		case FindingCovered:
			c.Covered++
		case FindingDismissed:
			c.Dismissed++
		}
	}
	return c
}

// RiskFromFinding is the risk the room accepts a finding as: the finding's
// title, suggested score, flags, fix and horizon, covering its key, open.
// The owner is the flow's owner when one is named.
func RiskFromFinding(d *model.Document, f Finding, id string) model.Risk {
	r := model.Risk{
		ID: id, Title: f.Title, Impact: f.Impact, Likelihood: f.Likelihood,
		RevenueCritical: f.RevenueCritical, CustomerVisible: f.CustomerVisible,
		Fix: f.Fix, Horizon: f.Horizon, Covers: []string{f.Key}, Status: model.RiskOpen,
	}
	if i := d.FlowIndex(f.Flow); i >= 0 && !unnamed(d.Flows[i].Owner.FlowOwner) {
		r.Owner = strings.TrimSpace(d.Flows[i].Owner.FlowOwner)
	}
	return r
}
