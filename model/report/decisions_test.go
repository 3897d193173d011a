package report

import (
	"strings"
	"testing"
)

// A question asked as a decision sits in the pack's decisions asked, and
// its row does not say what flows name for it: that is a domain's column.
func TestPackListsAQuestionAskedAsADecision(t *testing.T) {
	exp := Export(packDocument(), ExportOptions{Now: testNow})
	question := exp.OpenQuestions[0].Question
	for name, write := range map[string]func() string{
		"markdown": func() string { return string(written(t, WriteMarkdown, exp)) },
		"html":     func() string { return string(written(t, WriteHTML, exp)) },
	} {
		out := write()
		at := strings.Index(out, HeadingDecisionsAsked)
		if at < 0 {
			t.Fatalf("%s: no %q section", name, HeadingDecisionsAsked)
		}
		section := out[at:]
		row := strings.Index(section, question)
		if row < 0 {
			t.Fatalf("%s: the decision asked is not in the section", name)
		}
		end := strings.IndexAny(section[row:], "\n")
		if line := section[row : row+max(end, 0)]; strings.Contains(line, "no flow names one") || !strings.Contains(line, "2026-04-01") {
			t.Errorf("%s: the question's row reads %q", name, line)
		}
	}
}
