package review

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
)

// Rule ids, as findings and register origins ("rule:NO_OWNER") name them.
const (
	RuleSOTConflict     = "SOT_CONFLICT"
	RuleSOTMissing      = "SOT_MISSING"
	RuleLastWriterWins  = "LAST_WRITER_WINS"
	RuleNoIdempotency   = "NO_IDEMPOTENCY"
	RuleStaleInventory  = "STALE_INVENTORY"
	RuleNoMonitoring    = "NO_MONITORING"
	RuleNoRetry         = "NO_RETRY"
	RuleNoOwner         = "NO_OWNER"
	RuleManualCritical  = "MANUAL_CRITICAL"
	RuleSourceNotMaster = "SOURCE_NOT_MASTER"
	RuleSecretInNotes   = "SECRET_IN_NOTES"
	RuleDuplicateRisk   = "DUPLICATE_RISK"
)

// Rule is an anti-pattern the summary catches on its own: what it fires on,
// the score, revenue and customer flags and horizon its findings enter the
// register with, and its check. The flags are the ones its impact means
// (model.ImpactFlags); a test holds the table to that.
//
// A rule checks each flow (flow), each row of the source-of-truth map
// (domain) or the session as a whole (session), at most one finding per
// flow or row; SECRET_IN_NOTES checks each flow and then the session's own
// details. Its findings are listed flow by flow, then row by row, then the
// session's. A flow's check reads only that flow and what the summarizer
// knows of the session (names, domains, decisions, credentials), so a
// change to one flow checks that flow again and no other.
type Rule struct {
	ID              string
	FiresWhen       string
	Impact          int
	Likelihood      int
	RevenueCritical bool
	CustomerVisible bool
	Horizon         model.Horizon

	flow    func(s *summarizer, i int, f *model.Flow) (said, bool)
	domain  func(s *summarizer, row *DomainSource) (said, bool)
	session func(s *summarizer) []ruleHit
}

// said is what a rule says of what it caught: a finding's words, and how
// much weaker this form of the anti-pattern is (lower comes off the rule's
// likelihood: an alert nobody in particular reads).
type said struct {
	title, message, fix string
	lower               int
}

// Messages are built by concatenation: there are thousands of them in a
// large session, and the summary is derived again for every export and
// whenever the app draws its summary tab after the answers changed.

