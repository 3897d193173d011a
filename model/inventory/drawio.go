package inventory

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"
)

// A draw.io file is an mxfile of pages (diagram elements), each holding an
// mxGraphModel either as XML or compressed: base64 of the raw-deflated,
// URL-encoded XML. A page's cells are vertices (boxes) and edges (arrows).

// cell is one mxCell, with the label and id of an object wrapping it.
type cell struct {
	id, label, style, parent, source, target string
	vertex, edge                             bool
}

type page struct {
	name  string
	cells []cell
}

func parseDrawIO(b *builder, data []byte, opt Options) error {
	pages, err := drawIOPages(data)
	if err != nil {
		return err
	}
	p := pages[0]
	if opt.Sheet != "" {
		found := false
		for _, q := range pages {
			if nameKey(q.name) == nameKey(opt.Sheet) {
				p, found = q, true
			}
		}
		if !found {
			var names []string
			for _, q := range pages {
				names = append(names, q.name)
			}
			return fmt.Errorf("has no page %q; its pages are %q", opt.Sheet, names)
		}
	} else if len(pages) > 1 {
		b.leaveOut("pages after the first (%q): --sheet NAME reads another page", p.name)
	}
	if len(opt.Columns) > 0 {
		return errors.New("is a diagram, which has no columns for --map to name")
	}
	return b.readPage(p)
}

// drawIOPages are the file's pages, decompressed.
func drawIOPages(data []byte) ([]page, error) {
	root, err := rootElement(data)
	if err != nil {
		return nil, err
	}
	switch root {
	case "mxGraphModel":
		cells, err := readCells(data)
		return []page{{name: "Page-1", cells: cells}}, err
	case "mxfile":
	default:
		return nil, fmt.Errorf("is not a draw.io diagram: its XML starts with <%s>, not <mxfile>", root)
	}
	var file struct {
		Diagrams []struct {
			Name  string `xml:"name,attr"`
			Inner []byte `xml:",innerxml"`
		} `xml:"diagram"`
	}
	if err := xml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("is not a draw.io diagram that can be read: %v", err)
	}
	if len(file.Diagrams) == 0 {
		return nil, errors.New("is a draw.io file with no page")
	}
	var pages []page
	for _, d := range file.Diagrams {
		model := bytes.TrimSpace(d.Inner)
		if !bytes.HasPrefix(model, []byte("<")) {
			if model, err = inflatePage(model); err != nil {
				return nil, fmt.Errorf("page %q: %w", d.Name, err)
			}
		}
		cells, err := readCells(model)
		if err != nil {
			return nil, fmt.Errorf("page %q: %w", d.Name, err)
		}
		pages = append(pages, page{name: d.Name, cells: cells})
	}
	return pages, nil
}

// inflatePage undoes draw.io's compression: base64, raw deflate, then
// URL-encoding; what it inflates to is bounded.
func inflatePage(text []byte) ([]byte, error) {
	raw, err := base64.StdEncoding.AppendDecode(nil, bytes.Join(bytes.Fields(text), nil))
	if err != nil {
		return nil, errors.New("its compressed diagram is not base64")
	}
	r := flate.NewReader(bytes.NewReader(raw))
	inflated, err := io.ReadAll(io.LimitReader(r, maxUnpackedBytes+1))
	if err != nil {
		return nil, errors.New("its compressed diagram does not inflate")
	}
	if len(inflated) > maxUnpackedBytes {
		return nil, fmt.Errorf("its compressed diagram inflates to over %d MB; it is not imported", maxUnpackedBytes>>20)
	}
	xmlText, err := url.PathUnescape(string(inflated))
	if err != nil {
		return nil, errors.New("its compressed diagram is not URL-encoded XML")
	}
	return []byte(xmlText), nil
}

// rootElement is the name of the document's first element; reading stops
// there, and nesting past maxDepth anywhere is refused by checkDepth.
func rootElement(data []byte) (string, error) {
	if err := checkDepth(data); err != nil {
		return "", err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		t, err := d.Token()
		if err != nil {
			return "", errors.New("is not XML that can be read")
		}
		if s, ok := t.(xml.StartElement); ok {
			return s.Name.Local, nil
		}
	}
}

// checkDepth refuses XML nested deeper than any diagram is.
func checkDepth(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		t, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("is not XML that can be read: %v", err)
		}
		switch t.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return fmt.Errorf("nests its XML over %d levels deep, deeper than any diagram; it is not imported", maxDepth)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// readCells are a graph model's cells.
