package report

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
)

var testNow = fixture.Now

// textField is one free-text answer of a document a test can type into.
type textField struct {
	name    string
	private bool
	set     func(d *model.Document, value string)
}

// sessionShapes are the session's line fields that take a shape only (a
// date, a code, a table of numbers): no sentence, so no credential, fits.
var sessionShapes = map[string]bool{
	"date": true, "version": true, "history": true, "currency": true, "start_date": true,
	"incidents_per_year": true, "downtime_share": true, "hours_per_incident": true, "effort_days": true,
}

// everyTextField lists every free-text field a person can type into (open
// choices such as the domain included), taken from the field lists the TUI
// edits with, so a new field is covered too.
func everyTextField() []textField {
	isText := func(f model.Field) bool {
		return f.Kind == model.FieldLine || f.Kind == model.FieldText || f.Kind == model.FieldChoice && f.Open
	}
	var out []textField
	for _, st := range model.Steps {
		for _, fd := range model.StepFields(st) {
			if isText(fd) && fd.Key != "system" {
				out = append(out, textField{st.String() + "." + fd.Key, fd.Private, func(d *model.Document, v string) { d.Flows[1].Set(st, fd.Key, v) }})
			}
		}
	}
	for _, fd := range model.RiskFields {
		if isText(fd) {
			out = append(out, textField{"risk." + fd.Key, false, func(d *model.Document, v string) { d.Flows[0].Failure.Risks[0].Set(fd.Key, v) }})
		}
	}
	for _, fd := range model.SystemFields {
		if isText(fd) {
			out = append(out, textField{"system." + fd.Key, false, func(d *model.Document, v string) { d.Systems[2].Set(fd.Key, v) }})
		}
	}
	for _, fd := range model.QuestionFields {
		if isText(fd) && fd.Key != "due" { // a date, not free text
			out = append(out, textField{"question." + fd.Key, false, func(d *model.Document, v string) { d.OpenQuestions[2].Set(fd.Key, v) }})
		}
	}
	for _, fd := range model.SessionDetailFields {
		// Dates, the version, the history's rows, the currency code and the
		// business case's tables are shapes, not free text.
		if isText(fd) && !sessionShapes[fd.Key] {
			out = append(out, textField{"session." + fd.Key, false, func(d *model.Document, v string) { d.Session.Set(fd.Key, v) }})
		}
	}
	for _, fd := range model.FlowFields {
		if isText(fd) {
			out = append(out, textField{"flow." + fd.Key, false, func(d *model.Document, v string) { d.Flows[1].SetHeader(fd.Key, v) }})
		}
	}
	// A link's label is text the room types; its address is checked, and
	// a ticket's is shown as text (TestHostileLinkLabels holds web links).
	out = append(out,
		textField{"owner.evidence", false, func(d *model.Document, v string) {
			d.Flows[1].Owner.Evidence = []model.Evidence{{Label: v, URL: "INC-1"}}
		}},
		textField{"risk.evidence", false, func(d *model.Document, v string) {
			d.Flows[0].Failure.Risks[0].Evidence = []model.Evidence{{Label: v, URL: "INC-2"}}
		}})
	return out
}

// writtenHere are the formats this package writes itself: every one but
// the printed (pdf), which is the HTML pack, every byte of it, handed to a
// browser (TestEveryFormatWritesTheDemo), so what holds for html holds for
// what it prints from.
func writtenHere() []string {
	var out []string
	for _, f := range ExportFormats() {
		if !f.Printed {
			out = append(out, f.Name)
		}
	}
	return out
}

// exportAll writes the document in every format written here; the
// workbook as the text of its cells and the Word document and the slides
// as the XML of their parts, so a test can look for what they hold.
func exportAll(t *testing.T, d *model.Document, opt ExportOptions) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, format := range writtenHere() {
		if format == FormatXLSX {
			b, err := Render(d, format, opt)
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out[format] = workbookText(t, b)
			continue
		}
		b, err := Render(d, format, opt)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if format == FormatDOCX || format == FormatPPTX {
			b = officeText(t, b) // the XML itself, not its compressed bytes
		}
		out[format] = b
	}
	return out
}

