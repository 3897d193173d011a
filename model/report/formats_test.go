package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"mime"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
)

// looksRight says whether an export's bytes start as a file of its format
// should; a format with no entry here fails TestEveryFormatWritesTheDemo,
// so a new format comes with its check. A printed format (pdf) is checked
// there as this package can check it, handing the HTML pack to its
// printer, and printed for real by the e2e tests.
var looksRight = map[string]func(t *testing.T, b []byte){
	FormatJSON: func(t *testing.T, b []byte) {
		var head struct{ Schema string }
		if err := json.Unmarshal(b, &head); err != nil || head.Schema != model.SchemaID {
			t.Errorf("not the %s JSON document: %v, schema %q", model.SchemaID, err, head.Schema)
		}
	},
	FormatMarkdown: func(t *testing.T, b []byte) { hasPrefix(t, b, "# ") },
	FormatHTML: func(t *testing.T, b []byte) {
		if !bytes.HasPrefix(bytes.ToLower(b), []byte("<!doctype html>")) {
			t.Errorf("does not start <!doctype html>: %q", b[:min(len(b), 40)])
		}
	},
	FormatXLSX: func(t *testing.T, b []byte) {
		hasPrefix(t, b, "PK\x03\x04")
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("not a zip: %v", err)
		}
		types, err := z.Open("[Content_Types].xml")
		if err != nil {
			t.Fatalf("no [Content_Types].xml: %v", err)
		}
		defer types.Close()
		raw, _ := io.ReadAll(types)
		if !bytes.Contains(raw, []byte("spreadsheetml.sheet.main+xml")) {
			t.Errorf("[Content_Types].xml names no workbook: %.200s", raw)
		}
		if _, err := z.Open("xl/workbook.xml"); err != nil {
			t.Errorf("no xl/workbook.xml: %v", err)
		}
	},
	FormatCSV: func(t *testing.T, b []byte) { csvHeader(t, b, "id", "title", "severity", "description") },
	FormatJira: func(t *testing.T, b []byte) {
		body, ok := bytes.CutPrefix(b, []byte("\uFEFF"))
		if !ok {
			t.Errorf("does not start with a byte order mark: %q", b[:min(len(b), 12)])
		}
		csvHeader(t, body, "Summary", "Description", "Priority", "Status", "External ID")
	},
	FormatMermaid: func(t *testing.T, b []byte) { hasPrefix(t, b, "flowchart LR\n") },
	FormatDOT:     func(t *testing.T, b []byte) { hasPrefix(t, b, "digraph ") },
	FormatDOCX: func(t *testing.T, b []byte) {
		officeMain(t, b, "word/document.xml", "wordprocessingml.document.main+xml")
	},
	FormatPPTX: func(t *testing.T, b []byte) {
		officeMain(t, b, "ppt/presentation.xml", "presentationml.presentation.main+xml")
	},
	FormatSVG: func(t *testing.T, b []byte) { hasPrefix(t, b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ") },
	FormatPNG: func(t *testing.T, b []byte) { hasPrefix(t, b, "\x89PNG\r\n\x1a\n") },
}

// officeMain checks an Office Open XML package: a zip whose content types
// name its main part, which it holds.
func officeMain(t *testing.T, b []byte, main, kind string) {
	t.Helper()
	hasPrefix(t, b, "PK\x03\x04")
	parts := officeParts(t, b)
	if !bytes.Contains(parts["[Content_Types].xml"], []byte(kind)) {
		t.Errorf("[Content_Types].xml names no %s: %.200s", kind, parts["[Content_Types].xml"])
	}
	if _, ok := parts[main]; !ok {
		t.Errorf("no %s", main)
	}
}

func hasPrefix(t *testing.T, b []byte, prefix string) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(prefix)) {
		t.Errorf("does not start %q: %q", prefix, b[:min(len(b), 40)])
	}
}

// csvHeader checks that the CSV parses, starts with first and names the
// other columns, and has a row below its header.
func csvHeader(t *testing.T, b []byte, first string, columns ...string) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("does not parse as CSV: %v", err)
	}
	if len(rows) < 2 || rows[0][0] != first {
		t.Fatalf("%d rows, header %v; want a header starting %q and the demo's risks", len(rows), rows[0], first)
	}
	for _, c := range columns {
		if !slices.Contains(rows[0], c) {
			t.Errorf("the header %v has no %q", rows[0], c)
		}
	}
}

