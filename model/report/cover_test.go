package report

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// tinyPNG is a 1×1 PNG image, the smallest logo a firm could have.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// coverPackDocument is the costed demo signed off: version 0.3, final,
// with its distribution and history, its own incidents a year and a team
// of 15 person-days a week.
func coverPackDocument() *model.Document {
	d := costedDocument()
	d.Session.Version, d.Session.Status = "0.3", model.DocumentFinal
	d.Session.Distribution = []string{"CIO, Harbour & Pine", "CFO"}
	d.Session.History = []model.HistoryEntry{{Version: "0.1", Date: "2026-03-14", Note: "after the workshop"}, {Version: "0.3", Date: "2026-03-20", Note: "signed off"}}
	d.Session.Settings = &model.Settings{IncidentsPerYear: []float64{0.2, 0.5, 2, 6, 24}}
	d.Session.CapacityDaysPerWeek = 15
	return d
}

func testFirm(t *testing.T) *Firm {
	t.Helper()
	f := &Firm{Name: "Northwind Advisory", Logo: "logo.png", Accent: "#1F4E79"}
	if err := f.ReadLogo(tinyPNG); err != nil {
		t.Fatal(err)
	}
	return f
}

// packCase is one session's packs, HTML and Markdown.
type packCase struct {
	name     string
	html, md string
}

func coverCases(t *testing.T) []packCase {
	costed := Export(coverPackDocument(), ExportOptions{Now: testNow, Firm: testFirm(t)})
	plain := Export(model.DemoAnswers(testNow), ExportOptions{Now: testNow})
	return []packCase{
		{"costed, final, with a firm", string(written(t, WriteHTML, costed)), string(written(t, WriteMarkdown, costed))},
		{"plain demo", string(written(t, WriteHTML, plain)), string(written(t, WriteMarkdown, plain))},
	}
}

