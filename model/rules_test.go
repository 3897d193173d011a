package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// testDoc builds small documents for rule tests. Its systems are named after
// their kind, and a flow starts healthy: it fires no rule until a test breaks
// one answer.
type testDoc struct{ d *Document }

func newTestDoc() *testDoc {
	b := &testDoc{d: &Document{Schema: SchemaID, Session: Session{ID: "s1", Name: "Rule test"}}}
	for _, k := range []SystemKind{"storefront", "erp", "wms", "pos", "marketplace", "pim", "ipaas", "file-drop", "manual-workaround", "payment", "crm"} {
		b.d.Systems = append(b.d.Systems, System{ID: string(k), Name: strings.ToUpper(string(k)) + " system", Kind: k})
	}
	return b
}

// flow adds a healthy flow of the domain from one system to another, then
// applies the edits.
func (b *testDoc) flow(id, domain, from, to string, edits ...func(*Flow)) *testDoc {
	f := Flow{
		ID: id, Name: "Flow " + id, Domain: domain, From: from, To: to,
		Source:   SourceStep{System: from, ConflictRule: ConflictSingleWriter, Done: true},
		Contract: ContractStep{Pattern: PatternEventDriven, PatternRationale: "needed within minutes", Idempotency: IdempotencyKey, Done: true},
		Failure:  FailureStep{Retries: "3 retries with backoff, then a dead-letter queue", Monitoring: "PagerDuty alert to the on-call engineer", Done: true},
		Owner:    OwnerStep{FlowOwner: "Integration team", Done: true},
	}
	for _, e := range edits {
		e(&f)
	}
	b.d.Flows = append(b.d.Flows, f)
	return b
}

// everyCoreDomain adds a healthy flow for each core domain, so SOT_MISSING
// stays quiet.
func (b *testDoc) everyCoreDomain() *testDoc {
	for _, dom := range CoreDomains {
		b.flow("core-"+dom, dom, "erp", "crm")
	}
	return b
}