func TestSecretInAnyFieldNeverLeaves(t *testing.T) {
	const password = "zq9hx7wv5pl" // lower case survives SetHeader folding the domain
	fields := everyTextField()
	if len(fields) < 30 {
		t.Fatalf("only %d text fields found; the field lists changed shape", len(fields))
	}
	for _, field := range fields {
		for _, private := range []bool{false, true} {
			d := model.DemoAnswers(testNow)
			field.set(d, "login ops, password="+password+" (do not share)")
			if !strings.Contains(mustEncode(t, d), password) {
				t.Fatalf("%s: the test did not plant the password", field.name)
			}
			opt := ExportOptions{IncludePrivate: private, Now: testNow}
			for format, b := range exportAll(t, d, opt) {
				for _, secret := range []string{password, "Harbour2024"} {
					if bytes.Contains(b, []byte(secret)) {
						t.Errorf("%s (private %v): the %s export contains %q", field.name, private, format, secret)
					}
				}
			}
			if field.private && !private {
				continue // the note is not exported, so nothing in the export holds a credential there
			}
			if !firesOn(Export(d, opt).Summary, review.RuleSecretInNotes, field) {
				t.Errorf("%s (private %v): SECRET_IN_NOTES did not fire in the export", field.name, private)
			}
			if !firesOn(review.Summarize(d, redact.MentionsCredential), review.RuleSecretInNotes, field) {
				t.Errorf("%s: SECRET_IN_NOTES did not fire in the live summary", field.name)
			}
		}
	}
}

// plantedFlowID is the id of the demo flow the step and flow fields are
// planted in ("Stock levels to storefront"); its name may be planted over.
var plantedFlowID = model.DemoAnswers(testNow).Flows[1].ID

// firesOn reports whether the rule fired where the field lives: on the flow
// for flow fields, for the session otherwise (or the question's flow).
func firesOn(sum *review.Summary, rule string, field textField) bool {
	for _, f := range sum.Findings {
		if f.Rule != rule {
			continue
		}
		switch strings.SplitN(field.name, ".", 2)[0] {
		case "risk":
			if f.FlowName == "Web orders to ERP" {
				return true
			}
		case "system", "session", "question":
			if f.Flow == "" {
				return true
			}
		default:
			if f.Flow == plantedFlowID {
				return true
			}
		}
	}
	return false
}

func mustEncode(t *testing.T, d *model.Document) string {
	t.Helper()
	b, err := model.EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// written is what one of the format writers writes of an export.
func written(t *testing.T, write func(io.Writer, *Exported) error, e *Exported) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, e); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEveryCredentialShapeIsRedactedOnExport(t *testing.T) {
	for _, c := range fixture.Credentials {
		d := model.DemoAnswers(testNow)
		d.Flows[3].Failure.Notes = c.Text
		for format, b := range exportAll(t, d, ExportOptions{Now: testNow}) {
			if bytes.Contains(b, []byte(c.Secret)) {
				t.Errorf("%s: the %s export contains the secret", c.Name, format)
			}
		}
	}
}

func TestPrivateNotesOnlyWhenAsked(t *testing.T) {
	d := model.DemoAnswers(testNow)
	for i, st := range model.Steps {
		d.Flows[2].Set(st, "private_notes", "PRIVATE-NOTE-"+st.String())
		_ = i
	}
	sentinels := []string{"PRIVATE-NOTE-source", "PRIVATE-NOTE-contract", "PRIVATE-NOTE-failure", "PRIVATE-NOTE-owner",
		"keep it neutral"} // the demo's own private note
	without := exportAll(t, d, ExportOptions{Now: testNow})
	for format, b := range without {
		for _, s := range sentinels {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("the %s export without private notes contains %q", format, s)
			}
		}
	}
	if bytes.Contains(without[FormatJSON], []byte(`"private_notes"`)) {
		t.Error("the JSON export without private notes has a private_notes key")
	}
	with := exportAll(t, d, ExportOptions{IncludePrivate: true, Now: testNow})
	for _, format := range []string{FormatJSON, FormatMarkdown} {
		for _, s := range sentinels {
			if !bytes.Contains(with[format], []byte(s)) {
				t.Errorf("the %s export with private notes lacks %q", format, s)
			}
		}
	}
	if d.Flows[2].Source.PrivateNotes != "PRIVATE-NOTE-source" {
		t.Error("exporting stripped the private notes from the session itself")
	}
}

var exportedAtLine = regexp.MustCompile(`(?m)^(  "exported_at": |- \*\*Exported:\*\* |<dt>Exported</dt><dd>).*$`)

func TestExportIsDeterministic(t *testing.T) {
	d := model.DemoAnswers(testNow)
	first := exportAll(t, d, ExportOptions{Now: testNow})
	second := exportAll(t, d, ExportOptions{Now: testNow.Add(26 * time.Hour)})
	for format := range first {
		a := exportedAtLine.ReplaceAll(first[format], []byte("$1-"))
		b := exportedAtLine.ReplaceAll(second[format], []byte("$1-"))
		if !bytes.Equal(a, b) {
			t.Errorf("two %s exports of one session differ beyond exported_at", format)
		}
	}
	if bytes.Equal(first[FormatJSON], second[FormatJSON]) {
		t.Error("exported_at did not change with the time of export")
	}
}

