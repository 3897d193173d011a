package review

import (
	"slices"

	"github.com/archreview/archreview/model"
)

// Severities, from a risk's score.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityMedium   = "medium"
	SeverityLow      = "low"
)

// SeverityBands are the score ranges of the severities, worst first.
var SeverityBands = []SeverityBand{
	{SeverityCritical, 15, 25},
	{SeverityHigh, 10, 14},
	{SeverityMedium, 5, 9},
	{SeverityLow, 1, 4},
}

// SeverityOf names the band a score falls in.
func SeverityOf(score int) string {
	switch {
	case score >= 15:
		return SeverityCritical
	case score >= 10:
		return SeverityHigh
	case score >= 5:
		return SeverityMedium
	}
	return SeverityLow
}

// DefaultHorizon is the horizon of a risk the room left without one.
func DefaultHorizon(severity string) model.Horizon {
	if severity == SeverityCritical {
		return model.HorizonImmediate
	}
	return model.HorizonRoadmap
}

func scoring() Scoring {
	sc := Scoring{
		Formula:        "score = impact × likelihood (1-25)",
		Severity:       slices.Clone(SeverityBands),
		DefaultHorizon: "a risk left without a horizon is immediate when critical, roadmap otherwise",
		Slicing: "a slice set by hand wins; otherwise open immediate fixes fill the first slices in score order and roadmap items follow, " +
			"at most slice_size a slice; mitigated and accepted risks leave the plan",
	}
	for i := 1; i < len(model.ImpactLevels); i++ {
		sc.Impact = append(sc.Impact, ScaleLevel{Score: i, Meaning: model.ImpactLevels[i]})
	}
	for i := 1; i < len(model.LikelihoodLevels); i++ {
		sc.Likelihood = append(sc.Likelihood, ScaleLevel{Score: i, Meaning: model.LikelihoodLevels[i]})
	}
	return sc
}

// ruleDefaults lists what each rule's findings suggest, after a pack's
// settings; a rule turned off is left out.
func ruleDefaults(settings map[string]model.RuleSetting) []RuleDefault {
	out := make([]RuleDefault, 0, len(Rules))
	for _, r := range Rules {
		set := settings[r.ID]
		if set.Disabled {
			continue
		}
		impact, likelihood := r.suggested(set)
		revenue, customers := model.ImpactFlags(impact)
		out = append(out, RuleDefault{Rule: r.ID, FiresWhen: r.FiresWhen, Impact: impact, Likelihood: likelihood,
			RevenueCritical: revenue, CustomerVisible: customers, Horizon: r.Horizon})
	}
	return out
}

// suggested is the impact and likelihood the rule's findings suggest under
// a pack's setting. The flags follow the impact (model.ImpactFlags), so a
// pack that lowers an impact never leaves a finding customer-visible at a
// level that says it is not.
func (r *Rule) suggested(set model.RuleSetting) (impact, likelihood int) {
	impact, likelihood = r.Impact, r.Likelihood
	if set.Impact >= 1 && set.Impact <= 5 {
		impact = set.Impact
	}
	if set.Likelihood >= 1 && set.Likelihood <= 5 {
		likelihood = set.Likelihood
	}
	return impact, likelihood
}
