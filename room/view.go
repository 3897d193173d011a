package room

import (
	"bytes"
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/tui"
)

// What the room sees, drawn from the host's own copy of the session under
// the presenter rules: report.Export strips the private notes and redacts
// every credential (in a copy of its own) before anything here reads it, so
// no part can show what the exports would not.

// view is one rendering of the session, in parts (title, now, flows,
// decisions, register, map), each replaced whole on the page when it
// changes; it never changes once made, so
// the handlers read it from any goroutine.
type view struct {
	rev   uint64
	parts map[string]string
	doc   *report.Exported // nil while no session is open

	mu    sync.Mutex
	flows map[string]string // each flow's detail, drawn when first asked
}

// waitingView is the page while no session is open: every part, so a
// page that showed a session clears it.
var waitingView = &view{parts: map[string]string{
	"title":     `<h1>Waiting for the facilitator</h1>`,
	"now":       `<p class="muted">No session is open yet; this page follows as soon as one is.</p>`,
	"flows":     "",
	"decisions": "",
	"register":  "",
	"map":       "",
	"target":    "",
}}

// buildView renders a snapshot the host owns.
func buildView(s *tui.RoomSnapshot, now time.Time) *view {
	if s == nil || s.Doc == nil {
		return &view{rev: 0, parts: waitingView.parts}
	}
	// Export copies before it redacts: the snapshot is shared, read-only.
	e := report.Export(s.Doc, report.ExportOptions{Now: now, Rules: s.Rules})
	v := &view{rev: s.Rev, doc: e, parts: map[string]string{}, flows: map[string]string{}}
	d := &e.Document
	var current *model.Flow
	if s.Walking {
		if i := d.FlowIndex(s.Flow); i >= 0 {
			current = &d.Flows[i]
		}
	}
	v.parts["title"] = render("title", d.Session)
	v.parts["now"] = render("now", nowData{Flow: flowOf(d, current), Step: s.Step, Walking: current != nil})
	v.parts["flows"] = render("flows", flowsData{Flows: flowRows(d), Current: s.Flow})
	v.parts["decisions"] = render("decisions", e.Summary.DecisionsAsked)
	v.parts["register"] = render("register", e.Summary.Risks)
	v.parts["map"] = mapSVG(e)
	v.parts["target"] = targetSVG(e)
	return v
}

// flowHTML is one flow's detail, every step, drawn once per view.
func (v *view) flowHTML(id string) (string, bool) {
	if v.doc == nil {
		return "", false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if html, ok := v.flows[id]; ok {
		return html, true
	}
	d := &v.doc.Document
	i := d.FlowIndex(id)
	if i < 0 {
		return "", false
	}
	html := render("flow", flowOf(d, &d.Flows[i]))
	v.flows[id] = html
	return html, true
}

// mapSVG is the current-state map inline: the SVG without its XML
// declaration, which only a file needs.
func mapSVG(e *report.Exported) string {
	var b bytes.Buffer
	if err := report.WriteMapSVG(&b, e); err != nil {
		return `<p class="muted">The map could not be drawn.</p>`
	}
	return inlineSVG(b.String())
}

// targetSVG is the target-state map inline, once the room has given a
// system a target; until then a line saying so.
func targetSVG(e *report.Exported) string {
	planned := false
	for _, s := range e.Document.Systems {
		planned = planned || (s.Target.Action != "" && s.Target.Action != model.TargetKeep)
	}
	if !planned {
		return `<p class="muted">No system has a target yet: the target-state map appears when the room retires, replaces or introduces one.</p>`
	}
	target := *e // a copy naming the part; the export itself is shared
	target.Part = report.PartTarget
	var b bytes.Buffer
	if err := report.WritePictureSVG(&b, &target); err != nil {
		return `<p class="muted">The target-state map could not be drawn.</p>`
	}
	return inlineSVG(b.String())
}

// inlineSVG is an SVG file's text without its XML declaration.
func inlineSVG(s string) string {
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimLeft(s[i+2:], "\n")
		}
	}
	return s
}

// flowData is a flow as the page shows it.
type flowData struct {
	ID, Name, Domain, From, To, Via string
	Done                            int
	Steps                           []stepData
}

type stepData struct {
	Step    model.Step
	Done    bool
	Answers []answerData
	Risks   []model.Risk
}

type answerData struct{ Label, Value string }

type nowData struct {
	Flow    *flowData
	Step    model.Step
	Walking bool
}

type flowsData struct {
	Flows   []flowData
	Current string
}

func flowRows(d *model.Document) []flowData {
	out := make([]flowData, len(d.Flows))
	for i := range d.Flows {
		f := &d.Flows[i]
		out[i] = flowData{ID: f.ID, Name: f.Name, Domain: f.Domain, From: d.SystemName(f.From), To: d.SystemName(f.To), Done: f.StepsDone()}
	}
	return out
}

// flowOf is a flow with the answers of every step; private fields never
// appear, even though the copy has none left to show.
func flowOf(d *model.Document, f *model.Flow) *flowData {
	if f == nil {
		return nil
	}
	fd := &flowData{ID: f.ID, Name: f.Name, Domain: f.Domain, From: d.SystemName(f.From), To: d.SystemName(f.To), Done: f.StepsDone()}
	if f.Via != "" {
		fd.Via = d.SystemName(f.Via)
	}
	for _, st := range model.Steps {
		sd := stepData{Step: st, Done: f.StepDone(st)}
		for _, fl := range model.StepFields(st) {
			if fl.Private {
				continue
			}
			sd.Answers = append(sd.Answers, answerData{Label: fl.Label, Value: answerText(d, fl, f.Get(st, fl.Key))})
		}
		if st == model.StepFailure {
			sd.Risks = f.Failure.Risks
		}
		fd.Steps = append(fd.Steps, sd)
	}
	return fd
}

// answerText is an answer as people read it: systems by name.
func answerText(d *model.Document, fl model.Field, v string) string {
	switch fl.Kind {
	case model.FieldSystem:
		if v == "" || v == "unknown" {
			return v
		}
		return d.SystemName(v)
	case model.FieldSystems:
		ids := model.SplitIDs(v)
		for i, id := range ids {
			ids[i] = d.SystemName(id)
		}
		return strings.Join(ids, ", ")
	}
	return v
}

// render draws one part; a template that fails (it cannot, on this data)
// draws a line saying so rather than half a part.
func render(name string, data any) string {
	var b bytes.Buffer
	if err := partTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return `<p class="muted">This part could not be drawn.</p>`
	}
	return b.String()
}

var partTemplates = template.Must(template.New("parts").Funcs(template.FuncMap{
	"stepNo": func(s model.Step) int { return int(s) + 1 },
}).Parse(partsHTML))
