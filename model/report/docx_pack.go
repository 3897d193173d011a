package report

import (
	"bufio"
	"bytes"
	"errors"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// figure draws one part of the pack as a picture to fit the box (in EMU).
func figure(e *Exported, part string, at box) (picture, error) {
	p, err := LookupPart(part)
	if err != nil {
		return picture{}, err
	}
	return fitPicture(partSVG(p, e), at)
}

// fitPicture draws an SVG figure to fit the box (in EMU), at 300 dots an
// inch as it prints there: a large map shrunk to the page is drawn at
// fewer pixels a unit than a small heat map.
func fitPicture(svg []byte, at box) (picture, error) {
	w, h := svgSize(svgRootAttrs(svg))
	shrink := min(1, float64(at.w)/(w*emuPerUnit), float64(at.h)/(h*emuPerUnit))
	// In steps of a sixteenth, so a figure drawn for the page once is
	// found again; a very large map may come out under a pixel a unit.
	scale := max(1.0/16, math.Ceil(printScale*shrink*16)/16)
	return drawPicture(svg, scale)
}

// drawingSVG is one map drawing's SVG.
func drawingSVG(m mapDrawing) []byte {
	var out bytes.Buffer
	b := bufio.NewWriter(&out)
	drawMap(b, m)
	_ = b.Flush() // a bytes.Buffer takes every byte
	return out.Bytes()
}

// writeDOCXPack lays the pack out in the document's body: the cover, the
// contents, then the pack's sections in the packs' one order.
func writeDOCXPack(d *docxBody, e *Exported, v *packView) error {
	doc, sum := &e.Document, v.Sum
	headings := packHeadings(doc, sum, e.Changes, wholePack)
	docxCover(d, v, e.Firm)
	d.newPage(false)
	d.para("TOCHeading", HeadingContents) // not a part: the contents do not list themselves
	docxContents(d, headings)
	var err error
	sections := map[string]func(){
		HeadingExecutive: func() { docxExecutive(d, v) },
		HeadingSystems: func() {
			err = docxMaps(d, v, buildMap(doc, sum), HeadingSystems, "map", currentSheetDrawing, v.MapCaption)
		},
		HeadingTargetMap: func() {
			err = docxMaps(d, v, buildTargetMap(doc, sum), HeadingTargetMap, "target", targetDrawing, targetCaption(sum))
		},
		HeadingHeatMap:       func() { err = docxHeatMap(d, e) },
		HeadingRegister:      func() { docxRegister(d, v) },
		HeadingAssumptions:   func() { docxAssumptions(d, v) },
		HeadingSourceOfTruth: func() { docxSourceOfTruth(d, sum) },
		HeadingPatterns:      func() { docxPatterns(d, sum) },
		HeadingOwnership:     func() { docxOwnership(d, v) },
		HeadingDecisions:     func() { docxDecisions(d, sum) },
		HeadingDelivery:      func() { docxDelivery(d, v) },
		HeadingRoadmap:       func() { err = docxRoadmap(d, e, v) },
		HeadingCoverage:      func() { docxCoverage(d, v) },
		HeadingQuestions:     func() { docxQuestions(d, sum) },
		HeadingScoring:       func() { docxScoring(d, v) },
		HeadingAnnexFindings: func() { docxFindings(d, v) },
		HeadingAppendix:      func() { docxAppendix(d, doc) },
	}
	if e.Changes != nil {
		sections[ChangesTitle(e.Changes)] = func() { docxChanges(d, e) }
	}
	for _, h := range headings {
		write, ok := sections[h]
		if !ok {
			return errors.New("the Word document has no layout for the pack's section " + strconv.Quote(h))
		}
		if write(); err != nil {
			return err
		}
	}
	return nil
}

func docxExecutive(d *docxBody, v *packView) {
	d.chapter(HeadingExecutive, false)
	x := v.Executive
	d.para("Headline", x.Headline)
	d.bullets(x.Messages)
	d.heading(2, headingDecisionsNeeded)
	if len(x.Decisions) > 0 {
		rows := make([][]string, len(x.Decisions))
		for i, l := range x.Decisions {
			rows[i] = []string{l.Who, l.What, l.By, l.Recommendation}
		}
		d.table([]string{"Who", "What", "By when", "Our recommendation"}, rows)
		if x.MoreDecisions > 0 {
			d.para("Muted", "And "+strconv.Itoa(x.MoreDecisions)+" more in the decision list.")
		}
	} else {
		d.para("", "The room asked no decision of anyone.")
	}
	d.heading(2, headingCostOfNothing)
	d.table([]string{"Course", "Effort", "When", "Removes a year", "Expected loss a year left"}, costRows(x.Cost))
}

func docxChanges(d *docxBody, e *Exported) {
	c := e.Changes
	d.chapter(ChangesTitle(c), false)
	sections := ChangeSections(c)
	if len(sections) == 0 {
		d.para("", "Nothing in the flows, answers, risks, domain decisions or findings changed.")
		return
	}
	d.para("Headline", ChangesHeadline(c))
	table := ChangesTable(c)
	rows := make([][]string, len(table))
	for i, r := range table {
		rows[i] = []string{r.What, r.Count}
	}
	d.table([]string{"What changed", "How many"}, rows)
	for _, s := range sections {
		d.heading(2, s.Heading)
		d.bullets(s.Lines)
	}
}

// docxMapPages is how many pages of a map past its overview the Word
// document draws: a review of thousands of flows has hundreds of domain
// pages, each a picture, which the HTML pack draws as it goes and a Word
// document would carry as hundreds of megabytes.
const docxMapPages = 24

// docxMaps writes a map's chapter on landscape pages: the map, or past a
// page's worth of systems an overview by kind, the flows between kinds
// and a page for each domain; then the systems (the current map) or what
// becomes of each system (the target map).
func docxMaps(d *docxBody, v *packView, g *mapGraph, heading, id string, draw func(*mapGraph, string) mapDrawing, caption string) error {
	var err error
	var left []string // the pages past docxMapPages, by heading
	pages := 0
	mapSheets(g, heading, id, draw, func(s mapSheet) {
		if err != nil {
			return
		}
		if s.heading != heading {
			if pages++; pages > docxMapPages {
				left = append(left, strings.TrimPrefix(s.heading, heading+": "))
				return
			}
		}
		if s.heading == heading {
			d.chapter(heading, true)
			d.para("", caption+sheetNote(s))
		} else {
			d.newPage(true)
			d.heading(2, s.heading)
			d.para("", s.caption)
		}
		var pic picture
		if pic, err = fitPicture(drawingSVG(s.drawing), d.figureBox()); err != nil {
			return
		}
		d.figure(pic, s.heading)
		if s.overview {
			d.heading(2, "Flows between kinds of system")
			var rows [][]string
			for _, k := range overviewTable(s.drawing.g) {
				rows = append(rows, []string{k.A, k.B, strconv.Itoa(k.Flows), k.Worst})
			}
			d.table([]string{"Kind", "Kind", "Flows", "Worst open risk"}, rows)
		}
	})
	if err != nil {
		return err
	}
	if len(left) > 0 {
		d.newPage(true)
		d.para("", "The HTML pack draws "+plural(len(left), "more page", "more pages")+" of this map, one for each of: "+strings.Join(left, "; ")+".")
	}
	if heading == HeadingSystems {
		d.heading(2, "Systems on the map")
		items := make([]string, len(v.Systems))
		for i, s := range v.Systems {
			items[i] = s.Name + " (" + s.Kind + ", " + s.Flows + ")"
			if s.Notes != "" {
				items[i] += ": " + s.Notes
			}
		}
		d.bullets(items)
		return nil
	}
	ts := &v.Sum.TargetState
	d.heading(2, "What becomes of each system")
	d.table([]string{"System", "Target", "Replaced by", "When"}, targetRows(ts))
	if orphaned := orphanedLines(v.Doc, v.Sum); len(orphaned) > 0 {
		d.heading(2, "Flows left without an end")
		d.bullets(orphaned)
	}
	return nil
}

func docxHeatMap(d *docxBody, e *Exported) error {
	d.chapter(HeadingHeatMap, false)
	d.para("", "Open risks by impact and likelihood; each cell has the band of its score (impact × likelihood) and the number of open risks in it.")
	pic, err := figure(e, PartHeatMap, d.figureBox())
	if err != nil {
		return err
	}
	d.figure(pic, HeadingHeatMap)
	return nil
}

func docxAssumptions(d *docxBody, v *packView) {
	d.chapter(HeadingAssumptions, false)
	d.para("", v.AssumptionsIntro)
	for _, a := range v.Assumptions {
		rows := make([][]string, len(a.Rows))
		for i, r := range a.Rows {
			rows[i] = []string{r.Label, r.Value}
		}
		d.table([]string{a.By, a.Title}, rows)
	}
}

func costRows(cost []costLine) [][]string {
	rows := make([][]string, len(cost))
	for i, c := range cost {
		rows[i] = []string{c.Course, c.Effort, c.When, c.Removes, c.Left}
	}
	return rows
}

// docxCover writes the cover and its document control on the first page.
func docxCover(d *docxBody, v *packView, firm *Firm) {
	c := v.Cover
	if pic, ok := logoPicture(firm); ok {
		d.figure(pic, "Logo of "+v.FirmName)
	}
	d.para("Client", c.Client)
	d.para("Title", c.Title)
	d.para("Subtitle", v.Subtitle)
	participants := "-"
	if len(v.Session.Participants) > 0 {
		participants = strings.Join(v.Session.Participants, ", ")
	}
	d.labelled([]fact{{"Version", c.Version}, {"Date", c.Date}, {"Prepared by", c.PreparedBy}, {"Participants", participants}})
	d.para("Confidential", c.Confidentiality)
	d.heading(2, "Document control")
	d.heading(3, "Distribution")
	if len(c.Distribution) > 0 {
		d.bullets(c.Distribution)
	} else {
		d.para("Muted", "No distribution list.")
	}
	d.heading(3, "Version history")
	if len(c.History) > 0 {
		rows := make([][]string, len(c.History))
		for i, h := range c.History {
			rows[i] = []string{h.Version, h.Date, h.Note}
		}
		d.table([]string{"Version", "Date", "Note"}, rows)
	} else {
		d.para("Muted", "No earlier versions.")
	}
}

// logoPicture is the firm's logo as a picture, at most 5 cm wide: a PNG
// as it is, an SVG drawn here; none when it does not draw.
func logoPicture(f *Firm) (picture, bool) {
	if f == nil || len(f.LogoData) == 0 || logoKind(f.Logo) != f.LogoType {
		return picture{}, false
	}
	var pic picture
	if f.LogoType == "image/png" {
		cfg, err := png.DecodeConfig(bytes.NewReader(f.LogoData))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			return picture{}, false
		}
		pic = picture{png: f.LogoData, width: cfg.Width, height: cfg.Height, unitWidth: float64(cfg.Width), unitHeight: float64(cfg.Height)}
	} else {
		var err error
		if pic, err = drawPicture(f.LogoData, printScale); err != nil {
			return picture{}, false
		}
	}
	const widest = 190 // units: 5 cm
	if pic.unitWidth > widest {
		pic.unitHeight, pic.unitWidth = pic.unitHeight*widest/pic.unitWidth, widest
	}
	return pic, true
}

