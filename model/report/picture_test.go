package report

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	_ "image/png"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// Every part of the demo's pack drawn as SVG and as PNG: the SVG is one
// well-formed svg element, the PNG opens and holds a picture, not a blank.
func TestEveryPartIsDrawn(t *testing.T) {
	d := model.Demo(testNow)
	for _, part := range append([]string{""}, Parts...) {
		t.Run("part="+part, func(t *testing.T) {
			e := Export(d, ExportOptions{Now: testNow, Part: part})
			var svg bytes.Buffer
			if err := Write(&svg, e, FormatSVG); err != nil {
				t.Fatal(err)
			}
			dec := xml.NewDecoder(&svg)
			var root struct{ XMLName xml.Name }
			if err := dec.Decode(&root); err != nil || root.XMLName.Local != "svg" {
				t.Fatalf("the SVG does not parse as one svg element: %v, %q", err, root.XMLName.Local)
			}
			var raw bytes.Buffer
			if err := Write(&raw, e, FormatPNG); err != nil {
				t.Fatal(err)
			}
			img, kind, err := image.Decode(&raw)
			if err != nil || kind != "png" {
				t.Fatalf("the PNG does not open: %v (%s)", err, kind)
			}
			b := img.Bounds()
			if b.Dx() < 600 || b.Dy() < 200 {
				t.Errorf("the PNG is %dx%d, not a figure at print resolution", b.Dx(), b.Dy())
			}
			if inked, colours := ink(img); inked < 0.02 || colours < 3 {
				t.Errorf("the PNG is %.1f%% inked in %d colours: next to blank", inked*100, colours)
			}
		})
	}
}

// ink is the share of a picture's pixels that are not white, and how many
// colours it uses (up to 10).
func ink(img image.Image) (share float64, colours int) {
	b := img.Bounds()
	seen := map[color.RGBA]bool{}
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c != (color.RGBA{255, 255, 255, 255}) {
				inked++
			}
			if len(seen) < 10 {
				seen[c] = true
			}
		}
	}
	return float64(inked) / float64((b.Dx()+1)/2*((b.Dy()+1)/2)), len(seen)
}

