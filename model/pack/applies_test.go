package pack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// systemsOf is a session's map with one system per kind given, each with
// the kind as its id.
func systemsOf(kinds ...string) []model.System {
	out := make([]model.System, len(kinds))
	for i, k := range kinds {
		out[i] = model.System{ID: k, Name: k, Kind: model.SystemKind(k)}
	}
	return out
}

// flowOf is a flow between systems named by their ids, with its pattern
// and domain.
func flowOf(from, to, via, pattern, domain string) *model.Flow {
	f := &model.Flow{ID: "f", Name: "f", From: from, To: to, Via: via, Domain: domain}
	f.Contract.Pattern = model.Pattern(pattern)
	return f
}

// A question applies when every list it gives matches the flow, a list
// matching when any of its values does; what the room has not said yet
// rules nothing out.
func TestAppliesMatchesEveryListGiven(t *testing.T) {
	systems := append(systemsOf("storefront", "erp", "edi", "ipaas", "file-drop", "pos"),
		model.System{ID: "unsorted", Name: "Unsorted", Kind: ""})
	edi := AppliesTo{Kinds: []string{"edi"}}
	cases := []struct {
		name string
		a    AppliesTo
		flow *model.Flow
		want bool
	}{
		{"no applies_to: every flow", AppliesTo{}, flowOf("storefront", "erp", "", "event-driven", "order"), true},
		{"a kind neither end has", edi, flowOf("storefront", "erp", "", "event-driven", "order"), false},
		{"a kind the flow comes from", edi, flowOf("edi", "erp", "", "file", "order"), true},
		{"a kind the flow goes to", edi, flowOf("erp", "edi", "", "file", "shipment"), true},
		{"a kind the flow goes through", edi, flowOf("storefront", "erp", "edi", "", "order"), true},
		{"any of the kinds", AppliesTo{Kinds: []string{"pos", "edi"}}, flowOf("pos", "erp", "", "batch", "inventory"), true},
		{"the pattern", AppliesTo{Patterns: []string{"file", "batch"}}, flowOf("storefront", "erp", "", "batch", "order"), true},
		{"another pattern", AppliesTo{Patterns: []string{"file", "batch"}}, flowOf("storefront", "erp", "", "event-driven", "order"), false},
		{"the domain", AppliesTo{Domains: []string{"price", "order"}}, flowOf("storefront", "erp", "", "event-driven", "order"), true},
		{"another domain", AppliesTo{Domains: []string{"price"}}, flowOf("storefront", "erp", "", "event-driven", "order"), false},
		{"kind and pattern both match", AppliesTo{Kinds: []string{"edi"}, Patterns: []string{"file"}}, flowOf("edi", "erp", "", "file", "order"), true},
		{"the kind matches, the pattern not", AppliesTo{Kinds: []string{"edi"}, Patterns: []string{"file"}}, flowOf("edi", "erp", "", "real-time", "order"), false},
		{"the pattern matches, the kind not", AppliesTo{Kinds: []string{"edi"}, Patterns: []string{"file"}}, flowOf("file-drop", "erp", "", "file", "order"), false},
		{"all three match", AppliesTo{Kinds: []string{"edi"}, Patterns: []string{"file"}, Domains: []string{"order"}}, flowOf("edi", "erp", "ipaas", "file", "order"), true},
		{"all but the domain", AppliesTo{Kinds: []string{"edi"}, Patterns: []string{"file"}, Domains: []string{"price"}}, flowOf("edi", "erp", "ipaas", "file", "order"), false},
		{"no pattern chosen yet", AppliesTo{Patterns: []string{"file"}}, flowOf("storefront", "erp", "", "", "order"), true},
		{"no pattern chosen, a kind that rules it out", AppliesTo{Kinds: []string{"edi"}, Patterns: []string{"file"}}, flowOf("storefront", "erp", "", "", "order"), false},
		{"an end not named yet", edi, flowOf("storefront", "", "", "", "order"), true},
		{"an end of no kind yet", edi, flowOf("unsorted", "erp", "", "", "order"), true},
		{"an end the map does not hold", edi, flowOf("gone", "erp", "", "", "order"), true},
		{"no domain yet", AppliesTo{Domains: []string{"price"}}, flowOf("storefront", "erp", "", "", ""), true},
		{"no via is not an unknown one", edi, flowOf("storefront", "erp", "", "", "order"), false},
	}
	for _, c := range cases {
		if got := c.a.Applies(c.flow, systems); got != c.want {
			t.Errorf("%s: Applies(%+v) to %s → %s via %q (%s, %s) = %v, want %v", c.name, c.a, c.flow.From, c.flow.To, c.flow.Via, c.flow.Contract.Pattern, c.flow.Domain, got, c.want)
		}
	}
}

