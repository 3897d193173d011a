package report

import (
	"testing"

	"github.com/archreview/archreview/model/internal/fixture"
)

// What keeping a revision costs: the first save of a run pays it once.
func BenchmarkSnapshot(b *testing.B) {
	for _, size := range fixture.BenchSizes {
		doc := size.Session()
		b.Run(size.Name(), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Snapshot(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
