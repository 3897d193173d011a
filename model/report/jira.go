package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// JiraCSVHeader is the first row of the tracker CSV: the columns Jira's CSV
// importer maps (Labels repeats, as the importer takes one label a column),
// and the risk's stable id as External ID. The ar- label (review.TrackerLabel) is
// what `archreview tickets import` matches the tickets back by.
var JiraCSVHeader = []string{"Summary", "Description", "Priority", "Issue Type", "Status",
	"Labels", "Labels", "Labels", "Labels", "Labels", "External ID"}

// jiraIssueType is the issue type every risk is imported as; every Jira
// project has it.
const jiraIssueType = "Task"

// JiraSummaryLimit is the most characters a Jira summary holds: Jira refuses
// 255 and more.
const JiraSummaryLimit = 254

// JiraPriority is the Jira priority of a severity.
var JiraPriority = map[string]string{
	review.SeverityCritical: "Highest", review.SeverityHigh: "High",
	review.SeverityMedium: "Medium", review.SeverityLow: "Low",
}

// jiraStatus is the Jira status a risk still to work on is created in;
// closed risks are not exported.
var jiraStatus = map[model.RiskStatus]string{
	"": "To Do", model.RiskOpen: "To Do", model.RiskInProgress: "In Progress",
}

// WriteJiraCSV writes the register's risks still to be ticketed for Jira's
// CSV importer, UTF-8 with a byte order mark (so Excel keeps accents on a
// round trip): only risks with no ticket yet and neither mitigated nor
// accepted, so importing the file again creates no duplicates and reopens
// nothing. The summary is the title cut at a word to Jira's limit, the
// description in Jira wiki markup holds the whole title and the facts.
func WriteJiraCSV(w io.Writer, e *Exported) error {
	bw := bufio.NewWriterSize(w, writeBuffer)
	bw.WriteString("\uFEFF")
	cw := csv.NewWriter(bw)
	if err := cw.Write(JiraCSVHeader); err != nil {
		return err
	}
	sum := summaryOf(e)
	for i := range sum.Risks {
		r := &sum.Risks[i]
		status, open := jiraStatus[r.Status]
		if !open || strings.TrimSpace(r.Ticket) != "" {
			continue
		}
		priority := JiraPriority[r.Severity]
		if priority == "" {
			priority = "Medium"
		}
		row := []string{
			jiraSummary(r.Title), spreadsheetSafe(jiraDescription(sum, r)), priority, jiraIssueType, status,
			"archreview", spreadsheetSafe(review.TrackerLabel(r.ID)), jiraLabel("severity", r.Severity), jiraLabel("domain", r.Domain),
			jiraLabel("horizon", string(r.Horizon)), spreadsheetSafe(r.ID),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// jiraSummary is a title as a Jira summary: on one line, made safe for a
// spreadsheet, and cut at a word to JiraSummaryLimit characters, the guard's
// quote and the ellipsis counted.
func jiraSummary(title string) string {
	s := spreadsheetSafe(strings.Join(strings.Fields(sanitizeText(title)), " "))
	if utf8.RuneCountInString(s) <= JiraSummaryLimit {
		return s
	}
	// The kept part ends before a space: the rune after it, at the limit
	// less the ellipsis, is a space, or the last space before it is.
	full := []rune(s)
	cut := JiraSummaryLimit - 1
	for cut > 0 && full[cut] != ' ' {
		cut--
	}
	if cut < JiraSummaryLimit/2 {
		cut = JiraSummaryLimit - 1 // one long word: cut inside it rather than lose half
	}
	return strings.TrimRight(string(full[:cut]), " ") + "…"
}

// jiraDescription is a ticket's body in Jira wiki markup: the whole title,
// then one bullet per fact.
func jiraDescription(sum *review.Summary, r *review.RegisterEntry) string {
	var b strings.Builder
	b.WriteString("Risk " + itoa(r.Rank) + " of the integration review's register: " + jiraText(r.Title) + "\n\n")
	for _, f := range riskFacts(sum, r) {
		b.WriteString("* *" + jiraText(f.Label) + ":* " + jiraText(f.Value) + "\n")
	}
	b.WriteString("* *Label:* " + jiraText(review.TrackerLabel(r.ID)))
	return b.String()
}

// jiraText is text as Jira wiki markup shows it as typed: on one line, and
// every character the markup reads (bold, italics, lists, links, tables,
// macros, emoticons) escaped with a backslash.
func jiraText(s string) string {
	s = strings.Join(strings.Fields(sanitizeText(s)), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\*_{}[]|^~+-?!#`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// jiraLabel makes a label Jira accepts: no spaces, lower case.
func jiraLabel(kind, value string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	label := strings.Trim(b.String(), "-")
	if label == "" {
		return ""
	}
	return kind + "-" + label
}
