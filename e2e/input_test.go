//go:build unix

package e2e

// Typing reaches the field whatever happens around it: the window being
// resized below the design size and back, or 200 KB pasted by a terminal
// that does not bracket pastes, with ctrl+c pressed halfway through.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A fast typist keeps typing while the window is dragged below 80×24 and
// back: every word lands in the field, and the export has all of them.
func TestTypingThroughAResizeStorm(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	app := startApp(t, db, true)
	app.waitFor("No sessions yet", appWait)
	app.sendKeys("D")
	app.waitFor("[ Flows 8 ]", appWait)
	app.sendKeys("Enter")
	app.waitFor("[1 Source", appWait)
	app.editField("Data quality")
	// The demo's answer as the typing finds it, from a demo of its own: the
	// open app holds its file.
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, demoDB, nil, "demo")
	before := exportSession(t, demoDB, demoName).Flows[0].Source.DataQuality

	// The storm: sizes below and above the minimum, the tiniest a terminal
	// can be among them, changing every few milliseconds while the typing goes on.
	sizes := [][2]int{{60, 20}, {100, 30}, {79, 24}, {120, 40}, {10, 3}, {80, 24}, {1, 1}, {80, 23}, {132, 43}}
	stop := make(chan struct{})
	var storm sync.WaitGroup
	var resizes int
	var stormErr error
	storm.Add(1)
	go func() {
		defer storm.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s := sizes[i%len(sizes)]
			if _, err := app.tmux("resize-window", "-t", "app", "-x", strconv.Itoa(s[0]), "-y", strconv.Itoa(s[1])); err != nil {
				stormErr = err
				return
			}
			resizes++
			time.Sleep(7 * time.Millisecond)
		}
	}()
	var words []string
	for i := range 20 {
		w := fmt.Sprintf("storm%02d", i+1)
		words = append(words, w)
		app.mustTmux("send-keys", "-t", "app", "-l", " "+w)
		time.Sleep(15 * time.Millisecond)
	}
	close(stop)
	storm.Wait()
	if stormErr != nil {
		t.Fatalf("tmux could not resize the window: %v", stormErr)
	}
	app.mustTmux("resize-window", "-t", "app", "-x", "100", "-y", "30")
	typed := " " + strings.Join(words, " ")
	app.waitFor("storm20", appWait)
	app.waitFor("esc stop editing", appWait) // still editing: no key was taken for a command
	pid := app.pid()
	app.sendKeys("C-c")
	waitGone(t, pid, exitWithin, "ctrl+c after the resize storm")
	got := exportSession(t, db, demoName).Flows[0].Source.DataQuality
	if got != before+typed {
		var missing []string
		for _, w := range words {
			if !strings.Contains(got, w) {
				missing = append(missing, w)
			}
		}
		t.Fatalf("after %d resizes data_quality = %q,\nwant %q (missing %d of 20 words: %v)", resizes, got, before+typed, len(missing), missing)
	}
	t.Logf("20 words typed through %d resizes, all in the export", resizes)
}

// rawPaste is about size bytes of an integration log, the kind of text a
// facilitator pastes into a notes field, ending on a line that says so.
func rawPaste(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size-64; i++ {
		fmt.Fprintf(&b, "%05d 2026-03-14T09:%02d:%02dZ WARN order %06d sync to ERP retried (attempt %d of 5): timeout after 30s\n",
			i, i/60%60, i%60, 100000+i, i%5+1)
	}
	b.WriteString("end of the pasted log, line " + strconv.Itoa(strings.Count(b.String(), "\n")+1))
	return b.String()
}

// processCPU is the CPU time the process has used, user and system, from
// /proc/PID/stat.
func processCPU(t *testing.T, pid int) time.Duration {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatalf("cannot read the app's CPU time: %v", err)
	}
	// The fields after the command name, which ends at the last ')': the
	// state is the first, utime the 12th and stime the 13th.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 13 {
		t.Fatalf("/proc/%d/stat has %d fields after the name", pid, len(fields))
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			t.Fatalf("/proc/%d/stat: %v", pid, err)
		}
		ticks += n
	}
	// Linux reports these in USER_HZ, 100 a second on every architecture
	// Go runs on.
	return time.Duration(ticks) * (time.Second / 100)
}

