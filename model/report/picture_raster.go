package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The pack's figures are SVG written by archreview itself; rasterize draws
// that SVG as a picture, without a browser, for the PNG export and the
// images of the Word document and the slides. It reads what the figures
// use: rect, line, path (M L H V C Q Z), polygon, polyline, circle, text
// and tspan, groups with their inherited fill, stroke and font, arrow heads
// at a path's end, and a text turned a quarter. What it does not know
// (gradients, dashes, filters) is drawn plainly or left out.

// printScale is how many pixels a figure's unit becomes: SVG units are CSS
// pixels at 96 an inch, so three give 288 dots an inch, print resolution.
const printScale = 3.0

// maxPicturePixels bounds a picture of a very large map, which is drawn at
// less than print resolution rather than at hundreds of megabytes.
const maxPicturePixels = 24_000_000

// minTextPixels is the smallest text drawn, in pixels high.
const minTextPixels = 4

// svgStyle is what an element inherits from its parents.
type svgStyle struct {
	fill, stroke       string
	strokeWidth        float64
	opacity            float64 // stroke-opacity
	fontSize           float64
	bold               bool
	anchor             string
	haloColor          string // paint-order stroke on text: a halo behind it
	haloWidth          float64
	markerEnd, display bool
}

type rasterizer struct {
	img   *image.RGBA
	scale float64
	z     vector.Rasterizer // kept between shapes: its buffer is reused
	// cover is the coverage of the stroke being drawn, a byte a pixel,
	// and touched the pixels it covers: a stroke is drawn pixel by pixel
	// along its pieces, each pixel once however many pieces cover it.
	cover   []uint8
	touched []int
}

// rasterize draws an SVG figure at scale pixels a unit on white.
func rasterize(svg []byte, scale float64) (*image.RGBA, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	root := svgStyle{fill: "#000000", strokeWidth: 1, opacity: 1, fontSize: 16, anchor: "start", display: true}
	stack := []svgStyle{root}
	var r *rasterizer
	skip := 0 // depth inside an element drawn not at all (defs, title, …)
	var text *svgText
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the figure is not well-formed SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			a := attrMap(t.Attr)
			st := inherit(stack[len(stack)-1], a)
			stack = append(stack, st)
			name := t.Name.Local
			if r == nil {
				if name != "svg" {
					return nil, errors.New("the figure is not an SVG image")
				}
				w, h := svgSize(a)
				s := scale
				if w*h*s*s > maxPicturePixels {
					s = math.Sqrt(maxPicturePixels / (w * h))
				}
				img := image.NewRGBA(image.Rect(0, 0, max(1, int(math.Ceil(w*s))), max(1, int(math.Ceil(h*s)))))
				draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
				r = &rasterizer{img: img, scale: s}
				continue
			}
			switch name {
			case "defs", "title", "desc", "style", "marker", "metadata", "clipPath", "linearGradient", "radialGradient":
				skip = 1
				stack = stack[:len(stack)-1]
			case "rect":
				x, y, w, h := num0(a["x"]), num0(a["y"]), num0(a["width"]), num0(a["height"])
				r.rect(st, x, y, w, h)
			case "line":
				r.shape(st, [][]pt{{{num0(a["x1"]), num0(a["y1"])}, {num0(a["x2"]), num0(a["y2"])}}}, false)
			case "polygon", "polyline":
				r.shape(st, [][]pt{parsePoints(a["points"])}, name == "polygon")
			case "circle":
				r.shape(st, [][]pt{circlePoints(num0(a["cx"]), num0(a["cy"]), num0(a["r"]))}, true)
			case "path":
				polys, closed, tip := parsePath(a["d"], r.scale)
				r.shape(st, polys, closed)
				if st.markerEnd && tip.ok {
					r.arrowHead(st, tip)
				}
			case "text":
				text = &svgText{style: st, x: num0(a["x"]), y: num0(a["y"]), rotate: rotation(a["transform"])}
			case "tspan":
				if text != nil {
					if v, ok := a["x"]; ok {
						text.x = num0(v)
					}
					text.y += num0(a["dy"])
					text.style = st
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			if t.Name.Local == "text" && text != nil {
				text = nil
			}
		case xml.CharData:
			if skip == 0 && text != nil && r != nil {
				if s := strings.TrimSpace(string(t)); s != "" {
					r.text(text, s)
				}
			}
		}
	}
	if r == nil {
		return nil, errors.New("the figure is not an SVG image")
	}
	return r.img, nil
}

