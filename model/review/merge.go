package review

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
)

// Merging two facilitators' copies of one review. Every record carries a
// stable id, so the merge works on the documents as JSON trees: a list of
// records merges by id (or, for domain decisions, triage and conflicts, by
// what names them), a list of names as a set, and any other value as one
// value. A value changed on one side takes that change; changed the same on
// both, once; changed differently, ours stays in place and the difference is
// a conflict, kept in the document for the room to resolve.

// ErrNotSameSession refuses a merge of copies of different sessions.
var ErrNotSameSession = errors.New("the files are copies of different sessions")

// keyedLists are the lists of records, by their shape path, and the member
// that identifies a record.
var keyedLists = map[string]string{
	"systems":               "id",
	"flows":                 "id",
	"flows[].failure.risks": "id",
	"risks":                 "id",
	"open_questions":        "id",
	"domains":               "name",
	"triage":                "finding",
	"conflicts":             "path",
	"session.history":       "version",
}

// setLists are the lists of names that merge as sets.
var setLists = map[string]bool{
	"session.participants":           true,
	"flows[].source.other_writers":   true,
	"flows[].failure.risks[].covers": true,
	"risks[].covers":                 true,
	"flows[].failure.risks[].flows":  true,
	"risks[].flows":                  true,
	"flows[].failure.risks[].merged": true,
	"risks[].merged":                 true,
	"session.distribution":           true,
	"open_questions[].options":       true,
}

// latest are the times a merge takes the later of, never a conflict: each
// side stamps them on every save or export.
var latest = map[string]bool{"exported_at": true, "session.updated_at": true}

type merger struct {
	conflicts []model.Conflict
	// hash is set when the base is a Fingerprint: each side's value is
	// then hashed before it is compared with the base.
	hash *hasher
}

// Merge merges ours and theirs, two copies of one session, from the base
// they both started at; a nil base merges two ways (every record either
// side has is kept, every field that differs is a conflict). The result
// holds ours where a conflict stands, and lists every conflict in its
// Conflicts (those ours and theirs already had, merged, and the new ones,
// which are also returned). The result's provenance names both copies.
func Merge(base, ours, theirs *model.Document) (*model.Document, []model.Conflict, error) {
	if base != nil && base.Session.ID != ours.Session.ID {
		return nil, nil, ErrNotSameSession
	}
	var b any
	if base != nil {
		var err error
		if b, err = toTree(base); err != nil {
			return nil, nil, err
		}
		dropEnvelope(b)
	}
	return merge(&merger{}, b, base != nil, ours, theirs)
}

// MergeFrom is Merge from the fingerprint of the revision both copies
// started at, as the database keeps it. A conflict then says what each
// side has and not what the base had, which the fingerprint cannot tell.
func MergeFrom(base Fingerprint, ours, theirs *model.Document) (*model.Document, []model.Conflict, error) {
	if base.tree == nil {
		return Merge(nil, ours, theirs)
	}
	return merge(&merger{hash: &hasher{}}, base.tree, true, ours, theirs)
}

func merge(m *merger, b any, hasBase bool, ours, theirs *model.Document) (*model.Document, []model.Conflict, error) {
	if ours.Session.ID != theirs.Session.ID {
		return nil, nil, ErrNotSameSession
	}
	o, err := toTree(ours)
	if err != nil {
		return nil, nil, err
	}
	t, err := toTree(theirs)
	if err != nil {
		return nil, nil, err
	}
	dropEnvelope(o)
	dropEnvelope(t)
	merged := m.value("", "", b, o, t, hasBase).(map[string]any)
	m.landOnSurvivors(merged, b, o, t, hasBase)
	m.keepUsed(merged, b, o, t)
	all := slices.DeleteFunc(asList(merged["conflicts"]), func(c any) bool { return m.has(pathOf(c)) })
	for _, c := range m.conflicts {
		all = append(all, map[string]any{"path": c.Path, "base": c.Base, "ours": c.Ours, "theirs": c.Theirs})
	}
	merged["conflicts"] = all
	d, err := fromTree(merged)
	if err != nil {
		return nil, nil, fmt.Errorf("the merged session would not be valid (%w); merge it by hand", err)
	}
	d.Provenance = mergedProvenance(ours, theirs)
	return d, m.conflicts, nil
}

