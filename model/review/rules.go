package review

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"archreview/model"
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

// Rule is an anti-pattern the summary catches on its own, with the score,
// revenue and customer flags and horizon its findings enter the register with.
// The flags are the ones its impact means (model.ImpactFlags); a test holds
// the table to that.
type Rule struct {
	ID              string
	FiresWhen       string
	Impact          int
	Likelihood      int
	RevenueCritical bool
	CustomerVisible bool
	Horizon         model.Horizon
}

// Rules are the review's rules in the order findings are listed. Decisions
// (naming a source, an owner; rotating a credential) and cheap guards
// (alerting, idempotency checks) are immediate; rebuilding a flow is roadmap.
var Rules = []Rule{
	{RuleSOTConflict, "two flows of one domain name different source-of-truth systems (or one names a system and another says unknown) and the room has neither decided nor parked the domain", 4, 4, true, false, model.HorizonImmediate},
	{RuleSOTMissing, "a core domain has no source of truth named by any flow and no decision, or the room said unknown for a domain and named no system", 3, 3, false, true, model.HorizonImmediate},
	{RuleLastWriterWins, "a flow has other writers and its conflict rule is last-writer-wins or unknown", 4, 3, true, false, model.HorizonRoadmap},
	{RuleNoIdempotency, "an order, payment or returns flow, or any real-time/event-driven flow (or one whose pattern nobody knows), has idempotency none or unknown", 4, 3, true, false, model.HorizonImmediate},
	{RuleStaleInventory, "an inventory flow to a selling system (storefront, marketplace, pos, procurement punch-out) is batch, file, manual or unknown", 5, 3, true, true, model.HorizonRoadmap},
	{RuleNoMonitoring, "a flow's monitoring level is none or unknown (an alert to a shared inbox or a dashboard only: a lower score)", 3, 4, false, true, model.HorizonImmediate},
	{RuleNoRetry, "a non-manual flow's retry level is none or unknown", 3, 3, false, true, model.HorizonRoadmap},
	{RuleNoOwner, "a flow whose owner step was discussed has no flow owner", 3, 3, false, true, model.HorizonImmediate},
	{RuleManualCritical, "an order, price, inventory, payment or returns flow runs by file drop or manual workaround", 4, 4, true, false, model.HorizonRoadmap},
	{RuleSourceNotMaster, "a flow sends a domain's data from a system that is neither its named source of truth nor the domain's decided one", 4, 3, true, false, model.HorizonImmediate},
	{RuleSecretInNotes, "an answer looks like a credential (API key, token, password=...); exports redact it", 4, 4, true, false, model.HorizonImmediate},
	// A duplicate's finding takes the score, flags and horizon of the risk
	// a merge would keep; these are for a risk scored 0 while it is typed.
	{RuleDuplicateRisk, "two open risks on flows that share a system name the same failure of it (a dead-letter queue, an expired credential...), in whatever words; it suggests the score of the risk a merge keeps", 3, 3, false, true, model.HorizonImmediate},
}

func ruleByID(id string) *Rule {
	for i := range Rules {
		if Rules[i].ID == id {
			return &Rules[i]
		}
	}
	panic("review: no rule " + id) // unreachable: ids are the constants above
}

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

// ruleHit is one finding, with the risk it suggests.
type ruleHit struct {
	rule    *Rule
	flow    int // index in d.Flows, -1 for a domain or the session as a whole
	domain  string
	key     string // RULE:flow-id, RULE:domain:NAME or RULE:session
	title   string
	message string
	fix     string
	// lower takes this much off the rule's likelihood: a weaker form of the
	// anti-pattern (an alert nobody in particular reads).
	lower int
	// where names the flows of a finding about two of them; "" is the
	// flow's own name.
	where string
	// risk, when set, is the register entry whose score, flags and horizon
	// the finding suggests: the risk a duplicate merges into.
	risk *RegisterEntry
}

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