type pt struct{ x, y float64 }

// tip is where a path ends and the direction it arrives from.
type tip struct {
	at, from pt
	ok       bool
}

type svgText struct {
	style  svgStyle
	x, y   float64
	rotate float64 // degrees, about the text's own point
}

func attrMap(attrs []xml.Attr) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Name.Local] = a.Value
	}
	return m
}

// inherit is the style of an element under parent with attributes a.
func inherit(parent svgStyle, a map[string]string) svgStyle {
	s := parent
	s.markerEnd = false
	if v, ok := a["fill"]; ok {
		s.fill = v
	}
	if v, ok := a["stroke"]; ok {
		s.stroke = v
	}
	if v, ok := a["stroke-width"]; ok {
		s.strokeWidth = num0(v)
	}
	if v, ok := a["stroke-opacity"]; ok {
		s.opacity = num0(v)
	}
	if v, ok := a["font-size"]; ok {
		s.fontSize = num0(strings.TrimSuffix(v, "px"))
	}
	if v, ok := a["font-weight"]; ok {
		s.bold = v == "bold" || v == "600" || v == "700" || v == "800" || v == "900"
	}
	if v, ok := a["text-anchor"]; ok {
		s.anchor = v
	}
	if a["paint-order"] == "stroke" {
		s.haloColor, s.haloWidth = s.stroke, s.strokeWidth
		s.stroke = "none"
	}
	if _, ok := a["marker-end"]; ok {
		s.markerEnd = true
	}
	if a["display"] == "none" || a["visibility"] == "hidden" {
		s.display = false
	}
	return s
}

// svgSize is the figure's width and height in units: its width and
// height, else its view box.
func svgSize(a map[string]string) (w, h float64) {
	w, h = num0(a["width"]), num0(a["height"])
	if vb := strings.Fields(strings.ReplaceAll(a["viewBox"], ",", " ")); (w <= 0 || h <= 0) && len(vb) == 4 {
		w, h = num0(vb[2]), num0(vb[3])
	}
	if w <= 0 || h <= 0 {
		w, h = 300, 150
	}
	return w, h
}

func num0(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// rotation is the angle of a transform="rotate(a …)", 0 for any other.
func rotation(transform string) float64 {
	rest, ok := strings.CutPrefix(strings.TrimSpace(transform), "rotate(")
	if !ok {
		return 0
	}
	f := strings.Fields(strings.NewReplacer(",", " ", ")", " ").Replace(rest))
	if len(f) == 0 {
		return 0
	}
	return num0(f[0])
}

// shape fills the polygons (when they close and have a fill) and strokes
// their outline (when there is a stroke).
func (r *rasterizer) shape(st svgStyle, polys [][]pt, closed bool) {
	if !st.display || len(polys) == 0 {
		return
	}
	if closed {
		if c, ok := parseColor(st.fill, 1); ok {
			r.fill(polys, c)
		}
	}
	if c, ok := parseColor(st.stroke, st.opacity); ok && st.strokeWidth > 0 {
		r.stroke(polys, st.strokeWidth/2, c)
	}
}

// rect fills a rectangle straight onto the picture, which is many times
// quicker than rasterizing it as a polygon (a map's lanes and groups
// cover it several times over), and strokes its outline.
func (r *rasterizer) rect(st svgStyle, x, y, w, h float64) {
	if !st.display || w <= 0 || h <= 0 {
		return
	}
	if c, ok := parseColor(st.fill, 1); ok {
		box := image.Rect(int(math.Round(x*r.scale)), int(math.Round(y*r.scale)), int(math.Round((x+w)*r.scale)), int(math.Round((y+h)*r.scale)))
		draw.Draw(r.img, box, image.NewUniform(c), image.Point{}, draw.Over)
	}
	st.fill = "none"
	r.shape(st, [][]pt{{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}, {x, y}}}, true)
}

// arrowHead draws the head of an arrow at the end of a path, in its
// stroke's colour.
func (r *rasterizer) arrowHead(st svgStyle, t tip) {
	c, ok := parseColor(st.stroke, 1)
	if !ok {
		return
	}
	dx, dy := t.at.x-t.from.x, t.at.y-t.from.y
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	dx, dy = dx/n, dy/n
	size := 5 + 1.5*st.strokeWidth
	back := pt{t.at.x - dx*size, t.at.y - dy*size}
	r.fill([][]pt{{t.at, {back.x - dy*size/2, back.y + dx*size/2}, {back.x + dy*size/2, back.y - dx*size/2}}}, c)
}

