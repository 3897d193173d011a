package review

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

// diffBase is the review the diff tests edit: every core domain, a flow of
// orders that the ERP's order flow contradicts (SOT_CONFLICT), a stock flow
// whose owner step was walked without naming an owner (NO_OWNER, which
// needs the step done), a risk on each, a session risk and a decided domain.
func diffBase() *model.Document {
	d := fixture.NewBuilder().EveryCoreDomain().
		Flow("web", "order", "storefront", "erp", func(f *model.Flow) {
			f.Name = "Web orders"
			f.Source.OtherWriters = []string{"pos", "marketplace"}
			f.Failure.Risks = []model.Risk{{ID: "stuck", Title: "Orders stuck", Impact: 4, Likelihood: 3, Owner: "Ops", Status: model.RiskOpen}}
		}).
		Flow("stock", "inventory", "wms", "storefront", func(f *model.Flow) {
			f.Name = "Stock levels"
			f.Owner.FlowOwner = ""
			f.Failure.Risks = []model.Risk{{ID: "oversell", Title: "Oversell", Impact: 5, Likelihood: 2, Owner: "Stock team"}}
		}).
		Decide("price", "erp").Doc
	d.Risks = []model.Risk{{ID: "cutover", Title: "No cutover plan", Impact: 3, Likelihood: 3, Owner: "PMO", Status: model.RiskInProgress}}
	d.Session.Date = "2026-01-15"
	return d
}

func flowOf(d *model.Document, id string) *model.Flow { return &d.Flows[d.FlowIndex(id)] }

// changeLines spells each change in one short line, so a table can name
// exactly the changes it expects, in order.
func changeLines(c Changes) []string {
	var out []string
	for _, f := range c.Flows {
		out = append(out, fmt.Sprintf("flow %s %s %s<-%s", f.Kind, f.Flow, f.Name, f.OldName))
	}
	for _, a := range c.Answers {
		out = append(out, fmt.Sprintf("answer %s %s.%s %q->%q", a.Flow, a.Step, a.Field, a.Old, a.New))
	}
	for _, r := range c.Risks {
		out = append(out, fmt.Sprintf("risk %s %s@%s %s->%s", r.Kind, r.Risk, r.Flow, r.Old, r.New))
	}
	for _, d := range c.Domains {
		out = append(out, fmt.Sprintf("domain %s %s %v %s->%s", d.Kind, d.Domain, d.Fields, d.Old, d.New))
	}
	for _, f := range c.Findings {
		out = append(out, fmt.Sprintf("finding %s %s", f.Kind, f.Key))
	}
	return out
}