const narrowedPack = `id: narrowed
name: Narrowed
version: "1"
steps:
  contract:
    questions:
      - Why this pattern?
      - text: Which EDI standard does each partner use, X12 or EDIFACT?
        applies_to:
          kinds: [edi]
      - {text: Who re-sends a missed file?, applies_to: {kinds: [file-drop, edi], patterns: [file, batch]}}
    domains:
      order:
        - text: Which 855 does the partner expect?
          applies_to: {kinds: [edi], domains: [order]}
        - Can an order be changed after export?
`

// A question is a plain string, as packs have always written it, or text:
// with applies_to:; the walkthrough asks each only of the flows it fits,
// and the pack shown reads back the same.
func TestQuestionsArePlainOrNarrowed(t *testing.T) {
	p, err := Parse("narrowed.yaml", []byte(narrowedPack))
	if err != nil {
		t.Fatal(err)
	}
	st := p.Steps[model.StepContract]
	want := []Question{
		{Text: "Why this pattern?"},
		{Text: "Which EDI standard does each partner use, X12 or EDIFACT?", AppliesTo: AppliesTo{Kinds: []string{"edi"}}},
		{Text: "Who re-sends a missed file?", AppliesTo: AppliesTo{Kinds: []string{"file-drop", "edi"}, Patterns: []string{"file", "batch"}}},
	}
	if fmt.Sprint(st.Questions) != fmt.Sprint(want) {
		t.Errorf("the step's questions are\n%+v\nwant\n%+v", st.Questions, want)
	}
	if got := p.Narrowed(); got != 3 {
		t.Errorf("Narrowed() = %d, want 3", got)
	}
	systems := systemsOf("storefront", "erp", "edi", "file-drop")
	asked := func(f *model.Flow) []string { return p.Questions(model.StepContract, f, systems) }
	for _, c := range []struct {
		name string
		flow *model.Flow
		want []string
	}{
		{"a storefront webhook order flow", flowOf("storefront", "erp", "", "event-driven", "order"),
			[]string{"Can an order be changed after export?", "Why this pattern?"}},
		{"an EDI order file", flowOf("edi", "erp", "", "file", "order"),
			[]string{"Which 855 does the partner expect?", "Can an order be changed after export?", "Why this pattern?", "Which EDI standard does each partner use, X12 or EDIFACT?", "Who re-sends a missed file?"}},
		{"an EDI price feed in real time", flowOf("erp", "edi", "", "real-time", "price"),
			[]string{"Why this pattern?", "Which EDI standard does each partner use, X12 or EDIFACT?"}},
		{"a nightly stock file", flowOf("erp", "file-drop", "", "batch", "inventory"),
			[]string{"Why this pattern?", "Who re-sends a missed file?"}},
	} {
		if got := asked(c.flow); !slices.Equal(got, c.want) {
			t.Errorf("%s is asked\n%q\nwant\n%q", c.name, got, c.want)
		}
	}

	shown := Marshal(p)
	for _, line := range []string{
		`      - "Why this pattern?"`,
		`      - text: "Which EDI standard does each partner use, X12 or EDIFACT?"`,
		`        applies_to: {kinds: ["file-drop", "edi"], patterns: ["file", "batch"]}`,
		`          applies_to: {kinds: ["edi"], domains: ["order"]}`,
	} {
		if !strings.Contains(string(shown), line+"\n") {
			t.Errorf("the shown pack lacks the line\n%s\nin\n%s", line, shown)
		}
	}
	back, err := Parse("shown.yaml", shown)
	if err != nil {
		t.Fatalf("the shown pack is refused: %v\n%s", err, shown)
	}
	if back.hash() != p.hash() {
		t.Errorf("the shown pack reads back as another pack:\n%s", shown)
	}
}

