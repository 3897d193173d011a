package report

import (
	"bufio"
	"io"
	"strings"
	"unicode"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// severityStroke is the colour an arrow is drawn in for the worst open risk
// of its flow, dark enough to read on white; "" is a flow with none.
var severityStroke = map[string]string{
	review.SeverityCritical: "#b71c1c", review.SeverityHigh: "#e65100",
	review.SeverityMedium: "#8d6e00", review.SeverityLow: "#33691e", "": "#757575",
}

// severityWidth makes the worse arrows the thicker ones, so the mark reads in
// greyscale too.
var severityWidth = map[string]string{
	review.SeverityCritical: "3", review.SeverityHigh: "2.5", review.SeverityMedium: "2", review.SeverityLow: "1.5", "": "1",
}

// WriteMermaid writes the current-state map as a Mermaid flowchart: one
// subgraph per kind of system, one node per system, one edge per flow
// (two through its middleware: into it and out of it), labelled with the
// flow and its worst open risk. GitHub and most wikis draw it; every label
// is quoted and escaped, so no text typed in the room can end a label or
// the block it sits in.
func WriteMermaid(w io.Writer, e *Exported) error {
	b := bufio.NewWriterSize(w, writeBuffer)
	writeMermaid(b, buildMap(&e.Document, summaryOf(e)))
	return b.Flush()
}

func writeMermaid(b *bufio.Writer, g *mapGraph) {
	b.WriteString("flowchart LR\n")
	for gi, grp := range g.groups {
		b.WriteString("  subgraph g" + itoa(gi+1) + "[\"" + mermaidText(grp.title) + "\"]\n")
		for _, n := range grp.nodes {
			label := g.nodes[n].name
			if g.nodes[n].mark != "" {
				label += " · " + g.nodes[n].mark
			}
			b.WriteString("    " + g.nodes[n].key + "[\"" + mermaidText(label) + "\"]\n")
		}
		b.WriteString("  end\n")
	}
	// A system the target map marks (a new one) is framed as the SVG map
	// frames it.
	for _, n := range g.nodes {
		if n.mark != "" {
			b.WriteString("  style " + n.key + " stroke:" + markStroke + ",stroke-width:3px\n")
		}
	}
	var styles []string
	for i := range g.edges {
		e := &g.edges[i]
		for _, seg := range g.arrows(e) {
			b.WriteString("  " + g.nodes[seg.from].key + " -->|\"" + mermaidText(seg.label) + "\"| " + g.nodes[seg.to].key + "\n")
			styles = append(styles, "stroke:"+severityStroke[e.severity]+",stroke-width:"+severityWidth[e.severity]+"px")
		}
	}
	for i, style := range styles {
		b.WriteString("  linkStyle " + itoa(i) + " " + style + "\n")
	}
}

// arrow is one arrow a diagram draws of a flow.
type arrow struct {
	from, to int
	label    string
}

// arrows are the arrows of a flow: from its source through its middleware
// to its target, so an iPaaS is drawn joined to the systems it links, the
// first arrow labelled with the flow and its worst risk, the second with
// the flow's name. A flow with no middleware, or whose middleware is one
// of its ends, is one arrow that names the middleware in words.
func (g *mapGraph) arrows(e *mapEdge) []arrow {
	if e.via < 0 || e.via == e.from || e.via == e.to {
		return []arrow{{e.from, e.to, g.edgeText(e)}}
	}
	return []arrow{{e.from, e.via, e.label()}, {e.via, e.to, e.name}}
}

// edgeText is an edge's label in a diagram that draws the flow as one arrow:
// the middleware it goes through is named in words.
func (g *mapGraph) edgeText(e *mapEdge) string {
	label := e.label()
	if e.via >= 0 {
		label = e.name + " via " + g.nodes[e.via].name
		if e.severity != "" {
			label += " · " + e.severity + " " + itoa(e.score)
		}
	}
	return label
}

// mermaidText makes text safe inside a quoted Mermaid label: letters, digits
// and plain punctuation as they are, everything Mermaid or the HTML it draws
// with would read (quotes, #, <, >, &, backticks, brackets, pipes) as an
// entity code, line breaks and control characters as spaces.
func mermaidText(s string) string {
	s = strings.Join(strings.Fields(sanitizeText(s)), " ")
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(" .,:-/'·?!()%+", r):
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(r)
		default:
			b.WriteString("#" + itoa(int(r)) + ";")
		}
	}
	return b.String()
}

// WriteDOT writes the current-state map as a Graphviz digraph: one cluster
// per kind of system, one node per system, one edge per flow (two through
// its middleware), coloured and weighted by its worst open risk. `dot -Tsvg`
// or `dot -Tpdf` draws it. newrank ranks the clusters' nodes as one graph:
// without it Graphviz 2.43 crashes on maps of a few hundred flows.
func WriteDOT(w io.Writer, e *Exported) error {
	b := bufio.NewWriterSize(w, writeBuffer)
	g := buildMap(&e.Document, summaryOf(e))
	b.WriteString("digraph current_state_map {\n")
	b.WriteString("  graph [rankdir=LR, newrank=true, fontname=\"Helvetica\", labelloc=t, label=" + dotString("Current-state map: "+sessionTitle(&e.Document)) + "];\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for gi, grp := range g.groups {
		b.WriteString("  subgraph cluster_" + itoa(gi+1) + " {\n")
		b.WriteString("    label=" + dotString(grp.title) + "; style=\"rounded\"; color=\"#9e9e9e\";\n")
		for _, n := range grp.nodes {
			b.WriteString("    " + g.nodes[n].key + " [label=" + dotString(g.nodes[n].name) + "];\n")
		}
		b.WriteString("  }\n")
	}
	for i := range g.edges {
		e := &g.edges[i]
		for _, seg := range g.arrows(e) {
			b.WriteString("  " + g.nodes[seg.from].key + " -> " + g.nodes[seg.to].key + " [label=" + dotString(seg.label) +
				", color=\"" + severityStroke[e.severity] + "\", fontcolor=\"" + severityStroke[e.severity] + "\", penwidth=" + severityWidth[e.severity])
			if e.severity == "" {
				b.WriteString(", style=dashed")
			}
			b.WriteString("];\n")
		}
	}
	b.WriteString("}\n")
	return b.Flush()
}

// dotString quotes text for DOT: backslashes and quotes escaped, line breaks
// as Graphviz's \n, and &, < and > as entities, which Graphviz turns back
// into the characters.
func dotString(s string) string {
	s = strings.TrimSpace(sanitizeText(s))
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// sessionTitle is what a pack is called: the session's name as the room
// gave it, or its id when it has none.
func sessionTitle(d *model.Document) string {
	if name := strings.TrimSpace(d.Session.Name); name != "" {
		return name
	}
	if d.Session.ID != "" {
		return d.Session.ID
	}
	return "Integration architecture review"
}