// stroke draws a line of half-width hw (in units) along each polyline,
// anti-aliased, with round joints: each pixel near a piece gets the
// coverage of its distance to the nearest piece, so the cost is the
// line's length times its width, however far across the figure it runs.
func (r *rasterizer) stroke(polys [][]pt, hw float64, c color.Color) {
	b := r.img.Bounds()
	if r.cover == nil {
		r.cover = make([]uint8, b.Dx()*b.Dy())
	}
	hw *= r.scale
	reach := hw + 1
	edge2 := (hw + 0.5) * (hw + 0.5) // past this distance a pixel is not touched
	for _, poly := range polys {
		for k := 0; k+1 < len(poly); k++ {
			a := pt{poly[k].x * r.scale, poly[k].y * r.scale}
			e := pt{poly[k+1].x * r.scale, poly[k+1].y * r.scale}
			dx, dy := e.x-a.x, e.y-a.y
			l2 := dx*dx + dy*dy
			x0, x1 := max(int(math.Floor(min(a.x, e.x)-reach)), b.Min.X), min(int(math.Ceil(max(a.x, e.x)+reach)), b.Max.X-1)
			y0, y1 := max(int(math.Floor(min(a.y, e.y)-reach)), b.Min.Y), min(int(math.Ceil(max(a.y, e.y)+reach)), b.Max.Y-1)
			for y := y0; y <= y1; y++ {
				py := float64(y) + 0.5
				for x := x0; x <= x1; x++ {
					px := float64(x) + 0.5
					t := 0.0
					if l2 > 0 {
						t = min(max(((px-a.x)*dx+(py-a.y)*dy)/l2, 0), 1)
					}
					ox, oy := px-a.x-t*dx, py-a.y-t*dy
					d2 := ox*ox + oy*oy
					if d2 >= edge2 {
						continue
					}
					cover := hw + 0.5 - math.Sqrt(d2)
					v := uint8(255 * min(cover, 1))
					i := (y-b.Min.Y)*b.Dx() + (x - b.Min.X)
					if r.cover[i] == 0 {
						r.touched = append(r.touched, i)
					}
					r.cover[i] = max(r.cover[i], v)
				}
			}
		}
	}
	cr, cg, cb, ca := c.RGBA() // premultiplied, 16 bits
	for _, i := range r.touched {
		k := uint32(r.cover[i]) // the pixel's coverage, 0…255
		r.cover[i] = 0
		inv := 0xffff - ca*k/255
		o := r.img.PixOffset(b.Min.X+i%b.Dx(), b.Min.Y+i/b.Dx())
		px := r.img.Pix[o : o+4 : o+4]
		for ch, src := range [3]uint32{cr, cg, cb} {
			px[ch] = uint8((src*k/255 + uint32(px[ch])*0x101*inv/0xffff) >> 8)
		}
		px[3] = 0xff
	}
	r.touched = r.touched[:0]
}

// fill fills polygons in figure units with one colour, anti-aliased,
// rasterizing only the box they cover.
func (r *rasterizer) fill(polys [][]pt, c color.Color) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range polys {
		for _, q := range p {
			minX, minY = min(minX, q.x*r.scale), min(minY, q.y*r.scale)
			maxX, maxY = max(maxX, q.x*r.scale), max(maxY, q.y*r.scale)
		}
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(r.img.Bounds())
	if box.Empty() {
		return
	}
	z := &r.z
	z.Reset(box.Dx(), box.Dy())
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for _, p := range polys {
		if len(p) < 3 {
			continue
		}
		z.MoveTo(float32(p[0].x*r.scale-ox), float32(p[0].y*r.scale-oy))
		for _, q := range p[1:] {
			z.LineTo(float32(q.x*r.scale-ox), float32(q.y*r.scale-oy))
		}
		z.ClosePath()
	}
	z.Draw(r.img, box, image.NewUniform(c), image.Point{})
}

