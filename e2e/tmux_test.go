//go:build unix

package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const (
	// appWait bounds how long a screen may take to appear; tests poll, so a
	// passing run never waits this long.
	appWait = 8 * time.Second
	// keyGap separates keys sent to the app. Bubble Tea v1 turns bytes read
	// together into one key: "jjj" would be one unmatched key and esc then d
	// would be alt+d, so a person's separate keystrokes arrive separately.
	keyGap = 40 * time.Millisecond
	// exitWithin is the design's bar for a closed tab or a stop signal.
	exitWithin = 2 * time.Second
)

var socketSeq atomic.Int64

// tuiApp is archreview running in a private tmux server, 100×30, in a
// session named app.
type tuiApp struct {
	t    *testing.T
	sock string
	conf string
	env  []string
	// target is the tmux window driven, "app" unless another window of
	// the same server is (window).
	target string
}

// pane is the tmux target the keys go to and the screen is read from.
func (a *tuiApp) pane() string {
	if a.target == "" {
		return "app"
	}
	return a.target
}

// startApp runs `archreview --db db` in its own tmux server, killed when the
// test ends. darkTheme sets ARCHREVIEW_THEME=dark so the app never waits for
// the terminal to report its background.
func startApp(t *testing.T, db string, darkTheme bool) *tuiApp {
	t.Helper()
	command := "exec "
	if darkTheme {
		command += "env ARCHREVIEW_THEME=dark "
	}
	return startIn(t, command+shellQuote(binary)+" --db "+shellQuote(db), 100, 30)
}