// The demo session written through Write in every format of the table,
// each under its name and each of its other names, starts as a file of that
// format does, with a file ending and a media type of its own kind.
func TestEveryFormatWritesTheDemo(t *testing.T) {
	e := Export(model.DemoAnswers(testNow), ExportOptions{Now: testNow})
	formats := ExportFormats()
	printed := 0
	for _, f := range formats {
		if f.Printed {
			printed++
		}
	}
	if len(formats)-printed != len(looksRight) {
		t.Errorf("%d formats written here in the table and %d checks of what they write", len(formats)-printed, len(looksRight))
	}
	extensions := map[string]string{}
	for _, f := range formats {
		t.Run(f.Name, func(t *testing.T) {
			checkFileKind(t, f, extensions)
			if f.Printed {
				printsTheHTMLPack(t, e, f)
				return
			}
			var b bytes.Buffer
			if err := Write(&b, e, f.Name); err != nil {
				t.Fatal(err)
			}
			if b.Len() == 0 {
				t.Fatal("wrote nothing")
			}
			check, ok := looksRight[f.Name]
			if !ok {
				t.Fatalf("no check of what %s writes; add one to looksRight", f.Name)
			}
			check(t, b.Bytes())
			if utf8.Valid(b.Bytes()) == f.Binary {
				t.Errorf("binary %v, but the bytes are valid UTF-8: %v", f.Binary, !f.Binary)
			}
			if !f.Binary {
				for _, alias := range f.Aliases {
					var a bytes.Buffer
					if err := Write(&a, e, " "+strings.ToUpper(alias)+" "); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
						t.Errorf("--format %s: %v, or other bytes than %s", strings.ToUpper(alias), err, f.Name)
					}
				}
			}
		})
	}
}

// printsTheHTMLPack checks a printed format as far as this package goes:
// binary, refused without a printer, writing nothing then; with one, the
// printer is handed the HTML pack, every byte of it, and what it prints is
// the export.
func printsTheHTMLPack(t *testing.T, e *Exported, f Format) {
	t.Helper()
	if !f.Binary {
		t.Errorf("%s: binary %v; a printed PDF is binary", f.Name, f.Binary)
	}
	var b bytes.Buffer
	if err := Write(&b, e, f.Name); !errors.Is(err, ErrNoPrinter) || b.Len() != 0 {
		t.Errorf("without a printer: %v and %d bytes; want ErrNoPrinter and nothing", err, b.Len())
	}
	var html bytes.Buffer
	if err := WriteHTML(&html, e); err != nil {
		t.Fatal(err)
	}
	withPrinter := *e
	var handed []byte
	withPrinter.Printer = func(w io.Writer, page []byte) error {
		handed = append([]byte(nil), page...)
		_, err := io.WriteString(w, "%PDF-1.7 of "+strconv.Itoa(len(page))+" bytes")
		return err
	}
	b.Reset()
	if err := Write(&b, &withPrinter, " "+strings.ToUpper(f.Name)+" "); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(handed, html.Bytes()) {
		t.Errorf("the printer was handed %d bytes, not the %d of the HTML pack", len(handed), html.Len())
	}
	if want := "%PDF-1.7 of " + strconv.Itoa(html.Len()) + " bytes"; b.String() != want {
		t.Errorf("the export is %q, not what the printer wrote, %q", b.String(), want)
	}
	failing := withPrinter
	failing.Printer = func(io.Writer, []byte) error { return errors.New("the browser stopped") }
	if err := Write(io.Discard, &failing, f.Name); err == nil || err.Error() != "the browser stopped" {
		t.Errorf("a printer's failure came back as %v", err)
	}
}

// checkFileKind checks a format's file ending, its own among the formats
// seen so far, and its media type.
func checkFileKind(t *testing.T, f Format, extensions map[string]string) {
	t.Helper()
	if !strings.HasPrefix(f.Extension, ".") && !strings.HasPrefix(f.Extension, "-") || strings.ContainsAny(f.Extension, `/\ `) {
		t.Errorf("extension %q is not a file name ending", f.Extension)
	}
	if other, taken := extensions[f.Extension]; taken {
		t.Errorf("extension %q is %s's too", f.Extension, other)
	}
	extensions[f.Extension] = f.Name
	if kind, _, err := mime.ParseMediaType(f.ContentType); err != nil || !strings.Contains(kind, "/") {
		t.Errorf("content type %q is not a media type: %v", f.ContentType, err)
	}
}

