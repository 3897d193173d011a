package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// costedDocument is the demo with the business case's figures: a downtime
// cost on every flow, every risk sized, a start date, and (from
// packDocument) a parked domain and a question asked as a decision.
func costedDocument() *model.Document {
	d := packDocument()
	d.Session.StartDate = "2026-04-06"
	for i := range d.Flows {
		d.Flows[i].Failure.DowntimeCostPerHour = 20000
		for j := range d.Flows[i].Failure.Risks {
			d.Flows[i].Failure.Risks[j].Effort = model.EffortM
		}
	}
	for j := range d.Risks {
		d.Risks[j].Effort = model.EffortS
	}
	return d
}

// The one page's headline is one sentence with the answer, and its three
// to five key messages each carry their figure: with cost data the
// exposure leads, without it the worst risks and the undecided masters do.
func TestOnePageHeadlineAndMessages(t *testing.T) {
	empty := model.NewSessionDocument(model.Session{ID: "s1", Name: "Empty"}, testNow)
	for _, tc := range []struct {
		name string
		doc  *model.Document
		// headline and messages hold these, each somewhere.
		headline, messages []string
		// and never these.
		notHeadline, notMessages []string
	}{
		{
			name: "costed",
			doc:  costedDocument(),
			headline: []string{"Eight critical and high risks put about EUR 7.9m a year at stake",
				"the first two slices, 83 person-days, remove all of it", "two decisions are needed from you, the first by 2026-04-01"},
			messages: []string{"expected to cost EUR 7,906,000 a year, between EUR 3,953,000 and EUR 15,812,000",
				"1 open risk is not costed yet",
				"R1 “Overselling on fast movers between nightly files” (EUR 5.8m a year)",
				"R2 “Webhook retries create duplicate orders in the ERP” (EUR 640k a year)",
				"returns (asked of the CFO by 2026-04-15)", "inventory (the flows name different systems)",
				"Two decisions are asked of 3PL account manager and the CFO, the first by 2026-04-01",
				"walked 8 flows between 10 systems; 1 went through all four steps and 31% of the steps are done", // the planned system is not one walked
				"14 findings left for the review team to confirm"},
			notMessages: []string{"No open risk is costed yet"},
		},
		{
			name:        "without cost data",
			doc:         model.DemoAnswers(testNow),
			headline:    []string{"Eight critical and high risks lead the register", "the source of truth for inventory is undecided"},
			notHeadline: []string{"EUR", "decision"},
			messages: []string{"R1 “Overselling on fast movers between nightly files” (critical, 25 of 25)",
				"R3 “Orders stuck in Celigo errors are found days later” (critical, 16 of 25)",
				"undecided for inventory (the flows name different systems)",
				"No open risk is costed yet", "all nine of them", "walked 8 flows between 10 systems"},
			notMessages: []string{"EUR", "decisions are asked"},
		},
		{
			name:     "empty",
			doc:      empty,
			headline: []string{"The register holds no open risk yet."},
			messages: []string{"The register holds no open risk.", "customer (no flow names one)", "walked 0 flows between 0 systems"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := Export(tc.doc, ExportOptions{Now: testNow})
			p := executiveSummary(&e.Document, e.Summary)
			if !oneSentence(p.Headline) {
				t.Errorf("the headline is not one sentence: %q", p.Headline)
			}
			if n := len(p.Messages); n < 3 || n > 5 {
				t.Errorf("%d key messages, want three to five: %q", n, p.Messages)
			}
			for _, m := range p.Messages {
				if !oneSentence(m) {
					t.Errorf("a key message is not one sentence: %q", m)
				}
			}
			all := strings.Join(p.Messages, "\n")
			for _, want := range tc.headline {
				if !strings.Contains(p.Headline, want) {
					t.Errorf("the headline %q does not say %q", p.Headline, want)
				}
			}
			for _, not := range tc.notHeadline {
				if strings.Contains(p.Headline, not) {
					t.Errorf("the headline %q says %q", p.Headline, not)
				}
			}
			for _, want := range tc.messages {
				if !strings.Contains(all, want) {
					t.Errorf("no key message says %q:\n%s", want, all)
				}
			}
			for _, not := range tc.notMessages {
				if strings.Contains(all, not) {
					t.Errorf("a key message says %q:\n%s", not, all)
				}
			}
		})
	}
}

// oneSentence reports whether s is one sentence: a capital first, a full
// stop last and none between.
func oneSentence(s string) bool {
	body, ok := strings.CutSuffix(s, ".")
	return ok && s != "" && strings.ToUpper(s[:1]) == s[:1] && !strings.Contains(body, ". ")
}

// The cost comparison sets doing nothing beside the first two slices, with
// their effort, dates, what each removes and what is left; without cost
// data it says so and still gives the effort it knows.
func TestOnePageCostComparison(t *testing.T) {
	e := Export(costedDocument(), ExportOptions{Now: testNow})
	got := executiveSummary(&e.Document, e.Summary).Cost
	want := []costLine{
		{"Do nothing", "none", "from today", "nothing", "EUR 7,906,000 (EUR 3,953,000 to EUR 15,812,000)"},
		{"Deliver slice 1", "43 person-days", "2026-04-06 to 2026-05-10", "EUR 1,584,000", "EUR 6,322,000"},
		{"Then slice 2", "40 person-days", "2026-05-11 to 2026-06-07", "EUR 6,322,000", "EUR 0"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d is %+v, want %+v", i, got[i], want[i])
		}
	}
	demo := demoExport()
	for i, line := range executiveSummary(&demo.Document, demo.Summary).Cost {
		if line.Left != "not costed" || i > 0 && (line.Effort != "not sized" || line.When != "not dated yet") {
			t.Errorf("without cost data, row %d is %+v", i, line)
		}
	}
}

