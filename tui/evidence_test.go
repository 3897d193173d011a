package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
)

// l on a step's field opens the link form: an address of a refused scheme
// is refused as it is committed, with the form and what was typed kept; a
// good one is added to the step's answers, counted on the step, and undone
// by u.
func TestWalkLinksEvidenceToAStep(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	defer cancel()
	d.keys("enter", "enter") // the demo session, its first flow's walk
	ws := d.app.ws
	before := ws.doc.Clone()
	d.keys("l")
	d.mustSee("Link evidence to Source of", "What it is", "Link")
	d.keys("Runbook", "enter", "javascript:alert(1)", "enter")
	d.mustSee(`"javascript:" links are refused`, "javascript:alert(1)")
	if !same(ws.doc, before) {
		t.Fatal("a refused link changed the session")
	}
	for range len("javascript:alert(1)") {
		d.keys("backspace")
	}
	d.keys("https://wiki.example.com/runbook", "enter")
	got := ws.doc.Flows[0].Source.Evidence
	if want := []model.Evidence{{Label: "Runbook", URL: "https://wiki.example.com/runbook"}}; len(got) != 1 || got[0] != want[0] {
		t.Fatalf("the step's links are %#v, want %#v", got, want)
	}
	d.mustSee("Evidence: 1 link")
	d.keys("u")
	if len(ws.doc.Flows[0].Source.Evidence) != 0 {
		t.Error("u did not take the link back")
	}
	// Listeners hear of the link and of its undo, each naming the step's
	// evidence; the refused one was no change.
	for _, kind := range []model.ChangeKind{model.ChangeEdit, model.ChangeUndo} {
		c := next(t, ch)
		if c.Kind != kind || !slices.Equal(c.Flows, []string{ws.doc.Flows[0].ID}) || !slices.Equal(c.Fields, []string{"source.evidence"}) {
			t.Errorf("change %+v, want %v of the first flow's source.evidence", c, kind)
		}
	}
}

// l on a risk in the walkthrough links it to the risk; l on a risk of the
// register does the same, and the register's detail counts the links.
func TestLinksEvidenceToARisk(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "3") // the failure step of the first flow
	ws := d.app.ws
	f := &ws.doc.Flows[0]
	if len(f.Failure.Risks) == 0 {
		t.Fatal("the demo's first flow has no risk")
	}
	for range model.StepFields(model.StepFailure) {
		d.keys("j")
	}
	d.keys("l")
	d.mustSee("Link evidence to risk")
	d.keys("Incident", "enter", "INC-42", "enter")
	if got := f.Failure.Risks[0].Evidence; len(got) != 1 || got[0].URL != "INC-42" {
		t.Fatalf("the risk's links are %#v", got)
	}
	if len(f.Failure.Evidence) != 0 {
		t.Error("the link went to the step as well")
	}
	d.mustSee("· 1 link")

	d.keys("esc", "tab", "tab", "tab", "tab") // the Register tab: worst first
	top := ws.currentSummary().Risks[0]
	d.keys("l")
	d.mustSee("Link evidence to risk")
	d.keys("enter", "data:text/html,hi", "enter")
	d.mustSee(`"data:" links are refused`)
	for range len("data:text/html,hi") {
		d.keys("backspace")
	}
	d.keys("/srv/share/incidents/oversell.md", "enter")
	list, _, ri := ws.risksOf(top.ID)
	if ri < 0 || len((*list)[ri].Evidence) == 0 || (*list)[ri].Evidence[len((*list)[ri].Evidence)-1].URL != "/srv/share/incidents/oversell.md" {
		t.Fatalf("the register's risk %q has links %#v", top.Title, (*list)[ri].Evidence)
	}
	d.mustSee("evidence: " + model.EvidenceCount((*list)[ri].Evidence))
}

// linksOfDomain is the links of the room's decision on the domain.
func linksOfDomain(t *testing.T, ws *workspace, domain string) []model.Evidence {
	t.Helper()
	i := ws.decisionOf(domain)
	if i < 0 {
		t.Fatalf("the room has recorded nothing on %s", domain)
	}
	return ws.doc.Domains[i].Evidence
}

