// Package pack is archreview's question packs: the guiding questions the
// walkthrough shows per step and per domain, the risks it suggests when one
// is added, and what a kind of client says of the review's rules. A pack is
// a YAML file (docs/pack.schema.json); the built-in ones are embedded, and a
// pack can extend another.
//
// It reads bytes and never files: the command line finds the user's packs
// and hands them over. It imports model, and model/review for the rules a
// pack may name; nothing else of ours.
package pack

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// MaxBytes is the largest pack file read: a pack is a few hundred questions.
const MaxBytes = 1 << 20

// DefaultID is the pack a session without one is walked with.
const DefaultID = "retail"

// BuiltIn is where a built-in pack comes from, as `archreview packs` says.
const BuiltIn = "built in"

// Pack is a resolved question pack: what it extends is already folded in.
type Pack struct {
	ID          string
	Name        string
	Version     string
	Description string
	AppliesTo   []string
	Extends     string
	// From is BuiltIn or the file the pack was read from.
	From  string
	Steps [4]Step // by model.Step
	// Rules are the pack's settings by rule id, for review.SummarizeWith.
	Rules map[string]model.RuleSetting
	// SHA256 is the hash of the resolved questions, prompts and rules, so a
	// session can tell the pack it was run with from a changed one.
	SHA256 string

	file       string // the name errors give
	idAt       pos
	extendsAt  pos
	replaceAll [4]bool
}

// Step is what a pack holds for one step of the walkthrough.
type Step struct {
	Questions []Question
	// Domains holds the questions asked only of flows of a domain (a
	// returns flow gets returns questions).
	Domains map[string][]Question
	Risks   []RiskPrompt
}

// RiskPrompt is a risk the room is offered when it adds one, with the
// impact and likelihood it starts from.
type RiskPrompt struct {
	Title      string `json:"title"`
	Impact     int    `json:"impact"`
	Likelihood int    `json:"likelihood"`
}

// Ref is what a session records of its pack.
func (p *Pack) Ref() model.PackRef {
	return model.PackRef{ID: p.ID, Version: p.Version, SHA256: p.SHA256}
}

// RiskPrompts are the risks offered when a risk is added at the step; the
// failure step's follow another step's, since risks are kept there.
func (p *Pack) RiskPrompts(s model.Step) []RiskPrompt {
	if p == nil || s < 0 || int(s) >= len(p.Steps) {
		return nil
	}
	out := slices.Clip(p.Steps[s].Risks)
	if s != model.StepFailure {
		out = append(out, p.Steps[model.StepFailure].Risks...)
	}
	return out
}

// Counts are how many questions, risk prompts and rule settings the pack
// holds, for a line that describes it.
func (p *Pack) Counts() (questions, prompts, rules int) {
	for _, st := range p.Steps {
		questions += len(st.Questions)
		for _, qs := range st.Domains {
			questions += len(qs)
		}
		prompts += len(st.Risks)
	}
	return questions, prompts, len(p.Rules)
}

// Error is a pack refused: the file, where in it, and what is wrong.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return model.Printable(fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg), false)
}

func errorAt(at pos, format string, args ...any) *Error {
	// What a message quotes of the file reaches a terminal safe.
	return &Error{Line: max(at.line, 1), Col: max(at.col, 1), Msg: model.Printable(fmt.Sprintf(format, args...), false)}
}

func (e *Error) in(file string) *Error {
	e.File = file
	return e
}

// SizeError refuses a pack file of size bytes, over MaxBytes, for a reader
// that stopped reading at the limit.
func SizeError(file string, size int64) error { return sizeError(size).in(file) }

