package report

import (
	"io"
	"testing"

	"github.com/archreview/archreview/model"
)

// BenchmarkPicture draws the map of a large review as a PNG, as export
// --format png and the Word document and the deck draw it; the floor to
// compare with is writing the same map as SVG, which the picture is drawn
// from. Each run draws anew: the figures drawn last are forgotten first.
func BenchmarkPicture(b *testing.B) {
	for _, flows := range []int{200, 1000} {
		e := Export(model.Generate(flows, 5, 1), ExportOptions{Now: testNow})
		name := "flows=" + itoa(flows)
		b.Run("svg/"+name, func(b *testing.B) {
			for b.Loop() {
				if err := WritePictureSVG(io.Discard, e); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("png/"+name, func(b *testing.B) {
			svg := partSVG(pictureParts[0], e)
			for b.Loop() {
				forgetPictures()
				if _, err := drawPicture(svg, printScale); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func forgetPictures() {
	pictures.Lock()
	pictures.order, pictures.drawn = nil, nil
	pictures.Unlock()
}
