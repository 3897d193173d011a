package model

import (
	"strings"
	"testing"
)

func TestImpactFlags(t *testing.T) {
	want := map[int][2]bool{1: {false, false}, 2: {false, false}, 3: {false, true}, 4: {true, false}, 5: {true, true}}
	for impact, w := range want {
		rev, cust := ImpactFlags(impact)
		if rev != w[0] || cust != w[1] {
			t.Errorf("impact %d (%s): revenue-critical %v, customer-visible %v; want %v, %v", impact, ImpactLevels[impact], rev, cust, w[0], w[1])
		}
		// The flags must say what the level's own words say.
		if mentions := strings.Contains(ImpactLevels[impact], "revenue-critical"); mentions != rev {
			t.Errorf("impact %d reads %q but revenue-critical is %v", impact, ImpactLevels[impact], rev)
		}
		if mentions := strings.Contains(ImpactLevels[impact], "customer-visible"); mentions != cust {
			t.Errorf("impact %d reads %q but customer-visible is %v", impact, ImpactLevels[impact], cust)
		}
	}
}

func TestSessionFieldProblem(t *testing.T) {
	tests := []struct {
		key, value string
		want       string // a word the problem must hold; "" for none
	}{
		{"name", "Spring review", ""},
		{"name", "   ", "needs a name"},
		{"date", "2026-03-14", ""},
		{"date", "14/03/2026", "not a date"},
		{"date", "2026-3-14", "not a date"},
		{"timebox_minutes", "", ""},
		{"timebox_minutes", "45", ""},
		{"timebox_minutes", "0", ""},
		{"timebox_minutes", "601", "from 0 to 600"},
		{"timebox_minutes", "-1", "from 0 to 600"},
		{"timebox_minutes", "ten", "from 0 to 600"},
		{"client", "", ""},
	}
	for _, tt := range tests {
		got := SessionFieldProblem(tt.key, tt.value)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("SessionFieldProblem(%s, %q) = %q, want one saying %q", tt.key, tt.value, got, tt.want)
		}
	}
	// The file's validation says the timebox rule in the same words.
	d := NewSessionDocument(Session{ID: "s1", Name: "x", TimeboxMinutes: 900}, testNow)
	if ps := Validate(d); len(ps) != 1 || ps[0].Message != TimeboxProblem(900) {
		t.Errorf("Validate says %v, want %q", ps, TimeboxProblem(900))
	}
}

func TestNewSessionProblem(t *testing.T) {
	if p := NewSessionProblem(map[string]string{"name": "Review"}); p != "" {
		t.Errorf("a named session with no date: %q", p)
	}
	if p := NewSessionProblem(map[string]string{"name": ""}); !strings.Contains(p, "name") {
		t.Errorf("an unnamed session: %q", p)
	}
	if p := NewSessionProblem(map[string]string{"name": "Review", "timebox_minutes": "9000"}); p != TimeboxProblem(9000) {
		t.Errorf("a timebox out of range: %q", p)
	}
}

func TestNewFlowProblem(t *testing.T) {
	ok := Flow{Name: "Orders", Domain: "order", From: "a", To: "b"}
	tests := []struct {
		change func(f *Flow)
		want   string
	}{
		{func(*Flow) {}, ""},
		{func(f *Flow) { f.Name = " " }, "needs a name"},
		{func(f *Flow) { f.Domain = "" }, "needs a domain"},
		{func(f *Flow) { f.To = "" }, "pick the systems"},
		{func(f *Flow) { f.To = "a" }, "same system"},
	}
	for _, tt := range tests {
		f := ok
		tt.change(&f)
		if got := NewFlowProblem(f); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("NewFlowProblem(%+v) = %q, want %q", f, got, tt.want)
		}
	}
}

func TestNewSystemIsOther(t *testing.T) {
	s := NewSystem("  Stock spreadsheet ")
	if s.Name != "Stock spreadsheet" || s.Kind != SystemOther || !ValidID(s.ID) || !oneOf(SystemKindChoices, string(SystemOther)) {
		t.Errorf("NewSystem = %+v", s)
	}
}

