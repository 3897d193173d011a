package report

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"

	"github.com/xuri/excelize/v2"
)

// Workbook sheet names, in the order the workbook has them.
const (
	SheetRegister  = "Register"
	SheetFindings  = "Findings"
	SheetOwnership = "Ownership"
	SheetSlices    = "Slices"
	SheetQuestions = "Open questions"
)

// WorkbookSheets lists the workbook's sheets.
var WorkbookSheets = []string{SheetRegister, SheetFindings, SheetOwnership, SheetSlices, SheetQuestions, SheetEvidence}

// sheetSpec is one sheet: its header, its rows, which column holds a
// severity (-1 for none) and which columns wrap long text.
type sheetSpec struct {
	name, table string
	header      []string
	rows        int
	row         func(i int) []any
	severityCol int
}

// WriteWorkbook writes the register workbook: sheets Register, Findings,
// Ownership, Slices and Open questions, each with a header row carrying
// filters (an Excel table), the header frozen, columns as wide as their text
// (up to a limit), severities coloured by conditional formatting. The rows
// go to w as they are made (spliceRows), so no sheet is ever held whole.
// Every text is a string cell: a title that looks like a
// formula stays text, in any spreadsheet.
func WriteWorkbook(w io.Writer, e *Exported) error {
	sum := summaryOf(e)
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetRegister); err != nil {
		return err
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	specs := workbookSheets(&e.Document, sum)
	for _, spec := range specs {
		if err := layOutSheet(f, st, spec); err != nil {
			return err
		}
	}
	var layout bytes.Buffer
	if err := f.Write(&layout); err != nil {
		return err
	}
	return spliceRows(w, layout.Bytes(), specs, st.text)
}

func workbookSheets(d *model.Document, sum *review.Summary) []sheetSpec {
	labels := map[string]string{}
	for _, fd := range model.StepFields(model.StepOwner) {
		labels[fd.Key] = fd.Label
	}
	var slices []review.SliceItem
	var sliceOf []int
	for _, s := range sum.Slices {
		for _, item := range s.Risks {
			slices = append(slices, item)
			sliceOf = append(sliceOf, s.Slice)
		}
	}
	return []sheetSpec{
		{name: SheetRegister, table: "Register", severityCol: 3,
			header: []string{"ID", "Rank", "Score", "Severity", "Risk", "Flow", "Domain", "Impact", "Likelihood", "Revenue-critical", "Customer-visible",
				"Fix", "Owner", "Horizon", "Slice", "Status", "Ticket", "Covers", "Origin", "Flags", "Evidence"},
			rows: len(sum.Risks), row: func(i int) []any {
				r := &sum.Risks[i]
				return []any{r.ID, r.Rank, r.Score, r.Severity, r.Title, where(r.FlowName, r.Domain), r.Domain, r.Impact, r.Likelihood,
					yesNo(r.RevenueCritical), yesNo(r.CustomerVisible), r.Fix, r.Owner, string(r.Horizon), r.Slice, riskStatus(r), r.Ticket,
					strings.Join(r.Covers, ", "), originLabel(r.Origin), strings.Join(r.Flags, ", "), evidenceCell(r.Evidence)}
			}},
		{name: SheetFindings, table: "Findings", severityCol: 3,
			header: []string{"Key", "Status", "Score", "Severity", "Finding", "Flow", "Domain", "Message", "Suggested fix", "Covered by", "Reason"},
			rows:   len(sum.Findings), row: func(i int) []any {
				f := &sum.Findings[i]
				return []any{f.Key, f.Status, f.Score, f.Severity, f.Title, where(f.FlowName, f.Domain), f.Domain, f.Message, f.Fix, f.CoveredBy, f.Reason}
			}},
		{name: SheetOwnership, table: "Ownership", severityCol: -1,
			header: []string{"Flow", labels["flow_owner"], labels["failures"], labels["retries"], labels["dashboards"], labels["runbooks"], labels["release_handoff"], "Gaps"},
			rows:   len(sum.Ownership), row: func(i int) []any {
				o := &sum.Ownership[i]
				gaps := make([]string, len(o.Gaps))
				for k, g := range o.Gaps {
					gaps[k] = labels[g]
				}
				return []any{o.FlowName, o.FlowOwner, o.Failures, o.Retries, o.Dashboards, o.Runbooks, o.ReleaseHandoff, strings.Join(gaps, ", ")}
			}},
		{name: SheetSlices, table: "Slices", severityCol: 4,
			header: []string{"Slice", "Register #", "ID", "Risk", "Severity", "Placed"},
			rows:   len(slices), row: func(i int) []any {
				placed := "by the summary"
				if slices[i].ByHand {
					placed = "by hand"
				}
				return []any{sliceOf[i], slices[i].RegisterRank, slices[i].Risk, slices[i].Title, slices[i].Severity, placed}
			}},
		{name: SheetQuestions, table: "OpenQuestions", severityCol: -1,
			header: []string{"#", "Question", "Flow", "Step", "Ask", "Answer", "Answered"},
			rows:   len(sum.OpenQuestions), row: func(i int) []any {
				q := &sum.OpenQuestions[i]
				return []any{i + 1, q.Question, q.FlowName, q.Step, q.Ask, q.Answer, yesNo(q.Answered)}
			}},
		evidenceSheet(d),
	}
}

