package report

import (
	"bytes"
	"html/template"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"golang.org/x/net/html"
)

// Each kind of change reads as one sentence a consultant understands.
func TestChangeLines(t *testing.T) {
	c := &review.Changes{
		Old: review.SessionRef{ID: "s1", Name: "Spring review", Date: "2026-03-02"},
		Systems: []review.SystemChange{
			{Kind: review.ChangeAdded, System: "s9", Name: "Returns portal"},
			{Kind: review.ChangeRetired, System: "s2", Name: "Legacy WMS"},
			{Kind: review.ChangeReplaced, System: "s3", Name: "Price spreadsheet", New: "PIM"},
			{Kind: review.ChangeRemoved, System: "s4", Name: "Old FTP"},
			{Kind: review.ChangeRef, System: "s5", Name: "SAP S/4HANA", Ref: "sheet:APP-7"},
			{Kind: review.ChangeRef, System: "s6", Name: "Akeneo", OldRef: "sheet:APP-2", Ref: "sheet:APP-3"},
		},
		Flows: []review.FlowChange{
			{Kind: review.ChangeAdded, Flow: "f9", Name: "Returns to ERP"},
			{Kind: review.ChangeRenamed, Flow: "f1", Name: "Web orders", OldName: "Orders"},
			{Kind: review.ChangeRemoved, Flow: "f2", Name: "Old feed"},
			{Kind: review.ChangeRef, Flow: "f3", Name: "Stock levels", OldRef: "sheet:IF-4"},
		},
		Answers: []review.AnswerChange{
			{Flow: "f1", FlowName: "Web orders", Step: "contract", Field: "pattern", Label: "Pattern", Old: "batch", New: "event-driven"},
			{Flow: "f1", FlowName: "Web orders", Step: review.AnswerFlowDetails, Field: "via", Label: "Via", Old: "", New: "Celigo"},
			{Flow: "f1", FlowName: "Web orders", Step: "failure", Field: "retries", Label: "Retries and replay", Old: "three\n  retries", New: strings.Repeat("x", 100)},
		},
		Risks: []review.RiskChange{
			{Kind: review.ChangeRescored, Risk: "r1", Title: "Orders stuck", FlowName: "Web orders", Old: "12", New: "20"},
			{Kind: review.ChangeClosed, Risk: "r2", Title: "Oversell", FlowName: "Stock", Old: "open", New: "mitigated"},
			{Kind: review.ChangeReowned, Risk: "r3", Title: "No cutover plan", Old: "", New: "PMO"},
			{Kind: review.ChangeStatus, Risk: "r3", Title: "No cutover plan", Old: "open", New: "in-progress"},
			{Kind: review.ChangeNew, Risk: "r4", Title: "Late stock", FlowName: "Stock", New: "12"},
			{Kind: review.ChangeRemoved, Risk: "r5", Title: "Gone", Old: "4"},
			{Kind: review.ChangeRetiredWithFlow, Risk: "r8", Title: "Feed late", FlowName: "Old feed", Old: "9"},
			{Kind: review.ChangeMerged, Risk: "r6", Title: "DLQ not watched", FlowName: "Returns", Old: "16", New: "Failed messages never replayed", Into: "r7"},
		},
		Domains: []review.DomainChange{
			{Kind: review.ChangeAdded, Domain: "order", New: "Ledger ERP"},
			{Kind: review.ChangeChanged, Domain: "price", Fields: []string{"source_of_truth", "rationale"}, Old: "Ledger ERP", New: "PIM"},
			{Kind: review.ChangeRemoved, Domain: "customer", Old: "CRM"},
		},
		Findings: []review.FindingChange{
			{Kind: review.ChangeNew, Rule: "NO_RETRY", Title: "Failed transfers are lost", FlowName: "Web orders"},
			{Kind: review.ChangeResolved, Rule: "SOT_MISSING", Title: "No source of truth for customer"},
			{Kind: review.ChangeNew, Rule: "NO_MONITORING", Title: "Failures of Returns to ERP go unnoticed", FlowName: "Returns to ERP"},
		},
	}
	want := [][]string{
		{`System "Returns portal" added`, `System "Legacy WMS" retired in the target state`,
			`System "Price spreadsheet" retired, replaced by "PIM"`, `System "Old FTP" retired: gone from the map`,
			`System "SAP S/4HANA" linked to the inventory's sheet:APP-7`, `System "Akeneo" ref changed from sheet:APP-2 to sheet:APP-3`},
		{`Flow "Returns to ERP" added`, `Flow "Orders" renamed to "Web orders"`, `Flow "Old feed" removed`,
			`Flow "Stock levels" no longer linked to the inventory (was sheet:IF-4)`},
		{`Flow "Web orders", contract, Pattern: "batch (scheduled job moves changes in bulk)" → "event driven (events on a queue or webhook, consumed asynchronously)"`,
			`Flow "Web orders", details, Via: (empty) → "Celigo"`,
			`Flow "Web orders", failure, Retries and replay: "three retries" → "` + strings.Repeat("x", 100) + `"`},
		{`Risk "Orders stuck" re-scored 12 → 20 (Web orders)`, `Risk "Oversell" closed: mitigated (Stock)`,
			`Risk "No cutover plan" re-owned nobody → PMO`, `Risk "No cutover plan" status open → in-progress`,
			`Risk "Late stock" new, score 12 (Stock)`, `Risk "Gone" removed, score was 4`,
			`Risk "Feed late" retired with the flow, score was 9 (Old feed)`,
			`Risk "DLQ not watched" merged into "Failed messages never replayed" (Returns)`},
		{`Domain order decided: source of truth "Ledger ERP"`,
			`Domain price decision: source of truth "Ledger ERP" → "PIM"; rationale changed`,
			`Domain customer decision removed (was "CRM")`},
		{`Finding new: Failed transfers are lost (Web orders)`, `Finding resolved: No source of truth for customer`,
			`Finding new: Failures of Returns to ERP go unnoticed`},
	}
	sections := ChangeSections(c)
	var headings []string
	for i, s := range sections {
		headings = append(headings, s.Heading)
		if i < len(want) && !slices.Equal(s.Lines, want[i]) {
			t.Errorf("%s:\n  %s\nwant:\n  %s", s.Heading, strings.Join(s.Lines, "\n  "), strings.Join(want[i], "\n  "))
		}
	}
	if !slices.Equal(headings, []string{"Systems", "Flows", "Answers", "Risks", "Domain decisions", "Findings"}) {
		t.Errorf("sections %v", headings)
	}

	var text bytes.Buffer
	if err := WriteChangesText(&text, c); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text.String(), "\n"); n != c.Count()+1 {
		t.Errorf("the text has %d lines for a headline and %d changes:\n%s", n, c.Count(), text.String())
	}
	if !strings.Contains(text.String(), "\n"+`System "SAP S/4HANA" linked to the inventory's sheet:APP-7`+"\n") {
		t.Errorf("the text does not say the system was linked to the inventory:\n%s", text.String())
	}
	var empty bytes.Buffer
	if err := WriteChangesText(&empty, &review.Changes{Old: c.Old}); err != nil {
		t.Fatal(err)
	}
	if empty.String() != "No changes since \"Spring review\".\n" {
		t.Errorf("no changes read %q", empty.String())
	}
}