// evaluateRules runs every rule, returning findings in rule order, then flow
// order (domain order for the source-of-truth rules, register order for
// duplicates). register is the ranked register.
func (s *summarizer) evaluateRules(sot []DomainSource, credentials []model.TextPlace, register []RegisterEntry) []ruleHit {
	var hits []ruleHit
	add := func(rule string, flow int, domain, title, message, fix string) {
		key := FindingKey(rule, s.flowID(flow), domain)
		hits = append(hits, ruleHit{rule: ruleByID(rule), flow: flow, domain: domain, key: key, title: title, message: message, fix: fix})
	}
	lower := func(by int) { hits[len(hits)-1].lower = by }
	each := func(check func(i int, f *model.Flow)) {
		for i := range s.d.Flows {
			check(i, &s.d.Flows[i])
		}
	}

	// Messages are built by concatenation: there are thousands of them in a
	// large session, and the summary is derived again for every export and
	// whenever the app draws its summary tab after the answers changed.
	for _, row := range sot {
		if row.Status != StatusConflict {
			continue
		}
		title := "The " + row.Domain + " domain has " + strconv.Itoa(countSystems(row.Claims)) + " sources of truth"
		msg := "Flows of the " + row.Domain + " domain name different sources of truth: " + s.describeClaims(row.Claims)
		if s.saidUnknown(row) {
			title = "The " + row.Domain + " domain's source of truth is not agreed"
			msg = "Asked which system owns " + row.Domain + " data, the room gave different answers: " + s.describeClaims(row.Claims)
			if s.decidedUnknown(row.Domain) {
				msg += ", and its decision says unknown"
			}
		}
		add(RuleSOTConflict, -1, row.Domain, title, msg+".",
			"Agree which one system owns "+row.Domain+" data, make the others read from it, and record who decided.")
	}
	for _, row := range sot {
		unknown := s.saidUnknown(row)
		if row.Status != StatusMissing || !row.Core && !unknown {
			continue
		}
		msg := "No " + row.Domain + " flow names a source-of-truth system."
		switch {
		case unknown:
			msg = "Asked which system owns " + row.Domain + " data, nobody in the room knew."
		case row.Flows == 0:
			msg = "The session has no " + row.Domain + " flow, so nobody named the system that owns " + row.Domain + " data."
		}
		add(RuleSOTMissing, -1, row.Domain,
			"No source of truth named for "+row.Domain, msg,
			"Name the one system that owns "+row.Domain+" data and record who decided, or park it with who decides.")
	}
	each(func(i int, f *model.Flow) {
		rule := f.Source.ConflictRule
		if rule != model.ConflictLastWriterWins && rule != model.ConflictUnknown {
			return
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
			return
		}
		how := "its conflict rule is last-writer-wins, so a late write silently overwrites a correct one"
		if rule == model.ConflictUnknown {
			how = "nobody knows which write wins, so a late write may silently overwrite a correct one"
		}
		add(RuleLastWriterWins, i, s.domains[i],
			"Writers overwrite each other on "+s.flowName(i),
			quoted(s.flowName(i))+" has other writers ("+JoinNames(writers)+") and "+how+".",
			"Agree one writer per field (the source of truth), or refuse stale writes with a version or timestamp check.")
	})
	each(func(i int, f *model.Flow) {
		idem := f.Contract.Idempotency
		if idem != model.IdempotencyNone && idem != model.IdempotencyUnknown {
			return
		}
		// A pattern nobody knows may be real-time: unknown is a finding.
		dom, p := s.domains[i], f.Contract.Pattern
		if !replayDomains[dom] && p != model.PatternRealTime && p != model.PatternEventDriven && p != model.PatternUnknown {
			return
		}
		what := " has no idempotency"
		if idem == model.IdempotencyUnknown {
			what = " has unknown idempotency"
		}
		to := s.systemName(f.To)
		add(RuleNoIdempotency, i, dom,
			"Replays can create duplicates on "+s.flowName(i),
			quoted(s.flowName(i))+what+", so a retried or replayed message can create a duplicate in "+to+".",
			"Have "+to+" check an idempotency key or upsert on a business key, so a replay changes nothing.")
	})
	each(func(i int, f *model.Flow) {
		p := f.Contract.Pattern
		if s.domains[i] != "inventory" || !sellingKinds[s.systemKind(f.To)] ||
			(p != model.PatternBatch && p != model.PatternFile && p != model.PatternManual && p != model.PatternUnknown) {
			return
		}
		to := s.systemName(f.To)
		how := " sends stock to " + to + " by " + patternPhrase(p)
		if p == model.PatternUnknown {
			how = " sends stock to " + to + " in a way nobody in the room knows, maybe in batches"
		}
		add(RuleStaleInventory, i, s.domains[i],
			"Stale stock on "+to+" can oversell",
			quoted(s.flowName(i))+how+", so it can sell stock that is already gone.",
			"Send stock changes to "+to+" as events or frequent deltas, and hold a safety buffer on fast movers until then.")
	})
	each(func(i int, f *model.Flow) {
		level := f.Failure.MonitoringLevel
		var how string
		by := 0
		switch level {
		case model.MonitorNone:
			how = "nobody is alerted; someone finds out when a customer or a colleague complains"
		case model.MonitorUnknown:
			how = "nobody in the room knows who would be alerted"
		case model.MonitorSharedInbox:
			how, by = "its alert lands in a shared inbox, where it is everyone's and no one's", 2
		case model.MonitorDashboard:
			how, by = "it shows on a dashboard, which tells nobody unless someone is looking", 1
		default:
			return
		}
		add(RuleNoMonitoring, i, s.domains[i],
			"Failures of "+s.flowName(i)+" go unnoticed",
			"When "+quoted(s.flowName(i))+" fails or stops, "+how+".",
			"Alert a named person when "+s.flowName(i)+" fails or goes quiet, and show its health on a dashboard someone reads.")
		lower(by)
	})
	each(func(i int, f *model.Flow) {
		level := f.Failure.RetryLevel
		if f.Contract.Pattern == model.PatternManual || (level != model.RetryNone && level != model.RetryUnknown) {
			return
		}
		how := "does not retry"
		if level == model.RetryUnknown {
			how = "may not retry: nobody in the room knows"
		}
		add(RuleNoRetry, i, s.domains[i],
			"Failed transfers on "+s.flowName(i)+" are not retried",
			quoted(s.flowName(i))+" "+how+", so a failed transfer is lost until someone notices.",
			"Retry failed transfers with backoff, and park what still fails where someone can see and replay it.")
	})
	each(func(i int, f *model.Flow) {
		if !ownerDiscussed(f) || !unnamed(f.Owner.FlowOwner) {
			return
		}
		add(RuleNoOwner, i, s.domains[i],
			"Nobody owns "+s.flowName(i),
			quoted(s.flowName(i))+" has no named flow owner.",
			"Name one person or team accountable for "+s.flowName(i)+" end to end.")
	})
	each(func(i int, f *model.Flow) {
		dom := s.domains[i]
		if !manualCriticalDomains[dom] {
			return
		}
		means, system := s.manualMeans(f)
		if means == "" {
			return
		}
		how := means
		if system != "" {
			how += " (" + system + ")"
		}
		add(RuleManualCritical, i, dom,
			s.flowName(i)+" runs by "+means,
			"The "+dom+" flow "+quoted(s.flowName(i))+" runs by "+how+", so it depends on people and files arriving and nothing checks what goes live.",
			"Automate "+s.flowName(i)+" through the integration layer with validation; until then, add a second-person check and a log of each run.")
	})
	s.sourceNotMaster(sot, add)
	s.credentialFindings(credentials, add)
	return append(hits, s.duplicateRisks(register)...)
}

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