func readCells(data []byte) ([]cell, error) {
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var cells []cell
	var wrapper *cell // the object or UserObject around the next mxCell
	for {
		t, err := d.Token()
		if err == io.EOF {
			return cells, nil
		}
		if err != nil {
			return nil, fmt.Errorf("its diagram XML cannot be read: %v", err)
		}
		s, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) string {
			for _, a := range s.Attr {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
		switch s.Name.Local {
		case "object", "UserObject":
			label := attr("label")
			if label == "" {
				label = attr("value")
			}
			wrapper = &cell{id: attr("id"), label: label}
		case "mxCell":
			c := cell{id: attr("id"), label: attr("value"), style: attr("style"), parent: attr("parent"),
				source: attr("source"), target: attr("target"), vertex: attr("vertex") == "1", edge: attr("edge") == "1"}
			if wrapper != nil {
				c.id, c.label, wrapper = wrapper.id, wrapper.label, nil
			}
			cells = append(cells, c)
		}
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plainLabel is a cell's label as text: draw.io labels may be HTML.
func plainLabel(label string) string {
	label = strings.NewReplacer("<br>", " ", "<br/>", " ", "<div>", " ").Replace(label)
	return cleanName(html.UnescapeString(tags.ReplaceAllString(label, " ")))
}

// readPage makes systems of the page's boxes and flows of its arrows.
func (b *builder) readPage(p page) error {
	byID := map[string]*cell{}
	for i := range p.cells {
		byID[p.cells[i].id] = &p.cells[i]
	}
	edgeLabels := map[string]string{} // an edge's label held in a child cell
	systemOf := map[string]int{}
	for _, c := range p.cells {
		if !c.vertex {
			continue
		}
		label := plainLabel(c.label)
		style := strings.ToLower(c.style)
		switch {
		case byID[c.parent] != nil && byID[c.parent].edge:
			edgeLabels[c.parent] = strings.TrimSpace(edgeLabels[c.parent] + " " + label)
		case label == "":
			// a shape with no words is decoration
		case strings.HasPrefix(style, "text;") || strings.Contains(style, "edgelabel"):
			b.leaveOut("vertex %s (%q): a text box, not a system", c.id, label)
		case strings.Contains(style, "swimlane") || strings.Contains(style, "group") || strings.Contains(style, "container=1"):
			b.leaveOut("vertex %s (%q): a container around other boxes, not a system", c.id, label)
		default:
			s := System{Ref: "drawio:" + c.id, Name: label, At: "vertex " + c.id}
			if k := guessKind(label); k == "other" {
				s.Kind, s.KindGuessed = guessKind(style+" "+shapeWords(style)), true
			}
			systemOf[c.id] = b.system(s)
		}
	}
	var edges []edge
	for _, c := range p.cells {
		if !c.edge {
			continue
		}
		label := strings.TrimSpace(plainLabel(c.label) + " " + edgeLabels[c.id])
		at := "edge " + c.id
		if label != "" {
			at += fmt.Sprintf(" (%q)", label)
		}
		from, okFrom := systemOf[c.source]
		to, okTo := systemOf[c.target]
		if !okFrom || !okTo {
			end, id := "target", c.target
			if !okFrom {
				end, id = "source", c.source
			}
			return fmt.Errorf("%s ends at nothing: its %s %s", at, end, nothingThere(id, byID[id]))
		}
		edges = append(edges, edge{ref: "drawio:" + c.id, label: label, at: at, from: from, to: to, pattern: c.style})
	}
	b.addEdges(edges)
	return nil
}

// nothingThere says why an arrow's end is no system, to finish a sentence.
func nothingThere(id string, c *cell) string {
	switch {
	case id == "":
		return "is not connected to a shape; connect it or delete the arrow"
	case c == nil:
		return fmt.Sprintf("%q is no shape of the page; connect it or delete the arrow", id)
	}
	return fmt.Sprintf("%s is a shape that is no system (no label, a text box or a container); connect the arrow to a system", id)
}

// shapeWords turns a style's shape name into words: mxgraph.aws4.sqs → sqs.
func shapeWords(style string) string {
	for _, part := range strings.Split(style, ";") {
		if v, ok := strings.CutPrefix(part, "shape="); ok {
			return strings.ReplaceAll(v, ".", " ")
		}
	}
	return ""
}
