package review

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

const schemaPath = "../../docs/archreview.schema.json"

func ruleIDs() []string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return ids
}

// The export schema's rule enum names exactly the rules of the table, in
// its order, so a rule added to the table is one the schema accepts.
func TestSchemaRuleEnumIsTheRuleTable(t *testing.T) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs struct {
			Rule struct {
				Enum []string `json:"enum"`
			} `json:"rule"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Defs.Rule.Enum, ruleIDs(); !slices.Equal(got, want) {
		t.Errorf("the schema's rule enum is %v; the rules are %v", got, want)
	}
}

// Every rule carries its own check, says when it fires, and has its entry in
// the summary's scoring.rules, with the table's defaults.
func TestEveryRuleIsOneCompleteValue(t *testing.T) {
	defaults := ruleDefaults(nil)
	seen := map[string]bool{}
	for i := range Rules {
		r := &Rules[i]
		if seen[r.ID] {
			t.Errorf("rule %s is in the table twice", r.ID)
		}
		seen[r.ID] = true
		if r.flow == nil && r.domain == nil && r.session == nil {
			t.Errorf("rule %s has no check", r.ID)
		}
		if r.FiresWhen == "" {
			t.Errorf("rule %s does not say when it fires", r.ID)
		}
		if ruleByID(r.ID) != r {
			t.Errorf("ruleByID(%s) is another rule", r.ID)
		}
		j := slices.IndexFunc(defaults, func(d RuleDefault) bool { return d.Rule == r.ID })
		if j < 0 {
			t.Errorf("rule %s has no entry in scoring.rules", r.ID)
			continue
		}
		d := defaults[j]
		if d.FiresWhen != r.FiresWhen || d.Impact != r.Impact || d.Likelihood != r.Likelihood ||
			d.RevenueCritical != r.RevenueCritical || d.CustomerVisible != r.CustomerVisible || d.Horizon != r.Horizon {
			t.Errorf("scoring.rules %s is %+v; the table says %s, %d×%d, %v/%v, %s", r.ID, d,
				r.FiresWhen, r.Impact, r.Likelihood, r.RevenueCritical, r.CustomerVisible, r.Horizon)
		}
	}
	if len(defaults) != len(Rules) {
		t.Errorf("scoring.rules has %d entries for %d rules", len(defaults), len(Rules))
	}
}