// mergedProvenance is where a merge's result comes from: theirs, the copy
// merged in, as its base revision, and both copies and their ancestors.
func mergedProvenance(ours, theirs *model.Document) model.Provenance {
	var all []string
	seen := map[string]bool{}
	add := func(rs ...string) {
		for _, r := range rs {
			if r != "" && !seen[r] && len(all) < model.MaxAncestors {
				seen[r] = true
				all = append(all, r)
			}
		}
	}
	add(ours.Revision, theirs.Revision)
	for i := 0; i < max(len(ours.Ancestors), len(theirs.Ancestors)); i++ {
		if i < len(ours.Ancestors) {
			add(ours.Ancestors[i])
		}
		if i < len(theirs.Ancestors) {
			add(theirs.Ancestors[i])
		}
	}
	return model.Provenance{BaseRevision: theirs.Revision, Ancestors: all}
}

// isBase reports whether v, found at shape, is what the base has there.
func (m *merger) isBase(shape string, base, v any) bool {
	if m.hash != nil {
		return equal(base, m.hash.tree(shape, v))
	}
	return equal(base, v)
}

func (m *merger) has(path string) bool {
	return slices.ContainsFunc(m.conflicts, func(c model.Conflict) bool { return c.Path == path })
}

func pathOf(c any) string {
	if mc, ok := c.(map[string]any); ok {
		s, _ := mc["path"].(string)
		return s
	}
	return ""
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// value merges one value at a path; shape is the path with records' keys
// left out ("flows[].name"), which says how the value merges.
func (m *merger) value(shape, path string, base, ours, theirs any, hasBase bool) any {
	switch {
	case equal(ours, theirs):
		return ours
	case strings.HasSuffix(shape, ".private_notes") && (theirs == nil || theirs == ""):
		return ours // exports leave the facilitator's own notes out
	case latest[shape]:
		os, _ := ours.(string)
		ts, _ := theirs.(string)
		return max(os, ts)
	case hasBase && m.isBase(shape, base, ours):
		return theirs
	case hasBase && m.isBase(shape, base, theirs):
		return ours
	}
	om, oIsMap := ours.(map[string]any)
	tm, tIsMap := theirs.(map[string]any)
	bm, _ := base.(map[string]any)
	if oIsMap && tIsMap {
		return m.object(shape, path, bm, om, tm, hasBase && bm != nil)
	}
	ol, oIsList := ours.([]any)
	tl, tIsList := theirs.([]any)
	if (setLists[shape] || evidenceLists[shape]) && (oIsList || ours == nil) && (tIsList || theirs == nil) {
		// A list of names left out when empty (a risk's merged, flows)
		// merges as the empty list.
		oIsList, tIsList = true, true
	}
	if oIsList && tIsList {
		bl, _ := base.([]any)
		if key, ok := keyedLists[shape]; ok && key != "" {
			return m.records(shape, path, key, bl, ol, tl, hasBase)
		}
		if setLists[shape] || evidenceLists[shape] {
			var inBase func(any) bool
			if hasBase {
				inBase = func(v any) bool {
					return slices.ContainsFunc(bl, func(x any) bool { return m.isBase(shape+"[]", x, v) })
				}
			}
			if evidenceLists[shape] {
				return m.oneLinkPerURL(path, mergeSet(inBase, ol, tl), base, ours, theirs, hasBase)
			}
			return mergeSet(inBase, ol, tl)
		}
	}
	m.conflict(path, base, ours, theirs, hasBase)
	return ours
}

func (m *merger) conflict(path string, base, ours, theirs any, hasBase bool) {
	c := model.Conflict{Path: path, Ours: encode(ours), Theirs: encode(theirs)}
	if hasBase && m.hash == nil {
		c.Base = encode(base)
	}
	m.conflicts = append(m.conflicts, c)
}

// object merges two objects member by member, in the order of the
// members' names, so that two conflicts in one record are listed the same
// way every time.
func (m *merger) object(shape, path string, base, ours, theirs map[string]any, hasBase bool) map[string]any {
	out := make(map[string]any, len(ours))
	for _, k := range slices.Sorted(maps.Keys(ours)) {
		out[k] = m.value(join(shape, k), join(path, k), base[k], ours[k], theirs[k], hasBase)
	}
	for _, k := range slices.Sorted(maps.Keys(theirs)) {
		if _, done := ours[k]; !done {
			out[k] = m.value(join(shape, k), join(path, k), base[k], nil, theirs[k], hasBase)
		}
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// records merges a list of records by the member that names them: in ours'
// order, then the records only theirs has. A record deleted on one side and
// untouched on the other is deleted; deleted on one side and edited on the
// other, it is kept as edited, and that is a conflict.
func (m *merger) records(shape, path, key string, base, ours, theirs []any, hasBase bool) []any {
	b, o, t := byKey(base, key), byKey(ours, key), byKey(theirs, key)
	var out []any
	visit := func(id string) {
		at := path + "[" + strconv.Quote(id) + "]"
		bv, inB := b[id]
		ov, inO := o[id]
		tv, inT := t[id]
		inB = inB && hasBase
		switch {
		case inO && inT:
			out = append(out, m.value(shape+"[]", at, bv, ov, tv, inB))
		case inO && inB && !m.isBase(shape+"[]", bv, ov): // theirs deleted what ours edited
			m.conflict(at, bv, ov, nil, true)
			out = append(out, ov)
		case inT && inB && !m.isBase(shape+"[]", bv, tv): // ours deleted what theirs edited
			m.conflict(at, bv, nil, tv, true)
			out = append(out, tv)
		case inO && !inB:
			out = append(out, ov)
		case inT && !inB:
			out = append(out, tv)
		}
	}
	for _, r := range ours {
		visit(keyOf(r, key))
	}
	for _, r := range theirs {
		if id := keyOf(r, key); o[id] == nil {
			visit(id)
		}
	}
	if out == nil {
		out = []any{}
	}
	return out
}

func keyOf(r any, key string) string {
	if rm, ok := r.(map[string]any); ok {
		s, _ := rm[key].(string)
		if key == "name" {
			s = normalDomain(s) // a domain decided as "Price" and as "price" is one decision
		}
		return s
	}
	return ""
}

func byKey(list []any, key string) map[string]any {
	out := make(map[string]any, len(list))
	for _, r := range list {
		if id := keyOf(r, key); id != "" {
			if _, dup := out[id]; !dup {
				out[id] = r
			}
		}
	}
	return out
}

// mergeSet merges a list of names: a name either side added is in, a name
// either side removed is out; ours' order, then theirs' new names. inBase
// says whether the base had a name; nil merges two ways (a union).
func mergeSet(inBase func(any) bool, ours, theirs []any) []any {
	in := func(list []any, v any) bool {
		return slices.ContainsFunc(list, func(x any) bool { return equal(x, v) })
	}
	hadIt := func(v any) bool { return inBase != nil && inBase(v) }
	out := []any{}
	for _, v := range ours {
		if in(theirs, v) || !hadIt(v) {
			out = append(out, v)
		}
	}
	for _, v := range theirs {
		if !in(out, v) && !in(ours, v) && !hadIt(v) {
			out = append(out, v)
		}
	}
	return out
}

func equal(a, b any) bool { return reflect.DeepEqual(a, b) }

// encode writes a value as the JSON text a conflict holds; nil, a record
// that is not there, is "".
func encode(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v, json.Deterministic(true))
	if err != nil {
		return ""
	}
	return string(b)
}

func toTree(d *model.Document) (any, error) {
	c := d.Clone()
	c.Schema = model.SchemaID
	c.MergeNote = nil // each laptop's own note of its last merge, never merged
	var b bytes.Buffer
	if err := model.WriteDocument(&b, c); err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(b.Bytes(), &tree); err != nil {
		return nil, err
	}
	return tree, nil
}

func fromTree(tree any) (*model.Document, error) {
	b, err := json.Marshal(tree, json.Deterministic(true))
	if err != nil {
		return nil, err
	}
	return model.DecodeDocument(b)
}

// Choices of a conflict's resolution.
const (
	KeepOurs   = "ours"
	KeepTheirs = "theirs"
	KeepBoth   = "both" // texts joined, names united, an edited record kept
)

// Resolve settles the document's conflict at index i: the value chosen
// goes in place at the conflict's path, and the conflict leaves the list.
// Keeping both joins two texts, unites two lists of names and keeps a
// record one side edited and the other deleted; for a choice or a number
// it is refused.
func Resolve(d *model.Document, i int, choice string) (*model.Document, error) {
	if i < 0 || i >= len(d.Conflicts) {
		return nil, errors.New("there is no such conflict")
	}
	c := d.Conflicts[i]
	value, err := chosen(c, choice)
	if err != nil {
		return nil, err
	}
	tree, err := toTree(d)
	if err != nil {
		return nil, err
	}
	root := tree.(map[string]any)
	if err := setPath(root, c.Path, value); err != nil {
		return nil, err
	}
	root["conflicts"] = slices.Delete(asList(root["conflicts"]), i, i+1)
	out, err := fromTree(root)
	if err != nil {
		return nil, fmt.Errorf("keeping %s there would not be valid: %w", choice, err)
	}
	out.MergeNote = d.MergeNote // the tree leaves this laptop's note out
	return out, nil
}

// chosen is the value a choice keeps, decoded; nil for a record removed.
func chosen(c model.Conflict, choice string) (any, error) {
	decode := func(s string) (any, error) {
		if s == "" {
			return nil, nil
		}
		var v any
		err := json.Unmarshal([]byte(s), &v)
		return v, err
	}
	ours, err := decode(c.Ours)
	if err != nil {
		return nil, err
	}
	theirs, err := decode(c.Theirs)
	if err != nil {
		return nil, err
	}
	switch choice {
	case KeepOurs:
		return ours, nil
	case KeepTheirs:
		return theirs, nil
	case KeepBoth:
		os, oText := ours.(string)
		ts, tText := theirs.(string)
		ol, oList := ours.([]any)
		tl, tList := theirs.([]any)
		switch {
		case ours == nil || theirs == nil:
			return cmpOr(ours, theirs), nil
		case oText && tText:
			return strings.TrimSpace(os + "\n" + ts), nil
		case oList && tList:
			return mergeSet(nil, ol, tl), nil
		}
		return nil, errors.New("both cannot be kept here: choose ours or theirs")
	}
	return nil, fmt.Errorf("%q is not a choice; keep ours, theirs or both", choice)
}

func cmpOr(a, b any) any {
	if a != nil {
		return a
	}
	return b
}

// setPath puts v at a conflict's path in the tree: members by name, records
// by their quoted key; a nil v removes a record.
func setPath(root map[string]any, path string, v any) error {
	var parent any = root
	rest, shape := path, ""
	for rest != "" {
		name := rest
		if i := strings.IndexAny(rest, ".["); i >= 0 {
			name = rest[:i]
		}
		rest = strings.TrimPrefix(rest[len(name):], ".")
		shape = join(shape, name)
		obj, ok := parent.(map[string]any)
		if !ok {
			return fmt.Errorf("%s is not in the document", path)
		}
		if !strings.HasPrefix(rest, "[") {
			if rest == "" {
				obj[name] = v
				return nil
			}
			parent = obj[name]
			continue
		}
		id, err := strconv.QuotedPrefix(rest[1:])
		if err != nil {
			return fmt.Errorf("%s is not a path of the document", path)
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest[1+len(id):], "]"), ".")
		key, _ := strconv.Unquote(id)
		list := asList(obj[name])
		member := keyedLists[shape]
		if member == "" {
			member = "id"
		}
		shape += "[]"
		at := slices.IndexFunc(list, func(r any) bool { return keyOf(r, member) == key })
		if rest == "" {
			switch {
			case v == nil && at >= 0:
				obj[name] = slices.Delete(list, at, at+1)
			case v != nil && at >= 0:
				list[at] = v
			case v != nil:
				obj[name] = append(list, v)
			}
			return nil
		}
		if at < 0 {
			return fmt.Errorf("%s is no longer in the document", path)
		}
		parent = list[at]
	}
	return nil
}
