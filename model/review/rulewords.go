package review

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// The words the rules read answers with and write findings in.

// noneAnswers are what people type when there is nothing.
var noneAnswers = map[string]bool{"none": true, "no": true, "n/a": true, "na": true, "nothing": true, "-": true, "--": true, "—": true, "nil": true}

// noOneAnswers are what people type for an owner or a fix nobody has.
var noOneAnswers = map[string]bool{"nobody": true, "no one": true, "noone": true, "tbd": true, "tba": true, "unknown": true, "?": true, "??": true}

// longestNoneAnswer bounds the answers worth folding to compare with the
// lists above; anything longer is a real answer.
const longestNoneAnswer = 12

// unnamed reports whether an owner or fix answer names nobody and nothing.
func unnamed(s string) bool {
	w, short := shortAnswer(s)
	return w == "" || short && (noneAnswers[w] || noOneAnswers[w])
}

// shortAnswer trims an answer and, when it is short enough to be a "none",
// folds it to lower case without a closing full stop.
func shortAnswer(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > longestNoneAnswer {
		return s, false
	}
	return strings.ToLower(strings.TrimRight(s, ".!")), true
}

// sellingKinds are systems customers buy through: stale stock there
// oversells. A procurement network's punch-out catalog is a business
// buyer's shop.
var sellingKinds = map[model.SystemKind]bool{"storefront": true, "marketplace": true, "pos": true, "procurement": true}

// replayDomains are where a duplicate is money: a second order, a second
// capture, a second refund.
var replayDomains = map[string]bool{"order": true, "payment": true, "returns": true}

// manualCriticalDomains are where a file or a person in the middle moves
// money or stock.
var manualCriticalDomains = map[string]bool{"order": true, "price": true, "inventory": true, "payment": true, "returns": true}

// ownerDiscussed reports whether the room has talked about the flow's
// owners: the step is done or any of it is answered. Before that, an empty
// owner is a gap, not a finding.
func ownerDiscussed(f *model.Flow) bool {
	if f.Owner.Done {
		return true
	}
	for _, fd := range model.StepFields(model.StepOwner) {
		if !fd.Private && strings.TrimSpace(f.Get(model.StepOwner, fd.Key)) != "" {
			return true
		}
	}
	return false
}

// manualMeans says how a flow runs by hand or by file, and through which
// system if one is a workaround or a file drop; "" when it does neither.
func (s *summarizer) manualMeans(f *model.Flow) (means, system string) {
	ids := []string{f.From, f.To, f.Via}
	withKind := func(k model.SystemKind) string {
		for _, id := range ids {
			if id != "" && s.systemKind(id) == k {
				return s.systemName(id)
			}
		}
		return ""
	}
	if name := withKind("manual-workaround"); name != "" || f.Contract.Pattern == model.PatternManual {
		return "a manual workaround", name
	}
	if name := withKind("file-drop"); name != "" || f.Contract.Pattern == model.PatternFile {
		return "a file drop", name
	}
	return "", ""
}

func patternPhrase(p model.Pattern) string {
	switch p {
	case model.PatternBatch:
		return "batch"
	case model.PatternFile:
		return "file"
	}
	return "hand"
}

// saidUnknown reports whether the room answered unknown for the domain's
// source of truth, in a flow or in its decision.
func (s *summarizer) saidUnknown(row DomainSource) bool {
	return s.decidedUnknown(row.Domain) || slices.ContainsFunc(row.Claims, func(c Claim) bool { return c.System == model.UnknownSystem })
}

// decidedUnknown reports whether the room's decision on the domain names
// its source of truth as unknown.
func (s *summarizer) decidedUnknown(domain string) bool {
	for i := range s.d.Domains {
		if dd := &s.d.Domains[i]; normalDomain(dd.Name) == domain {
			return !dd.Parked() && dd.SourceOfTruth == model.UnknownSystem
		}
	}
	return false
}

func countSystems(claims []Claim) int {
	seen := map[string]bool{}
	for _, c := range claims {
		seen[c.System] = true
	}
	return len(seen)
}

// describeClaims says which flows name which system, a few flows per system,
// systems in the order first named.
func (s *summarizer) describeClaims(claims []Claim) string {
	const shown = 3
	var order []string
	flows := map[string][]string{}
	for _, c := range claims {
		if _, ok := flows[c.System]; !ok {
			order = append(order, c.System)
		}
		flows[c.System] = append(flows[c.System], quoted(c.FlowName))
	}
	parts := make([]string, len(order))
	for i, sys := range order {
		names := flows[sys]
		named := JoinNames(names[:min(len(names), shown)])
		if len(names) > shown {
			named += fmt.Sprintf(" and %d more", len(names)-shown)
		}
		if sys == model.UnknownSystem {
			parts[i] = fmt.Sprintf("unknown (said by %s)", named)
			continue
		}
		parts[i] = fmt.Sprintf("%s (named by %s)", s.systemName(sys), named)
	}
	return JoinNames(parts)
}

// quoted puts a flow's name in quotes inside a sentence.
func quoted(name string) string { return "\"" + name + "\"" }

// JoinNames lists names as people write them: "a, b and c".
func JoinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// placeLabel names where a text is, in words a reader can find it by.
func (s *summarizer) placeLabel(p model.TextPlace) string {
	switch p.Kind {
	case model.PlaceSession:
		return "the session details"
	case model.PlaceSystem:
		sys := s.d.Systems[p.Index]
		name := sys.Name
		if strings.TrimSpace(name) == "" || p.Key == "name" {
			name = sys.ID
		}
		return fmt.Sprintf("the %s of system %q", p.Key, name)
	case model.PlaceFlow:
		return "the flow " + p.Key
	case model.PlaceStep:
		label := p.Key
		if f, ok := model.FieldByKey(model.StepFields(p.Step), p.Key); ok {
			label = f.Label
		}
		return p.Step.String() + ": " + label
	case model.PlaceRisk:
		risks := s.d.Risks
		if p.Flow >= 0 {
			risks = s.d.Flows[p.Flow].Failure.Risks
		}
		r := risks[p.Index]
		if strings.TrimSpace(r.Title) == "" || p.Key == "title" {
			return fmt.Sprintf("risk %d %s", p.Index+1, p.Key)
		}
		return fmt.Sprintf("the %s of risk %q", p.Key, r.Title)
	case model.PlaceQuestion:
		return fmt.Sprintf("open question %d", p.Index+1)
	case model.PlaceDomain:
		return fmt.Sprintf("the %s decision's %s", s.d.Domains[p.Index].Name, strings.ReplaceAll(p.Key, "_", " "))
	case model.PlaceTriage:
		return "a dismissed finding's reason"
	case model.PlaceConflict:
		return fmt.Sprintf("merge conflict %d", p.Index+1)
	}
	return p.Key
}
