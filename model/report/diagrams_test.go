package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/internal/testtool"
	"github.com/archreview/archreview/model"
)

// svgElement is an element of an SVG, as a test reads it back.
type svgElement struct {
	name  string
	attrs map[string]string
}

// parseSVG reads an SVG as XML, failing the test when it is not well-formed.
func parseSVG(t *testing.T, b []byte) []svgElement {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []svgElement
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			attrs := map[string]string{}
			for _, a := range el.Attr {
				attrs[a.Name.Local] = a.Value
			}
			out = append(out, svgElement{el.Name.Local, attrs})
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 || len(out) == 0 || out[0].name != "svg" {
		t.Fatalf("the SVG is not one <svg> element (depth %d, %d elements)", depth, len(out))
	}
	return out
}

func floatAttr(t *testing.T, e svgElement, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.attrs[name], 64)
	if err != nil {
		t.Fatalf("<%s> has %s=%q", e.name, name, e.attrs[name])
	}
	return v
}

// systemBoxes are the boxes of the systems of a map, in order.
func systemBoxes(t *testing.T, els []svgElement) (ids []string, boxes []rect) {
	t.Helper()
	for i, e := range els {
		if e.name == "g" && e.attrs["class"] == "system" {
			ids = append(ids, e.attrs["data-id"])
			for _, inner := range els[i+1:] {
				if inner.name == "rect" && inner.attrs["class"] == "box" {
					boxes = append(boxes, rect{floatAttr(t, inner, "x"), floatAttr(t, inner, "y"), floatAttr(t, inner, "width"), floatAttr(t, inner, "height")})
					break
				}
			}
		}
	}
	return ids, boxes
}

func TestMapSVGHasEverySystemAndFlow(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  *model.Document
	}{{"demo", model.DemoAnswers(testNow)}, {"40 systems", model.Generate(280, 2, 7)}, {"hostile", hostileSession()}} {
		t.Run(c.name, func(t *testing.T) {
			e := Export(c.doc, ExportOptions{Now: testNow})
			b := written(t, WriteMapSVG, e)
			els := parseSVG(t, b)
			ids, boxes := systemBoxes(t, els)
			if len(ids) != len(c.doc.Systems) || len(boxes) != len(ids) {
				t.Fatalf("%d system nodes (%d boxes) for %d systems", len(ids), len(boxes), len(c.doc.Systems))
			}
			for _, s := range c.doc.Systems {
				if !strings.Contains(strings.Join(ids, "\n"), s.ID) {
					t.Errorf("system %s is not on the map", s.ID)
				}
			}
			var flows []string
			for _, el := range els {
				if el.name == "path" && el.attrs["class"] == "flow" {
					flows = append(flows, el.attrs["data-flow"])
					if !strings.HasPrefix(el.attrs["d"], "M") || !strings.Contains(el.attrs["marker-end"], "url(#map-arrow-") {
						t.Errorf("flow %s is not an arrow: %v", el.attrs["data-flow"], el.attrs)
					}
				}
			}
			if len(flows) != len(c.doc.Flows) {
				t.Fatalf("%d flow edges for %d flows", len(flows), len(c.doc.Flows))
			}
			for i := range c.doc.Flows {
				if flows[i] != c.doc.Flows[i].ID {
					t.Errorf("edge %d is flow %q, want %q", i, flows[i], c.doc.Flows[i].ID)
				}
			}
			for i := range boxes {
				for j := i + 1; j < len(boxes); j++ {
					if boxes[i].overlaps(boxes[j]) {
						t.Errorf("the boxes of %s and %s overlap: %v %v", ids[i], ids[j], boxes[i], boxes[j])
					}
				}
			}
			if c.name == "40 systems" && len(boxes) != 40 {
				t.Fatalf("the generated session has %d systems, want 40", len(boxes))
			}
			view := strings.Fields(els[0].attrs["viewBox"])
			w, _ := strconv.ParseFloat(view[2], 64)
			h, _ := strconv.ParseFloat(view[3], 64)
			for i, r := range boxes {
				if r.x < 0 || r.y < 0 || r.right() > w || r.bottom() > h {
					t.Errorf("the box of %s (%v) is outside the picture (%v×%v)", ids[i], r, w, h)
				}
			}
		})
	}
}

// The arrow of a flow is marked by its worst open risk, in colour and in
// words, so the map reads in greyscale too.
func TestMapMarksEachFlowByItsWorstRisk(t *testing.T) {
	d := model.DemoAnswers(testNow)
	e := Export(d, ExportOptions{Now: testNow})
	worst := map[string]string{}
	for _, r := range e.Summary.Risks {
		if r.Flow != "" && severityRank(r.Severity) > severityRank(worst[r.Flow]) {
			worst[r.Flow] = r.Severity
		}
	}
	els := parseSVG(t, written(t, WriteMapSVG, e))
	seen := 0
	for _, el := range els {
		if el.name == "path" && el.attrs["class"] == "flow" {
			seen++
			if got, want := el.attrs["data-severity"], worst[el.attrs["data-flow"]]; got != want {
				t.Errorf("flow %s is marked %q, its worst risk is %q", el.attrs["data-flow"], got, want)
			}
			if el.attrs["stroke"] != severityStroke[worst[el.attrs["data-flow"]]] {
				t.Errorf("flow %s is drawn in %s", el.attrs["data-flow"], el.attrs["stroke"])
			}
		}
	}
	if seen != len(d.Flows) {
		t.Fatalf("%d arrows", seen)
	}
	svg := string(written(t, WriteMapSVG, e))
	if !strings.Contains(svg, ">critical 25</tspan>") {
		t.Error("no arrow label says its worst risk in words")
	}
}

