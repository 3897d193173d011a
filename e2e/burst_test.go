//go:build unix

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Words that spell key names, typed in one burst (a fast typist over SSH,
// dictation, a paste the terminal does not bracket), are text in a field and
// never commands: neither there nor while browsing.
func TestBurstOfKeyNamesIsText(t *testing.T) {
	t.Parallel()
	const sentence = "found at month end then tab up and esc d p q"
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Notes")
	app.typeText(sentence)
	app.waitFor("then tab up", appWait)
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)

	// The same burst while browsing: nothing happens but a hint.
	app.typeText(sentence)
	screen := app.waitFor("no field is open", appWait)
	if strings.Contains(screen, "p leave presenter mode") || strings.Contains(screen, "● step done") || !strings.Contains(screen, "[1 Source") {
		t.Errorf("the burst while browsing ran commands:\n%s", screen)
	}
	pid := app.pid()
	app.sendKeys("C-c")
	waitGone(t, pid, exitWithin, "ctrl+c")
	got := exportSession(t, db, "e2e-session").Flows[0]
	if got.Source.Notes != sentence {
		t.Errorf("notes = %q, want exactly %q", got.Source.Notes, sentence)
	}
	if got.Source.Done {
		t.Error("the burst marked the step done")
	}
}

// archreview list on an 80-column terminal fits it: long names and clients
// are cut, never wrapped; piped, every byte is kept.
func TestListFitsTheTerminal(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	long := "Programme review of every order, stock and price integration for the spring replatform"
	mustRun(t, db, []byte(strings.Replace(string(sessionJSON("wide-1", long, "")), `"client": "Fictional Outfitters"`, `"client": "Harbour & Pine Outdoor Retail Group, Northern Europe"`, 1)), "import", "-")
	mustRun(t, db, nil, "demo")
	if !strings.Contains(mustRun(t, db, nil, "list"), long) {
		t.Fatal("piped, list cut the name")
	}
	app := startIn(t, "exec "+shellQuote(binary)+" --db "+shellQuote(db)+" list", 80, 24)
	for deadline := time.Now().Add(appWait); strings.TrimSpace(app.mustTmux("display-message", "-p", "-t", "app", "#{pane_dead}")) != "1"; {
		if time.Now().After(deadline) {
			t.Fatalf("list did not end within %s", appWait)
		}
		time.Sleep(20 * time.Millisecond)
	}
	screen := app.capture()
	var rows []string
	for _, l := range strings.Split(screen, "\n") {
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "Pane is dead") {
			rows = append(rows, l)
		}
	}
	// Two sessions and the header (which the terminal's background query
	// at start can overwrite): never a wrapped row.
	if len(rows) > 3 || !strings.Contains(screen, "wide-1") || !strings.Contains(screen, "01HR") {
		t.Errorf("list on 80 columns wraps or lost a session:\n%s", screen)
	}
	for _, l := range rows {
		if strings.HasPrefix(l, "wide-1") && (!strings.Contains(l, "…") || !strings.Contains(l, "Programme re")) {
			t.Errorf("the long name is not cut to fit: %q", l)
		}
	}
}
