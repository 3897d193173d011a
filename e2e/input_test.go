//go:build unix

package e2e

// Typing reaches the field whatever happens around it: the window being
// resized below the design size and back.

import (
	"fmt"
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