// startIn runs a shell command in its own tmux server, width×height, in a
// session named app, killed when the test ends.
func startIn(t *testing.T, command string, width, height int) *tuiApp {
	t.Helper()
	requireTool(t, "tmux", "the end-to-end tests drive the app in tmux as a user's terminal")
	a := &tuiApp{
		t:    t,
		sock: fmt.Sprintf("archreview-e2e-%d-%d", os.Getpid(), socketSeq.Add(1)),
		conf: filepath.Join(t.TempDir(), "tmux.conf"),
		env:  append(cleanEnv(t), "TMUX_TMPDIR="+socketDir(t)),
	}
	// remain-on-exit keeps the pane after the app ends, so a test can read
	// its exit status and any message it printed on the way out. The
	// default shell runs the pane's command: /bin/sh, never the user's login
	// shell, which for a service user is nologin.
	if err := os.WriteFile(a.conf, []byte("set -g remain-on-exit on\nset -g default-shell /bin/sh\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.tmux("new-session", "-d", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "-s", "app", command); err != nil {
		t.Fatalf("cannot start archreview in tmux: %v", err)
	}
	t.Cleanup(func() {
		// The app saves and closes the file after the hang-up: wait for it,
		// so it is not still writing while the test's folders are removed.
		pids := a.processes()
		_, _ = a.tmux("kill-server")
		waitAllGone(pids, 5*time.Second)
	})
	return a
}

// processes are the pane's process and its descendants.
func (a *tuiApp) processes() []int {
	out, err := a.tmux("list-panes", "-a", "-F", "#{pane_pid}")
	if err != nil {
		return nil
	}
	var pids []int
	var walk func(pid int)
	walk = func(pid int) {
		pids = append(pids, pid)
		raw, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
		for _, f := range strings.Fields(string(raw)) {
			if child, err := strconv.Atoi(f); err == nil {
				walk(child)
			}
		}
	}
	for _, f := range strings.Fields(out) {
		if pid, err := strconv.Atoi(f); err == nil {
			walk(pid)
		}
	}
	return pids
}

// waitAllGone waits until none of the processes is left, or the time is up.
func waitAllGone(pids []int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for _, pid := range pids {
		for !processGone(pid) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// socketDir is where the test's tmux server puts its socket, so the socket
// goes when the test ends. It is short on purpose: a socket path has to fit
// in about 100 bytes.
func socketDir(t *testing.T) string {
	t.Helper()
	base := ""
	if fi, err := os.Stat("/tmp"); err == nil && fi.IsDir() {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "arx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (a *tuiApp) tmux(args ...string) (string, error) {
	full := append([]string{"-u", "-L", a.sock, "-f", a.conf}, args...)
	cmd := exec.Command("tmux", full...)
	cmd.Env = a.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

func (a *tuiApp) mustTmux(args ...string) string {
	a.t.Helper()
	out, err := a.tmux(args...)
	if err != nil {
		a.t.Fatal(err)
	}
	return out
}

// sendKeys presses keys one at a time, in tmux's key names (Enter, Escape,
// Tab, BTab, Right, C-c, or a letter).
func (a *tuiApp) sendKeys(keys ...string) {
	a.t.Helper()
	for _, k := range keys {
		a.mustTmux("send-keys", "-t", a.pane(), k)
		time.Sleep(keyGap)
	}
}

// typeText types text literally, as a burst of keystrokes.
func (a *tuiApp) typeText(text string) {
	a.t.Helper()
	a.mustTmux("send-keys", "-t", a.pane(), "-l", text)
	time.Sleep(keyGap)
}

func (a *tuiApp) capture() string {
	a.t.Helper()
	return a.mustTmux("capture-pane", "-p", "-t", a.pane())
}

// waitForOK polls the screen every 50 ms until it shows want.
func (a *tuiApp) waitForOK(want string, timeout time.Duration) (string, bool) {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := a.capture()
		if strings.Contains(screen, want) {
			return screen, true
		}
		if time.Now().After(deadline) {
			return screen, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor is waitForOK that fails the test with the last screen.
func (a *tuiApp) waitFor(want string, timeout time.Duration) string {
	a.t.Helper()
	screen, ok := a.waitForOK(want, timeout)
	if !ok {
		a.t.Fatalf("waited %s for %q; the screen was:\n%s", timeout, want, screen)
	}
	return screen
}

// pid is the app's process: the pane runs it through exec, so the pane's
// process is archreview itself.
func (a *tuiApp) pid() int {
	a.t.Helper()
	out := strings.TrimSpace(a.mustTmux("display-message", "-p", "-t", "app", "#{pane_pid}"))
	pid, err := strconv.Atoi(out)
	if err != nil || pid <= 0 {
		a.t.Fatalf("tmux gave %q as the app's pid", out)
	}
	return pid
}

// checkCleanExit waits for tmux to mark the pane dead and fails if the app
// left an error or a crash on the terminal on its way out. (tmux keeps the
// pane, and its last screen, because of remain-on-exit; it reaps the process
// too late to read the exit status reliably.)
func (a *tuiApp) checkCleanExit(after string) {
	a.t.Helper()
	deadline := time.Now().Add(appWait)
	for strings.TrimSpace(a.mustTmux("display-message", "-p", "-t", "app", "#{pane_dead}")) != "1" {
		if time.Now().After(deadline) {
			a.t.Fatalf("tmux still shows the app running %s after %s; screen:\n%s", appWait, after, a.capture())
		}
		time.Sleep(50 * time.Millisecond)
	}
	screen := a.capture()
	for _, bad := range []string{"archreview:", "panic", "goroutine", "failed"} {
		if strings.Contains(screen, bad) {
			a.t.Errorf("after %s the terminal shows %q:\n%s", after, bad, screen)
			return
		}
	}
}

// processGone reports whether pid has exited. A process that has exited but
// that tmux has not reaped yet (a zombie) counts as gone: tmux reaps with a
// delay of its own that says nothing about archreview.
func processGone(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err == nil {
		// The state follows the command name, which ends at the last ')'.
		if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
			return stat[i+2] == 'Z' || stat[i+2] == 'X'
		}
		return false
	}
	if errors.Is(err, os.ErrNotExist) {
		if _, statErr := os.Stat("/proc/self/stat"); statErr == nil {
			return true
		}
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// waitGone fails unless pid exits within d, and says how long it took.
func waitGone(t *testing.T, pid int, d time.Duration, after string) time.Duration {
	t.Helper()
	start := time.Now()
	for !processGone(pid) {
		if time.Since(start) > d {
			t.Fatalf("archreview (pid %d) was still running %s after %s", pid, d, after)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// fixtureSession is a small session the keystroke tests start from: two
// systems and one flow with nothing answered.
const fixtureSession = `{"schema": "archreview/v1",
 "session": {"id": "e2e-session", "name": "Keystroke review", "client": "Fictional Outfitters", "date": "2026-01-15"},
 "systems": [{"id": "sys-shop", "name": "Shopfront", "kind": "storefront"},
             {"id": "sys-erp", "name": "Ledger ERP", "kind": "erp"}],
 "flows": [{"id": "flow-orders", "name": "Web orders to ERP", "domain": "order", "from": "sys-shop", "to": "sys-erp"}]}`

func fixtureDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, []byte(fixtureSession), "import", "-")
	return db
}

// openWalk opens the fixture's only session and walks its only flow.
func (a *tuiApp) openWalk() {
	a.t.Helper()
	a.waitFor("Keystroke review", appWait)
	a.sendKeys("Enter")
	a.waitFor("[ Flows 1 ]", appWait)
	a.sendKeys("Enter")
	a.waitFor("[1 Source", appWait)
}

// moveTo presses j (or k when up is set) until the cursor is on label. It
// waits for each press to show before the next, so presses never merge.
func (a *tuiApp) moveTo(label string, up bool) {
	a.t.Helper()
	press := "j"
	if up {
		press = "k"
	}
	screen := a.capture()
	for range 20 {
		if strings.Contains(screen, "> "+label) {
			return
		}
		a.sendKeys(press)
		// Only the cursor's line counts as a change: the step clock redraws
		// the header every second on its own.
		before := cursorLine(screen)
		deadline := time.Now().Add(appWait)
		for cursorLine(screen) == before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			screen = a.capture()
		}
	}
	a.t.Fatalf("pressed %s 20 times and the cursor never reached %q; screen:\n%s", press, label, screen)
}

// cursorLine is the first line the cursor glyph starts.
func cursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "> ") {
			return l
		}
	}
	return ""
}

// editField moves the cursor to label and starts editing it.
func (a *tuiApp) editField(label string) {
	a.t.Helper()
	a.moveTo(label, false)
	a.sendKeys("Enter")
	a.waitFor("esc stop editing", appWait)
}

// pickDomain answers the new-flow form's Domain field: a pick list of the
// core domains (a first letter jumps to one), or a line to type into.
func (a *tuiApp) pickDomain(domain string) {
	a.t.Helper()
	screen := a.waitFor("> Domain", appWait)
	if strings.Contains(screen, "catalog — ") {
		a.sendKeys(domain[:1])
		a.waitFor("> "+domain+" — ", appWait)
	} else {
		a.typeText(domain)
	}
	a.sendKeys("Enter")
}

// answer edits the field at label: types text, or clears it (ctrl+u) when
// text is empty, then stops editing.
func (a *tuiApp) answer(label, text string) {
	a.t.Helper()
	a.editField(label)
	if text == "" {
		a.sendKeys("C-u")
	} else {
		a.typeText(text)
		a.waitFor(text, appWait)
	}
	a.sendKeys("Escape")
	a.waitFor("enter edit", appWait)
}

// quitFromWalk leaves the walkthrough for the sessions list, presses q and
// waits for the process to end.
func (a *tuiApp) quitFromWalk() {
	a.t.Helper()
	a.backToTop()
	pid := a.pid()
	a.sendKeys("q")
	waitGone(a.t, pid, exitWithin, "q on the sessions list")
}

// backToTop leaves the walkthrough and the session for the sessions list.
func (a *tuiApp) backToTop() {
	a.t.Helper()
	a.sendKeys("Escape")
	a.waitFor("enter walk flow", appWait)
	a.sendKeys("Escape")
	a.waitFor("new session", appWait)
}

// The walk a facilitator does in a workshop, on a fresh database, checked
// afterwards through the export.
func TestWalkthroughFreshDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "workshop", "review.db")
	app := startApp(t, db, true)
	app.waitFor("No sessions yet", appWait)

	// The new-session form: enter moves on, and creates on the last field.
	// esc cancels the form and creates nothing; once something is typed it
	// asks for a second esc first.
	app.sendKeys("n")
	app.waitFor("New session", appWait)
	app.typeText("Abandoned session")
	app.waitFor("Abandoned session", appWait)
	app.sendKeys("Escape")
	app.waitFor("esc again drops this session", appWait)
	app.sendKeys("Escape")
	app.waitFor("No sessions yet", appWait)

	app.sendKeys("n")
	app.waitFor("New session", appWait)
	app.typeText("Q3 replatform review")
	app.sendKeys("Enter")
	app.typeText("Fictional Outfitters")
	app.sendKeys("Enter")
	app.typeText("Dana Reyes")
	app.sendKeys("Enter", "Enter", "Enter", "Enter")
	app.waitFor("[ Flows 0 ]", appWait)

	// Two systems from the Systems tab. The form's last field, Notes, is
	// multi-line; enter there must still create the system.
	app.sendKeys("Tab")
	app.waitFor("[ Systems 0 ]", appWait)
	systemsByForm := true
	for i, sys := range []struct{ name, kindKey, kind string }{
		{"Shopfront", "s", "storefront"},
		{"Ledger ERP", "e", "erp"},
	} {
		app.sendKeys("a")
		app.waitFor("New system", appWait)
		app.typeText(sys.name)
		app.sendKeys("Enter")
		app.waitFor("manual-workaround", appWait) // the kind list is open
		app.sendKeys(sys.kindKey)                 // a first letter jumps to the kind
		app.waitFor("> "+sys.kind+" — ", appWait)
		app.sendKeys("Enter")
		app.waitFor("> Notes", appWait)
		app.sendKeys("Enter")
		want := fmt.Sprintf("[ Systems %d ]", i+1)
		if screen, ok := app.waitForOK(want, 2*time.Second); !ok || strings.Contains(screen, "New system") {
			if i > 0 {
				t.Fatalf("the second system was not created although the first was; screen:\n%s", screen)
			}
			// Report it, then carry on so the rest of the walk is still checked.
			t.Errorf("BUG: enter on the last field (Notes) of the new-system form did not create the system; "+
				"the form stayed open. Screen:\n%s", screen)
			systemsByForm = false
			app.sendKeys("Escape")
			app.waitFor("[ Systems 0 ]", appWait)
			break
		}
	}

	// A flow from the Flows tab, its systems picked by typing ahead.
	app.sendKeys("BTab")
	app.waitFor("[ Flows 0 ]", appWait)
	app.sendKeys("a")
	app.waitFor("New flow", appWait)
	app.typeText("Web orders to ERP")
	app.sendKeys("Enter")
	app.pickDomain("order")
	app.waitFor("+ new system", appWait)
	if systemsByForm {
		app.sendKeys("Enter") // from: Shopfront, the first
		app.waitFor("> To", appWait)
		app.sendKeys("L", "Enter") // to: type ahead on Ledger ERP
	} else {
		// Carry on with the walk by creating the systems from the picker.
		app.sendKeys("Enter")
		app.waitFor("New system name", appWait)
		app.typeText("Shopfront")
		app.sendKeys("Enter")
		app.waitFor("> Shopfront", appWait)
		app.sendKeys("Enter")
		app.waitFor("> To", appWait)
		app.sendKeys("Down", "Enter") // past Shopfront to "+ new system…"
		app.waitFor("New system name", appWait)
		app.typeText("Ledger ERP")
		app.sendKeys("Enter")
		app.waitFor("> Ledger ERP", appWait)
		app.sendKeys("Enter")
	}
	app.waitFor("> Via", appWait)
	app.sendKeys("Enter") // via: none
	app.waitFor("[ Flows 1 ]", appWait)
	app.waitFor("Shopfront → Ledger ERP", appWait)

	// The walkthrough: one answer per step, each step marked done.
	app.sendKeys("Enter")
	app.waitFor("[1 Source", appWait)
	app.editField("Identifier matching")
	app.typeText("SKU plus web order number")
	app.waitFor("SKU plus web order number", appWait)
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.sendKeys("d")
	app.waitFor("1 Source ●", appWait)

	app.sendKeys("2")
	app.waitFor("[2 Contract", appWait)
	app.moveTo("Transport", false) // one past the field, then back up with k
	app.moveTo("Trigger and timing", true)
	app.editField("Trigger and timing")
	app.typeText("every five minutes")
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.sendKeys("d")
	app.waitFor("2 Contract ●", appWait)

	app.sendKeys("Right")
	app.waitFor("[3 Failure", appWait)
	app.editField("Retries and replay")
	app.typeText("three retries, then a dead-letter queue")
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.sendKeys("r")
	app.waitFor("Risk 1 of 1", appWait)
	app.typeText("Orders stuck before the ERP")
	app.sendKeys("Escape")
	app.waitFor("esc close", appWait)
	app.sendKeys("Escape")
	app.waitFor("Risks (1)", appWait)
	app.sendKeys("d")
	app.waitFor("3 Failure ●", appWait)

	app.sendKeys("4")
	app.waitFor("[4 Owner", appWait)
	app.editField("Flow owner")
	app.typeText("Integration team lead")
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.sendKeys("d")
	app.waitFor("4 Owner ●", appWait)

	// Park a question nobody in the room could answer.
	app.sendKeys("o")
	app.waitFor("Park an open question", appWait)
	app.typeText("Who signs off the 3PL stock feed?")
	app.sendKeys("Tab")
	app.waitFor("> Who to ask", appWait)
	app.typeText("Ops director")
	app.sendKeys("Enter")
	app.waitFor("Parked", appWait)

	app.sendKeys("Escape")
	app.waitFor("●●●●", appWait)
	app.sendKeys("Escape")
	app.waitFor("Q3 replatform review", appWait)
	app.waitFor("new session", appWait)
	pid := app.pid()
	app.sendKeys("q")
	waitGone(t, pid, exitWithin, "q on the sessions list")
	app.checkCleanExit("q")

	var sessions []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "list", "--json")), &sessions); err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 1 {
		t.Errorf("list has %d sessions, want 1 (the cancelled form must create nothing): %v", len(sessions), sessions)
	}

	doc := exportSession(t, db, "Q3 replatform review")
	if doc.Session.Name != "Q3 replatform review" || doc.Session.Client != "Fictional Outfitters" || doc.Session.Facilitator != "Dana Reyes" {
		t.Errorf("session = %q / %q / %q, want the typed name, client and facilitator", doc.Session.Name, doc.Session.Client, doc.Session.Facilitator)
	}
	systems := map[string]string{} // id → name
	for _, s := range doc.Systems {
		systems[s.ID] = s.Name
		if systemsByForm {
			want := map[string]string{"Shopfront": "storefront", "Ledger ERP": "erp"}[s.Name]
			if s.Kind != want {
				t.Errorf("system %s has kind %q, want %q as picked", s.Name, s.Kind, want)
			}
		}
	}
	if len(doc.Systems) != 2 {
		t.Errorf("export has %d systems, want 2: %+v", len(doc.Systems), doc.Systems)
	}
	if len(doc.Flows) != 1 {
		t.Fatalf("export has %d flows, want 1", len(doc.Flows))
	}
	f := doc.Flows[0]
	checks := []struct{ what, got, want string }{
		{"flow name", f.Name, "Web orders to ERP"},
		{"flow domain", f.Domain, "order"},
		{"flow from", systems[f.From], "Shopfront"},
		{"flow to", systems[f.To], "Ledger ERP"},
		{"flow via", f.Via, ""},
		{"source identifiers", f.Source.Identifiers, "SKU plus web order number"},
		{"contract timing", f.Contract.Timing, "every five minutes"},
		{"failure retries", f.Failure.Retries, "three retries, then a dead-letter queue"},
		{"owner flow_owner", f.Owner.FlowOwner, "Integration team lead"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	for step, done := range map[string]bool{"source": f.Source.Done, "contract": f.Contract.Done, "failure": f.Failure.Done, "owner": f.Owner.Done} {
		if !done {
			t.Errorf("step %s is not marked done in the export", step)
		}
	}
	if len(f.Failure.Risks) != 1 || f.Failure.Risks[0].Title != "Orders stuck before the ERP" {
		t.Errorf("risks = %+v, want one titled %q", f.Failure.Risks, "Orders stuck before the ERP")
	}
	if len(doc.OpenQuestions) != 1 {
		t.Fatalf("open questions = %+v, want one", doc.OpenQuestions)
	}
	q := doc.OpenQuestions[0]
	if q.Question != "Who signs off the 3PL stock feed?" || q.Ask != "Ops director" || q.Flow != f.ID || q.Step != "owner" {
		t.Errorf("open question = %+v, want the typed question and who to ask, on flow %s step owner", q, f.ID)
	}
}

// kill -9 mid-typing loses at most the last second.
func TestKill9KeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Data quality")
	const text = "Duplicate SKUs after every PIM import"
	app.typeText(text)
	app.waitFor(text, appWait)
	time.Sleep(1500 * time.Millisecond) // the design allows losing the last second, no more
	pid := app.pid()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid, exitWithin, "kill -9")
	if got := exportSession(t, db, "e2e-session").Flows[0].Source.DataQuality; got != text {
		t.Errorf("after kill -9 data_quality = %q, want %q", got, text)
	}
}

