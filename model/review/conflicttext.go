package review

import (
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
)

// A conflict keeps its place as a path and its values as JSON text, which
// a merge can set back exactly; a facilitator on a shared screen reads
// neither. ConflictText says both as people do: the flow by its name, the
// field by its label, a system by its name, a risk by its title, and a
// value plainly.

// ConflictText is a conflict as the room reads it.
type ConflictText struct {
	Place              string // "Web orders to ERP · Owner · Flow owner"
	Base, Ours, Theirs string // "" for the base when the merge knew none
}

// NotThere is what a side shows for a record it does not have.
const NotThere = "(not there)"

// DescribeConflict says where conflict c of d is and what each side holds.
func DescribeConflict(d *model.Document, c model.Conflict) ConflictText {
	return NewConflictReader(d).Describe(c)
}

// ConflictReader describes the conflicts of one document, its records'
// names found by id once, however many conflicts a merge left.
type ConflictReader struct {
	flows, systems, risks, questions map[string]string // id → name, title or question
}

// NewConflictReader indexes d's records for Describe.
func NewConflictReader(d *model.Document) *ConflictReader {
	r := &ConflictReader{flows: map[string]string{}, systems: map[string]string{}, risks: map[string]string{}, questions: map[string]string{}}
	first := func(m map[string]string, id, name string) {
		if _, dup := m[id]; !dup {
			m[id] = name
		}
	}
	for _, s := range d.Systems {
		first(r.systems, s.ID, s.Name)
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		first(r.flows, f.ID, f.Name)
		for _, k := range f.Failure.Risks {
			first(r.risks, k.ID, k.Title)
		}
	}
	for _, k := range d.Risks {
		first(r.risks, k.ID, k.Title)
	}
	for _, q := range d.OpenQuestions {
		first(r.questions, q.ID, q.Question)
	}
	return r
}

// Describe says where the conflict is and what each side holds.
func (r *ConflictReader) Describe(c model.Conflict) ConflictText {
	field := r.place(c.Path)
	out := ConflictText{Place: field.place, Ours: r.value(field.kind, c.Ours), Theirs: r.value(field.kind, c.Theirs)}
	if c.Base != "" {
		out.Base = r.value(field.kind, c.Base)
	}
	return out
}

func (r *ConflictReader) name(in map[string]string, id string) string {
	if n, ok := in[id]; ok && strings.TrimSpace(n) != "" {
		return n
	}
	return id
}

// pathStep is one step of a conflict's path: a member, and the key of a
// record of it ("flows" and "F" in flows["F"]).
type pathStep struct {
	name, key string
	keyed     bool
}

func parsePath(path string) ([]pathStep, bool) {
	var out []pathStep
	for rest := path; rest != ""; {
		name := rest
		if i := strings.IndexAny(rest, ".["); i >= 0 {
			name = rest[:i]
		}
		rest = rest[len(name):]
		st := pathStep{name: name}
		if strings.HasPrefix(rest, "[") {
			q, err := strconv.QuotedPrefix(rest[1:])
			if err != nil {
				return nil, false
			}
			st.key, _ = strconv.Unquote(q)
			st.keyed = true
			rest = strings.TrimPrefix(rest[1+len(q):], "]")
		}
		out = append(out, st)
		rest = strings.TrimPrefix(rest, ".")
	}
	return out, len(out) > 0
}

// placedField is what a path names: where, in words, and what kind of
// value sits there.
type placedField struct {
	place string
	kind  valueKind
}

type valueKind int

const (
	valueText    valueKind = iota // as it is: text, a number, a choice
	valueSystem                   // a system id
	valueSystems                  // a list of system ids
	valueFlows                    // a list of flow ids
	valueRecord                   // a whole record, deleted on one side
)

func (r *ConflictReader) place(path string) placedField {
	steps, ok := parsePath(path)
	if !ok {
		return placedField{place: path}
	}
	first, rest := steps[0], steps[1:]
	switch {
	case first.name == "flows" && first.keyed:
		return r.flowPlace(first.key, rest)
	case first.name == "systems" && first.keyed:
		return fieldOf("system "+r.name(r.systems, first.key), rest, systemConflictFields)
	case first.name == "risks" && first.keyed:
		return r.riskPlace("session risk", first.key, rest)
	case first.name == "open_questions" && first.keyed:
		return fieldOf("open question "+r.quoted(r.questions, first.key), rest, model.QuestionFields)
	case first.name == "domains" && first.keyed:
		return fieldOf("the "+first.key+" decision", rest, model.DecisionFields)
	case first.name == "triage" && first.keyed:
		return fieldOf("dismissed finding "+first.key, rest, []model.Field{{Key: "reason", Label: "Reason"}, {Key: "status", Label: "Status"}})
	case first.name == "session" && !first.keyed && len(rest) >= 2 && rest[0].name == "settings":
		// A settings table's row: the table by its label, the row by name.
		f := fieldOf("session", rest[1:], model.SessionDetailFields)
		if len(rest) >= 3 {
			f.place += " · " + strings.ReplaceAll(rest[2].name, "-", " ")
		}
		return f
	case first.name == "session" && !first.keyed:
		return fieldOf("session", rest, model.SessionDetailFields)
	}
	return placedField{place: path}
}

