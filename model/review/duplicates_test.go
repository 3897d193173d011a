package review

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

// risk puts a risk with the title on a flow.
func risk(id, title string, impact, likelihood int, edits ...func(*model.Risk)) func(*model.Flow) {
	return func(f *model.Flow) {
		r := model.Risk{ID: id, Title: title, Impact: impact, Likelihood: likelihood, Fix: "a fix", Owner: "Ops",
			Horizon: model.HorizonImmediate, Status: model.RiskOpen}
		for _, e := range edits {
			e(&r)
		}
		f.Failure.Risks = append(f.Failure.Risks, r)
	}
}

func through(id string) func(*model.Flow) { return func(f *model.Flow) { f.Via = id } }

// Two rooms logged one failure of the shared iPaaS in their own words, on
// two flows through it: the rule offers the pair. Two different failures
// of that iPaaS, or risks on flows that share no system, it leaves alone.
func TestDuplicateRisk(t *testing.T) {
	status := func(s model.RiskStatus) func(*model.Risk) { return func(r *model.Risk) { r.Status = s } }
	cases := []struct {
		name string
		doc  *fixture.Builder
		want []string // the pairs offered, as keys
	}{
		{"one failure in two phrasings, two flows through one iPaaS", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
			Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4)),
			[]string{"DUPLICATE_RISK:risks:r1,r2"}},
		{"the same failure, told apart by nothing but words", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("b", "Celigo API token expires over the weekend", 4, 3)).
			Flow("stock", "inventory", "erp", "marketplace", through("ipaas"), risk("a", "Integration user's password expiry stops the sync", 3, 3)),
			[]string{"DUPLICATE_RISK:risks:a,b"}},
		{"two different failures of one iPaaS", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
			Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Celigo API token expires", 4, 4)),
			nil},
		{"one failure on flows that share no system", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", risk("r1", "DLQ not watched", 5, 4)).
			Flow("leads", "customer", "crm", "marketplace", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4)),
			nil},
		{"a failure in transit is the middleware's, not an end's", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
			Flow("stock", "inventory", "wms", "erp", through("file-drop"), risk("r2", "Failed messages never replayed", 4, 4)),
			nil},
		{"a symptom matches within one domain", fixture.NewBuilder().
			Flow("web", "order", "storefront", "erp", through("ipaas"), risk("r1", "Nobody notices failed orders", 4, 4)).
			Flow("amazon", "order", "marketplace", "erp", through("ipaas"), risk("r2", "No alert when an order fails", 4, 3)),
			[]string{"DUPLICATE_RISK:risks:r1,r2"}},
		{"a symptom across domains is two failures", fixture.NewBuilder().
			Flow("web", "order", "storefront", "erp", through("ipaas"), risk("r1", "Nobody notices failed orders", 4, 4)).
			Flow("images", "catalog", "pim", "storefront", through("ipaas"), risk("r2", "Image sync fails silently", 3, 2)),
			nil},
		{"a definite failure is not its symptom", fixture.NewBuilder().
			Flow("web", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched, nobody notices", 4, 4)).
			Flow("amazon", "order", "marketplace", "erp", through("ipaas"), risk("r2", "No alert when an order fails", 4, 3)),
			nil},
		{"closed risks are not offered", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4, status(model.RiskMitigated))).
			Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4)),
			nil},
		{"in progress is still open", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4, status(model.RiskInProgress))).
			Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4)),
			[]string{"DUPLICATE_RISK:risks:r1,r2"}},
		{"two of one flow", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4), risk("r2", "Orders parked in the error queue", 3, 3)),
			[]string{"DUPLICATE_RISK:risks:r1,r2"}},
		{"one rule's findings accepted flow by flow stay apart", fixture.NewBuilder().
			Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "Failed transfers on orders are not retried", 3, 3,
				func(r *model.Risk) { r.Covers = []string{"NO_RETRY:orders"} })).
			Flow("returns", "order", "storefront", "erp", through("ipaas"), risk("r2", "Failed transfers on returns are not retried", 3, 3,
				func(r *model.Risk) { r.Covers = []string{"NO_RETRY:returns"} })),
			nil},
		{"three alike pair with the first", fixture.NewBuilder().
			Flow("a", "order", "storefront", "erp", through("ipaas"), risk("r2", "DLQ not watched", 3, 3)).
			Flow("b", "returns", "storefront", "erp", through("ipaas"), risk("r1", "Failed messages never replayed", 5, 4)).
			Flow("c", "order", "marketplace", "erp", through("ipaas"), risk("r3", "Messages stuck in the dead-letter queue", 2, 2)),
			[]string{"DUPLICATE_RISK:risks:r1,r2", "DUPLICATE_RISK:risks:r1,r3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range findingsOf(summarize(c.doc.Doc), RuleDuplicateRisk) {
				got = append(got, f.Key)
				if !model.ValidFindingKey(f.Key) {
					t.Errorf("%s is not a valid finding key", f.Key)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("offered %v, want %v", got, c.want)
			}
		})
	}
}