// followUpOf is a follow-up of the demo review with one risk re-scored, as
// the export that has the demo as its previous review.
func followUpOf(t *testing.T, prev *model.Document) *model.Document {
	t.Helper()
	d := review.FollowUp(prev, model.Session{ID: "follow-up", Name: "Autumn follow-up"}, testNow.Add(24*time.Hour))
	d.Flows[0].Failure.Risks[0].Likelihood = 1
	return d
}

// A follow-up's pack says what changed since the review it follows, right
// after the executive summary; without the previous review it has no such
// section, and the JSON export is the same either way.
func TestPackSaysWhatChangedSince(t *testing.T) {
	prev := model.DemoAnswers(testNow)
	d := followUpOf(t, prev)
	with := Export(d, ExportOptions{Now: testNow, Previous: prev})
	md := string(written(t, WriteMarkdown, with))
	heading := "\n## What changed since " + prev.Session.Name + "\n"
	at := strings.Index(md, heading)
	if at < 0 {
		t.Fatalf("the pack has no %q section:\n%s", strings.TrimSpace(heading), md[:min(len(md), 2000)])
	}
	if exec, cur := strings.Index(md, "\n## "+HeadingExecutive+"\n"), strings.Index(md, "\n## "+HeadingSystems+"\n"); !(exec < at && at < cur) {
		t.Errorf("the section is at %d, want it between the executive summary (%d) and the map (%d)", at, exec, cur)
	}
	section := md[at:strings.Index(md, "\n## "+HeadingSystems+"\n")]
	r := prev.Flows[0].Failure.Risks[0]
	for _, want := range []string{"1 change in all", "\n### Risks\n", "- " + mdText(`Risk "`+r.Title+`" re-scored 20 → 5 (`+prev.Flows[0].Name+")")} {
		if !strings.Contains(section, want) {
			t.Errorf("the section does not say %q:\n%s", want, section)
		}
	}
	without := Export(d, ExportOptions{Now: testNow})
	if strings.Contains(string(written(t, WriteMarkdown, without)), HeadingChangesSince) {
		t.Error("a pack exported without its previous review says what changed")
	}
	if !bytes.Equal(written(t, WriteJSON, with), written(t, WriteJSON, without)) {
		t.Error("the JSON export differs with a previous review given; the changes belong to the pack")
	}
}

