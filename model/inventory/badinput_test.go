package inventory

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/internal/inventoryfiles"
)

func TestBadInputIsOneSentenceNamingWhere(t *testing.T) {
	deep := strings.Repeat("<a>", maxDepth+5) + strings.Repeat("</a>", maxDepth+5)
	cases := []struct {
		name string
		file string
		data func(t *testing.T) []byte
		opt  Options
		want []string // parts of the message
	}{
		{"an archreview export as a workspace", "review.json",
			func(*testing.T) []byte { return []byte(`{"schema":"archreview/v3","session":{}}`) }, Options{},
			[]string{"review.json", "not a Structurizr workspace"}},
		{"a PNG called CSV", "systems.csv",
			func(*testing.T) []byte { return []byte("\x89PNG\r\n\x1a\n\x00\x00") }, Options{},
			[]string{"systems.csv is not a CSV file"}},
		{"text called xlsx", "apps.xlsx",
			func(*testing.T) []byte { return []byte("name\nShopify\n") }, Options{},
			[]string{"apps.xlsx is not an xlsx file"}},
		{"a sheet with no name column", "apps.csv",
			func(*testing.T) []byte { return []byte("Owner,Lifecycle\nAnna,active\n") }, Options{},
			[]string{"apps.csv", "no name column", "--map"}},
		{"the asked sheet with no name column", "leanix.xlsx",
			func(t *testing.T) []byte {
				return inventoryfiles.LeanIXWorkbook(t, map[string][][]string{"Applications": {{"Name"}, {"Shopify"}}, "Read me": {{"Exported by"}, {"Anna"}}})
			}, Options{Sheet: "read me"},
			[]string{"leanix.xlsx: sheet Read me has no name column"}},
		{"a sheet that is not there", "leanix.xlsx",
			func(t *testing.T) []byte {
				return inventoryfiles.LeanIXWorkbook(t, inventoryfiles.LeanIXSheets("Shopify"))
			}, Options{Sheet: "Apps"},
			[]string{"leanix.xlsx", `no sheet "Apps"`}},
		{"a flow row naming no receiver", "flows.csv",
			func(*testing.T) []byte { return []byte("name,from,to\nOrders,Shopify,\n") }, Options{},
			[]string{"flows.csv: row 2 names no receiving system"}},
		{"an edge to nothing", "landscape.drawio",
			func(*testing.T) []byte {
				return []byte(strings.Replace(string(inventoryfiles.PlainDrawIO("Shopify")), `target="v2"`, `target="v9"`, 1))
			}, Options{},
			[]string{"landscape.drawio: edge e2 (\"orders\") ends at nothing", `"v9"`}},
		{"a dangling edge", "landscape.drawio",
			func(*testing.T) []byte {
				return []byte(strings.Replace(string(inventoryfiles.PlainDrawIO("Shopify")), ` source="v2"`, ``, 1))
			}, Options{},
			[]string{"edge e3", "its source is not connected"}},
		{"a relationship to nothing", "workspace.json",
			func(*testing.T) []byte {
				return []byte(strings.Replace(string(inventoryfiles.StructurizrJSON("Shopify")), `"destinationId":"3"`, `"destinationId":"99"`, 1))
			}, Options{},
			[]string{"workspace.json: relationship r1", "ends at nothing", `"99"`}},
		{"a file over 50 MB", "huge.csv",
			func(*testing.T) []byte { return bytes.Repeat([]byte("a,b\n"), MaxFileBytes/4+1) }, Options{},
			[]string{"huge.csv is over 50 MB"}},
		{"deep XML", "deep.drawio",
			func(*testing.T) []byte { return []byte("<mxfile>" + deep + "</mxfile>") }, Options{},
			[]string{"deep.drawio", "levels deep"}},
		{"deep JSON", "deep.json",
			func(*testing.T) []byte {
				return []byte(`{"model":` + strings.Repeat("[", maxDepth+5) + strings.Repeat("]", maxDepth+5) + `}`)
			}, Options{},
			[]string{"deep.json", "levels deep"}},
		{"a zip bomb", "bomb.xlsx", func(t *testing.T) []byte { return inventoryfiles.ZipBomb(t, (maxUnpackedBytes>>20)+8) }, Options{},
			[]string{"bomb.xlsx", "zip bomb"}},
		{"a compressed page that is not base64", "landscape.drawio",
			func(*testing.T) []byte { return []byte(`<mxfile><diagram name="P">!!not base64!!</diagram></mxfile>`) }, Options{},
			[]string{"landscape.drawio", `page "P"`, "not base64"}},
		{"another XML", "pom.xml",
			func(*testing.T) []byte { return []byte(`<project><modelVersion/></project>`) }, Options{},
			[]string{"pom.xml is not a draw.io diagram", "<project>"}},
		{"a map to no field", "apps.csv",
			func(*testing.T) []byte { return []byte("App,Owner\nShopify,Anna\n") }, Options{Columns: map[string]string{"owner": "person"}},
			[]string{`"person" is not a field`, "name, kind"}},
		{"a map of no column", "apps.csv",
			func(*testing.T) []byte { return []byte("Name,Owner\nShopify,Anna\n") }, Options{Columns: map[string]string{"team": "ignore"}},
			[]string{"apps.csv", `no column "team"`}},
		{"nothing to import", "empty.csv",
			func(*testing.T) []byte { return []byte("Name,Owner\n") }, Options{},
			[]string{"empty.csv holds no system"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, err := Parse(c.file, c.data(t), c.opt)
			if err == nil {
				t.Fatalf("read %d systems; want an error", len(inv.Systems))
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("the error is more than one line: %q", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
		})
	}
}

func TestColumns(t *testing.T) {
	cases := []struct {
		name    string
		csv     string
		args    []string
		systems []string // name=kind
		unread  []string
		err     string
	}{
		{"headers in any case and punctuation", "SYSTEM-NAME;Kind;Description\nShopify;Storefront;\nAkeneo;;\n", nil,
			[]string{"Akeneo=pim", "Shopify=storefront"}, nil, ""},
		{"a type column of kinds", "Name,Type\nThe Vault,ERP\nBoomi,\nOther Thing,Batch job\n", nil,
			[]string{"Boomi=ipaas", "Other Thing=batch-job", "The Vault=erp"}, nil, ""},
		{"unknown columns listed", "Name,Owner,Go-live\nShopify,Anna,2024\n", nil,
			[]string{"Shopify=storefront"}, []string{"Owner (the header row)", "Go-live (the header row)"}, ""},
		{"--map names a column", "App,Owner\nShopify,Anna\n", []string{"App=name", "owner=ignore"},
			[]string{"Shopify=storefront"}, nil, ""},
		{"--map that is not COLUMN=FIELD", "App\nShopify\n", []string{"App"}, nil, nil, "--map App is not COLUMN=FIELD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cols, err := ParseColumns(c.args)
			var inv *Inventory
			if err == nil {
				inv, err = Parse("apps.csv", []byte(c.csv), Options{Columns: cols})
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range inv.Systems {
				got = append(got, s.Name+"="+string(s.Kind))
			}
			slices.Sort(got)
			if strings.Join(got, "|") != strings.Join(c.systems, "|") {
				t.Errorf("systems %q, want %q", got, c.systems)
			}
			if strings.Join(inv.Unread, "|") != strings.Join(c.unread, "|") {
				t.Errorf("unread %q, want %q", inv.Unread, c.unread)
			}
		})
	}
}

func TestGuesses(t *testing.T) {
	kinds := []struct{ name, kind string }{
		{"Shopify Plus", "storefront"}, {"SAP S/4HANA", "erp"}, {"SAP Commerce Cloud", "storefront"}, {"Infor M3", "erp"},
		{"Microsoft Dynamics 365 Business Central", "erp"}, {"Akeneo PIM", "pim"}, {"Dell Boomi", "ipaas"}, {"MuleSoft Anypoint", "ipaas"},
		{"Celigo integrator.io", "ipaas"}, {"SAP CPI", "ipaas"}, {"Azure Service Bus", "middleware"}, {"Adyen", "payment"},
		{"Salesforce Commerce Cloud", "storefront"}, {"Salesforce Service Cloud", "crm"}, {"Avalara AvaTax", "tax"},
		{"Nightly price script", "batch-job"}, {"Stock spreadsheet", "manual-workaround"}, {"The mainframe", "other"},
		{"Sapphire", "other"}, // a word is matched whole
	}
	for _, k := range kinds {
		if got := guessKind(k.name); string(got) != k.kind {
			t.Errorf("guessKind(%q) = %s, want %s", k.name, got, k.kind)
		}
	}
	domains := []struct{ name, domain string }{
		{"Web orders", "order"}, {"Return orders", "returns"}, {"Order payments", "payment"}, {"Product master", "catalog"},
		{"Stock levels", "inventory"}, {"Price lists", "price"}, {"Customer accounts", "customer"}, {"Tracking numbers", "shipment"},
		{"Nightly sync", unknownDomain},
	}
	for _, d := range domains {
		if got := guessDomain(d.name); got != d.domain {
			t.Errorf("guessDomain(%q) = %s, want %s", d.name, got, d.domain)
		}
	}
	patterns := []struct{ text, pattern string }{
		{"real-time", "real-time"}, {"REST API", "real-time"}, {"Webhook", "event-driven"}, {"nightly batch", "batch"},
		{"SFTP", "file"}, {"by e-mail", ""}, {"email", "manual"}, {"", ""},
	}
	for _, p := range patterns {
		if got := parsePattern(p.text); string(got) != p.pattern {
			t.Errorf("parsePattern(%q) = %s, want %s", p.text, got, p.pattern)
		}
	}
}

func TestSheetPicksOne(t *testing.T) {
	wb := inventoryfiles.LeanIXWorkbook(t, inventoryfiles.LeanIXSheets("Shopify"))
	inv, err := Parse("leanix.xlsx", wb, Options{Sheet: "interfaces"})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Flows) != 2 || len(inv.Systems) != 3 || inv.Systems[0].Ref != "" {
		t.Errorf("the Interfaces sheet alone gave %d flows and systems %+v", len(inv.Flows), inv.Systems)
	}

	page := func(name, shop string) string {
		return `<diagram name="` + name + `">` + strings.TrimSuffix(strings.TrimPrefix(string(inventoryfiles.PlainDrawIO(shop)),
			`<mxfile host="app.diagrams.net"><diagram id="p1" name="Landscape">`), `</diagram></mxfile>`) + `</diagram>`
	}
	two := []byte("<mxfile>" + page("Today", "Shopify") + page("Target", "commercetools") + "</mxfile>")
	inv, err = Parse("map.drawio", two, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Systems[0].Name != "Shopify" || !strings.Contains(strings.Join(inv.LeftOut, "|"), "pages after the first") {
		t.Errorf("without --sheet: systems %+v, left out %q", inv.Systems, inv.LeftOut)
	}
	inv, err = Parse("map.drawio", two, Options{Sheet: "target"})
	if err != nil || inv.Systems[0].Name != "commercetools" {
		t.Errorf("--sheet target: %v, %+v", err, inv)
	}
	if _, err := Parse("apps.csv", []byte("Name\nShopify\n"), Options{Sheet: "Apps"}); err == nil || !strings.Contains(err.Error(), "apps.csv is a CSV file, which is one sheet") {
		t.Errorf("--sheet on a CSV: %v", err)
	}
}
