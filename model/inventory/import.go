package inventory

import (
	"fmt"
	"strings"

	"github.com/archreview/archreview/model"
)

// Outcome says what importing an inventory into a session does: each line
// one system or flow added or updated, what was left out and why, the
// columns nothing read, and which kinds and domains are guesses.
type Outcome struct {
	Added   []string
	Updated []string
	// Matched counts the records the session already held as the file
	// says them.
	Matched int
	LeftOut []string
	Unread  []string
	// Guesses are the kinds and domains the import guessed from names,
	// for the room to confirm.
	Guesses []string
}

// Changes reports whether the import adds or updates anything.
func (o Outcome) Changes() bool { return len(o.Added)+len(o.Updated) > 0 }

// Import returns a copy of doc with the inventory's systems and flows in
// it, and what that adds and updates. A system or flow the session has
// with the same ref, else the same name, is updated to what the file says
// (its name when found by ref; its kind when the file states one, or fills
// one nobody set; ends and domain of a flow; a pattern or notes where the
// room gave none); anything else is added with an id from newID. Nothing
// is removed, and the room's answers are never overwritten.
func Import(doc *model.Document, inv *Inventory, newID func() string) (*model.Document, Outcome) {
	im := newImporter(doc.Clone(), newID)
	im.o.LeftOut, im.o.Unread = append([]string(nil), inv.LeftOut...), inv.Unread
	ids := make([]string, len(inv.Systems)) // inventory system → session id
	for i, s := range inv.Systems {
		ids[i] = im.system(s)
	}
	for _, f := range inv.Flows {
		im.flow(f, inv, ids)
	}
	return im.doc, im.o
}

// importer is one import into a copy of the session, with the session's
// records indexed by ref and name so a large inventory imports in one pass.
type importer struct {
	doc   *model.Document
	o     Outcome
	newID func() string
	// by ref and by name key, the index of the record in doc
	systemRef, systemName map[string]int
	flowRef, flowName     map[string]int
	// the room's flows (no ref) by their ends and domain
	flowEnds map[[3]string]int
}

func newImporter(doc *model.Document, newID func() string) *importer {
	im := &importer{doc: doc, newID: newID, systemRef: map[string]int{}, systemName: map[string]int{},
		flowRef: map[string]int{}, flowName: map[string]int{}, flowEnds: map[[3]string]int{}}
	for i, s := range doc.Systems {
		im.indexSystem(i, s)
	}
	for i := range doc.Flows {
		im.indexFlow(i, &doc.Flows[i])
	}
	return im
}

func (im *importer) indexSystem(i int, s model.System) {
	if s.Ref != "" {
		im.systemRef[s.Ref] = i
	}
	if _, ok := im.systemName[nameKey(s.Name)]; !ok {
		im.systemName[nameKey(s.Name)] = i
	}
}

func (im *importer) indexFlow(i int, f *model.Flow) {
	if f.Ref != "" {
		im.flowRef[f.Ref] = i
	}
	if _, ok := im.flowName[nameKey(f.Name)]; !ok {
		im.flowName[nameKey(f.Name)] = i
	}
	ends := [3]string{f.From, f.To, f.Domain}
	if _, ok := im.flowEnds[ends]; !ok && f.Ref == "" {
		im.flowEnds[ends] = i
	}
}

// taken reports whether another record of the index than self has name.
func taken(index map[string]int, name string, self int) bool {
	i, ok := index[nameKey(name)]
	return ok && i != self
}