// The finding says which two risks, which failure and which system, and
// suggests the score of the risk a merge keeps.
func TestDuplicateRiskSaysWhatAndWhere(t *testing.T) {
	d := fixture.NewBuilder().
		Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
		Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4)).Doc
	fs := findingsOf(summarize(d), RuleDuplicateRisk)
	if len(fs) != 1 {
		t.Fatalf("%d findings", len(fs))
	}
	f := fs[0]
	for _, want := range []string{"DLQ not watched", "Failed messages never replayed", "dead-letter queue", "IPAAS system", "Flow orders", "Flow returns"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("the message does not say %q: %s", want, f.Message)
		}
	}
	if f.Score != 20 || f.Severity != SeverityCritical || f.Flow != "orders" {
		t.Errorf("score %d (%s) on %q, want the survivor's 20 (critical) on orders", f.Score, f.Severity, f.Flow)
	}
	keep, merge, ok := DuplicatePair(d, f.Key)
	if !ok || keep != "r1" || merge != "r2" {
		t.Errorf("DuplicatePair = %q, %q, %v; want r1 kept, r2 merged", keep, merge, ok)
	}
}

// Dismissing a pair lets the next risk up be offered instead.
func TestDuplicateRiskDismissedGivesWay(t *testing.T) {
	b := fixture.NewBuilder().
		Flow("a", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
		Flow("b", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4)).
		Flow("c", "order", "marketplace", "erp", through("ipaas"), risk("r3", "Messages stuck in the dead-letter queue", 2, 2))
	b.Doc.Triage = []model.Triage{{Finding: "DUPLICATE_RISK:risks:r1,r3", Status: model.TriageDismissed, Reason: "two queues"}}
	var open []string
	for _, f := range findingsOf(summarize(b.Doc), RuleDuplicateRisk) {
		if f.Status == FindingOpen {
			open = append(open, f.Key)
		}
	}
	if want := []string{"DUPLICATE_RISK:risks:r1,r2", "DUPLICATE_RISK:risks:r2,r3"}; !slices.Equal(open, want) {
		t.Errorf("to confirm: %v, want %v", open, want)
	}
}

