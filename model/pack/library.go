package pack

import (
	"embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/archreview/archreview/model"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// builtinOrder is the order `archreview packs` lists the built-in packs in:
// the default first.
var builtinOrder = []string{DefaultID, "b2b-distribution", "marketplace-seller", "omnichannel-pos", "headless-replatform"}

// File is a pack file handed over to Load: the name its listing and errors
// give (its path) and its bytes.
type File struct {
	Name string
	Data []byte
}

// Library is every pack this run knows: the built-in ones, then the user's.
type Library struct {
	packs []*Pack
	// Skipped are the user's packs refused, each an *Error; the app opens
	// without them and says so.
	Skipped []error
}

// BuiltinFiles are the embedded packs as files, in listing order.
func BuiltinFiles() []File {
	out := make([]File, 0, len(builtinOrder))
	for _, id := range builtinOrder {
		name := "builtin/" + id + ".yaml"
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			panic("pack: the built-in pack " + id + " is missing") // unreachable: embedded
		}
		out = append(out, File{Name: name, Data: data})
	}
	return out
}

// builtins are the built-in packs parsed, once: a pack is never changed
// once read, so every Load shares them.
var builtins = sync.OnceValue(func() []*Pack {
	var out []*Pack
	for _, f := range BuiltinFiles() {
		p, err := Parse(f.Name, f.Data)
		if err != nil {
			panic("pack: a built-in pack is refused: " + err.Error()) // the tests load every one
		}
		p.From = BuiltIn
		out = append(out, p)
	}
	return out
})

// Load reads the built-in packs and the user's files (in the order given,
// which decides which of two packs with one id is skipped), and resolves
// what each extends. A bad user pack is skipped with its error; the others
// load.
func Load(user ...File) *Library {
	l := &Library{}
	var parsed []*Pack
	taken := map[string]*Pack{}
	add := func(f File) {
		p, err := Parse(f.Name, f.Data)
		if err != nil {
			l.Skipped = append(l.Skipped, err)
			return
		}
		if first, ok := taken[p.ID]; ok {
			by := "the built-in pack"
			if first.From != BuiltIn {
				by = first.file
			}
			l.Skipped = append(l.Skipped, errorAt(p.idAt, "the id %q is already taken by %s; give this pack another id", p.ID, by).in(p.file))
			return
		}
		taken[p.ID] = p
		parsed = append(parsed, p)
	}
	for _, p := range builtins() {
		taken[p.ID] = p
		parsed = append(parsed, p)
	}
	for _, f := range user {
		add(f)
	}
	r := resolver{byID: taken, done: map[string]*Pack{}, errs: map[string]*Error{}}
	for _, p := range parsed {
		if err := r.resolve(p); err != nil {
			l.Skipped = append(l.Skipped, err)
		}
	}
	for _, p := range parsed {
		if q := r.done[p.ID]; q != nil {
			l.packs = append(l.packs, q)
		}
	}
	return l
}

type resolver struct {
	byID map[string]*Pack
	done map[string]*Pack
	errs map[string]*Error
}

// resolve folds into p what it extends, base first.
func (r *resolver) resolve(p *Pack) *Error {
	if r.done[p.ID] != nil {
		return nil
	}
	if e := r.errs[p.ID]; e != nil {
		return e
	}
	fail := func(e *Error) *Error {
		r.errs[p.ID] = e.in(p.file)
		return r.errs[p.ID]
	}
	if p.Extends == "" {
		out := *p
		out.SHA256 = out.hash()
		r.done[p.ID] = &out
		return nil
	}
	base, ok := r.byID[p.Extends]
	if !ok {
		return fail(errorAt(p.extendsAt, "extends %q, which is not a pack here; the packs are %s", p.Extends, strings.Join(slices.Sorted(maps.Keys(r.byID)), ", ")))
	}
	if loop := r.cycle(p); loop != nil {
		return fail(errorAt(p.extendsAt, "extends %q, which comes back to this pack: a cycle (%s)", p.Extends, strings.Join(loop, " → ")))
	}
	if err := r.resolve(base); err != nil {
		return fail(errorAt(p.extendsAt, "extends %q, which was skipped", p.Extends))
	}
	out := extend(r.done[base.ID], p)
	out.SHA256 = out.hash()
	r.done[p.ID] = out
	return nil
}

