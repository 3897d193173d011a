package review

import (
	"testing"

	"archreview/model/internal/fixture"
	"archreview/model/redact"
)

func BenchmarkSummarize(b *testing.B) {
	for _, size := range fixture.BenchSizes {
		d := size.Session()
		b.Run(size.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Summarize(d, redact.MentionsCredential)
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
