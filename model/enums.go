package model

import "strings"

// Step is one of the four questions every flow is walked through.
type Step int

const (
	StepSource Step = iota
	StepContract
	StepFailure
	StepOwner
)

// Steps lists the four steps in the order the review takes them.
var Steps = []Step{StepSource, StepContract, StepFailure, StepOwner}

var stepNames = [...]string{"source", "contract", "failure", "owner"}

func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return ""
	}
	return stepNames[s]
}

// Title is the step's name for a heading.
func (s Step) Title() string {
	n := s.String()
	if n == "" {
		return ""
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// ParseStep turns a step's name back into the step.
func ParseStep(name string) (Step, bool) {
	for i, n := range stepNames {
		if n == name {
			return Step(i), true
		}
	}
	return 0, false
}

// Choice is one value of an enumeration with what it means in the room.
type Choice struct {
	Value   string
	Meaning string
}

func values(cs []Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Value
	}
	return out
}

func oneOf(cs []Choice, v string) bool {
	for _, c := range cs {
		if c.Value == v {
			return true
		}
	}
	return false
}

// Pattern is how a flow moves its data.
type Pattern string

const (
	PatternRealTime    Pattern = "real-time"
	PatternBatch       Pattern = "batch"
	PatternEventDriven Pattern = "event-driven"
	PatternFile        Pattern = "file"
	PatternManual      Pattern = "manual"
	PatternUnknown     Pattern = "unknown"
)

// PatternChoices are the integration patterns with what each implies.
var PatternChoices = []Choice{
	{string(PatternRealTime), "synchronous API call when the change happens"},
	{string(PatternBatch), "scheduled job moves changes in bulk"},
	{string(PatternEventDriven), "events on a queue or webhook, consumed asynchronously"},
	{string(PatternFile), "a file dropped on SFTP, a share or a bucket"},
	{string(PatternManual), "a person re-keys or uploads it"},
	{string(PatternUnknown), "nobody in the room knows"},
}

// ConflictRule is how two writers of the same record are reconciled.
type ConflictRule string

const (
	ConflictSingleWriter   ConflictRule = "single-writer"
	ConflictLastWriterWins ConflictRule = "last-writer-wins"
	ConflictVersioned      ConflictRule = "versioned"
	ConflictManual         ConflictRule = "manual"
	ConflictUnknown        ConflictRule = "unknown"
)

// ConflictRuleChoices are the ways writers are reconciled.
var ConflictRuleChoices = []Choice{
	{string(ConflictSingleWriter), "only the source of truth ever writes"},
	{string(ConflictLastWriterWins), "whichever write lands last overwrites"},
	{string(ConflictVersioned), "a version or timestamp decides; stale writes are refused"},
	{string(ConflictManual), "a person reconciles differences"},
	{string(ConflictUnknown), "nobody in the room knows"},
}

// Idempotency is how a receiver survives the same message twice.
type Idempotency string

const (
	IdempotencyKey        Idempotency = "key"
	IdempotencyNaturalKey Idempotency = "natural-key"
	IdempotencyNone       Idempotency = "none"
	IdempotencyUnknown    Idempotency = "unknown"
)

// IdempotencyChoices are the ways a receiver copes with a replay.
var IdempotencyChoices = []Choice{
	{string(IdempotencyKey), "an idempotency key or message id is checked"},
	{string(IdempotencyNaturalKey), "upsert on a business key (order number, SKU)"},
	{string(IdempotencyNone), "a replay creates a duplicate"},
	{string(IdempotencyUnknown), "nobody in the room knows"},
}

// Horizon says whether a fix is done now or planned.
type Horizon string

const (
	HorizonImmediate Horizon = "immediate"
	HorizonRoadmap   Horizon = "roadmap"
)

// HorizonChoices are when a risk's fix lands.
var HorizonChoices = []Choice{
	{string(HorizonImmediate), "fix now, before or during the next release"},
	{string(HorizonRoadmap), "plan it into the integration roadmap"},
}

// SystemKind says what sort of thing a system on the map is.
type SystemKind string

// SystemKindChoices are the kinds of system on a current-state map.
var SystemKindChoices = []Choice{
	{"storefront", "the web or app shop customers buy in"},
	{"erp", "finance, stock ledger and fulfilment back office"},
	{"oms", "order management: routing, splitting, status"},
	{"pim", "product information: attributes, copy, media"},
	{"wms", "warehouse: picking, packing, stock on hand"},
	{"pos", "point of sale in stores"},
	{"marketplace", "a third-party channel such as Amazon"},
	{"payment", "payment service provider"},
	{"crm", "customer records, loyalty, service"},
	{"ipaas", "integration platform (Boomi, Celigo, MuleSoft...)"},
	{"middleware", "an ESB, message broker or in-house integration layer"},
	{"connector", "a packaged app-to-app connector"},
	{"batch-job", "a scheduled script or job"},
	{"file-drop", "files on SFTP, a share or a bucket"},
	{"manual-workaround", "spreadsheets, re-keying, copy and paste"},
	{"edi", "an EDI network or VAN: orders, invoices, ASNs with trading partners"},
	{"tax", "a tax engine: rates, exemptions, filing (Avalara, Vertex...)"},
	{"procurement", "a buyer's procurement or punch-out network (Ariba, Coupa...)"},
	{"cpq", "configure-price-quote: quotes and contract prices before an order"},
	{"search", "site search and merchandising fed from the catalog (Algolia...)"},
	{"shipping", "carriers and shipping platforms: labels, rates, tracking"},
	{"other", "anything else"},
}

// UnknownSystem is the answer to a system question that the room was asked
// and could not give: distinct from "" (not asked yet), and never the id of
// a system, so no system may take it as its id.
const UnknownSystem = "unknown"

// UnknownSystemMeaning says what UnknownSystem means where it is offered.
const UnknownSystemMeaning = "asked; nobody in the room knows which system"

// DomainStatus is where the room left a data domain's decision.
type DomainStatus string

const (
	// DomainDecided: the room named the domain's source of truth. The
	// empty status reads as decided, as every decision before parking did.
	DomainDecided DomainStatus = "decided"
	// DomainParked: the room could not decide and asked someone who can,
	// by a date; no source of truth is needed until then.
	DomainParked DomainStatus = "parked"
)

// DomainStatusChoices are the states of a domain decision.
var DomainStatusChoices = []Choice{
	{string(DomainDecided), "the room named the source of truth"},
	{string(DomainParked), "asked of someone who decides, by a date"},
}

// CoreDomains must each end the review with exactly one source of truth.
var CoreDomains = []string{"catalog", "price", "inventory", "order", "customer"}

// DomainChoices are the core domains with what each covers; a flow may
// also name another (payment, shipment, returns).
var DomainChoices = []Choice{
	{"catalog", "products, attributes, content and media"},
	{"price", "list, sale and promotional prices"},
	{"inventory", "stock on hand and available to sell"},
	{"order", "orders, their status and fulfilment"},
	{"customer", "accounts, addresses and consent"},
}

// KnownDomainChoices are the domains the rules know beyond the core ones;
// the summary does not demand a source of truth for them.
var KnownDomainChoices = []Choice{
	{"payment", "authorisations, captures and refunds"},
	{"shipment", "shipping, tracking and delivery"},
	{"returns", "returns, exchanges and their refunds"},
}

// IsCoreDomain reports whether the domain is one the summary demands.
func IsCoreDomain(d string) bool {
	for _, c := range CoreDomains {
		if c == d {
			return true
		}
	}
	return false
}

// ImpactLevels says what each impact score means to the business; index 0 is
// unused so the slice reads by score.
var ImpactLevels = []string{
	"",
	"reporting or cosmetic",
	"internal pain, manual workaround",
	"customer-visible only (stale content or status)",
	"revenue-critical, not visible (orders stuck before ERP)",
	"revenue-critical and customer-visible (cannot order or pay, oversell, wrong price)",
}

// LikelihoodLevels says what each likelihood score means; index 0 is unused.
var LikelihoodLevels = []string{
	"",
	"guarded and monitored",
	"guarded",
	"plausible, partly guarded",
	"has happened and nothing guards it",
	"recurring incidents",
}

// ScoreChoices turns a level table into choices "1".."5".
func ScoreChoices(levels []string) []Choice {
	out := make([]Choice, 0, 5)
	for i := 1; i < len(levels); i++ {
		out = append(out, Choice{Value: string(rune('0' + i)), Meaning: levels[i]})
	}
	return out
}

// RiskStatus is where the work on a risk stands.
type RiskStatus string

const (
	RiskOpen       RiskStatus = "open"
	RiskInProgress RiskStatus = "in-progress"
	RiskMitigated  RiskStatus = "mitigated"
	RiskAccepted   RiskStatus = "accepted"
)

// RiskStatusChoices are the tracking states of a risk; "" reads as open.
var RiskStatusChoices = []Choice{
	{string(RiskOpen), "nobody has started on the fix"},
	{string(RiskInProgress), "the fix is being built"},
	{string(RiskMitigated), "the fix is live; kept in the register, out of the plan"},
	{string(RiskAccepted), "the business accepts the risk as it is"},
}

// Closed reports whether the risk leaves the decision list and the slices:
// it is mitigated, or the business accepted it.
func (s RiskStatus) Closed() bool { return s == RiskMitigated || s == RiskAccepted }

// RetryLevel is how a flow recovers a failed transfer.
type RetryLevel string

const (
	RetryDeadLetter   RetryLevel = "automatic-with-dead-letter"
	RetryAutomatic    RetryLevel = "automatic"
	RetryManualReplay RetryLevel = "manual-replay"
	RetryNone         RetryLevel = "none"
	RetryUnknown      RetryLevel = "unknown"
)

// RetryLevelChoices are the ways a failed transfer comes back; "" means
// the room has not discussed it.
var RetryLevelChoices = []Choice{
	{string(RetryDeadLetter), "retried with backoff; what still fails is parked for replay"},
	{string(RetryAutomatic), "retried on its own; nothing keeps what keeps failing"},
	{string(RetryManualReplay), "someone re-sends or re-runs it by hand"},
	{string(RetryNone), "a failed transfer is lost"},
	{string(RetryUnknown), "nobody in the room knows"},
}

// MonitoringLevel is who learns that a flow failed or went quiet.
type MonitoringLevel string

const (
	MonitorNamedOwner  MonitoringLevel = "alert-to-named-owner"
	MonitorSharedInbox MonitoringLevel = "alert-to-shared-inbox"
	MonitorDashboard   MonitoringLevel = "dashboard-only"
	MonitorNone        MonitoringLevel = "none"
	MonitorUnknown     MonitoringLevel = "unknown"
)

// MonitoringLevelChoices are how a failure is noticed; "" means the room
// has not discussed it.
var MonitoringLevelChoices = []Choice{
	{string(MonitorNamedOwner), "an alert reaches a named person or on-call rota"},
	{string(MonitorSharedInbox), "an alert lands in a shared inbox or channel"},
	{string(MonitorDashboard), "it shows on a dashboard if someone looks"},
	{string(MonitorNone), "nobody knows until someone complains"},
	{string(MonitorUnknown), "nobody in the room knows"},
}

// Effort is how big a risk's fix is, in T-shirt sizes the session's
// settings turn into person-days (EffortDays).
type Effort string

const (
	EffortS  Effort = "S"
	EffortM  Effort = "M"
	EffortL  Effort = "L"
	EffortXL Effort = "XL"
)

// EffortChoices are the sizes of a fix, smallest first; "" means nobody
// has sized it yet. Their meanings give the default days, which a session
// may change in its settings.
var EffortChoices = []Choice{
	{string(EffortS), "small: " + defaultDaysWording(0)},
	{string(EffortM), "medium: " + defaultDaysWording(1)},
	{string(EffortL), "large: " + defaultDaysWording(2)},
	{string(EffortXL), "extra large: " + defaultDaysWording(3)},
}
