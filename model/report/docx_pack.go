package report

import (
	"bytes"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// HeadingTargetState heads the target-state map in the Word document and
// the slides.
const HeadingTargetState = "Target state"

// docxChapters are the Word document's parts after its contents, in order:
// the HTML pack's, with the target-state map after the current one.
func docxChapters(v *packView) []string {
	var out []string
	for _, h := range v.Headings {
		out = append(out, h)
		if h == HeadingSystems {
			out = append(out, HeadingTargetState)
		}
	}
	return out
}

// figure draws one part of the pack as a picture to fit the box (in EMU),
// at 300 dots an inch as it prints there: a large map shrunk to the page
// is drawn at fewer pixels a unit than a small heat map.
func figure(e *Exported, part string, at box) (picture, error) {
	p, err := LookupPart(part)
	if err != nil {
		return picture{}, err
	}
	svg := partSVG(p, e)
	w, h := svgSize(svgRootAttrs(svg))
	shrink := min(1, float64(at.w)/(w*emuPerUnit), float64(at.h)/(h*emuPerUnit))
	// In steps of a sixteenth, so a figure drawn for the page once is
	// found again; a very large map may come out under a pixel a unit.
	scale := max(1.0/16, math.Ceil(printScale*shrink*16)/16)
	return drawPicture(svg, scale)
}

// writeDOCXPack lays the pack out in the document's body.
func writeDOCXPack(d *docxBody, e *Exported, v *packView) error {
	sum := v.Sum
	docxCover(d, v, e.Firm)
	d.newPage(false)
	d.para("TOCHeading", HeadingContents) // not a part: the contents do not list themselves
	docxContents(d, docxChapters(v))

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

	if v.ChangesTitle != "" {
		d.chapter(v.ChangesTitle, false)
		if len(v.Changes) > 0 {
			d.para("Headline", v.ChangesHeadline)
			rows := make([][]string, len(v.ChangesTable))
			for i, r := range v.ChangesTable {
				rows[i] = []string{r.What, r.Count}
			}
			d.table([]string{"What changed", "How many"}, rows)
		} else {
			d.para("", "Nothing in the flows, answers, risks, domain decisions or findings changed.")
		}
		for _, c := range v.Changes {
			d.heading(2, c.Heading)
			d.bullets(c.Lines)
		}
	}

	for _, m := range []struct{ heading, part, caption string }{
		{HeadingSystems, PartMap, v.MapCaption},
		{HeadingTargetState, PartTarget, targetCaption(&sum.TargetState)},
	} {
		d.chapter(m.heading, true)
		d.para("", m.caption)
		pic, err := figure(e, m.part, d.figureBox())
		if err != nil {
			return err
		}
		d.figure(pic, m.heading)
		d.para("Caption", "Systems grouped by kind in three lanes: the channels customers buy in, what moves the data, the back office. An arrow's colour, weight and label give the flow's worst open risk.")
		if m.part == PartMap {
			d.heading(2, "Systems on the map")
			items := make([]string, len(v.Systems))
			for i, s := range v.Systems {
				items[i] = s.Name + " (" + s.Kind + ", " + s.Flows + ")"
				if s.Notes != "" {
					items[i] += ": " + s.Notes
				}
			}
			d.bullets(items)
		} else {
			docxTarget(d, &sum.TargetState)
		}
	}

	d.chapter(HeadingHeatMap, false)
	d.para("", "Open risks by impact and likelihood; each cell has the band of its score (impact × likelihood) and the number of open risks in it.")
	pic, err := figure(e, PartHeatMap, d.figureBox())
	if err != nil {
		return err
	}
	d.figure(pic, HeadingHeatMap)

	docxRegister(d, v)
	d.chapter(HeadingAssumptions, false)
	d.para("", v.AssumptionsIntro)
	for _, a := range v.Assumptions {
		rows := make([][]string, len(a.Rows))
		for i, r := range a.Rows {
			rows[i] = []string{r.Label, r.Value}
		}
		d.table([]string{a.By, a.Title}, rows)
	}
	docxSourceOfTruth(d, sum)
	docxFindings(d, v)
	docxOwnership(d, v)
	docxDecisions(d, sum)
	if err := docxRoadmap(d, e, v); err != nil {
		return err
	}
	docxCoverage(d, v)
	docxAppendix(d, &e.Document)
	return nil
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

// targetCaption says in a sentence what the target map leaves out.
func targetCaption(ts *review.TargetState) string {
	gone := 0
	for _, s := range ts.Systems {
		if !s.Stays {
			gone++
		}
	}
	s := "The map once every system's target is reached: " + plural(gone, "system leaves", "systems leave") + ", their flows through what takes their place."
	switch {
	case ts.Undecided == 1:
		s += " 1 system has no target yet and stays as it is."
	case ts.Undecided > 1:
		s += " " + strconv.Itoa(ts.Undecided) + " systems have no target yet and stay as they are."
	}
	return s
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

func docxTarget(d *docxBody, ts *review.TargetState) {
	d.heading(2, "What becomes of each system")
	d.table([]string{"System", "Target", "Replaced by", "When"}, targetRows(ts))
	if len(ts.Orphaned) > 0 {
		d.heading(2, "Flows left without an end")
		items := make([]string, len(ts.Orphaned))
		for i, o := range ts.Orphaned {
			items[i] = oneLine(o.FlowName) + " (" + strings.Join(o.Ends, " and ") + ")"
		}
		d.bullets(items)
	}
}