func TestAnUnknownPartIsRefusedNamingTheParts(t *testing.T) {
	e := Export(model.Demo(testNow), ExportOptions{Now: testNow, Part: "legend"})
	for _, format := range []string{FormatSVG, FormatPNG} {
		var b bytes.Buffer
		err := Write(&b, e, format)
		if err == nil || err.Error() != `"legend" is not a part of the pack to draw; use map, target, heatmap or roadmap` {
			t.Errorf("%s: %v", format, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes for an unknown part", format, b.Len())
		}
	}
	if p, err := LookupPart(" HeatMap "); err != nil || p.Name != PartHeatMap {
		t.Errorf("LookupPart(HeatMap): %v, %q", err, p.Name)
	}
}

// The rasterizer draws what the figures use, where they say.
func TestRasterizeDrawsTheFiguresShapes(t *testing.T) {
	red := color.RGBA{0xcc, 0, 0, 255}
	for _, c := range []struct {
		name, body string
		at         image.Point // in figure units
		want       color.RGBA
	}{
		{"a filled rect", `<rect x="10" y="10" width="20" height="20" fill="#cc0000"/>`, image.Pt(20, 20), red},
		{"outside the rect", `<rect x="10" y="10" width="20" height="20" fill="#cc0000"/>`, image.Pt(5, 5), color.RGBA{255, 255, 255, 255}},
		{"a stroked line", `<line x1="0" y1="20" x2="40" y2="20" stroke="#cc0000" stroke-width="4"/>`, image.Pt(20, 20), red},
		{"a fill inherited from a group", `<g fill="#cc0000"><rect x="0" y="0" width="40" height="40"/></g>`, image.Pt(30, 30), red},
		{"no fill on a path", `<g fill="none"><path d="M0 0 L40 0 L40 40 Z"/></g>`, image.Pt(35, 5), color.RGBA{255, 255, 255, 255}},
		{"a closed path", `<path d="M0 0 L40 0 L40 40 Z" fill="#c00"/>`, image.Pt(35, 5), red},
		{"a curve", `<path d="M0 20 C10 20 30 20 40 20" fill="none" stroke="#cc0000" stroke-width="6"/>`, image.Pt(20, 20), red},
		{"relative moves", `<path d="m10 10 h20 v20 h-20 z" fill="#cc0000"/>`, image.Pt(20, 20), red},
		{"a circle", `<circle cx="20" cy="20" r="10" fill="#cc0000"/>`, image.Pt(20, 20), red},
		{"what defs hold is not drawn", `<defs><rect x="0" y="0" width="40" height="40" fill="#cc0000"/></defs>`, image.Pt(20, 20), color.RGBA{255, 255, 255, 255}},
	} {
		t.Run(c.name, func(t *testing.T) {
			img, err := rasterize([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">`+c.body+`</svg>`), 2)
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds().Dx() != 80 || img.Bounds().Dy() != 80 {
				t.Fatalf("a 40-unit figure at 2 pixels a unit is %v", img.Bounds())
			}
			if got := img.RGBAAt(c.at.X*2, c.at.Y*2); got != c.want {
				t.Errorf("at %v: %v, want %v", c.at, got, c.want)
			}
		})
	}
}

func TestRasterizeWritesText(t *testing.T) {
	inkBox := func(svg string) image.Rectangle {
		img, err := rasterize([]byte(svg), 2)
		if err != nil {
			t.Fatal(err)
		}
		box := image.Rectangle{}
		for y := 0; y < img.Bounds().Dy(); y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				if img.RGBAAt(x, y).R < 128 {
					box = box.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		return box
	}
	flat := inkBox(`<svg width="200" height="200"><text x="100" y="100" font-size="20">Impact and likelihood</text></svg>`)
	if flat.Empty() || flat.Dx() < 3*flat.Dy() || flat.Min.X < 195 {
		t.Errorf("the text drawn at x 100 covers %v: not one line starting there", flat)
	}
	middle := inkBox(`<svg width="200" height="200"><text x="100" y="100" font-size="20" text-anchor="middle">Impact</text></svg>`)
	if middle.Empty() || middle.Min.X > 200 || middle.Max.X < 200 {
		t.Errorf("centred text covers %v, not the middle of the figure", middle)
	}
	turned := inkBox(`<svg width="200" height="200"><text x="100" y="100" font-size="20" transform="rotate(-90 100 100)">Impact and likelihood</text></svg>`)
	if turned.Empty() || turned.Dy() < 3*turned.Dx() || turned.Max.Y > 205 {
		t.Errorf("the turned text covers %v: not one line rising from its point", turned)
	}
}

func TestRasterizeRefusesWhatIsNotSVG(t *testing.T) {
	for _, in := range []string{"", "<html></html>", "<svg><rect", "not xml"} {
		if _, err := rasterize([]byte(in), 1); err == nil {
			t.Errorf("rasterize(%q) took it", in)
		}
	}
	big, err := rasterize([]byte(`<svg width="100000" height="100000"></svg>`), printScale)
	if err != nil {
		t.Fatal(err)
	}
	if n := big.Bounds().Dx() * big.Bounds().Dy(); n > maxPicturePixels+1e6 {
		t.Errorf("a huge figure became %d pixels", n)
	}
}

// A map whose system leaves for another draws the target without it and
// its flows through the system that takes its place.
func TestTheTargetMapDropsWhatIsRetired(t *testing.T) {
	d := model.Demo(testNow)
	old, by := d.Systems[0].ID, d.Systems[1].ID
	d.Systems[0].Target = model.Target{Action: model.TargetReplace, By: by}
	e := Export(d, ExportOptions{Now: testNow, Part: PartTarget})
	var b bytes.Buffer
	if err := Write(&b, e, FormatSVG); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `Target-state map:`) {
		t.Error("the target map does not call itself the target state")
	}
	if strings.Contains(b.String(), `data-id="`+old+`"`) || !strings.Contains(b.String(), `data-id="`+by+`"`) {
		t.Errorf("the target map still draws %s, replaced by %s", old, by)
	}
	var current bytes.Buffer
	e.Part = PartMap
	if err := Write(&current, e, FormatSVG); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(current.String(), `data-id="`+old+`"`) {
		t.Errorf("the current map lost %s", old)
	}
}