func (im *importer) system(s System) string {
	doc, o := im.doc, &im.o
	at, byRef := im.systemRef[s.Ref]
	byRef = byRef && s.Ref != ""
	if !byRef {
		var ok bool
		if at, ok = im.systemName[nameKey(s.Name)]; !ok {
			at = -1
		}
	}
	if at < 0 {
		doc.Systems = append(doc.Systems, model.System{ID: im.newID(), Name: s.Name, Kind: s.Kind, Notes: s.Notes, Ref: s.Ref})
		im.indexSystem(len(doc.Systems)-1, doc.Systems[len(doc.Systems)-1])
		o.Added = append(o.Added, fmt.Sprintf("system %s (%s%s)", s.Name, s.Kind, guessed(s.KindGuessed)))
		if s.KindGuessed && s.Kind != model.SystemOther {
			o.Guesses = append(o.Guesses, fmt.Sprintf("%s: %s", s.Name, s.Kind))
		}
		return doc.Systems[len(doc.Systems)-1].ID
	}
	have := &doc.Systems[at]
	var changed []string
	if byRef && have.Name != s.Name {
		if taken(im.systemName, s.Name, at) {
			o.LeftOut = append(o.LeftOut, fmt.Sprintf("%s: renaming the system %s to %s, since %s", s.At, have.Name, s.Name,
				model.NameProblem(doc, "system", s.Name, have.ID)))
		} else {
			changed = append(changed, fmt.Sprintf("renamed from %s", have.Name))
			if im.systemName[nameKey(have.Name)] == at {
				delete(im.systemName, nameKey(have.Name))
			}
			have.Name = s.Name
			im.indexSystem(at, *have)
		}
	}
	// A kind the file states is taken for a system the import made; a
	// guess, or the kind of the room's own system, only where none is set.
	kindUnset := have.Kind == "" || have.Kind == model.SystemOther
	if have.Kind != s.Kind && (byRef && !s.KindGuessed || kindUnset && s.Kind != model.SystemOther) {
		changed = append(changed, fmt.Sprintf("kind %s → %s%s", orNone(string(have.Kind)), s.Kind, guessed(s.KindGuessed)))
		have.Kind = s.Kind
	}
	if have.Notes == "" && s.Notes != "" {
		changed, have.Notes = append(changed, "notes from the file"), s.Notes
	}
	if have.Ref == "" && s.Ref != "" {
		changed, have.Ref = append(changed, "linked to "+s.Ref), s.Ref
		im.systemRef[s.Ref] = at
	}
	note(o, "system "+have.Name, changed)
	return have.ID
}

func (im *importer) flow(f Flow, inv *Inventory, ids []string) {
	doc, o := im.doc, &im.o
	from, to, via := ids[f.From], ids[f.To], ""
	if f.Via >= 0 {
		via = ids[f.Via]
	}
	if from == to {
		o.LeftOut = append(o.LeftOut, fmt.Sprintf("%s: the flow %s goes from and to %s, which is no flow", f.At, f.Name, inv.Systems[f.From].Name))
		return
	}
	at, byRef := im.flowRef[f.Ref]
	byRef = byRef && f.Ref != ""
	if !byRef {
		at = -1
		if i, ok := im.flowName[nameKey(f.Name)]; ok && doc.Flows[i].Ref == "" {
			at = i
		} else if i, ok := im.flowEnds[[3]string{from, to, f.Domain}]; ok && doc.Flows[i].Ref == "" {
			at = i
		}
	}
	route := fmt.Sprintf("%s → %s", inv.Systems[f.From].Name, inv.Systems[f.To].Name)
	if f.Via >= 0 {
		route += " via " + inv.Systems[f.Via].Name
	}
	if at < 0 {
		name := im.freeFlowName(f.Name, route, -1)
		doc.Flows = append(doc.Flows, model.Flow{ID: im.newID(), Name: name, Domain: f.Domain, From: from, To: to, Via: via, Ref: f.Ref,
			Contract: model.ContractStep{Pattern: f.Pattern}})
		im.indexFlow(len(doc.Flows)-1, &doc.Flows[len(doc.Flows)-1])
		o.Added = append(o.Added, fmt.Sprintf("flow %s: %s (%s%s)", name, route, f.Domain, guessed(f.DomainGuessed)))
		if f.DomainGuessed {
			o.Guesses = append(o.Guesses, fmt.Sprintf("%s: %s", name, domainSaid(f.Domain)))
		}
		return
	}
	have := &doc.Flows[at]
	moved := have.From != from || have.To != to || via != "" && have.Via != via
	if !byRef && moved {
		// The room's own flow of that name goes elsewhere: the room says
		// which is right, the import does not move it.
		o.LeftOut = append(o.LeftOut, fmt.Sprintf("%s: the flow %s, which the session has from %s to %s and the file has as %s; change the session's if the file is right",
			f.At, have.Name, doc.SystemName(have.From), doc.SystemName(have.To), route))
		return
	}
	var changed []string
	if byRef {
		// What the import made, it keeps as the file says it.
		if name := im.freeFlowName(f.Name, route, at); name != have.Name {
			changed = append(changed, "renamed from "+have.Name)
			if im.flowName[nameKey(have.Name)] == at {
				delete(im.flowName, nameKey(have.Name))
			}
			have.Name = name
			im.indexFlow(at, have)
		}
		if moved {
			changed = append(changed, "now "+route)
			have.From, have.To = from, to
			if via != "" {
				have.Via = via
			}
		}
		if have.Domain != f.Domain && !f.DomainGuessed {
			changed, have.Domain = append(changed, "domain "+f.Domain), f.Domain
		}
	}
	if have.Contract.Pattern == "" && f.Pattern != "" {
		changed, have.Contract.Pattern = append(changed, "pattern "+string(f.Pattern)), f.Pattern
	}
	if have.Ref == "" && f.Ref != "" {
		changed, have.Ref = append(changed, "linked to "+f.Ref), f.Ref
		im.flowRef[f.Ref] = at
	}
	note(o, "flow "+have.Name, changed)
}

