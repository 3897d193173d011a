package review

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/redact"
)

var testNow = fixture.Now

// summarize derives the summary as the app and the exports do, with the
// places redact finds credentials in.
func summarize(d *model.Document) *Summary {
	return Summarize(d, redact.MentionsCredential)
}

// summaryJSON is the summary as an export writes it.
func summaryJSON(t *testing.T, sum *Summary) string {
	t.Helper()
	var b bytes.Buffer
	if err := model.WriteJSON(&b, sum); err != nil {
		t.Fatal(err)
	}
	return b.String()
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
	set := func(step model.Step, key, value string) func(*model.Flow) {
		return func(f *model.Flow) { f.Set(step, key, value) }
	}
	via := func(id string) func(*model.Flow) { return func(f *model.Flow) { f.Via = id } }
	cases := []struct {
		name  string
		rule  string
		doc   *fixture.Builder
		fires bool
		says  string // a word the message must contain when it fires
	}{
		{"sot conflict: two sources", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront").
			Flow("b", "inventory", "erp", "marketplace"), true, "WMS system"},
		{"sot conflict: same source twice", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "erp", "storefront").
			Flow("b", "inventory", "erp", "marketplace"), false, ""},
		{"sot conflict: one flow names none", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront", set(model.StepSource, "system", "")), false, ""},

		{"sot missing: no price flow", RuleSOTMissing, fixture.NewBuilder().
			Flow("a", "catalog", "pim", "storefront").Flow("b", "inventory", "wms", "storefront").
			Flow("c", "order", "storefront", "erp").Flow("d", "customer", "storefront", "crm"), true, "price"},
		{"sot missing: price flows name none", RuleSOTMissing, fixture.NewBuilder().
			Flow("a", "catalog", "pim", "storefront").Flow("b", "inventory", "wms", "storefront").
			Flow("c", "order", "storefront", "erp").Flow("d", "customer", "storefront", "crm").
			Flow("e", "price", "erp", "storefront", set(model.StepSource, "system", "")).
			Flow("f", "price", "erp", "pos", set(model.StepSource, "system", "")), true, "No price flow"},
		{"sot missing: every core domain named", RuleSOTMissing, fixture.NewBuilder().EveryCoreDomain(), false, ""},
		{"sot missing: other domain not demanded", RuleSOTMissing, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "payment", "payment", "erp", set(model.StepSource, "system", "")), false, ""},

		{"last writer wins", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "other_writers", "storefront"), set(model.StepSource, "conflict_rule", "last-writer-wins")), true, "STOREFRONT system"},
		{"last writer wins: unknown rule", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "other_writers", "storefront"), set(model.StepSource, "conflict_rule", "unknown")), true, "nobody knows"},
		{"last writer wins: versioned", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "other_writers", "storefront"), set(model.StepSource, "conflict_rule", "versioned")), false, ""},
		{"last writer wins: rule not answered", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "other_writers", "storefront"), set(model.StepSource, "conflict_rule", "")), false, ""},
		{"last writer wins: no other writer", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "conflict_rule", "last-writer-wins")), false, ""},
		{"last writer wins: the source listed as writer", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "other_writers", "erp"), set(model.StepSource, "conflict_rule", "last-writer-wins")), false, ""},

		{"no idempotency: batch order flow, none", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "order", "storefront", "erp", set(model.StepContract, "pattern", "batch"), set(model.StepContract, "idempotency", "none")), true, "ERP system"},
		{"no idempotency: real-time catalog flow, unknown", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "real-time"), set(model.StepContract, "idempotency", "unknown")), true, "unknown"},
		{"no idempotency: payment flow, none", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "payment", "payment", "erp", set(model.StepContract, "pattern", "file"), set(model.StepContract, "idempotency", "none")), true, "duplicate"},
		{"no idempotency: order flow with a key", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "order", "storefront", "erp", set(model.StepContract, "idempotency", "key")), false, ""},
		{"no idempotency: batch catalog flow, none", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "batch"), set(model.StepContract, "idempotency", "none")), false, ""},
		{"no idempotency: manual payment, unknown", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "payment", "payment", "erp", set(model.StepContract, "pattern", "manual"), set(model.StepContract, "idempotency", "unknown")), true, "unknown"},
		{"no idempotency: batch returns, none", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "returns", "storefront", "erp", set(model.StepContract, "pattern", "batch"), set(model.StepContract, "idempotency", "none")), true, "duplicate"},
		{"no idempotency: not yet answered", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "order", "storefront", "erp", set(model.StepContract, "idempotency", "")), false, ""},

		{"stale inventory: batch to storefront", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront", set(model.StepContract, "pattern", "batch")), true, "STOREFRONT system"},
		{"stale inventory: file to marketplace", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "erp", "marketplace", set(model.StepContract, "pattern", "file")), true, "by file"},
		{"stale inventory: manual to pos", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "erp", "pos", set(model.StepContract, "pattern", "manual")), true, "POS system"},
		{"stale inventory: pattern not answered", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront", set(model.StepContract, "pattern", "")), false, ""},
		{"stale inventory: events to storefront", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront", set(model.StepContract, "pattern", "event-driven")), false, ""},
		{"stale inventory: batch to the erp", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "erp", set(model.StepContract, "pattern", "batch")), false, ""},
		{"stale inventory: catalog batch to storefront", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "batch")), false, ""},

		{"no monitoring: empty level is a gap", RuleNoMonitoring, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "monitoring_level", ""), set(model.StepFailure, "monitoring", "")), false, ""},
		{"no monitoring: none", RuleNoMonitoring, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "monitoring_level", "none")), true, "complains"},
		{"no monitoring: unknown", RuleNoMonitoring, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "monitoring_level", "unknown")), true, "nobody in the room knows"},
		{"no monitoring: shared inbox", RuleNoMonitoring, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "monitoring_level", "alert-to-shared-inbox")), true, "shared inbox"},
		{"no monitoring: dashboard only", RuleNoMonitoring, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "monitoring_level", "dashboard-only")), true, "dashboard"},
		{"no monitoring: named owner", RuleNoMonitoring, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "monitoring_level", "alert-to-named-owner"), set(model.StepFailure, "monitoring", "none")), false, ""},

		{"no retry: empty level is a gap", RuleNoRetry, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "batch"), set(model.StepFailure, "retry_level", ""), set(model.StepFailure, "retries", "")), false, ""},
		{"no retry: none", RuleNoRetry, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "retry_level", "none")), true, "does not retry"},
		{"no retry: unknown", RuleNoRetry, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "retry_level", "unknown")), true, "nobody in the room knows"},
		{"no retry: manual flow", RuleNoRetry, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "manual"), set(model.StepFailure, "retry_level", "none")), false, ""},
		{"no retry: manual replay", RuleNoRetry, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepFailure, "retry_level", "manual-replay"), set(model.StepFailure, "retries", "none")), false, ""},

		{"no owner: discussed, empty", RuleNoOwner, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepOwner, "flow_owner", "")), true, "Flow a"},
		{"no owner: not discussed is a gap", RuleNoOwner, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepOwner, "flow_owner", ""), func(f *model.Flow) { f.Owner.Done = false }), false, ""},
		{"no owner: unknown", RuleNoOwner, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepOwner, "flow_owner", "unknown"), func(f *model.Flow) { f.Owner.Done = false }), true, "Flow a"},
		{"no owner: TBD", RuleNoOwner, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepOwner, "flow_owner", "TBD")), true, "Flow a"},
		{"no owner: named", RuleNoOwner, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepOwner, "flow_owner", "Content team lead")), false, ""},

		{"manual critical: manual price flow", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepContract, "pattern", "manual")), true, "manual workaround"},
		{"manual critical: order flow via a file drop", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "order", "storefront", "erp", via("file-drop")), true, "FILE-DROP system"},
		{"manual critical: inventory from a spreadsheet", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "manual-workaround", "storefront"), true, "MANUAL-WORKAROUND system"},
		{"manual critical: payment settlement file", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "payment", "payment", "erp", set(model.StepContract, "pattern", "file")), true, "file drop"},
		{"manual critical: weekly manual returns entry", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "returns", "storefront", "erp", set(model.StepContract, "pattern", "manual")), true, "returns flow"},
		{"manual critical: shipment by file is not money", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "shipment", "wms", "storefront", set(model.StepContract, "pattern", "file")), false, ""},
		{"manual critical: pattern not answered", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepContract, "pattern", "")), false, ""},
		{"manual critical: manual catalog flow", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "manual")), false, ""},
		{"manual critical: automated order flow", RuleManualCritical, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "order", "storefront", "erp", via("ipaas")), false, ""},

		{"source not master: prices from a spreadsheet, ERP decided", RuleSourceNotMaster, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "manual-workaround", "storefront", set(model.StepSource, "system", "")).Decide("price", "erp"), true, "ERP system"},
		{"source not master: prices from a spreadsheet, ERP named", RuleSourceNotMaster, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "manual-workaround", "storefront", set(model.StepSource, "system", "erp")), true, "MANUAL-WORKAROUND system"},
		{"source not master: prices from the ERP", RuleSourceNotMaster, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "system", "")).Decide("price", "erp"), false, ""},
		{"source not master: web orders into the decided ERP", RuleSourceNotMaster, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "order", "storefront", "erp", set(model.StepSource, "system", "")).Decide("order", "erp"), false, ""},
		{"source not master: no master named is a gap", RuleSourceNotMaster, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "manual-workaround", "storefront", set(model.StepSource, "system", "")), false, ""},

		{"sot conflict: decided domain", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront").
			Flow("b", "inventory", "erp", "marketplace").Decide("inventory", "wms"), false, ""},
		{"sot missing: decided domain", RuleSOTMissing, fixture.NewBuilder().
			Flow("a", "catalog", "pim", "storefront").Flow("b", "inventory", "wms", "storefront").
			Flow("c", "order", "storefront", "erp").Flow("d", "customer", "storefront", "crm").Decide("price", "erp"), false, ""},

		{"sot conflict: one names a system, one says unknown", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront").
			Flow("b", "inventory", "erp", "marketplace", set(model.StepSource, "system", model.UnknownSystem)), true, "unknown (said by \"Flow b\")"},
		{"sot missing: every flow says unknown", RuleSOTMissing, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "payment", "payment", "erp", set(model.StepSource, "system", model.UnknownSystem)), true, "nobody in the room knew"},
		{"sot missing: decided unknown", RuleSOTMissing, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "returns", "storefront", "erp", set(model.StepSource, "system", "")).Decide("returns", model.UnknownSystem), true, "nobody in the room knew"},
		{"sot conflict: decided unknown against a flow", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "returns", "storefront", "erp").Decide("returns", model.UnknownSystem), true, "its decision says unknown"},
		{"sot conflict: parked domain", RuleSOTConflict, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront").
			Flow("b", "inventory", "erp", "marketplace").Park("inventory", "COO", "2026-04-01"), false, ""},
		{"sot missing: parked domain", RuleSOTMissing, fixture.NewBuilder().
			Flow("a", "catalog", "pim", "storefront").Flow("b", "inventory", "wms", "storefront").
			Flow("c", "order", "storefront", "erp").Flow("d", "customer", "storefront", "crm").Park("price", "CFO", ""), false, ""},
		{"source not master: unknown master", RuleSourceNotMaster, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "manual-workaround", "storefront", set(model.StepSource, "system", model.UnknownSystem)), false, ""},
		{"last writer wins: writers nobody could name", RuleLastWriterWins, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "price", "erp", "storefront", set(model.StepSource, "other_writers", model.UnknownSystem), set(model.StepSource, "conflict_rule", "unknown")), true, "systems nobody in the room could name"},
		{"no idempotency: pattern unknown", RuleNoIdempotency, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "pattern", "unknown"), set(model.StepContract, "idempotency", "none")), true, "no idempotency"},
		{"stale inventory: pattern unknown", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "inventory", "wms", "storefront", set(model.StepContract, "pattern", "unknown")), true, "nobody in the room knows"},
		{"stale inventory: punch-out catalog", RuleStaleInventory, fixture.NewBuilder().EveryCoreDomain().System("procurement").
			Flow("a", "inventory", "wms", "procurement", set(model.StepContract, "pattern", "batch")), true, "PROCUREMENT system"},

		{"secret in notes", RuleSecretInNotes, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "environments", "SFTP login ops / password=Tr0ub4dor&3")), true, "contract: Environments and secrets"},
		{"secret in notes: where it lives", RuleSecretInNotes, fixture.NewBuilder().EveryCoreDomain().
			Flow("a", "catalog", "pim", "storefront", set(model.StepContract, "environments", "Credentials live in the Celigo vault; password: rotated quarterly")), false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sum := summarize(c.doc.Doc)
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
			f, rule := got[0], ruleByID(c.rule)
			switch {
			case f.Impact != rule.Impact || f.Likelihood > rule.Likelihood || f.Horizon != rule.Horizon:
				t.Errorf("finding %+v does not suggest the rule's defaults %+v", f, *rule)
			case f.Fix == "" || f.Title == "" || f.Status != FindingOpen:
				t.Errorf("finding %+v has no suggested fix or title, or is not open", f)
			case !strings.HasPrefix(f.Key, c.rule+":") || !model.ValidFindingKey(f.Key):
				t.Errorf("finding key %q is not %s:SUBJECT", f.Key, c.rule)
			}
			if len(sum.Risks) != 0 {
				t.Errorf("an untriaged finding reached the register: %+v", sum.Risks)
			}
		})
	}
}

