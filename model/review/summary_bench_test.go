package review

import (
	"fmt"
	"testing"

	"archreview/model"
	"archreview/model/internal/fixture"
	"archreview/model/redact"
)

// benchSizes are the two scales of the speed budgets: a big workshop and a
// whole integration program.
var benchSizes = []struct{ flows, risks int }{{200, 5}, {1000, 5}}

func BenchmarkSummarize(b *testing.B) {
	for _, size := range benchSizes {
		d := model.Generate(size.flows, size.risks, 1)
		b.Run(fmt.Sprintf("%dflows-%drisks", size.flows, size.flows*size.risks), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Summarize(d, redact.CredentialPlaces(d))
			}
		})
	}
}

// The generated session must exercise every rule, or the benchmarks would
// measure a summary with parts of it idle.
func TestLargeSessionFiresEveryRule(t *testing.T) {
	d := fixture.LargeSession(200, 5)
	sum := summarize(d)
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