// section is the text of a pack from the start marker to the end marker
// after it.
func section(t *testing.T, out, start, end string) string {
	t.Helper()
	i := strings.Index(out, start)
	if i < 0 {
		t.Fatalf("the pack has no %q", start)
	}
	rest := out[i+len(start):]
	if j := strings.Index(rest, end); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// The cover comes before anything else and carries the client, the title,
// the version and status, the date, who prepared it, the confidentiality
// line and the document control; the firm's logo is embedded and its
// accent set only when the pack has a profile.
func TestCoverInThePacks(t *testing.T) {
	cases := coverCases(t)
	for i, tc := range []struct {
		want, notWant []string
		htmlOnly      []string
		noHTML        []string
	}{
		{
			want: []string{"Harbour &amp; Pine Outdoor (fictional)", "0.3 · Final", "2026-03-14", "Demo facilitator, Northwind Advisory",
				"Confidential — prepared for Harbour &amp; Pine Outdoor (fictional)", "Document control", "CIO, Harbour &amp; Pine", "CFO",
				"after the workshop", "signed off", "2026-03-20"},
			notWant:  []string{"Draft", "No distribution list.", "No earlier versions."},
			htmlOnly: []string{`<img class="logo" src="data:image/png;base64,iVBORw0KGgo`, `alt="Northwind Advisory"`, ":root { --accent: #1F4E79; }"},
		},
		{
			want:    []string{"Harbour &amp; Pine Outdoor (fictional)", "Draft", "2026-03-14", "Demo facilitator", "Confidential — prepared for", "No distribution list.", "No earlier versions."},
			notWant: []string{"Final", "Northwind"},
			noHTML:  []string{"<img", "--accent: #1F4E79"},
		},
	} {
		c := cases[i]
		t.Run(c.name, func(t *testing.T) {
			for name, cover := range map[string]string{
				"html":     section(t, c.html, "<body>", "<nav"),
				"markdown": strings.ReplaceAll(section(t, c.md, "", "\n## "+HeadingContents), "&", "&amp;"),
			} {
				for _, w := range tc.want {
					if !strings.Contains(cover, w) {
						t.Errorf("%s: the cover does not say %q", name, w)
					}
				}
				for _, w := range tc.notWant {
					if strings.Contains(cover, w) {
						t.Errorf("%s: the cover says %q", name, w)
					}
				}
			}
			for _, w := range tc.htmlOnly {
				if !strings.Contains(c.html, w) {
					t.Errorf("the HTML has no %q", w)
				}
			}
			for _, w := range tc.noHTML {
				if strings.Contains(c.html, w) {
					t.Errorf("the HTML has %q", w)
				}
			}
			if strings.Index(c.html, `<header class="cover">`) > strings.Index(c.html, "<section") {
				t.Error("the cover is not the HTML's first part")
			}
		})
	}
}

var externalURL = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`)

// The HTML pack asks nothing of the network, logo and all.
func TestHTMLPackHasNoExternalURL(t *testing.T) {
	for _, c := range coverCases(t) {
		if m := externalURL.FindString(c.html); m != "" {
			t.Errorf("%s: the HTML loads %q", c.name, m)
		}
	}
}

// The assumptions table is in both packs, in words, with the session's
// values where it sets them and the defaults where it does not.
func TestAssumptionsInThePacks(t *testing.T) {
	cases := coverCases(t)
	for i, tc := range []struct {
		want []string
	}{
		{[]string{"Money is in EUR; the team delivers 15 person-days a week", "Incidents a year", "24", "Share of downtime cost", "50%",
			"Hours per incident", "An alert to a named owner", "Nobody, or not known", "Person-days by effort", "5-15"}},
		{[]string{"Money is in EUR; the team delivers 10 person-days a week", "Incidents a year", "12", "100%", "A dashboard only", "40-100"}},
	} {
		c := cases[i]
		t.Run(c.name, func(t *testing.T) {
			for name, sec := range map[string]string{
				"html":     section(t, c.html, `<section class="chapter" id="`+headingAnchor(HeadingAssumptions)+`">`, "</section>"),
				"markdown": section(t, c.md, "\n## "+HeadingAssumptions+"\n", "\n## "),
			} {
				for _, w := range tc.want {
					if !strings.Contains(sec, w) {
						t.Errorf("%s: the assumptions do not say %q", name, w)
					}
				}
				for _, bad := range []string{"incidents_per_year", "downtime_share", "hours_per_incident", "effort_days", "alert-to-named-owner", "dashboard-only", "capacity_days"} {
					if strings.Contains(sec, bad) {
						t.Errorf("%s: the assumptions name the setting %q", name, bad)
					}
				}
			}
		})
	}
}

// The roadmap gives each slice its phase, dates, effort, the exposure it
// removes, its risks by number and their owners, and in HTML a timeline of
// one bar a slice; with no start date it says so and gives the effort.
func TestRoadmapInThePacks(t *testing.T) {
	cases := coverCases(t)
	for i, tc := range []struct {
		want, notWant []string
		bars          int
	}{
		{want: []string{"Now", "Slice 1", "2026-04-06 to ", "R1", "Head of e-commerce", "EUR "}, notWant: []string{"Not dated"}, bars: 2},
		{want: []string{"Not dated: set the roadmap start date.", "Slice 1", "not sized", "R2, R3", "Integration lead (Priya)"}, notWant: []string{"Now", "2026-"}},
	} {
		c := cases[i]
		t.Run(c.name, func(t *testing.T) {
			html := section(t, c.html, `<section class="chapter" id="`+headingAnchor(HeadingRoadmap)+`">`, "</section>")
			for name, sec := range map[string]string{"html": html, "markdown": section(t, c.md, "\n## "+HeadingRoadmap+"\n", "\n## ")} {
				for _, w := range tc.want {
					if !strings.Contains(sec, w) {
						t.Errorf("%s: the roadmap does not say %q", name, w)
					}
				}
				for _, w := range tc.notWant {
					if strings.Contains(sec, w) {
						t.Errorf("%s: the roadmap says %q", name, w)
					}
				}
			}
			if got := strings.Count(html, `class="bar"`); got != tc.bars {
				t.Errorf("the timeline has %d bars, want %d", got, tc.bars)
			}
			if tc.bars > 0 && !strings.Contains(html, "Owners: Head of e-commerce") {
				t.Error("the timeline does not list the owners")
			}
		})
	}
}

// The timeline's labels sit in their own column, one row a slice, and its
// bars start where the labels end: no label meets a bar or another label.
func TestTimelineLabelsDoNotOverlap(t *testing.T) {
	lines := []roadmapLine{
		{Slice: "Slice 1", Risks: []string{"R1", "R2"}, Owners: []string{strings.Repeat("A very long owner name ", 5)}, StartDay: 0, LengthDays: 7},
		{Slice: "Slice 2", Risks: []string{"R3"}, StartDay: 7, LengthDays: 70},
		{Slice: "Slice 3", StartDay: 77, LengthDays: 7},
	}
	svg := string(timelineSVG(lines, "2026-04-06"))
	texts := regexp.MustCompile(`<text x="([0-9.]+)" y="([0-9.]+)"[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1)
	seen := map[string]bool{}
	for _, m := range texts {
		if seen[m[1]+","+m[2]] {
			t.Errorf("two labels at %s,%s", m[1], m[2])
		}
		seen[m[1]+","+m[2]] = true
		if m[1] == "0" && len([]rune(m[3])) > tlLabelChars+4 {
			t.Errorf("label %q is longer than its column", m[3])
		}
	}
	for _, m := range regexp.MustCompile(`<rect x="([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
		if x, err := strconv.ParseFloat(m[1], 64); err != nil || x < tlLabelWidth {
			t.Errorf("a bar starts at %s, in the label column", m[1])
		}
	}
	if strings.Count(svg, "<rect") != len(lines) {
		t.Errorf("the timeline has %d bars for %d slices", strings.Count(svg, "<rect"), len(lines))
	}
}

// The register gives each open risk its expected loss a year with its
// range and its effort, or says it is not costed.
func TestRegisterFiguresInThePacks(t *testing.T) {
	cases := coverCases(t)
	for i, tc := range []struct{ want, notWant []string }{
		{want: []string{"Expected loss a year", "Effort", "EUR ", " to EUR ", "5-15 days"}},
		{want: []string{"Expected loss a year", "not costed", "not sized"}, notWant: []string{"-5 days", "-15 days", "-40 days", "-100 days"}},
	} {
		c := cases[i]
		t.Run(c.name, func(t *testing.T) {
			for name, sec := range map[string]string{
				"html":     section(t, c.html, `<table class="register">`, "</table>"),
				"markdown": section(t, c.md, "\n## "+HeadingRegister+"\n", "\n### "),
			} {
				for _, w := range tc.want {
					if !strings.Contains(sec, w) {
						t.Errorf("%s: the register does not say %q", name, w)
					}
				}
				for _, w := range tc.notWant {
					if strings.Contains(sec, w) {
						t.Errorf("%s: the register says %q", name, w)
					}
				}
			}
		})
	}
}

// The new sections' Markdown tables render the same in pandoc and
// cmark-gfm: as many tables as the pack has, each row as wide as its
// header.
func TestCoverAndRoadmapTablesRender(t *testing.T) {
	for _, c := range coverCases(t) {
		t.Run(c.name, func(t *testing.T) {
			found := map[string]bool{}
			for _, tab := range sameTablesInBoth(t, []byte(c.md)) {
				found[strings.Join(tab[0], "|")] = true
			}
			for _, head := range []string{"Likelihood|Incidents a year", "Effort|Person-days by effort", "When|Slice|Dates|Person-days|Exposure removed a year|Risks|Owners"} {
				if !found[head] {
					t.Errorf("no table headed %q", head)
				}
			}
		})
	}
}
