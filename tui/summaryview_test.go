package tui

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"

	tea "github.com/charmbracelet/bubbletea"
)

// The findings section lists the open and dismissed findings, and the
// delivery sequence every slice's head and risks, whether or not the
// section was readied before its lines were asked for.
func TestSummaryLinesListFindingsAndSlices(t *testing.T) {
	d := model.Generate(40, 3, 2)
	sum := review.Summarize(d, redact.MentionsCredential)
	for i, f := range sum.Findings[:6] {
		if i%2 == 0 {
			d.Triage = append(d.Triage, model.Triage{Finding: f.Key, Status: model.TriageDismissed, Reason: "not here"})
		} else {
			d.Risks = append(d.Risks, review.RiskFromFinding(d, f, fmt.Sprintf("acc%d", i)))
		}
	}
	sum = review.Summarize(d, redact.MentionsCredential)
	if sum.Triage.Covered == 0 || sum.Triage.Dismissed == 0 || len(sum.Slices) < 2 {
		t.Fatalf("the session needs covered and dismissed findings and slices: %+v, %d slices", sum.Triage, len(sum.Slices))
	}
	var findings, sequence []string
	for _, f := range sum.Findings {
		switch f.Status {
		case review.FindingDismissed:
			findings = append(findings, "  dismissed: "+f.Title+" ("+f.Reason+")")
		case review.FindingOpen:
			findings = append(findings, fmt.Sprintf("  [%2d %-8s] %s", f.Score, f.Severity, f.Message))
		}
	}
	for _, sl := range sum.Slices {
		sequence = append(sequence, fmt.Sprintf("  Slice %d (%d items)", sl.Slice, len(sl.Risks)))
		for _, it := range sl.Risks {
			line := "    #" + strconv.Itoa(it.RegisterRank) + " " + it.Title
			if it.ByHand {
				line += " (set by hand)"
			}
			sequence = append(sequence, line)
		}
	}
	lines := func(l *summaryLayout) []string {
		out := make([]string, l.total)
		for i := range out {
			out[i] = l.line(i).text
		}
		return out
	}
	unready := lines(summaryLines(sum))
	readied := summaryLines(sum)
	readied.prepare(0, readied.total)
	if got := lines(readied); !slices.Equal(got, unready) {
		t.Fatal("the summary's lines differ once its sections are readied")
	}
	section := func(all []string, head string, n int) []string {
		i := slices.Index(all, head)
		if i < 0 || i+1+n > len(all) {
			t.Fatalf("no section %q with %d lines", head, n)
		}
		return all[i+1 : i+1+n]
	}
	head := fmt.Sprintf("Findings to confirm (%d; %d in the register, %d dismissed)", sum.Triage.ToConfirm, sum.Triage.Covered, sum.Triage.Dismissed)
	if got := section(unready, head, len(findings)); !slices.Equal(got, findings) {
		t.Errorf("the findings section lists\n%q\nwant\n%q", got, findings)
	}
	if got := section(unready, "Delivery sequence", len(sequence)); !slices.Equal(got, sequence) {
		t.Errorf("the delivery sequence lists\n%q\nwant\n%q", got, sequence)
	}
}

// Scrolling readies the sections that come into view, so drawing them
// leaves the view as it was: View twice gives the same lines.
func TestSummaryViewReadiesSectionsWhenScrolled(t *testing.T) {
	c := &Common{Styles: NewStyles(calmTheme)}
	sum := review.Summarize(model.Generate(40, 3, 2), redact.MentionsCredential)
	v := summaryView{layout: summaryLines(sum), height: 20}
	for last := -1; v.scroll != last; {
		last = v.scroll
		v = v.update(tea.KeyMsg{Type: tea.KeyPgDown}, v.height)
		first := v.view(c, 80)
		if !slices.Equal(first, v.view(c, 80)) {
			t.Fatalf("at line %d a second View drew other lines", v.scroll)
		}
		for b, start := range v.layout.starts {
			inView := start < v.scroll+v.height && start+v.layout.blocks[b].n > v.scroll
			if inView && !v.layout.prepared[b] {
				t.Fatalf("at line %d block %d is in view but not readied", v.scroll, b)
			}
		}
	}
	if v.scroll != v.maxScroll() || slices.Contains(v.layout.prepared, false) {
		t.Errorf("paging to the end stopped at line %d of %d, with sections left unreadied: %v", v.scroll, v.maxScroll(), v.layout.prepared)
	}
}
