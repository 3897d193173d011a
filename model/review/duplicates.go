package review

import (
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// Two rooms, or one room twice, log one failure of a shared system as two
// risks in their own words, on two flows through that system. Both then
// score alike and both lead the register, and the plan fixes one failure
// twice. DUPLICATE_RISK offers such pairs to triage: open risks on flows
// that share a system, whose titles name the same failure of it
// (FailureModes), never merely the same words.

// maxDuplicatesPerFailure bounds the pairs offered for one failure of one
// system at a time: each pairs a risk with the highest-ranked one logged
// for that failure, and once the room has merged or dismissed those, the
// next are offered. A programme of thousands of flows through one iPaaS
// then asks for a few merges at a time, not for thousands.
const maxDuplicatesPerFailure = 8

// maxDuplicatePairs bounds the pairs offered at once in the whole session,
// the highest-ranked first, for the same reason.
const maxDuplicatePairs = 64

// duplicateBucket gathers the open risks that name one failure of one
// system (of one domain, for a symptom), in register order.
type duplicateBucket struct {
	system  string
	mode    *FailureMode
	members []int // register indices
	offered int
}

// duplicateRisks pairs each open risk with the highest-ranked open risk
// before it in the register that names the same failure of a system both
// flows use, for each such failure and system; a pair the room dismissed
// gives way to the next one up. register is the ranked register, so the
// first of a pair is the one a merge keeps, and the pairs offered when
// there are more than maxDuplicatePairs are those of the worst risks.
func (s *summarizer) duplicateRisks() []ruleHit {
	register := s.ranked
	dismissed := map[string]bool{}
	for _, t := range s.d.Triage {
		if t.Status == model.TriageDismissed && strings.HasPrefix(t.Finding, RuleDuplicateRisk+":") {
			dismissed[t.Finding] = true
		}
	}
	var (
		hits    []ruleHit
		offered = map[string]bool{}
		buckets = map[string]*duplicateBucket{}
	)
	for i := range register {
		e := &register[i]
		fi := s.registerFlow(i)
		if fi < 0 || (e.Status != model.RiskOpen && e.Status != model.RiskInProgress) {
			continue
		}
		for _, mode := range failuresOf(e.Title) {
			for _, sys := range failurePlaces(&s.d.Flows[fi], mode) {
				key := sys + "\x00" + mode.ID
				if mode.Symptom {
					key += "\x00" + s.domains[fi]
				}
				b := buckets[key]
				if b == nil {
					b = &duplicateBucket{system: sys, mode: mode}
					buckets[key] = b
				}
				if b.offered < maxDuplicatesPerFailure {
					for _, j := range b.members {
						lead := &register[j]
						pair := model.RiskPairKey(RuleDuplicateRisk, lead.ID, e.ID)
						if dismissed[pair] || coverSameRule(lead, e) {
							continue
						}
						if !offered[pair] {
							offered[pair] = true
							b.offered++
							hits = append(hits, s.duplicateHit(b, lead, e, s.registerFlow(j), fi, pair))
							if len(hits) == maxDuplicatePairs {
								return hits
							}
						}
						break
					}
				}
				b.members = append(b.members, i)
			}
		}
	}
	return hits
}

// failurePlaces are the systems of a flow a failure can be of: for one in
// transit its middleware, or its ends when it has none; for any other,
// every system it runs from, to or through, the middleware first.
func failurePlaces(f *model.Flow, mode *FailureMode) []string {
	var out []string
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	switch {
	case mode.InTransit && f.Via != "":
		add(f.Via)
	case mode.InTransit:
		add(f.From, f.To)
	default:
		add(f.Via, f.From, f.To)
	}
	return out
}

// coverSameRule reports whether two risks were each accepted from a finding
// of one rule: that rule raised them flow by flow, so it meant two.
func coverSameRule(a, b *RegisterEntry) bool {
	for _, ka := range a.Covers {
		ra, _, _ := strings.Cut(ka, ":")
		for _, kb := range b.Covers {
			if rb, _, _ := strings.Cut(kb, ":"); ra == rb {
				return true
			}
		}
	}
	return false
}

// duplicateHit is the finding that lead (ranked first, so the one a merge
// keeps) and other may be one risk.
func (s *summarizer) duplicateHit(b *duplicateBucket, lead, other *RegisterEntry, leadFlow, otherFlow int, key string) ruleHit {
	sys := s.systemName(b.system)
	var where, both string
	if leadFlow == otherFlow {
		where = s.flowName(leadFlow)
		both = "both on " + quoted(where) + ", describe " + b.mode.Name + ", in " + sys
	} else {
		where = s.flowName(leadFlow) + " and " + s.flowName(otherFlow)
		use := "use"
		if s.d.Flows[leadFlow].Via == b.system && s.d.Flows[otherFlow].Via == b.system {
			use = "run through"
		}
		both = "on " + quoted(s.flowName(leadFlow)) + " and " + quoted(s.flowName(otherFlow)) + ", both describe " +
			b.mode.Name + ", in " + sys + ", which both flows " + use
	}
	h := ruleHit{
		flow: leadFlow, domain: s.domains[leadFlow], key: key, where: where, said: said{
			title:   quoted(strings.TrimSpace(lead.Title)) + " and " + quoted(strings.TrimSpace(other.Title)) + " may be one risk",
			message: quoted(strings.TrimSpace(lead.Title)) + " and " + quoted(strings.TrimSpace(other.Title)) + ", " + both + ".",
			fix:     "Merge them into one risk that keeps both titles and both flows (the higher-scored one stays), or dismiss this if they are two failures.",
		},
	}
	if lead.Impact >= 1 && lead.Impact <= 5 && lead.Likelihood >= 1 && lead.Likelihood <= 5 {
		h.risk = lead
	}
	return h
}

// DuplicatePair is the two risks a DUPLICATE_RISK finding names, the one a
// merge keeps first: the higher-scored, or on a tie the one ranked first.
// ok is false for another finding, or when either risk is gone.
func DuplicatePair(d *model.Document, key string) (keep, merge string, ok bool) {
	rule, _, _ := strings.Cut(key, ":")
	a, b, ok := model.RiskPair(key)
	if !ok || rule != RuleDuplicateRisk {
		return "", "", false
	}
	ka, okA := riskRank(d, a)
	kb, okB := riskRank(d, b)
	switch {
	case !okA || !okB:
		return "", "", false
	case compareRank(kb, ka) < 0:
		return b, a, true
	}
	return a, b, true
}

// riskRank is what orders the risk with the id in the register.
func riskRank(d *model.Document, id string) (rankKey, bool) {
	for fi := range d.Flows {
		for ri, r := range d.Flows[fi].Failure.Risks {
			if r.ID == id {
				return rankKey{r.Score(), r.RevenueCritical, r.CustomerVisible, fi, ri}, true
			}
		}
	}
	for ri, r := range d.Risks {
		if r.ID == id {
			return rankKey{r.Score(), r.RevenueCritical, r.CustomerVisible, len(d.Flows), ri}, true
		}
	}
	return rankKey{}, false
}