func TestDiff(t *testing.T) {
	noOwner, noMonitoring := FindingKey(RuleNoOwner, "stock", ""), FindingKey(RuleNoMonitoring, "web", "")
	sotConflict := FindingKey(RuleSOTConflict, "", "order")
	tests := []struct {
		name string
		edit func(d *model.Document)
		want []string
	}{
		{"nothing changed", func(*model.Document) {}, nil},
		{"session details, done marks, private notes and list order are not changes", func(d *model.Document) {
			d.Session = model.Session{ID: "s2", Name: "Follow-up", Date: "2026-06-01", Participants: []string{"CIO"}, Notes: "round two"}
			for i := range d.Flows {
				for _, st := range model.Steps {
					d.Flows[i].SetStepDone(st, false)
				}
			}
			web := flowOf(d, "web")
			web.Contract.PrivateNotes = "ask about the vendor contract"
			web.Source.OtherWriters = []string{"marketplace", "pos"}
			web.Domain = " Order"
			web.Owner.Runbooks += "  "
			d.Risks[0].Owner = " PMO "
		}, nil},
		{"flow added, renamed and removed, in the new order then the removed", func(d *model.Document) {
			d.Flows = slices.DeleteFunc(d.Flows, func(f model.Flow) bool { return f.ID == "web" })
			flowOf(d, "stock").Name = "Stock to the shop"
			added := fixture.NewBuilder().Flow("returns", "returns", "storefront", "erp").Doc.Flows[0]
			d.Flows = append([]model.Flow{added}, d.Flows...)
		}, []string{
			"flow added returns Flow returns<-",
			"flow renamed stock Stock to the shop<-Stock levels",
			"flow removed web Web orders<-",
			"risk retired-with-flow stuck@web 12->",
			"finding resolved " + sotConflict,
		}},
		{"answers by field, systems by name", func(d *model.Document) {
			web := flowOf(d, "web")
			web.Contract.Pattern = model.PatternBatch
			web.Via = "ipaas"
			web.Source.OtherWriters = []string{"pos"}
			flowOf(d, "stock").Failure.LastIncident = "March, found by a store"
		}, []string{
			`answer web flow.via ""->"IPAAS system"`,
			`answer web source.other_writers "POS system, MARKETPLACE system"->"POS system"`,
			`answer web contract.pattern "event-driven"->"batch"`,
			`answer stock failure.last_incident ""->"March, found by a store"`,
		}},
		{"a risk re-scored, re-owned and moved on, another closed with its score changed", func(d *model.Document) {
			r := &flowOf(d, "web").Failure.Risks[0]
			r.Likelihood, r.Owner, r.Status, r.Ticket = 5, "Integration team", model.RiskInProgress, "INT-7"
			o := &flowOf(d, "stock").Failure.Risks[0]
			o.Status, o.Likelihood, o.Ticket = model.RiskMitigated, 1, "INT-9"
		}, []string{
			"risk re-scored stuck@web 12->20",
			"risk re-owned stuck@web Ops->Integration team",
			"risk status stuck@web open->in-progress",
			"risk ticket stuck@web ->INT-7",
			"risk closed oversell@stock open->mitigated",
		}},
		{"the same score from other parts, a closed risk reopened, a session risk accepted", func(d *model.Document) {
			r := &flowOf(d, "web").Failure.Risks[0]
			r.Impact, r.Likelihood = 3, 4
			d.Risks[0].Status = model.RiskAccepted
		}, []string{
			"risk re-scored stuck@web impact 4 × likelihood 3->impact 3 × likelihood 4",
			"risk closed cutover@ in-progress->accepted",
		}},
		{"new risks in flow order then the session's, removed last", func(d *model.Document) {
			d.Risks = []model.Risk{{ID: "vendor", Title: "Vendor lock-in", Impact: 2, Likelihood: 2}}
			flowOf(d, "stock").Failure.Risks = append(flowOf(d, "stock").Failure.Risks, model.Risk{ID: "late", Title: "Late stock", Impact: 3, Likelihood: 4})
		}, []string{
			"risk new late@stock ->12",
			"risk new vendor@ ->4",
			"risk removed cutover@ 9->",
		}},
		{"a risk merged into another is merged, not removed", func(d *model.Document) {
			if err := MergeRisks(d, "stuck", "oversell"); err != nil {
				panic(err)
			}
		}, []string{
			"risk re-owned stuck@web Ops->Ops / Stock team",
			"risk merged oversell@stock 10->Orders stuck / Oversell",
		}},
		{"domain decisions added, changed and removed", func(d *model.Document) {
			d.Domains = []model.DomainDecision{
				{Name: "Order", SourceOfTruth: "erp", Rationale: "the ledger", DecidedBy: "CFO"},
			}
		}, []string{
			"domain added order [] ->ERP system",
			"domain removed price [] ERP system->",
			"finding resolved " + sotConflict,
		}},
		{"a decision's source and its rationale", func(d *model.Document) {
			d.Domains[0].SourceOfTruth = "pim"
			d.Domains[0].Rationale = "the PIM owns list prices"
		}, []string{
			"domain changed price [source_of_truth rationale] ERP system->PIM system",
			"finding new " + FindingKey(RuleSourceNotMaster, "core-price", ""),
		}},
		{"findings new and resolved", func(d *model.Document) {
			flowOf(d, "web").Failure.MonitoringLevel = model.MonitorNone
			flowOf(d, "stock").Owner.FlowOwner = "Stock team"
		}, []string{
			`answer web failure.monitoring_level "alert-to-named-owner"->"none"`,
			`answer stock owner.flow_owner ""->"Stock team"`,
			"finding new " + noMonitoring,
			"finding resolved " + noOwner,
		}},
		{"a finding covered or dismissed is not new, and still raised is not resolved", func(d *model.Document) {
			flowOf(d, "web").Failure.MonitoringLevel = model.MonitorNone
			d.Triage = []model.Triage{{Finding: noMonitoring, Status: model.TriageDismissed, Reason: "being replaced"}}
			flowOf(d, "stock").Failure.Risks[0].Covers = []string{noOwner}
		}, []string{
			`answer web failure.monitoring_level "alert-to-named-owner"->"none"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := diffBase()
			after := before.Clone()
			tt.edit(after)
			if findingByKey(summarize(before), noOwner) == nil {
				t.Fatal("the base review raises no NO_OWNER finding; the tests need one")
			}
			keepBefore, keepAfter := before.Clone(), after.Clone()
			got := Diff(before, after, nil)
			if lines := changeLines(got); !slices.Equal(lines, tt.want) {
				t.Errorf("changes:\n  %s\nwant:\n  %s", strings.Join(lines, "\n  "), strings.Join(tt.want, "\n  "))
			}
			if got.Count() != len(tt.want) {
				t.Errorf("Count() = %d, want %d", got.Count(), len(tt.want))
			}
			if !reflect.DeepEqual(before, keepBefore) || !reflect.DeepEqual(after, keepAfter) {
				t.Error("Diff changed a document it compared")
			}
			if !reflect.DeepEqual(got, Diff(before, after, nil)) {
				t.Error("the same two documents gave different changes")
			}
		})
	}
}

// The changes name the two versions compared, and every list is empty
// rather than null, so a JSON reader needs no special case.
func TestDiffNamesBothVersions(t *testing.T) {
	before := diffBase()
	after := FollowUp(before, model.Session{ID: "s2", Name: "Autumn follow-up"}, time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC))
	c := Diff(before, after, nil)
	if c.Old != (SessionRef{ID: "s1", Name: "Rule test", Date: "2026-01-15"}) || c.New != (SessionRef{ID: "s2", Name: "Autumn follow-up", Date: "2026-09-01"}) {
		t.Errorf("old %+v, new %+v", c.Old, c.New)
	}
	if c.Flows == nil || c.Answers == nil || c.Risks == nil || c.Domains == nil || c.Findings == nil {
		t.Errorf("a list is nil: %+v", c)
	}
	if c.Count() != 0 {
		t.Errorf("a follow-up with nothing edited differs from its review: %v", changeLines(c))
	}
}

// A credential typed into an answer is a finding of its own: the test the
// caller gives decides what reads as one.
func TestDiffFindsCredentialsWithTheTestGiven(t *testing.T) {
	before := diffBase()
	after := before.Clone()
	flowOf(after, "web").Contract.Environments = "token in the wiki"
	isCredential := func(s string) bool { return strings.Contains(s, "token") }
	got := changeLines(Diff(before, after, isCredential))
	want := []string{`answer web contract.environments ""->"token in the wiki"`, "finding new " + FindingKey(RuleSecretInNotes, "web", "")}
	if !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
}

// Both versions are judged by the rules given: a rule the pack turns off
// raises no new finding, and one it leaves on still does.
func TestDiffWithThePacksRules(t *testing.T) {
	before := diffBase()
	after := before.Clone()
	flowOf(after, "web").Failure.MonitoringLevel = model.MonitorNone
	flowOf(after, "web").Failure.RetryLevel = model.RetryNone
	off := map[string]model.RuleSetting{RuleNoMonitoring: {Disabled: true}}
	var findings []string
	for _, f := range DiffWith(before, after, nil, off).Findings {
		findings = append(findings, f.Kind+" "+f.Key)
	}
	if want := []string{"new " + FindingKey(RuleNoRetry, "web", "")}; !slices.Equal(findings, want) {
		t.Errorf("findings %v, want %v", findings, want)
	}
}

// Systems are compared by id: added, gone, newly retired or replaced in the
// target, renamed; a system already leaving before is not retired again.
func TestDiffSystems(t *testing.T) {
	base := func() *model.Document {
		d := model.DemoAnswers(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC))
		d.Systems[7].Target = model.Target{Action: model.TargetRetire}
		return d
	}
	sys := func(d *model.Document, i int) *model.System { return &d.Systems[i] }
	tests := []struct {
		name string
		edit func(d *model.Document)
		want []string
		tot  [2]int // systems added, retired
	}{
		{"nothing", func(*model.Document) {}, nil, [2]int{}},
		{"retired in the target", func(d *model.Document) { sys(d, 6).Target = model.Target{Action: model.TargetRetire} },
			[]string{"retired Price spreadsheet "}, [2]int{0, 1}},
		{"replaced by another", func(d *model.Document) {
			sys(d, 6).Target = model.Target{Action: model.TargetReplace, By: sys(d, 2).ID}
		}, []string{"replaced Price spreadsheet Akeneo PIM"}, [2]int{0, 1}},
		{"deleted", func(d *model.Document) { d.Systems = slices.Delete(d.Systems, 6, 7) },
			[]string{"removed Price spreadsheet "}, [2]int{0, 1}},
		{"added and renamed", func(d *model.Document) {
			sys(d, 0).Name = "Shopify storefront"
			d.Systems = append(d.Systems, model.System{ID: "new", Name: "Returns portal"})
		}, []string{"renamed Shopify storefront ", "added Returns portal "}, [2]int{1, 0}},
		{"already retiring", func(d *model.Document) { sys(d, 7).Target.Slice = 2 }, nil, [2]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, after := base(), base()
			tt.edit(after)
			c := Diff(before, after, nil)
			var got []string
			for _, s := range c.Systems {
				got = append(got, s.Kind+" "+s.Name+" "+s.New)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("systems %q, want %q", got, tt.want)
			}
			if g := [2]int{c.Totals.SystemsAdded, c.Totals.SystemsRetired}; g != tt.tot {
				t.Errorf("totals added, retired %v, want %v", g, tt.tot)
			}
		})
	}
}
