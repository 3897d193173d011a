package tui

import (
	"fmt"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
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
