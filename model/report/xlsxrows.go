package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The workbook's rows go straight into the file as they are made. excelize
// lays out the workbook (styles, widths, frozen header, filter tables,
// severity colours) with each sheet's header row only; spliceRows then
// copies that workbook to w part by part, writing every sheet's rows into it
// where its sheet data ends. excelize's stream writer would keep up to 16 MB
// of each sheet in memory until the file is written, and the file itself
// whole, with the rest of each sheet in a temporary file of client text.

// spliceRows copies the laid-out workbook to w with each sheet's rows, its
// parts in partOrder and every part dated modified: excelize writes its
// streamed sheets in map order, so two runs would differ.
func spliceRows(w io.Writer, layout []byte, specs []sheetSpec, st *sheetStyles, modified time.Time) error {
	zr, err := zip.NewReader(bytes.NewReader(layout), int64(len(layout)))
	if err != nil {
		return err
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return err
	}
	byPart := map[string]*sheetSpec{}
	for i := range specs {
		p, ok := parts[specs[i].name]
		if !ok {
			return fmt.Errorf("the workbook has no sheet %s", specs[i].name)
		}
		byPart[p] = &specs[i]
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return partOrder(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, zf := range files {
		laid, err := readWhole(zf)
		if err != nil {
			return err
		}
		out, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return err
		}
		spec, ok := byPart[zf.Name]
		if !ok {
			if _, err := out.Write(laid); err != nil {
				return err
			}
			continue
		}
		if err := writeSheetPart(out, laid, spec, st.columnStyles(spec)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// partOrder orders a workbook's parts: the content types first, as some
// readers expect, then the package's relationships, then by name.
func partOrder(a, b string) int {
	rank := func(name string) int {
		switch name {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}

func readWhole(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// writeSheetPart writes one sheet's XML as laid out, its rows where its
// sheet data ends, each column's cells in its style.
func writeSheetPart(out io.Writer, laid []byte, spec *sheetSpec, styles []int) error {
	end := bytes.LastIndex(laid, []byte("</sheetData>"))
	if end < 0 {
		return fmt.Errorf("the workbook's sheet %s has no sheet data", spec.name)
	}
	b := bufio.NewWriterSize(out, writeBuffer)
	b.Write(laid[:end])
	var cw cellWriter
	for i := range spec.rows {
		cw.row(b, i+2, spec.row(i), styles)
	}
	b.Write(laid[end:])
	return b.Flush()
}

// sheetParts maps each sheet's name to the zip part that holds it, as the
// workbook and its relationships say.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			Rel  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readPart(zr, "xl/workbook.xml", &book); err != nil {
		return nil, err
	}
	if err := readPart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		if strings.HasPrefix(r.Target, "/") {
			target[r.ID] = strings.TrimPrefix(r.Target, "/")
		} else {
			target[r.ID] = path.Join("xl", r.Target)
		}
	}
	parts := map[string]string{}
	for _, s := range book.Sheets {
		parts[s.Name] = target[s.Rel]
	}
	return parts, nil
}

func readPart(zr *zip.Reader, name string, v any) error {
	rc, err := zr.Open(name)
	if err != nil {
		return fmt.Errorf("the workbook has no %s: %w", name, err)
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// cellWriter writes rows of cells as excelize's stream writer does: text as
// inline strings in its column's style, whole numbers as numbers. Its buffers
// are reused from cell to cell.
type cellWriter struct {
	ref, text []byte
}

func (cw *cellWriter) row(b *bufio.Writer, row int, values []any, styles []int) {
	b.WriteString(`<row r="`)
	b.WriteString(strconv.Itoa(row))
	b.WriteString(`">`)
	for c, v := range values {
		cw.ref = appendCellRef(cw.ref[:0], c+1, row)
		b.WriteString(`<c r="`)
		b.Write(cw.ref)
		switch v := v.(type) {
		case int:
			b.WriteString(`"><v>`)
			b.WriteString(strconv.Itoa(v))
			b.WriteString(`</v></c>`)
		default:
			s, ok := v.(string)
			if !ok {
				s = fmt.Sprint(v)
			}
			b.WriteString(`" s="`)
			b.WriteString(strconv.Itoa(styles[c]))
			b.WriteString(`" t="inlineStr"><is><t`)
			s = cellText(s)
			if s != "" && (strings.ContainsRune("\t\n\r ", rune(s[0])) || strings.ContainsRune("\t\n\r ", rune(s[len(s)-1]))) {
				b.WriteString(` xml:space="preserve"`)
			}
			b.WriteByte('>')
			cw.text = appendCellXML(cw.text[:0], s)
			b.Write(escapeXString(cw.text))
			b.WriteString(`</t></is></c>`)
		}
	}
	b.WriteString(`</row>`)
}

// appendCellRef appends a cell's A1 reference.
func appendCellRef(dst []byte, col, row int) []byte {
	var letters [8]byte
	i := len(letters)
	for ; col > 0; col = (col - 1) / 26 {
		i--
		letters[i] = byte('A' + (col-1)%26)
	}
	dst = append(dst, letters[i:]...)
	return strconv.AppendInt(dst, int64(row), 10)
}

// excelCellUnits is the most UTF-16 units a cell holds, where a spreadsheet
// cuts what is longer.
const excelCellUnits = 32767

// appendCellXML appends text escaped as XML character data the way
// encoding/xml escapes it, line breaks kept as they are, cut to what a cell
// holds.
func appendCellXML(dst []byte, s string) []byte {
	units := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		if units += utf16.RuneLen(r); units > excelCellUnits {
			break
		}
		switch {
		case r == '"':
			dst = append(dst, "&#34;"...)
		case r == '\'':
			dst = append(dst, "&#39;"...)
		case r == '&':
			dst = append(dst, "&amp;"...)
		case r == '<':
			dst = append(dst, "&lt;"...)
		case r == '>':
			dst = append(dst, "&gt;"...)
		case r == '\t':
			dst = append(dst, "&#x9;"...)
		case r == '\r':
			dst = append(dst, "&#xD;"...)
		case r == '\n':
			dst = append(dst, '\n')
		case !xmlChar(r) || r == utf8.RuneError && width == 1:
			dst = append(dst, "\uFFFD"...)
		default:
			dst = append(dst, s[i:i+width]...)
		}
		i += width
	}
	return dst
}

// xmlChar reports whether XML 1.0 can carry the character.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// escapeXString keeps text that a spreadsheet would read as an escaped
// character (the workbook format writes _x0041_ for A) as typed: the
// underscore starting each such sequence, overlapping ones too, is written
// escaped itself, as _x005F_, so the reader turns it back into an underscore
// and leaves the rest as text.
func escapeXString(s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return s
	}
	out := make([]byte, 0, len(s)+16)
	for i, c := range s {
		if c == '_' && isXEscape(s[i:]) {
			out = append(out, "_x005F"...)
		}
		out = append(out, c)
	}
	return out
}

// isXEscape reports whether s starts with an escaped character: _x, four
// hex digits, _.
func isXEscape(s []byte) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range s[2:6] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
