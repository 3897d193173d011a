package report

import (
	"strconv"
	"strings"
)

// Slide titles of the steering deck, in order.
const (
	SlideNextSteps = "Next steps"
	slideTopRisks  = "Heat map and the top risks"
)

// topRisksShown is how many open risks the heat map's slide lists.
const topRisksShown = 5

// body is the slide's area under its title.
var body = box{slideMargin, bodyTop, slideW - 2*slideMargin, slideH - bodyTop - slideMargin}

// buildDeck lays out the steering deck's slides.
func buildDeck(k *pptxDeck, e *Exported, v *packView) error {
	sum := v.Sum
	x := v.Executive
	c := v.Cover

	s := k.slide(c.Title)
	s.textBox("Subtitle", box{slideMargin, bodyTop + 228600, body.w, 2286000}, []paragraph{
		{runs: []textRun{{text: c.Client, size: 24, bold: true, color: k.accent}}},
		{runs: []textRun{{text: v.Subtitle, size: 20, color: "546E7A"}}},
		{runs: []textRun{{text: "Version " + c.Version + " · " + c.Date + " · prepared by " + c.PreparedBy, size: 16}}},
		{runs: []textRun{{text: c.Confidentiality, size: 14, bold: true, color: "B71C1C"}}},
	})
	if pic, ok := logoPicture(e.Firm); ok {
		s.picture(k, pic, "Logo of "+v.FirmName, box{slideW - slideMargin - 1828800, slideH - slideMargin - 914400, 1828800, 914400})
	}

	s = k.slide(HeadingExecutive)
	s.textBox("Headline and key messages", body, append([]paragraph{{runs: []textRun{{text: x.Headline, size: 22, bold: true}}}}, lines(x.Messages, 18, true)...))

	s = k.slide(headingDecisionsNeeded)
	if len(x.Decisions) == 0 {
		s.textBox("Decisions", body, lines([]string{"The room asked no decision of anyone."}, 20, false))
	} else {
		rows := make([][]string, len(x.Decisions))
		for i, l := range x.Decisions {
			rows[i] = []string{clip(l.Who, 60), clip(l.What, 160), l.By, clip(l.Recommendation, 140)}
		}
		at := body
		if x.MoreDecisions > 0 {
			at.h -= 457200
			s.textBox("More decisions", box{body.x, body.y + at.h + 91440, body.w, 365760}, lines([]string{"And " + strconv.Itoa(x.MoreDecisions) + " more in the decision list of the pack."}, 14, false))
		}
		s.table("Decisions asked", k.accent, at, []string{"Who", "What", "By when", "Our recommendation"}, rows, []int{3, 6, 2, 5})
	}

	s = k.slide(headingCostOfNothing)
	s.table("Doing nothing against the plan", k.accent, body, []string{"Course", "Effort", "When", "Removes a year", "Expected loss a year left"}, costRows(x.Cost), []int{3, 2, 3, 3, 3})

	doc := &e.Document
	for _, m := range []struct {
		title, part, caption string
		graph                func() *mapGraph
		draw                 func(*mapGraph, string) mapDrawing
	}{
		{HeadingSystems, PartMap, v.MapCaption, func() *mapGraph { return buildMap(doc, sum) }, currentSheetDrawing},
		{HeadingTargetMap, PartTarget, targetCaption(sum), func() *mapGraph { return buildTargetMap(doc, sum) }, targetDrawing},
	} {
		s = k.slide(m.title)
		if m.part == PartTarget && !hasTargets(doc) {
			s.textBox("Target state", body, lines([]string{"The room has not decided yet what becomes of any system: the target state is today's map.",
				"Deciding which systems stay, go or are replaced is a next step."}, 20, false))
			continue
		}
		// The map's first page as the packs have it: the whole map, or past
		// a page's worth of systems its overview by kind.
		var first *mapSheet
		mapSheets(m.graph(), m.title, m.part, m.draw, func(sh mapSheet) {
			if first == nil {
				first = &sh
			}
		})
		if first == nil {
			continue // no page at all: nothing to draw
		}
		at := body
		at.h -= 365760
		pic, err := fitPicture(drawingSVG(first.drawing), at)
		if err != nil {
			return err
		}
		s.picture(k, pic, m.title, at)
		s.textBox("Caption", box{body.x, body.y + at.h + 45720, body.w, 320040}, lines([]string{m.caption + sheetNote(*first)}, 12, false))
	}

	s = k.slide(slideTopRisks)
	half := body.w * 9 / 20
	heat := box{body.x, body.y, half, body.h}
	pic, err := figure(e, PartHeatMap, heat)
	if err != nil {
		return err
	}
	s.picture(k, pic, HeadingHeatMap, heat)
	var top [][]string
	for i := range sum.Risks {
		r := &sum.Risks[i]
		if r.Status.Closed() || len(top) == topRisksShown {
			continue
		}
		top = append(top, []string{r.Number, clip(r.Title, 90), r.Severity + " " + strconv.Itoa(r.Score), clip(orDash(r.Owner), 40)})
	}
	right := box{body.x + half + 228600, body.y, body.w - half - 228600, body.h}
	if len(top) == 0 {
		s.textBox("Top risks", right, lines([]string{"No open risk."}, 18, false))
	} else {
		right.h = min(right.h, 457200*(len(top)+1))
		s.table("Top risks", k.accent, right, []string{"#", "Risk", "Severity", "Owner"}, top, []int{1, 6, 2, 3})
	}

	s = k.slide(HeadingRoadmap)
	if len(v.Roadmap) == 0 {
		s.textBox("Roadmap", body, lines([]string{"Nothing to deliver yet."}, 20, false))
	} else {
		chart := box{body.x, body.y, body.w, body.h / 2}
		pic, err := figure(e, PartRoadmap, chart)
		if err != nil {
			return err
		}
		s.picture(k, pic, "Roadmap timeline", chart)
		rows := make([][]string, len(v.Roadmap))
		for i, l := range v.Roadmap {
			rows[i] = []string{l.Phase, l.Slice, l.Dates, l.Days, clip(orDash(strings.Join(l.Risks, ", ")), 60)}
		}
		s.table("Roadmap", k.accent, box{body.x, body.y + chart.h + 91440, body.w, body.h - chart.h - 91440}, []string{"When", "Slice", "Dates", "Person-days", "Risks"}, rows, []int{2, 2, 4, 2, 4})
	}

	s = k.slide(SlideNextSteps)
	s.textBox("Next steps", body, lines(nextSteps(v), 18, true))
	return nil
}

