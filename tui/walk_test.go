package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
)

// The walkthrough as a facilitator does it, from an empty file to quitting,
// then a fresh store on the same file must hold every answer.
func TestWalkthroughKeepsEveryAnswer(t *testing.T) {
	d := newDriver(t, false)

	// New session: enter moves through the form and creates on the last field.
	d.keys("n", "Spring review", "enter", "Acme Outdoor", "enter", "Dana", "enter", "Ops, IT", "enter", "enter", "15", "enter")
	d.mustSee("Spring review", "No flows yet")

	// Two systems on the Systems tab.
	d.keys("tab", "a", "Shopify", "enter")
	d.keys("enter", "The web shop", "enter") // kind stays "other"
	d.keys("a", "Dynamics ERP", "enter", "enter", "enter")
	d.mustSee("Shopify", "Dynamics ERP")

	// A flow from Shopify to the ERP.
	d.keys("shift+tab", "a", "Web orders", "enter", "o", "enter") // domain: o jumps to order
	d.keys("enter")                                               // from: the first system
	d.keys("Dy", "enter")                                         // to: type-ahead on the system's name
	d.keys("enter")                                               // via: none
	d.mustSee("Web orders", "order")

	// Walk it: one answer in each step.
	d.keys("enter")
	d.mustSee("flow 1 of 1", "Source of truth")
	d.keys("j", "j", "j", "enter", "Order number in a custom field", "enter", "esc")
	d.keys("d")
	d.keys("2", "enter", "b", "enter") // pattern: b is batch; editing moves on to the rationale
	d.keys("Nightly is all the ERP can take", "esc")
	d.keys("d")
	d.keys("3", "enter", "m", "enter", "Three retries then an email", "esc") // retry level: m is manual-replay; editing moves on to the text
	d.keys("r", "Duplicate orders on replay", "esc", "esc")
	d.keys("o", "Who owns the dead-letter queue?", "enter", "IT lead", "enter")
	d.keys("4", "enter", "Head of e-commerce", "enter", "esc")
	d.keys("d")
	d.mustSee("step done")

	// Quit the way a user does: back to the session, back to the list, q.
	d.keys("esc", "esc")
	d.waitSaved()
	d.keys("q")
	if !d.quit {
		t.Fatal("q on the sessions screen did not quit")
	}
	if err := d.app.FinalSave(); err != nil {
		t.Fatal(err)
	}
	d.st.Close()

	st, err := store.Open(d.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("sessions after reopening: %v, %v", list, err)
	}
	doc, err := st.Load(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if ps := model.Validate(doc); len(ps) > 0 {
		t.Fatalf("saved session does not validate: %v", ps)
	}
	s := doc.Session
	if s.Name != "Spring review" || s.Client != "Acme Outdoor" || s.Facilitator != "Dana" || len(s.Participants) != 2 || s.TimeboxMinutes != 15 || s.Date != "2026-03-14" {
		t.Errorf("session facts: %+v", s)
	}
	if len(doc.Systems) != 2 || doc.Systems[0].Name != "Shopify" || doc.Systems[1].Name != "Dynamics ERP" {
		t.Fatalf("systems: %+v", doc.Systems)
	}
	if len(doc.Flows) != 1 {
		t.Fatalf("flows: %d", len(doc.Flows))
	}
	f := doc.Flows[0]
	checks := []struct{ what, got, want string }{
		{"flow name", f.Name, "Web orders"},
		{"domain", f.Domain, "order"},
		{"from", f.From, doc.Systems[0].ID},
		{"to", f.To, doc.Systems[1].ID},
		{"identifiers", f.Source.Identifiers, "Order number in a custom field"},
		{"pattern", string(f.Contract.Pattern), "batch"},
		{"rationale", f.Contract.PatternRationale, "Nightly is all the ERP can take"},
		{"retry level", string(f.Failure.RetryLevel), "manual-replay"},
		{"retries", f.Failure.Retries, "Three retries then an email"},
		{"flow owner", f.Owner.FlowOwner, "Head of e-commerce"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if !f.Source.Done || !f.Contract.Done || f.Failure.Done || !f.Owner.Done {
		t.Errorf("done marks: source %v contract %v failure %v owner %v", f.Source.Done, f.Contract.Done, f.Failure.Done, f.Owner.Done)
	}
	if len(f.Failure.Risks) != 1 || f.Failure.Risks[0].Title != "Duplicate orders on replay" {
		t.Errorf("risks: %+v", f.Failure.Risks)
	}
	if len(doc.OpenQuestions) != 1 || doc.OpenQuestions[0].Question != "Who owns the dead-letter queue?" ||
		doc.OpenQuestions[0].Ask != "IT lead" || doc.OpenQuestions[0].Flow != f.ID || doc.OpenQuestions[0].Step != "failure" {
		t.Errorf("open questions: %+v", doc.OpenQuestions)
	}
}

// A focused field takes every key: typing the letters of commands into an
// answer never fires them.
func TestTypingNeverFiresCommands(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "enter")
	typed := " qpdxro?1234[]sae"
	d.keys(typed)
	if d.quit || d.app.screen != screenWalk || !d.app.walk.editing {
		t.Fatalf("typing %q left the field (quit=%v screen=%v)", typed, d.quit, d.app.screen)
	}
	got := d.app.ws.doc.Flows[0].Source.Identifiers
	if !strings.HasSuffix(got, typed) {
		t.Fatalf("identifiers = %q, want it to end with %q", got, typed)
	}
	if d.app.c.Presenter || d.app.showHelp {
		t.Fatal("a typed letter toggled presenter mode or help")
	}
}

// ctrl+c saves and quits from anywhere, even mid-edit.
func TestCtrlCSavesMidEdit(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "enter", " and the SKU")
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit")
	}
	// Even without the final save, the quit path wrote the text.
	d.st.Close()
	st, err := store.Open(d.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	doc, err := st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Flows[0].Source.Identifiers; !strings.HasSuffix(got, " and the SKU") {
		t.Fatalf("identifiers on disk = %q", got)
	}
}

// A pasted block of 100 lines lands whole in a text field.
func TestPasteHundredLines(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "j", "j", "enter") // source notes
	d.app.ws.setFlowField(0, model.StepSource, "notes", "")
	d.keys("esc", "enter")
	var lines []string
	for i := 1; i <= 100; i++ {
		lines = append(lines, "line "+strings.Repeat("x", i%7)+" "+string(rune('A'+i%26)))
	}
	d.paste(strings.Join(lines, "\n"))
	got := d.app.ws.doc.Flows[0].Source.Notes
	if got != strings.Join(lines, "\n") {
		t.Fatalf("pasted %d lines, field holds %d", len(lines), strings.Count(got, "\n")+1)
	}
}