// Where a question is asked is part of what the pack asks, so it changes
// the hash; a pack that narrows nothing hashes as it did before questions
// could be narrowed, so sessions run with it see no change notice.
func TestHashFollowsWhereQuestionsAreAsked(t *testing.T) {
	const rich = `id: rich
name: Rich
version: "2"
steps:
  source:
    questions: [Who owns it?, Who else writes it?]
    domains:
      returns: [Where is a return first recorded?]
  failure:
    risks:
      - {title: Peak day, impact: 4, likelihood: 3}
rules:
  NO_RETRY: {impact: 2}
`
	// Both as hashed by the loader before applies_to existed.
	for _, c := range []struct{ text, want string }{
		{goodPack, "f615899699c41c7aad6ec3a44b6402a45fd62a0f50cb751524bc4c9262c0f46e"},
		{rich, "218454f832a6a687b9ab83f931e8434eb00ea6d967a29419457e5ef948fc3264"},
	} {
		l := Load(File{"p.yaml", []byte(c.text)})
		id := strings.Fields(c.text)[1]
		if got := l.Get(id).SHA256; got != c.want {
			t.Errorf("%s hashes as %s, as before %s", id, got, c.want)
		}
	}
	plain := Load(File{"p.yaml", []byte(rich)}).Get("rich").SHA256
	narrowed := strings.Replace(rich, "[Who owns it?, Who else writes it?]", "[Who owns it?, {text: Who else writes it?, applies_to: {kinds: [pos]}}]", 1)
	n := Load(File{"p.yaml", []byte(narrowed)}).Get("rich")
	if n == nil || n.SHA256 == plain {
		t.Fatal("narrowing a question left the hash as it was")
	}
	other := Load(File{"p.yaml", []byte(strings.Replace(narrowed, "[pos]", "[edi]", 1))}).Get("rich")
	if other.SHA256 == n.SHA256 {
		t.Error("narrowing a question to another kind left the hash as it was")
	}
}

// A pack that extends another narrows one of its questions by writing it
// again with applies_to: it keeps the base's place, asked where the child
// says.
func TestExtendingNarrowsABaseQuestion(t *testing.T) {
	child := `id: child
name: Child
version: "1"
extends: retail
steps:
  contract:
    questions:
      - text: What are the API rate limits on both ends, and what happens on peak day when you hit them?
        applies_to: {patterns: [real-time, event-driven]}
`
	l := Load(File{"child.yaml", []byte(child)})
	if len(l.Skipped) > 0 {
		t.Fatal(l.Skipped)
	}
	base, p := l.Get("retail"), l.Get("child")
	systems := systemsOf("storefront", "erp")
	realTime := flowOf("storefront", "erp", "", "real-time", "order")
	nightly := flowOf("erp", "storefront", "", "batch", "price")
	if got, want := p.Questions(model.StepContract, realTime, systems), base.Questions(model.StepContract, realTime, systems); !slices.Equal(got, want) {
		t.Errorf("a real-time flow is asked\n%q\nwant retail's, in its order\n%q", got, want)
	}
	got := p.Questions(model.StepContract, nightly, systems)
	if len(got) != len(base.Questions(model.StepContract, nightly, systems))-1 || slices.ContainsFunc(got, func(q string) bool { return strings.Contains(q, "rate limits") }) {
		t.Errorf("a batch flow is asked the rate-limit question, or lost another:\n%q", got)
	}
}
