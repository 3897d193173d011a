package review

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

func findingByKey(sum *Summary, key string) *Finding {
	for i := range sum.Findings {
		if sum.Findings[i].Key == key {
			return &sum.Findings[i]
		}
	}
	return nil
}

// Accepting, merging and dismissing are recorded in the document and read
// back as statuses; the register holds the room's risks and the accepted
// finding, and a merged finding adds no entry.
func TestTriageStatuses(t *testing.T) {
	d := fixture.NewBuilder().EveryCoreDomain().
		Flow("a", "catalog", "erp", "storefront", func(f *model.Flow) { f.Failure.MonitoringLevel = model.MonitorNone }).
		Flow("b", "catalog", "erp", "storefront", func(f *model.Flow) {
			f.Failure.RetryLevel = model.RetryNone
			f.Failure.Risks = []model.Risk{{ID: "room", Title: "Catalog updates lost", Impact: 3, Likelihood: 3, Fix: "f", Owner: "o"}}
		}).
		Flow("c", "catalog", "erp", "storefront", func(f *model.Flow) { f.Owner.FlowOwner = "" }).Doc
	sum := summarize(d)
	monitoring, retry, owner := FindingKey(RuleNoMonitoring, "a", ""), FindingKey(RuleNoRetry, "b", ""), FindingKey(RuleNoOwner, "c", "")
	for _, k := range []string{monitoring, retry, owner} {
		if f := findingByKey(sum, k); f == nil || f.Status != FindingOpen {
			t.Fatalf("finding %s: %+v, want open", k, f)
		}
	}
	if sum.Triage != (TriageCounts{Register: 1, ToConfirm: 3}) {
		t.Fatalf("counts %+v before triage", sum.Triage)
	}

	// Accept the monitoring finding, merge the retry one into the room's
	// risk, dismiss the owner one.
	a := d.FlowIndex("a")
	d.Flows[a].Failure.Risks = append(d.Flows[a].Failure.Risks, RiskFromFinding(d, *findingByKey(sum, monitoring), "acc"))
	bi := d.FlowIndex("b")
	d.Flows[bi].Failure.Risks[0].Covers = []string{retry}
	d.Triage = []model.Triage{{Finding: owner, Status: model.TriageDismissed, Reason: "owned by the PIM vendor under contract"}}
	sum = summarize(d)

	if f := findingByKey(sum, monitoring); f.Status != FindingCovered || f.CoveredBy != "acc" {
		t.Errorf("accepted finding %+v, want covered by acc", f)
	}
	if f := findingByKey(sum, retry); f.Status != FindingCovered || f.CoveredBy != "room" {
		t.Errorf("merged finding %+v, want covered by room", f)
	}
	if f := findingByKey(sum, owner); f.Status != FindingDismissed || f.Reason == "" {
		t.Errorf("dismissed finding %+v, want its reason", f)
	}
	if sum.Triage != (TriageCounts{Register: 2, ToConfirm: 0, Covered: 2, Dismissed: 1}) {
		t.Errorf("counts %+v after triage", sum.Triage)
	}
	var ids []string
	for _, r := range sum.Risks {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []string{"acc", "room"}) {
		t.Errorf("register %v, want the accepted finding (12) above the room's risk (9)", ids)
	}
	acc := sum.Risks[0]
	rule := ruleByID(RuleNoMonitoring)
	if acc.Impact != rule.Impact || acc.Likelihood != rule.Likelihood || acc.Horizon != rule.Horizon || !slices.Equal(acc.Covers, []string{monitoring}) || acc.Status != model.RiskOpen {
		t.Errorf("accepted risk %+v does not carry the finding's suggestion and key", acc)
	}
}

// Multi-channel orders name the storefront and the marketplace: with the
// room's decision naming the ERP, that is no conflict, and the map shows the
// decision with both claims as its evidence.
func TestDecidedDomainKeepsItsClaims(t *testing.T) {
	b := fixture.NewBuilder().EveryCoreDomain().
		Flow("web", "order", "storefront", "erp").
		Flow("amazon", "order", "marketplace", "erp")
	if got := findingsOf(summarize(b.Doc), RuleSOTConflict); len(got) == 0 {
		t.Fatal("without a decision the two order sources are not a conflict; the test proves nothing")
	}
	sum := summarize(b.Decide("order", "erp").Doc)
	if got := findingsOf(sum, RuleSOTConflict); len(got) > 0 {
		t.Errorf("SOT_CONFLICT fired on a decided domain: %+v", got)
	}
	var order DomainSource
	for _, row := range sum.SourceOfTruth {
		if row.Domain == "order" {
			order = row
		}
	}
	var named []string
	for _, c := range order.Claims {
		named = append(named, c.System)
	}
	if order.Status != StatusDecided || order.System != "erp" || order.DecidedBy != "CIO" ||
		!slices.Contains(named, "storefront") || !slices.Contains(named, "marketplace") {
		t.Errorf("order row %+v, want decided on the ERP with both claims", order)
	}
	if got := findingsOf(sum, RuleSourceNotMaster); len(got) > 0 {
		t.Errorf("orders flowing into the decided ERP fired SOURCE_NOT_MASTER: %+v", got)
	}
}