// Deleting asks first and names what goes.
func TestDeleteAsksAndNames(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "x")
	d.mustSee(`Delete flow "Web orders to ERP"`)
	d.keys("n")
	if len(d.app.ws.doc.Flows) != 8 {
		t.Fatal("n deleted the flow")
	}
	d.keys("x", "y")
	if len(d.app.ws.doc.Flows) != 7 || d.app.ws.doc.Flows[0].Name == "Web orders to ERP" {
		t.Fatal("y did not delete the flow")
	}
	// A system still used by flows is not deleted.
	d.keys("tab", "x")
	if len(d.app.ws.doc.Systems) != 10 || !strings.Contains(d.app.c.Flash, "is used by") {
		t.Fatalf("a system in use was deletable; flash %q", d.app.c.Flash)
	}
}

// → past the last step walks on to the next flow.
func TestStepNavigationWalksTheSession(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter")
	d.keys("right", "right", "right")
	if d.app.walk.step != model.StepOwner {
		t.Fatalf("step %v after three →", d.app.walk.step)
	}
	d.keys("]")
	if d.app.walk.flow != 1 || d.app.walk.step != model.StepSource {
		t.Fatalf("→ on the last step went to flow %d step %v", d.app.walk.flow, d.app.walk.step)
	}
	d.keys("[")
	if d.app.walk.flow != 0 || d.app.walk.step != model.StepOwner {
		t.Fatalf("← on the first step went to flow %d step %v", d.app.walk.flow, d.app.walk.step)
	}
	d.keys("1")
	d.mustSee("[1 Source")
}

// failingStore makes saves fail while full is set, as a full disk does.
type failingStore struct {
	sessionStore
	full bool
}

func (f *failingStore) Save(id string, c store.Changes) error {
	if f.full {
		return errors.New("no space left on device")
	}
	return f.sessionStore.Save(id, c)
}

