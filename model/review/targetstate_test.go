package review

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

func target(action model.TargetAction, by string) model.Target {
	return model.Target{Action: action, By: by}
}

// targetOf sets the targets, by system id, on the builder's systems.
func targetOf(b *fixture.Builder, targets map[string]model.Target) *model.Document {
	for i := range b.Doc.Systems {
		if t, ok := targets[b.Doc.Systems[i].ID]; ok {
			b.Doc.Systems[i].Target = t
		}
	}
	return b.Doc
}

// The target map: a replaced system's flows go through the system at the
// end of its chain of replacements, a retired one's are orphaned, and a
// flow whose ends become one system happens inside it.
func TestTargetStateRoutesTheFlows(t *testing.T) {
	type flowWant struct{ from, to, via, status string }
	cases := []struct {
		name    string
		targets map[string]model.Target
		flow    [3]string // from, to, via
		want    flowWant
		stays   map[string]bool
	}{
		{"no targets", nil, [3]string{"storefront", "erp", "ipaas"},
			flowWant{"storefront", "erp", "ipaas", TargetUnchanged}, map[string]bool{"erp": true, "ipaas": true}},
		{"kept and introduced", map[string]model.Target{"erp": {Action: model.TargetKeep}, "crm": {Action: model.TargetIntroduce}}, [3]string{"storefront", "erp", ""},
			flowWant{"storefront", "erp", "", TargetUnchanged}, map[string]bool{"erp": true, "crm": true}},
		{"an end replaced", map[string]model.Target{"erp": target(model.TargetReplace, "crm")}, [3]string{"storefront", "erp", "ipaas"},
			flowWant{"storefront", "crm", "ipaas", TargetRerouted}, map[string]bool{"erp": false, "crm": true}},
		{"a chain of replacements", map[string]model.Target{"erp": target(model.TargetReplace, "pim"), "pim": target(model.TargetReplace, "crm")},
			[3]string{"erp", "wms", ""}, flowWant{"crm", "wms", "", TargetRerouted}, map[string]bool{"erp": false, "pim": false, "crm": true}},
		{"the middleware replaced", map[string]model.Target{"ipaas": target(model.TargetReplace, "pim")}, [3]string{"storefront", "erp", "ipaas"},
			flowWant{"storefront", "erp", "pim", TargetRerouted}, nil},
		{"the middleware retired", map[string]model.Target{"ipaas": {Action: model.TargetRetire}}, [3]string{"storefront", "erp", "ipaas"},
			flowWant{"storefront", "erp", "", TargetRerouted}, map[string]bool{"ipaas": false}},
		{"the middleware replaced by an end", map[string]model.Target{"ipaas": target(model.TargetReplace, "erp")}, [3]string{"storefront", "erp", "ipaas"},
			flowWant{"storefront", "erp", "", TargetRerouted}, nil},
		{"an end retired", map[string]model.Target{"erp": {Action: model.TargetRetire}}, [3]string{"storefront", "erp", ""},
			flowWant{"storefront", "erp", "", TargetOrphaned}, map[string]bool{"erp": false}},
		{"replaced by a system that is retired", map[string]model.Target{"erp": target(model.TargetReplace, "pim"), "pim": {Action: model.TargetRetire}},
			[3]string{"erp", "wms", ""}, flowWant{"erp", "wms", "", TargetOrphaned}, map[string]bool{"erp": false, "pim": false}},
		{"one end replaced by the other", map[string]model.Target{"erp": target(model.TargetReplace, "storefront")}, [3]string{"storefront", "erp", "ipaas"},
			flowWant{"storefront", "storefront", "ipaas", TargetAbsorbed}, nil},
		{"a circle of replacements stays as it is", map[string]model.Target{"erp": target(model.TargetReplace, "pim"), "pim": target(model.TargetReplace, "erp")},
			[3]string{"erp", "wms", ""}, flowWant{"erp", "wms", "", TargetUnchanged}, map[string]bool{"erp": true, "pim": true}},
		{"a replacement that is not there stays as it is", map[string]model.Target{"erp": target(model.TargetReplace, "gone")},
			[3]string{"storefront", "erp", ""}, flowWant{"storefront", "erp", "", TargetUnchanged}, map[string]bool{"erp": true}},
		{"a replacement named on a kept system is not one", map[string]model.Target{"erp": target(model.TargetKeep, "crm")},
			[3]string{"storefront", "erp", ""}, flowWant{"storefront", "erp", "", TargetUnchanged}, map[string]bool{"erp": true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := targetOf(fixture.NewBuilder().Flow("f1", "order", c.flow[0], c.flow[1], func(f *model.Flow) { f.Via = c.flow[2] }), c.targets)
			ts := summarize(d).TargetState
			if len(ts.Flows) != 1 || len(ts.Systems) != len(d.Systems) {
				t.Fatalf("%d flows and %d systems on the target map, want 1 and %d", len(ts.Flows), len(ts.Systems), len(d.Systems))
			}
			f := ts.Flows[0]
			if got := (flowWant{f.From, f.To, f.Via, f.Status}); got != c.want {
				t.Errorf("the flow runs %+v, want %+v", got, c.want)
			}
			if f.Flow != "f1" || f.FlowName != "Flow f1" || f.Domain != "order" {
				t.Errorf("the flow is named %q %q %q", f.Flow, f.FlowName, f.Domain)
			}
			for id, stays := range c.stays {
				i := slices.IndexFunc(ts.Systems, func(s TargetSystem) bool { return s.System == id })
				if ts.Systems[i].Stays != stays {
					t.Errorf("%s stays %v, want %v", id, ts.Systems[i].Stays, stays)
				}
			}
			if orphaned := len(ts.Orphaned) == 1; orphaned != (c.want.status == TargetOrphaned) {
				t.Errorf("orphaned flows %+v", ts.Orphaned)
			}
			undecided := len(d.Systems) - len(c.targets)
			if ts.Undecided != undecided {
				t.Errorf("undecided %d, want %d", ts.Undecided, undecided)
			}
		})
	}
}

