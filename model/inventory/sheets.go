package inventory

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// parseCSV reads a CSV file as one sheet; the separator is the one its
// header row uses most (a comma, a semicolon or a tab).
func parseCSV(b *builder, data []byte, opt Options) error {
	if opt.Sheet != "" {
		return errors.New("is a CSV file, which is one sheet; --sheet picks a sheet of a workbook or a page of a diagram")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("line %d cannot be read as CSV: %v", pe.Line, pe.Err)
		}
		return err
	}
	return b.readSheets([]sheet{{name: "the header row", rows: rows, at: func(n int) string { return fmt.Sprintf("row %d", n) }}}, opt)
}

func separator(data []byte) rune {
	header, _, _ := bytes.Cut(data, []byte("\n"))
	best, most := ',', bytes.Count(header, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if n := bytes.Count(header, []byte(string(c))); n > most {
			best, most = c, n
		}
	}
	return best
}

// maxZipEntries bounds the parts of a workbook; a real one has tens.
const maxZipEntries = 10_000

// parseXLSX reads every sheet of a workbook, or the one --sheet names.
// What the workbook says it unpacks to is checked before anything is
// unpacked, and the zip reader refuses an entry larger than it said.
func parseXLSX(b *builder, data []byte, opt Options) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return errors.New("is not an xlsx workbook that can be read (a damaged zip)")
	}
	if len(zr.File) > maxZipEntries {
		return fmt.Errorf("holds %d parts, more than any workbook; it is not imported", len(zr.File))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnpackedBytes {
			return fmt.Errorf("unpacks to over %d MB (%s alone is %d MB); a workbook that size is not an inventory, or is a zip bomb", maxUnpackedBytes>>20, f.Name, f.UncompressedSize64>>20)
		}
	}
	// Both limits the same: excelize then never spills a sheet to a
	// temporary file.
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnpackedBytes, UnzipXMLSizeLimit: maxUnpackedBytes})
	if err != nil {
		return fmt.Errorf("is not an xlsx workbook that can be read: %v", err)
	}
	defer wb.Close()
	names := wb.GetSheetList()
	if opt.Sheet != "" {
		found := ""
		for _, n := range names {
			if nameKey(n) == nameKey(opt.Sheet) {
				found = n
			}
		}
		if found == "" {
			return fmt.Errorf("has no sheet %q; its sheets are %q", opt.Sheet, names)
		}
		names = []string{found}
	}
	var sheets []sheet
	for _, n := range names {
		rows, err := wb.GetRows(n)
		if err != nil {
			return fmt.Errorf("sheet %s cannot be read: %v", n, err)
		}
		sheets = append(sheets, sheet{name: "sheet " + n, rows: rows, at: func(r int) string { return fmt.Sprintf("row %d of %s", r, n) }})
	}
	return b.readSheets(sheets, opt)
}
