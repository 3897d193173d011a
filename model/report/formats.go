package report

import (
	"fmt"
	"io"
	"strings"
)

// Format is one way an export leaves the laptop. The command line, its
// help and completion, the app's export and the README all read the
// formats from one table, so a new format is one entry in it.
type Format struct {
	// Name is how the command line names the format (--format NAME).
	Name string
	// Aliases are other names a person may type for it, lower case.
	Aliases []string
	// Extension ends the name of a file in this format, its dot included.
	Extension string
	// ContentType is the file's media type, as a web page would serve it.
	ContentType string
	// Binary formats are not text: never written to a terminal.
	Binary bool
	// Description says in one line what the file holds, for --help.
	Description string
	// App formats are the files the app's export (e in a session) writes.
	App bool
	// Printed formats are the HTML pack printed by a browser. Printing
	// runs a program, which this package never does: the caller hands
	// the export a Printer (ExportOptions.Printer), and without one Write
	// refuses (ErrNoPrinter).
	Printed bool
	// Pictured formats draw one figure of the pack, the part the export
	// names (ExportOptions.Part, one of Parts); every other format
	// refuses a part.
	Pictured bool
	// Write writes the export in this format, streaming to w.
	Write func(w io.Writer, e *Exported) error
}

// Export formats, as the command line names them.
const (
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
	FormatCSV      = "csv"
	FormatHTML     = "html"
	FormatXLSX     = "xlsx"
	FormatJira     = "jira"
	FormatMermaid  = "mermaid"
	FormatDOT      = "dot"
	FormatPDF      = "pdf"
	FormatDOCX     = "docx"
	FormatPPTX     = "pptx"
	FormatSVG      = "svg"
	FormatPNG      = "png"
)

// exportFormats is every export format, in the order a person is offered
// them; JSON, the one import reads back, first.
var exportFormats = []Format{
	{Name: FormatJSON, Extension: ".json", ContentType: "application/json", App: true, Write: WriteJSON,
		Description: "the whole session and its summary; archreview import reads it back"},
	{Name: FormatMarkdown, Aliases: []string{"md"}, Extension: ".md", ContentType: "text/markdown; charset=utf-8", App: true, Write: WriteMarkdown,
		Description: "the decision pack as text, its map a Mermaid flowchart"},
	{Name: FormatHTML, Aliases: []string{"htm"}, Extension: ".html", ContentType: "text/html; charset=utf-8", App: true, Write: WriteHTML,
		Description: "the decision pack as one self-contained page that prints to A4"},
	{Name: FormatPDF, Extension: ".pdf", ContentType: "application/pdf", Binary: true, App: true, Printed: true, Write: WritePDF,
		Description: "the HTML pack printed to A4 by a local Chromium or Chrome"},
	{Name: FormatDOCX, Extension: ".docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Binary: true, App: true, Write: WriteDOCX,
		Description: "the decision pack as a Word document to edit"},
	{Name: FormatPPTX, Extension: ".pptx", ContentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", Binary: true, App: true, Write: WritePPTX,
		Description: "the steering deck: the executive summary in nine slides"},
	{Name: FormatXLSX, Extension: ".xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Binary: true, App: true, Write: WriteWorkbook,
		Description: "the register workbook: risks, findings, owners, slices, questions"},
	{Name: FormatCSV, Extension: ".csv", ContentType: "text/csv; charset=utf-8", App: true, Write: WriteRiskCSV,
		Description: "the ranked risk register, one risk a row"},
	{Name: FormatJira, Extension: "-jira.csv", ContentType: "text/csv; charset=utf-8", App: true, Write: WriteJiraCSV,
		Description: "the risks still to ticket, as Jira's CSV importer reads them"},
	{Name: FormatMermaid, Aliases: []string{"mmd"}, Extension: ".mmd", ContentType: "application/vnd.mermaid", Write: WriteMermaid,
		Description: "the current-state map alone as a Mermaid flowchart"},
	{Name: FormatDOT, Aliases: []string{"gv", "graphviz"}, Extension: ".dot", ContentType: "text/vnd.graphviz; charset=utf-8", Write: WriteDOT,
		Description: "the current-state map alone as Graphviz DOT"},
	{Name: FormatSVG, Extension: ".svg", ContentType: "image/svg+xml", Pictured: true, Write: WritePictureSVG,
		Description: "one figure of the pack (--part, the map by default) as an SVG image"},
	{Name: FormatPNG, Extension: ".png", ContentType: "image/png", Binary: true, Pictured: true, Write: WritePicturePNG,
		Description: "one figure of the pack (--part) as a PNG image at print resolution"},
}

// ExportFormats is every export format, in the order a person is offered
// them.
func ExportFormats() []Format { return cloneFormats(exportFormats, func(Format) bool { return true }) }

// AppFormats are the formats the app's export writes side by side.
func AppFormats() []Format { return cloneFormats(exportFormats, func(f Format) bool { return f.App }) }

func cloneFormats(all []Format, keep func(Format) bool) []Format {
	var out []Format
	for _, f := range all {
		if keep(f) {
			f.Aliases = append([]string(nil), f.Aliases...)
			out = append(out, f)
		}
	}
	return out
}

// Formats lists the name of every export format, in the table's order.
var Formats = func() []string {
	names := make([]string, len(exportFormats))
	for i, f := range exportFormats {
		names[i] = f.Name
	}
	return names
}()

// FormatExtension is the file name ending of each format, by name.
var FormatExtension = func() map[string]string {
	ext := make(map[string]string, len(exportFormats))
	for _, f := range exportFormats {
		ext[f.Name] = f.Extension
	}
	return ext
}()

// formatIndex finds a format by its name or any alias. A name taken twice
// keeps its first format; the registry's test refuses the table then.
var formatIndex = func() map[string]int {
	idx := map[string]int{}
	for i, f := range exportFormats {
		for _, name := range append([]string{f.Name}, f.Aliases...) {
			if _, taken := idx[name]; !taken {
				idx[name] = i
			}
		}
	}
	return idx
}()

// LookupFormat is the format a person asked for, named as the command line
// names it: its name or an alias, in any case; JSON when none is given. An
// unknown name is an error naming every format, before any work.
func LookupFormat(name string) (Format, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		key = FormatJSON
	}
	i, ok := formatIndex[key]
	if !ok {
		return Format{}, fmt.Errorf("%q is not an export format; use %s", name, strings.Join(Formats, ", "))
	}
	return exportFormats[i], nil
}