// Asked and not known is never ok: a domain whose flows say unknown is
// missing (no system named) or in conflict (some system named); a parked
// domain is parked, and asked of someone by a date.
func TestSourceOfTruthUnknownAndParked(t *testing.T) {
	unknown := func(f *model.Flow) { f.Source.System = model.UnknownSystem }
	doc := fixture.NewBuilder().
		Flow("a", "inventory", "wms", "storefront").
		Flow("b", "inventory", "erp", "marketplace", unknown).
		Flow("c", "price", "erp", "storefront", unknown).
		Flow("d", "price", "erp", "pos", unknown).
		Flow("e", "catalog", "pim", "storefront").
		Flow("f", "order", "storefront", "erp").
		Flow("g", "customer", "crm", "storefront").
		Decide("customer", model.UnknownSystem).
		Flow("h", "returns", "storefront", "erp").
		Park("returns", "Head of customer service", "2026-04-01").
		Decide("order", "erp")
	sum := summarize(doc.Doc)
	want := map[string]string{
		"inventory": StatusConflict, "price": StatusMissing, "catalog": StatusOK,
		"customer": StatusConflict, "returns": StatusParked, "order": StatusDecided,
	}
	for _, row := range sum.SourceOfTruth {
		if w, ok := want[row.Domain]; ok && row.Status != w {
			t.Errorf("%s is %s, want %s: %+v", row.Domain, row.Status, w, row)
		}
		if row.Status != StatusOK && row.Status != StatusDecided && row.System != "" {
			t.Errorf("%s is %s but names system %q", row.Domain, row.Status, row.System)
		}
	}
	if len(sum.DecisionsAsked) != 1 {
		t.Fatalf("decisions asked %+v, want the parked returns domain", sum.DecisionsAsked)
	}
	if a := sum.DecisionsAsked[0]; a.Kind != DecisionAskedDomain || a.Domain != "returns" || a.Ask != "Head of customer service" ||
		a.Due != "2026-04-01" || len(a.Claims) != 1 || !strings.Contains(a.Question, "returns") {
		t.Errorf("decision asked %+v", a)
	}
	// unknown is a finding, "" a gap: price (all unknown) is SOT_MISSING,
	// inventory and customer SOT_CONFLICT; the parked domain neither.
	missing, conflicts := map[string]bool{}, map[string]bool{}
	for _, f := range findingsOf(sum, RuleSOTMissing) {
		missing[f.Domain] = true
	}
	for _, f := range findingsOf(sum, RuleSOTConflict) {
		conflicts[f.Domain] = true
	}
	if !missing["price"] || missing["returns"] || !conflicts["inventory"] || !conflicts["customer"] || conflicts["returns"] {
		t.Errorf("SOT_MISSING on %v, SOT_CONFLICT on %v", missing, conflicts)
	}
}