// loadBuffer puts text in a tmux paste buffer. paste-buffer without -p then
// types it as a terminal that does not bracket pastes does: the characters
// as they come, each line break as a carriage return, the enter key.
func (a *tuiApp) loadBuffer(name, text string) {
	a.t.Helper()
	file := filepath.Join(a.t.TempDir(), name+".txt")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		a.t.Fatal(err)
	}
	a.mustTmux("load-buffer", "-b", name, file)
}

// A 200 KB paste the terminal does not bracket arrives as tens of
// thousands of keys; the app takes it in under two seconds of CPU, and it
// all lands in the text area, line breaks and all.
func TestRawPaste200KB(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Notes")
	paste := rawPaste(200 << 10)
	lastLine := paste[strings.LastIndexByte(paste, '\n')+1:]
	app.loadBuffer("log", paste)
	pid := app.pid()
	cpuBefore := processCPU(t, pid)
	start := time.Now()
	app.mustTmux("paste-buffer", "-b", "log", "-t", "app")
	// Without the fix this takes minutes; a minute is plenty to say so.
	if screen, ok := app.waitForOK(lastLine, time.Minute); !ok {
		t.Fatalf("the end of a 200 KB raw paste was not on screen after a minute (%v of CPU so far); screen:\n%s",
			processCPU(t, pid)-cpuBefore, screen)
	}
	cpu := processCPU(t, pid) - cpuBefore
	t.Logf("a raw 200 KB paste took %v of the app's CPU and %v to reach the screen", cpu, time.Since(start).Round(time.Millisecond))
	if cpu > 2*time.Second {
		t.Errorf("a raw 200 KB paste took %v of CPU, want under 2s", cpu)
	}
	app.sendKeys("C-c")
	waitGone(t, pid, exitWithin, "ctrl+c after a raw paste")
	if got := exportSession(t, db, "e2e-session").Flows[0].Source.Notes; got != paste {
		t.Errorf("the notes hold %d bytes, want the %d pasted (first difference at byte %d)", len(got), len(paste), firstDiffAt(got, paste))
	}
}

// ctrl+c pressed while a raw 200 KB paste is still arriving quits within
// two seconds, and what had arrived before it is saved.
func TestCtrlCDuringARawPaste(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Notes")
	paste := rawPaste(200 << 10)
	half := strings.IndexByte(paste[len(paste)/2:], '\n') + len(paste)/2 + 1
	app.loadBuffer("first", paste[:half])
	app.loadBuffer("second", paste[half:])
	pid := app.pid()
	// tmux queues the three in order: the first half, ctrl+c, the rest.
	app.mustTmux("paste-buffer", "-b", "first", "-t", "app")
	app.mustTmux("send-keys", "-t", "app", "C-c")
	pressed := time.Now()
	app.mustTmux("paste-buffer", "-b", "second", "-t", "app")
	waitGone(t, pid, exitWithin, "ctrl+c halfway through a raw 200 KB paste")
	took := time.Since(pressed)
	t.Logf("ctrl+c halfway through a raw 200 KB paste: the app was gone %v after it was pressed", took.Round(time.Millisecond))
	if took > exitWithin {
		t.Errorf("the app took %v to quit after ctrl+c, want under %v", took, exitWithin)
	}
	got := exportSession(t, db, "e2e-session").Flows[0].Source.Notes
	if !strings.HasPrefix(paste, got) || len(got) < half {
		t.Errorf("after ctrl+c the notes hold %d bytes, want the first %d pasted before it (or more, but only a start of the paste; first difference at byte %d)",
			len(got), half, firstDiffAt(got, paste))
	}
}

// firstDiffAt is the first byte at which two texts differ.
func firstDiffAt(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