// Every format explains itself in one line for --help, and every name a
// person may type finds one format only.
func TestTheFormatTableIsWellFormed(t *testing.T) {
	taken := map[string]string{}
	app, width := 0, 0
	for _, f := range ExportFormats() {
		width = max(width, len(f.Name))
	}
	for _, f := range ExportFormats() {
		if f.Description == "" || strings.ContainsAny(f.Description, "\n\t") || strings.HasSuffix(f.Description, ".") {
			t.Errorf("%s: the description %q is not one line for --help", f.Name, f.Description)
		}
		// Two spaces, the longest name and two spaces come before it in
		// export --help, which must fit 80 columns.
		if n := utf8.RuneCountInString(f.Description); n > 80-2-width-2 {
			t.Errorf("%s: the description is %d characters, too long for one line of --help", f.Name, n)
		}
		if f.Write == nil {
			t.Errorf("%s has no writer", f.Name)
		}
		if f.App {
			app++
		}
		for _, name := range append([]string{f.Name}, f.Aliases...) {
			if name == "" || name != strings.ToLower(strings.TrimSpace(name)) {
				t.Errorf("%s: %q is not a name the command line can match", f.Name, name)
			}
			if other, ok := taken[name]; ok {
				t.Errorf("%q names both %s and %s", name, other, f.Name)
			}
			taken[name] = f.Name
		}
	}
	if app == 0 {
		t.Error("the app's export writes no format")
	}
	if f, err := LookupFormat(""); err != nil || f.Name != FormatJSON {
		t.Errorf("no format given is %q, %v; want json", f.Name, err)
	}
	if got := len(Formats); got != len(ExportFormats()) || len(FormatExtension) != got {
		t.Errorf("Formats has %d names and FormatExtension %d, for %d formats", got, len(FormatExtension), len(ExportFormats()))
	}
}

// An unknown format is an error naming every format, and nothing is
// written: never JSON in its place.
func TestAnUnknownFormatIsRefused(t *testing.T) {
	e := Export(model.DemoAnswers(testNow), ExportOptions{Now: testNow})
	for _, name := range []string{"nope", "jsonl", "markdown2", "xls", ".md"} {
		var b bytes.Buffer
		err := Write(&b, e, name)
		if err == nil {
			t.Fatalf("Write took the format %q", name)
		}
		want := `"` + name + `" is not an export format; use ` + strings.Join(Formats, ", ")
		if err.Error() != want {
			t.Errorf("Write %q: %q, want %q", name, err, want)
		}
		if b.Len() != 0 {
			t.Errorf("Write %q wrote %d bytes", name, b.Len())
		}
		for _, f := range ExportFormats() {
			if !strings.Contains(err.Error(), f.Name) {
				t.Errorf("the error %q does not name %s", err, f.Name)
			}
		}
	}
}

// readme is the README, from this package's folder.
const readme = "../../README.md"

// The README's list of formats between its markers is the table's;
// `go test ./model/report -run TestTheREADMEListsTheFormatTable -update`
// rewrites it after a change to the table. Every format also has its
// paragraph in the README, its name in bold.
func TestTheREADMEListsTheFormatTable(t *testing.T) {
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- formats -->\n", "<!-- /formats -->\n"
	before, rest, ok := strings.Cut(string(raw), start)
	section, after, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatalf("the README has no %q … %q section", strings.TrimSpace(start), strings.TrimSpace(end))
	}
	want := readmeFormats()
	if section != want {
		if u := flag.Lookup("update"); u != nil && u.Value.String() == "true" {
			if err := os.WriteFile(readme, []byte(before+start+want+end+after), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Log("rewrote the README's list of formats")
		} else {
			t.Errorf("the README's list of formats differs from the table; run go test ./model/report -run %s -update\ngot:\n%s\nwant:\n%s", t.Name(), section, want)
		}
	}
	for _, f := range ExportFormats() {
		if !strings.Contains(after, "**"+f.Name+"**") {
			t.Errorf("the README says nothing of **%s** below its list of formats", f.Name)
		}
	}
}

// readmeFormats is the README's table of formats, from the format table.
func readmeFormats() string {
	var b strings.Builder
	b.WriteString("<!-- written from the table in model/report/formats.go by go test ./model/report -run TestTheREADMEListsTheFormatTable -update -->\n")
	b.WriteString("| `--format` | also | file | what it holds | `e` in the app |\n")
	b.WriteString("| --- | --- | --- | --- | :---: |\n")
	code := func(names []string) string {
		if len(names) == 0 {
			return ""
		}
		return "`" + strings.Join(names, "`, `") + "`"
	}
	for _, f := range ExportFormats() {
		file := code([]string{f.Extension})
		if f.Binary {
			file += " (binary: `-o` only)"
		}
		app := ""
		if f.App {
			app = "✓"
		}
		b.WriteString("| " + code([]string{f.Name}) + " | " + code(f.Aliases) + " | " + file + " | " + f.Description + " | " + app + " |\n")
	}
	return b.String()
}
