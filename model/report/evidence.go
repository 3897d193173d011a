package report

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// Evidence links in the packs: beside what they back, as references. Only
// a web address becomes a link (in HTML with rel="noopener noreferrer", so
// the page opened learns nothing of the pack); a file path or a ticket key
// is shown as text, for nobody's browser can follow it. Nothing is fetched.

// evidenceRef is one link as a pack shows it.
type evidenceRef struct {
	Title string // the label, or the address when it has none
	URL   string
	Web   bool   // an http(s) address, written as a hyperlink
	Shown string // the address in words beside a label, for text references
}

func evidenceRefs(list []model.Evidence) []evidenceRef {
	out := make([]evidenceRef, 0, len(list))
	for _, e := range list {
		ref := evidenceRef{Title: oneLine(e.Title()), URL: strings.TrimSpace(e.URL), Web: e.Kind() == model.EvidenceWeb}
		if !ref.Web && ref.Title != ref.URL {
			ref.Shown = ref.URL
		}
		out = append(out, ref)
	}
	return out
}

var evidenceTemplate = template.Must(template.New("evidence").Funcs(template.FuncMap{"u": userHTML}).Parse(
	`<p class="evidence">Evidence: {{range $i, $e := .}}{{if $i}}; {{end}}` +
		`{{if $e.Web}}<a href="{{$e.URL}}" rel="noopener noreferrer">{{u $e.Title}}</a>` +
		`{{else}}{{u $e.Title}}{{with $e.Shown}} (<span class="ref">{{u .}}</span>){{end}}{{end}}{{end}}</p>`))

// evidenceHTML is the references line of a step's answers or a risk; ""
// without links.
func evidenceHTML(list []model.Evidence) template.HTML {
	if len(list) == 0 {
		return ""
	}
	var b strings.Builder
	if err := evidenceTemplate.Execute(&b, evidenceRefs(list)); err != nil {
		return ""
	}
	return template.HTML(b.String()) // html/template escaped every text and address above
}

// mdEvidence is links in Markdown: a web address as [label](address), the
// rest as text; "" without links.
func mdEvidence(list []model.Evidence) string {
	parts := make([]string, 0, len(list))
	for _, ref := range evidenceRefs(list) {
		switch {
		case ref.Web:
			// mdText leaves "]" alone, which would end the link's text.
			parts = append(parts, "["+strings.ReplaceAll(mdText(ref.Title), "]", `\]`)+"]("+mdDestination(ref.URL)+")")
		case ref.Shown != "":
			parts = append(parts, mdText(ref.Title)+" ("+mdText(ref.Shown)+")")
		default:
			parts = append(parts, mdText(ref.Title))
		}
	}
	return strings.Join(parts, "; ")
}

// mdDestination writes a web address as a link's destination: the
// characters that would end or break it are percent-encoded.
func mdDestination(u string) string {
	return strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20", `\`, "%5C", "[", "%5B", "]", "%5D", "|", "%7C").Replace(u)
}

// evidenceCell is links in one spreadsheet cell, one a line.
func evidenceCell(list []model.Evidence) string {
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = review.LinkWords(e)
	}
	return strings.Join(lines, "\n")
}

// SheetEvidence lists every link of the session with what it backs.
const SheetEvidence = "Evidence"

// linkBacking is one link of the session and what it backs.
type linkBacking struct {
	Backs string
	Link  model.Evidence
}

// evidenceLines lists every link of the document in its order: each
// flow's steps and risks, then the session's risks, the domain decisions
// and the open questions.
func evidenceLines(d *model.Document) []linkBacking {
	var out []linkBacking
	add := func(backs string, list []model.Evidence) {
		for _, e := range list {
			out = append(out, linkBacking{backs, e})
		}
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		for _, st := range model.Steps {
			add(oneLine(f.Name)+", "+strings.ToLower(st.Title()), *f.StepEvidence(st))
		}
		for _, r := range f.Failure.Risks {
			add("risk "+oneLine(r.Title), r.Evidence)
		}
	}
	for _, r := range d.Risks {
		add("risk "+oneLine(r.Title), r.Evidence)
	}
	for _, dd := range d.Domains {
		add("the "+dd.Name+" decision", dd.Evidence)
	}
	for _, q := range d.OpenQuestions {
		add("question "+oneLine(q.Question), q.Evidence)
	}
	return out
}

// evidenceSheet is the workbook's sheet of links.
func evidenceSheet(d *model.Document) sheetSpec {
	lines := evidenceLines(d)
	return sheetSpec{name: SheetEvidence, table: "Evidence", severityCol: -1,
		header: []string{"Backs", "What it is", "Link"},
		rows:   len(lines), row: func(i int) []any {
			return []any{lines[i].Backs, lines[i].Link.Label, strings.TrimSpace(lines[i].Link.URL)}
		}}
}

// stepEvidence writes the references of a flow's steps under its answers.
func (m *mdWriter) stepEvidence(f *model.Flow) {
	for _, st := range model.Steps {
		if refs := mdEvidence(*f.StepEvidence(st)); refs != "" {
			m.para("Evidence, " + strings.ToLower(st.Title()) + ": " + refs)
		}
	}
}

// evidenceItem writes a risk's references as one more item of its list.
func (m *mdWriter) evidenceItem(list []model.Evidence) {
	if refs := mdEvidence(list); refs != "" {
		m.b.WriteString("- Evidence: " + refs + "\n")
	}
}

// decisionEvidence writes the references of the domain decisions under
// the source-of-truth table.
func (m *mdWriter) decisionEvidence() {
	for _, row := range m.sum.SourceOfTruth {
		if refs := mdEvidence(row.Evidence); refs != "" {
			m.para("Evidence, the " + mdText(row.Domain) + " decision: " + refs)
		}
	}
}

// questionEvidence writes the references of the open questions, by their
// number in the table above.
func (m *mdWriter) questionEvidence() {
	for i := range m.sum.OpenQuestions {
		if refs := mdEvidence(m.sum.OpenQuestions[i].Evidence); refs != "" {
			m.para(fmt.Sprintf("Evidence, question %d: %s", i+1, refs))
		}
	}
}