// A rule's flags are the ones its impact means, so a finding accepted as a
// risk never reads "impact 4, revenue-critical, not visible" beside
// "customer-visible: yes"; a pack's other impact brings its own flags.
func TestRuleFlagsFollowTheImpact(t *testing.T) {
	for _, r := range Rules {
		if rev, cust := model.ImpactFlags(r.Impact); r.RevenueCritical != rev || r.CustomerVisible != cust {
			t.Errorf("rule %s: impact %d (%s) but revenue-critical %v, customer-visible %v", r.ID, r.Impact, model.ImpactLevels[r.Impact], r.RevenueCritical, r.CustomerVisible)
		}
	}
	doc := fixture.NewBuilder().EveryCoreDomain().
		Flow("a", "inventory", "wms", "storefront", func(f *model.Flow) { f.Contract.Pattern = model.PatternBatch })
	sum := SummarizeWith(doc.Doc, redact.MentionsCredential, map[string]model.RuleSetting{RuleStaleInventory: {Impact: 4}})
	got := findingsOf(sum, RuleStaleInventory)
	if len(got) != 1 || got[0].Impact != 4 || !got[0].RevenueCritical || got[0].CustomerVisible {
		t.Fatalf("STALE_INVENTORY at a pack's impact 4: %+v", got)
	}
	for _, d := range sum.Scoring.Rules {
		if rev, cust := model.ImpactFlags(d.Impact); d.RevenueCritical != rev || d.CustomerVisible != cust {
			t.Errorf("summary.scoring.rules %s: %+v", d.Rule, d)
		}
	}
}