// Rules are the review's rules in the order findings are listed. Decisions
// (naming a source, an owner; rotating a credential) and cheap guards
// (alerting, idempotency checks) are immediate; rebuilding a flow is roadmap.
var Rules = []Rule{
	{
		ID:        RuleSOTConflict,
		FiresWhen: "two flows of one domain name different source-of-truth systems (or one names a system and another says unknown) and the room has neither decided nor parked the domain",
		Impact:    4, Likelihood: 4, RevenueCritical: true, Horizon: model.HorizonImmediate,
		domain: func(s *summarizer, row *DomainSource) (said, bool) {
			if row.Status != StatusConflict {
				return said{}, false
			}
			title := "The " + row.Domain + " domain has " + strconv.Itoa(countSystems(row.Claims)) + " sources of truth"
			msg := "Flows of the " + row.Domain + " domain name different sources of truth: " + s.describeClaims(row.Claims)
			if s.saidUnknown(*row) {
				title = "The " + row.Domain + " domain's source of truth is not agreed"
				msg = "Asked which system owns " + row.Domain + " data, the room gave different answers: " + s.describeClaims(row.Claims)
				if s.decidedUnknown(row.Domain) {
					msg += ", and its decision says unknown"
				}
			}
			return said{title: title, message: msg + ".",
				fix: "Agree which one system owns " + row.Domain + " data, make the others read from it, and record who decided."}, true
		},
	},
	{
		ID:        RuleSOTMissing,
		FiresWhen: "a core domain has no source of truth named by any flow and no decision, or the room said unknown for a domain and named no system",
		Impact:    3, Likelihood: 3, CustomerVisible: true, Horizon: model.HorizonImmediate,
		domain: func(s *summarizer, row *DomainSource) (said, bool) {
			unknown := s.saidUnknown(*row)
			if row.Status != StatusMissing || !row.Core && !unknown {
				return said{}, false
			}
			msg := "No " + row.Domain + " flow names a source-of-truth system."
			switch {
			case unknown:
				msg = "Asked which system owns " + row.Domain + " data, nobody in the room knew."
			case row.Flows == 0:
				msg = "The session has no " + row.Domain + " flow, so nobody named the system that owns " + row.Domain + " data."
			}
			return said{title: "No source of truth named for " + row.Domain, message: msg,
				fix: "Name the one system that owns " + row.Domain + " data and record who decided, or park it with who decides."}, true
		},
	},
	{
		ID:        RuleLastWriterWins,
		FiresWhen: "a flow has other writers and its conflict rule is last-writer-wins or unknown",
		Impact:    4, Likelihood: 3, RevenueCritical: true, Horizon: model.HorizonRoadmap,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			rule := f.Source.ConflictRule
			if rule != model.ConflictLastWriterWins && rule != model.ConflictUnknown {
				return said{}, false
			}
			var writers []string
			for _, w := range f.Source.OtherWriters {
				switch {
				case w == model.UnknownSystem:
					writers = append(writers, "systems nobody in the room could name")
				case w != f.Source.System:
					writers = append(writers, s.systemName(w))
				}
			}
			if len(writers) == 0 {
				return said{}, false
			}
			how := "its conflict rule is last-writer-wins, so a late write silently overwrites a correct one"
			if rule == model.ConflictUnknown {
				how = "nobody knows which write wins, so a late write may silently overwrite a correct one"
			}
			return said{title: "Writers overwrite each other on " + s.flowName(i),
				message: quoted(s.flowName(i)) + " has other writers (" + JoinNames(writers) + ") and " + how + ".",
				fix:     "Agree one writer per field (the source of truth), or refuse stale writes with a version or timestamp check."}, true
		},
	},
	{
		ID:        RuleNoIdempotency,
		FiresWhen: "an order, payment or returns flow, or any real-time/event-driven flow (or one whose pattern nobody knows), has idempotency none or unknown",
		Impact:    4, Likelihood: 3, RevenueCritical: true, Horizon: model.HorizonImmediate,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			idem := f.Contract.Idempotency
			if idem != model.IdempotencyNone && idem != model.IdempotencyUnknown {
				return said{}, false
			}
			// A pattern nobody knows may be real-time: unknown is a finding.
			dom, p := s.domains[i], f.Contract.Pattern
			if !replayDomains[dom] && p != model.PatternRealTime && p != model.PatternEventDriven && p != model.PatternUnknown {
				return said{}, false
			}
			what := " has no idempotency"
			if idem == model.IdempotencyUnknown {
				what = " has unknown idempotency"
			}
			to := s.systemName(f.To)
			return said{title: "Replays can create duplicates on " + s.flowName(i),
				message: quoted(s.flowName(i)) + what + ", so a retried or replayed message can create a duplicate in " + to + ".",
				fix:     "Have " + to + " check an idempotency key or upsert on a business key, so a replay changes nothing."}, true
		},
	},
	{
		ID:        RuleStaleInventory,
		FiresWhen: "an inventory flow to a selling system (storefront, marketplace, pos, procurement punch-out) is batch, file, manual or unknown",
		Impact:    5, Likelihood: 3, RevenueCritical: true, CustomerVisible: true, Horizon: model.HorizonRoadmap,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			p := f.Contract.Pattern
			if s.domains[i] != "inventory" || !sellingKinds[s.systemKind(f.To)] ||
				(p != model.PatternBatch && p != model.PatternFile && p != model.PatternManual && p != model.PatternUnknown) {
				return said{}, false
			}
			to := s.systemName(f.To)
			how := " sends stock to " + to + " by " + patternPhrase(p)
			if p == model.PatternUnknown {
				how = " sends stock to " + to + " in a way nobody in the room knows, maybe in batches"
			}
			return said{title: "Stale stock on " + to + " can oversell",
				message: quoted(s.flowName(i)) + how + ", so it can sell stock that is already gone.",
				fix:     "Send stock changes to " + to + " as events or frequent deltas, and hold a safety buffer on fast movers until then."}, true
		},
	},
	{
		ID:        RuleNoMonitoring,
		FiresWhen: "a flow's monitoring level is none or unknown (an alert to a shared inbox or a dashboard only: a lower score)",
		Impact:    3, Likelihood: 4, CustomerVisible: true, Horizon: model.HorizonImmediate,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			var how string
			by := 0
			switch f.Failure.MonitoringLevel {
			case model.MonitorNone:
				how = "nobody is alerted; someone finds out when a customer or a colleague complains"
			case model.MonitorUnknown:
				how = "nobody in the room knows who would be alerted"
			case model.MonitorSharedInbox:
				how, by = "its alert lands in a shared inbox, where it is everyone's and no one's", 2
			case model.MonitorDashboard:
				how, by = "it shows on a dashboard, which tells nobody unless someone is looking", 1
			default:
				return said{}, false
			}
			return said{title: "Failures of " + s.flowName(i) + " go unnoticed",
				message: "When " + quoted(s.flowName(i)) + " fails or stops, " + how + ".",
				fix:     "Alert a named person when " + s.flowName(i) + " fails or goes quiet, and show its health on a dashboard someone reads.",
				lower:   by}, true
		},
	},
	{
		ID:        RuleNoRetry,
		FiresWhen: "a non-manual flow's retry level is none or unknown",
		Impact:    3, Likelihood: 3, CustomerVisible: true, Horizon: model.HorizonRoadmap,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			level := f.Failure.RetryLevel
			if f.Contract.Pattern == model.PatternManual || (level != model.RetryNone && level != model.RetryUnknown) {
				return said{}, false
			}
			how := "does not retry"
			if level == model.RetryUnknown {
				how = "may not retry: nobody in the room knows"
			}
			return said{title: "Failed transfers on " + s.flowName(i) + " are not retried",
				message: quoted(s.flowName(i)) + " " + how + ", so a failed transfer is lost until someone notices.",
				fix:     "Retry failed transfers with backoff, and park what still fails where someone can see and replay it."}, true
		},
	},
	{
		ID:        RuleNoOwner,
		FiresWhen: "a flow whose owner step was discussed has no flow owner",
		Impact:    3, Likelihood: 3, CustomerVisible: true, Horizon: model.HorizonImmediate,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			if !ownerDiscussed(f) || !unnamed(f.Owner.FlowOwner) {
				return said{}, false
			}
			return said{title: "Nobody owns " + s.flowName(i),
				message: quoted(s.flowName(i)) + " has no named flow owner.",
				fix:     "Name one person or team accountable for " + s.flowName(i) + " end to end."}, true
		},
	},
	{
		ID:        RuleManualCritical,
		FiresWhen: "an order, price, inventory, payment or returns flow runs by file drop or manual workaround",
		Impact:    4, Likelihood: 4, RevenueCritical: true, Horizon: model.HorizonRoadmap,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			dom := s.domains[i]
			if !manualCriticalDomains[dom] {
				return said{}, false
			}
			means, system := s.manualMeans(f)
			if means == "" {
				return said{}, false
			}
			how := means
			if system != "" {
				how += " (" + system + ")"
			}
			return said{title: s.flowName(i) + " runs by " + means,
				message: "The " + dom + " flow " + quoted(s.flowName(i)) + " runs by " + how + ", so it depends on people and files arriving and nothing checks what goes live.",
				fix:     "Automate " + s.flowName(i) + " through the integration layer with validation; until then, add a second-person check and a log of each run."}, true
		},
	},
	{
		// Prices pushed from a spreadsheet while the ERP is the decided
		// master fire it, even when that flow's own answer named the
		// spreadsheet: the decision outranks one flow's claim. Data flowing
		// into the master is how the master learns it (web orders into the
		// ERP), so it is not a finding; nor is a flow whose domain has no
		// master named at all, which is a gap.
		ID:        RuleSourceNotMaster,
		FiresWhen: "a flow sends a domain's data from a system that is neither its named source of truth nor the domain's decided one",
		Impact:    4, Likelihood: 3, RevenueCritical: true, Horizon: model.HorizonImmediate,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			dom := s.domains[i]
			owner := s.decided[dom]
			if owner == "" {
				owner = f.Source.System
			}
			// A master nobody knows is SOT_MISSING's or SOT_CONFLICT's finding.
			if f.From == "" || owner == "" || owner == model.UnknownSystem || f.From == owner || f.To == owner {
				return said{}, false
			}
			from, to, ownerName := s.systemName(f.From), s.systemName(f.To), s.systemName(owner)
			return said{title: s.flowName(i) + " sends " + dom + " data that " + ownerName + " should own",
				message: quoted(s.flowName(i)) + " sends " + dom + " data from " + from + " to " + to + ", but " + ownerName + " is the source of truth, so " + to + " can show values " + ownerName + " never had.",
				fix:     "Send " + dom + " data to " + to + " from " + ownerName + ", or make " + from + " write into " + ownerName + " first."}, true
		},
	},
	{
		// It names where a credential was written, never the text: per
		// flow, then for the session as a whole.
		ID:        RuleSecretInNotes,
		FiresWhen: "an answer looks like a credential (API key, token, password=...); exports redact it",
		Impact:    4, Likelihood: 4, RevenueCritical: true, Horizon: model.HorizonImmediate,
		flow: func(s *summarizer, i int, f *model.Flow) (said, bool) {
			labels := s.credentials[i]
			if len(labels) == 0 {
				return said{}, false
			}
			return said{title: "Credential written into the answers of " + s.flowName(i),
				message: "An answer in " + quoted(s.flowName(i)) + " (" + strings.Join(labels, ", ") + ") looks like a credential; exports redact it, but it should be rotated and kept out of the notes.",
				fix:     rotateCredential}, true
		},
		session: func(s *summarizer) []ruleHit {
			labels, ok := s.credentials[-1]
			if !ok {
				return nil
			}
			return []ruleHit{{flow: -1, key: FindingKey(RuleSecretInNotes, "", ""), said: said{
				title:   "Credential written into the session's answers",
				message: "An answer in " + strings.Join(labels, ", ") + " looks like a credential; exports redact it, but it should be rotated and kept out of the notes.",
				fix:     rotateCredential}}}
		},
	},
	// A duplicate's finding takes the score, flags and horizon of the risk
	// a merge would keep; these are for a risk scored 0 while it is typed.
	{
		ID:        RuleDuplicateRisk,
		FiresWhen: "two open risks on flows that share a system name the same failure of it (a dead-letter queue, an expired credential...), in whatever words; it suggests the score of the risk a merge keeps",
		Impact:    3, Likelihood: 3, CustomerVisible: true, Horizon: model.HorizonImmediate,
		session: (*summarizer).duplicateRisks,
	},
}

