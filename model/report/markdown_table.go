package report

import (
	"bufio"
	"strconv"
	"strings"
	"unicode/utf8"

	"archreview/model"
)

// mdTable collects a GitHub-flavoured table and writes it with its columns
// padded where that keeps the plain text readable.
type mdTable struct {
	head []string
	rows [][]string
}

// mdPadLimit is the widest column padded; wider ones would push every row
// off the screen for the sake of one long answer.
const mdPadLimit = 32

func newTable(head ...string) *mdTable { return &mdTable{head: head} }

func (t *mdTable) add(cells ...string) {
	row := make([]string, len(t.head))
	for i := range row {
		if i < len(cells) {
			row[i] = mdText(cells[i])
		}
	}
	t.rows = append(t.rows, row)
}

// spaces pads table cells without allocating.
const spaces = "                                "

// write writes the table, or the empty text when it has no rows and the
// text is not "".
func (t *mdTable) write(b *bufio.Writer, empty string) {
	if len(t.rows) == 0 && empty != "" {
		b.WriteString(empty + "\n\n")
		return
	}
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = max(3, utf8.RuneCountInString(h))
	}
	for _, row := range t.rows {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for i := range width {
		if width[i] > mdPadLimit {
			width[i] = 0
		}
	}
	writeRow := func(cells []string) {
		b.WriteByte('|')
		for i, c := range cells {
			b.WriteByte(' ')
			b.WriteString(c)
			for pad := width[i] - utf8.RuneCountInString(c); pad > 0; pad -= len(spaces) {
				b.WriteString(spaces[:min(pad, len(spaces))])
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
	}
	head := make([]string, len(t.head))
	rule := make([]string, len(t.head))
	for i, h := range t.head {
		head[i] = mdText(h)
		rule[i] = strings.Repeat("-", max(3, width[i]))
	}
	writeRow(head)
	writeRow(rule)
	for _, row := range t.rows {
		writeRow(row)
	}
	b.WriteByte('\n')
}

// sanitizeText drops what a terminal or renderer would act on: control and
// direction-override characters, bytes that are not UTF-8. Tabs become
// spaces, carriage returns are dropped; line breaks stay.
func sanitizeText(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if clean && r != '\n' && model.IsTerminalControl(r) {
			clean = false
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case model.IsTerminalControl(r):
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