// The previous review leaves the laptop as the current one does: its
// credentials redacted, its text unable to break the pack.
func TestPackChangesAreRedactedAndEscaped(t *testing.T) {
	prev := model.DemoAnswers(testNow)
	prev.Flows[0].Contract.Environments = "password=hunter2 in the wiki"
	d := followUpOf(t, prev)
	d.Flows[0].Contract.Environments = "in the vault"
	d.Flows[1].Name = "Stock <script>alert(1)</script>\nlevels"
	md := string(written(t, WriteMarkdown, Export(d, ExportOptions{Now: testNow, Previous: prev})))
	if strings.Contains(md, "hunter2") {
		t.Error("the previous review's credential reached the pack")
	}
	if strings.Contains(md, "<script>") {
		t.Error("a tag typed in a flow's name reached the pack")
	}
	for _, want := range []string{mdText(`"password=[redacted] in the wiki" → "in the vault"`), `Stock &lt;script&gt;alert(1)&lt;/script&gt; levels`} {
		if !strings.Contains(md, want) {
			t.Errorf("the pack does not say %q", want)
		}
	}
}

func TestPackSaysWhenNothingChanged(t *testing.T) {
	prev := model.DemoAnswers(testNow)
	d := review.FollowUp(prev, model.Session{ID: "follow-up", Name: "Autumn follow-up"}, testNow)
	md := string(written(t, WriteMarkdown, Export(d, ExportOptions{Now: testNow, Previous: prev})))
	if !strings.Contains(md, "## What changed since "+prev.Session.Name+"\n\nNothing changed since "+prev.Session.Name) {
		t.Error("the pack of an unchanged follow-up does not say nothing changed")
	}
}

