package model

import (
	"strings"
	"testing"
)

// A finding about two risks names them sorted, so one pair has one key
// whichever way round it was found, and a key written the other way round
// is refused rather than taken for another finding.
func TestRiskPairKeys(t *testing.T) {
	key := RiskPairKey("DUPLICATE_RISK", "r9", "r1")
	if key != "DUPLICATE_RISK:risks:r1,r9" || !ValidFindingKey(key) {
		t.Fatalf("RiskPairKey = %q (valid %v)", key, ValidFindingKey(key))
	}
	if a, b, ok := RiskPair(key); !ok || a != "r1" || b != "r9" {
		t.Errorf("RiskPair(%q) = %q, %q, %v", key, a, b, ok)
	}
	for _, bad := range []string{"DUPLICATE_RISK:risks:r9,r1", "DUPLICATE_RISK:risks:r1,r1", "DUPLICATE_RISK:risks:r1", "DUPLICATE_RISK:risks:r1,r 2"} {
		if ValidFindingKey(bad) {
			t.Errorf("%q is taken as a finding key", bad)
		}
		if _, _, ok := RiskPair(bad); ok {
			t.Errorf("%q is read as a pair", bad)
		}
	}
	for _, other := range []string{"NO_OWNER:f1", "SOT_CONFLICT:domain:price", "SECRET_IN_NOTES:session"} {
		if !ValidFindingKey(other) {
			t.Errorf("%q is no longer a finding key", other)
		}
		if _, _, ok := RiskPair(other); ok {
			t.Errorf("%q is read as a pair", other)
		}
	}
}

// What a merge of risks leaves on the survivor names real flows, not its
// own, and no risk twice.
func TestRiskLinksAreChecked(t *testing.T) {
	doc := func(edit func(r *Risk)) *Document {
		d := &Document{Schema: SchemaID, Session: Session{ID: "s1", Name: "Links"},
			Systems: []System{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}}
		for _, id := range []string{"f1", "f2"} {
			d.Flows = append(d.Flows, Flow{ID: id, Name: "Flow " + id, Domain: "order", From: "a", To: "b"})
		}
		r := Risk{ID: "r1", Title: "DLQ not watched", Impact: 4, Likelihood: 4}
		edit(&r)
		d.Flows[0].Failure.Risks = []Risk{r}
		return d
	}
	cases := []struct {
		name string
		edit func(r *Risk)
		want string // "" when valid
	}{
		{"another flow and a merged risk", func(r *Risk) { r.Flows, r.Merged = []string{"f2"}, []string{"r2"} }, ""},
		{"a flow that is not there", func(r *Risk) { r.Flows = []string{"f3"} }, `flows[0].failure.risks[0].flows[0]: "f3" is not the id of any flow`},
		{"its own flow", func(r *Risk) { r.Flows = []string{"f1"} }, "is the flow the risk is in"},
		{"a flow twice", func(r *Risk) { r.Flows = []string{"f2", "f2"} }, "flows[1]: \"f2\" is listed twice"},
		{"itself merged", func(r *Risk) { r.Merged = []string{"r1"} }, "is the risk itself"},
		{"a merged id that is not an id", func(r *Risk) { r.Merged = []string{"r 2"} }, "is not a valid id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Validate(doc(c.edit))
			switch {
			case c.want == "" && len(ps) > 0:
				t.Errorf("refused: %v", ps)
			case c.want != "" && (len(ps) == 0 || !strings.Contains(ps.Error(), c.want)):
				t.Errorf("got %v, want %q", ps, c.want)
			}
		})
	}
}