func sizeError(size int64) *Error {
	return errorAt(pos{}, "the file is %d bytes; a pack may be at most 1 MB", size)
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Parse reads one pack file, checking everything but what it extends (see
// Load). file is the name its errors give.
func Parse(file string, data []byte) (*Pack, error) {
	p, err := parse(data)
	if err != nil {
		return nil, err.in(file)
	}
	p.file, p.From = file, file
	return p, nil
}

func parse(data []byte) (*Pack, *Error) {
	if len(data) > MaxBytes {
		return nil, sizeError(int64(len(data)))
	}
	f, err := decodeYAML(data)
	if err != nil {
		return nil, yamlError(err)
	}
	p := &Pack{ID: f.ID.value, idAt: f.ID.at, extendsAt: f.Extends.at, Rules: map[string]model.RuleSetting{}}
	for _, c := range []struct {
		name string
		t    text
		into *string
	}{{"id", f.ID, &p.ID}, {"name", f.Name, &p.Name}, {"version", f.Version, &p.Version}, {"description", f.Description, &p.Description}, {"extends", f.Extends, &p.Extends}} {
		v, e := line(c.t, c.name)
		if e != nil {
			return nil, e
		}
		*c.into = v
	}
	switch {
	case !f.ID.set:
		return nil, errorAt(pos{}, "the pack has no id; give it one, e.g. id: my-retail")
	case !idPattern.MatchString(p.ID):
		return nil, errorAt(f.ID.at, "the id %q is not one word of lowercase letters, digits and dashes", model.Printable(p.ID, false))
	case p.Name == "":
		return nil, errorAt(f.Name.at, "the pack has no name; give it one, e.g. name: Retail")
	case p.Version == "":
		return nil, errorAt(f.Version.at, "the pack has no version; give it one, e.g. version: \"1.0\"")
	case p.Extends != "" && !idPattern.MatchString(p.Extends):
		return nil, errorAt(f.Extends.at, "extends names a pack by its id, one word of lowercase letters, digits and dashes")
	case p.Extends == p.ID && p.ID != "":
		return nil, errorAt(f.Extends.at, "the pack extends itself")
	}
	for _, a := range f.AppliesTo {
		v, e := line(a, "applies_to")
		if e != nil {
			return nil, e
		}
		if v != "" {
			p.AppliesTo = append(p.AppliesTo, v)
		}
	}
	for _, s := range f.Steps {
		step, ok := model.ParseStep(s.key)
		if !ok {
			return nil, errorAt(s.at, "unknown step %q; a pack's steps are source, contract, failure and owner", model.Printable(s.key, false))
		}
		st, e := readStep(s.value)
		if e != nil {
			return nil, e
		}
		p.Steps[step], p.replaceAll[step] = st, s.value.Replace.on
	}
	for _, r := range f.Rules {
		if !slices.Contains(RuleIDs(), r.key) {
			return nil, errorAt(r.at, "unknown rule %q; the rules are %s", model.Printable(r.key, false), strings.Join(RuleIDs(), ", "))
		}
		p.Rules[r.key] = model.RuleSetting{Disabled: r.value.Disabled.on, Impact: r.value.Impact.n, Likelihood: r.value.Likelihood.n}
	}
	return p, nil
}

func readStep(y stepYAML) (Step, *Error) {
	var st Step
	var err *Error
	if st.Questions, err = questions(y.Questions, ""); err != nil {
		return st, err
	}
	for _, d := range y.Domains {
		if !slices.Contains(Domains(), d.key) {
			return st, errorAt(d.at, "unknown domain %q; a pack keeps questions for %s", model.Printable(d.key, false), strings.Join(Domains(), ", "))
		}
		qs, err := questions(d.value, d.key)
		if err != nil {
			return st, err
		}
		if len(qs) == 0 {
			continue
		}
		if st.Domains == nil {
			st.Domains = map[string][]Question{}
		}
		st.Domains[d.key] = qs
	}
	for _, r := range y.Risks {
		title, err := line(r.Title, "title")
		switch {
		case err != nil:
			return st, err
		case title == "":
			return st, errorAt(r.at, "a risk prompt has no title")
		case !r.Impact.set:
			return st, errorAt(r.at, "the risk prompt %q has no impact; give it a score from 1 to 5", title)
		case !r.Likelihood.set:
			return st, errorAt(r.at, "the risk prompt %q has no likelihood; give it a score from 1 to 5", title)
		}
		st.Risks = append(st.Risks, RiskPrompt{Title: title, Impact: r.Impact.n, Likelihood: r.Likelihood.n})
	}
	return st, nil
}

// questions reads a list of questions: each one line, none twice, each
// asked where its applies_to says. domain is the domain the list is kept
// for, "" for a step's own.
func questions(ts []questionYAML, domain string) ([]Question, *Error) {
	var out []Question
	for _, t := range ts {
		q, err := line(t.Text, "question")
		switch {
		case err != nil:
			return nil, err
		case q == "" && t.mapping:
			return nil, errorAt(t.at, "a question has no text; write it as text: followed by the question")
		case q == "":
			return nil, errorAt(t.at, "an empty question")
		case slices.ContainsFunc(out, func(o Question) bool { return o.Text == q }):
			return nil, errorAt(t.at, "this question is already in the list")
		}
		a, err := readApplies(t.AppliesTo, domain)
		if err != nil {
			return nil, err
		}
		out = append(out, Question{Text: q, AppliesTo: a})
	}
	return out, nil
}

// readApplies reads where a question is asked: kinds, patterns and domains
// the app knows, each list naming at least one and none twice.
func readApplies(y appliesYAML, domain string) (AppliesTo, *Error) {
	var a AppliesTo
	if !y.set {
		return a, nil
	}
	for _, c := range []struct {
		key, one string
		list     textList
		known    []string
		into     *[]string
	}{
		{"kinds", "kind", y.Kinds, Kinds(), &a.Kinds},
		{"patterns", "pattern", y.Patterns, Patterns(), &a.Patterns},
		{"domains", "domain", y.Domains, Domains(), &a.Domains},
	} {
		if !c.list.set {
			continue
		}
		if len(c.list.items) == 0 {
			return a, errorAt(c.list.at, "applies_to's %s names none; name at least one %s, or leave %s out", c.key, c.one, c.key)
		}
		for _, t := range c.list.items {
			v, err := line(t, c.one)
			switch {
			case err != nil:
				return a, err
			case !slices.Contains(c.known, v):
				return a, errorAt(t.at, "unknown %s %q in applies_to; the %s are %s", c.one, v, c.key, strings.Join(c.known, ", "))
			case slices.Contains(*c.into, v):
				return a, errorAt(t.at, "the %s %q is named twice in applies_to", c.one, v)
			}
			*c.into = append(*c.into, v)
		}
	}
	switch {
	case a.IsZero():
		return a, errorAt(y.at, "applies_to names no kinds, patterns or domains; say which flows the question is for, or leave applies_to out")
	case domain != "" && len(a.Domains) > 0 && !slices.Contains(a.Domains, domain):
		return a, errorAt(y.Domains.at, "this question is kept for %s flows and its applies_to names other domains, so it would never be asked; leave domains out here", domain)
	}
	return a, nil
}

// line is a text as one line: its spacing and line breaks folded, and no
// control characters, since it is drawn on a terminal.
func line(t text, what string) (string, *Error) {
	for _, r := range t.value {
		if model.IsTerminalControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return "", errorAt(t.at, "the %s holds a control character; write plain text", what)
		}
	}
	return strings.Join(strings.Fields(t.value), " "), nil
}

// RuleIDs are the rules a pack may set, in the order the review runs them.
func RuleIDs() []string {
	out := make([]string, len(review.Rules))
	for i, r := range review.Rules {
		out[i] = r.ID
	}
	return out
}

// Domains are the domains a pack may keep questions for: the core ones and
// those the rules know.
func Domains() []string {
	out := slices.Clone(model.CoreDomains)
	for _, c := range model.KnownDomainChoices {
		out = append(out, c.Value)
	}
	return out
}

// hash is the SHA-256 of what the pack asks and says, in a fixed encoding.
func (p *Pack) hash() string {
	// A question asked of every flow hashes as its text alone, as before
	// questions could be narrowed, so a pack that narrows none keeps the
	// hash its sessions recorded.
	type stepJSON struct {
		Questions []string             `json:"questions"`
		Domains   map[string][]string  `json:"domains"`
		Risks     []RiskPrompt         `json:"risks"`
		AppliesTo map[string]AppliesTo `json:"applies_to,omitempty"`
	}
	type ruleJSON struct {
		Disabled   bool `json:"disabled"`
		Impact     int  `json:"impact"`
		Likelihood int  `json:"likelihood"`
	}
	v := struct {
		ID      string              `json:"id"`
		Version string              `json:"version"`
		Steps   []stepJSON          `json:"steps"`
		Rules   map[string]ruleJSON `json:"rules"`
	}{ID: p.ID, Version: p.Version, Rules: map[string]ruleJSON{}}
	for _, st := range p.Steps {
		sj := stepJSON{Risks: st.Risks}
		texts := func(where string, qs []Question) []string {
			var out []string
			for i, q := range qs {
				out = append(out, q.Text)
				if !q.AppliesTo.IsZero() {
					if sj.AppliesTo == nil {
						sj.AppliesTo = map[string]AppliesTo{}
					}
					sj.AppliesTo[fmt.Sprintf("%s%d", where, i)] = q.AppliesTo
				}
			}
			return out
		}
		sj.Questions = texts("questions/", st.Questions)
		if st.Domains != nil {
			sj.Domains = map[string][]string{}
		}
		for d, qs := range st.Domains {
			sj.Domains[d] = texts("domains/"+d+"/", qs)
		}
		v.Steps = append(v.Steps, sj)
	}
	for id, r := range p.Rules {
		v.Rules[id] = ruleJSON(r)
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("pack: " + err.Error()) // unreachable: plain strings, ints and maps
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