const rotateCredential = "Rotate the credential, keep it in a vault, and write down where it lives instead of what it is."

func ruleByID(id string) *Rule {
	for i := range Rules {
		if Rules[i].ID == id {
			return &Rules[i]
		}
	}
	panic("review: no rule " + id) // unreachable: ids are the constants above
}

// ruleHit is one finding, with the risk it suggests.
type ruleHit struct {
	rule *Rule
	// of is what the rule checked to find it: a flow, a source-of-truth
	// row or the session.
	of     hitOf
	flow   int // index in d.Flows, -1 for a domain or the session as a whole
	domain string
	key    string // RULE:flow-id, RULE:domain:NAME or RULE:session
	said
	// where names the flows of a finding about two of them; "" is the
	// flow's own name.
	where string
	// risk, when set, is the register entry whose score, flags and horizon
	// the finding suggests: the risk a duplicate merges into.
	risk *RegisterEntry
}

// hitOf is the check of a rule that found a hit.
type hitOf uint8

const (
	ofFlow hitOf = iota
	ofDomain
	ofSession
)

// Finding key subjects beyond a flow id.
const (
	domainSubject  = "domain:"
	sessionSubject = "session"
)

// FindingKey is the key of a rule's finding on a flow (flowID), a domain
// (domain non-empty) or the session as a whole (both empty).
func FindingKey(rule, flowID, domain string) string {
	switch {
	case flowID != "":
		return rule + ":" + flowID
	case domain != "":
		return rule + ":" + domainSubject + domain
	}
	return rule + ":" + sessionSubject
}

