package report

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
	"text/template"
	"time"

	"github.com/archreview/archreview/model"
)

// The Word document and the slides are Office Open XML packages: a zip of
// XML parts. officePackage writes one with the same bytes for the same
// content: its parts in the order they are added, each stamped with the
// session's last change, never the clock, so --stable (and any export of
// unchanged content) gives identical files.

// officePackage is an Office Open XML package being written.
type officePackage struct {
	zw    *zip.Writer
	stamp time.Time
	err   error
}

func newOfficePackage(w io.Writer, d *model.Document) *officePackage {
	return &officePackage{zw: zip.NewWriter(w), stamp: sessionStamp(d)}
}

// sessionStamp is the time the session last changed, as its parts' times
// and its properties' modified date: its update, else its creation, else
// the zip format's first day.
func sessionStamp(d *model.Document) time.Time {
	for _, s := range []string{d.Session.UpdatedAt, d.Session.CreatedAt} {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC().Truncate(time.Second)
		}
	}
	return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
}

// add writes one part.
func (p *officePackage) add(name string, data []byte) {
	p.write(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// addTemplate writes one part from a template of officeTemplates.
func (p *officePackage) addTemplate(name, tmpl string, data any) {
	p.write(name, func(w io.Writer) error { return officeTemplates.ExecuteTemplate(w, tmpl, data) })
}

func (p *officePackage) write(name string, fill func(io.Writer) error) {
	if p.err != nil {
		return
	}
	method := zip.Deflate
	if strings.HasSuffix(name, ".png") {
		method = zip.Store // already compressed
	}
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: p.stamp})
	if err == nil {
		err = fill(w)
	}
	p.err = err
}

// close ends the package; the first error of any part is its error.
func (p *officePackage) close() error {
	if p.err != nil {
		return p.err
	}
	return p.zw.Close()
}

// xmlEscape is text as XML character data or an attribute value: markup
// escaped, what an Office file may not hold (control characters, the
// direction overrides) left out, bytes that are not UTF-8 made U+FFFD.
func xmlEscape(s string) string {
	var b strings.Builder
	writeXMLText(&b, s)
	return b.String()
}

func writeXMLText(w io.Writer, s string) {
	clean := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !model.IsTerminalControl(r) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, "\uFFFD"))
	_ = xml.EscapeText(w, []byte(clean)) // the writer's error is its own: a buffer keeps it for its Flush
}

// coreProperties are the document properties Word and PowerPoint show:
// the title, the facilitator as author, the session's dates.
type coreProperties struct {
	Title, Subject, Creator, Company, Created, Modified string
}

func corePropertiesOf(d *model.Document, firm *Firm) coreProperties {
	s := d.Session
	modified := sessionStamp(d).Format(time.RFC3339)
	created := modified
	if t, err := time.Parse(time.RFC3339, s.CreatedAt); err == nil {
		created = t.UTC().Format(time.RFC3339)
	}
	return coreProperties{
		Title: oneLine(sessionTitle(d)), Subject: PackSubtitle, Creator: oneLine(s.Facilitator), Company: oneLine(firmName(firm)),
		Created: created, Modified: modified,
	}
}

// officeTemplates are the parts of both packages that are the same shape
// every time: content types, relationships, properties.
var officeTemplates = template.Must(template.New("office").Funcs(template.FuncMap{
	"x":      xmlEscape,
	"add":    func(a, b int) int { return a + b },
	"slides": func(n int) []struct{} { return make([]struct{}, n) },
}).Parse(`
{{- define "core"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{{x .Title}}</dc:title><dc:subject>{{x .Subject}}</dc:subject><dc:creator>{{x .Creator}}</dc:creator><cp:lastModifiedBy>{{x .Creator}}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">{{.Created}}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{{.Modified}}</dcterms:modified></cp:coreProperties>
{{end}}
{{- define "app"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>archreview</Application>{{if .Company}}<Company>{{x .Company}}</Company>{{end}}</Properties>
{{end}}
{{- define "rels"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{{range .}}<Relationship Id="{{.ID}}" Type="{{.Type}}" Target="{{x .Target}}"{{with .TargetMode}} TargetMode="{{.}}"{{end}}/>{{end}}</Relationships>
{{end}}
{{- define "types"}}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>{{range .}}<Override PartName="{{.Part}}" ContentType="{{.Type}}"/>{{end}}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>
{{end}}`))

// relationship is one line of a part's relationships.
type relationship struct{ ID, Type, Target string }

// contentType is one part's media type in [Content_Types].xml.
type contentType struct{ Part, Type string }

// Relationship types.
const (
	relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relCoreProps      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	relAppProps       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
	relImage          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
	relStyles         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
)

// packageRels are the package's own relationships: the main part and the
// properties.
func packageRels(main string) []relationship {
	return []relationship{{"rId1", relOfficeDocument, main}, {"rId2", relCoreProps, "docProps/core.xml"}, {"rId3", relAppProps, "docProps/app.xml"}}
}

// addProperties writes docProps/core.xml and docProps/app.xml.
func (p *officePackage) addProperties(props coreProperties) {
	p.addTemplate("docProps/core.xml", "core", props)
	p.addTemplate("docProps/app.xml", "app", props)
}

// emuPerUnit is how many of Office's English Metric Units an SVG unit (a
// CSS pixel, 1/96 inch) is.
const emuPerUnit = 914400 / 96
