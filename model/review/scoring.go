package review

import (
	"fmt"
	"slices"

	"archreview/model"
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
		SliceSize:      SliceSize,
		Slicing: fmt.Sprintf("a slice set by hand wins; otherwise immediate fixes go to slice 1 and roadmap items fill slices 2 onwards in register order, up to %d a slice",
			SliceSize),
	}
	for i := 1; i < len(model.ImpactLevels); i++ {
		sc.Impact = append(sc.Impact, ScaleLevel{Score: i, Meaning: model.ImpactLevels[i]})
	}
	for i := 1; i < len(model.LikelihoodLevels); i++ {
		sc.Likelihood = append(sc.Likelihood, ScaleLevel{Score: i, Meaning: model.LikelihoodLevels[i]})
	}
	for _, r := range Rules {
		sc.Rules = append(sc.Rules, RuleDefault{Rule: r.ID, FiresWhen: r.FiresWhen, Impact: r.Impact, Likelihood: r.Likelihood,
			RevenueCritical: r.RevenueCritical, CustomerVisible: r.CustomerVisible, Horizon: r.Horizon})
	}
	return sc
}