// A closed terminal tab (SIGHUP), SIGTERM and a closed tmux session lose
// nothing, and the app is gone within two seconds.
func TestStopSignalsSaveAndExit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		stop func(app *tuiApp, pid int)
	}{
		{"SIGHUP", func(_ *tuiApp, pid int) { _ = syscall.Kill(pid, syscall.SIGHUP) }},
		{"SIGTERM", func(_ *tuiApp, pid int) { _ = syscall.Kill(pid, syscall.SIGTERM) }},
		{"kill-session", func(app *tuiApp, _ int) { app.mustTmux("kill-session", "-t", "app") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := fixtureDB(t)
			app := startApp(t, db, true)
			app.openWalk()
			app.editField("Data quality")
			text := "Typed just before " + tc.name
			app.typeText(text)
			app.waitFor(text, appWait)
			pid := app.pid()
			tc.stop(app, pid) // at once: the autosave has not run yet
			waitGone(t, pid, exitWithin, tc.name)
			if got := exportSession(t, db, "e2e-session").Flows[0].Source.DataQuality; got != text {
				t.Errorf("after %s data_quality = %q, want %q", tc.name, got, text)
			}
		})
	}
}

// A hundred lines pasted into a Notes field arrive whole, as one bracketed
// paste, the way a terminal delivers a paste from the clipboard.
func TestPasteHundredLines(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Notes")

	lines := make([]string, 100)
	for i := range lines {
		lines[i] = fmt.Sprintf("%3d. Order export step %d — retry after 5 min; owner: ops", i+1, i+1)
	}
	lines[41] = "    indented line: keep the leading spaces"
	want := strings.Join(lines, "\n")
	file := filepath.Join(t.TempDir(), "paste.txt")
	if err := os.WriteFile(file, []byte(want), 0o600); err != nil {
		t.Fatal(err)
	}
	app.mustTmux("load-buffer", file)
	app.mustTmux("paste-buffer", "-p", "-t", "app")
	app.sendKeys("Escape")
	app.waitFor("(100 lines in all", appWait)
	app.backToTop()
	pid := app.pid()
	app.sendKeys("q")
	waitGone(t, pid, exitWithin, "q on the sessions list")

	got := exportSession(t, db, "e2e-session").Flows[0].Source.Notes
	if got != want {
		gl := strings.Split(got, "\n")
		t.Errorf("pasted notes came back as %d lines, want exactly the 100 pasted", len(gl))
		for i := range min(len(gl), len(lines)) {
			if gl[i] != lines[i] {
				t.Errorf("first difference at line %d:\n got: %q\nwant: %q", i+1, gl[i], lines[i])
				break
			}
		}
	}
}