// Slices hold at most slice_size; open immediate items fill the first ones
// in score order, roadmap items follow, mitigated and accepted risks leave
// the plan but stay in the register.
func TestSlicesBySizeAndStatus(t *testing.T) {
	var risks []model.Risk
	add := func(id string, likelihood int, h model.Horizon, status model.RiskStatus, slice int) {
		risks = append(risks, model.Risk{ID: id, Title: id, Impact: 1, Likelihood: likelihood, Fix: "f", Owner: "o", Horizon: h, Status: status, Slice: slice})
	}
	add("now5", 5, model.HorizonImmediate, "", 0)
	add("now4", 4, model.HorizonImmediate, model.RiskInProgress, 0)
	add("now3", 3, model.HorizonImmediate, "", 0)
	add("done", 5, model.HorizonImmediate, model.RiskMitigated, 0)
	add("ok", 5, model.HorizonRoadmap, model.RiskAccepted, 2)
	add("later5", 5, model.HorizonRoadmap, "", 0)
	add("later4", 4, model.HorizonRoadmap, "", 0)
	add("hand", 1, model.HorizonRoadmap, "", 1)
	d := riskFlow(fixture.NewBuilder(), "f1", risks...).Doc
	d.Session.SliceSize = 2
	sum := summarize(d)
	want := map[string]int{"now5": 1, "hand": 1, "now4": 2, "now3": 2, "later5": 3, "later4": 3, "done": 0, "ok": 0}
	for _, e := range sum.Risks {
		if e.Slice != want[e.ID] {
			t.Errorf("%s in slice %d, want %d", e.ID, e.Slice, want[e.ID])
		}
	}
	if len(sum.Risks) != len(risks) {
		t.Errorf("the register holds %d of %d risks; closed ones must stay", len(sum.Risks), len(risks))
	}
	for _, s := range sum.Slices {
		if len(s.Risks) > 2 {
			t.Errorf("slice %d holds %d, over the slice size", s.Slice, len(s.Risks))
		}
	}
	for _, ds := range [][]Decision{sum.Decisions.Immediate, sum.Decisions.Roadmap} {
		for _, dc := range ds {
			if dc.Risk == "done" || dc.Risk == "ok" {
				t.Errorf("closed risk %s is on the decision list", dc.Risk)
			}
		}
	}
	if sum.Scoring.SliceSize != 2 {
		t.Errorf("scoring says slice size %d", sum.Scoring.SliceSize)
	}
}

// A pack's rule settings turn a rule off or change what it suggests.
func TestRuleSettings(t *testing.T) {
	d := fixture.NewBuilder().EveryCoreDomain().
		Flow("a", "inventory", "wms", "marketplace", func(f *model.Flow) { f.Contract.Pattern = model.PatternBatch }).
		Flow("b", "catalog", "pim", "storefront", func(f *model.Flow) { f.Owner.FlowOwner = "" }).Doc
	sum := SummarizeWith(d, nil, map[string]model.RuleSetting{
		RuleStaleInventory: {Impact: 5, Likelihood: 4},
		RuleNoOwner:        {Disabled: true},
	})
	got := findingsOf(sum, RuleStaleInventory)
	if len(got) != 1 || got[0].Score != 20 || got[0].Severity != SeverityCritical {
		t.Errorf("STALE_INVENTORY at 5×4: %+v", got)
	}
	if len(findingsOf(sum, RuleNoOwner)) != 0 {
		t.Error("a disabled rule fired")
	}
	for _, r := range sum.Scoring.Rules {
		if r.Rule == RuleNoOwner || r.Rule == RuleStaleInventory && (r.Impact != 5 || r.Likelihood != 4) {
			t.Errorf("scoring lists %+v", r)
		}
	}
}

// A v1 export whose monitoring answer says none in words gets its
// NO_MONITORING finding once imported, and a blank one none.
func TestV1ImportReadsMonitoringText(t *testing.T) {
	doc := `{"schema": "archreview/v1", "session": {"id": "s1", "name": "Old review"},
	  "systems": [{"id": "a", "name": "Shop", "kind": "storefront"}, {"id": "b", "name": "ERP", "kind": "erp"}],
	  "flows": [
	    {"id": "f1", "name": "Orders", "domain": "order", "from": "a", "to": "b", "failure": {"monitoring": "none - customers complain"}},
	    {"id": "f2", "name": "Stock", "domain": "inventory", "from": "b", "to": "a", "failure": {"monitoring": ""}}]}`
	d, err := model.DecodeDocument([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := findingsOf(summarize(d), RuleNoMonitoring)
	if len(got) != 1 || got[0].Flow != "f1" {
		t.Errorf("NO_MONITORING after a v1 import: %+v, want it on f1 only", got)
	}
}
