//go:build unix

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	"github.com/creack/pty"
)

// The programme-scale benchmarks drive the built binary as a person does and
// measure the whole process: time to a frame, CPU while idle, resident
// memory, time to exit. Each runs at 200, 1,000 and 10,000 flows; the
// 200-flow figure (a big workshop), or the bare Bubble Tea program where
// the issue names it, is the floor, measured in the same iteration so a
// busy machine moves both.

// scaleSizes are the flows of the sessions measured; the first is the floor.
var scaleSizes = []int{200, 1000, 10000}

var (
	scaleMu  sync.Mutex
	scaleDBs = map[int]string{}
)

// scaleDB is a database holding one generated session of n flows (5 risks
// each), made once per run; the benchmarks leave it as they found it.
func scaleDB(b *testing.B, n int) string {
	scaleMu.Lock()
	defer scaleMu.Unlock()
	if p, ok := scaleDBs[n]; ok {
		return p
	}
	dir, err := os.MkdirTemp(runDir, "scale-")
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "review.db")
	// The store notes the file it closed as sound where the app looks.
	os.Setenv("XDG_CACHE_HOME", scaleCache(b))
	st, err := store.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Create(model.Generate(n, 5, 1)); err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	scaleDBs[n] = p
	return p
}

// prepareDBs makes every size's database before anything is measured, and
// collects the garbage of making them: the test process collecting 10,000
// generated flows on the second core would slow what it measures.
func prepareDBs(b *testing.B) {
	for _, n := range scaleSizes {
		scaleDB(b, n)
	}
	runtime.GC()
	debug.FreeOSMemory()
}

// scaleEnv is the environment of a measured process: a terminal, the dark
// theme, and caches of the run's own.
func scaleEnv(b *testing.B) []string {
	return append(os.Environ(), "TERM=xterm-256color", "ARCHREVIEW_THEME=dark", "XDG_CACHE_HOME="+scaleCache(b))
}

var (
	cacheOnce sync.Once
	cacheDir  string
)

func scaleCache(b *testing.B) string {
	cacheOnce.Do(func() {
		cacheDir, _ = os.MkdirTemp(runDir, "cache-")
	})
	return cacheDir
}

// ptyProc is a program on an 80x24 pseudo-terminal whose output is read as
// it comes, answering the terminal queries Bubble Tea sends at start-up.
type ptyProc struct {
	cmd   *exec.Cmd
	f     *os.File
	start time.Time
	mu    sync.Mutex
	out   bytes.Buffer
	done  chan struct{}
}

func startPty(b *testing.B, name string, args ...string) *ptyProc {
	return startPtyEnv(b, scaleEnv(b), name, args...)
}

// startPtyEnv is startPty with the environment given.
func startPtyEnv(b *testing.B, env []string, name string, args ...string) *ptyProc {
	b.Helper()
	p := &ptyProc{cmd: exec.Command(name, args...), done: make(chan struct{})}
	p.cmd.Env = env
	p.start = time.Now()
	f, err := pty.StartWithSize(p.cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		b.Fatal(err)
	}
	p.f = f
	go func() {
		defer close(p.done)
		buf := make([]byte, 64<<10)
		answered := false
		for {
			n, err := f.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			ask := !answered && bytes.Contains(p.out.Bytes(), []byte("\x1b[6n"))
			p.mu.Unlock()
			if ask {
				answered = true
				f.WriteString("\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\\x1b[1;1R")
			}
			if err != nil {
				return
			}
		}
	}()
	return p
}

// mark is where the output is now, for waitFor to look after.
func (p *ptyProc) mark() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Len()
}

// waitFor waits until the output after from holds want, and returns when.
func (p *ptyProc) waitFor(b *testing.B, from int, want string) time.Time {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		p.mu.Lock()
		found := bytes.Contains(p.out.Bytes()[from:], []byte(want))
		p.mu.Unlock()
		if found {
			return time.Now()
		}
		select {
		case <-p.done:
			b.Fatalf("%s ended before showing %q", filepath.Base(p.cmd.Path), want)
		case <-time.After(200 * time.Microsecond):
		}
	}
	b.Fatalf("%s never showed %q", filepath.Base(p.cmd.Path), want)
	return time.Time{}
}

