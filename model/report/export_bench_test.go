package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"archreview/model"
)

// benchSizes are the two scales of the speed budgets: a big workshop and a
// whole integration program.
var benchSizes = []struct{ flows, risks int }{{200, 5}, {1000, 5}}

// BenchmarkExport is a whole export as the command runs it: redaction, the
// summary, the encoding and the write to a file, in each format. The budget is 90 ms for 1,000
// flows; the floor to compare with is jq pretty-printing the JSON.
func BenchmarkExport(b *testing.B) {
	for _, size := range benchSizes {
		d := model.Generate(size.flows, size.risks, 1)
		for _, format := range []string{FormatJSON, FormatMarkdown, FormatCSV} {
			b.Run(fmt.Sprintf("%s/%dflows-%drisks", format, size.flows, size.flows*size.risks), func(b *testing.B) {
				// Into a real file through a buffer, as archreview export -o
				// writes it.
				path := filepath.Join(b.TempDir(), "export")
				b.ReportAllocs()
				var n int64
				for b.Loop() {
					f, err := os.Create(path)
					if err != nil {
						b.Fatal(err)
					}
					w := bufio.NewWriterSize(f, 1<<20)
					if err := RenderTo(w, d, format, ExportOptions{Now: testNow}); err != nil {
						b.Fatal(err)
					}
					if err := w.Flush(); err != nil {
						b.Fatal(err)
					}
					n, _ = f.Seek(0, io.SeekCurrent)
					f.Close()
				}
				b.ReportMetric(float64(n)/(1<<20), "MB-out")
			})
		}
	}
}
