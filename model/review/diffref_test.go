package review

import (
	"fmt"
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
)

// A system's or a flow's link to the inventory set, changed or cleared is
// one change of kind ref, with both ids, and no headline total counts it.
func TestDiffRef(t *testing.T) {
	sys := func(d *model.Document, id string) *model.System {
		i := slices.IndexFunc(d.Systems, func(s model.System) bool { return s.ID == id })
		return &d.Systems[i]
	}
	cases := []struct {
		name         string
		before, edit func(d *model.Document)
		want         []string
	}{
		{"a system linked", nil, func(d *model.Document) { sys(d, "erp").Ref = "sheet:APP-7" },
			[]string{"system ref erp ->sheet:APP-7"}},
		{"a system's ref changed", func(d *model.Document) { sys(d, "erp").Ref = "sheet:APP-7" },
			func(d *model.Document) { sys(d, "erp").Ref = "sheet:APP-9" },
			[]string{"system ref erp sheet:APP-7->sheet:APP-9"}},
		{"a system's ref cleared", func(d *model.Document) { sys(d, "erp").Ref = "sheet:APP-7" },
			func(d *model.Document) { sys(d, "erp").Ref = "" },
			[]string{"system ref erp sheet:APP-7->"}},
		{"a flow linked", nil, func(d *model.Document) { flowOf(d, "web").Ref = "sheet:IF-3" },
			[]string{"flow ref web ->sheet:IF-3"}},
		{"a flow's ref changed", func(d *model.Document) { flowOf(d, "web").Ref = "sheet:IF-3" },
			func(d *model.Document) { flowOf(d, "web").Ref = "drawio:e12" },
			[]string{"flow ref web sheet:IF-3->drawio:e12"}},
		{"a flow's ref cleared", func(d *model.Document) { flowOf(d, "stock").Ref = "sheet:IF-4" },
			func(d *model.Document) { flowOf(d, "stock").Ref = "" },
			[]string{"flow ref stock sheet:IF-4->"}},
		{"spaces around a ref are no change", func(d *model.Document) { flowOf(d, "web").Ref = "sheet:IF-3" },
			func(d *model.Document) { flowOf(d, "web").Ref = " sheet:IF-3 " }, nil},
		{"a system added with its ref is only added", nil, func(d *model.Document) {
			d.Systems = append(d.Systems, model.System{ID: "returns", Name: "Returns portal", Ref: "sheet:APP-8"})
		}, []string{"system added returns ->"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := diffBase()
			if c.before != nil {
				c.before(before)
			}
			after := before.Clone()
			c.edit(after)
			got := Diff(before, after, nil)
			var lines []string
			for _, s := range got.Systems {
				lines = append(lines, fmt.Sprintf("system %s %s %s->%s", s.Kind, s.System, s.OldRef, s.Ref))
			}
			for _, f := range got.Flows {
				lines = append(lines, fmt.Sprintf("flow %s %s %s->%s", f.Kind, f.Flow, f.OldRef, f.Ref))
			}
			if !slices.Equal(lines, c.want) {
				t.Errorf("got %q\nwant %q", lines, c.want)
			}
			if n := len(got.Answers) + len(got.Risks) + len(got.Domains) + len(got.Findings); n != 0 {
				t.Errorf("a ref changed %d answers, risks, decisions or findings: %+v", n, got)
			}
			tot := got.Totals
			tot.SystemsAdded = 0 // the one case that adds a system says so above
			if tot != (Totals{}) {
				t.Errorf("a ref counts in the headline's totals: %+v", got.Totals)
			}
		})
	}
}