func TestHeatMapCountsTheOpenRisks(t *testing.T) {
	e := demoExport()
	els := parseSVG(t, written(t, WriteHeatMapSVG, e))
	total, cells := 0, 0
	for _, el := range els {
		if el.name != "g" || el.attrs["class"] != "cell" {
			continue
		}
		cells++
		imp, _ := strconv.Atoi(el.attrs["data-impact"])
		like, _ := strconv.Atoi(el.attrs["data-likelihood"])
		n, _ := strconv.Atoi(el.attrs["data-count"])
		want := 0
		for _, r := range e.Summary.Risks {
			if r.Impact == imp && r.Likelihood == like {
				want++
			}
		}
		if n != want {
			t.Errorf("cell impact %d × likelihood %d counts %d, the register %d", imp, like, n, want)
		}
		if el.attrs["data-severity"] != severityOfScore(imp*like) {
			t.Errorf("cell %d×%d is in band %s", imp, like, el.attrs["data-severity"])
		}
		total += n
	}
	if cells != 25 || total != len(e.Summary.Risks) {
		t.Fatalf("%d cells holding %d risks, want 25 holding %d", cells, total, len(e.Summary.Risks))
	}
}

func severityOfScore(score int) string {
	switch {
	case score >= 15:
		return "critical"
	case score >= 10:
		return "high"
	case score >= 5:
		return "medium"
	}
	return "low"
}

// mustTool finds a program the test reads an export with, or fails with
// the message every package's tests give for a missing tool.
func mustTool(t *testing.T, name string) string {
	t.Helper()
	return testtool.Require(t, name, "the report tests read the exports with it")
}

func TestDOTPassesGraphviz(t *testing.T) {
	dot := mustTool(t, "dot")
	for name, d := range map[string]*model.Document{"demo": model.DemoAnswers(testNow), "hostile": hostileSession()} {
		e := Export(d, ExportOptions{Now: testNow})
		src := written(t, WriteDOT, e)
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = bytes.NewReader(src)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("%s: dot -Tsvg refused the DOT file: %v\n%s", name, err, stderr.String())
		}
		els := parseSVG(t, out)
		nodes, edges := 0, 0
		for _, el := range els {
			if el.name == "g" {
				switch el.attrs["class"] {
				case "node":
					nodes++
				case "edge":
					edges++
				}
			}
		}
		if nodes != len(d.Systems) || edges != arrowsOf(d) {
			t.Errorf("%s: Graphviz drew %d nodes and %d edges for %d systems and %d flows (%d arrows)", name, nodes, edges, len(d.Systems), len(d.Flows), arrowsOf(d))
		}
		if bytes.Contains(out, []byte("<script")) {
			t.Errorf("%s: a <script> typed in the room reaches Graphviz's SVG", name)
		}
	}
}

var mermaidEdge = regexp.MustCompile(`(?m)^  s\d+ -->\|"[^"\n]*"\| s\d+$`)

// arrowsOf is how many arrows a map of d draws: one a flow, two for a
// flow through middleware that is neither of its ends.
func arrowsOf(d *model.Document) int {
	n := 0
	for _, f := range d.Flows {
		n++
		if f.Via != "" && f.Via != f.From && f.Via != f.To {
			n++
		}
	}
	return n
}

func TestMermaidHasOneEdgePerFlow(t *testing.T) {
	for name, d := range map[string]*model.Document{"demo": model.DemoAnswers(testNow), "hostile": hostileSession()} {
		e := Export(d, ExportOptions{Now: testNow})
		src := string(written(t, WriteMermaid, e))
		if got := len(mermaidEdge.FindAllString(src, -1)); got != arrowsOf(d) {
			t.Errorf("%s: %d edges for %d flows, %d arrows:\n%s", name, got, len(d.Flows), arrowsOf(d), src)
		}
		if got := strings.Count(src, "-->"); got != arrowsOf(d) {
			t.Errorf("%s: %d arrows for %d flows, want %d", name, got, len(d.Flows), arrowsOf(d))
		}
		if got := strings.Count(src, "linkStyle "); got != arrowsOf(d) {
			t.Errorf("%s: %d link styles for %d arrows", name, got, arrowsOf(d))
		}
		for _, line := range strings.Split(strings.TrimSpace(src), "\n") {
			// A label is one quoted string: no quote, backtick, # or angle bracket of the room's text is left raw in it.
			if i := strings.IndexByte(line, '"'); i >= 0 {
				label := line[i+1 : strings.LastIndexByte(line, '"')]
				if strings.ContainsAny(label, "\"`<>[]|") {
					t.Errorf("%s: a Mermaid label keeps raw markup: %q", name, label)
				}
			}
		}
		md := string(written(t, WriteMarkdown, e))
		if !strings.Contains(md, "```mermaid\n"+src+"```\n") {
			t.Errorf("%s: the Markdown pack does not hold the Mermaid map", name)
		}
	}
}

