package review

import (
	"strconv"

	"github.com/archreview/archreview/model"
)

// A record one side deleted while the other started to use it (a system a
// new flow runs from, a flow a new question asks about) cannot simply go:
// the merged session would name something that is not there. Both copies
// are valid and so is their merge: the record stays, and a conflict says
// that one side deleted it.

// keepUsed puts back every record the merged session refers to but lacks,
// from the side that still has it, each with a conflict, until nothing it
// refers to is missing: a flow put back may run from a system that went too.
func (m *merger) keepUsed(merged map[string]any, base, ours, theirs any) {
	for {
		list, id := missingReference(merged)
		if id == "" {
			return
		}
		key := keyedLists[list]
		o := byKey(asList(asMap(ours)[list]), key)[id]
		t := byKey(asList(asMap(theirs)[list]), key)[id]
		b := byKey(asList(asMap(base)[list]), key)[id]
		kept := o
		if kept == nil {
			kept = t
		}
		if kept == nil {
			return // neither side has it: the merge is refused as invalid
		}
		merged[list] = append(asList(merged[list]), kept)
		m.conflict(list+"["+strconv.Quote(id)+"]", b, o, t, b != nil)
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// missingReference finds the first id the session refers to that names no
// record of its list: systems named by the flows, the systems' targets and
// the domain decisions,
// flows named by the open questions and by merged risks. These are the
// references import checks.
func missingReference(doc map[string]any) (list, id string) {
	have := func(list string) map[string]any { return byKey(asList(doc[list]), keyedLists[list]) }
	systems, flows := have("systems"), have("flows")
	missing := func(in map[string]any, v any) bool {
		s, ok := v.(string)
		return ok && s != "" && in[s] == nil
	}
	// An answer nobody knew names no system, so nothing is missing.
	missingAnswer := func(v any) bool { return v != model.UnknownSystem && missing(systems, v) }
	for _, f := range asList(doc["flows"]) {
		fm := asMap(f)
		src := asMap(fm["source"])
		for _, r := range []any{fm["from"], fm["to"], fm["via"]} {
			if missing(systems, r) {
				return "systems", r.(string)
			}
		}
		for _, r := range append([]any{src["system"]}, asList(src["other_writers"])...) {
			if missingAnswer(r) {
				return "systems", r.(string)
			}
		}
	}
	for _, sys := range asList(doc["systems"]) {
		if r := asMap(asMap(sys)["target"])["by"]; missing(systems, r) {
			return "systems", r.(string)
		}
	}
	for _, d := range asList(doc["domains"]) {
		if r := asMap(d)["source_of_truth"]; missingAnswer(r) {
			return "systems", r.(string)
		}
	}
	for _, q := range asList(doc["open_questions"]) {
		if r := asMap(q)["flow"]; missing(flows, r) {
			return "flows", r.(string)
		}
	}
	for _, p := range risksOfTree(doc) {
		for _, r := range asList(p.rec["flows"]) {
			if missing(flows, r) {
				return "flows", r.(string)
			}
		}
	}
	return "", ""
}