// nextSteps are what the steering group is asked to set going: the
// decisions it owes, the first slice, the findings still to confirm.
func nextSteps(v *packView) []string {
	var out []string
	for i, d := range v.Executive.Decisions {
		if i == 3 {
			break
		}
		step := d.Who + " decides"
		if d.By != "-" {
			step += " by " + d.By
		}
		out = append(out, step+": "+clip(d.What, 120))
	}
	if len(v.Roadmap) > 0 {
		l := v.Roadmap[0]
		step := "Start " + strings.ToLower(l.Slice[:1]) + l.Slice[1:]
		if l.Dates != "-" {
			step += " (" + l.Dates + ")"
		}
		if len(l.Risks) > 0 {
			step += ": " + strings.Join(l.Risks, ", ")
		}
		if len(l.Owners) > 0 {
			step += ", with " + strings.Join(l.Owners, ", ")
		}
		out = append(out, clip(step, 200))
	}
	if n := len(v.ToConfirm); n > 0 {
		out = append(out, "The review team confirms the "+plural(n, "finding", "findings")+" the review's rules raised")
	}
	if !v.Dated && len(v.Roadmap) > 0 {
		out = append(out, "Set the roadmap's start date, so the slices have dates")
	}
	return append(out, "Agree the owners and the date of the next review")
}

// clip cuts a text for a slide at a word, at most n characters with the
// ellipsis; the pack has it whole.
func clip(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); r[n-1] != ' ' && i > n/2 { // a word cut in two goes
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