// viaSession is three systems and one flow from the storefront to the ERP
// through the iPaaS.
func viaSession() *model.Document {
	return &model.Document{
		Session: model.Session{ID: "s", Name: "Via"},
		Systems: []model.System{{ID: "web", Name: "Shop", Kind: "storefront"}, {ID: "erp", Name: "Ledger", Kind: "erp"}, {ID: "mid", Name: "Hub", Kind: "ipaas"}},
		Flows:   []model.Flow{{ID: "f", Name: "Orders", From: "web", To: "erp", Via: "mid"}},
	}
}

// The middleware a flow goes through is joined to both its ends, in DOT
// and in Mermaid: an iPaaS is never drawn floating on its own.
func TestViaSystemHasEdges(t *testing.T) {
	e := Export(viaSession(), ExportOptions{Now: testNow})
	g := buildMap(&e.Document, e.Summary)
	key := map[string]string{}
	for _, n := range g.nodes {
		key[n.id] = n.key
	}
	web, erp, mid := key["web"], key["erp"], key["mid"]
	dot := string(written(t, WriteDOT, e))
	for _, want := range []string{web + " -> " + mid + " [", mid + " -> " + erp + " ["} {
		if !strings.Contains(dot, want) {
			t.Errorf("the DOT map has no edge %q:\n%s", want, dot)
		}
	}
	if strings.Contains(dot, web+" -> "+erp+" [") {
		t.Errorf("the DOT map still draws the flow past its middleware:\n%s", dot)
	}
	mermaid := string(written(t, WriteMermaid, e))
	for _, want := range []string{"  " + web + ` -->|"Orders"| ` + mid + "\n", "  " + mid + ` -->|"Orders"| ` + erp + "\n"} {
		if !strings.Contains(mermaid, want) {
			t.Errorf("the Mermaid map has no edge %q:\n%s", want, mermaid)
		}
	}
	dotTool := mustTool(t, "dot")
	cmd := exec.Command(dotTool, "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dot -Tsvg: %v", err)
	}
	for _, title := range []string{web + "&#45;&gt;" + mid, mid + "&#45;&gt;" + erp} {
		if !strings.Contains(string(out), "<title>"+title+"</title>") {
			t.Errorf("Graphviz drew no edge %s", title)
		}
	}
}

// largeMap is a generated session of 1,000 flows across 300 systems, half
// of the flows through middleware.
func largeMap() *model.Document {
	d := model.Generate(1000, 1, 1)
	kinds := []model.SystemKind{"storefront", "erp", "oms", "pim", "wms", "marketplace", "ipaas", "middleware", "crm", "payment"}
	for i := len(d.Systems); i < 300; i++ {
		d.Systems = append(d.Systems, model.System{ID: "extra-" + itoa(i), Name: "System " + itoa(i+1), Kind: kinds[i%len(kinds)]})
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		f.From, f.To = d.Systems[(i*7)%300].ID, d.Systems[(i*13+1)%300].ID
		if i%2 == 0 {
			f.Via = d.Systems[(i*3+2)%300].ID
		} else {
			f.Via = ""
		}
	}
	return d
}

// Graphviz draws the map of a program-sized review: 300 systems, 1,000
// flows. Without newrank, Graphviz 2.43 crashed on maps far smaller.
func TestDOTRendersALargeMap(t *testing.T) {
	dotTool := mustTool(t, "dot")
	d := largeMap()
	e := Export(d, ExportOptions{Now: testNow})
	src := written(t, WriteDOT, e)
	if !bytes.Contains(src, []byte("newrank=true")) {
		t.Fatal("the DOT map does not set newrank")
	}
	cmd := exec.Command(dotTool, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("dot -Tsvg failed on 300 systems and 1,000 flows: %v\n%.2000s", err, stderr.String())
	}
	nodes, edges := bytes.Count(out, []byte(`class="node"`)), bytes.Count(out, []byte(`class="edge"`))
	if nodes != len(d.Systems) || edges != arrowsOf(d) {
		t.Errorf("Graphviz drew %d nodes and %d edges for %d systems and %d arrows", nodes, edges, len(d.Systems), arrowsOf(d))
	}
	mermaid := written(t, WriteMermaid, e)
	if got := bytes.Count(mermaid, []byte("-->")); got != arrowsOf(d) {
		t.Errorf("the Mermaid map has %d arrows for %d", got, arrowsOf(d))
	}
}