// l on the Domains tab links evidence to a domain's decision, which the tab
// then counts; a domain the room has not decided is refused with what to
// do first, and nothing changes. u takes the link back, and listeners hear
// of both as changes to the decision's evidence.
func TestDomainsTabLinksEvidenceToADecision(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	defer cancel()
	d.keys("enter", "tab", "tab", "tab") // the Domains tab, on catalog: the flows agree, nothing decided
	ws := d.app.ws
	before := ws.doc.Clone()
	d.keys("l")
	d.mustSee("Decide catalog (enter) or park it (o) first")
	if d.app.session.links != nil || !same(ws.doc, before) {
		t.Fatal("l on an undecided domain opened a form or changed the session")
	}
	d.keys("j") // price, decided by the room
	d.mustSee("No evidence linked · l links some")
	d.keys("l")
	d.mustSee("Link evidence to the price decision", "What it is", "Link")
	d.keys("Decision record", "enter", "https://adr.example.com/price", "enter")
	want := []model.Evidence{{Label: "Decision record", URL: "https://adr.example.com/price"}}
	if got := linksOfDomain(t, ws, "price"); !slices.Equal(got, want) {
		t.Fatalf("the price decision's links are %#v, want %#v", got, want)
	}
	d.mustSee("Linked: 1 link now; u undoes.", "Evidence: 1 link · l links another")
	d.keys("u")
	if got := linksOfDomain(t, ws, "price"); len(got) != 0 {
		t.Errorf("u left the decision's links %#v", got)
	}
	d.mustSee("No evidence linked")
	for _, kind := range []model.ChangeKind{model.ChangeEdit, model.ChangeUndo} {
		c := next(t, ch)
		if c.Kind != kind || !slices.Equal(c.Domains, []string{"price"}) || !slices.Equal(c.Fields, []string{"domain.evidence"}) {
			t.Errorf("change %+v, want %v of the price decision's domain.evidence", c, kind)
		}
	}
}

// l on the Questions tab links evidence to the open question under the
// cursor, counted under the list; a link already there is refused, and u
// takes the link back.
func TestQuestionsTabLinksEvidenceToAQuestion(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	defer cancel()
	d.keys("enter", "tab", "tab", "j") // the second open question
	ws := d.app.ws
	q := ws.doc.OpenQuestions[1]
	d.keys("l")
	d.mustSee("Link evidence to the question Who signs off")
	d.keys("Chat thread", "enter", "TRADE-7", "enter")
	d.keys("l", "enter", "TRADE-7", "enter")
	d.mustSee(`"TRADE-7" is already linked here`)
	d.keys("esc", "esc")
	want := []model.Evidence{{Label: "Chat thread", URL: "TRADE-7"}}
	if got := ws.doc.OpenQuestions[1].Evidence; !slices.Equal(got, want) {
		t.Fatalf("the question's links are %#v, want %#v", got, want)
	}
	if len(ws.doc.OpenQuestions[0].Evidence)+len(ws.doc.OpenQuestions[2].Evidence) != 0 {
		t.Error("the link went to another question as well")
	}
	d.mustSee("Evidence: 1 link · l links another")
	d.keys("u")
	if got := ws.doc.OpenQuestions[1].Evidence; len(got) != 0 {
		t.Errorf("u left the question's links %#v", got)
	}
	for _, kind := range []model.ChangeKind{model.ChangeEdit, model.ChangeUndo} {
		c := next(t, ch)
		if c.Kind != kind || !slices.Equal(c.Questions, []string{q.ID}) || !slices.Equal(c.Fields, []string{"question.evidence"}) {
			t.Errorf("change %+v, want %v of the question's question.evidence", c, kind)
		}
	}
}

// The evidence form lists the record's links; tab past its last field goes
// to them, and x asks, naming the link, before removing it: n keeps it, y
// removes it through the workspace, and u puts it back where it was.
func TestEvidenceFormRemovesALinkItNames(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	defer cancel()
	d.keys("enter", "tab", "tab") // the first open question
	ws := d.app.ws
	id := ws.doc.OpenQuestions[0].ID
	for _, l := range []string{"Call notes", "Contract"} {
		d.keys("l", l, "enter", "/srv/share/3pl/"+strings.ToLower(strings.ReplaceAll(l, " ", "-"))+".md", "enter")
		next(t, ch)
	}
	before := slices.Clone(ws.doc.OpenQuestions[0].Evidence)
	d.keys("l")
	d.mustSee("Linked here", "Call notes </srv/share/3pl/call-notes.md>", "Contract </srv/share/3pl/contract.md>")
	d.keys("x") // text while the fields have the keys
	d.keys("tab", "tab", "j", "x")
	d.mustSee(`Delete the link "Contract" to /srv/share/3pl/contract.md?`, "y delete · n keep it")
	d.keys("n")
	if got := ws.doc.OpenQuestions[0].Evidence; !slices.Equal(got, before) {
		t.Fatalf("n changed the links to %#v", got)
	}
	// esc in the list goes back to the x typed in the fields, not away.
	d.keys("esc")
	if d.app.session.links == nil || d.app.session.links.form.ed.value() != "x" {
		t.Fatal("esc in the list dropped what was typed for a new link")
	}
	d.keys("backspace", "shift+tab", "x", "y") // the cursor is still on the contract
	if got, want := ws.doc.OpenQuestions[0].Evidence, before[:1]; !slices.Equal(got, want) {
		t.Fatalf("after y the links are %#v, want %#v", got, want)
	}
	if d.app.session.links != nil {
		t.Error("the form stayed open after the removal, so u would be text")
	}
	d.mustSee("Removed the link: 1 link now; u undoes.", "Evidence: 1 link")
	d.keys("u")
	if got := ws.doc.OpenQuestions[0].Evidence; !slices.Equal(got, before) {
		t.Fatalf("u gave back %#v, want %#v", got, before)
	}
	for _, kind := range []model.ChangeKind{model.ChangeEdit, model.ChangeUndo} {
		c := next(t, ch)
		if c.Kind != kind || !slices.Equal(c.Questions, []string{id}) || !slices.Equal(c.Fields, []string{"question.evidence"}) {
			t.Errorf("change %+v, want %v of the question's question.evidence", c, kind)
		}
	}
}

