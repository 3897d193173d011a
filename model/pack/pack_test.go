package pack

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/review"

	"github.com/goccy/go-yaml"
)

const schemaPath = "../../docs/pack.schema.json"

// Every built-in pack matches the published schema, loads without a word
// of complaint, and asks at least five questions of its own at every step.
func TestBuiltinPacksMatchTheSchemaAndLoad(t *testing.T) {
	sch, err := fixture.CompileDocumentSchema(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range BuiltinFiles() {
		doc, err := yaml.YAMLToJSON(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if err := fixture.ValidateJSON(sch, doc); err != nil {
			t.Errorf("%s does not match %s: %v", f.Name, schemaPath, err)
		}
		p, err := Parse(f.Name, f.Data)
		if err != nil {
			t.Fatalf("built-in pack refused: %v", err)
		}
		for _, s := range model.Steps {
			if n := len(p.Steps[s].Questions); n < 5 {
				t.Errorf("%s asks %d questions at the %s step; a built-in pack asks at least 5", p.ID, n, s)
			}
		}
		if p.Description == "" || len(p.AppliesTo) == 0 {
			t.Errorf("%s does not say what it is for (description, applies_to)", p.ID)
		}
	}
	l := Load()
	if len(l.Skipped) > 0 {
		t.Fatalf("built-in packs skipped: %v", l.Skipped)
	}
	var ids []string
	for _, p := range l.Packs() {
		ids = append(ids, p.ID)
		if p.From != BuiltIn || len(p.SHA256) != 64 {
			t.Errorf("%s: from %q, hash %q", p.ID, p.From, p.SHA256)
		}
	}
	if want := []string{"retail", "b2b-distribution", "marketplace-seller", "omnichannel-pos", "headless-replatform"}; !slices.Equal(ids, want) {
		t.Errorf("the built-in packs are %v, want %v", ids, want)
	}
	if l.Default().ID != DefaultID {
		t.Errorf("the default pack is %s", l.Default().ID)
	}
}

// The schema names exactly the rules, domains, kinds and patterns the
// loader knows, so neither can drift from the other.
func TestSchemaNamesTheRulesAndDomainsTheLoaderKnows(t *testing.T) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties struct {
			Rules struct {
				Properties map[string]any `json:"properties"`
			} `json:"rules"`
		} `json:"properties"`
		Defs struct {
			SystemKind struct {
				Enum []string `json:"enum"`
			} `json:"systemKind"`
			Pattern struct {
				Enum []string `json:"enum"`
			} `json:"pattern"`
			Domain struct {
				Enum []string `json:"enum"`
			} `json:"domain"`
			Step struct {
				Properties struct {
					Domains struct {
						Properties map[string]any `json:"properties"`
					} `json:"domains"`
				} `json:"properties"`
			} `json:"step"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	if got, want := keys(s.Properties.Rules.Properties), slices.Sorted(slices.Values(RuleIDs())); !slices.Equal(got, want) {
		t.Errorf("the schema's rules are %v; the review's are %v", got, want)
	}
	if got, want := keys(s.Defs.Step.Properties.Domains.Properties), slices.Sorted(slices.Values(Domains())); !slices.Equal(got, want) {
		t.Errorf("the schema's domains are %v; the loader's are %v", got, want)
	}
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"kinds", s.Defs.SystemKind.Enum, Kinds()},
		{"patterns", s.Defs.Pattern.Enum, Patterns()},
		{"domains", s.Defs.Domain.Enum, Domains()},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("the schema's applies_to %s are %v; the loader's are %v", c.what, c.got, c.want)
		}
	}
}

const goodPack = `id: mine
name: Mine
version: "1.0"
steps:
  source:
    questions:
      - Who owns it?
`

// Every broken pack is refused with its file, the line and column of what
// is wrong, and what is wrong in words; the packs beside it still load.
func TestBrokenPacksAreRefusedWithFileLineAndColumn(t *testing.T) {
	big := "id: big\nname: Big\nversion: \"1\"\ndescription: \"" + strings.Repeat("x", MaxBytes) + "\"\n"
	cases := []struct {
		name  string
		files []File // the last one is the broken one
		want  string
	}{
		{"YAML syntax", files("id: [mine\n"), "p.yaml:1:5: sequence end token ']' not found"},
		{"tab indentation", files("id: mine\nsteps:\n\tsource: {}\n"), "p.yaml:3:"},
		{"unknown key", files("id: mine\nname: Mine\nversion: \"1\"\nauthor: me\n"), `p.yaml:4:1: unknown key "author"`},
		{"unknown key in a step", files(goodPack + "    answers: []\n"), `p.yaml:8:5: unknown key "answers"`},
		{"unknown key in a risk prompt", files(goodPack + "    risks:\n      - title: Stuck\n        impact: 3\n        likelihood: 3\n        owner: Ops\n"), `p.yaml:12:9: unknown key "owner"`},
		{"unknown step", files("id: mine\nname: Mine\nversion: \"1\"\nsteps:\n  sources:\n    questions: [Why?]\n"), `p.yaml:5:3: unknown step "sources"`},
		{"unknown domain", files(goodPack + "    domains:\n      return:\n        - Refunded twice?\n"), `p.yaml:9:7: unknown domain "return"`},
		{"unknown rule", files(goodPack + "rules:\n  STALE_STOCK:\n    impact: 5\n"), `p.yaml:9:3: unknown rule "STALE_STOCK"`},
		{"score out of range", files(goodPack + "rules:\n  STALE_INVENTORY:\n    impact: 6\n"), `p.yaml:10:13: expected a score from 1 to 5 here, not "6"`},
		{"score as text", files(goodPack + "rules:\n  NO_RETRY:\n    likelihood: high\n"), `p.yaml:10:17: expected a score from 1 to 5 here, not "high"`},
		{"disabled as text", files(goodPack + "rules:\n  NO_RETRY:\n    disabled: maybe\n"), `p.yaml:10:15: expected true or false here, not "maybe"`},
		{"risk prompt without likelihood", files(goodPack + "    risks:\n      - title: Stuck\n        impact: 3\n"), `p.yaml:9:9: the risk prompt "Stuck" has no likelihood`},
		{"questions not a list", files("id: mine\nname: Mine\nversion: \"1\"\nsteps:\n  owner:\n    questions: Who?\n"), "p.yaml:6:16: expected a list (- …) here, not text"},
		{"question as a mapping of something else", files("id: mine\nname: Mine\nversion: \"1\"\nsteps:\n  owner:\n    questions:\n      - who: Ops\n"), `p.yaml:7:9: unknown key "who" in a question; write the question as text, or as text: with applies_to:`},
		{"a question without text", files(goodPack + "      - applies_to: {kinds: [edi]}\n"), "p.yaml:8:9: a question has no text"},
		{"an unknown kind", files(goodPack + "      - text: Which VAN?\n        applies_to: {kinds: [erp, edy]}\n"), `p.yaml:9:35: unknown kind "edy" in applies_to; the kinds are storefront, erp,`},
		{"an unknown kind in a domain's question", files(goodPack + "    domains:\n      order:\n        - text: Which VAN?\n          applies_to:\n            kinds:\n              - VAN\n"), `p.yaml:13:17: unknown kind "VAN" in applies_to`},
		{"an unknown pattern", files(goodPack + "      - text: Which VAN?\n        applies_to: {patterns: [webhook]}\n"), `p.yaml:9:33: unknown pattern "webhook" in applies_to; the patterns are real-time, batch, event-driven, file, manual`},
		{"an unknown domain", files(goodPack + "      - text: Which VAN?\n        applies_to: {domains: [orders]}\n"), `p.yaml:9:32: unknown domain "orders" in applies_to; the domains are catalog, price,`},
		{"an unknown key in applies_to", files(goodPack + "      - text: Which VAN?\n        applies_to: {kinds: [edi], systems: [VAN]}\n"), `p.yaml:9:36: unknown key "systems" in applies_to; it names kinds, patterns and domains`},
		{"applies_to as a list", files(goodPack + "      - text: Which VAN?\n        applies_to: [edi]\n"), "p.yaml:9:21: expected names and what each holds (name: …) here, not a list (- …)"},
		{"kinds as text", files(goodPack + "      - text: Which VAN?\n        applies_to: {kinds: edi}\n"), "p.yaml:9:29: expected a list (- …) here, not text"},
		{"applies_to naming nothing", files(goodPack + "      - text: Which VAN?\n        applies_to: {}\n"), "p.yaml:9:21: applies_to names no kinds, patterns or domains"},
		{"an empty list of kinds", files(goodPack + "      - text: Which VAN?\n        applies_to: {kinds: []}\n"), "p.yaml:9:29: applies_to's kinds names none; name at least one kind, or leave kinds out"},
		{"a kind twice", files(goodPack + "      - text: Which VAN?\n        applies_to: {kinds: [edi, edi]}\n"), `p.yaml:9:35: the kind "edi" is named twice in applies_to`},
		{"a domain's question for other domains", files(goodPack + "    domains:\n      order:\n        - {text: Which VAN?, applies_to: {domains: [price]}}\n"), "p.yaml:10:52: this question is kept for order flows and its applies_to names other domains"},
		{"duplicate question", files(goodPack + "      - Who owns it?\n"), "p.yaml:8:9: this question is already in the list"},
		{"duplicate key", files("id: mine\nid: yours\n"), `p.yaml:2:1: mapping key "id" already defined at [1:1]`},
		{"duplicate id", files(goodPack, goodPack), `p.yaml:1:5: the id "mine" is already taken by first.yaml`},
		{"a built-in's id", files(strings.Replace(goodPack, "id: mine", "id: retail", 1)), `p.yaml:1:5: the id "retail" is already taken by the built-in pack`},
		{"bad id", files(strings.Replace(goodPack, "id: mine", "id: My Pack", 1)), `p.yaml:1:5: the id "My Pack" is not one word`},
		{"no id", files("name: Mine\nversion: \"1\"\n"), "p.yaml:1:1: the pack has no id"},
		{"no version", files("id: mine\nname: Mine\n"), "p.yaml:1:1: the pack has no version"},
		{"missing base", files(goodPack + "extends: retial\n"), `p.yaml:8:10: extends "retial", which is not a pack here`},
		{"extends itself", files(goodPack + "extends: mine\n"), "p.yaml:8:10: the pack extends itself"},
		{"a cycle", files("id: a\nname: A\nversion: \"1\"\nextends: b\n", "id: b\nname: B\nversion: \"1\"\nextends: a\n"), `p.yaml:4:10: extends "a", which comes back to this pack: a cycle (b → a → b)`},
		{"over 1 MB", files(big), fmt.Sprintf("p.yaml:1:1: the file is %d bytes; a pack may be at most 1 MB", len(big))},
		{"not UTF-8", files("id: mine\nname: \"caf\xe9\"\n"), "p.yaml:2:11: the file is not UTF-8 text"},
		{"two documents", files(goodPack + "---\n" + goodPack), "p.yaml:8:1: a second YAML document"},
		{"an alias", files("id: &x mine\nname: *x\nversion: \"1\"\n"), "p.yaml:1:5: anchors and aliases"},
		{"a merge key", files("id: mine\nname: Mine\nversion: \"1\"\nsteps:\n  source:\n    <<: {questions: [a]}\n"), "p.yaml:6:5: merge keys (<<)"},
		{"a tag", files("id: mine\nname: !!str Mine\nversion: \"1\"\n"), "p.yaml:2:7: tags (!!)"},
		{"a control character", files("id: mine\nname: \"Mine\\u001b[2J\"\nversion: \"1\"\n"), "p.yaml:2:7: the name holds a control character"},
		{"nested too deep", files(strings.Repeat("[", 20000)), "p.yaml:1:33: the file nests deeper than a pack does"},
		{"nested too deep in blocks", files("steps:\n" + strings.Repeat("- ", 40)), "p.yaml:2:65: the file nests deeper than a pack does"},
		{"empty", files(""), "p.yaml:1:1: the file is empty"},
		{"a list, not a pack", files("- id: mine\n"), "p.yaml:1:1: expected names and what each holds (name: …) here, not a list (- …)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := Load(c.files...)
			err := l.SkippedFile("p.yaml")
			if err == nil {
				t.Fatalf("the pack was loaded; skipped: %v", l.Skipped)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("refused with\n%s\nwant it to start\n%s", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "Go ") {
				t.Errorf("the refusal is not one sentence for a person: %q", err)
			}
			if len(l.Packs()) < len(BuiltinFiles()) {
				t.Errorf("a broken pack took the built-in ones with it: %d loaded", len(l.Packs()))
			}
		})
	}
}

// files names each text first.yaml, second.yaml, … and the last p.yaml.
func files(texts ...string) []File {
	names := []string{"first.yaml", "second.yaml", "third.yaml"}
	out := make([]File, len(texts))
	for i, s := range texts {
		out[i] = File{Name: names[i], Data: []byte(s)}
	}
	out[len(out)-1].Name = "p.yaml"
	return out
}

// A pack that extends another adds its questions after the base's, keeps
// the base's domain questions and adds its own, replaces a step when it
// says so, replaces a risk prompt by its title, and its rule settings win.
func TestExtendsAddsAndReplaces(t *testing.T) {
	base := `id: base
name: Base
version: "1"
steps:
  source:
    questions: [Who owns it?, Who else writes it?]
    domains:
      returns: [Where is a return first recorded?]
  contract:
    questions: [Why batch?]
  failure:
    risks:
      - {title: Peak day, impact: 4, likelihood: 3}
rules:
  NO_RETRY: {impact: 2}
  NO_OWNER: {disabled: true}
`
	child := `id: child
name: Child
version: "2"
extends: base
steps:
  source:
    questions: [Who owns it?, Who signs off a change?]
    domains:
      returns: [Is a refund ever paid twice?]
      order: [Can an order be edited after export?]
  contract:
    replace: true
    questions: [Which API version?]
  failure:
    risks:
      - {title: Peak day, impact: 5, likelihood: 4}
      - {title: Replay duplicates, impact: 4, likelihood: 2}
rules:
  NO_RETRY: {likelihood: 5}
  STALE_INVENTORY: {impact: 5, likelihood: 4}
`
	l := Load(File{"base.yaml", []byte(base)}, File{"child.yaml", []byte(child)})
	if len(l.Skipped) > 0 {
		t.Fatal(l.Skipped)
	}
	p := l.Get("child")
	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	check("source questions of a returns flow", p.Questions(model.StepSource, &model.Flow{Domain: "returns"}, nil),
		[]string{"Where is a return first recorded?", "Is a refund ever paid twice?", "Who owns it?", "Who else writes it?", "Who signs off a change?"})
	check("source questions of an order flow", p.Questions(model.StepSource, &model.Flow{Domain: "order"}, nil),
		[]string{"Can an order be edited after export?", "Who owns it?", "Who else writes it?", "Who signs off a change?"})
	check("source questions of a catalog flow", p.Questions(model.StepSource, &model.Flow{Domain: "catalog"}, nil),
		[]string{"Who owns it?", "Who else writes it?", "Who signs off a change?"})
	check("a replaced step", p.Questions(model.StepContract, &model.Flow{Domain: "order"}, nil), []string{"Which API version?"})
	check("risk prompts", p.RiskPrompts(model.StepFailure), []RiskPrompt{{"Peak day", 5, 4}, {"Replay duplicates", 4, 2}})
	check("risk prompts offered at the source step", p.RiskPrompts(model.StepSource), []RiskPrompt{{"Peak day", 5, 4}, {"Replay duplicates", 4, 2}})
	check("rules", p.Rules, map[string]model.RuleSetting{
		"NO_RETRY": {Likelihood: 5}, "NO_OWNER": {Disabled: true}, "STALE_INVENTORY": {Impact: 5, Likelihood: 4},
	})
	check("the base is unchanged", l.Get("base").Questions(model.StepSource, &model.Flow{Domain: "order"}, nil), []string{"Who owns it?", "Who else writes it?"})
	check("the child's own facts", []string{p.ID, p.Name, p.Version, p.Extends, p.From}, []string{"child", "Child", "2", "base", "child.yaml"})

	// The hash follows what the pack asks, through what it extends.
	again := Load(File{"base.yaml", []byte(base)}, File{"elsewhere.yaml", []byte(child)}).Get("child")
	if again.SHA256 != p.SHA256 {
		t.Error("the same pack read again has another hash")
	}
	replaced := Load(File{"base.yaml", []byte(strings.Replace(base, "Why batch?", "Why a file?", 1))}, File{"child.yaml", []byte(child)}).Get("child")
	if replaced.SHA256 != p.SHA256 {
		t.Error("a change to a step the child replaces changed the child's hash")
	}
	changed := Load(File{"base.yaml", []byte(strings.Replace(base, "Who else writes it?", "Who else writes to it?", 1))}, File{"child.yaml", []byte(child)}).Get("child")
	if changed.SHA256 == p.SHA256 {
		t.Error("a change to the base's questions left the hash as it was")
	}
}

// A session that recorded a pack gets it back; one whose pack is not on
// this laptop gets the default and a notice naming the missing pack.
func TestSessionGetsItsPackOrTheDefaultWithANotice(t *testing.T) {
	l := Load(File{"mine.yaml", []byte(goodPack)})
	mine := l.Get("mine")
	cases := []struct {
		name   string
		ref    *model.PackRef
		want   string
		notice string
	}{
		{"no pack recorded", nil, "retail", ""},
		{"its pack", &model.PackRef{ID: "mine", Version: "1.0", SHA256: mine.SHA256}, "mine", ""},
		{"a pack not here", &model.PackRef{ID: "b2b-acme", Version: "3", SHA256: "ab"}, "retail", `question pack "b2b-acme" is not on this laptop`},
		{"a newer version", &model.PackRef{ID: "mine", Version: "0.9", SHA256: "ab"}, "mine", "is version 1.0 here; the session was run with 0.9"},
		{"changed in place", &model.PackRef{ID: "mine", Version: "1.0", SHA256: "ab"}, "mine", "has changed since"},
	}
	for _, c := range cases {
		p, notice := l.ForSession(c.ref)
		if p.ID != c.want || (c.notice == "") != (notice == "") || !strings.Contains(notice, c.notice) {
			t.Errorf("%s: got %s with notice %q, want %s with %q", c.name, p.ID, notice, c.want, c.notice)
		}
	}
}

// A pack shown is a pack file that loads back to the same pack, what it
// extends folded in.
func TestMarshalReadsBack(t *testing.T) {
	child := goodPack + "extends: marketplace-seller\nrules:\n  NO_OWNER: {disabled: true}\n  SOT_MISSING: {}\n"
	l := Load(File{"mine.yaml", []byte(child)})
	for _, p := range l.Packs() {
		out := Marshal(p)
		q, err := Parse("shown.yaml", out)
		if err != nil {
			t.Fatalf("%s: the shown pack is refused: %v\n%s", p.ID, err, out)
		}
		back := Load(File{"shown.yaml", out})
		if p.From != BuiltIn {
			if got := back.Get(p.ID); got == nil || got.SHA256 != p.SHA256 {
				t.Errorf("%s: the shown pack reads back as another pack:\n%s", p.ID, out)
			}
		} else if q.hash() != p.SHA256 {
			t.Errorf("%s: the shown pack reads back as another pack", p.ID)
		}
	}
}

// Rule settings only name rules the review has.
func TestRuleIDsAreTheReviewsRules(t *testing.T) {
	if len(RuleIDs()) != len(review.Rules) || RuleIDs()[0] != review.Rules[0].ID {
		t.Errorf("RuleIDs() = %v", RuleIDs())
	}
}

// The README's example pack is a pack: it loads, and its narrowed
// question is asked where it says.
func TestTheREADMEsExamplePackLoads(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start := strings.Index(text, "```yaml\nid: acme-returns")
	if start < 0 {
		t.Fatal("the README has no example pack")
	}
	example := text[start+len("```yaml\n"):]
	example = example[:strings.Index(example, "```")]
	l := Load(File{Name: "README.md", Data: []byte(example)})
	if len(l.Skipped) > 0 {
		t.Fatalf("the README's example pack is refused: %v", l.Skipped)
	}
	p := l.Get("acme-returns")
	systems := []model.System{{ID: "shop", Kind: "storefront"}, {ID: "3pl", Kind: "wms"}}
	returns := &model.Flow{Domain: "returns", From: "shop", To: "3pl"}
	returns.Contract.Pattern = model.PatternRealTime
	label := "When the carrier's label API is down, can a customer still book a return?"
	if !slices.Contains(p.Questions(model.StepContract, returns, systems), label) {
		t.Errorf("a real-time returns flow to the warehouse is not asked %q", label)
	}
	returns.Contract.Pattern = model.PatternBatch
	if slices.Contains(p.Questions(model.StepContract, returns, systems), label) {
		t.Errorf("a batch returns flow is asked %q", label)
	}
}