// freeFlowName is the name a flow from the file takes: its own, or, when
// another flow of the session (than self) has it, its own with its route.
func (im *importer) freeFlowName(name, route string, self int) string {
	if !taken(im.flowName, name, self) {
		return name
	}
	n := name + " (" + route + ")"
	for i := 2; taken(im.flowName, n, self); i++ {
		n = fmt.Sprintf("%s (%s, %d)", name, route, i)
	}
	return n
}

func note(o *Outcome, what string, changed []string) {
	if len(changed) == 0 {
		o.Matched++
		return
	}
	o.Updated = append(o.Updated, what+": "+strings.Join(changed, ", "))
}

func guessed(g bool) string {
	if g {
		return ", guessed"
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func domainSaid(d string) string {
	if d == unknownDomain {
		return "domain unknown, its name does not say"
	}
	return d
}

// Counts says in words how many systems and flows the import adds, how
// many records it updates and how many things it leaves out:
// "3 systems and 2 flows added, 1 updated, 1 left out".
func (o Outcome) Counts(added, updated string) string {
	systems, flows := 0, 0
	for _, a := range o.Added {
		if strings.HasPrefix(a, "system ") {
			systems++
		} else {
			flows++
		}
	}
	parts := []string{fmt.Sprintf("%s and %s %s", plural(systems, "system"), plural(flows, "flow"), added)}
	if len(o.Updated) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", len(o.Updated), updated))
	}
	if len(o.LeftOut) > 0 {
		parts = append(parts, fmt.Sprintf("%d left out", len(o.LeftOut)))
	}
	return strings.Join(parts, ", ")
}

// Lines are the outcome a line each: + added, ~ updated, - left out, then
// the columns nothing read and the guesses to confirm.
func (o Outcome) Lines() []string {
	var lines []string
	for _, l := range o.Added {
		lines = append(lines, "+ "+l)
	}
	for _, l := range o.Updated {
		lines = append(lines, "~ "+l)
	}
	for _, l := range o.LeftOut {
		lines = append(lines, "- left out: "+l)
	}
	if len(o.Unread) > 0 {
		lines = append(lines, "? columns not read: "+strings.Join(o.Unread, ", ")+"; --map COLUMN=FIELD reads one as "+FieldNames())
	}
	if len(o.Guesses) > 0 {
		lines = append(lines, "? guessed from names, for the room to confirm: "+strings.Join(o.Guesses, "; "))
	}
	return lines
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