// docxContents is Word's table of contents field, filled with the parts'
// headings so it reads before anyone updates it (F9 in Word adds the
// page numbers).
func docxContents(d *docxBody, chapters []string) {
	for i, h := range chapters {
		d.b.WriteString(`<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>`)
		if i == 0 {
			d.b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-1" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
		}
		d.run(h, "")
		if i == len(chapters)-1 {
			d.b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
		}
		d.b.WriteString("</w:p>")
	}
}

// targetActions words each target action for the client.
var targetActions = map[model.TargetAction]string{
	model.TargetKeep: "keep", model.TargetRetire: "retire", model.TargetReplace: "replace", model.TargetIntroduce: "introduce", "": "not decided",
}

// targetRows are the target state's systems as table rows: system, what
// becomes of it, by what, in which slice.
func targetRows(ts *review.TargetState) [][]string {
	rows := make([][]string, len(ts.Systems))
	for i, s := range ts.Systems {
		action := targetActions[s.Action]
		if action == "" {
			action = string(s.Action)
		}
		slice := "-"
		if s.Slice > 0 {
			slice = "Slice " + strconv.Itoa(s.Slice)
		}
		rows[i] = []string{orDash(oneLine(s.Name)), action, orDash(oneLine(s.ByName)), slice}
	}
	return rows
}