func TestHealthyDocumentHasNoFindings(t *testing.T) {
	sum := summarize(fixture.NewBuilder().EveryCoreDomain().Doc)
	if len(sum.Findings) > 0 {
		t.Fatalf("a healthy document has findings: %+v", sum.Findings)
	}
}

func TestRulesListEveryRuleOnce(t *testing.T) {
	want := []string{RuleSOTConflict, RuleSOTMissing, RuleLastWriterWins, RuleNoIdempotency, RuleStaleInventory,
		RuleNoMonitoring, RuleNoRetry, RuleNoOwner, RuleManualCritical, RuleSourceNotMaster, RuleSecretInNotes, RuleDuplicateRisk}
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
	doc := fixture.NewBuilder().
		Flow("a", "inventory", "wms", "storefront").
		Flow("b", "Inventory ", "erp", "marketplace").
		Flow("c", "payment", "payment", "erp").
		Flow("d", "returns", "storefront", "erp", func(f *model.Flow) { f.Source.System = "" }).
		Flow("e", "catalog", "pim", "storefront").
		Flow("f", "catalog", "pim", "pos")
	sum := summarize(doc.Doc)
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
func riskFlow(b *fixture.Builder, id string, risks ...model.Risk) *fixture.Builder {
	return b.Flow(id, "catalog", "pim", "storefront", func(f *model.Flow) { f.Failure.Risks = risks })
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
	r := func(id string, impact, likelihood int, revenue, customer bool) model.Risk {
		return model.Risk{ID: id, Title: "Risk " + id, Impact: impact, Likelihood: likelihood, RevenueCritical: revenue,
			CustomerVisible: customer, Fix: "fix", Owner: "owner", Horizon: model.HorizonRoadmap}
	}
	cases := []struct {
		name string
		doc  *fixture.Builder
		want []string
	}{
		{"score", riskFlow(fixture.NewBuilder(), "f1", r("low", 3, 3, true, true), r("high", 5, 2, false, false)), []string{"high", "low"}},
		{"revenue-critical breaks a tie", riskFlow(fixture.NewBuilder(), "f1", r("plain", 4, 3, false, true), r("revenue", 3, 4, true, false)), []string{"revenue", "plain"}},
		{"customer-visible breaks a tie", riskFlow(fixture.NewBuilder(), "f1", r("plain", 4, 3, true, false), r("visible", 3, 4, true, true)), []string{"visible", "plain"}},
		{"flow order breaks a tie", riskFlow(riskFlow(fixture.NewBuilder(), "f1", r("first", 2, 2, false, false)), "f2", r("second", 4, 1, false, false)),
			[]string{"first", "second"}},
		{"flow order beats risk order", riskFlow(riskFlow(fixture.NewBuilder(), "f1", r("z-later-id", 2, 2, false, false)), "f2", r("a-early-id", 2, 2, false, false)),
			[]string{"z-later-id", "a-early-id"}},
		{"flow order beats position in the flow", riskFlow(riskFlow(fixture.NewBuilder(), "f1", r("filler", 1, 1, false, false), r("first-flow", 2, 2, false, false)),
			"f2", r("second-flow", 2, 2, false, false)), []string{"first-flow", "second-flow", "filler"}},
		{"risk order within a flow", riskFlow(fixture.NewBuilder(), "f1", r("b", 2, 2, false, false), r("a", 2, 2, false, false)), []string{"b", "a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, e := range facilitatorRisks(summarize(c.doc.Doc)) {
				got = append(got, e.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("ranked %v, want %v", got, c.want)
			}
		})
	}
}

func TestRegisterRanksAreConsecutive(t *testing.T) {
	sum := summarize(model.DemoAnswers(testNow))
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
	doc := riskFlow(fixture.NewBuilder(), "f1",
		model.Risk{ID: "r4", Title: "t", Impact: 2, Likelihood: 2}, model.Risk{ID: "r5", Title: "t", Impact: 5, Likelihood: 1},
		model.Risk{ID: "r9", Title: "t", Impact: 3, Likelihood: 3}, model.Risk{ID: "r10", Title: "t", Impact: 2, Likelihood: 5},
		model.Risk{ID: "r14", Title: "t", Impact: 7, Likelihood: 2}, model.Risk{ID: "r15", Title: "t", Impact: 3, Likelihood: 5})
	want := map[string]string{"r4": SeverityLow, "r5": SeverityMedium, "r9": SeverityMedium, "r10": SeverityHigh, "r14": SeverityHigh, "r15": SeverityCritical}
	for _, e := range facilitatorRisks(summarize(doc.Doc)) {
		if e.Severity != want[e.ID] {
			t.Errorf("%s (score %d) is %s, want %s", e.ID, e.Score, e.Severity, want[e.ID])
		}
		if e.ID == "r14" && !slices.Contains(e.Flags, FlagNoScore) {
			t.Errorf("impact 7 is not flagged: %v", e.Flags)
		}
	}
}

func TestRegisterFlagsAndHorizonDefaults(t *testing.T) {
	doc := riskFlow(fixture.NewBuilder(), "f1",
		model.Risk{ID: "complete", Title: "t", Impact: 2, Likelihood: 2, Fix: "f", Owner: "o", Horizon: model.HorizonImmediate},
		model.Risk{ID: "no-fix", Title: "t", Impact: 2, Likelihood: 2, Fix: " ", Owner: "o", Horizon: model.HorizonRoadmap},
		model.Risk{ID: "no-owner", Title: "t", Impact: 2, Likelihood: 2, Fix: "f", Owner: "TBD", Horizon: model.HorizonRoadmap},
		model.Risk{ID: "critical-open", Title: "t", Impact: 5, Likelihood: 3, Fix: "f", Owner: "o"},
		model.Risk{ID: "high-open", Title: "t", Impact: 5, Likelihood: 2, Fix: "f", Owner: "o"})
	cases := map[string]struct {
		flags   []string
		horizon model.Horizon
	}{
		"complete":      {[]string{}, model.HorizonImmediate},
		"no-fix":        {[]string{FlagNoFix}, model.HorizonRoadmap},
		"no-owner":      {[]string{FlagNoOwner}, model.HorizonRoadmap},
		"critical-open": {[]string{FlagNoHorizon}, model.HorizonImmediate},
		"high-open":     {[]string{FlagNoHorizon}, model.HorizonRoadmap},
	}
	for _, e := range facilitatorRisks(summarize(doc.Doc)) {
		want := cases[e.ID]
		if !slices.Equal(e.Flags, want.flags) || e.Horizon != want.horizon {
			t.Errorf("%s: flags %v horizon %s, want %v %s", e.ID, e.Flags, e.Horizon, want.flags, want.horizon)
		}
	}
}

func TestDeliverySlices(t *testing.T) {
	roadmap := func(id string, score, slice int) model.Risk {
		return model.Risk{ID: id, Title: id, Impact: 1, Likelihood: score, Fix: "f", Owner: "o", Horizon: model.HorizonRoadmap, Slice: slice}
	}
	immediate := func(id string, slice int) model.Risk {
		return model.Risk{ID: id, Title: id, Impact: 2, Likelihood: 2, Fix: "f", Owner: "o", Horizon: model.HorizonImmediate, Slice: slice}
	}
	doc := riskFlow(fixture.NewBuilder(), "f1",
		immediate("now-a", 0), immediate("now-by-hand", 3),
		roadmap("r1", 1, 0), roadmap("r5", 5, 0), roadmap("r4", 4, 0), roadmap("r3", 3, 0),
		roadmap("r2", 2, 0), roadmap("hand-2", 1, 2), roadmap("hand-7", 5, 7))
	sum := summarize(doc.Doc)
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
	var risks []model.Risk
	for i := range 12 {
		risks = append(risks, model.Risk{ID: fmt.Sprintf("r%02d", i), Title: "t", Impact: 1, Likelihood: 1 + i%5, Fix: "f", Owner: "o", Horizon: model.HorizonRoadmap})
	}
	sum := summarize(riskFlow(fixture.NewBuilder(), "f1", risks...).Doc)
	sizes := map[int]int{}
	last := 0
	for _, e := range facilitatorRisks(sum) {
		sizes[e.Slice]++
		if e.Slice < last {
			t.Errorf("%s (score %d) is in slice %d after an item in slice %d", e.ID, e.Score, e.Slice, last)
		}
		last = e.Slice
	}
	if n := model.DefaultSliceSize; sizes[1] != n || sizes[2] != n || sizes[3] != 2 {
		t.Errorf("slice sizes %v, want %d, %d and 2 in slices 1-3", sizes, n, n)
	}
}

func TestDecisionList(t *testing.T) {
	sum := summarize(model.DemoAnswers(testNow))
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
	doc := fixture.NewBuilder().Flow("a", "catalog", "pim", "storefront", func(f *model.Flow) {
		f.Contract = model.ContractStep{Transport: "REST"}
		f.Failure = model.FailureStep{}
		f.Owner = model.OwnerStep{}
		f.Source = model.SourceStep{Done: true, System: "pim", ConflictRule: model.ConflictSingleWriter}
		f.Via = "ipaas"
	})
	sum := summarize(doc.Doc)
	touched := map[model.Area][]string{}
	for _, a := range sum.Coverage {
		if a.Touched {
			touched[a.Area] = a.Fields
			if !slices.Equal(a.Flows, []string{"a"}) {
				t.Errorf("%s touched by flows %v, want [a]", a.Area, a.Flows)
			}
		}
	}
	want := map[model.Area][]string{
		model.AreaAPIs:        {"contract.transport"},
		model.AreaMiddleware:  {"contract.transport", "flow.via"},
		model.AreaQueues:      {"contract.transport"},
		model.AreaDataQuality: {"source.system", "source.conflict_rule"},
		model.AreaTiming:      {"source.conflict_rule"},
	}
	if len(touched) != len(want) {
		t.Errorf("touched %v, want %v", touched, want)
	}
	for area, fields := range want {
		if !slices.Equal(touched[area], fields) {
			t.Errorf("%s touched by %v, want %v", area, touched[area], fields)
		}
	}
	if len(sum.Coverage) != len(model.Areas) {
		t.Errorf("coverage lists %d areas, want %d", len(sum.Coverage), len(model.Areas))
	}

	var gaps []string
	for _, g := range sum.Gaps {
		gaps = append(gaps, g.Step+"."+g.Field)
	}
	wantGaps := []string{
		"contract.", "contract.pattern", "contract.pattern_rationale", "contract.idempotency",
		"failure.", "failure.retry_level", "failure.monitoring_level",
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
	doc := fixture.NewBuilder().Flow("a", "catalog", "pim", "storefront", func(f *model.Flow) {
		f.Owner = model.OwnerStep{FlowOwner: "Content lead", Failures: "none", Dashboards: "Celigo", Runbooks: "Confluence", ReleaseHandoff: "PIM team"}
	})
	row := summarize(doc.Doc).Ownership[0]
	if !slices.Equal(row.Gaps, []string{"failures", "retries"}) || row.FlowOwner != "Content lead" {
		t.Fatalf("ownership row %+v, want gaps failures and retries", row)
	}
}

func TestSummarizeDemo(t *testing.T) {
	d := model.DemoAnswers(testNow)
	sum := summarize(d)
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
		{RuleNoMonitoring, "Web orders to ERP"},
		{RuleNoMonitoring, "Prices to storefront"},
		{RuleSourceNotMaster, "Prices to storefront"},
		{RuleManualCritical, "Payment settlements to ERP"},
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
	if len(sum.Scoring.Impact) != 5 || sum.Scoring.Impact[4].Meaning != model.ImpactLevels[5] || len(sum.Scoring.Severity) != 4 {
		t.Errorf("scoring %+v does not carry the scales", sum.Scoring)
	}
}

func TestSummarizeIsDeterministicAndPure(t *testing.T) {
	d := model.DemoAnswers(testNow)
	before, err := model.EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	a, b := summaryJSON(t, summarize(d)), summaryJSON(t, summarize(d))
	if a != b {
		t.Fatal("two summaries of one document differ")
	}
	after, _ := model.EncodeDocument(d)
	if string(before) != string(after) {
		t.Fatal("Summarize changed its document")
	}
}

func TestSummaryListsAreNeverNull(t *testing.T) {
	for name, d := range map[string]*model.Document{"empty": {}, "healthy": fixture.NewBuilder().EveryCoreDomain().Doc} {
		b := summaryJSON(t, summarize(d))
		if strings.Contains(b, "null") {
			t.Errorf("%s: summary JSON has a null:\n%s", name, b)
		}
		if name == "healthy" {
			for _, key := range []string{`"risks": []`, `"findings": []`, `"slices": []`, `"immediate": []`, `"roadmap": []`, `"gaps": []`} {
				if !strings.Contains(b, key) {
					t.Errorf("healthy summary JSON lacks %s", key)
				}
			}
		}
	}
	if sum := summarize(&model.Document{}); len(findingsOf(sum, RuleSOTMissing)) != len(model.CoreDomains) {
		t.Errorf("an empty session should miss every core domain: %+v", sum.Findings)
	}
}

// A failure step nobody has discussed is a gap in coverage, never a
// finding: no NO_MONITORING, no NO_RETRY, and the monitoring and retry
// areas count the flow as unanswered.
func TestBlankFailureStepIsAGapNotAFinding(t *testing.T) {
	doc := fixture.NewBuilder().EveryCoreDomain().Flow("blank", "catalog", "pim", "storefront", func(f *model.Flow) {
		f.Failure = model.FailureStep{}
	}).Doc
	sum := summarize(doc)
	for _, rule := range []string{RuleNoMonitoring, RuleNoRetry} {
		if got := findingsOf(sum, rule); len(got) > 0 {
			t.Errorf("%s fired on a blank failure step: %+v", rule, got)
		}
	}
	var gaps []string
	for _, g := range sum.Gaps {
		if g.Flow == "blank" && g.Step == "failure" {
			gaps = append(gaps, g.Field)
		}
	}
	if !slices.Equal(gaps, []string{"", "retry_level", "monitoring_level"}) {
		t.Errorf("gaps of the blank step %v, want the step and both levels", gaps)
	}
	for _, a := range sum.Coverage {
		if a.Area == model.AreaMonitoring && (a.Answered != len(doc.Flows)-1 || a.Total != len(doc.Flows) || slices.Contains(a.Flows, "blank")) {
			t.Errorf("monitoring coverage %+v counts the blank flow", a)
		}
	}
}