// press types keys and waits until the screen shows want. It waits a
// moment first, as a person does: keys within a frame of the last are a
// burst, which the app takes for no command.
func (p *ptyProc) press(b *testing.B, keys, want string) time.Duration {
	b.Helper()
	time.Sleep(50 * time.Millisecond)
	from := p.mark()
	start := time.Now()
	p.f.WriteString(keys)
	return p.waitFor(b, from, want).Sub(start)
}

// cpu is the CPU time the process has used, from the scheduler's
// nanosecond counts of each of its threads.
func (p *ptyProc) cpu(b *testing.B) time.Duration {
	b.Helper()
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", p.cmd.Process.Pid))
	if err != nil || len(tasks) == 0 {
		b.Fatalf("cannot read the CPU time of %d: %v", p.cmd.Process.Pid, err)
	}
	var total time.Duration
	for _, t := range tasks {
		raw, err := os.ReadFile(t)
		if err != nil {
			continue // a thread that ended
		}
		ns, _ := strconv.ParseInt(strings.Fields(string(raw))[0], 10, 64)
		total += time.Duration(ns)
	}
	return total
}

// rss is the process's resident memory now and at its highest, in MB.
func (p *ptyProc) rss(b *testing.B) (now, peak float64) {
	b.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(raw), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			now = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return now, peak
}

// stop ends the process and waits for it.
func (p *ptyProc) stop() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
	p.f.Close()
	<-p.done
}

// hangUp sends SIGHUP, as closing the terminal tab does, and returns how
// long the process took to exit.
func (p *ptyProc) hangUp(b *testing.B) time.Duration {
	b.Helper()
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGHUP)
	p.cmd.Wait()
	took := time.Since(start)
	p.f.Close()
	<-p.done
	return took
}

// openApp starts archreview on the n-flow session and waits for the list.
func openApp(b *testing.B, n int) *ptyProc {
	p := startPty(b, binary, "--db", scaleDB(b, n))
	p.waitFor(b, 0, "1 session")
	return p
}

// flowsTab is what the session screen shows once the session is open.
func flowsTab(n int) string { return fmt.Sprintf("[ Flows %d ]", n) }

// median of the durations or numbers collected over a benchmark's loop.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// scaled runs measure at each size, the floor's size and the others in
// turn within every iteration, and reports each size's median, unit and
// its ratio to the floor's.
func scaled(b *testing.B, unit string, measure func(b *testing.B, n int) float64) {
	prepareDBs(b)
	got := map[int][]float64{}
	for b.Loop() {
		for _, n := range scaleSizes {
			got[n] = append(got[n], measure(b, n))
		}
	}
	floor := median(got[scaleSizes[0]])
	for _, n := range scaleSizes {
		m := median(got[n])
		b.ReportMetric(m, fmt.Sprintf("%s@%d", unit, n))
		if n != scaleSizes[0] && floor > 0 {
			b.ReportMetric(m/floor, fmt.Sprintf("x-floor@%d", n))
		}
	}
}

// BenchmarkOpenSession is enter on the session list until the flows tab is
// drawn: loading the session and its first screen.
func BenchmarkOpenSession(b *testing.B) {
	scaled(b, "ms", func(b *testing.B, n int) float64 {
		p := openApp(b, n)
		defer p.stop()
		return float64(p.press(b, "\r", flowsTab(n))) / 1e6
	})
}

// BenchmarkExitAfterSIGHUP is the terminal closed with the session open:
// the final save and the clearing of free pages, until the process is gone.
func BenchmarkExitAfterSIGHUP(b *testing.B) {
	scaled(b, "ms", func(b *testing.B, n int) float64 {
		p := openApp(b, n)
		p.press(b, "\r", flowsTab(n))
		return float64(p.hangUp(b)) / 1e6
	})
}