// The walkthrough's evidence form removes a step's link as the tabs' does,
// and a link removed from elsewhere before y is no change.
func TestWalkRemovesAStepLink(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "l", "Runbook", "enter", "https://wiki.example.com/runbook", "enter")
	ws := d.app.ws
	d.keys("l", "tab", "tab", "x")
	d.mustSee(`Delete the link "Runbook" to https://wiki.example.com/runbook?`)
	d.keys("y")
	if got := ws.doc.Flows[0].Source.Evidence; len(got) != 0 {
		t.Fatalf("y left the step's links %#v", got)
	}
	d.keys("u")
	if got := ws.doc.Flows[0].Source.Evidence; len(got) != 1 {
		t.Fatalf("u gave back %#v", got)
	}

	// A room peer's undo takes the link while the question is asked.
	d.keys("l", "tab", "tab", "x")
	ws.undo()
	before := ws.doc.Clone()
	d.keys("y")
	d.mustSee("! that link is gone already")
	if !same(ws.doc, before) {
		t.Error("removing a link already gone changed the session")
	}
}

// The Domains and Questions tabs count the links of the record under the
// cursor, as the walkthrough counts a step's; the evidence form lists them
// under its fields, the one under the cursor marked while the list has the
// keys, and names it when x asks. Both tabs' help pages list l.
func TestGoldenLinkCounts(t *testing.T) {
	add := func(label, url string) []string { return []string{"l", label, "enter", url, "enter"} }
	cases := []struct {
		name string
		keys [][]string
	}{
		{"domains", [][]string{{"enter", "tab", "tab", "tab", "j"}, add("Decision record", "https://adr.example.com/price"), add("", "PRICE-12")}},
		{"questions", [][]string{{"enter", "tab", "tab"}, add("Call notes", "/srv/share/3pl/call-notes.md")}},
		{"form_links", [][]string{{"enter", "tab", "tab"}, add("Call notes", "/srv/share/3pl/call-notes.md"), add("", "WMS-88"), {"l", "tab", "tab", "j"}}},
		{"form_remove", [][]string{{"enter", "tab", "tab"}, add("Call notes", "/srv/share/3pl/call-notes.md"), {"l", "shift+tab", "x"}}},
		{"domains_help", [][]string{{"enter", "tab", "tab", "tab", "?"}}},
		{"questions_help", [][]string{{"enter", "tab", "tab", "?"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, true)
			for _, k := range c.keys {
				d.keys(k...)
			}
			golden.RequireEqual(t, d.view())
		})
	}
}

// A decision that names no system is none, so clearing the system of one
// holding links is refused with what to do, and the decision and its link
// stay; x asks about the links too before taking the decision back.
func TestClearingALinkedDecisionKeepsIt(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "tab", "tab", "tab", "j", "l", "", "enter", "PRICE-12", "enter")
	ws := d.app.ws
	before := ws.doc.Clone()
	d.keys("enter", "backspace", "enter")
	d.mustSee("the decision holds 1 link; x on the domain takes it back with them")
	if !same(ws.doc, before) {
		t.Fatal("clearing the system of a linked decision changed the session")
	}
	d.keys("esc", "esc", "x")
	d.mustSee("Delete what the room recorded on price and its 1 link?")
	d.keys("y")
	if ws.decisionOf("price") >= 0 {
		t.Error("y kept the decision")
	}
}

// The evidence form fits the terminal whatever the record is called: a
// question of a paragraph is cut in the title, and a long link in the list.
func TestEvidenceFormFitsALongRecord(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "tab", "tab")
	d.app.ws.addQuestion(model.OpenQuestion{ID: model.NewID(), Question: strings.Repeat("Who owns the stock feed ", 20)})
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24}) // a frame, so the list counts it
	d.keys("G", "l", "", "enter", "https://wiki.example.com/"+strings.Repeat("a", 200), "enter", "l")
	d.mustSee("Link evidence to the question Who owns", "Linked here")
	for i, l := range strings.Split(d.view(), "\n") {
		if w := lipgloss.Width(l); w > 80 {
			t.Errorf("line %d is %d wide: %q", i, w, l)
		}
	}
}