func TestNamesAreOnePerSession(t *testing.T) {
	d := &Document{
		Systems: []System{{ID: "s1", Name: "Shopify Plus"}},
		Flows:   []Flow{{ID: "f1", Name: "Orders to ERP"}, {ID: "f2", Name: "Orders to ERP (copy)"}},
	}
	if NameProblem(d, "system", " shopify   plus ", "") == "" {
		t.Error("a second system of the same name, in another case, was allowed")
	}
	if NameProblem(d, "system", "Shopify Plus", "s1") != "" {
		t.Error("a system may keep its own name")
	}
	if NameProblem(d, "flow", "orders to erp", "") == "" || NameProblem(d, "flow", "Stock to shop", "") != "" {
		t.Error("flow names: a duplicate allowed, or a new name refused")
	}
	if got := CopyName(d, "Orders to ERP"); got != "Orders to ERP (copy 2)" {
		t.Errorf("CopyName = %q", got)
	}
	if s, ok := d.SystemNamed("SHOPIFY PLUS"); !ok || s.ID != "s1" {
		t.Error("SystemNamed missed the system")
	}
}

// The flags say what the impact means: a flag that contradicts the impact
// is refused with the impact that would fit; one that agrees, or any flag
// on a risk not yet scored, is taken.
func TestImpactFlagProblem(t *testing.T) {
	tests := []struct {
		impact int
		key    string
		on     bool
		want   string // a phrase the refusal must hold; "" when it is taken
	}{
		{5, "revenue_critical", true, ""},
		{5, "customer_visible", true, ""},
		{5, "customer_visible", false, "if customers do not see it, set the impact to 4"},
		{5, "revenue_critical", false, "set the impact to 3"},
		{4, "customer_visible", true, "Impact 4 means revenue-critical, not visible"},
		{4, "customer_visible", true, "if customers see it, set the impact to 5"},
		{4, "customer_visible", false, ""},
		{4, "revenue_critical", false, "set the impact to 2 or 1"},
		{3, "revenue_critical", true, "if it is revenue-critical, set the impact to 5"},
		{3, "customer_visible", false, "set the impact to 2 or 1"},
		{2, "revenue_critical", true, "set the impact to 4"},
		{1, "customer_visible", true, "set the impact to 3"},
		{2, "customer_visible", false, ""},
		{0, "customer_visible", true, ""},
		{6, "revenue_critical", true, ""},
		{4, "title", true, ""},
	}
	for _, tt := range tests {
		got := ImpactFlagProblem(tt.impact, tt.key, tt.on)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("ImpactFlagProblem(%d, %s, %v) = %q, want one saying %q", tt.impact, tt.key, tt.on, got, tt.want)
		}
		if got != "" && (strings.Count(got, ". ") > 0 || !strings.HasSuffix(got, ".")) {
			t.Errorf("ImpactFlagProblem(%d, %s, %v) = %q: not one sentence", tt.impact, tt.key, tt.on, got)
		}
	}
	// Whatever the impact, the flags it proposes are never refused.
	for impact := 1; impact <= 5; impact++ {
		rev, cust := ImpactFlags(impact)
		if ImpactFlagProblem(impact, "revenue_critical", rev) != "" || ImpactFlagProblem(impact, "customer_visible", cust) != "" {
			t.Errorf("impact %d refuses its own flags", impact)
		}
	}
}

