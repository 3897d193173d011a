//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// exportBudgetMB is the most memory an export of 10,000 flows may take.
const exportBudgetMB = 150

// BenchmarkExportPeakMemory writes every export format of a generated
// session of 1,000 and of 10,000 flows (5 risks each) to a file with the
// built binary, as a user does, and reports the process's peak resident
// memory (MB-peak, the median of the iterations) and that peak as a share
// of the budget (x-budget; at most 1 at 10,000 flows). The floor, measured
// in the same run, is `archreview version`: what the program takes before
// it reads a session. The peak is the export process's own: the check of
// the database it runs in a child is a process of its own. Run it with
// -benchtime=3x for medians of three runs.
func BenchmarkExportPeakMemory(b *testing.B) {
	peak := helperProgram(b, "peakrss")
	env := cleanEnv(b)
	b.Run("floor/version", func(b *testing.B) {
		var mb []float64
		for b.Loop() {
			mb = append(mb, peakRSS(b, peak, env, "version"))
		}
		b.ReportMetric(median(mb), "MB-peak")
	})
	for _, flows := range []int{1000, 10000} {
		db := scaleDB(b, flows)
		for _, format := range []string{"json", "markdown", "html", "xlsx", "csv", "jira", "mermaid", "dot"} {
			b.Run(fmt.Sprintf("%s/%dflows", format, flows), func(b *testing.B) {
				out := filepath.Join(b.TempDir(), "export."+format)
				var mb []float64
				for b.Loop() {
					mb = append(mb, peakRSS(b, peak, env, "--db", db, "export", "Generated", "--format", format, "-o", out))
				}
				b.ReportMetric(median(mb), "MB-peak")
				b.ReportMetric(median(mb)/exportBudgetMB, "x-budget")
			})
		}
	}
}

// peakRSS runs archreview with the arguments through peakrss and returns
// its peak resident memory in MB.
func peakRSS(b *testing.B, peak string, env []string, args ...string) float64 {
	b.Helper()
	report := filepath.Join(b.TempDir(), "peak")
	cmd := exec.Command(peak, append([]string{report, binary}, args...)...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("archreview %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	kb, err := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64)
	if err != nil {
		b.Fatalf("peakrss wrote %q: %v", raw, err)
	}
	return kb / 1024
}
