package review

import (
	"fmt"
	"testing"

	"github.com/archreview/archreview/model"

	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/redact"
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

// BenchmarkSummaryAfterEdit is a Live's summary after one answer changed:
// a flow's failure notes (nothing but that flow's text to read again), its
// monitoring level between none and named, which adds and takes away a
// finding in the middle of the list, and its downtime cost between unknown
// and known, which costs its risks and takes the cost away again (their
// lines, the review's exposure and their slices' sums). Its ratio to
// BenchmarkSummarize in the same run is what following changes saves.
func BenchmarkSummaryAfterEdit(b *testing.B) {
	for _, size := range fixture.BenchSizes[1:] {
		d := size.Session()
		live := NewLive(d, redact.MentionsCredential, nil)
		f := &d.Flows[len(d.Flows)/2]
		c := model.Change{Parts: model.PartFlows, Flows: []string{f.ID}}
		edits := []struct {
			name  string
			field string
			value func(i int) string
		}{
			{"notes", "notes", func(i int) string { return fmt.Sprint(i) }},
			{"monitoring", "monitoring_level", func(i int) string {
				return []string{string(model.MonitorNone), string(model.MonitorNamedOwner)}[i%2]
			}},
			{"downtime", "downtime_cost_per_hour", func(i int) string { return []string{"0", "20000"}[i%2] }},
		}
		for _, e := range edits {
			b.Run(size.Name()+"/"+e.name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					f.Set(model.StepFailure, e.field, e.value(i))
					live.Apply(d, c)
				}
			})
		}
	}
}
