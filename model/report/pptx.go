package report

import (
	"io"
	"strconv"
	"strings"
)

// WritePPTX writes the steering deck: nine slides a consultant presents to
// the client's steering group, from the executive layer of the pack. Every
// text is a text box to edit and every table a PowerPoint table; the maps,
// the heat map and the roadmap are pictures at print resolution. Like the
// Word document it has the session's properties and dates, so the same
// content always gives the same bytes.
func WritePPTX(w io.Writer, e *Exported) error {
	d := &e.Document
	v := newPackView(d, summaryOf(e))
	v.brand(e.Firm)
	deck := &pptxDeck{accent: accentHex(e.Firm)}
	if err := buildDeck(deck, e, v); err != nil {
		return err
	}
	p := newOfficePackage(w, d)
	types := []contentType{
		{"/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"},
		{"/ppt/slideMasters/slideMaster1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"},
		{"/ppt/slideLayouts/slideLayout1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"},
		{"/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"},
		{"/ppt/presProps.xml", "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"},
		{"/ppt/viewProps.xml", "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml"},
		{"/ppt/tableStyles.xml", "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml"},
	}
	for i := range deck.slides {
		types = append(types, contentType{"/ppt/slides/slide" + strconv.Itoa(i+1) + ".xml", "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"})
	}
	p.addTemplate("[Content_Types].xml", "types", types)
	p.addTemplate("_rels/.rels", "rels", packageRels("ppt/presentation.xml"))
	p.addProperties(corePropertiesOf(d, e.Firm))
	rels := []relationship{
		{"rIdMaster", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster", "slideMasters/slideMaster1.xml"},
		{"rIdTheme", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme", "theme/theme1.xml"},
		{"rIdPresProps", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/presProps", "presProps.xml"},
		{"rIdViewProps", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/viewProps", "viewProps.xml"},
		{"rIdTableStyles", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tableStyles", "tableStyles.xml"},
	}
	for i := range deck.slides {
		rels = append(rels, relationship{"rIdSlide" + strconv.Itoa(i+1), relSlide, "slides/slide" + strconv.Itoa(i+1) + ".xml"})
	}
	p.addTemplate("ppt/_rels/presentation.xml.rels", "rels", rels)
	p.addTemplate("ppt/presentation.xml", "pptx-presentation", len(deck.slides))
	p.addTemplate("ppt/slideMasters/slideMaster1.xml", "pptx-master", deck.accent)
	p.addTemplate("ppt/slideMasters/_rels/slideMaster1.xml.rels", "rels", []relationship{
		{"rId1", relSlideLayout, "../slideLayouts/slideLayout1.xml"},
		{"rId2", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme", "../theme/theme1.xml"},
	})
	p.add("ppt/slideLayouts/slideLayout1.xml", []byte(pptxLayout))
	p.addTemplate("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "rels", []relationship{
		{"rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster", "../slideMasters/slideMaster1.xml"},
	})
	p.addTemplate("ppt/theme/theme1.xml", "pptx-theme", deck.accent)
	p.add("ppt/presProps.xml", []byte(pptxPresProps))
	p.add("ppt/viewProps.xml", []byte(pptxViewProps))
	p.add("ppt/tableStyles.xml", []byte(pptxTableStyles))
	for i, s := range deck.slides {
		n := strconv.Itoa(i + 1)
		p.add("ppt/slides/slide"+n+".xml", []byte(pptxSlideStart+s.b.String()+pptxSlideEnd))
		srels := []relationship{{"rId1", relSlideLayout, "../slideLayouts/slideLayout1.xml"}}
		for _, img := range s.images {
			srels = append(srels, relationship{img.id, relImage, "../media/" + img.file})
		}
		p.addTemplate("ppt/slides/_rels/slide"+n+".xml.rels", "rels", srels)
	}
	for _, s := range deck.slides {
		for _, img := range s.images {
			p.add("ppt/media/"+img.file, img.pic.png)
		}
	}
	return p.close()
}

const (
	relSlide       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"
	relSlideLayout = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
)

// The slide is 16:9, 33.867 × 19.05 cm, in EMU; content keeps a margin.
const (
	slideW      = 12192000
	slideH      = 6858000
	slideMargin = 457200 // half an inch
	titleH      = 914400
	bodyTop     = slideMargin + titleH + 91440
)

// pptxDeck is the deck being laid out.
type pptxDeck struct {
	slides []*pptxSlide
	accent string
	images int
}

// pptxSlide is one slide: its shapes, and the pictures it holds.
type pptxSlide struct {
	b      strings.Builder
	images []docxImage
	shapes int
}

// slide starts a slide titled title.
func (k *pptxDeck) slide(title string) *pptxSlide {
	s := &pptxSlide{shapes: 1}
	k.slides = append(k.slides, s)
	if title != "" {
		s.title(title, k.accent)
	}
	return s
}

func (s *pptxSlide) nextID() string {
	s.shapes++
	return strconv.Itoa(s.shapes)
}

// box is a shape's place on the slide, in EMU.
type box struct{ x, y, w, h int }

func (b box) xfrm(ns string) string {
	return "<" + ns + `:xfrm><a:off x="` + strconv.Itoa(b.x) + `" y="` + strconv.Itoa(b.y) + `"/><a:ext cx="` + strconv.Itoa(b.w) + `" cy="` + strconv.Itoa(b.h) + `"/></` + ns + ":xfrm>"
}

// textRun is a run of text on a slide: its size in points, bold, colour.
type textRun struct {
	text  string
	size  int
	bold  bool
	color string
}

func (s *pptxSlide) run(r textRun) {
	s.b.WriteString(`<a:r><a:rPr lang="en-GB" sz="` + strconv.Itoa(r.size*100) + `"`)
	if r.bold {
		s.b.WriteString(` b="1"`)
	}
	s.b.WriteString(` dirty="0">`)
	if r.color != "" {
		s.b.WriteString(`<a:solidFill><a:srgbClr val="` + r.color + `"/></a:solidFill>`)
	}
	s.b.WriteString(`</a:rPr><a:t>` + xmlEscape(oneLine(r.text)) + `</a:t></a:r>`)
}

// title is the slide's title placeholder, so the outline and the slide
// sorter name the slide.
func (s *pptxSlide) title(text, accent string) {
	s.b.WriteString(`<p:sp><p:nvSpPr><p:cNvPr id="` + s.nextID() + `" name="Title"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr>` +
		box{slideMargin, slideMargin, slideW - 2*slideMargin, titleH}.xfrm("a") + `</p:spPr><p:txBody><a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p>`)
	s.run(textRun{text: text, size: 28, bold: true, color: accent})
	s.b.WriteString(`</a:p></p:txBody></p:sp>`)
}

// paragraph is one paragraph of a text box: its runs, and whether it is
// a bullet.
type paragraph struct {
	runs   []textRun
	bullet bool
}

// textBox writes an editable text box of paragraphs; the text shrinks to
// fit when it runs long.
func (s *pptxSlide) textBox(name string, at box, paras []paragraph) {
	s.b.WriteString(`<p:sp><p:nvSpPr><p:cNvPr id="` + s.nextID() + `" name="` + xmlEscape(name) + `"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>` + at.xfrm("a") +
		`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"><a:normAutofit/></a:bodyPr><a:lstStyle/>`)
	for _, p := range paras {
		s.b.WriteString("<a:p>")
		if p.bullet {
			s.b.WriteString(`<a:pPr marL="285750" indent="-285750"><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>`)
		} else {
			s.b.WriteString(`<a:pPr><a:spcBef><a:spcPts val="600"/></a:spcBef></a:pPr>`)
		}
		for _, r := range p.runs {
			s.run(r)
		}
		s.b.WriteString("</a:p>")
	}
	s.b.WriteString(`</p:txBody></p:sp>`)
}

// lines are paragraphs of plain text at one size, bulleted or not.
func lines(texts []string, size int, bullet bool) []paragraph {
	out := make([]paragraph, len(texts))
	for i, t := range texts {
		out[i] = paragraph{runs: []textRun{{text: t, size: size}}, bullet: bullet}
	}
	return out
}

// table writes a PowerPoint table: a header row in the accent colour,
// columns sized by the weights given (equal without).
func (s *pptxSlide) table(name, accent string, at box, header []string, rows [][]string, weights []int) {
	if len(weights) != len(header) {
		weights = make([]int, len(header))
		for i := range weights {
			weights[i] = 1
		}
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	rowH := min(at.h/(len(rows)+1), 457200)
	s.b.WriteString(`<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="` + s.nextID() + `" name="` + xmlEscape(name) + `"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>` +
		at.xfrm("p") + `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>`)
	for _, w := range weights {
		s.b.WriteString(`<a:gridCol w="` + strconv.Itoa(at.w*w/total) + `"/>`)
	}
	s.b.WriteString("</a:tblGrid>")
	cell := func(text string, head bool) {
		s.b.WriteString(`<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>`)
		r := textRun{text: text, size: 12, color: "212121"}
		if head {
			r.bold, r.color = true, "FFFFFF"
		}
		s.run(r)
		s.b.WriteString(`</a:p></a:txBody><a:tcPr marL="72000" marR="72000" marT="36000" marB="36000">`)
		if head {
			s.b.WriteString(`<a:solidFill><a:srgbClr val="` + accent + `"/></a:solidFill>`)
		} else {
			s.b.WriteString(`<a:lnB w="6350"><a:solidFill><a:srgbClr val="CFD8DC"/></a:solidFill></a:lnB><a:noFill/>`)
		}
		s.b.WriteString(`</a:tcPr></a:tc>`)
	}
	for i, r := range append([][]string{header}, rows...) {
		s.b.WriteString(`<a:tr h="` + strconv.Itoa(rowH) + `">`)
		for c := range header {
			text := ""
			if c < len(r) {
				text = r[c]
			}
			cell(text, i == 0)
		}
		s.b.WriteString("</a:tr>")
	}
	s.b.WriteString(`</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`)
}

// picture writes a picture as large as fits the box, centred in it.
func (s *pptxSlide) picture(k *pptxDeck, pic picture, descr string, at box) {
	k.images++
	n := strconv.Itoa(k.images)
	img := docxImage{id: "rIdImage" + n, file: "image" + n + ".png", pic: pic}
	s.images = append(s.images, img)
	cx, cy := fitEMU(pic, float64(at.w), float64(at.h))
	w, _ := strconv.Atoi(cx)
	h, _ := strconv.Atoi(cy)
	place := box{at.x + (at.w-w)/2, at.y + (at.h-h)/2, w, h}
	s.b.WriteString(`<p:pic><p:nvPicPr><p:cNvPr id="` + s.nextID() + `" name="` + img.file + `" descr="` + xmlEscape(descr) + `"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>` +
		`<p:blipFill><a:blip r:embed="` + img.id + `"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>` + place.xfrm("a") + `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`)
}

const pptxSlideStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>`

const pptxSlideEnd = `</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`
