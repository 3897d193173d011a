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
