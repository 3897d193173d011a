package review

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
)

// One copy merged risk B into risk A (MergeRisks: B is gone, A lists it in
// merged); the other copy, not knowing, edited B. Merged record by record,
// B would come back as an edit the first copy deleted. It does not: the
// edit lands on A, the survivor, where A still has what B had (or nothing),
// and stands as a conflict on A where A says otherwise. Nothing the other
// room typed is lost, and the merge the room made holds.

// mergedJoins are the texts a merge of risks joins, with how it joins them,
// so an edit to the merged-away risk's part of one replaces that part.
var mergedJoins = map[string]string{
	"title":  mergedTitleJoin,
	"fix":    mergedFixJoin,
	"owner":  mergedOwnerJoin,
	"ticket": mergedTicketJoin,
}

// mergedSets are a risk's lists of names: an edit adds its new names to
// the survivor's.
var mergedSets = map[string]bool{"covers": true, "flows": true, "merged": true}

// placedRecord is a risk in a document's tree: the record, the object
// holding its list under "risks", and its path and shape there.
type placedRecord struct {
	rec         map[string]any
	holder      map[string]any
	path, shape string
	home        string // the id of the flow it is in, "" for the session's
}

// risksOfTree lists every risk of a document's tree with where it is.
func risksOfTree(doc map[string]any) []placedRecord {
	var out []placedRecord
	add := func(holder map[string]any, path, shape, home string) {
		for _, r := range asList(holder["risks"]) {
			if rm, ok := r.(map[string]any); ok {
				id := keyOf(rm, "id")
				out = append(out, placedRecord{rec: rm, holder: holder, path: path + "[" + strconv.Quote(id) + "]", shape: shape + "[]", home: home})
			}
		}
	}
	for _, f := range asList(doc["flows"]) {
		fm := asMap(f)
		if failure := asMap(fm["failure"]); failure != nil {
			id := keyOf(fm, "id")
			add(failure, "flows["+strconv.Quote(id)+"].failure.risks", "flows[].failure.risks", id)
		}
	}
	add(doc, "risks", "risks", "")
	return out
}

func riskInTree(doc any, id string) map[string]any {
	m := asMap(doc)
	if m == nil {
		return nil
	}
	for _, p := range risksOfTree(m) {
		if keyOf(p.rec, "id") == id {
			return p.rec
		}
	}
	return nil
}

// landOnSurvivors takes out of the merged tree every risk a survivor there
// lists as merged while one copy still has it, and lands that copy's edits
// of it on the survivor.
func (m *merger) landOnSurvivors(merged map[string]any, base, ours, theirs any, hasBase bool) {
	all := risksOfTree(merged)
	survivor := map[string]placedRecord{}
	for _, p := range all {
		for _, id := range asList(p.rec["merged"]) {
			if s, ok := id.(string); ok {
				if _, seen := survivor[s]; !seen {
					survivor[s] = p
				}
			}
		}
	}
	if len(survivor) == 0 {
		return
	}
	for _, p := range all {
		id := keyOf(p.rec, "id")
		into, ok := survivor[id]
		if !ok || into.path == p.path {
			continue
		}
		o, t := riskInTree(ours, id), riskInTree(theirs, id)
		if (o == nil) == (t == nil) {
			continue // both copies still have it, or neither: nothing merged it away
		}
		edited, editedIsOurs := t, false
		if o != nil {
			edited, editedIsOurs = o, true
		}
		var was map[string]any
		if hasBase {
			was = riskInTree(base, id)
		}
		p.holder["risks"] = slices.DeleteFunc(asList(p.holder["risks"]), func(r any) bool { return keyOf(r, "id") == id })
		m.conflicts = slices.DeleteFunc(m.conflicts, func(c model.Conflict) bool {
			return c.Path == p.path || strings.HasPrefix(c.Path, p.path+".")
		})
		m.land(into, p.shape, edited, was, editedIsOurs, hasBase && was != nil)
	}
}

// land puts on the survivor what a copy changed of a risk merged into it:
// each field it changed from was (or, without a base, each field it has)
// that the survivor does not already say.
func (m *merger) land(into placedRecord, shape string, edited, was map[string]any, editedIsOurs, hasBase bool) {
	keys := make([]string, 0, len(edited))
	for k := range edited {
		if k != "id" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		v, old, at := edited[k], was[k], shape+"."+k
		if hasBase && m.isBase(at, old, v) {
			continue // not edited
		}
		have := into.rec[k]
		if !hasBase && isEmpty(v) {
			continue // without a base, an empty answer says nothing
		}
		if mergedSets[k] {
			list := asList(have)
			for _, name := range asList(v) {
				added := !hasBase || !slices.ContainsFunc(asList(old), func(x any) bool { return m.isBase(at+"[]", x, name) })
				if added && !slices.ContainsFunc(list, func(x any) bool { return equal(x, name) }) &&
					!equal(name, into.home) && !equal(name, keyOf(into.rec, "id")) {
					list = append(list, name)
				}
			}
			into.rec[k] = list
			continue
		}
		switch {
		case equal(have, v) || holds(have, v):
		case isEmpty(have) || hasBase && m.isBase(at, old, have):
			into.rec[k] = v
		case mergedJoins[k] != "" && hasBase && m.isBase(at, old, ""):
			// The merge found nothing of it here to join: join it now.
			hs, _ := have.(string)
			vs, _ := v.(string)
			into.rec[k] = joinText(hs, vs, mergedJoins[k])
		default:
			if s, ok := m.replacePart(have, v, mergedJoins[k], func(part string) bool { return hasBase && m.isBase(at, old, part) }); ok {
				into.rec[k] = s
				continue
			}
			path := into.path + "." + k
			if editedIsOurs {
				m.conflict(path, old, v, have, hasBase) // the document holds ours
				into.rec[k] = v
			} else {
				m.conflict(path, old, have, v, hasBase)
			}
		}
	}
}

// replacePart replaces, in the survivor's joined text have, the part that
// was the merged-away risk's text (isOld) by its edited text v.
func (m *merger) replacePart(have, v any, join string, isOld func(string) bool) (string, bool) {
	h, ok1 := have.(string)
	s, ok2 := v.(string)
	if !ok1 || !ok2 || join == "" {
		return "", false
	}
	starts := []int{0}
	for i := 0; i < len(h); {
		j := strings.Index(h[i:], join)
		if j < 0 {
			break
		}
		i += j + len(join)
		starts = append(starts, i)
	}
	for _, from := range starts {
		for _, to := range append(slices.Clone(starts[1:]), len(h)+len(join)) {
			if end := to - len(join); end > from && isOld(h[from:end]) {
				return h[:from] + s + h[end:], true
			}
		}
	}
	return "", false
}

// holds reports whether the survivor's text already holds the edited one.
func holds(have, v any) bool {
	h, ok1 := have.(string)
	s, ok2 := v.(string)
	return ok1 && ok2 && strings.TrimSpace(s) != "" && containsFold(h, strings.TrimSpace(s))
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case float64:
		return x == 0
	case bool:
		return !x
	}
	return false
}
