//go:build unix

package e2e

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// triageExport is the part of a JSON export the register's triage shows in.
type triageExport struct {
	Flows []struct {
		ID      string `json:"id"`
		Failure struct {
			Risks []triageRisk `json:"risks"`
		} `json:"failure"`
	} `json:"flows"`
	Risks  []triageRisk `json:"risks"`
	Triage []struct {
		Finding, Status, Reason string
	} `json:"triage"`
	Summary struct {
		Risks []struct {
			ID     string   `json:"id"`
			Covers []string `json:"covers"`
		} `json:"risks"`
		Findings []struct {
			Key, Status, Reason string
			CoveredBy           string `json:"covered_by"`
			Title               string `json:"title"`
			Score               int    `json:"score"`
		} `json:"findings"`
		Triage struct {
			Register, ToConfirm, Covered, Dismissed int
		} `json:"triage"`
	} `json:"summary"`
}

type triageRisk struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Covers []string `json:"covers"`
	Impact int      `json:"impact"`
	Likely int      `json:"likelihood"`
}

func exportTriage(t *testing.T, db string) (triageExport, string) {
	t.Helper()
	out := mustRun(t, db, nil, "export", "Demo")
	var e triageExport
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	return e, out
}

// firstToConfirm puts the cursor on the first finding still to confirm,
// the row after the register, pressing g and then j a press at a time.
func (a *tuiApp) firstToConfirm() string {
	a.t.Helper()
	a.sendKeys("g")
	screen := a.waitFor("> 1 ", appWait)
	for range 40 {
		if l := cursorLine(screen); strings.HasPrefix(l, "> ?") {
			// A person's next key comes well after a frame; keys within
			// one are a burst, which runs no command.
			time.Sleep(150 * time.Millisecond)
			return l
		}
		before := cursorLine(screen)
		a.sendKeys("j")
		deadline := time.Now().Add(appWait)
		for cursorLine(screen) == before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			screen = a.capture()
		}
	}
	a.t.Fatalf("no finding to confirm under the cursor; screen:\n%s", screen)
	return ""
}

func (e triageExport) finding(key string) (status, coveredBy, reason string) {
	for _, f := range e.Summary.Findings {
		if f.Key == key {
			return f.Status, f.CoveredBy, f.Reason
		}
	}
	return "", "", ""
}

// The room triages the rules' findings on the Register tab, by keys, in the
// real binary: accept one, merge one into a risk, dismiss one with a reason,
// reopen the demo's dismissed one. Each shows in the export, the register
// holds the room's risks plus the accepted one, and the keys stay the same.
func TestTriageInTheApp(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, nil, "demo")
	before, _ := exportTriage(t, db)
	var open []string
	for _, f := range before.Summary.Findings {
		if f.Status == "open" {
			open = append(open, f.Key)
		}
	}
	if len(open) < 3 {
		t.Fatalf("the demo has %d findings to confirm; the test needs 3", len(open))
	}

	app := startApp(t, db, true)
	app.waitFor("Demo: Harbour", appWait)
	app.sendKeys("Enter")
	app.waitFor("[ Flows 8 ]", appWait)
	for range 4 {
		app.sendKeys("Tab")
	}
	app.waitFor("findings to confirm", appWait)
	// The first finding to confirm is the worst: G goes to the end, then
	// up past the triaged ones to the open ones.
	app.sendKeys("G")
	app.waitFor("r reopen", appWait)
	app.sendKeys("r") // reopen the demo's dismissed finding (the last row)
	app.waitFor(strconv.Itoa(before.Summary.Triage.Covered)+" covered · 0 dismissed", appWait)

	// Back to the first finding to confirm: just below the register.
	first := app.firstToConfirm()
	app.sendKeys("a")
	app.waitFor("Accepted as a risk", appWait)

	// The cursor is on the new risk; the next finding to confirm is again
	// the first row after the register, which grew by one.
	app.firstToConfirm()
	app.sendKeys("m")
	app.waitFor("Merge the finding into which risk?", appWait)
	app.sendKeys("Enter") // into the top risk of the register
	app.waitFor("Merged into", appWait)

	app.firstToConfirm()
	app.sendKeys("d")
	app.waitFor("Dismissed because:", appWait)
	app.sendKeys("Enter") // no reason: refused
	app.waitFor("Say why the room dismisses it", appWait)
	const reason = "The 3PL buffers Amazon stock by 20 percent"
	app.typeText(reason)
	app.sendKeys("Enter")
	app.waitFor("1 dismissed", appWait)
	pid := app.pid()
	app.sendKeys("C-c")
	waitGone(t, pid, exitWithin, "ctrl+c on the Register tab")
	app.checkCleanExit("ctrl+c")

	after, raw := exportTriage(t, db)
	count := func(e triageExport) int {
		n := len(e.Risks)
		for _, f := range e.Flows {
			n += len(f.Failure.Risks)
		}
		return n
	}
	if got, want := count(after), count(before)+1; got != want || after.Summary.Triage.Register != want {
		t.Errorf("the document holds %d risks, the register %d; want %d: the room's and the accepted finding, the merged one adding none",
			got, after.Summary.Triage.Register, want)
	}
	statuses := map[string]int{}
	for _, f := range after.Summary.Findings {
		statuses[f.Status]++
	}
	if statuses["covered"] != before.Summary.Triage.Covered+2 || statuses["dismissed"] != 1 {
		t.Errorf("finding statuses %v, want %d covered (two more) and 1 dismissed", statuses, before.Summary.Triage.Covered+2)
	}
	var dismissed []string
	for _, tr := range after.Triage {
		if tr.Reason == reason && tr.Status == "dismissed" {
			dismissed = append(dismissed, tr.Finding)
		}
	}
	if len(dismissed) != 1 {
		t.Fatalf("triage %+v does not hold the reason typed", after.Triage)
	}
	if s, _, r := after.finding(dismissed[0]); s != "dismissed" || r != reason {
		t.Errorf("the dismissed finding reads %s %q in the summary", s, r)
	}
	// The reopened one is to confirm again, and the accepted one covered by
	// a risk that covers its key.
	if s, _, _ := after.finding(before.Triage[0].Finding); s != "open" {
		t.Errorf("the reopened finding %s is %s, want open", before.Triage[0].Finding, s)
	}
	covered := 0
	for _, key := range open {
		if s, by, _ := after.finding(key); s == "covered" {
			covered++
			if !slices.ContainsFunc(after.Summary.Risks, func(r struct {
				ID     string   `json:"id"`
				Covers []string `json:"covers"`
			}) bool {
				return r.ID == by && slices.Contains(r.Covers, key)
			}) {
				t.Errorf("finding %s is covered by %s, which does not list it", key, by)
			}
		}
	}
	if covered != 2 {
		t.Errorf("%d of the findings to confirm are covered now, want the accepted one and the merged one", covered)
	}
	if !strings.Contains(first, "?") {
		t.Errorf("the accepted row was not a finding: %q", first)
	}

	// The same answers give the same keys, export after export.
	_, again := exportTriage(t, db)
	keys := func(raw string) []string {
		var e triageExport
		_ = json.Unmarshal([]byte(raw), &e)
		var ks []string
		for _, f := range e.Summary.Findings {
			ks = append(ks, f.Key)
		}
		return ks
	}
	if !slices.Equal(keys(raw), keys(again)) || len(keys(raw)) == 0 {
		t.Errorf("finding keys differ between two exports")
	}
}