// What changed, quoting hostile names and answers of both versions, renders
// in pandoc and cmark-gfm as one list item per change with no markup made
// of the room's text.
func TestPackChangesRenderAsTyped(t *testing.T) {
	prev := hostileSession()
	d := review.FollowUp(prev, model.Session{ID: "follow-up", Name: "Autumn follow-up"}, testNow)
	for i := range d.Flows {
		f := &d.Flows[i]
		f.Name, f.Contract.PatternRationale = hostileText[(i+3)%len(hostileText)], hostileText[(i+5)%len(hostileText)]
		for j := range f.Failure.Risks {
			f.Failure.Risks[j].Owner = hostileText[(i+j+7)%len(hostileText)]
		}
	}
	e := Export(d, ExportOptions{Now: testNow, Previous: prev})
	md := string(written(t, WriteMarkdown, e))
	at := strings.Index(md, "\n## "+HeadingChangesSince)
	if at < 0 {
		t.Fatal("the pack has no section on what changed")
	}
	section := md[at:]
	section = section[:strings.Index(section[1:], "\n## ")+1]
	if strings.Contains(section, "<script") {
		t.Fatal("a <script> typed in the room is in the section")
	}
	for _, tool := range [][]string{
		{"pandoc", "-f", "markdown", "-t", "html"},
		{"cmark-gfm", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter", "-t", "html"},
	} {
		page, err := html.Parse(bytes.NewReader(renderMarkdown(t, []byte(section), tool[0], tool[1:]...)))
		if err != nil {
			t.Fatal(err)
		}
		var items []string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "li" {
				items = append(items, normalCell(textOf(n)))
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						t.Errorf("%s: a change holds a <%s> made from %q", tool[0], c.Data, textOf(n))
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(page)
		if len(items) != e.Changes.Count() {
			t.Errorf("%s drew %d changes, the pack has %d", tool[0], len(items), e.Changes.Count())
		}
		if text := strings.Join(items, "\n"); !strings.Contains(text, "注文の同期") || !strings.Contains(text, "*stars* **bold**") {
			t.Errorf("%s: the changes lost the text as typed:\n%s", tool[0], text)
		}
	}
}

// The HTML pack of a follow-up says what changed since the previous
// review, in the contents and as a section after the executive summary,
// escaped like every text of the room's.
func TestHTMLPackSaysWhatChanged(t *testing.T) {
	prev := model.DemoAnswers(testNow)
	d := followUpOf(t, prev)
	d.Flows[1].Name = "Stock <b>levels</b> to storefront"
	d.Flows[0].Failure.Risks[0].Likelihood = 1
	html := string(written(t, WriteHTML, Export(d, ExportOptions{Now: testNow, Previous: prev})))
	title := ChangesTitle(Export(d, ExportOptions{Now: testNow, Previous: prev}).Changes)
	at := strings.Index(html, "<h2>"+template.HTMLEscapeString(title)+"</h2>")
	exec := strings.Index(html, ">"+HeadingExecutive+"</h2>")
	if at < 0 || exec < 0 || at < exec {
		t.Fatalf("no %q section after the executive summary", title)
	}
	if !strings.Contains(html, "re-scored") || strings.Contains(html, "<b>levels</b>") || !strings.Contains(html, "Stock &lt;b&gt;levels&lt;/b&gt;") {
		t.Error("the section does not list the re-scored risk, or lets a tag through")
	}
	if plain := string(written(t, WriteHTML, Export(d, ExportOptions{Now: testNow}))); strings.Contains(plain, HeadingChangesSince) {
		t.Error("a pack with no previous review says what changed")
	}
}

// followUpScenario is the demo review and a later version of it in which
// the price spreadsheet is retired, the Klaviyo flow removed, the critical
// duplicate-orders risk mitigated and a returns flow added, the web orders
// costed at EUR 20,000 an hour of downtime in both.
func followUpScenario() (before, after *model.Document) {
	before = model.DemoAnswers(testNow)
	before.Flows[0].Failure.DowntimeCostPerHour = 20000
	after = before.Clone()
	after.Systems[6].Target = model.Target{Action: model.TargetRetire}
	after.Flows = slices.Delete(after.Flows, 5, 6) // Customers to Klaviyo
	after.Flows[0].Failure.Risks[0].Status = model.RiskMitigated
	after.Flows = append(after.Flows, model.Flow{ID: "returns", Name: "Returns to ERP", Domain: "order", From: after.Systems[0].ID, To: after.Systems[1].ID})
	return before, after
}

// The changes open with a headline that names the counts and the retired
// system, then the table of totals; the retired system is listed.
func TestChangesHeadline(t *testing.T) {
	before, after := followUpScenario()
	if before.Flows[5].Name != "Customers to Klaviyo" || before.Systems[6].Name != "Price spreadsheet" ||
		review.SeverityOf(before.Flows[0].Failure.Risks[0].Score()) != review.SeverityCritical {
		t.Fatal("the demo is not the one this test edits")
	}
	c := Compare(before, after, nil)
	got := ChangesHeadline(&c)
	want := "Since " + before.Session.Date + ": 1 critical risk mitigated, 1 flow added and 1 removed, the Price spreadsheet retired; exposure EUR "
	if !strings.HasPrefix(got, want) || !strings.HasSuffix(got, " a year.") {
		t.Errorf("headline %q, want it to start %q and give the exposure a year", got, want)
	}
	// The duplicate orders, impact 5 × likelihood 4, are no longer open.
	if b, a := c.Heat.Before[4][3], c.Heat.After[4][3]; a != b-1 {
		t.Errorf("impact 5 × likelihood 4 holds %d open risks before and %d after; want one fewer after", b, a)
	}
	if c.Totals.ExposureAfter >= c.Totals.ExposureBefore || !c.Totals.Costed {
		t.Errorf("exposure %d → %d (costed %v); mitigating a costed risk lowers it", c.Totals.ExposureBefore, c.Totals.ExposureAfter, c.Totals.Costed)
	}
	var md bytes.Buffer
	if err := WriteChangesMarkdown(&md, &c, 2); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, w := range []string{
		"**" + mdText(got) + "**\n",
		"| Critical risks closed / new | 1 / 0 |",
		"| Flows added / removed | 1 / 1 |",
		"| Systems added / retired | 0 / 1 |",
		"### Systems\n\n- " + mdText(`System "Price spreadsheet" retired in the target state`),
	} {
		if !strings.Contains(out, w) {
			t.Errorf("the changes do not say %q:\n%s", w, out)
		}
	}
	if strings.Index(out, "**Since") > strings.Index(out, "| Critical") {
		t.Errorf("the headline is not before the table:\n%s", out)
	}
	var text bytes.Buffer
	if err := WriteChangesText(&text, &c); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(text.String(), "\n"); first != got {
		t.Errorf("the text opens %q, want the headline %q", first, got)
	}

	// Without costs there is no exposure to speak of.
	before.Flows[0].Failure.DowntimeCostPerHour, after.Flows[0].Failure.DowntimeCostPerHour = 0, 0
	c = Compare(before, after, nil)
	if h := ChangesHeadline(&c); strings.Contains(h, "exposure") || strings.Contains(h, "EUR") {
		t.Errorf("a review with no costs says %q", h)
	}
}

// The HTML pack's section opens with the same headline and table.
func TestHTMLChangesHeadline(t *testing.T) {
	before, after := followUpScenario()
	page := string(written(t, WriteHTML, Export(after, ExportOptions{Now: testNow, Previous: before})))
	c := changesSince(before, leaving(after, false), nil)
	for _, w := range []string{
		"<p><strong>" + template.HTMLEscapeString(ChangesHeadline(c)) + "</strong></p>",
		`<tr><th scope="row">Systems added / retired</th><td>0 / 1</td></tr>`,
		"<li>System &#34;Price spreadsheet&#34; retired in the target state</li>",
		`<title id="heat-before-title">Before, ` + template.HTMLEscapeString(before.Session.Name) + `: 9 open risks by impact and likelihood</title>`,
		`<title id="heat-after-title">After: 8 open risks by impact and likelihood</title>`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("the pack does not say %q", w)
		}
	}
}
