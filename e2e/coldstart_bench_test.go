//go:build unix

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
	helpersMu sync.Mutex
	helpers   = map[string]string{}
)

// helperProgram builds one of the small programs under e2e/testdata once
// per run and returns its path.
func helperProgram(b *testing.B, name string) string {
	b.Helper()
	helpersMu.Lock()
	defer helpersMu.Unlock()
	if p, ok := helpers[name]; ok {
		return p
	}
	root, err := moduleRoot()
	if err != nil {
		b.Fatal(err)
	}
	dir, err := os.MkdirTemp(runDir, name+"-")
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", p, "./e2e/testdata/"+name)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("building e2e/testdata/%s: %v\n%s", name, err, out)
	}
	helpers[name] = p
	return p
}

// bareProgram is the floor of the cold-start benchmark: a Bubble Tea
// program that draws one frame and nothing else.
func bareProgram(b *testing.B) string { return helperProgram(b, "bare") }

// firstFrame starts a program on an 80x24 pseudo-terminal, answering the
// terminal queries as a terminal would, and returns how long it took until
// the screen showed want.
func firstFrame(b *testing.B, want string, env []string, name string, args ...string) time.Duration {
	b.Helper()
	p := startPtyEnv(b, env, name, args...)
	defer p.stop()
	return p.waitFor(b, 0, want).Sub(p.start)
}

// BenchmarkColdStart is process start to the first useful frame: for
// archreview the session list, after the open and the list; for the floor,
// a bare Bubble Tea program's one frame, measured in the same iteration.
// The budgets are under 100 ms and at most 1.5x the bare program at 10,000
// flows. "known" is a file the last archreview to hold it closed cleanly,
// with the theme set (ARCHREVIEW_THEME), so nothing is asked of the
// terminal; "asks" the same file with no theme set, so the app asks the
// terminal for its background as the bare program does (the benchmark
// answers both at once, as a terminal would); "unseen" a file this machine
// has not checked (copied in), which runs the full check in a child first.
func BenchmarkColdStart(b *testing.B) {
	last := scaleSizes[len(scaleSizes)-1]
	for _, n := range scaleSizes {
		for _, variant := range []string{"known", "asks", "unseen"} {
			if variant != "known" && n != last {
				continue
			}
			b.Run(fmt.Sprintf("%dflows-%s", n, variant), func(b *testing.B) {
				prepareDBs(b)
				db := scaleDB(b, n)
				env := scaleEnv(b)
				if variant == "asks" {
					env = append(env, "ARCHREVIEW_THEME=")
				}
				var bare, app []float64
				for b.Loop() {
					bare = append(bare, float64(firstFrame(b, "bare program ready", scaleEnv(b), bareProgram(b)))/1e6)
					if variant == "unseen" {
						forgetChecks(b)
					}
					app = append(app, float64(firstFrame(b, "1 session", env, binary, "--db", db))/1e6)
				}
				b.ReportMetric(median(bare), "ms-bare")
				b.ReportMetric(median(app), "ms-app")
				b.ReportMetric(median(app)/median(bare), "x-bare")
			})
		}
	}
}