// sourceNotMaster finds flows that send a domain's data from a system that
// is not its master: the domain's decided source of truth, or, while the
// room has not decided, the one the flow names. Prices pushed from a
// spreadsheet while the ERP is the master fire it, even when that flow's own
// answer named the spreadsheet: the decision outranks one flow's claim.
// Data flowing into the master is how the master learns it (web orders into
// the ERP), so it is not a finding; nor is a flow whose domain has no master
// named at all, which is a gap.
func (s *summarizer) sourceNotMaster(sot []DomainSource, add func(rule string, flow int, domain, title, message, fix string)) {
	decided := map[string]string{}
	for _, row := range sot {
		if row.Status == StatusDecided {
			decided[row.Domain] = row.System
		}
	}
	for i := range s.d.Flows {
		f := &s.d.Flows[i]
		dom := s.domains[i]
		owner := decided[dom]
		if owner == "" {
			owner = f.Source.System
		}
		// A master nobody knows is SOT_MISSING's or SOT_CONFLICT's finding.
		if f.From == "" || owner == "" || owner == model.UnknownSystem || f.From == owner || f.To == owner {
			continue
		}
		from, to, ownerName := s.systemName(f.From), s.systemName(f.To), s.systemName(owner)
		add(RuleSourceNotMaster, i, dom,
			s.flowName(i)+" sends "+dom+" data that "+ownerName+" should own",
			quoted(s.flowName(i))+" sends "+dom+" data from "+from+" to "+to+", but "+ownerName+" is the source of truth, so "+to+" can show values "+ownerName+" never had.",
			"Send "+dom+" data to "+to+" from "+ownerName+", or make "+from+" write into "+ownerName+" first.")
	}
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

// credentialFindings reports, per flow and then for the session as a whole,
// where answers look like credentials; it names places, never the text.
func (s *summarizer) credentialFindings(places []model.TextPlace, add func(rule string, flow int, domain, title, message, fix string)) {
	if len(places) == 0 {
		return
	}
	byFlow := map[int][]string{}
	for _, p := range places {
		label := s.placeLabel(p)
		if !slices.Contains(byFlow[p.Flow], label) {
			byFlow[p.Flow] = append(byFlow[p.Flow], label)
		}
	}
	const fix = "Rotate the credential, keep it in a vault, and write down where it lives instead of what it is."
	for _, fi := range slices.Sorted(maps.Keys(byFlow)) {
		if fi < 0 {
			continue
		}
		add(RuleSecretInNotes, fi, s.domains[fi],
			"Credential written into the answers of "+s.flowName(fi),
			"An answer in "+quoted(s.flowName(fi))+" ("+strings.Join(byFlow[fi], ", ")+") looks like a credential; exports redact it, but it should be rotated and kept out of the notes.",
			fix)
	}
	if labels, ok := byFlow[-1]; ok {
		add(RuleSecretInNotes, -1, "",
			"Credential written into the session's answers",
			fmt.Sprintf("An answer in %s looks like a credential; exports redact it, but it should be rotated and kept out of the notes.", strings.Join(labels, ", ")),
			fix)
	}
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
