//go:build unix

package e2e

import (
	"strings"
	"testing"
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