func (r *ConflictReader) flowPlace(id string, rest []pathStep) placedField {
	name := r.name(r.flows, id)
	if len(rest) == 0 {
		return placedField{place: "the flow " + name, kind: valueRecord}
	}
	if st, ok := model.ParseStep(rest[0].name); ok {
		if len(rest) >= 2 && st == model.StepFailure && rest[1].name == "risks" && rest[1].keyed {
			return r.riskPlace(name+" · risk", rest[1].key, rest[2:])
		}
		return fieldOf(name+" · "+st.Title(), rest[1:], model.StepFields(st))
	}
	return fieldOf(name, rest, model.FlowFields)
}

func (r *ConflictReader) riskPlace(where, id string, rest []pathStep) placedField {
	return fieldOf(where+" "+r.quoted(r.risks, id), rest, riskConflictFields)
}

// quoted names a risk or question by its text, short and in quotes, or
// by its id when the session no longer has it.
func (r *ConflictReader) quoted(in map[string]string, id string) string {
	if n, ok := in[id]; ok && strings.TrimSpace(n) != "" {
		return strconv.Quote(shortText(n))
	}
	return id
}

// riskConflictFields are a risk's fields with the lists a merge of risks
// adds, which the risk form does not edit.
var riskConflictFields = append(append([]model.Field{}, model.RiskFields...),
	model.Field{Key: "covers", Label: "Covers findings"},
	model.Field{Key: "flows", Label: "Also on flows"},
	model.Field{Key: "merged", Label: "Risks merged in"},
)

// systemConflictFields are a system's fields with the two halves of its
// target, which the system form picks as one choice.
var systemConflictFields = append(append([]model.Field{}, model.SystemDetailFields...),
	model.Field{Key: "target.action", Label: "Target"},
	model.Field{Key: "target.by", Label: "Replaced by", Kind: model.FieldSystem},
)

// fieldOf names the field rest leads to among fields, after where: the
// record itself when rest is empty. A field of a part of the record is
// found by its dotted key ("target.by").
func fieldOf(where string, rest []pathStep, fields []model.Field) placedField {
	if len(rest) == 0 {
		return placedField{place: where, kind: valueRecord}
	}
	key := rest[0].name
	if len(rest) > 1 {
		if _, ok := model.FieldByKey(fields, key+"."+rest[1].name); ok {
			key += "." + rest[1].name
		}
	}
	label := strings.ReplaceAll(key, "_", " ")
	kind := valueText
	if f, ok := model.FieldByKey(fields, key); ok {
		label = f.Label
		switch f.Kind {
		case model.FieldSystem:
			kind = valueSystem
		case model.FieldSystems:
			kind = valueSystems
		}
	}
	switch key {
	case "done":
		label = "done"
	case "flows":
		kind = valueFlows
	}
	return placedField{place: where + " · " + label, kind: kind}
}

// value says a side's JSON text plainly: a text without quotes, a list
// joined with commas, a number as it is, yes or no, a system or a flow by
// its name, a whole record by its name or title.
func (r *ConflictReader) value(kind valueKind, raw string) string {
	if raw == "" {
		return NotThere
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return raw
	}
	return r.plain(kind, v)
}

func (r *ConflictReader) plain(kind valueKind, v any) string {
	switch x := v.(type) {
	case nil:
		return "(empty)"
	case string:
		switch {
		case x == "":
			return "(empty)"
		case kind == valueSystem || kind == valueSystems:
			return r.name(r.systems, x)
		case kind == valueFlows:
			return r.name(r.flows, x)
		}
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		if len(x) == 0 {
			return "(none)"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = r.plain(kind, e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		for _, k := range []string{"name", "title", "question", "finding"} {
			if s, ok := x[k].(string); ok && strings.TrimSpace(s) != "" {
				return s
			}
		}
		return "(a record)"
	}
	return ""
}

// shortText is a title or question short enough to name a place by.
func shortText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}
