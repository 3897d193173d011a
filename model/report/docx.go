package report

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteDOCX writes the decision pack as a Word document the client can
// edit: the cover and document control, a table of contents, then the
// pack's sections in the HTML pack's order, each part from a new page,
// under real Heading 1–3 styles (so Word's navigation pane and its table of
// contents work), every table at the full text width with its header row
// repeated on each page, the maps, the heat map and the roadmap as PNG
// pictures at print resolution. Its properties are the session's: the
// title, the facilitator as author, the firm as company, the session's
// dates; nothing in it comes from the clock, so the same content always
// gives the same bytes.
//
// It is written here with text/template and archive/zip: the few parts a
// document needs are short, and a library for them would bring more than
// the pack uses.
func WriteDOCX(w io.Writer, e *Exported) error {
	d := &e.Document
	sum := summaryOf(e)
	v := newPackView(d, sum)
	v.brand(e.Firm)
	p := newOfficePackage(w, d)
	types := []contentType{
		{"/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
		{"/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
		{"/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"},
		{"/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"},
		{"/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
	}
	p.addTemplate("[Content_Types].xml", "types", types)
	p.addTemplate("_rels/.rels", "rels", packageRels("word/document.xml"))
	p.addProperties(corePropertiesOf(d, e.Firm))
	// The body goes into the package as it is laid out, a flow of the
	// appendix at a time, so a large review is not held twice; the
	// pictures it names follow it.
	doc := &docxBody{}
	p.write("word/document.xml", func(w io.Writer) error {
		doc.b = bufio.NewWriterSize(w, writeBuffer)
		doc.b.WriteString(docxDocumentStart)
		if err := writeDOCXPack(doc, e, v); err != nil {
			return err
		}
		doc.b.WriteString(docxSection(doc.landscape, true) + "</w:body></w:document>")
		return doc.b.Flush()
	})
	rels := []relationship{
		{"rIdStyles", relStyles, "styles.xml"},
		{"rIdNumbering", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering", "numbering.xml"},
		{"rIdSettings", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings", "settings.xml"},
		{"rIdFooter", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer", "footer1.xml"},
	}
	for _, img := range doc.images {
		rels = append(rels, relationship{img.id, relImage, "media/" + img.file})
	}
	rels = append(rels, doc.linkRelationships()...)
	p.addTemplate("word/_rels/document.xml.rels", "rels", rels)
	p.addTemplate("word/styles.xml", "docx-styles", accentHex(e.Firm))
	p.add("word/numbering.xml", []byte(docxNumbering))
	p.add("word/settings.xml", []byte(docxSettings))
	p.addTemplate("word/footer1.xml", "docx-footer", oneLine(v.Title))
	for _, img := range doc.images {
		p.add("word/media/"+img.file, img.pic.png)
	}
	return p.close()
}

// accentHex is the accent colour as Office writes it: six hex digits.
func accentHex(f *Firm) string { return strings.ToUpper(strings.TrimPrefix(accentOf(f), "#")) }

// A4 in twentieths of a point, with margins of 2 cm.
const (
	a4Short      = 11906
	a4Long       = 16838
	a4Margin     = 1134
	emuPerTwip   = 635
	portraitText = a4Short - 2*a4Margin
)

// docxSection is the w:sectPr that ends a section: A4, portrait or
// landscape; the last section's is the body's own, not in a paragraph.
func docxSection(landscape, last bool) string {
	w, h, orient := a4Short, a4Long, ""
	if landscape {
		w, h, orient = a4Long, a4Short, ` w:orient="landscape"`
	}
	s := `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="` + strconv.Itoa(w) + `" w:h="` + strconv.Itoa(h) + `"` + orient +
		`/><w:pgMar w:top="` + strconv.Itoa(a4Margin) + `" w:right="` + strconv.Itoa(a4Margin) + `" w:bottom="` + strconv.Itoa(a4Margin) + `" w:left="` + strconv.Itoa(a4Margin) +
		`" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`
	if last {
		return s
	}
	return `<w:p><w:pPr>` + s + `</w:pPr></w:p>`
}

// docxBody is the body of the document being laid out, the pictures it
// holds and the addresses it links to.
type docxBody struct {
	b         *bufio.Writer // into the package's word/document.xml
	images    []docxImage
	links     []docxLink // the web addresses it links to, in its order
	landscape bool       // the section being written is landscape
}

type docxImage struct {
	id, file string
	pic      picture
}

// run writes text as runs of the given run properties: a line break in it
// is a w:br, a tab a w:tab.
func (d *docxBody) run(text, props string) {
	for i, line := range strings.Split(text, "\n") {
		d.b.WriteString("<w:r>")
		if props != "" {
			d.b.WriteString("<w:rPr>" + props + "</w:rPr>")
		}
		if i > 0 {
			d.b.WriteString("<w:br/>")
		}
		for k, piece := range strings.Split(line, "\t") {
			if k > 0 {
				d.b.WriteString("<w:tab/>")
			}
			if piece != "" {
				d.b.WriteString(`<w:t xml:space="preserve">`)
				writeXMLText(d.b, piece)
				d.b.WriteString("</w:t>")
			}
		}
		d.b.WriteString("</w:r>")
	}
}

// para writes a paragraph of one style ("" for Normal) and one run.
func (d *docxBody) para(style, text string) {
	d.paraRuns(style, func() { d.run(text, "") })
}

// paraRuns writes a paragraph of one style whose runs runs writes.
func (d *docxBody) paraRuns(style string, runs func()) {
	d.b.WriteString("<w:p>")
	if style != "" {
		d.b.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	runs()
	d.b.WriteString("</w:p>")
}

// heading writes a heading of level 1–3, styled Heading1–3.
func (d *docxBody) heading(level int, text string) {
	d.para("Heading"+strconv.Itoa(level), text)
}

// chapter starts a part of the pack: a new page (a new section when the
// orientation changes) and its Heading 1.
func (d *docxBody) chapter(title string, landscape bool) {
	d.newPage(landscape)
	d.heading(1, title)
}

// newPage ends the page, and the section when the orientation changes.
func (d *docxBody) newPage(landscape bool) {
	if landscape != d.landscape {
		d.b.WriteString(docxSection(d.landscape, false))
		d.landscape = landscape
		return
	}
	d.b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
}

// bullets writes a bulleted list, one paragraph an item.
func (d *docxBody) bullets(items []string) {
	for _, item := range items {
		d.para("ListBullet", item)
	}
}

// labelled writes facts as paragraphs, each label in bold.
func (d *docxBody) labelled(fs []fact) {
	for _, f := range fs {
		d.paraRuns("Fact", func() {
			d.run(f.Label+": ", "<w:b/>")
			d.run(f.Value, "")
		})
	}
}

// textWidth is the width the text runs in, in twips.
func (d *docxBody) textWidth() int {
	if d.landscape {
		return a4Long - 2*a4Margin
	}
	return portraitText
}

// table writes a table at the full text width (5000 fiftieths of a
// percent), its header row repeated at the top of every page it runs to.
// Cells are text; a row shorter than the header is padded. The columns
// named in severityCols hold a severity ("critical 20"): each such cell
// is filled with its band's colour, as the heat map has it.
func (d *docxBody) table(header []string, rows [][]string, severityCols ...int) {
	n := len(header)
	if n == 0 {
		return
	}
	widths := columnWidths(header, rows, d.textWidth())
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="PackTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="autofit"/>` +
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		d.b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	d.b.WriteString("</w:tblGrid>")
	d.row(header, widths, true, nil)
	for _, r := range rows {
		d.row(r, widths, false, severityCols)
	}
	d.b.WriteString("</w:tbl>")
	d.para("AfterTable", "")
}

// columnWidths share the text's width (in twips) among the columns by
// what they hold: each at least its longest word (up to a point), so no
// word is cut in two, and the rest of the width by the average length of
// its cells. The first rows are enough to judge by.
func columnWidths(header []string, rows [][]string, width int) []int {
	const perChar, margins = 125, 260 // a bold character of the tables' 9 points; a cell's margins
	least := make([]float64, len(header))
	more := make([]float64, len(header))
	for c := range header {
		longest, total, counted := 0, 0, 0
		for r := -1; r < min(len(rows), 200); r++ {
			text := header[c]
			if r >= 0 {
				if c >= len(rows[r]) {
					continue
				}
				text = rows[r][c]
			}
			for _, w := range strings.Fields(text) {
				longest = max(longest, utf8.RuneCountInString(w))
			}
			total += utf8.RuneCountInString(text)
			counted++
		}
		least[c] = float64(min(longest, 14)*perChar + margins)
		more[c] = max(min(float64(total)/float64(max(counted, 1)), 60)*perChar+margins-least[c], 0)
	}
	sumLeast, sumMore := 0.0, 0.0
	for c := range header {
		sumLeast, sumMore = sumLeast+least[c], sumMore+more[c]
	}
	out := make([]int, len(header))
	for c := range header {
		switch {
		case sumLeast >= float64(width):
			out[c] = int(float64(width) * least[c] / sumLeast)
		case sumMore == 0:
			out[c] = int(least[c] + (float64(width)-sumLeast)/float64(len(header)))
		default:
			out[c] = int(least[c] + (float64(width)-sumLeast)*more[c]/sumMore)
		}
	}
	return out
}

// row writes one row of cells, one a column of the widths given.
func (d *docxBody) row(cells []string, widths []int, header bool, severityCols []int) {
	n := len(widths)
	d.b.WriteString("<w:tr>")
	if header {
		d.b.WriteString("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
	} else {
		d.b.WriteString("<w:trPr><w:cantSplit/></w:trPr>")
	}
	style := "TableText"
	if header {
		style = "TableHeading"
	}
	for i := range n {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		d.b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/>`)
		fill, ink := "", ""
		if slices.Contains(severityCols, i) {
			sev, _, _ := strings.Cut(text, " ")
			fill, ink = strings.TrimPrefix(severityFill[sev], "#"), strings.TrimPrefix(severityInk[sev], "#")
		}
		if fill != "" {
			d.b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + strings.ToUpper(fill) + `"/></w:tcPr>`)
			d.paraRuns(style, func() { d.run(text, `<w:color w:val="`+strings.ToUpper(ink)+`"/>`) })
		} else {
			d.b.WriteString(`</w:tcPr>`)
			d.para(style, text)
		}
		d.b.WriteString("</w:tc>")
	}
	d.b.WriteString("</w:tr>")
}

// figure writes a picture, as wide as it prints up to the text's width
// and no taller than most of a page, with its description for a screen
// reader.
func (d *docxBody) figure(pic picture, descr string) {
	n := len(d.images) + 1
	img := docxImage{id: "rIdImage" + strconv.Itoa(n), file: "figure" + strconv.Itoa(n) + ".png", pic: pic}
	d.images = append(d.images, img)
	at := d.figureBox()
	cx, cy := fitEMU(pic, float64(at.w), float64(at.h))
	id := strconv.Itoa(n)
	d.b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="` + cx + `" cy="` + cy + `"/>` +
		`<wp:docPr id="` + id + `" name="Figure ` + id + `" descr="` + xmlEscape(descr) + `"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="` + id + `" name="` + img.file + `"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="` + img.id + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="` + cx + `" cy="` + cy + `"/></a:xfrm>` +
		`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
}

// figureBox is the most a figure takes of the page, in EMU: the text's
// width, and most of its height, so its heading stays with it.
func (d *docxBody) figureBox() box {
	if d.landscape {
		return box{w: d.textWidth() * emuPerTwip, h: (a4Short - 2*a4Margin) * emuPerTwip * 8 / 10}
	}
	return box{w: d.textWidth() * emuPerTwip, h: (a4Long - 2*a4Margin) * emuPerTwip * 7 / 10}
}

// fitEMU is a picture's size in EMU: as it prints, shrunk to fit the box.
func fitEMU(pic picture, maxW, maxH float64) (cx, cy string) {
	w, h := pic.unitWidth*emuPerUnit, pic.unitHeight*emuPerUnit
	if w <= 0 || h <= 0 {
		w, h = maxW, maxW/2
	}
	f := min(1, maxW/w, maxH/h)
	return strconv.Itoa(int(w * f)), strconv.Itoa(int(h * f))
}

const docxDocumentStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`
