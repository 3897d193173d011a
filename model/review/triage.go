package review

import (
	"strings"

	"github.com/archreview/archreview/model"
)

// coverIndex reads what the room made of the findings: the risk covering
// each finding key (the first that does, flows' risks before the
// session's) and the reason each dismissed finding was set aside.
func (s *summarizer) coverIndex() {
	s.coveredBy = coveringRisks(s.d)
	s.dismissed = dismissedFindings(s.d)
}

// coveringRisks maps each finding key a risk covers to the first risk that
// does, flows' risks before the session's.
func coveringRisks(d *model.Document) map[string]string {
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
	for i := range d.Flows {
		cover(d.Flows[i].Failure.Risks)
	}
	cover(d.Risks)
	return coveredBy
}

// dismissedFindings maps each finding key the room dismissed to its reason.
func dismissedFindings(d *model.Document) map[string]string {
	dismissed := make(map[string]string, len(d.Triage))
	for _, t := range d.Triage {
		if t.Status == model.TriageDismissed {
			dismissed[t.Finding] = t.Reason
		}
	}
	return dismissed
}

// findings turns the rules' hits into findings (finding).
func (s *summarizer) findings(hits []ruleHit, settings map[string]model.RuleSetting) []Finding {
	out := make([]Finding, len(hits))
	for i := range hits {
		out[i] = s.finding(&hits[i], settings[hits[i].rule.ID])
	}
	return out
}

// finding is a rule's hit as a finding, with the risk it suggests (after
// the pack's setting of the rule) and what the room made of it: a risk
// covering its key makes it covered, a triage verdict dismissed, and
// otherwise it is still to confirm.
func (s *summarizer) finding(h *ruleHit, set model.RuleSetting) Finding {
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
		Horizon: horizon, Severity: SeverityOf(impact * likelihood),
	}
	s.setStatus(&f)
	return f
}

// setStatus sets what the room made of a finding.
func (s *summarizer) setStatus(f *Finding) {
	f.Status, f.CoveredBy, f.Reason = FindingOpen, "", ""
	if id, ok := s.coveredBy[f.Key]; ok {
		f.Status, f.CoveredBy = FindingCovered, id
	} else if reason, ok := s.dismissed[f.Key]; ok {
		f.Status, f.Reason = FindingDismissed, reason
	}
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
