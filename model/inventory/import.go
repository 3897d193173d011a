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
	out := doc.Clone()
	o := Outcome{LeftOut: append([]string(nil), inv.LeftOut...), Unread: inv.Unread}
	ids := make([]string, len(inv.Systems)) // inventory system → session id
	for i, s := range inv.Systems {
		ids[i] = importSystem(out, s, newID, &o)
	}
	for _, f := range inv.Flows {
		importFlow(out, f, inv, ids, newID, &o)
	}
	return out, o
}

func importSystem(doc *model.Document, s System, newID func() string, o *Outcome) string {
	at := -1
	for i := range doc.Systems {
		if s.Ref != "" && doc.Systems[i].Ref == s.Ref {
			at = i
			break
		}
	}
	byRef := at >= 0
	if !byRef {
		for i := range doc.Systems {
			if nameKey(doc.Systems[i].Name) == nameKey(s.Name) {
				at = i
				break
			}
		}
	}
	if at < 0 {
		doc.Systems = append(doc.Systems, model.System{ID: newID(), Name: s.Name, Kind: s.Kind, Notes: s.Notes, Ref: s.Ref})
		o.Added = append(o.Added, fmt.Sprintf("system %s (%s%s)", s.Name, s.Kind, guessed(s.KindGuessed)))
		if s.KindGuessed && s.Kind != model.SystemOther {
			o.Guesses = append(o.Guesses, fmt.Sprintf("%s: %s", s.Name, s.Kind))
		}
		return doc.Systems[len(doc.Systems)-1].ID
	}
	have := &doc.Systems[at]
	var changed []string
	if byRef && have.Name != s.Name {
		if p := model.NameProblem(doc, "system", s.Name, have.ID); p != "" {
			o.LeftOut = append(o.LeftOut, fmt.Sprintf("%s: renaming the system %s to %s, since %s", s.At, have.Name, s.Name, p))
		} else {
			changed = append(changed, fmt.Sprintf("renamed from %s", have.Name))
			have.Name = s.Name
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
	}
	note(o, "system "+have.Name, changed)
	return have.ID
}

func importFlow(doc *model.Document, f Flow, inv *Inventory, ids []string, newID func() string, o *Outcome) {
	from, to, via := ids[f.From], ids[f.To], ""
	if f.Via >= 0 {
		via = ids[f.Via]
	}
	if from == to {
		o.LeftOut = append(o.LeftOut, fmt.Sprintf("%s: the flow %s goes from and to %s, which is no flow", f.At, f.Name, inv.Systems[f.From].Name))
		return
	}
	at := -1
	for i := range doc.Flows {
		if f.Ref != "" && doc.Flows[i].Ref == f.Ref {
			at = i
			break
		}
	}
	byRef := at >= 0
	for i := range doc.Flows {
		g := &doc.Flows[i]
		if at < 0 && g.Ref == "" && (nameKey(g.Name) == nameKey(f.Name) || g.From == from && g.To == to && g.Domain == f.Domain) {
			at = i
		}
	}
	route := fmt.Sprintf("%s → %s", inv.Systems[f.From].Name, inv.Systems[f.To].Name)
	if f.Via >= 0 {
		route += " via " + inv.Systems[f.Via].Name
	}
	if at < 0 {
		name := flowName(doc, f.Name, route, "")
		doc.Flows = append(doc.Flows, model.Flow{ID: newID(), Name: name, Domain: f.Domain, From: from, To: to, Via: via, Ref: f.Ref,
			Contract: model.ContractStep{Pattern: f.Pattern}})
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
		if name := flowName(doc, f.Name, route, have.ID); name != have.Name {
			changed, have.Name = append(changed, "renamed from "+have.Name), name
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
	}
	note(o, "flow "+have.Name, changed)
}

// flowName is the name a flow from the file takes: its own, or, when
// another flow of the session has it, its own with its route.
func flowName(doc *model.Document, name, route, self string) string {
	if model.NameProblem(doc, "flow", name, self) == "" {
		return name
	}
	n := name + " (" + route + ")"
	for i := 2; model.NameProblem(doc, "flow", n, self) != ""; i++ {
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