func TestExportRoundTrip(t *testing.T) {
	for _, private := range []bool{false, true} {
		d := model.DemoAnswers(testNow)
		for i, field := range everyTextField() {
			if i%3 == 0 { // credentials in a third of the fields, private notes among them
				field.set(d, "token="+strings.Repeat("x7", i+4))
			}
		}
		opt := ExportOptions{IncludePrivate: private, Now: testNow}
		first := exportAll(t, d, opt)
		imported, err := model.DecodeDocument(first[FormatJSON])
		if err != nil {
			t.Fatalf("private %v: the export does not import: %v", private, err)
		}
		again := exportAll(t, imported, opt)
		for format := range first {
			if !bytes.Equal(first[format], again[format]) {
				t.Errorf("private %v: %s export -> import -> export changed the bytes", private, format)
			}
		}
	}
}

func TestExportLeavesItsInputAlone(t *testing.T) {
	d := model.DemoAnswers(testNow)
	d.Schema = ""
	before := mustEncode(t, d)
	out := Export(d, ExportOptions{Now: time.Date(2026, 3, 14, 10, 30, 0, 500, time.FixedZone("CET", 3600))})
	if after := mustEncode(t, d); after != before {
		t.Fatal("Export changed the document it was given")
	}
	if out.Schema != model.SchemaID || out.ExportedAt != "2026-03-14T09:30:00Z" || out.Summary == nil {
		t.Fatalf("export stamped schema %q, exported_at %q, summary %v", out.Schema, out.ExportedAt, out.Summary != nil)
	}
	out.Flows[0].Failure.Risks[0].Title = "changed"
	out.Session.Participants[0] = "changed"
	out.Flows[0].Source.OtherWriters[0] = "changed"
	if d.Flows[0].Failure.Risks[0].Title == "changed" || d.Session.Participants[0] == "changed" || d.Flows[0].Source.OtherWriters[0] == "changed" {
		t.Fatal("the export shares memory with its input")
	}
	if ps := model.Validate(&Export(model.DemoAnswers(testNow), ExportOptions{IncludePrivate: true, Now: testNow}).Document); len(ps) > 0 {
		t.Fatalf("the demo's export does not validate: %v", ps)
	}
}

func TestRender(t *testing.T) {
	d := model.DemoAnswers(testNow)
	for _, c := range []struct{ format, starts string }{
		{"json", "{\n"}, {"JSON", "{\n"}, {"markdown", "# "}, {"md", "# "}, {"csv", "id,rank,score,"},
		{"html", "<!DOCTYPE html>"}, {"jira", "\uFEFFSummary,Description,"}, {"mermaid", "flowchart LR\n"}, {"dot", "digraph "}, {"xlsx", "PK"},
		{"docx", "PK"}, {"pptx", "PK"}, {"svg", "<?xml"}, {"png", "\x89PNG"},
	} {
		b, err := Render(d, c.format, ExportOptions{Now: testNow})
		if err != nil || !bytes.HasPrefix(b, []byte(c.starts)) {
			t.Errorf("Render %s: %v, starts %q", c.format, err, b[:min(len(b), 12)])
		}
	}
	_, err := Render(d, "xml", ExportOptions{Now: testNow})
	if err == nil || !strings.Contains(err.Error(), "use json, markdown, html, pdf, docx, pptx, xlsx, csv, jira, mermaid, dot, svg, png") {
		t.Fatalf("Render xml: %v", err)
	}
}

// One export written in each format gives what rendering each gives, so the
// app can export once and write every format from it.
func TestWriteOneExportInEveryFormat(t *testing.T) {
	d := model.DemoAnswers(testNow)
	opt := ExportOptions{Now: testNow}
	e := Export(d, opt)
	for format, want := range exportAll(t, d, opt) {
		var b bytes.Buffer
		if err := Write(&b, e, format); err != nil {
			t.Fatal(err)
		}
		got := b.Bytes()
		switch format {
		case FormatXLSX:
			got = workbookText(t, got)
		case FormatDOCX, FormatPPTX:
			got = officeText(t, got)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("Write %s differs from Render %s", format, format)
		}
	}
	if err := Write(io.Discard, e, "xml"); err == nil {
		t.Error("Write took the format xml")
	}
}

// failingWriter takes a few bytes and then fails, as a full disk does.
type failingWriter struct{ room int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.room {
		n := w.room
		w.room = 0
		return n, errors.New("no space left on the device")
	}
	w.room -= len(p)
	return len(p), nil
}

// The renderers write as they go, so a write that fails half-way must end
// the export with its error rather than a truncated file reported as done.
func TestAFailedWriteIsReported(t *testing.T) {
	d := model.Generate(40, 3, 1)
	for _, format := range writtenHere() {
		err := RenderTo(&failingWriter{room: 1000}, d, format, ExportOptions{Now: testNow})
		if err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("%s: a failed write gave %v", format, err)
		}
	}
}