func findingsOf(sum *Summary, rule string) []Finding {
	var out []Finding
	for _, f := range sum.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestRules(t *testing.T) {
	set := func(step Step, key, value string) func(*Flow) {
		return func(f *Flow) { f.Set(step, key, value) }
	}
	via := func(id string) func(*Flow) { return func(f *Flow) { f.Via = id } }
	cases := []struct {
		name  string
		rule  string
		doc   *testDoc
		fires bool
		says  string // a word the message must contain when it fires
	}{
		{"sot conflict: two sources", RuleSOTConflict, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "wms", "storefront").
			flow("b", "inventory", "erp", "marketplace"), true, "WMS system"},
		{"sot conflict: same source twice", RuleSOTConflict, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "erp", "storefront").
			flow("b", "inventory", "erp", "marketplace"), false, ""},
		{"sot conflict: one flow names none", RuleSOTConflict, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "wms", "storefront", set(StepSource, "system", "")), false, ""},

		{"sot missing: no price flow", RuleSOTMissing, newTestDoc().
			flow("a", "catalog", "pim", "storefront").flow("b", "inventory", "wms", "storefront").
			flow("c", "order", "storefront", "erp").flow("d", "customer", "storefront", "crm"), true, "price"},
		{"sot missing: price flows name none", RuleSOTMissing, newTestDoc().
			flow("a", "catalog", "pim", "storefront").flow("b", "inventory", "wms", "storefront").
			flow("c", "order", "storefront", "erp").flow("d", "customer", "storefront", "crm").
			flow("e", "price", "erp", "storefront", set(StepSource, "system", "")).
			flow("f", "price", "erp", "pos", set(StepSource, "system", "")), true, "No price flow"},
		{"sot missing: every core domain named", RuleSOTMissing, newTestDoc().everyCoreDomain(), false, ""},
		{"sot missing: other domain not demanded", RuleSOTMissing, newTestDoc().everyCoreDomain().
			flow("a", "payment", "payment", "erp", set(StepSource, "system", "")), false, ""},

		{"last writer wins", RuleLastWriterWins, newTestDoc().everyCoreDomain().
			flow("a", "price", "erp", "storefront", set(StepSource, "other_writers", "storefront"), set(StepSource, "conflict_rule", "last-writer-wins")), true, "STOREFRONT system"},
		{"last writer wins: unknown rule", RuleLastWriterWins, newTestDoc().everyCoreDomain().
			flow("a", "price", "erp", "storefront", set(StepSource, "other_writers", "storefront"), set(StepSource, "conflict_rule", "unknown")), true, "nobody knows"},
		{"last writer wins: versioned", RuleLastWriterWins, newTestDoc().everyCoreDomain().
			flow("a", "price", "erp", "storefront", set(StepSource, "other_writers", "storefront"), set(StepSource, "conflict_rule", "versioned")), false, ""},
		{"last writer wins: no other writer", RuleLastWriterWins, newTestDoc().everyCoreDomain().
			flow("a", "price", "erp", "storefront", set(StepSource, "conflict_rule", "last-writer-wins")), false, ""},
		{"last writer wins: the source listed as writer", RuleLastWriterWins, newTestDoc().everyCoreDomain().
			flow("a", "price", "erp", "storefront", set(StepSource, "other_writers", "erp"), set(StepSource, "conflict_rule", "last-writer-wins")), false, ""},

		{"no idempotency: batch order flow, none", RuleNoIdempotency, newTestDoc().everyCoreDomain().
			flow("a", "order", "storefront", "erp", set(StepContract, "pattern", "batch"), set(StepContract, "idempotency", "none")), true, "ERP system"},
		{"no idempotency: real-time catalog flow, unknown", RuleNoIdempotency, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "pattern", "real-time"), set(StepContract, "idempotency", "unknown")), true, "unknown"},
		{"no idempotency: payment flow, none", RuleNoIdempotency, newTestDoc().everyCoreDomain().
			flow("a", "payment", "payment", "erp", set(StepContract, "pattern", "file"), set(StepContract, "idempotency", "none")), true, "duplicate"},
		{"no idempotency: order flow with a key", RuleNoIdempotency, newTestDoc().everyCoreDomain().
			flow("a", "order", "storefront", "erp", set(StepContract, "idempotency", "key")), false, ""},
		{"no idempotency: batch catalog flow, none", RuleNoIdempotency, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "pattern", "batch"), set(StepContract, "idempotency", "none")), false, ""},
		{"no idempotency: not yet answered", RuleNoIdempotency, newTestDoc().everyCoreDomain().
			flow("a", "order", "storefront", "erp", set(StepContract, "idempotency", "")), false, ""},

		{"stale inventory: batch to storefront", RuleStaleInventory, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "wms", "storefront", set(StepContract, "pattern", "batch")), true, "STOREFRONT system"},
		{"stale inventory: file to marketplace", RuleStaleInventory, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "erp", "marketplace", set(StepContract, "pattern", "file")), true, "by file"},
		{"stale inventory: manual to pos", RuleStaleInventory, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "erp", "pos", set(StepContract, "pattern", "manual")), true, "POS system"},
		{"stale inventory: events to storefront", RuleStaleInventory, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "wms", "storefront", set(StepContract, "pattern", "event-driven")), false, ""},
		{"stale inventory: batch to the erp", RuleStaleInventory, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "wms", "erp", set(StepContract, "pattern", "batch")), false, ""},
		{"stale inventory: catalog batch to storefront", RuleStaleInventory, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "pattern", "batch")), false, ""},

		{"no monitoring: empty", RuleNoMonitoring, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "monitoring", "  ")), true, "is empty"},
		{"no monitoring: None.", RuleNoMonitoring, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "monitoring", "None.")), true, "says none"},
		{"no monitoring: N/A", RuleNoMonitoring, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "monitoring", " N/A ")), true, "says none"},
		{"no monitoring: dash", RuleNoMonitoring, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "monitoring", "-")), true, "says none"},
		{"no monitoring: nothing", RuleNoMonitoring, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "monitoring", "Nothing")), true, "says none"},
		{"no monitoring: an answer mentioning no", RuleNoMonitoring, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "monitoring", "No alert yet; Datadog dashboard only")), false, ""},

		{"no retry: empty on batch", RuleNoRetry, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "pattern", "batch"), set(StepFailure, "retries", "")), true, "is empty"},
		{"no retry: says no", RuleNoRetry, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "retries", "NO")), true, "says none"},
		{"no retry: manual flow", RuleNoRetry, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "pattern", "manual"), set(StepFailure, "retries", "")), false, ""},
		{"no retry: retries answered", RuleNoRetry, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepFailure, "retries", "retried on the next run")), false, ""},

		{"no owner: empty", RuleNoOwner, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepOwner, "flow_owner", "")), true, "Flow a"},
		{"no owner: TBD", RuleNoOwner, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepOwner, "flow_owner", "TBD")), true, "Flow a"},
		{"no owner: named", RuleNoOwner, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepOwner, "flow_owner", "Content team lead")), false, ""},

		{"manual critical: manual price flow", RuleManualCritical, newTestDoc().everyCoreDomain().
			flow("a", "price", "erp", "storefront", set(StepContract, "pattern", "manual")), true, "manual workaround"},
		{"manual critical: order flow via a file drop", RuleManualCritical, newTestDoc().everyCoreDomain().
			flow("a", "order", "storefront", "erp", via("file-drop")), true, "FILE-DROP system"},
		{"manual critical: inventory from a spreadsheet", RuleManualCritical, newTestDoc().everyCoreDomain().
			flow("a", "inventory", "manual-workaround", "storefront"), true, "MANUAL-WORKAROUND system"},
		{"manual critical: payment file", RuleManualCritical, newTestDoc().everyCoreDomain().
			flow("a", "payment", "payment", "erp", set(StepContract, "pattern", "file")), false, ""},
		{"manual critical: manual catalog flow", RuleManualCritical, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "pattern", "manual")), false, ""},
		{"manual critical: automated order flow", RuleManualCritical, newTestDoc().everyCoreDomain().
			flow("a", "order", "storefront", "erp", via("ipaas")), false, ""},

		{"secret in notes", RuleSecretInNotes, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "environments", "SFTP login ops / password=Tr0ub4dor&3")), true, "contract: Environments and secrets"},
		{"secret in notes: where it lives", RuleSecretInNotes, newTestDoc().everyCoreDomain().
			flow("a", "catalog", "pim", "storefront", set(StepContract, "environments", "Credentials live in the Celigo vault; password: rotated quarterly")), false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sum := Summarize(c.doc.d)
			got := findingsOf(sum, c.rule)
			if !c.fires {
				if len(got) > 0 {
					t.Fatalf("%s fired: %q", c.rule, got[0].Message)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%s fired %d times, want once: %+v", c.rule, len(got), got)
			}
			if !strings.Contains(got[0].Message, c.says) {
				t.Errorf("message %q does not say %q", got[0].Message, c.says)
			}
			if strings.Count(got[0].Message, ". ") > 0 || !strings.HasSuffix(got[0].Message, ".") {
				t.Errorf("message %q is not one sentence", got[0].Message)
			}
			var entry *RegisterEntry
			for i := range sum.Risks {
				if sum.Risks[i].Origin == "rule:"+c.rule {
					entry = &sum.Risks[i]
				}
			}
			rule := ruleByID(c.rule)
			switch {
			case entry == nil:
				t.Fatalf("the finding is not in the register")
			case entry.Impact != rule.Impact || entry.Likelihood != rule.Likelihood || entry.Horizon != rule.Horizon:
				t.Errorf("register entry %+v does not carry the rule's defaults %+v", *entry, *rule)
			case entry.Fix == "" || entry.Title == "" || hasFlag(entry.Flags, FlagNoFix):
				t.Errorf("register entry %+v has no suggested fix or title", *entry)
			}
		})
	}
}

