package report

import (
	"bytes"
	"errors"
	"io"
)

// Printer prints an HTML page to a PDF, writing the PDF to w. It runs a
// browser, so the command line supplies it; this package starts no program.
type Printer func(w io.Writer, html []byte) error

// ErrNoPrinter is WritePDF's refusal when the export was given no Printer:
// never another format in the PDF's place.
var ErrNoPrinter = errors.New("the pdf export is printed by a browser, and none was given to print it")

// WritePDF writes the decision pack as a PDF: the HTML pack, whole, handed
// to the export's Printer, which lays it out by the pack's own print
// stylesheet (its page size, margins, header and footer). Nothing is
// written without a Printer.
func WritePDF(w io.Writer, e *Exported) error {
	if e.Printer == nil {
		return ErrNoPrinter
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, e); err != nil {
		return err
	}
	return e.Printer(w, page.Bytes())
}
