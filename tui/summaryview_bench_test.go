package tui

import (
	"fmt"
	"testing"

	"archreview/model"
	"archreview/model/redact"
	"archreview/model/review"

	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkSummaryViewAfterEdit is the summary tab's own share of the frame
// after an edit: laying the derived decision pack out again and drawing
// the screenful in view, without deriving it.
func BenchmarkSummaryViewAfterEdit(b *testing.B) {
	c := &Common{Styles: NewStyles(calmTheme)}
	for _, sz := range sizes {
		sum := review.Summarize(model.Generate(sz.flows, sz.risks, 1), redact.MentionsCredential)
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v := summaryView{layout: summaryLines(sum), height: 22}
				if len(v.view(c, 80)) != 22 {
					b.Fatal("the summary did not fill the screen")
				}
			}
		})
	}
}

// BenchmarkSummaryTabAfterEditLive is BenchmarkSummaryTabAfterEdit with the
// decision pack kept by a review.Live instead of derived whole: the edit,
// the Live's Apply of its change, and the frame. The workspace's summary
// is set from the test until the workspace keeps a Live itself.
func BenchmarkSummaryTabAfterEditLive(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			a := benchApp(b, sz.flows, sz.risks)
			press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}})
			ws := a.ws
			live := review.NewLive(ws.doc, redact.MentionsCredential, ws.rules())
			c := model.Change{Parts: model.PartFlows, Flows: []string{ws.doc.Flows[0].ID}, Fields: []string{"failure.notes"}}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				i++
				ws.setFlowField(0, model.StepFailure, "notes", fmt.Sprint(i))
				ws.summary, ws.summaryRev = live.Apply(ws.doc, c), ws.rev
				a.active().settle()
				_ = a.View()
			}
		})
	}
}
