package inventory

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// What the room has is the room's: an import fills what is unset, follows
// the file only for what it made itself, and never removes anything.
func TestImportRespectsTheRoom(t *testing.T) {
	room := func() *model.Document {
		d := session()
		d.Systems = append(d.Systems,
			model.System{ID: "SYS-BOOMI", Name: "Boomi", Kind: "middleware"},
			model.System{ID: "SYS-X", Name: "Mystery box", Kind: model.SystemOther},
			model.System{ID: "SYS-SHOP", Name: "Shop", Kind: "storefront", Ref: "sheet:1"},
			model.System{ID: "SYS-ERP", Name: "ERP", Kind: "erp", Ref: "sheet:2"})
		d.Flows = []model.Flow{
			{ID: "FLOW-1", Name: "Web orders", Domain: "order", From: "SYS-SHOP", To: "SYS-ERP", Ref: "sheet:f1",
				Contract: model.ContractStep{Pattern: model.PatternBatch}},
			{ID: "FLOW-2", Name: "Stock", Domain: "inventory", From: "SYS-ERP", To: "SYS-SHOP"},
		}
		return d
	}
	cases := []struct {
		name    string
		csv     string
		check   func(d *model.Document) string // what is wrong, or ""
		leftOut string
		changes bool
	}{
		{"the room's kind stays", "Name,Kind\nBoomi,ipaas\n",
			func(d *model.Document) string {
				return want(d.Systems[1].Kind == "middleware", "Boomi's kind is %s", d.Systems[1].Kind)
			}, "", false},
		{"a kind nobody set is filled", "Name,Kind\nMystery box,erp\n",
			func(d *model.Document) string {
				return want(d.Systems[2].Kind == "erp", "the kind is %s", d.Systems[2].Kind)
			}, "", true},
		{"a kind the file states for what it made", "ID,Name,Kind\n1,Shop,pos\n",
			func(d *model.Document) string {
				return want(d.Systems[3].Kind == "pos", "the kind is %s", d.Systems[3].Kind)
			}, "", true},
		{"a rename onto another system's name", "ID,Name\n1,ERP\n",
			func(d *model.Document) string {
				return want(d.Systems[3].Name == "Shop", "the shop is called %s", d.Systems[3].Name)
			},
			"renaming the system Shop to ERP, since there is already a system called", false},
		{"the room's flow is not moved", "Name,From,To\nStock,Boomi,Mystery box\n",
			func(d *model.Document) string {
				return want(d.Flows[1].From == "SYS-ERP" && d.Flows[1].Ref == "", "the flow is %+v", d.Flows[1])
			}, "the flow Stock, which the session has from ERP to Shop", false},
		{"the room's pattern stays", "ID,Name,From,To,Pattern\nf1,Web orders,Shop,ERP,real-time\n",
			func(d *model.Document) string {
				return want(d.Flows[0].Contract.Pattern == model.PatternBatch, "the pattern is %s", d.Flows[0].Contract.Pattern)
			}, "", false},
		{"a cell naming several consumers gives a flow to each", "ID,Name,From,To,Domain\nf9,Catalog feed,ERP,Shop; Boomi,catalog\n",
			func(d *model.Document) string {
				n := len(d.Flows)
				return want(n == 4 && d.Flows[2].Name == "Catalog feed" && d.Flows[3].Name == "Catalog feed (ERP → Boomi)" &&
					d.Flows[3].To == "SYS-BOOMI" && d.Flows[3].Ref == "sheet:f9/erp→boomi", "flows %+v", d.Flows[2:])
			}, "", true},
		{"what the file no longer has stays", "Name\nBoomi\n",
			func(d *model.Document) string {
				return want(len(d.Systems) == 5 && len(d.Flows) == 2, "%d systems, %d flows", len(d.Systems), len(d.Flows))
			}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, err := Parse("file.csv", []byte(c.csv), Options{})
			if err != nil {
				t.Fatal(err)
			}
			doc := room()
			after, o := Import(doc, inv, counter())
			if p := c.check(after); p != "" {
				t.Error(p)
			}
			if o.Changes() != c.changes {
				t.Errorf("changes %v (%q %q), want %v", o.Changes(), o.Added, o.Updated, c.changes)
			}
			if c.leftOut != "" && !slices.ContainsFunc(o.LeftOut, func(l string) bool { return strings.Contains(l, c.leftOut) }) {
				t.Errorf("left out %q, want a line with %q", o.LeftOut, c.leftOut)
			}
			if !slices.EqualFunc(doc.Systems, room().Systems, func(a, b model.System) bool { return a == b }) {
				t.Error("Import changed the document it was given")
			}
		})
	}
}

func want(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(format, args...)
}