// Accepting the finding merges the lower-scored risk into the other: it
// keeps its score and gains the other's title, flow, findings and id; the
// other is gone, and the pair is offered no more.
func TestAcceptingADuplicateMergesTheRisks(t *testing.T) {
	d := fixture.NewBuilder().
		Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 4, 4, func(r *model.Risk) {
			r.Covers, r.Owner, r.Ticket, r.RevenueCritical = []string{"NO_MONITORING:orders"}, "", "INT-7", true
		})).
		Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4, func(r *model.Risk) {
			r.Covers, r.Fix, r.Owner, r.CustomerVisible = []string{"NO_RETRY:returns"}, "Replay the queue every morning", "Integration lead", true
		})).Doc
	fs := findingsOf(summarize(d), RuleDuplicateRisk)
	if len(fs) != 1 {
		t.Fatalf("%d findings", len(fs))
	}
	keep, merge, ok := DuplicatePair(d, fs[0].Key)
	if !ok || keep != "r1" {
		t.Fatalf("on a tie of scores the one ranked first (revenue-critical) stays: got %q (ok %v)", keep, ok)
	}
	if err := MergeRisks(d, keep, merge); err != nil {
		t.Fatal(err)
	}
	if n := len(d.Flows[1].Failure.Risks); n != 0 {
		t.Fatalf("the merged-away risk is still there (%d risks on returns)", n)
	}
	got := d.Flows[0].Failure.Risks[0]
	want := model.Risk{
		ID: "r1", Title: "DLQ not watched / Failed messages never replayed", Impact: 4, Likelihood: 4,
		RevenueCritical: true, CustomerVisible: true, Fix: "a fix\nReplay the queue every morning", Horizon: model.HorizonImmediate,
		Owner: "Integration lead", Covers: []string{"NO_MONITORING:orders", "NO_RETRY:returns"}, Status: model.RiskOpen,
		Ticket: "INT-7", Flows: []string{"returns"}, Merged: []string{"r2"},
	}
	if docJSON(t, &model.Document{Flows: []model.Flow{{Failure: model.FailureStep{Risks: []model.Risk{got}}}}}) !=
		docJSON(t, &model.Document{Flows: []model.Flow{{Failure: model.FailureStep{Risks: []model.Risk{want}}}}}) {
		t.Errorf("the survivor is\n%+v\nwant\n%+v", got, want)
	}
	if ps := model.Validate(d); len(ps) > 0 {
		t.Errorf("the merged session is not valid: %v", ps)
	}
	if fs := findingsOf(summarize(d), RuleDuplicateRisk); len(fs) != 0 {
		t.Errorf("still offered after the merge: %v", fs)
	}
	if err := MergeRisks(d, "r1", "r2"); err != ErrNoSuchRisk {
		t.Errorf("merging a risk that is gone: %v", err)
	}
	if err := MergeRisks(d, "r1", "r1"); err == nil {
		t.Error("a risk merged into itself")
	}
}

// Every failure mode has phrasings, and no phrasing is empty or says the
// same as another mode's: a title then names one failure, not a guess.
func TestFailureModesAreData(t *testing.T) {
	if len(FailureModes) > 64 {
		t.Fatalf("%d failure modes; a title's matches are 64 bits", len(FailureModes))
	}
	fold := func(p string) string {
		var b strings.Builder
		for _, r := range p {
			if c := charClass(r); c != classSpace {
				b.WriteRune(unicode.ToLower(r))
			} else if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		}
		return strings.TrimSpace(b.String())
	}
	seen := map[string]string{}
	ids := map[string]bool{}
	for _, m := range FailureModes {
		if m.ID == "" || m.Name == "" || len(m.Phrasings) == 0 || ids[m.ID] {
			t.Errorf("mode %q: an id, a name and phrasings, once each", m.ID)
		}
		ids[m.ID] = true
		for _, p := range m.Phrasings {
			f := fold(p)
			if f == "" {
				t.Errorf("mode %s: phrasing %q is empty once folded", m.ID, p)
			}
			if other, dup := seen[f]; dup && other != m.ID {
				t.Errorf("phrasing %q is in %s and %s", p, other, m.ID)
			}
			seen[f] = m.ID
		}
	}
	for title, want := range map[string]string{
		"DLQ not watched":                        "dead-letter",
		"Failed messages never replayed":         "dead-letter",
		"Replay creates duplicate orders":        "replay-duplicates",
		"Duplicate orders on rerun":              "replay-duplicates",
		"Stale stock oversells on Amazon":        "stale-stock",
		"BC API throttling at peak":              "rate-limit",
		"OAuth token expiry stops the sync":      "credential-expiry",
		"Field mappings break when PIM changes":  "mapping-change",
		"Nobody notices when the feed stops":     "unnoticed",
		"Failed transfers are not retried":       "not-retried",
		"ERP outage blocks order export":         "outage",
		"Prices re-keyed by hand from the sheet": "manual-step",
	} {
		var got []string
		for _, m := range failuresOf(title) {
			got = append(got, m.ID)
		}
		if !slices.Equal(got, []string{want}) {
			t.Errorf("%q names %v, want %s", title, got, want)
		}
	}
}