// While a field is edited q is a letter; ctrl+c saves and quits from
// anywhere. This test also starts the app without ARCHREVIEW_THEME, so the
// background query tmux answers (or does not) is exercised once.
func TestQuitKeysWhileEditing(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, false)
	app.openWalk()
	app.editField("Data quality")
	const want = "Stock is re-keyed by hand every quarter"
	app.typeText("Stock is re-keyed by hand every ")
	app.waitFor("by hand every", appWait)
	app.sendKeys("q") // one keystroke on its own, as a person presses it
	app.waitFor("by hand every q", appWait)
	app.typeText("uarter")
	app.waitFor(want, appWait)
	pid := app.pid()
	if processGone(pid) {
		t.Fatalf("typing q in a field quit the app; screen:\n%s", app.capture())
	}
	app.waitFor("esc stop editing", appWait) // still editing
	app.sendKeys("C-c")
	waitGone(t, pid, exitWithin, "ctrl+c while editing")
	app.checkCleanExit("ctrl+c")
	if got := exportSession(t, db, "e2e-session").Flows[0].Source.DataQuality; got != want {
		t.Errorf("after ctrl+c data_quality = %q, want %q", got, want)
	}
}

// q quits only from the sessions list; leaving the walkthrough and the
// session on the way there must keep text typed a moment before.
func TestQuitFromTopKeepsLastEdit(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	const text = "EAN on the shop, item no. in the ERP"
	app.answer("Identifier matching", text)
	app.quitFromWalk()
	app.checkCleanExit("q")
	if got := exportSession(t, db, "e2e-session").Flows[0].Source.Identifiers; got != text {
		t.Errorf("after q identifiers = %q, want %q", got, text)
	}
}