func TestMoneyShort(t *testing.T) {
	for _, tc := range []struct {
		v    int64
		want string
	}{
		{0, "EUR 0"}, {950, "EUR 950"}, {9_999, "EUR 9,999"}, {12_500, "EUR 12.5k"}, {480_000, "EUR 480k"},
		{999_999, "EUR 1m"}, {1_000_000, "EUR 1m"}, {1_920_000, "EUR 1.9m"}, {250_000_000, "EUR 250m"}, {3_400_000_000, "EUR 3.4bn"},
	} {
		if got := moneyShort("EUR", tc.v); got != tc.want {
			t.Errorf("moneyShort(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// onePageSection is the pack's first content section: from the executive
// summary's heading to the next section.
func onePageSection(t *testing.T, pack, start, end string) string {
	t.Helper()
	at := strings.Index(pack, start)
	if at < 0 {
		t.Fatalf("no executive summary (%q) in the pack", start)
	}
	s := pack[at:]
	if n := strings.Index(s[len(start):], end); n >= 0 {
		s = s[:len(start)+n]
	}
	return s
}

// The HTML and Markdown packs' first content section holds the headline,
// the key messages, the decisions asked and the cost comparison, in the
// client's words: no id, rule code or setting name.
func TestOnePageInThePacks(t *testing.T) {
	e := Export(costedDocument(), ExportOptions{Now: testNow})
	p := executiveSummary(&e.Document, e.Summary)
	banned := internalWords(&e.Document, e.Summary)
	for _, pack := range []struct {
		name, start, end string
		write            func() string
		text             func(string) string
	}{
		{"html", `<section class="chapter lead" id="` + headingAnchor(HeadingExecutive) + `">`, "</section>",
			func() string { return string(written(t, WriteHTML, e)) }, htmlEscaped},
		{"markdown", "\n## " + HeadingExecutive + "\n", "\n## ",
			func() string { return string(written(t, WriteMarkdown, e)) }, mdText},
	} {
		t.Run(pack.name, func(t *testing.T) {
			out := pack.write()
			sec := onePageSection(t, out, pack.start, pack.end)
			if first := strings.Index(out, "<section"); pack.name == "html" && first != strings.Index(out, pack.start) {
				t.Errorf("the executive summary is not the pack's first content section")
			}
			want := append([]string{p.Headline, headingDecisionsNeeded, headingCostOfNothing}, p.Messages...)
			for _, d := range p.Decisions {
				want = append(want, d.Who, d.What, d.By, d.Recommendation)
			}
			for _, c := range p.Cost {
				want = append(want, c.Course, c.Effort, c.When, c.Removes, c.Left)
			}
			for _, w := range want {
				if !strings.Contains(sec, pack.text(w)) {
					t.Errorf("the first page does not say %q", w)
				}
			}
			if len(p.Decisions) != 2 || len(p.Cost) != 3 {
				t.Errorf("%d decisions and %d cost rows, want 2 and 3", len(p.Decisions), len(p.Cost))
			}
			for _, b := range banned {
				if b != "" && regexp.MustCompile(`\b`+regexp.QuoteMeta(b)+`\b`).MatchString(sec) {
					t.Errorf("the first page shows %q", b)
				}
			}
		})
	}
}

// The Markdown one page renders in pandoc and cmark-gfm as its two tables,
// cell for cell: the decisions asked and the cost comparison.
func TestOnePageMarkdownRenders(t *testing.T) {
	e := Export(costedDocument(), ExportOptions{Now: testNow})
	p := executiveSummary(&e.Document, e.Summary)
	md := onePageSection(t, string(written(t, WriteMarkdown, e)), "\n## "+HeadingExecutive+"\n", "\n## ")
	want := [][][]string{{{"Who", "What", "By when", "Our recommendation"}}, {{"Course", "Effort", "When", "Removes a year", "Expected loss a year left"}}}
	for _, d := range p.Decisions {
		want[0] = append(want[0], []string{d.Who, d.What, d.By, d.Recommendation})
	}
	for _, c := range p.Cost {
		want[1] = append(want[1], []string{c.Course, c.Effort, c.When, c.Removes, c.Left})
	}
	for _, r := range []struct {
		name string
		args []string
	}{
		{"pandoc", []string{"-f", "markdown", "-t", "html"}},
		{"cmark-gfm", []string{"-e", "table", "-t", "html"}},
	} {
		tables := htmlTables(t, renderMarkdown(t, []byte(md), r.name, r.args...), r.name)
		if len(tables) != len(want) {
			t.Fatalf("%s drew %d tables, want %d", r.name, len(tables), len(want))
		}
		for i := range want {
			if len(tables[i]) != len(want[i]) {
				t.Errorf("%s: table %d has %d rows, want %d", r.name, i, len(tables[i]), len(want[i]))
				continue
			}
			for j, row := range want[i] {
				for k, cell := range row {
					if k >= len(tables[i][j]) || tables[i][j][k] != normalCell(cell) {
						t.Errorf("%s: table %d row %d cell %d is not %q: %q", r.name, i, j, k, cell, tables[i][j])
					}
				}
			}
		}
	}
}