// A number field takes a whole number in its range, and says its range in
// the one wording the file's validation uses too.
func TestNumberProblem(t *testing.T) {
	slice, _ := FieldByKey(RiskFields, "slice")
	size, _ := FieldByKey(SessionDetailFields, "slice_size")
	tests := []struct {
		f    Field
		text string
		ok   bool
	}{
		{slice, "", true},
		{slice, "0", true},
		{slice, "99", true},
		{slice, "100", false},
		{slice, "-1", false},
		{slice, "0IT ops, I think", false},
		{slice, " 7 ", true},
		{size, "50", true},
		{size, "51", false},
	}
	for _, tt := range tests {
		got := NumberProblem(tt.f, tt.text)
		if (got == "") != tt.ok {
			t.Errorf("NumberProblem(%s, %q) = %q, want ok %v", tt.f.Key, tt.text, got, tt.ok)
		}
		if !tt.ok && got != RangeWording(tt.f) {
			t.Errorf("NumberProblem(%s, %q) = %q, not the field's range wording", tt.f.Key, tt.text, got)
		}
	}
	if w := RangeWording(slice); w != "Slice (0 = auto) takes a whole number from 0 to 99; 0 lets the summary choose" {
		t.Errorf("slice range reads %q", w)
	}
	d := NewSessionDocument(Session{ID: "s1", Name: "x", SliceSize: 80}, testNow)
	if ps := Validate(d); len(ps) != 1 || !strings.Contains(ps[0].Message, RangeWording(size)) {
		t.Errorf("Validate says %v, want the range of %s", ps, size.Key)
	}
	if p := SessionFieldProblem("slice_size", "80"); p != RangeWording(size) {
		t.Errorf("SessionFieldProblem(slice_size, 80) = %q", p)
	}
}

// unknown is an answer of the system questions (a flow's source of truth
// and other writers, a domain's decision), never an end of a flow nor the
// id of a system; a parked domain needs no source of truth, and its due
// date is a date.
func TestUnknownAndParkedValidate(t *testing.T) {
	base := func() *Document {
		d := NewSessionDocument(Session{ID: "s1", Name: "x"}, testNow)
		d.Systems = []System{{ID: "a", Name: "Shop"}, {ID: "b", Name: "ERP"}}
		d.Flows = []Flow{{ID: "f1", Name: "Orders", Domain: "order", From: "a", To: "b"}}
		return d
	}
	tests := []struct {
		name   string
		change func(d *Document)
		path   string // of the one problem; "" for none
	}{
		{"unknown source of truth", func(d *Document) { d.Flows[0].Source.System = UnknownSystem }, ""},
		{"unknown other writer", func(d *Document) { d.Flows[0].Source.OtherWriters = []string{"a", UnknownSystem} }, ""},
		{"unknown pattern", func(d *Document) { d.Flows[0].Contract.Pattern = PatternUnknown }, ""},
		{"unknown from", func(d *Document) { d.Flows[0].From = UnknownSystem }, "flows[0].from"},
		{"unknown via", func(d *Document) { d.Flows[0].Via = UnknownSystem }, "flows[0].via"},
		{"system called unknown", func(d *Document) { d.Systems[0].ID = UnknownSystem; d.Flows[0].From = UnknownSystem }, "systems[0].id"},
		{"decided unknown", func(d *Document) { d.Domains = []DomainDecision{{Name: "order", SourceOfTruth: UnknownSystem}} }, ""},
		{"decided nothing", func(d *Document) { d.Domains = []DomainDecision{{Name: "order"}} }, "domains[0].source_of_truth"},
		{"parked", func(d *Document) {
			d.Domains = []DomainDecision{{Name: "order", Status: DomainParked, Ask: "CFO", Due: "2026-04-01"}}
		}, ""},
		{"parked bad date", func(d *Document) {
			d.Domains = []DomainDecision{{Name: "order", Status: DomainParked, Due: "next week"}}
		}, "domains[0].due"},
		{"bad status", func(d *Document) { d.Domains = []DomainDecision{{Name: "order", SourceOfTruth: "b", Status: "maybe"}} }, "domains[0].status"},
	}
	for _, tt := range tests {
		d := base()
		tt.change(d)
		ps := Validate(d)
		switch {
		case tt.path == "" && len(ps) > 0:
			t.Errorf("%s: %v", tt.name, ps)
		case tt.path != "" && (len(ps) != 1 || ps[0].Path != tt.path):
			t.Errorf("%s: %v, want one problem at %s", tt.name, ps, tt.path)
		}
	}
}
