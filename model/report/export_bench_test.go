package report

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/archreview/archreview/model/internal/fixture"
)

// BenchmarkExport is a whole export as the command runs it: redaction, the
// summary, the encoding and the write to a file, in each format. The budget
// is 90 ms for 1,000 flows; the floor to compare with is jq pretty-printing
// the JSON.
func BenchmarkExport(b *testing.B) {
	for _, size := range fixture.BenchSizes {
		d := size.Session()
		for _, format := range []string{FormatJSON, FormatMarkdown, FormatCSV} {
			b.Run(format+"/"+size.Name(), func(b *testing.B) {
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
