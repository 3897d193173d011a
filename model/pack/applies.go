package pack

import (
	"maps"
	"slices"

	"github.com/archreview/archreview/model"
)

// Question is one guiding question and the flows it is asked of.
type Question struct {
	Text string
	// AppliesTo narrows the flows the question is asked of; the zero value
	// asks it of every flow.
	AppliesTo AppliesTo
}

// AppliesTo is where a question is asked: of flows that touch a system of
// one of the kinds (from, to or via), move data by one of the patterns,
// and carry one of the domains. A list left out asks of every flow; every
// list given must match.
type AppliesTo struct {
	Kinds    []string `json:"kinds,omitempty"`
	Patterns []string `json:"patterns,omitempty"`
	Domains  []string `json:"domains,omitempty"`
}

// IsZero reports whether the question is asked of every flow.
func (a AppliesTo) IsZero() bool {
	return len(a.Kinds) == 0 && len(a.Patterns) == 0 && len(a.Domains) == 0
}

// Applies reports whether a question with these conditions is asked of the
// flow, its systems looked up among the session's.
func (a AppliesTo) Applies(f *model.Flow, systems []model.System) bool {
	return a.matches(factsOf(f, systems))
}

// flowFacts is what a flow says of itself that a question may ask about.
// What the room has not said yet (an end not named, a kind not given, no
// pattern chosen) rules no question out: the question may be the one that
// settles it.
type flowFacts struct {
	kinds       []string
	kindUnknown bool
	pattern     string
	domain      string
}

func factsOf(f *model.Flow, systems []model.System) flowFacts {
	if f == nil {
		return flowFacts{kindUnknown: true}
	}
	on := flowFacts{pattern: string(f.Contract.Pattern), domain: f.Domain}
	for i, id := range []string{f.From, f.To, f.Via} {
		if id == "" && i == 2 {
			continue // no middleware is not an unknown one
		}
		at := slices.IndexFunc(systems, func(s model.System) bool { return s.ID == id })
		if at < 0 || systems[at].Kind == "" {
			on.kindUnknown = true
			continue
		}
		on.kinds = append(on.kinds, string(systems[at].Kind))
	}
	return on
}

func (a AppliesTo) matches(on flowFacts) bool {
	anyOf := func(list, have []string, unknown bool) bool {
		if len(list) == 0 || unknown {
			return true
		}
		return slices.ContainsFunc(have, func(v string) bool { return slices.Contains(list, v) })
	}
	return anyOf(a.Kinds, on.kinds, on.kindUnknown) &&
		anyOf(a.Patterns, []string{on.pattern}, on.pattern == "") &&
		anyOf(a.Domains, []string{on.domain}, on.domain == "")
}

// Questions are the guiding questions asked of the flow at the step: the
// flow's domain's own first, as they are the sharper ones, then the
// step's; each only where its applies_to matches the flow.
func (p *Pack) Questions(s model.Step, f *model.Flow, systems []model.System) []string {
	if p == nil || s < 0 || int(s) >= len(p.Steps) || f == nil {
		return nil
	}
	st := p.Steps[s]
	on := factsOf(f, systems)
	var out []string
	for _, q := range append(slices.Clip(st.Domains[f.Domain]), st.Questions...) {
		if q.AppliesTo.matches(on) {
			out = append(out, q.Text)
		}
	}
	return out
}

// Narrowed counts the questions asked of some flows only, for a line that
// describes the pack.
func (p *Pack) Narrowed() int {
	n := 0
	for _, st := range p.Steps {
		for _, qs := range append([][]Question{st.Questions}, slices.Collect(maps.Values(st.Domains))...) {
			for _, q := range qs {
				if !q.AppliesTo.IsZero() {
					n++
				}
			}
		}
	}
	return n
}

// Kinds are the system kinds a question may be asked of: the ones the
// session's map knows.
func Kinds() []string { return choiceValues(model.SystemKindChoices) }

// Patterns are the contract patterns a question may be asked of.
func Patterns() []string { return choiceValues(model.PatternChoices) }

func choiceValues(cs []model.Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Value
	}
	return out
}
