package inventory

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/internal/inventoryfiles"
	"github.com/archreview/archreview/model"
)

// counter hands out ids in order, so a test can name what it expects.
func counter() func() string {
	n := uint64(0)
	return func() string {
		n++
		return model.NewIDAt(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), n)
	}
}

// session is a session that already knows NetSuite and one flow of its own.
func session() *model.Document {
	d := model.NewSessionDocument(model.Session{ID: model.NewIDAt(time.Unix(0, 0), 1), Name: "Review"}, time.Unix(0, 0))
	d.Systems = []model.System{{ID: "SYS-NS", Name: "netsuite", Kind: "erp", Notes: "the room's note"}}
	return d
}

type wantFlow struct{ name, from, to, via, domain string }

// mapOf describes the session's systems and flows by name, for comparing.
func mapOf(d *model.Document) (systems []string, flows []wantFlow) {
	for _, s := range d.Systems {
		systems = append(systems, s.Name+"="+string(s.Kind))
	}
	for _, f := range d.Flows {
		flows = append(flows, wantFlow{f.Name, d.SystemName(f.From), d.SystemName(f.To), d.SystemName(f.Via), f.Domain})
	}
	slices.Sort(systems)
	return systems, flows
}

func TestImportEachKindOfFile(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		data     func(t testing.TB, shop string) []byte
		systems  []string
		flows    []wantFlow
		leftOut  string // a part of one left-out line
		unread   []string
		renames  bool // the file gives systems ids, so a rename is found
		patterns []model.Pattern
	}{
		{
			name: "LeanIX workbook", file: "leanix.xlsx",
			data: func(t testing.TB, shop string) []byte {
				return inventoryfiles.LeanIXWorkbook(t, inventoryfiles.LeanIXSheets(shop))
			},
			systems: []string{"Boomi=ipaas", "SAP S/4HANA=erp", "Shopify=storefront", "netsuite=erp"},
			flows: []wantFlow{
				{"Web orders", "Shopify", "SAP S/4HANA", "Boomi", "order"},
				{"Stock levels", "SAP S/4HANA", "Shopify", "", "inventory"},
			},
			leftOut: "row 5 of Applications: a BusinessCapability fact sheet", unread: []string{"Lifecycle (sheet Applications)"}, renames: true,
			patterns: []model.Pattern{"", ""},
		},
		{
			name: "plain CSV", file: "flows.csv",
			data: func(t testing.TB, shop string) []byte {
				return []byte(strings.ReplaceAll(inventoryfiles.PlainFlowsCSV, "Shopify", shop))
			},
			systems: []string{"Akeneo=pim", "Celigo=ipaas", "Shopify=storefront", "netsuite=erp"},
			flows: []wantFlow{
				{"Products to shop", "Akeneo", "Shopify", "Celigo", "catalog"},
				{"Shopify to NetSuite (order)", "Shopify", "netsuite", "", "order"},
			},
			patterns: []model.Pattern{"batch", "real-time"},
		},
		{
			name: "draw.io", file: "landscape.drawio",
			data:    func(t testing.TB, shop string) []byte { return inventoryfiles.PlainDrawIO(shop) },
			systems: []string{"Microsoft Business Central=erp", "MuleSoft=ipaas", "Shopify=storefront", "netsuite=erp"},
			flows: []wantFlow{
				{"orders", "Shopify", "Microsoft Business Central", "MuleSoft", "order"},
				{"stock feed", "Microsoft Business Central", "Shopify", "", "inventory"},
			},
			leftOut: `vertex v4 ("Notes for the room"): a text box`, renames: true,
			patterns: []model.Pattern{"", ""},
		},
		{
			name: "draw.io compressed", file: "landscape.xml",
			data:    inventoryfiles.CompressedDrawIO,
			systems: []string{"Microsoft Business Central=erp", "MuleSoft=ipaas", "Shopify=storefront", "netsuite=erp"},
			flows: []wantFlow{
				{"orders", "Shopify", "Microsoft Business Central", "MuleSoft", "order"},
				{"stock feed", "Microsoft Business Central", "Shopify", "", "inventory"},
			},
			renames: true, patterns: []model.Pattern{"", ""},
		},
		{
			name: "Structurizr", file: "workspace.json",
			data:    func(t testing.TB, shop string) []byte { return inventoryfiles.StructurizrJSON(shop) },
			systems: []string{"Infor M3=erp", "Kafka=middleware", "M3 API=erp", "Shopify=storefront", "netsuite=erp"},
			flows: []wantFlow{
				{"Sends orders", "Shopify", "Infor M3", "Kafka", "order"},
				{"Publishes prices", "M3 API", "Shopify", "", "price"},
			},
			leftOut: "relationship r0", renames: true,
			patterns: []model.Pattern{"event-driven", "real-time"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, err := Parse(c.file, c.data(t, "Shopify"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			doc, o := Import(session(), inv, counter())
			systems, flows := mapOf(doc)
			if !slices.Equal(systems, c.systems) {
				t.Errorf("systems %q, want %q", systems, c.systems)
			}
			if !slices.Equal(flows, c.flows) {
				t.Errorf("flows %q, want %q", flows, c.flows)
			}
			for i, p := range c.patterns {
				if got := doc.Flows[i].Contract.Pattern; got != p {
					t.Errorf("flow %d pattern %q, want %q", i, got, p)
				}
			}
			if c.leftOut != "" && !slices.ContainsFunc(o.LeftOut, func(l string) bool { return strings.Contains(l, c.leftOut) }) {
				t.Errorf("left out %q, want a line with %q", o.LeftOut, c.leftOut)
			}
			if c.unread != nil && !slices.Equal(o.Unread, c.unread) {
				t.Errorf("unread %q, want %q", o.Unread, c.unread)
			}
			if len(o.Guesses) == 0 {
				t.Error("no kind was shown as a guess")
			}
			if p := model.Validate(doc); len(p) > 0 {
				t.Fatalf("the import is not a valid session: %v", p)
			}
			if s, _ := doc.SystemByID("SYS-NS"); s.Notes != "the room's note" || s.Name != "netsuite" {
				t.Errorf("the session's own system changed: %+v", s)
			}

			// Again: nothing changes.
			again, o2 := Import(doc, inv, counter())
			if o2.Changes() {
				t.Errorf("a second import changes %q %q", o2.Added, o2.Updated)
			}
			if x, y := fmt.Sprint(mapOf(again)), fmt.Sprint(mapOf(doc)); x != y {
				t.Errorf("a second import made %s of %s", x, y)
			}

			// The shop renamed in the file: updated, not added.
			renamed, err := Parse(c.file, c.data(t, "Shopify Plus"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			after, o3 := Import(doc, renamed, counter())
			names, _ := mapOf(after)
			if !c.renames {
				return
			}
			if len(after.Systems) != len(doc.Systems) || !slices.Contains(names, "Shopify Plus=storefront") {
				t.Errorf("after the rename the systems are %q (%q added)", names, o3.Added)
			}
			if len(after.Flows) != len(doc.Flows) {
				t.Errorf("after the rename %d flows, want %d: %q", len(after.Flows), len(doc.Flows), o3.Added)
			}
		})
	}
}
