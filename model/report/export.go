// Package report renders a session as it leaves the laptop: the export
// envelope (the document with its credentials redacted and the summary
// derived from it) and each of its formats, each written to an io.Writer:
// the JSON document; the decision pack as Markdown and as one self-contained
// HTML file with the current-state map and a heat map drawn in SVG; the
// register workbook (xlsx); the CSV risk register and its Jira import; and
// the map alone as Mermaid and Graphviz DOT. The formats are one table
// (ExportFormats) that the command line, the app and the README read.
//
// It imports model, model/review and model/redact; it must not import the
// store, the TUI or Bubble Tea: the caller opens the file it writes to.
package report

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
)

// ExportOptions say what an export leaves the laptop with.
type ExportOptions struct {
	// IncludePrivate keeps the facilitator's private notes, redacted like
	// every other answer.
	IncludePrivate bool
	// Now stamps exported_at.
	Now time.Time
	// Rules are the session's question pack's rule settings, by rule id.
	Rules map[string]model.RuleSetting
	// Previous is the review this one follows, when the caller has it: the
	// pack then says what changed since.
	Previous *model.Document
	// Firm is the consultancy's profile, for the pack's cover; nil for
	// none.
	Firm *Firm
	// Printer prints the pdf format; nil, that format is refused.
	Printer Printer
	// Part is the figure a picture format (svg, png) draws, as --part
	// names it; "" for the map.
	Part string
}

// Exported is a session as it leaves the laptop: the document, redacted, and
// the summary derived from it. It encodes as the archreview/v1 JSON document
// with "summary" after the document's own members; import reads it back as
// a model.Document and skips the summary.
type Exported struct {
	model.Document
	Summary *review.Summary `json:"summary,omitempty"`
	// Changes since the previous review, for the pack; not in the JSON.
	Changes *review.Changes `json:"-"`
	// Firm is the profile of the consultancy the pack comes from; not in
	// the JSON.
	Firm *Firm `json:"-"`
	// Printer prints the pdf format; not in the JSON.
	Printer Printer `json:"-"`
	// Part is the figure a picture format draws; not in the JSON.
	Part string `json:"-"`
}

// Export returns the document as it leaves the laptop: a deep copy with
// private notes stripped unless asked for, every credential in every text
// redacted, the schema and export time set, and the summary derived. The
// input is not changed. Exporting an import of an export gives the same
// bytes, because a redaction mark still counts as a credential for
// SECRET_IN_NOTES.
func Export(d *model.Document, opt ExportOptions) *Exported {
	return exportOf(leaving(d, opt.IncludePrivate), opt)
}

// ExportOwned is Export for a caller that hands the document over and never
// reads it again, as the command line does with the session it loaded for
// one export: the document itself is redacted and becomes the export, so a
// 10,000-flow session is not held twice while its pack is written.
func ExportOwned(d *model.Document, opt ExportOptions) *Exported {
	return exportOf(redacted(d, opt.IncludePrivate), opt)
}

func exportOf(c *model.Document, opt ExportOptions) *Exported {
	c.Schema = model.SchemaID
	c.ExportedAt = opt.Now.UTC().Truncate(time.Second).Format(time.RFC3339)
	// The revision names the shareable form, whatever this copy includes,
	// so that it is the same for every copy of the same content.
	named := c
	if opt.IncludePrivate {
		named = leaving(c, false)
	}
	c.Revision, _ = model.ContentRevision(named) // only a failing writer fails, and a hash never does
	// A redaction mark still counts as a credential: the summary names the
	// same places as it would before redacting.
	return &Exported{Document: *c, Summary: review.SummarizeWith(c, redact.MentionsCredential, opt.Rules), Changes: changesSince(opt.Previous, c, opt.Rules), Firm: opt.Firm, Printer: opt.Printer, Part: opt.Part}
}

// Shareable is the session as every copy of it that leaves the laptop has
// it: private notes out, every credential redacted. It is what a revision
// names and what the database keeps a fingerprint of to merge from, so a
// colleague's copy, which started from such a file, compares with it.
func Shareable(d *model.Document) *model.Document { return leaving(d, false) }

