//go:build unix

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// pickedExport is an export as these tests read it back: the document and
// the summary derived from it.
type pickedExport struct {
	model.Document
	Summary review.Summary `json:"summary"`
}

func exportPicked(t *testing.T, db string) pickedExport {
	t.Helper()
	out := mustRun(t, db, nil, "export", "e2e-session")
	var e pickedExport
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("archreview export is not JSON: %v", err)
	}
	return e
}

// domainRow is the export's source-of-truth row for the domain.
func (e pickedExport) domainRow(t *testing.T, domain string) review.DomainSource {
	t.Helper()
	for _, row := range e.Summary.SourceOfTruth {
		if row.Domain == domain {
			return row
		}
	}
	t.Fatalf("the export has no source-of-truth row for %s", domain)
	return review.DomainSource{}
}

// statusLine is the screen's status line, the one above the help line.
func statusLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}

// fieldValue is what the screen shows in the focused field with the label.
func fieldValue(screen, label string) string {
	for _, l := range strings.Split(screen, "\n") {
		if _, after, ok := strings.Cut(l, "> "+label); ok {
			return strings.TrimSpace(after)
		}
	}
	return ""
}

// toTab presses tab in a session until its tab bar shows name selected.
func (a *tuiApp) toTab(name string) {
	a.t.Helper()
	for range 8 {
		if strings.Contains(a.capture(), "[ "+name) {
			return
		}
		a.sendKeys("Tab")
		time.Sleep(150 * time.Millisecond) // one key a person presses, not a burst
	}
	a.waitFor("[ "+name, appWait)
}

// On a flow whose source of truth nobody in the room could name, the
// picker offers unknown and records it: the export says unknown, and the
// domain is missing, never ok. Backspace on the answered picker takes it
// back to unanswered.
func TestSystemPickerRecordsUnknownAndClears(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Source of truth")
	app.waitFor("unknown — asked", appWait)
	app.typeText("unk")
	app.waitFor("> unknown — asked", appWait)
	app.sendKeys("Enter")
	app.waitFor("> Other writers", appWait)
	app.sendKeys("Escape")
	app.waitFor("unknown — asked; nobody", appWait)

	// The Domains tab: the order domain is missing, its flow saying unknown.
	app.sendKeys("Escape")
	app.waitFor("enter walk flow", appWait)
	app.toTab("Domains")
	screen := app.waitFor("1 says unknown", appWait)
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "1 says unknown") && (!strings.Contains(l, "order") || !strings.Contains(l, "missing")) {
			t.Errorf("the order row is not missing: %q", l)
		}
	}
	app.sendKeys("Escape")
	app.waitFor("new session", appWait)
	pid := app.pid()
	app.sendKeys("q")
	waitGone(t, pid, exitWithin, "q on the sessions list")

	e := exportPicked(t, db)
	if got := e.Flows[0].Source.System; got != model.UnknownSystem {
		t.Fatalf("source.system = %q, want unknown", got)
	}
	if row := e.domainRow(t, "order"); row.Status != review.StatusMissing {
		t.Errorf("the order domain is %s, want missing", row.Status)
	}

	// Backspace on the answered picker: unanswered, at once.
	app = startApp(t, db, true)
	app.openWalk()
	app.editField("Source of truth")
	app.waitFor("> unknown — asked", appWait)
	app.sendKeys("BSpace")
	app.waitFor("not answered · ↑/↓ or type to pick one", appWait)
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.quitFromWalk()
	if got := exportPicked(t, db).Flows[0].Source.System; got != "" {
		t.Errorf("after backspace source.system = %q, want unanswered", got)
	}
}