// cycle is the chain of ids from p back to p when what p extends leads
// back to it, or nil.
func (r *resolver) cycle(p *Pack) []string {
	chain := []string{p.ID}
	for cur := p; cur.Extends != ""; {
		next, ok := r.byID[cur.Extends]
		if !ok {
			return nil
		}
		chain = append(chain, next.ID)
		if next == p {
			return chain
		}
		if slices.Contains(chain[:len(chain)-1], next.ID) {
			return nil // a cycle further on, not through p
		}
		cur = next
	}
	return nil
}

// extend is child over base: the child's own facts, each step's questions,
// domain questions and risk prompts after the base's (or instead of them
// where the child's step says replace; a question both ask stays where the
// base has it, asked where the child says), and its rule settings over the
// base's.
func extend(base, child *Pack) *Pack {
	out := *child
	for s := range out.Steps {
		if child.replaceAll[s] {
			continue
		}
		b, c := base.Steps[s], child.Steps[s]
		st := Step{Questions: union(b.Questions, c.Questions), Risks: slices.Clone(b.Risks)}
		for d := range joinKeys(b.Domains, c.Domains) {
			if st.Domains == nil {
				st.Domains = map[string][]Question{}
			}
			st.Domains[d] = union(b.Domains[d], c.Domains[d])
		}
		for _, rp := range c.Risks {
			// A prompt with a title the base has replaces it.
			if i := slices.IndexFunc(st.Risks, func(x RiskPrompt) bool { return x.Title == rp.Title }); i >= 0 {
				st.Risks[i] = rp
			} else {
				st.Risks = append(st.Risks, rp)
			}
		}
		out.Steps[s] = st
	}
	out.Rules = maps.Clone(base.Rules)
	if out.Rules == nil {
		out.Rules = map[string]model.RuleSetting{}
	}
	maps.Copy(out.Rules, child.Rules)
	return &out
}

// union is a's questions then b's; a question of b that a asks too takes
// its place in a's order with b's applies_to, so a pack can narrow (or
// widen) a question of the pack it extends by writing it again.
func union(a, b []Question) []Question {
	out := slices.Clone(a)
	for _, q := range b {
		if i := slices.IndexFunc(out, func(o Question) bool { return o.Text == q.Text }); i >= 0 {
			out[i] = q
		} else {
			out = append(out, q)
		}
	}
	return out
}

func joinKeys(a, b map[string][]Question) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// Packs are the packs loaded, built-in first.
func (l *Library) Packs() []*Pack { return l.packs }

// Get is the pack with the id, or nil.
func (l *Library) Get(id string) *Pack {
	for _, p := range l.packs {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Default is the pack a session without one is walked with.
func (l *Library) Default() *Pack { return l.Get(DefaultID) }

// SkippedFile is the error that skipped the file of that name, or nil.
func (l *Library) SkippedFile(name string) error {
	for _, err := range l.Skipped {
		if e, ok := err.(*Error); ok && e.File == name {
			return err
		}
	}
	return nil
}

// Find is the pack a session that records ref is walked with: that pack,
// or the default when it is not here.
func (l *Library) Find(ref *model.PackRef) *Pack {
	if ref != nil {
		if p := l.Get(ref.ID); p != nil {
			return p
		}
	}
	return l.Default()
}

// ForSession is the pack a session is walked with, and a notice when it is
// not the one the session recorded: missing on this laptop, or changed
// since. The answers are the session's whatever the pack.
func (l *Library) ForSession(ref *model.PackRef) (*Pack, string) {
	p := l.Find(ref)
	switch {
	case ref == nil || ref.ID == "":
	case p.ID != ref.ID:
		return l.Default(), fmt.Sprintf("This session's question pack %q is not on this laptop; it shows the %s questions, and its answers are as they were.", model.Printable(ref.ID, false), DefaultID)
	case ref.SHA256 != "" && p.SHA256 != ref.SHA256 && p.Version != ref.Version:
		return p, fmt.Sprintf("The question pack %q is version %s here; the session was run with %s.", p.ID, model.Printable(p.Version, false), model.Printable(ref.Version, false))
	case ref.SHA256 != "" && p.SHA256 != ref.SHA256:
		return p, fmt.Sprintf("The question pack %q has changed since the session was run with it.", p.ID)
	}
	return p, ""
}