// sheetStyles are the workbook's cell styles.
type sheetStyles struct {
	header, text int
	severity     map[string]int // conditional formats, by severity
}

func newSheetStyles(f *excelize.File) (*sheetStyles, error) {
	st := &sheetStyles{severity: map[string]int{}}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return nil, err
	}
	if st.text, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return nil, err
	}
	// In the bands' order, so the same session gives the same workbook.
	for _, band := range review.SeverityBands {
		sev, fill := band.Severity, severityFill[band.Severity]
		id, err := f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: strings.TrimPrefix(severityInk[sev], "#"), Bold: sev == review.SeverityCritical},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{strings.TrimPrefix(fill, "#")}},
		})
		if err != nil {
			return nil, err
		}
		st.severity[sev] = id
	}
	return st, nil
}

// workbook column widths, in characters.
const (
	sheetMinWidth = 6
	sheetMaxWidth = 60
)

// layOutSheet lays out one sheet but for its rows: widths from a pass over
// its rows, the header, frozen, the filter table and the severity colours
// over the rows to come (spliceRows writes them).
func layOutSheet(f *excelize.File, st *sheetStyles, spec sheetSpec) error {
	if spec.name != SheetRegister {
		if _, err := f.NewSheet(spec.name); err != nil {
			return err
		}
	}
	width := make([]int, len(spec.header))
	for c, h := range spec.header {
		width[c] = utf8.RuneCountInString(h) + 3 // room for the filter button
	}
	for i := range spec.rows {
		for c, v := range spec.row(i) {
			if s, ok := v.(string); ok {
				longest := 0
				for _, line := range strings.Split(s, "\n") {
					longest = max(longest, utf8.RuneCountInString(line))
				}
				width[c] = max(width[c], longest+1)
			}
		}
	}
	sw, err := f.NewStreamWriter(spec.name)
	if err != nil {
		return err
	}
	for c, wd := range width {
		if err := sw.SetColWidth(c+1, c+1, float64(min(max(wd, sheetMinWidth), sheetMaxWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(spec.header))
	for c, h := range spec.header {
		head[c] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(spec.header), max(spec.rows+1, 2))
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: spec.table, StyleName: "TableStyleLight1"}); err != nil {
		return err
	}
	if spec.severityCol >= 0 && spec.rows > 0 {
		col, _ := excelize.ColumnNumberToName(spec.severityCol + 1)
		var rules []excelize.ConditionalFormatOptions
		for _, band := range review.SeverityBands {
			format := st.severity[band.Severity]
			rules = append(rules, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: `"` + band.Severity + `"`, Format: &format})
		}
		if err := f.SetConditionalFormat(spec.name, col+"2:"+col+itoa(spec.rows+1), rules); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// excelCellLimit is the most characters a spreadsheet cell holds.
const excelCellLimit = 32767

// cellText is text as a workbook cell keeps it: control characters (which
// XML cannot carry) dropped, line breaks kept, cut to what a cell holds.
func cellText(s string) string {
	s = sanitizeText(s)
	if utf8.RuneCountInString(s) > excelCellLimit {
		s = string([]rune(s)[:excelCellLimit-1]) + "…"
	}
	return s
}