// text draws one run of text at the text's point, moving the point past
// it.
func (r *rasterizer) text(t *svgText, s string) {
	st := t.style
	c, ok := parseColor(st.fill, 1)
	if !ok || !st.display {
		return
	}
	if st.fontSize*r.scale < minTextPixels {
		return // a very large map shrunk to a page: no one could read it
	}
	face := fontFace(st.bold, st.fontSize*r.scale)
	width := float64(font.MeasureString(face, s)) / 64
	x := t.x * r.scale
	switch st.anchor {
	case "middle":
		x -= width / 2
	case "end":
		x -= width
	}
	y := t.y * r.scale
	if t.rotate == 0 {
		if halo, ok := parseColor(st.haloColor, 1); ok && st.haloWidth > 0 {
			d := st.haloWidth / 2 * r.scale
			for _, o := range [][2]float64{{-d, 0}, {d, 0}, {0, -d}, {0, d}, {-d, -d}, {d, d}, {-d, d}, {d, -d}} {
				drawString(r.img, face, halo, x+o[0], y+o[1], s)
			}
		}
		drawString(r.img, face, c, x, y, s)
		t.x += width / r.scale
		return
	}
	// A turned text is drawn flat on its own and turned a quarter onto the
	// figure, about its point.
	m := face.Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	flat := image.NewRGBA(image.Rect(0, 0, int(math.Ceil(width))+1, asc+desc))
	drawString(flat, face, color.Black, 0, float64(asc), s)
	turnOnto(r.img, flat, c, x-t.x*r.scale, float64(asc), t.x*r.scale, y, t.rotate)
}

// turnOnto draws the alpha of flat in colour c onto dst, turned by a
// quarter (deg ±90, else flat), so that flat's point (fx+…, baseline)
// lands at (px, py).
func turnOnto(dst *image.RGBA, flat *image.RGBA, c color.Color, dx, baseline, px, py, deg float64) {
	cr, cg, cb, _ := c.RGBA()
	b := flat.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			a := flat.RGBAAt(x, y).A
			if a == 0 {
				continue
			}
			ux, uy := float64(x)+dx, float64(y)-baseline // relative to the point
			var tx, ty float64
			if deg < 0 {
				tx, ty = uy, -ux
			} else {
				tx, ty = -uy, ux
			}
			X, Y := int(px+tx), int(py+ty)
			if !image.Pt(X, Y).In(dst.Bounds()) {
				continue
			}
			under := dst.RGBAAt(X, Y)
			al := uint32(a)
			mix := func(top uint32, bot uint8) uint8 { return uint8((top>>8*al + uint32(bot)*(255-al)) / 255) }
			dst.SetRGBA(X, Y, color.RGBA{mix(cr, under.R), mix(cg, under.G), mix(cb, under.B), 255})
		}
	}
}

func drawString(dst draw.Image, face font.Face, c color.Color, x, y float64, s string) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: face, Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}}
	d.DrawString(s)
}

var (
	fontsOnce       sync.Once
	regular, strong *opentype.Font
	facesMu         sync.Mutex
	faces           = map[faceKey]font.Face{}
)

type faceKey struct {
	bold bool
	size float64
}

// fontFace is the Go font at a size in pixels, bold or regular; faces are
// kept, since a map draws hundreds of labels at the same two sizes.
func fontFace(bold bool, px float64) font.Face {
	fontsOnce.Do(func() {
		regular, _ = opentype.Parse(goregular.TTF) // the fonts are compiled in: they parse
		strong, _ = opentype.Parse(gobold.TTF)
	})
	key := faceKey{bold, math.Round(px*4) / 4}
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[key]; ok {
		return f
	}
	f := regular
	if bold {
		f = strong
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: max(key.size, 1), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		face, _ = opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 72})
	}
	faces[key] = face
	return face
}

// namedColors are the colour names the figures may use.
var namedColors = map[string]string{"black": "#000000", "white": "#ffffff", "red": "#ff0000", "gray": "#808080", "grey": "#808080", "currentcolor": "#000000"}

// parseColor reads #rgb, #rrggbb or a few names; none, empty and anything
// else draw nothing.
func parseColor(s string, opacity float64) (color.Color, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, ok := namedColors[s]; ok {
		s = n
	}
	if len(s) == 4 && s[0] == '#' {
		s = "#" + string([]byte{s[1], s[1], s[2], s[2], s[3], s[3]})
	}
	if len(s) != 7 || s[0] != '#' {
		return nil, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return nil, false
	}
	a := uint8(math.Round(255 * min(max(opacity, 0), 1)))
	if a == 0 {
		return nil, false
	}
	c := color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), a}
	return c, true
}
