package model

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// ExportOptions say what an export leaves the laptop with.
type ExportOptions struct {
	// IncludePrivate keeps the facilitator's private notes, redacted like
	// every other answer.
	IncludePrivate bool
	// Now stamps exported_at.
	Now time.Time
}

// Export returns the document as it leaves the laptop: a deep copy with
// private notes stripped unless asked for, every credential in every text
// redacted, the schema and export time set, and the summary derived. The
// input is not changed. Exporting an import of an export gives the same
// bytes, because a redaction mark still counts as a credential for
// SECRET_IN_NOTES.
func Export(d *Document, opt ExportOptions) *Document {
	c := d.Clone()
	if !opt.IncludePrivate {
		c.StripPrivate()
	}
	credentials := findCredentials(c)
	walkText(c, func(_ textPlace, text *string) { *text = RedactSecrets(*text) })
	c.Schema = SchemaID
	c.ExportedAt = opt.Now.UTC().Truncate(time.Second).Format(time.RFC3339)
	c.Summary = summarize(c, credentials)
	return c
}

// Export formats, as the command line names them.
const (
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
	FormatCSV      = "csv"
)

// Render exports the document and writes it in one format: the JSON
// document, the Markdown decision pack or the CSV risk register.
func Render(d *Document, format string, opt ExportOptions) ([]byte, error) {
	var b bytes.Buffer
	if err := RenderTo(&b, d, format, opt); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderTo is Render streaming to w, so a 1,000-flow export never holds its
// whole text in memory; w should be buffered.
func RenderTo(w io.Writer, d *Document, format string, opt ExportOptions) error {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case FormatJSON, "":
		return WriteDocument(w, Export(d, opt))
	case FormatMarkdown, "md":
		_, err := w.Write(Markdown(Export(d, opt)))
		return err
	case FormatCSV:
		b, err := RiskCSV(Export(d, opt))
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	return fmt.Errorf("%q is not an export format; use json, markdown or csv", format)
}

// CheckFormat says whether format is one Render knows, before any work.
func CheckFormat(format string) error {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case FormatJSON, "", FormatMarkdown, "md", FormatCSV:
		return nil
	}
	return fmt.Errorf("%q is not an export format; use json, markdown or csv", format)
}

// summaryOf is the document's summary, derived now if it has none yet.
func summaryOf(d *Document) *Summary {
	if d.Summary != nil {
		return d.Summary
	}
	return Summarize(d)
}

// placeKind says what part of a document a text belongs to.
type placeKind uint8

const (
	placeSession placeKind = iota
	placeSystem
	placeFlow
	placeStep
	placeRisk
	placeQuestion
)

// textPlace says where a free-text answer lives.
type textPlace struct {
	kind  placeKind
	flow  int // index in d.Flows, or -1 outside any flow
	index int // of the system, risk or question
	step  Step
	key   string // the field's JSON name
}

// walkText visits every free-text field of the document, private notes
// included: the fields a person types into, not ids, enumerations or dates.
func walkText(d *Document, visit func(at textPlace, text *string)) {
	ss := &d.Session
	session := func(key string, p *string) { visit(textPlace{kind: placeSession, flow: -1, key: key}, p) }
	session("name", &ss.Name)
	session("client", &ss.Client)
	session("facilitator", &ss.Facilitator)
	for i := range ss.Participants {
		session("participants", &ss.Participants[i])
	}
	session("notes", &ss.Notes)

	for i := range d.Systems {
		visit(textPlace{kind: placeSystem, flow: -1, index: i, key: "name"}, &d.Systems[i].Name)
		visit(textPlace{kind: placeSystem, flow: -1, index: i, key: "notes"}, &d.Systems[i].Notes)
	}

	flowAt := make(map[string]int, len(d.Flows))
	for fi := range d.Flows {
		f := &d.Flows[fi]
		if _, dup := flowAt[f.ID]; !dup {
			flowAt[f.ID] = fi
		}
		visit(textPlace{kind: placeFlow, flow: fi, key: "name"}, &f.Name)
		visit(textPlace{kind: placeFlow, flow: fi, key: "domain"}, &f.Domain)
		for _, st := range Steps {
			for _, fd := range StepFields(st) {
				if fd.Kind != FieldLine && fd.Kind != FieldText {
					continue
				}
				if p := f.stepText(st, fd.Key); p != nil {
					visit(textPlace{kind: placeStep, flow: fi, step: st, key: fd.Key}, p)
				}
			}
		}
		for ri := range f.Failure.Risks {
			r := &f.Failure.Risks[ri]
			visit(textPlace{kind: placeRisk, flow: fi, index: ri, key: "title"}, &r.Title)
			visit(textPlace{kind: placeRisk, flow: fi, index: ri, key: "fix"}, &r.Fix)
			visit(textPlace{kind: placeRisk, flow: fi, index: ri, key: "owner"}, &r.Owner)
		}
	}

	for i := range d.OpenQuestions {
		q := &d.OpenQuestions[i]
		fi, ok := flowAt[q.Flow]
		if !ok {
			fi = -1
		}
		visit(textPlace{kind: placeQuestion, flow: fi, index: i, key: "question"}, &q.Question)
		visit(textPlace{kind: placeQuestion, flow: fi, index: i, key: "ask"}, &q.Ask)
		visit(textPlace{kind: placeQuestion, flow: fi, index: i, key: "answer"}, &q.Answer)
	}
}

// findCredentials lists the places whose text looks like a credential or
// holds a redaction mark.
func findCredentials(d *Document) []textPlace {
	var found []textPlace
	walkText(d, func(at textPlace, text *string) {
		if *text != "" && mentionsCredential(*text) {
			found = append(found, at)
		}
	})
	return found
}
