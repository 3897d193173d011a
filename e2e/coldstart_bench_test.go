package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var (
	bareOnce   sync.Once
	bareBinary string
	bareErr    error
)

// bareProgram builds the floor of the cold-start benchmark: a Bubble Tea
// program that draws one frame and nothing else.
func bareProgram(b *testing.B) string {
	bareOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			bareErr = err
			return
		}
		dir, err := os.MkdirTemp("", "archreview-bare-")
		if err != nil {
			bareErr = err
			return
		}
		bareBinary = filepath.Join(dir, "bare")
		cmd := exec.Command("go", "build", "-o", bareBinary, "./e2e/testdata/bare")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			bareErr = fmt.Errorf("building the bare program: %v\n%s", err, out)
		}
	})
	if bareErr != nil {
		b.Fatal(bareErr)
	}
	return bareBinary
}

// firstFrame starts a program on an 80x24 pseudo-terminal, answering the
// terminal queries as a terminal would, and returns how long it took until
// the screen showed want.
func firstFrame(b *testing.B, want string, name string, args ...string) time.Duration {
	b.Helper()
	p := startPty(b, name, args...)
	defer p.stop()
	return p.waitFor(b, 0, want).Sub(p.start)
}

// BenchmarkColdStart is process start to the first useful frame: for
// archreview the session list, after the open and the list; for the floor,
// a bare Bubble Tea program's one frame, measured in the same iteration.
// The budgets are under 100 ms and at most 1.5x the bare program at 10,000
// flows. "unseen" is the first start on a file this machine has not
// checked (copied in), which runs the full check in a child first.
func BenchmarkColdStart(b *testing.B) {
	for _, n := range scaleSizes {
		for _, seen := range []string{"known", "unseen"} {
			if seen == "unseen" && n != scaleSizes[len(scaleSizes)-1] {
				continue
			}
			b.Run(fmt.Sprintf("%dflows-%s", n, seen), func(b *testing.B) {
				db := scaleDB(b, n)
				var bare, app []float64
				for b.Loop() {
					bare = append(bare, float64(firstFrame(b, "bare program ready", bareProgram(b)))/1e6)
					if seen == "unseen" {
						forgetChecks(b)
					}
					app = append(app, float64(firstFrame(b, "1 session", binary, "--db", db))/1e6)
				}
				b.ReportMetric(median(bare), "ms-bare")
				b.ReportMetric(median(app), "ms-app")
				b.ReportMetric(median(app)/median(bare), "x-bare")
			})
		}
	}
}
