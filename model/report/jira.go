package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"unicode"

	"github.com/archreview/archreview/model/review"
)

// JiraCSVHeader is the first row of the tracker CSV: the columns Jira's CSV
// importer maps (Labels repeats, as the importer takes one label a column),
// and the risk's stable id as External ID, so a second import of the same
// review can be matched to the tickets of the first.
var JiraCSVHeader = []string{"Summary", "Description", "Priority", "Issue Type", "Labels", "Labels", "Labels", "Labels", "External ID"}

// jiraIssueType is the issue type every risk is imported as; every Jira
// project has it.
const jiraIssueType = "Task"

// JiraPriority is the Jira priority of a severity.
var JiraPriority = map[string]string{
	review.SeverityCritical: "Highest", review.SeverityHigh: "High",
	review.SeverityMedium: "Medium", review.SeverityLow: "Low",
}

// WriteJiraCSV writes the register as one ticket a risk for Jira's CSV
// importer: the title as summary, a Markdown description with the flow, the
// score, the fix, the owner and the finding it covers, the priority from the
// severity, labels for the review, severity, domain and horizon.
func WriteJiraCSV(w io.Writer, e *Exported) error {
	cw := csv.NewWriter(bufio.NewWriterSize(w, writeBuffer))
	if err := cw.Write(JiraCSVHeader); err != nil {
		return err
	}
	sum := summaryOf(e)
	for i := range sum.Risks {
		r := &sum.Risks[i]
		priority := JiraPriority[r.Severity]
		if priority == "" {
			priority = "Medium"
		}
		row := []string{
			strings.Join(strings.Fields(sanitizeText(r.Title)), " "), jiraDescription(sum, r), priority, jiraIssueType,
			"archreview", jiraLabel("severity", r.Severity), jiraLabel("domain", r.Domain), jiraLabel("horizon", string(r.Horizon)),
			r.ID,
		}
		if err := writeSafeRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jiraDescription is a ticket's body in Markdown: one line per fact.
func jiraDescription(sum *review.Summary, r *review.RegisterEntry) string {
	var b strings.Builder
	b.WriteString("Risk " + itoa(r.Rank) + " of the integration review's register.\n\n")
	for _, f := range riskFacts(sum, r) {
		b.WriteString("- **" + f.Label + ":** " + mdText(f.Value) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
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