// A failed save shows a banner, keeps the text, retries, and lands once
// space returns.
func TestFailedSaveKeepsTextAndRetries(t *testing.T) {
	d := newDriver(t, true)
	fs := &failingStore{sessionStore: d.app.saver.store, full: true}
	d.app.saver.store = fs
	d.keys("enter", "enter", "j", "j", "j", "enter", " DISKFULL")
	d.waitSaved()
	d.mustSee("NOT SAVED", "no space left on device")
	if !strings.HasSuffix(d.app.ws.doc.Flows[0].Source.Identifiers, " DISKFULL") {
		t.Fatal("the text was not kept in memory")
	}
	fs.full = false
	d.run(func() tea.Msg { return saveTickMsg{} })
	d.waitSaved()
	if strings.Contains(d.view(), "NOT SAVED") {
		t.Fatalf("banner still shown after a good save:\n%s", d.view())
	}
	doc, err := d.st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(doc.Flows[0].Source.Identifiers, " DISKFULL") {
		t.Fatalf("on disk: %q", doc.Flows[0].Source.Identifiers)
	}
}

// Presenter mode hides private notes and turns the timebox loud when over.
func TestPresenterTimebox(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "p")
	if strings.Contains(d.view(), "Private notes") {
		t.Fatal("presenter mode shows private notes")
	}
	d.mustSee("WEB ORDERS TO ERP", "step 00:00 / 10:00")
	d.app.c.Now = func() time.Time { return testNow.Add(11 * time.Minute) }
	d.send(walkClock{id: d.app.walk.tickID})
	d.mustSee("! OVER 11:00 / 10:00")
	golden.RequireEqual(t, d.view())
}

// e in a session writes the decision pack in every format into one folder
// of its own in the folder the facilitator confirms, each file 0600, and
// says where.
func TestExportFromTheSession(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "e")
	d.mustSee("Export to folder:")
	d.keys("enter")
	flash := d.app.c.Flash
	// The driver's app has no printer: the PDF is left out, and said so.
	const want = "Exported json, md, html, docx, pptx, xlsx, csv and jira.csv (no PDF: no Chromium or Chrome on this laptop) to "
	if !strings.HasPrefix(flash, want) {
		t.Fatalf("flash %q, want it to start %q", flash, want)
	}
	folder := strings.TrimPrefix(flash, want)
	if filepath.Dir(folder) != d.app.c.ExportDir {
		t.Fatalf("exported into %s, want a folder in %s", folder, d.app.c.ExportDir)
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", e.Name(), fi.Mode().Perm())
		}
	}
	base := filepath.Base(folder)
	wantNames := []string{base + "-jira.csv", base + ".csv", base + ".docx", base + ".html", base + ".json", base + ".md", base + ".pptx", base + ".xlsx"}
	if strings.Join(names, " ") != strings.Join(wantNames, " ") {
		t.Fatalf("the folder holds %v, want %v", names, wantNames)
	}
	data, _ := os.ReadFile(filepath.Join(folder, base+".json"))
	doc, err := model.DecodeDocument(data)
	if err != nil || doc.Session.ID != model.DemoSessionID {
		t.Fatalf("the JSON export does not import: %v", err)
	}
	md, _ := os.ReadFile(filepath.Join(folder, base+".md"))
	html, _ := os.ReadFile(filepath.Join(folder, base+".html"))
	if !strings.Contains(string(md), "Risk register") || !strings.Contains(string(html), "<svg") {
		t.Fatal("the Markdown export has no risk register, or the HTML no map")
	}
}

// Terminals paste line breaks as carriage returns; they must land as lines.
func TestPasteWithCarriageReturns(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "j", "j", "enter")
	d.app.ws.setFlowField(0, model.StepSource, "notes", "")
	d.keys("esc", "enter")
	d.paste("one\rtwo\r\nthree")
	if got := d.app.ws.doc.Flows[0].Source.Notes; got != "one\ntwo\nthree" {
		t.Fatalf("notes = %q", got)
	}
}

// i opens the session's details for editing; a date that is not one is not
// saved, and the good answers are.
func TestEditSessionDetails(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "i")
	d.mustSee("Session details", "Minutes per step")
	d.keys("j", "enter", " Ltd", "enter") // client
	if got := d.app.ws.doc.Session.Client; got != "Harbour & Pine Outdoor (fictional) Ltd" {
		t.Fatalf("client %q", got)
	}
	d.keys("tab", "tab") // editing moved on to the facilitator; on to the date
	d.keys("x")
	d.mustSee("not a date")
	if d.app.ws.doc.Session.Date != "2026-03-14" {
		t.Fatalf("a bad date was stored: %q", d.app.ws.doc.Session.Date)
	}
	d.keys("esc", "esc")
	d.waitSaved()
	doc, err := d.st.Load(model.DemoSessionID)
	if err != nil || doc.Session.Client != "Harbour & Pine Outdoor (fictional) Ltd" {
		t.Fatalf("on disk: %v %q", err, doc.Session.Client)
	}
}