func TestHealthyDocumentHasNoFindings(t *testing.T) {
	sum := Summarize(newTestDoc().everyCoreDomain().d)
	if len(sum.Findings) > 0 {
		t.Fatalf("a healthy document has findings: %+v", sum.Findings)
	}
}

func TestRulesListEveryRuleOnce(t *testing.T) {
	want := []string{RuleSOTConflict, RuleSOTMissing, RuleLastWriterWins, RuleNoIdempotency, RuleStaleInventory,
		RuleNoMonitoring, RuleNoRetry, RuleNoOwner, RuleManualCritical, RuleSecretInNotes}
	var got []string
	for _, r := range Rules {
		got = append(got, r.ID)
		if r.Impact < 1 || r.Impact > 5 || r.Likelihood < 1 || r.Likelihood > 5 || r.Horizon == "" || r.FiresWhen == "" {
			t.Errorf("rule %s has incomplete defaults: %+v", r.ID, r)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("rules %v, want %v", got, want)
	}
}

func TestSourceOfTruthMap(t *testing.T) {
	doc := newTestDoc().
		flow("a", "inventory", "wms", "storefront").
		flow("b", "Inventory ", "erp", "marketplace").
		flow("c", "payment", "payment", "erp").
		flow("d", "returns", "storefront", "erp", func(f *Flow) { f.Source.System = "" }).
		flow("e", "catalog", "pim", "storefront").
		flow("f", "catalog", "pim", "pos")
	sum := Summarize(doc.d)
	byDomain := map[string]DomainSource{}
	var order []string
	for _, row := range sum.SourceOfTruth {
		byDomain[row.Domain] = row
		order = append(order, row.Domain)
	}
	wantOrder := []string{"catalog", "price", "inventory", "order", "customer", "payment", "returns"}
	if !slices.Equal(order, wantOrder) {
		t.Fatalf("domains %v, want %v", order, wantOrder)
	}
	cases := []struct {
		domain, status, system string
		core                   bool
		claims                 int
	}{
		{"inventory", StatusConflict, "", true, 2},
		{"catalog", StatusOK, "pim", true, 2},
		{"price", StatusMissing, "", true, 0},
		{"payment", StatusOK, "payment", false, 1},
		{"returns", StatusMissing, "", false, 0},
	}
	for _, c := range cases {
		row := byDomain[c.domain]
		if row.Status != c.status || row.System != c.system || row.Core != c.core || len(row.Claims) != c.claims {
			t.Errorf("%s: got %+v, want status %s system %q core %v with %d claims", c.domain, row, c.status, c.system, c.core, c.claims)
		}
	}
	inv := byDomain["inventory"]
	if inv.Claims[0].SystemName != "WMS system" || inv.Claims[1].SystemName != "ERP system" || inv.Claims[1].Flow != "b" {
		t.Errorf("inventory claims %+v do not say which flow names which system", inv.Claims)
	}
	if got := findingsOf(sum, RuleSOTMissing); len(got) != 3 {
		t.Errorf("SOT_MISSING fired for %d domains, want price, order and customer: %+v", len(got), got)
	}
	for _, f := range findingsOf(sum, RuleSOTMissing) {
		if f.Domain == "returns" || f.Domain == "payment" {
			t.Errorf("SOT_MISSING demanded the non-core domain %s", f.Domain)
		}
	}
}

// riskFlow adds a healthy flow carrying the given risks.
func riskFlow(b *testDoc, id string, risks ...Risk) *testDoc {
	return b.flow(id, "catalog", "pim", "storefront", func(f *Flow) { f.Failure.Risks = risks })
}

func facilitatorRisks(sum *Summary) []RegisterEntry {
	var out []RegisterEntry
	for _, r := range sum.Risks {
		if r.Origin == OriginFacilitator {
			out = append(out, r)
		}
	}
	return out
}

func TestRegisterRanking(t *testing.T) {
	r := func(id string, impact, likelihood int, revenue, customer bool) Risk {
		return Risk{ID: id, Title: "Risk " + id, Impact: impact, Likelihood: likelihood, RevenueCritical: revenue,
			CustomerVisible: customer, Fix: "fix", Owner: "owner", Horizon: HorizonRoadmap}
	}
	cases := []struct {
		name string
		doc  *testDoc
		want []string
	}{
		{"score", riskFlow(newTestDoc(), "f1", r("low", 3, 3, true, true), r("high", 5, 2, false, false)), []string{"high", "low"}},
		{"revenue-critical breaks a tie", riskFlow(newTestDoc(), "f1", r("plain", 4, 3, false, true), r("revenue", 3, 4, true, false)), []string{"revenue", "plain"}},
		{"customer-visible breaks a tie", riskFlow(newTestDoc(), "f1", r("plain", 4, 3, true, false), r("visible", 3, 4, true, true)), []string{"visible", "plain"}},
		{"flow order breaks a tie", riskFlow(riskFlow(newTestDoc(), "f1", r("first", 2, 2, false, false)), "f2", r("second", 4, 1, false, false)),
			[]string{"first", "second"}},
		{"flow order beats risk order", riskFlow(riskFlow(newTestDoc(), "f1", r("z-later-id", 2, 2, false, false)), "f2", r("a-early-id", 2, 2, false, false)),
			[]string{"z-later-id", "a-early-id"}},
		{"flow order beats position in the flow", riskFlow(riskFlow(newTestDoc(), "f1", r("filler", 1, 1, false, false), r("first-flow", 2, 2, false, false)),
			"f2", r("second-flow", 2, 2, false, false)), []string{"first-flow", "second-flow", "filler"}},
		{"risk order within a flow", riskFlow(newTestDoc(), "f1", r("b", 2, 2, false, false), r("a", 2, 2, false, false)), []string{"b", "a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, e := range facilitatorRisks(Summarize(c.doc.d)) {
				got = append(got, e.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("ranked %v, want %v", got, c.want)
			}
		})
	}
}

func TestRegisterRanksAreConsecutive(t *testing.T) {
	sum := Summarize(Demo(testNow))
	for i, r := range sum.Risks {
		if r.Rank != i+1 {
			t.Fatalf("entry %d has rank %d", i, r.Rank)
		}
		if i > 0 && sum.Risks[i-1].Score < r.Score {
			t.Fatalf("rank %d scores %d, above rank %d's %d", r.Rank, r.Score, i, sum.Risks[i-1].Score)
		}
	}
}

func TestSeverityBands(t *testing.T) {
	cases := []struct {
		score int
		want  string
	}{
		{1, SeverityLow}, {4, SeverityLow}, {5, SeverityMedium}, {9, SeverityMedium},
		{10, SeverityHigh}, {14, SeverityHigh}, {15, SeverityCritical}, {25, SeverityCritical},
	}
	for _, c := range cases {
		if got := SeverityOf(c.score); got != c.want {
			t.Errorf("SeverityOf(%d) = %s, want %s", c.score, got, c.want)
		}
	}
	for _, b := range SeverityBands {
		if SeverityOf(b.Min) != b.Severity || SeverityOf(b.Max) != b.Severity {
			t.Errorf("band %+v disagrees with SeverityOf", b)
		}
	}
	// The register uses the same bands: 2×2 low, 5×1 medium, 3×3 medium, 2×5 high, 7×2 is no score, 3×5 critical.
	doc := riskFlow(newTestDoc(), "f1",
		Risk{ID: "r4", Title: "t", Impact: 2, Likelihood: 2}, Risk{ID: "r5", Title: "t", Impact: 5, Likelihood: 1},
		Risk{ID: "r9", Title: "t", Impact: 3, Likelihood: 3}, Risk{ID: "r10", Title: "t", Impact: 2, Likelihood: 5},
		Risk{ID: "r14", Title: "t", Impact: 7, Likelihood: 2}, Risk{ID: "r15", Title: "t", Impact: 3, Likelihood: 5})
	want := map[string]string{"r4": SeverityLow, "r5": SeverityMedium, "r9": SeverityMedium, "r10": SeverityHigh, "r14": SeverityHigh, "r15": SeverityCritical}
	for _, e := range facilitatorRisks(Summarize(doc.d)) {
		if e.Severity != want[e.ID] {
			t.Errorf("%s (score %d) is %s, want %s", e.ID, e.Score, e.Severity, want[e.ID])
		}
		if e.ID == "r14" && !hasFlag(e.Flags, FlagNoScore) {
			t.Errorf("impact 7 is not flagged: %v", e.Flags)
		}
	}
}

func TestRegisterFlagsAndHorizonDefaults(t *testing.T) {
	doc := riskFlow(newTestDoc(), "f1",
		Risk{ID: "complete", Title: "t", Impact: 2, Likelihood: 2, Fix: "f", Owner: "o", Horizon: HorizonImmediate},
		Risk{ID: "no-fix", Title: "t", Impact: 2, Likelihood: 2, Fix: " ", Owner: "o", Horizon: HorizonRoadmap},
		Risk{ID: "no-owner", Title: "t", Impact: 2, Likelihood: 2, Fix: "f", Owner: "TBD", Horizon: HorizonRoadmap},
		Risk{ID: "critical-open", Title: "t", Impact: 5, Likelihood: 3, Fix: "f", Owner: "o"},
		Risk{ID: "high-open", Title: "t", Impact: 5, Likelihood: 2, Fix: "f", Owner: "o"})
	cases := map[string]struct {
		flags   []string
		horizon Horizon
	}{
		"complete":      {[]string{}, HorizonImmediate},
		"no-fix":        {[]string{FlagNoFix}, HorizonRoadmap},
		"no-owner":      {[]string{FlagNoOwner}, HorizonRoadmap},
		"critical-open": {[]string{FlagNoHorizon}, HorizonImmediate},
		"high-open":     {[]string{FlagNoHorizon}, HorizonRoadmap},
	}
	for _, e := range facilitatorRisks(Summarize(doc.d)) {
		want := cases[e.ID]
		if !slices.Equal(e.Flags, want.flags) || e.Horizon != want.horizon {
			t.Errorf("%s: flags %v horizon %s, want %v %s", e.ID, e.Flags, e.Horizon, want.flags, want.horizon)
		}
	}
}

func TestDeliverySlices(t *testing.T) {
	roadmap := func(id string, score, slice int) Risk {
		return Risk{ID: id, Title: id, Impact: 1, Likelihood: score, Fix: "f", Owner: "o", Horizon: HorizonRoadmap, Slice: slice}
	}
	immediate := func(id string, slice int) Risk {
		return Risk{ID: id, Title: id, Impact: 2, Likelihood: 2, Fix: "f", Owner: "o", Horizon: HorizonImmediate, Slice: slice}
	}
	doc := riskFlow(newTestDoc(), "f1",
		immediate("now-a", 0), immediate("now-by-hand", 3),
		roadmap("r1", 1, 0), roadmap("r5", 5, 0), roadmap("r4", 4, 0), roadmap("r3", 3, 0),
		roadmap("r2", 2, 0), roadmap("hand-2", 1, 2), roadmap("hand-7", 5, 7))
	sum := Summarize(doc.d)
	want := map[string]struct {
		slice  int
		byHand bool
	}{
		"now-a": {1, false}, "now-by-hand": {3, true}, "hand-2": {2, true}, "hand-7": {7, true},
		// Slice 2 holds one item by hand, so it takes the four best roadmap items.
		"r5": {2, false}, "r4": {2, false}, "r3": {2, false}, "r2": {2, false}, "r1": {3, false},
	}
	for _, e := range facilitatorRisks(sum) {
		w := want[e.ID]
		if e.Slice != w.slice || e.SliceByHand != w.byHand {
			t.Errorf("%s: slice %d (by hand %v), want %d (%v)", e.ID, e.Slice, e.SliceByHand, w.slice, w.byHand)
		}
	}
	var numbers []int
	for _, s := range sum.Slices {
		numbers = append(numbers, s.Slice)
		for i := 1; i < len(s.Risks); i++ {
			if s.Risks[i-1].RegisterRank > s.Risks[i].RegisterRank {
				t.Errorf("slice %d is not in register order", s.Slice)
			}
		}
	}
	if !slices.Equal(numbers, []int{1, 2, 3, 7}) {
		t.Errorf("slices %v, want 1 2 3 7", numbers)
	}
}

func TestAutomaticSlicesStaySmall(t *testing.T) {
	var risks []Risk
	for i := range 12 {
		risks = append(risks, Risk{ID: fmt.Sprintf("r%02d", i), Title: "t", Impact: 1, Likelihood: 1 + i%5, Fix: "f", Owner: "o", Horizon: HorizonRoadmap})
	}
	sum := Summarize(riskFlow(newTestDoc(), "f1", risks...).d)
	sizes := map[int]int{}
	last := 0
	for _, e := range facilitatorRisks(sum) {
		sizes[e.Slice]++
		if e.Slice < last {
			t.Errorf("%s (score %d) is in slice %d after an item in slice %d", e.ID, e.Score, e.Slice, last)
		}
		last = e.Slice
	}
	if sizes[2] != SliceSize || sizes[3] != SliceSize || sizes[4] != 2 {
		t.Errorf("slice sizes %v, want %d, %d and 2 in slices 2-4", sizes, SliceSize, SliceSize)
	}
}

func TestDecisionList(t *testing.T) {
	sum := Summarize(Demo(testNow))
	if len(sum.Decisions.Immediate)+len(sum.Decisions.Roadmap) != len(sum.Risks) {
		t.Fatalf("decision list has %d+%d items for %d risks", len(sum.Decisions.Immediate), len(sum.Decisions.Roadmap), len(sum.Risks))
	}
	for name, list := range map[string][]Decision{"immediate": sum.Decisions.Immediate, "roadmap": sum.Decisions.Roadmap} {
		for i, d := range list {
			if d.Rank != i+1 || i > 0 && list[i-1].RegisterRank >= d.RegisterRank {
				t.Errorf("%s item %d is out of order: %+v", name, i, d)
			}
			if h := sum.Risks[d.RegisterRank-1].Horizon; string(h) != name {
				t.Errorf("%s list holds a %s risk", name, h)
			}
		}
	}
}

func TestCoverageAndGaps(t *testing.T) {
	doc := newTestDoc().flow("a", "catalog", "pim", "storefront", func(f *Flow) {
		f.Contract = ContractStep{Transport: "REST"}
		f.Failure = FailureStep{}
		f.Owner = OwnerStep{}
		f.Source = SourceStep{Done: true, System: "pim", ConflictRule: ConflictSingleWriter}
		f.Via = "ipaas"
	})
	sum := Summarize(doc.d)
	touched := map[Area][]string{}
	for _, a := range sum.Coverage {
		if a.Touched {
			touched[a.Area] = a.Fields
			if !slices.Equal(a.Flows, []string{"a"}) {
				t.Errorf("%s touched by flows %v, want [a]", a.Area, a.Flows)
			}
		}
	}
	want := map[Area][]string{
		AreaAPIs:        {"contract.transport"},
		AreaMiddleware:  {"contract.transport", "flow.via"},
		AreaQueues:      {"contract.transport"},
		AreaDataQuality: {"source.system", "source.conflict_rule"},
		AreaTiming:      {"source.conflict_rule"},
	}
	if len(touched) != len(want) {
		t.Errorf("touched %v, want %v", touched, want)
	}
	for area, fields := range want {
		if !slices.Equal(touched[area], fields) {
			t.Errorf("%s touched by %v, want %v", area, touched[area], fields)
		}
	}
	if len(sum.Coverage) != len(Areas) {
		t.Errorf("coverage lists %d areas, want %d", len(sum.Coverage), len(Areas))
	}

	var gaps []string
	for _, g := range sum.Gaps {
		gaps = append(gaps, g.Step+"."+g.Field)
	}
	wantGaps := []string{
		"contract.", "contract.pattern", "contract.pattern_rationale", "contract.idempotency",
		"failure.", "failure.retries", "failure.monitoring",
		"owner.", "owner.flow_owner",
	}
	if !slices.Equal(gaps, wantGaps) {
		t.Errorf("gaps %v, want %v", gaps, wantGaps)
	}
	if p := sum.Progress; p.StepsDone != 1 || p.StepsTotal != 4 || p.Percent != 25 || p.Steps[0].Done != 1 {
		t.Errorf("progress %+v, want 1 of 4 steps, the source step done", p)
	}
}

func TestOwnershipMatrixFlagsGaps(t *testing.T) {
	doc := newTestDoc().flow("a", "catalog", "pim", "storefront", func(f *Flow) {
		f.Owner = OwnerStep{FlowOwner: "Content lead", Failures: "none", Dashboards: "Celigo", Runbooks: "Confluence", ReleaseHandoff: "PIM team"}
	})
	row := Summarize(doc.d).Ownership[0]
	if !slices.Equal(row.Gaps, []string{"failures", "retries"}) || row.FlowOwner != "Content lead" {
		t.Fatalf("ownership row %+v, want gaps failures and retries", row)
	}
}

func TestSummarizeDemo(t *testing.T) {
	d := Demo(testNow)
	sum := Summarize(d)
	name := func(f Finding) string { return f.FlowName }

	var inventory DomainSource
	for _, row := range sum.SourceOfTruth {
		if row.Domain == "inventory" {
			inventory = row
		}
	}
	var named []string
	for _, c := range inventory.Claims {
		named = append(named, c.SystemName)
	}
	if inventory.Status != StatusConflict || !slices.Contains(named, "3PL warehouse (WMS)") || !slices.Contains(named, "Business Central ERP") {
		t.Errorf("inventory source of truth %+v, want a WMS vs ERP conflict", inventory)
	}
	conflict := findingsOf(sum, RuleSOTConflict)
	if !slices.ContainsFunc(conflict, func(f Finding) bool {
		return f.Domain == "inventory" && strings.Contains(f.Message, "3PL warehouse (WMS)") && strings.Contains(f.Message, "Business Central ERP")
	}) {
		t.Errorf("no inventory SOT_CONFLICT naming both systems: %+v", conflict)
	}

	expect := []struct{ rule, flow string }{
		{RuleNoIdempotency, "Web orders to ERP"},
		{RuleStaleInventory, "Stock levels to storefront"},
		{RuleStaleInventory, "Stock to Amazon"},
		{RuleManualCritical, "Prices to storefront"},
		{RuleManualCritical, "Stock levels to storefront"},
		{RuleSecretInNotes, "Stock levels to storefront"},
		{RuleLastWriterWins, "Stock to Amazon"},
		{RuleNoMonitoring, "Stock levels to storefront"},
		{RuleNoRetry, "Stock levels to storefront"},
		{RuleNoOwner, "Stock levels to storefront"},
	}
	for _, e := range expect {
		if !slices.ContainsFunc(findingsOf(sum, e.rule), func(f Finding) bool { return name(f) == e.flow }) {
			t.Errorf("%s did not fire on %q", e.rule, e.flow)
		}
	}
	for _, f := range findingsOf(sum, RuleSecretInNotes) {
		if strings.Contains(f.Message, "Harbour2024") {
			t.Errorf("finding repeats the password: %s", f.Message)
		}
	}
	if got := findingsOf(sum, RuleNoRetry); slices.ContainsFunc(got, func(f Finding) bool { return name(f) == "Prices to storefront" }) {
		t.Error("NO_RETRY fired on the manual price upload")
	}
	if top := sum.Risks[0]; top.Title != "Overselling on fast movers between nightly files" || top.Severity != SeverityCritical {
		t.Errorf("top risk %+v, want the overselling risk", top)
	}
	if len(sum.Patterns) != len(d.Flows) || sum.Patterns[0].Rationale == "" {
		t.Errorf("patterns %+v do not list every flow with its rationale", sum.Patterns)
	}
	if len(sum.OpenQuestions) != len(d.OpenQuestions) || sum.OpenQuestions[0].FlowName != "Stock levels to storefront" {
		t.Errorf("open questions %+v", sum.OpenQuestions)
	}
	if sum.Progress.Flows != len(d.Flows) || sum.Progress.StepsTotal != 4*len(d.Flows) {
		t.Errorf("progress %+v", sum.Progress)
	}
	if len(sum.Scoring.Impact) != 5 || sum.Scoring.Impact[4].Meaning != ImpactLevels[5] || len(sum.Scoring.Severity) != 4 {
		t.Errorf("scoring %+v does not carry the scales", sum.Scoring)
	}
}

func TestSummarizeIsDeterministicAndPure(t *testing.T) {
	d := Demo(testNow)
	before, err := EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := EncodeDocument(&Document{Summary: Summarize(d)})
	b, _ := EncodeDocument(&Document{Summary: Summarize(d)})
	if string(a) != string(b) {
		t.Fatal("two summaries of one document differ")
	}
	after, _ := EncodeDocument(d)
	if string(before) != string(after) || d.Summary != nil {
		t.Fatal("Summarize changed its document")
	}
}

func TestSummaryListsAreNeverNull(t *testing.T) {
	for name, d := range map[string]*Document{"empty": {}, "healthy": newTestDoc().everyCoreDomain().d} {
		sum := Summarize(d)
		b, err := EncodeDocument(&Document{Summary: sum})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "null") {
			t.Errorf("%s: summary JSON has a null:\n%s", name, b)
		}
		if name == "healthy" {
			for _, key := range []string{`"risks": []`, `"findings": []`, `"slices": []`, `"immediate": []`, `"roadmap": []`, `"gaps": []`} {
				if !strings.Contains(string(b), key) {
					t.Errorf("healthy summary JSON lacks %s", key)
				}
			}
		}
	}
	if sum := Summarize(&Document{}); len(findingsOf(sum, RuleSOTMissing)) != len(CoreDomains) {
		t.Errorf("an empty session should miss every core domain: %+v", sum.Findings)
	}
}

// A rule's finding on a flow nobody has started says so, so the pack does
// not state as fact what the room never discussed.
func TestFindingsOnUnstartedFlowsAreFlagged(t *testing.T) {
	d := Demo(testNow)
	i := d.FlowIndex(demoID(107)) // order status: no step done
	if d.Flows[i].StepsDone() != 0 {
		t.Fatal("the demo's order-status flow has a step done; pick another")
	}
	has := func(sum *Summary) (flagged, plain int) {
		for _, r := range sum.Risks {
			if r.Flow != d.Flows[i].ID || !strings.HasPrefix(r.Origin, "rule:") {
				continue
			}
			if hasFlag(r.Flags, FlagNotStarted) {
				flagged++
			} else {
				plain++
			}
		}
		return
	}
	if f, p := has(Summarize(d)); f == 0 || p != 0 {
		t.Fatalf("unstarted flow: %d flagged, %d not", f, p)
	}
	d.Flows[i].Source.Done = true
	if f, p := has(Summarize(d)); f != 0 || p == 0 {
		t.Fatalf("started flow: %d flagged, %d not", f, p)
	}
}
