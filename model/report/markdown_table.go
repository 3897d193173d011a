package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
)

// mdPadLimit is the widest column padded; wider ones would push every row
// off the screen for the sake of one long answer.
const mdPadLimit = 32

// spaces pads table cells without allocating.
const spaces = "                                "

// table writes a GitHub-flavoured table with its columns padded where that
// keeps the plain text readable, or the empty text when it has no rows and
// the text is not "". rows adds the rows; it is called twice, to measure
// the columns and then to write them, so a table of 50,000 risks is never
// held whole.
func (m *mdWriter) table(empty string, head []string, rows func(add func(cells ...string))) {
	width := make([]int, len(head))
	for i, h := range head {
		width[i] = max(3, utf8.RuneCountInString(h))
	}
	n := 0
	rows(func(cells ...string) {
		n++
		for i := range width {
			// A column past the limit is not padded: no need to measure on.
			if i < len(cells) && width[i] <= mdPadLimit {
				width[i] = max(width[i], utf8.RuneCountInString(mdText(cells[i])))
			}
		}
	})
	if n == 0 && empty != "" {
		m.b.WriteString(empty + "\n\n")
		return
	}
	for i := range width {
		if width[i] > mdPadLimit {
			width[i] = 0
		}
	}
	b := m.b
	cell := func(i int, c string) {
		b.WriteByte(' ')
		b.WriteString(c)
		for pad := width[i] - utf8.RuneCountInString(c); pad > 0; pad -= len(spaces) {
			b.WriteString(spaces[:min(pad, len(spaces))])
		}
		b.WriteString(" |")
	}
	b.WriteByte('|')
	for i, h := range head {
		cell(i, mdText(h))
	}
	b.WriteString("\n|")
	for i := range head {
		cell(i, strings.Repeat("-", max(3, width[i])))
	}
	b.WriteByte('\n')
	rows(func(cells ...string) {
		b.WriteByte('|')
		for i := range head {
			c := ""
			if i < len(cells) {
				c = mdText(cells[i])
			}
			cell(i, c)
		}
		b.WriteByte('\n')
	})
	b.WriteByte('\n')
}

// sanitizeText drops what a terminal or renderer would act on: control and
// direction-override characters, bytes that are not UTF-8. Tabs become
// spaces, carriage returns are dropped; line breaks stay.
func sanitizeText(s string) string { return sanitize(s, false) }

// where names what a register entry or finding is about: its flow, or the
// domain or session when it is about no one flow.
func where(flowName, domain string) string {
	switch {
	case flowName != "":
		return flowName
	case domain != "":
		return domain + " domain"
	}
	return "session"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// fieldLabel names a field path ("contract.transport") the way the app's
// screens do ("Transport"), for a reader of the pack.
func fieldLabel(path string) string {
	step, key, ok := strings.Cut(path, ".")
	if !ok {
		return path
	}
	fields := model.FlowFields
	if st, isStep := model.ParseStep(step); isStep {
		fields = model.StepFields(st)
	}
	if f, found := model.FieldByKey(fields, key); found {
		return f.Label
	}
	return path
}