// flowHit is the rule's finding on flow i, if it has one.
func (s *summarizer) flowHit(r *Rule, i int) (ruleHit, bool) {
	w, ok := r.flow(s, i, &s.d.Flows[i])
	if !ok {
		return ruleHit{}, false
	}
	return ruleHit{rule: r, flow: i, domain: s.domains[i], key: FindingKey(r.ID, s.d.Flows[i].ID, ""), said: w}, true
}

// domainHit is the rule's finding on a row of the source-of-truth map, if
// it has one.
func (s *summarizer) domainHit(r *Rule, row *DomainSource) (ruleHit, bool) {
	w, ok := r.domain(s, row)
	if !ok {
		return ruleHit{}, false
	}
	return ruleHit{rule: r, of: ofDomain, flow: -1, domain: row.Domain, key: FindingKey(r.ID, "", row.Domain), said: w}, true
}

// sessionHits are the rule's findings on the session as a whole.
func (s *summarizer) sessionHits(r *Rule) []ruleHit {
	hits := r.session(s)
	for i := range hits {
		hits[i].rule, hits[i].of = r, ofSession
	}
	return hits
}

// evaluateRules runs every rule the pack leaves on, returning findings in
// rule order, then flow order, source-of-truth row order and the session's
// (register order for duplicates). It reads the source-of-truth map,
// decisions, credentials and register the summarizer holds.
func (s *summarizer) evaluateRules(settings map[string]model.RuleSetting) []ruleHit {
	var hits []ruleHit
	for ri := range Rules {
		r := &Rules[ri]
		if settings[r.ID].Disabled {
			continue
		}
		if r.flow != nil {
			for i := range s.d.Flows {
				if h, ok := s.flowHit(r, i); ok {
					hits = append(hits, h)
				}
			}
		}
		if r.domain != nil {
			for j := range s.sot {
				if h, ok := s.domainHit(r, &s.sot[j]); ok {
					hits = append(hits, h)
				}
			}
		}
		if r.session != nil {
			hits = append(hits, s.sessionHits(r)...)
		}
	}
	return hits
}

// decidedSources maps each decided domain to the system the room named its
// source of truth.
func decidedSources(sot []DomainSource) map[string]string {
	decided := map[string]string{}
	for _, row := range sot {
		if row.Status == StatusDecided {
			decided[row.Domain] = row.System
		}
	}
	return decided
}

// credentialLabels names the places credentials were written, by flow
// index (-1 for the session's own details), each place once, in the order
// found.
func (s *summarizer) credentialLabels(places []model.TextPlace) map[int][]string {
	byFlow := map[int][]string{}
	for _, p := range places {
		label := s.placeLabel(p)
		if !slices.Contains(byFlow[p.Flow], label) {
			byFlow[p.Flow] = append(byFlow[p.Flow], label)
		}
	}
	return byFlow
}