// Behind the too-small notice no key acts: nothing may change unseen.
func TestKeysWaitWhileTheTerminalIsTooSmall(t *testing.T) {
	d := newDriver(t, true)
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.keys("x", "y", "enter", "enter", "d")
	if d.app.screen != screenSessions || d.app.sessions.confirm != nil {
		t.Fatalf("keys acted behind the notice: screen %v", d.app.screen)
	}
	list, _ := d.st.List()
	if len(list) != 1 {
		t.Fatal("the session was deleted behind the notice")
	}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

// Scoring a risk: all five impact levels are on screen, and the level's
// meaning sets who feels it.
func TestScoringShowsEveryLevelAndSetsFlags(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "r", "Stock feed stalls", "esc", "j", "enter")
	d.mustSee("1 — reporting or cosmetic", "5 — revenue-critical and customer-visible")
	d.keys("4", "enter")
	risks := d.app.ws.doc.Flows[0].Failure.Risks
	r := risks[len(risks)-1]
	if r.Impact != 4 || !r.RevenueCritical || r.CustomerVisible {
		t.Fatalf("impact 4 gave %+v", r)
	}
	// A risk opened with r and closed with nothing written is dropped.
	d.keys("esc", "esc", "r", "esc", "esc")
	if n := len(d.app.ws.doc.Flows[0].Failure.Risks); n != len(risks) {
		t.Fatalf("a blank risk was kept: %d risks, want %d", n, len(risks))
	}
}

// One stray esc in a new-flow form holding answers does not lose them.
func TestEscTwiceDropsATypedForm(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "a", "Returns to ERP", "esc")
	d.mustSee("esc again drops this flow")
	if d.app.session.form == nil {
		t.Fatal("one esc dropped the typed form")
	}
	d.keys("enter") // keep going: the warning goes
	if d.app.session.form == nil || d.app.session.form.err != "" {
		t.Fatal("enter after the warning did not carry on")
	}
	d.keys("esc", "esc")
	if d.app.session.form != nil || len(d.app.ws.doc.Flows) != 8 {
		t.Fatal("esc twice did not drop the form")
	}
	d.keys("a", "esc") // nothing typed: one esc is enough
	if d.app.session.form != nil {
		t.Fatal("an empty form needed two esc")
	}
}

// A program of hundreds of flows is crossed in a few keys, not hundreds.
func TestPagingThroughAProgram(t *testing.T) {
	d := newDriver(t, false)
	big := model.Generate(300, 1, 3)
	if err := d.st.Create(big); err != nil {
		t.Fatal(err)
	}
	d.run(d.app.lib.listCmd())
	d.keys("enter", "G")
	if got := d.app.session.cursorOn(tabFlows); got != 299 {
		t.Fatalf("G went to flow %d", got+1)
	}
	d.mustSee("> " + big.Flows[299].Name[:12])
	d.send(tea.KeyMsg{Type: tea.KeyPgUp})
	if got := d.app.session.cursorOn(tabFlows); got >= 299 || got < 250 {
		t.Fatalf("page up went to flow %d", got+1)
	}
	d.keys("g")
	if got := d.app.session.cursorOn(tabFlows); got != 0 {
		t.Fatalf("g went to flow %d", got+1)
	}
}

// The step clock keeps the time spent on a step across a peek at another.
func TestStepClockKeepsTimeAcrossSteps(t *testing.T) {
	d := newDriver(t, true)
	now := testNow
	d.app.c.Now = func() time.Time { return now }
	d.keys("enter", "enter")
	now = now.Add(4 * time.Minute)
	d.keys("2")
	now = now.Add(time.Minute)
	d.keys("1")
	d.send(walkClock{id: d.app.walk.tickID})
	d.mustSee("step 04:00 / 10:00")
	d.keys("2")
	d.send(walkClock{id: d.app.walk.tickID})
	d.mustSee("step 01:00 / 10:00")
}