// A replaced system names the system that finally takes its place, and
// that one the systems it replaces; an orphaned flow names the ends it
// loses and today's systems there.
func TestTargetStateNamesReplacementsAndOrphans(t *testing.T) {
	b := fixture.NewBuilder().
		Flow("f1", "order", "erp", "wms").
		Flow("f2", "order", "storefront", "pos").
		Flow("f3", "price", "pim", "pos")
	d := targetOf(b, map[string]model.Target{
		"erp":        {Action: model.TargetReplace, By: "pim", Slice: 2},
		"pim":        target(model.TargetReplace, "crm"),
		"storefront": target(model.TargetReplace, "wms"),
		"wms":        {Action: model.TargetRetire, Slice: 1},
		"pos":        {Action: model.TargetRetire},
	})
	ts := summarize(d).TargetState
	byID := map[string]TargetSystem{}
	for _, s := range ts.Systems {
		byID[s.System] = s
	}
	if e := byID["erp"]; e.By != "crm" || e.ByName != "CRM system" || e.Slice != 2 || e.Stays || e.Action != model.TargetReplace {
		t.Errorf("the ERP's target %+v", e)
	}
	if c := byID["crm"]; !slices.Equal(c.Replaces, []string{"erp", "pim"}) || !c.Stays || c.By != "" {
		t.Errorf("the CRM's target %+v, want it to replace the ERP and the PIM", c)
	}
	if s := byID["storefront"]; s.By != "" || s.Stays {
		t.Errorf("a system replaced by a retired one %+v, want it gone with no replacement", s)
	}
	want := []OrphanedFlow{
		{Flow: "f1", FlowName: "Flow f1", Ends: []string{"to"}, Systems: []string{"wms"}},
		{Flow: "f2", FlowName: "Flow f2", Ends: []string{"from", "to"}, Systems: []string{"storefront", "pos"}},
		{Flow: "f3", FlowName: "Flow f3", Ends: []string{"to"}, Systems: []string{"pos"}},
	}
	if !reflect.DeepEqual(ts.Orphaned, want) {
		t.Errorf("orphaned %+v\nwant %+v", ts.Orphaned, want)
	}
	if f := ts.Flows[0]; f.From != "crm" || f.To != "wms" || f.Status != TargetOrphaned {
		t.Errorf("an orphaned flow keeps its other end's replacement: %+v", f)
	}
}

