package model

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// largeSession builds a session of the given size with every answer filled in
// the way a long workshop would leave it: mostly prose, times and URLs, a few
// credentials, and enough trouble for every rule to fire somewhere.
func largeSession(flows, risksPerFlow int) *Document {
	d := &Document{Schema: SchemaID, Session: Session{ID: "big", Name: "Large session", Client: "Generated client",
		Participants: []string{"Head of e-commerce", "Integration lead"}, Notes: "Generated for benchmarks: 09:30 start."}}
	kinds := []SystemKind{"storefront", "erp", "wms", "pim", "ipaas", "file-drop", "marketplace", "pos", "manual-workaround", "crm"}
	for i := range 40 {
		d.Systems = append(d.Systems, System{ID: fmt.Sprintf("sys%02d", i), Name: fmt.Sprintf("System %d", i),
			Kind: kinds[i%len(kinds)], Notes: "Partner-hosted; upgrades twice a year, see https://wiki.example.com/systems/erp-upgrades"})
	}
	domains := []string{"catalog", "price", "inventory", "order", "payment", "returns"} // no customer flow: SOT_MISSING
	patterns := []Pattern{PatternRealTime, PatternBatch, PatternEventDriven, PatternFile, PatternManual}
	for i := range flows {
		sys := func(n int) string { return d.Systems[(i+n)%len(d.Systems)].ID }
		f := Flow{
			ID: fmt.Sprintf("flow%04d", i), Name: fmt.Sprintf("Flow %d: orders and stock between systems", i),
			Domain: domains[i%len(domains)], From: sys(0), To: sys(1), Via: sys(4),
			Source: SourceStep{System: sys(i % 3), OtherWriters: []string{sys(2)}, ConflictRule: ConflictRule(ConflictRuleChoices[i%5].Value),
				Identifiers: "SKU and the order number; the 3PL pads SKUs with leading zeros, stripped by the import script.",
				DataQuality: "Returns are restocked two to three days after they arrive; duplicates from guest checkouts.",
				Notes:       "Agreed at the 10:15 break: the ERP is the stock ledger, the WMS the physical count.",
				Done:        i%2 == 0},
			Contract: ContractStep{Pattern: patterns[i%5], PatternRationale: "Orders must reach the warehouse the same day; the webhook was the connector's default.",
				Timing: "File at 01:00, import at 02:00; stock is up to 25 hours old by evening.", Transport: "REST: https://api.example.com/v2/orders",
				Payload: "Order JSON v2; no versioned contract.", FieldMappings: "In the iPaaS only; discount lines mapped by a contractor.",
				RateLimits: "600 requests/min; peak day hit it for 40 minutes.", Idempotency: Idempotency(IdempotencyChoices[i%4].Value),
				Environments: "Sandbox points at a test company a year out of date; credentials in the vault.",
				Notes:        "Field mapping: price -> unit_price, qty -> quantity.", Done: i%3 == 0},
			Failure: FailureStep{Retries: []string{"", "none", "3 retries, then a dead-letter queue"}[i%3],
				Monitoring: []string{"none", "", "Alert to the on-call channel within 15 minutes"}[i%3],
				Notes:      "If the file is missing, yesterday's stock stays live and nobody is told."},
			Owner: OwnerStep{FlowOwner: []string{"", "E-commerce ops manager"}[i%2], Failures: "E-commerce ops", Dashboards: "Celigo dashboard",
				SupportModel: "Business hours; partner SLA next business day."},
		}
		if i%50 == 0 {
			f.Contract.Environments = "Shared SFTP login; password=Generated" + fmt.Sprint(i)
		}
		for r := range risksPerFlow {
			f.Failure.Risks = append(f.Failure.Risks, Risk{ID: fmt.Sprintf("r%04d-%d", i, r), Title: "Webhook retries create duplicate orders in the ERP",
				Impact: 1 + (i+r)%5, Likelihood: 1 + (i*7+r)%5, RevenueCritical: r%2 == 0, CustomerVisible: r%3 == 0,
				Fix: "Check the order id before insert and reject duplicates.", Horizon: Horizon(HorizonChoices[r%2].Value), Owner: "Integration lead",
				Slice: []int{0, 0, 0, 2}[r%4]})
		}
		d.Flows = append(d.Flows, f)
	}
	for i := range flows / 10 {
		d.OpenQuestions = append(d.OpenQuestions, OpenQuestion{ID: fmt.Sprintf("q%04d", i), Flow: d.Flows[i*10].ID, Step: "failure",
			Question: "Does the 3PL offer a stock API or delta files, and at what cost?", Ask: "3PL account manager"})
	}
	return d
}

// benchSizes are the two scales of the speed budgets: a big workshop and a
// whole integration program.
var benchSizes = []struct{ flows, risks int }{{200, 5}, {1000, 5}}

func BenchmarkSummarize(b *testing.B) {
	for _, size := range benchSizes {
		d := Generate(size.flows, size.risks, 1)
		b.Run(fmt.Sprintf("%dflows-%drisks", size.flows, size.flows*size.risks), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Summarize(d)
			}
		})
	}
}

// BenchmarkExport is a whole export as the command runs it: redaction, the
// summary, the encoding and the write to a file, in each format. The budget is 90 ms for 1,000
// flows; the floor to compare with is jq pretty-printing the JSON.
func BenchmarkExport(b *testing.B) {
	for _, size := range benchSizes {
		d := Generate(size.flows, size.risks, 1)
		for _, format := range []string{FormatJSON, FormatMarkdown, FormatCSV} {
			b.Run(fmt.Sprintf("%s/%dflows-%drisks", format, size.flows, size.flows*size.risks), func(b *testing.B) {
				// Into a real file through a buffer, as archreview export -o
				// writes it.
				path := filepath.Join(b.TempDir(), "export")
				b.ReportAllocs()
				var n int64
				for b.Loop() {
					f, err := os.Create(path)
					if err != nil {
						b.Fatal(err)
					}
					w := bufio.NewWriterSize(f, 1<<20)
					if err := RenderTo(w, d, format, ExportOptions{Now: testNow}); err != nil {
						b.Fatal(err)
					}
					if err := w.Flush(); err != nil {
						b.Fatal(err)
					}
					n, _ = f.Seek(0, io.SeekCurrent)
					f.Close()
				}
				b.ReportMetric(float64(n)/(1<<20), "MB-out")
			})
		}
	}
}

// The generated session must exercise every rule, or the benchmarks would
// measure a summary with parts of it idle.
func TestLargeSessionFiresEveryRule(t *testing.T) {
	d := largeSession(200, 5)
	sum := Summarize(d)
	if len(sum.Risks) < 1000 || len(sum.Findings) == 0 {
		t.Fatalf("the generated session has %d risks and %d findings", len(sum.Risks), len(sum.Findings))
	}
	fired := map[string]bool{}
	for _, f := range sum.Findings {
		fired[f.Rule] = true
	}
	if len(fired) != len(Rules) {
		t.Errorf("only %d of %d rules fire on the generated session: %v", len(fired), len(Rules), fired)
	}
}