// Type-ahead never guesses: automatic records automatic, not the longer
// automatic-with-dead-letter; a word that matches no option records
// nothing; and the risk's Slice refuses a letter.
func TestTypeAheadNeverGuesses(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.sendKeys("3")
	app.waitFor("[3 Failure", appWait)
	app.editField("Retry level")
	app.typeText("automatic")
	app.waitFor("> automatic — retried on its own", appWait)
	app.sendKeys("Enter")
	app.waitFor("> Retries and replay", appWait)
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)

	app.editField("Monitoring level")
	app.typeText("shredded")
	app.waitFor(`no option matches "shredded"`, appWait)
	app.sendKeys("Enter")
	deadline := time.Now().Add(appWait)
	screen := app.capture()
	for !strings.Contains(statusLine(screen), "no option matches") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		screen = app.capture()
	}
	if !strings.Contains(statusLine(screen), `! no option matches "shredded"`) || !strings.Contains(screen, "esc stop editing") {
		t.Fatalf("enter on text that matches nothing did not stay in the picker and say why:\n%s", screen)
	}
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)

	// A risk: its Slice takes digits only.
	app.sendKeys("r")
	app.waitFor("Risk 1 of 1", appWait)
	app.typeText("Orders lost between retries")
	for range 12 {
		if strings.Contains(app.capture(), "> Slice") {
			break
		}
		app.sendKeys("Tab")
	}
	app.waitFor("> Slice", appWait)
	app.typeText("IT ops, I think")
	screen = app.waitFor("takes a whole number from 0 to 99", appWait)
	if got := fieldValue(screen, "Slice (0 = auto)"); got != "0" || strings.Contains(screen, "IT ops") {
		t.Errorf("the Slice field took a letter (it shows %q):\n%s", got, screen)
	}
	app.typeText("2")
	deadline = time.Now().Add(appWait)
	for fieldValue(app.capture(), "Slice (0 = auto)") != "2" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := fieldValue(app.capture(), "Slice (0 = auto)"); got != "2" {
		t.Fatalf("typing 2 over the 0 shown gives %q", got)
	}
	app.sendKeys("Enter")
	app.waitFor("> Status", appWait)
	app.sendKeys("Escape")
	app.waitFor("esc close", appWait)
	app.sendKeys("Escape")
	app.waitFor("Risks (1)", appWait)
	app.quitFromWalk()

	f := exportPicked(t, db).Flows[0]
	if f.Failure.RetryLevel != model.RetryAutomatic {
		t.Errorf("retry_level = %q, want automatic", f.Failure.RetryLevel)
	}
	if f.Failure.MonitoringLevel != "" {
		t.Errorf("a word matching no option recorded monitoring_level %q", f.Failure.MonitoringLevel)
	}
	if len(f.Failure.Risks) != 1 || f.Failure.Risks[0].Slice != 2 || f.Failure.Risks[0].Title != "Orders lost between retries" {
		t.Errorf("risks = %+v, want one in slice 2", f.Failure.Risks)
	}
}

// The domain decision form takes what is typed into its first field, the
// system; the rest follows in order. A parked domain shows parked. / finds
// a word written only in a step's answer, and enter goes to that field.
func TestDecisionFormAndSearch(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.editField("Identifier matching")
	app.typeText("Web order number plus the Quokka reference")
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.sendKeys("Escape")
	app.waitFor("enter walk flow", appWait)

	app.sendKeys("/")
	app.waitFor("type to search", appWait)
	app.typeText("quokka")
	app.waitFor("1 match", appWait)
	app.waitFor("Identifier matching", appWait)
	app.sendKeys("Enter")
	app.waitFor("[1 Source", appWait)
	app.waitFor("> Identifier matching", appWait)
	app.sendKeys("Escape")
	app.waitFor("enter walk flow", appWait)

	app.toTab("Domains")
	app.moveTo("order", false)
	app.sendKeys("Enter")
	app.waitFor("Decision: who owns order data", appWait)
	app.typeText("Ledger")
	app.waitFor("> Ledger ERP", appWait)
	app.sendKeys("Enter")
	app.waitFor("> Why", appWait)
	app.typeText("The ERP invoices every order")
	app.waitFor("The ERP invoices every order", appWait)
	// A person's enter comes well after the typing; in a text area an
	// enter within the typing's burst is a line break.
	time.Sleep(150 * time.Millisecond)
	app.sendKeys("Enter")
	app.waitFor("> Decided by", appWait)
	app.typeText("CFO")
	app.sendKeys("Enter")
	app.sendKeys("Escape")
	app.waitFor("Decided by CFO", appWait)

	app.moveTo("customer", false)
	app.sendKeys("o")
	app.waitFor("Park customer", appWait)
	app.typeText("Head of CRM")
	app.sendKeys("Enter")
	app.waitFor("> Decide by", appWait)
	app.typeText("2026-04-01")
	app.sendKeys("Enter")
	app.waitFor("> What is open", appWait)
	app.sendKeys("Escape")
	app.waitFor("esc close", appWait)
	app.sendKeys("Escape")
	app.waitFor("Parked: Head of CRM decides by 2026-04-01", appWait)
	app.sendKeys("Escape")
	app.waitFor("new session", appWait)
	pid := app.pid()
	app.sendKeys("q")
	waitGone(t, pid, exitWithin, "q on the sessions list")

	e := exportPicked(t, db)
	byName := map[string]model.DomainDecision{}
	for _, d := range e.Domains {
		byName[d.Name] = d
	}
	if d := byName["order"]; d.SourceOfTruth != "sys-erp" || d.Rationale != "The ERP invoices every order" || d.DecidedBy != "CFO" {
		t.Errorf("the order decision = %+v", d)
	}
	if d := byName["customer"]; !d.Parked() || d.Ask != "Head of CRM" || d.Due != "2026-04-01" {
		t.Errorf("the customer parking = %+v", d)
	}
	if row := e.domainRow(t, "customer"); row.Status != review.StatusParked {
		t.Errorf("customer is %s in the summary, want parked", row.Status)
	}
	if len(e.Summary.DecisionsAsked) != 1 || e.Summary.DecisionsAsked[0].Domain != "customer" {
		t.Errorf("decisions asked = %+v", e.Summary.DecisionsAsked)
	}
	md := mustRun(t, db, nil, "export", "e2e-session", "--format", "markdown")
	if !strings.Contains(md, "### Decisions asked") || !strings.Contains(md, "Head of CRM") {
		t.Error("the Markdown pack does not list the parked domain as a decision asked")
	}
}
