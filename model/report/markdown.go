package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// Markdown headings of the decision pack.
const (
	HeadingContents      = "Contents"
	HeadingExecutive     = "Executive summary"
	HeadingSystems       = "Current-state map"
	HeadingSourceOfTruth = "Source-of-truth map"
	HeadingPatterns      = "Pattern decisions"
	HeadingRegister      = "Risk register"
	HeadingOwnership     = "Ownership matrix"
	HeadingDecisions     = "Decision list"
	HeadingDelivery      = "Delivery sequence"
	HeadingCoverage      = "Coverage and gaps"
	HeadingQuestions     = "Open questions"
	HeadingScoring       = "Scoring scales"
)

// PackSubtitle says what the document is, under the session's name.
const PackSubtitle = "Integration architecture review: decision pack"

// WriteMarkdown writes the decision pack a consultant hands over: session
// facts, a table of contents, the one-page executive summary, the
// current-state map (and the target-state map) as Mermaid flowcharts, the
// heat map as a table, then every section of the pack as GitHub-flavoured
// tables, in the HTML pack's order (PackHeadings), and at the end the
// annex with the findings for the review team and each flow's answers.
// Every text typed in the room is escaped so that pandoc, cmark-gfm and
// GitHub render the same tables from it (see mdText). Give it an export,
// whose text is already redacted; an export without a summary gets one
// derived. The pack goes to w as it is made, through a buffer, so its text
// is never held whole; each table is laid out whole, to pad its columns.
// The same export always gives the same bytes.
func WriteMarkdown(w io.Writer, e *Exported) error { return writeMarkdownPart(w, e, wholePack, "") }

// writeMarkdownPart writes the part of the pack asked for; a pack written
// without its annex names annexFile as where the annex is.
func writeMarkdownPart(w io.Writer, e *Exported, part packPart, annexFile string) error {
	d := &e.Document
	m := &mdWriter{b: bufio.NewWriterSize(w, writeBuffer), d: d, sum: summaryOf(e), systems: map[string]*model.System{}}
	for i := range d.Systems {
		if _, dup := m.systems[d.Systems[i].ID]; !dup {
			m.systems[d.Systems[i].ID] = &d.Systems[i]
		}
	}
	headings := packHeadings(d, m.sum, e.Changes, part)
	if part == annexAlone {
		m.heading(1, sessionTitle(d)+": annex")
		m.para("*" + annexSubtitle + "*")
	} else {
		m.title(e.Firm)
		m.contents(headings, annexFile)
	}
	sections := map[string]func(){
		HeadingExecutive: m.executive, HeadingSystems: m.currentState, HeadingTargetMap: m.targetState, HeadingHeatMap: m.heatMap,
		HeadingRegister: m.register, HeadingAssumptions: m.assumptions, HeadingSourceOfTruth: m.sourceOfTruth, HeadingPatterns: m.patterns,
		HeadingOwnership: m.ownership, HeadingDecisions: m.decisions, HeadingDelivery: m.delivery, HeadingRoadmap: m.roadmap,
		HeadingCoverage: m.coverage, HeadingQuestions: m.questions, HeadingScoring: m.scales,
		HeadingAnnexFindings: m.findings, HeadingAppendix: m.flowDetails,
	}
	if e.Changes != nil {
		sections[ChangesTitle(e.Changes)] = func() { writeChangesSection(m.b, e.Changes) }
	}
	for _, h := range headings {
		sections[h]()
	}
	return m.b.Flush()
}

// mdWriter writes one pack. Its buffer keeps the first write error and
// drops what follows it, so the sections need not check; Flush reports it.
type mdWriter struct {
	b       *bufio.Writer
	d       *model.Document
	sum     *review.Summary
	systems map[string]*model.System
}

func (m *mdWriter) line(format string, args ...any) {
	fmt.Fprintf(m.b, format, args...)
	m.b.WriteByte('\n')
}

func (m *mdWriter) heading(level int, text string) {
	m.b.WriteString(strings.Repeat("#", level) + " " + mdText(text) + "\n\n")
}

func (m *mdWriter) para(text string) {
	m.b.WriteString(text + "\n\n")
}

func (m *mdWriter) systemName(id string) string {
	if id == "" {
		return ""
	}
	if s, ok := m.systems[id]; ok && strings.TrimSpace(s.Name) != "" {
		return s.Name
	}
	return id
}

// title is the cover: the client, the title, version and status, date,
// who prepared it, the confidentiality line, then the document control's
// distribution and version history as two small tables.
func (m *mdWriter) title(firm *Firm) {
	s := m.d.Session
	c := coverOf(m.d, firm)
	m.heading(1, c.Title)
	m.para("*" + PackSubtitle + "*")
	fact := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			value = "-"
		}
		m.line("- **%s:** %s", label, mdText(value))
	}
	fact("Client", c.Client)
	fact("Version", c.Version)
	fact("Date", c.Date)
	fact("Prepared by", c.PreparedBy)
	fact("Participants", joinIsolated(s.Participants, ", "))
	fact("Exported", m.d.ExportedAt)
	if strings.TrimSpace(s.Notes) != "" {
		fact("Notes", s.Notes)
	}
	m.b.WriteByte('\n')
	m.para("**" + mdText(c.Confidentiality) + "**")
	m.para("**Document control**")
	m.table("No distribution list.", []string{"Distribution"}, func(add func(...string)) {
		for _, who := range c.Distribution {
			add(who)
		}
	})
	m.table("No earlier versions.", []string{"Version", "Date", "Note"}, func(add func(...string)) {
		for _, h := range c.History {
			add(h.Version, h.Date, h.Note)
		}
	})
}

// contents links every section; the anchors are the ones pandoc and GitHub
// both give a heading. A pack whose annex is a file of its own says which.
func (m *mdWriter) contents(headings []string, annexFile string) {
	m.heading(2, HeadingContents)
	for _, h := range headings {
		m.line("- [%s](#%s)", mdText(h), headingAnchor(h))
	}
	if annexFile != "" {
		m.line("- %s", mdText(annexNote(annexFile)))
	}
	m.b.WriteByte('\n')
}

// headingAnchor is the id pandoc and GitHub give a heading of plain words.
func headingAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// executive writes the pack's first content page: the headline, the key
// messages, the decisions asked and the cost of doing nothing.
func (m *mdWriter) executive() {
	m.heading(2, HeadingExecutive)
	p := executiveSummary(m.d, m.sum)
	m.para("**" + mdText(p.Headline) + "**")
	for _, s := range p.Messages {
		m.line("- %s", mdText(s))
	}
	m.b.WriteByte('\n')
	m.para("**" + headingDecisionsNeeded + "**")
	m.table("The room asked no decision of anyone.", []string{"Who", "What", "By when", "Our recommendation"}, func(add func(...string)) {
		for _, d := range p.Decisions {
			add(d.Who, d.What, d.By, d.Recommendation)
		}
	})
	if p.MoreDecisions > 0 {
		m.para(fmt.Sprintf("And %d more in the decision list.", p.MoreDecisions))
	}
	m.para("**" + headingCostOfNothing + "**")
	m.table("", []string{"Course", "Effort", "When", "Removes a year", "Expected loss a year left"}, func(add func(...string)) {
		for _, c := range p.Cost {
			add(c.Course, c.Effort, c.When, c.Removes, c.Left)
		}
	})
}