// Snapshot names the revision of a session and takes the fingerprint the
// database keeps of it, both of its shareable form.
func Snapshot(d *model.Document) (revision string, fingerprint []byte, err error) {
	return SnapshotParts(d, func(yield func(*model.Flow) error) error {
		for i := range d.Flows {
			if err := yield(&d.Flows[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// snapshotBatch is how many flows SnapshotParts takes at once, each on a
// core of its own.
const snapshotBatch = 256

// SnapshotParts is Snapshot for a session read a flow at a time, as the
// database reads a stored one: head is the session (its flows are not
// read), and flows yields each flow in order. It holds no more than a batch
// of flows, so keeping a 10,000-flow revision costs no more memory than
// its fingerprint.
func SnapshotParts(head *model.Document, flows func(yield func(*model.Flow) error) error) (revision string, fingerprint []byte, err error) {
	h := *head
	h.Flows = nil
	shared := Shareable(&h)
	rev, err := model.NewRevisionHasher(shared)
	if err != nil {
		return "", nil, err
	}
	headLine, err := review.HeadFingerprint(shared)
	if err != nil {
		return "", nil, err
	}
	var out bytes.Buffer
	w := review.NewFingerprintWriter(&out)
	if err := w.Line(headLine); err != nil {
		return "", nil, err
	}
	type part struct {
		sum  [32]byte
		line []byte
		err  error
	}
	batch := make([]model.Flow, 0, snapshotBatch)
	flush := func() error {
		parts := make([]part, len(batch))
		var wg sync.WaitGroup
		workers := min(runtime.GOMAXPROCS(0), len(batch))
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := k; i < len(batch); i += workers {
					one := model.Document{Flows: batch[i : i+1]}
					f := &Shareable(&one).Flows[0]
					p := &parts[i]
					if p.sum, p.err = model.FlowSum(f); p.err == nil {
						p.line, p.err = review.FlowFingerprint(f)
					}
				}
			}()
		}
		wg.Wait()
		for _, p := range parts {
			if p.err != nil {
				return p.err
			}
			rev.Flow(p.sum)
			if err := w.Line(p.line); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err = flows(func(f *model.Flow) error {
		batch = append(batch, *f)
		if len(batch) == snapshotBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return "", nil, err
	}
	return rev.Revision(), out.Bytes(), nil
}

// Render exports the document and writes it in one format of the table
// (ExportFormats).
func Render(d *model.Document, format string, opt ExportOptions) ([]byte, error) {
	var b bytes.Buffer
	if err := RenderTo(&b, d, format, opt); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderTo is Render writing to w. Every format goes to w as it is made, so
// the text of a 1,000-flow export is never held whole; the export it is made
// from, a redacted copy of the session with its summary, is. An unknown
// format is refused before any work.
func RenderTo(w io.Writer, d *model.Document, format string, opt ExportOptions) error {
	f, err := LookupFormat(format)
	if err != nil {
		return err
	}
	return f.Write(w, Export(d, opt))
}

// Write writes an export in one format, so that one export can be written
// in several. An unknown format is an error that names the formats, and
// nothing is written.
func Write(w io.Writer, e *Exported, format string) error {
	f, err := LookupFormat(format)
	if err != nil {
		return err
	}
	return f.Write(w, e)
}

// writeBuffer is how much of a Markdown or CSV export is gathered before it
// goes to the writer; a writer already buffered at least this much is used
// as it is.
const writeBuffer = 64 << 10

// WriteJSON writes the export as the archreview/v1 JSON document.
func WriteJSON(w io.Writer, e *Exported) error { return model.WriteJSON(w, e) }

// summaryOf is the export's summary, derived now if it has none yet.
func summaryOf(e *Exported) *review.Summary {
	if e.Summary != nil {
		return e.Summary
	}
	return review.Summarize(&e.Document, redact.MentionsCredential)
}
