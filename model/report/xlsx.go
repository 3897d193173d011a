package report

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"time"
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
// severity (-1 for none) and which columns hold ids, which never wrap.
type sheetSpec struct {
	name, table string
	header      []string
	rows        int
	row         func(i int) []any
	severityCol int
	idCols      []int
}

// WriteWorkbook writes the register workbook: sheets Register, Findings,
// Ownership, Slices and Open questions, each with a header row carrying
// filters (an Excel table), the header frozen, columns as wide as their text
// (up to a limit), severities coloured by conditional formatting. The rows
// go to w as they are made (spliceRows), so no sheet is ever held whole.
// Every text is a string cell: a title that looks like a
// formula stays text, in any spreadsheet. Each sheet prints landscape on A4,
// fitted to the page's width, its header row on every page. The document
// properties are the session's (title, facilitator, firm, dates) and so is
// every part's time in the zip, written in a fixed order: the same session
// gives the same bytes.
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
	created, modified := workbookTimes(e)
	if err := setWorkbookProps(f, e, created, modified); err != nil {
		return err
	}
	var layout bytes.Buffer
	if err := f.Write(&layout); err != nil {
		return err
	}
	return spliceRows(w, layout.Bytes(), specs, st, modified)
}

// workbookTimes are the session's creation and last change, the export's
// time standing in for either that does not read.
func workbookTimes(e *Exported) (created, modified time.Time) {
	at := func(s string, or time.Time) time.Time {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC().Truncate(time.Second)
		}
		return or
	}
	exported := at(e.ExportedAt, time.Unix(0, 0).UTC())
	modified = at(e.Session.UpdatedAt, exported)
	return at(e.Session.CreatedAt, modified), modified
}

// setWorkbookProps sets what a spreadsheet's file properties show: the
// review as title, the facilitator as author, the firm as company, the
// session's dates.
func setWorkbookProps(f *excelize.File, e *Exported, created, modified time.Time) error {
	facilitator := oneLine(e.Session.Facilitator)
	err := f.SetDocProps(&excelize.DocProperties{
		Title:          cellText(oneLine("Risk register: " + sessionTitle(&e.Document))),
		Subject:        cellText(oneLine(e.Session.Client)),
		Creator:        cellText(facilitator),
		LastModifiedBy: cellText(facilitator),
		Created:        created.Format(time.RFC3339),
		Modified:       modified.Format(time.RFC3339),
		Language:       "en",
	})
	if err != nil {
		return err
	}
	return f.SetAppProps(&excelize.AppProperties{Application: "archreview", Company: cellText(oneLine(firmName(e.Firm)))})
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
		{name: SheetRegister, table: "Register", severityCol: 3, idCols: []int{0, 16, 17},
			header: []string{"ID", "Rank", "Score", "Severity", "Risk", "Flow", "Domain", "Impact", "Likelihood", "Revenue-critical", "Customer-visible",
				"Fix", "Owner", "Horizon", "Slice", "Status", "Ticket", "Label", "Covers", "Origin", "Flags", "Evidence"},
			rows: len(sum.Risks), row: func(i int) []any {
				r := &sum.Risks[i]
				return []any{r.ID, r.Rank, r.Score, r.Severity, r.Title, where(r.FlowName, r.Domain), r.Domain, r.Impact, r.Likelihood,
					yesNo(r.RevenueCritical), yesNo(r.CustomerVisible), r.Fix, r.Owner, string(r.Horizon), r.Slice, riskStatus(r), r.Ticket,
					review.TrackerLabel(r.ID), strings.Join(r.Covers, ", "), originLabel(r.Origin), strings.Join(r.Flags, ", "), evidenceCell(r.Evidence)}
			}},
		{name: SheetFindings, table: "Findings", severityCol: 3, idCols: []int{0},
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
		{name: SheetSlices, table: "Slices", severityCol: 4, idCols: []int{2},
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
	header, text, id int
	severity         map[string]int // conditional formats, by severity
}

// columnStyles are the styles of a sheet's columns: ids on one line, other
// text wrapped.
func (st *sheetStyles) columnStyles(spec *sheetSpec) []int {
	styles := make([]int, len(spec.header))
	for c := range styles {
		styles[c] = st.text
	}
	for _, c := range spec.idCols {
		styles[c] = st.id
	}
	return styles
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
	if st.id, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: false}}); err != nil {
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

// workbook column widths, in characters; an id column is as wide as its
// longest id and a margin, up to sheetMaxIDWidth, as a spreadsheet's font
// may draw wider than a character a character.
const (
	sheetMinWidth   = 6
	sheetMaxWidth   = 60
	sheetMaxIDWidth = 90
	sheetIDMargin   = 3
)

// printSetup is every sheet's page: A4 (size 9) landscape, as wide as one
// page and as long as it takes.
var printSetup = excelize.PageLayoutOptions{
	Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0),
}

func ptr[T any](v T) *T { return &v }

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
	// The page is set before the stream writer, which writes the sheet's
	// properties first.
	if err := f.SetSheetProps(spec.name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := f.SetPageLayout(spec.name, &printSetup); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + spec.name + "'!$1:$1", Scope: spec.name}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(spec.name)
	if err != nil {
		return err
	}
	// Set from the last column, as excelize puts each width before those
	// set already and a spreadsheet reads the columns in order.
	for c := len(width) - 1; c >= 0; c-- {
		wd, limit := width[c], sheetMaxWidth
		if slices.Contains(spec.idCols, c) {
			wd, limit = wd+sheetIDMargin, sheetMaxIDWidth
		}
		if err := sw.SetColWidth(c+1, c+1, float64(min(max(wd, sheetMinWidth), limit))); err != nil {
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
