//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// l in the walkthrough opens the link form: a javascript: address typed
// into it is refused on entry, in one line, with what was typed kept; a
// web address then goes in, is counted on the step, and is in the export.
func TestEvidenceLinkRefusedOnEntry(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.sendKeys("l")
	app.waitFor("Link evidence to Source of", appWait)
	app.typeText("Runbook")
	app.sendKeys("Enter")
	app.typeText("javascript:alert(1)")
	app.sendKeys("Enter")
	screen := app.waitFor(`"javascript:" links are refused`, appWait)
	if !strings.Contains(screen, "javascript:alert(1)") {
		t.Errorf("the refused address is no longer in its field:\n%s", screen)
	}
	for range len("javascript:alert(1)") {
		app.sendKeys("BSpace")
	}
	app.typeText("https://wiki.example.com/runbook")
	app.sendKeys("Enter")
	app.waitFor("Evidence: 1 link", appWait)
	app.quitFromWalk()

	e := exportPicked(t, db)
	got := e.Flows[0].Source.Evidence
	if len(got) != 1 || got[0].Label != "Runbook" || got[0].URL != "https://wiki.example.com/runbook" {
		t.Errorf("the export's source step links %#v, want the runbook alone", got)
	}
}

// An import whose file links a risk to a javascript: address is refused in
// one line naming the record, and writes nothing.
func TestImportRefusesAJavascriptEvidenceLink(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	before := sha256File(t, db)
	file := filepath.Join(t.TempDir(), "hostile.json")
	hostile := `{"schema": "archreview/v3",
 "session": {"id": "hostile-session", "name": "Hostile review", "date": "2026-01-15"},
 "systems": [{"id": "sys-a", "name": "A", "kind": "erp"}, {"id": "sys-b", "name": "B", "kind": "pim"}],
 "flows": [{"id": "flow-ab", "name": "A to B", "domain": "product", "from": "sys-a", "to": "sys-b",
   "failure": {"risks": [{"id": "risk-1", "title": "Lost updates", "impact": 3, "likelihood": 3,
     "evidence": [{"label": "Dashboard", "url": "https://grafana.example.com/d/1"}, {"label": "click me", "url": "javascript:alert(document.cookie)"}]}]}}]}`
	if err := os.WriteFile(file, []byte(hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, db, nil, "import", file)
	oneLineError(t, "import of a javascript: link", stderr, code)
	if !strings.Contains(stderr, "flows[0].failure.risks[0].evidence[1].url") || !strings.Contains(stderr, `"javascript:" links are refused`) {
		t.Errorf("the refusal %q does not name the record and the scheme", strings.TrimSpace(stderr))
	}
	if strings.Contains(stdout, "Imported") {
		t.Errorf("stdout says it imported: %q", stdout)
	}
	if after := sha256File(t, db); after != before {
		t.Error("the refused import changed the database file")
	}
}