// The decisions asked are the parked domains and the questions asked as
// decisions and not yet answered, soonest due first and undated last, in
// the order they were entered among the same date.
func TestDecisionsAskedListsDomainsAndQuestions(t *testing.T) {
	b := fixture.NewBuilder().EveryCoreDomain().
		Flow("f1", "customer", "crm", "erp", func(f *model.Flow) { f.Source.System = "crm" }).
		Flow("f2", "customer", "storefront", "erp", func(f *model.Flow) { f.Source.System = "storefront" }).
		Flow("f3", "customer", "erp", "crm", func(f *model.Flow) { f.Source.System = model.UnknownSystem }).
		Park("customer", "the CFO", "2026-04-10").
		Park("returns", "the trading lead", "")
	d := b.Doc
	d.Domains[0].SourceOfTruth = "erp" // the system the room leaned to
	d.OpenQuestions = []model.OpenQuestion{
		{ID: "q1", Question: "Cut over in March or after peak?", Ask: "the CIO", Flow: "f1",
			DecisionAsk: model.DecisionAsk{Decision: true, Due: "2026-04-01", Options: []string{"March", "After peak"}, Recommendation: "After peak"}},
		{ID: "q2", Question: "Who owns the mapping sheet?", Ask: "Ops"},
		{ID: "q3", Question: "Keep the SFTP drop?", Ask: "the CIO", DecisionAsk: model.DecisionAsk{Decision: true, Due: "2026-04-10"}},
		{ID: "q4", Question: "Buy a PIM?", Ask: "the CFO", Answer: "Yes, in Q3", DecisionAsk: model.DecisionAsk{Decision: true, Due: "2026-03-01"}},
		{ID: "q5", Question: "Which carrier?", Ask: "Logistics", DecisionAsk: model.DecisionAsk{Decision: true}},
	}
	got := summarize(d).DecisionsAsked
	var order []string
	for _, a := range got {
		order = append(order, a.Kind+":"+a.Domain+a.ID)
	}
	want := []string{"question:q1", "domain:customer", "question:q3", "domain:returns", "question:q5"}
	if !slices.Equal(order, want) {
		t.Fatalf("decisions asked in the order %v, want %v", order, want)
	}
	q1 := got[0]
	if q1.Question != "Cut over in March or after peak?" || q1.Ask != "the CIO" || q1.Due != "2026-04-01" || q1.Flow != "f1" || q1.FlowName != "Flow f1" ||
		!slices.Equal(q1.Options, []string{"March", "After peak"}) || q1.Recommendation != "After peak" || q1.Claims == nil {
		t.Errorf("the question asked %+v", q1)
	}
	customer := got[1]
	if !slices.Equal(customer.Options, []string{"ERP system", "CRM system", "STOREFRONT system"}) || customer.Recommendation != "ERP system" ||
		customer.Ask != "the CFO" || customer.Note != "the room could not agree" || len(customer.Claims) != 4 {
		t.Errorf("the parked domain asked %+v", customer)
	}
	if returns := got[3]; len(returns.Options) != 0 || returns.Options == nil || returns.Recommendation != "" {
		t.Errorf("a parked domain no flow names a system for %+v", returns)
	}
}

// Every register entry carries its short number, R and its rank, which the
// map, the register and the roadmap share.
func TestRegisterEntriesCarryTheirShortNumber(t *testing.T) {
	sum := summarize(model.DemoAnswers(time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)))
	if len(sum.Risks) < 3 {
		t.Fatalf("the demo has %d risks", len(sum.Risks))
	}
	for i, e := range sum.Risks {
		if want := RiskNumber(i + 1); e.Number != want || e.Rank != i+1 {
			t.Errorf("entry %d is %s at rank %d, want %s", i, e.Number, e.Rank, want)
		}
	}
	if RiskNumber(12) != "R12" {
		t.Errorf("RiskNumber(12) = %q", RiskNumber(12))
	}
}