// BenchmarkTUIMemory is the app's resident memory on the session list,
// with the session open, and after walking a flow and showing the summary:
// the budget is 150 MB at 10,000 flows.
func BenchmarkTUIMemory(b *testing.B) {
	for _, stage := range []string{"list", "open", "walk+summary"} {
		b.Run(stage, func(b *testing.B) {
			scaled(b, "MB", func(b *testing.B, n int) float64 {
				p := openApp(b, n)
				defer p.stop()
				if stage != "list" {
					p.press(b, "\r", flowsTab(n))
				}
				if stage == "walk+summary" {
					p.press(b, "\r", fmt.Sprintf("flow 1 of %d", n))
					p.press(b, "\x1b", flowsTab(n))
					p.press(b, "s", "Progress")
				}
				time.Sleep(100 * time.Millisecond) // let the frame's garbage go
				_, peak := p.rss(b)
				return peak
			})
		})
	}
}

// BenchmarkIdleCPU is the CPU the app uses over 10 s with the session open
// and nothing happening, against the bare Bubble Tea program over the same
// 10 s in the same iteration: the budget is 1.2x.
func BenchmarkIdleCPU(b *testing.B) {
	const idle = 10 * time.Second
	for _, n := range scaleSizes[1:] {
		b.Run(fmt.Sprintf("%dflows", n), func(b *testing.B) {
			prepareDBs(b)
			var bare, app []float64
			for b.Loop() {
				p := startPty(b, bareProgram(b))
				p.waitFor(b, 0, "bare program ready")
				time.Sleep(time.Second)
				c0 := p.cpu(b)
				time.Sleep(idle)
				bare = append(bare, float64(p.cpu(b)-c0)/1e6)
				p.stop()

				p = openApp(b, n)
				p.press(b, "\r", flowsTab(n))
				time.Sleep(time.Second)
				c0 = p.cpu(b)
				time.Sleep(idle)
				app = append(app, float64(p.cpu(b)-c0)/1e6)
				p.stop()
			}
			b.ReportMetric(median(bare), "ms-cpu-bare")
			b.ReportMetric(median(app), "ms-cpu-app")
			b.ReportMetric(median(app)/median(bare), "x-bare")
		})
	}
}

// maxRSS runs archreview with the arguments to its end and returns its
// peak resident memory in MB (that of the check it runs in a child
// included) and how long it took.
func maxRSS(b *testing.B, args ...string) (float64, time.Duration) {
	b.Helper()
	report := filepath.Join(b.TempDir(), "maxrss")
	cmd := exec.Command(helperProgram(b, "maxrss"), append([]string{report, binary}, args...)...)
	cmd.Env = scaleEnv(b)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("archreview %s: %v: %s", strings.Join(args, " "), err, errOut.String())
	}
	took := time.Since(start)
	raw, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	kb, _ := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64)
	return kb / 1024, took
}

// forgetChecks removes the notes of files found sound, so the next open
// checks its file in full, as the first open of a copied file does.
func forgetChecks(b *testing.B) {
	if err := os.RemoveAll(filepath.Join(scaleCache(b), "archreview")); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkListMemory is `list --json`'s peak memory: it lists names and
// progress, so it should not grow with the sessions' size. "unseen" is a
// file this machine has not checked before (copied in), "known" one the
// last archreview to hold it left untouched.
func BenchmarkListMemory(b *testing.B) {
	for _, seen := range []string{"known", "unseen"} {
		b.Run(seen, func(b *testing.B) {
			scaled(b, "MB", func(b *testing.B, n int) float64 {
				db := scaleDB(b, n)
				if seen == "unseen" {
					forgetChecks(b)
				}
				mb, _ := maxRSS(b, "--db", db, "list", "--json")
				return mb
			})
		})
	}
}
