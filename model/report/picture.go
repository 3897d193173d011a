package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// A picture is one figure of the pack on its own, to paste into a wiki page
// or a slide: --format svg or png with --part NAME. The parts are one table,
// which the command line's flag, its help and completion read.

// Part is one figure a picture export draws.
type Part struct {
	// Name is how --part names it.
	Name string
	// Description says in a few words what it shows, for --help.
	Description string
	// svg writes the figure as an SVG element, no XML declaration.
	svg func(b *bufio.Writer, e *Exported)
}

// Picture parts, as --part names them.
const (
	PartMap     = "map"
	PartTarget  = "target"
	PartHeatMap = "heatmap"
	PartRoadmap = "roadmap"
)

var pictureParts = []Part{
	{Name: PartMap, Description: "the current-state map", svg: func(b *bufio.Writer, e *Exported) {
		writeMapSVG(b, buildMap(&e.Document, summaryOf(e)))
	}},
	{Name: PartTarget, Description: "the target-state map", svg: func(b *bufio.Writer, e *Exported) {
		drawMap(b, targetDrawing(buildTargetMap(&e.Document, summaryOf(e)), "target"))
	}},
	{Name: PartHeatMap, Description: "the heat map of the open risks", svg: func(b *bufio.Writer, e *Exported) {
		writeHeatMapSVG(b, summaryOf(e))
	}},
	{Name: PartRoadmap, Description: "the roadmap's slices on a week axis", svg: func(b *bufio.Writer, e *Exported) {
		b.WriteString(roadmapSVG(&e.Document, summaryOf(e), accentOf(e.Firm)))
	}},
}

// Parts is the name of every picture part, in the table's order; the first
// is the one drawn when none is named.
var Parts = func() []string {
	names := make([]string, len(pictureParts))
	for i, p := range pictureParts {
		names[i] = p.Name
	}
	return names
}()

// PictureParts is every part a picture export draws.
func PictureParts() []Part { return append([]Part(nil), pictureParts...) }

// LookupPart is the part --part names, in any case; the map when none is
// named. An unknown name is an error naming every part.
func LookupPart(name string) (Part, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		return pictureParts[0], nil
	}
	for _, p := range pictureParts {
		if p.Name == key {
			return p, nil
		}
	}
	return Part{}, fmt.Errorf("%q is not a part of the pack to draw; use %s or %s", name, strings.Join(Parts[:len(Parts)-1], ", "), Parts[len(Parts)-1])
}

// WritePictureSVG writes the export's part (the map unless it names
// another) as a standalone SVG image.
func WritePictureSVG(w io.Writer, e *Exported) error {
	p, err := LookupPart(e.Part)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(w, writeBuffer)
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	p.svg(b, e)
	return b.Flush()
}

// WritePicturePNG writes the export's part as a PNG image at print
// resolution, drawn here from its SVG without a browser.
func WritePicturePNG(w io.Writer, e *Exported) error {
	p, err := LookupPart(e.Part)
	if err != nil {
		return err
	}
	pic, err := drawPicture(partSVG(p, e), printScale)
	if err != nil {
		return err
	}
	_, err = w.Write(pic.png)
	return err
}

// picture is a figure drawn as a PNG: its bytes, its size in pixels, and
// its size in the SVG's units (CSS pixels, 96 an inch), which is how large
// it prints.
type picture struct {
	png                   []byte
	width, height         int
	unitWidth, unitHeight float64
}

// pictures keeps the figures drawn last: the Word document, the slides and
// the PNG of one export draw the same map, and drawing a large one takes
// a good part of a second.
var pictures struct {
	sync.Mutex
	order []pictureKey
	drawn map[pictureKey]picture
}

type pictureKey struct {
	svg   [32]byte
	scale float64
}

// picturesKept bounds what pictures holds, a few megabytes.
const picturesKept = 12

// drawPicture is the SVG figure drawn as a PNG at scale pixels a unit.
func drawPicture(svg []byte, scale float64) (picture, error) {
	key := pictureKey{sha256.Sum256(svg), scale}
	pictures.Lock()
	pic, ok := pictures.drawn[key]
	pictures.Unlock()
	if ok {
		return pic, nil
	}
	img, err := rasterize(svg, scale)
	if err != nil {
		return picture{}, err
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, img); err != nil {
		return picture{}, err
	}
	w, h := svgSize(svgRootAttrs(svg))
	pic = picture{png: out.Bytes(), width: img.Bounds().Dx(), height: img.Bounds().Dy(), unitWidth: w, unitHeight: h}
	pictures.Lock()
	defer pictures.Unlock()
	if pictures.drawn == nil {
		pictures.drawn = map[pictureKey]picture{}
	}
	if _, ok := pictures.drawn[key]; !ok {
		if len(pictures.order) == picturesKept {
			delete(pictures.drawn, pictures.order[0])
			pictures.order = pictures.order[1:]
		}
		pictures.order = append(pictures.order, key)
		pictures.drawn[key] = pic
	}
	return pic, nil
}

// svgRootAttrs are the attributes of a figure's svg element.
func svgRootAttrs(svg []byte) map[string]string {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok {
			return attrMap(se.Attr)
		}
	}
}

// partSVG is a part's SVG, in memory.
func partSVG(p Part, e *Exported) []byte {
	var out bytes.Buffer
	b := bufio.NewWriter(&out)
	p.svg(b, e)
	_ = b.Flush() // a bytes.Buffer takes every byte
	return out.Bytes()
}

// defaultAccent is the pack's own accent colour, without a firm's.
const defaultAccent = "#1f4e79"

func accentOf(f *Firm) string {
	if f != nil && accentShape.MatchString(f.Accent) {
		return f.Accent
	}
	return defaultAccent
}

// roadmapSVG is the roadmap's timeline as a standalone figure: its bars in
// the accent colour (the pack's style sheet colours them on the page). An
// undated roadmap lays its slices end to end from the start, each as many
// weeks as the team's capacity takes to deliver it.
func roadmapSVG(d *model.Document, sum *review.Summary, accent string) string {
	lines, dated := roadmapOf(sum)
	var start string
	if dated {
		start = sum.BusinessCase.Slices[0].Start
	} else {
		start = "the start"
		capacity := d.Session.Costing().CapacityDaysPerWeek
		day := 0
		for i := range lines {
			weeks := 1
			if effort := sum.BusinessCase.Slices[i].EffortDays; effort > 0 && capacity > 0 {
				weeks = max(1, int(math.Ceil(effort/capacity)))
			}
			lines[i].StartDay, lines[i].LengthDays = day, 7*weeks
			day += 7 * weeks
		}
	}
	if len(lines) == 0 {
		lines = []roadmapLine{{Slice: "No slices planned yet", LengthDays: 7}}
	}
	return strings.Replace(string(timelineSVG(lines, start)), `class="bar"`, `class="bar" fill="`+accent+`"`, -1)
}
