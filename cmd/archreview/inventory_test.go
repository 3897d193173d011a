package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/internal/inventoryfiles"
	"github.com/archreview/archreview/store"
)

// landscape describes a session's systems and flows by name, sorted.
func landscape(t *testing.T, db, session string) (systems, flows []string) {
	t.Helper()
	st, err := store.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	info, err := st.Resolve(session)
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.Load(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range d.Systems {
		systems = append(systems, s.Name+"="+string(s.Kind))
	}
	for _, f := range d.Flows {
		via := ""
		if f.Via != "" {
			via = " via " + d.SystemName(f.Via)
		}
		flows = append(flows, d.SystemName(f.From)+" → "+d.SystemName(f.To)+via+" "+f.Domain)
	}
	slices.Sort(systems)
	slices.Sort(flows)
	return systems, flows
}

func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInventoryImportCommand(t *testing.T) {
	cases := []struct {
		name, file string
		data       func(t testing.TB, shop string) []byte
		systems    []string
		flows      []string
	}{
		{"LeanIX workbook", "leanix.xlsx",
			func(t testing.TB, shop string) []byte {
				return inventoryfiles.LeanIXWorkbook(t, inventoryfiles.LeanIXSheets(shop))
			},
			[]string{"Boomi=ipaas", "SAP S/4HANA=erp", "Shopify=storefront"},
			[]string{"SAP S/4HANA → Shopify inventory", "Shopify → SAP S/4HANA via Boomi order"}},
		{"plain CSV", "flows.csv",
			func(_ testing.TB, shop string) []byte {
				return []byte(strings.ReplaceAll(inventoryfiles.PlainFlowsCSV, "Shopify", shop))
			},
			[]string{"Akeneo=pim", "Celigo=ipaas", "NetSuite=erp", "Shopify=storefront"},
			[]string{"Akeneo → Shopify via Celigo catalog", "Shopify → NetSuite order"}},
		{"draw.io", "landscape.drawio",
			func(_ testing.TB, shop string) []byte { return inventoryfiles.PlainDrawIO(shop) },
			[]string{"Microsoft Business Central=erp", "MuleSoft=ipaas", "Shopify=storefront"},
			[]string{"Microsoft Business Central → Shopify inventory", "Shopify → Microsoft Business Central via MuleSoft order"}},
		{"draw.io compressed", "landscape.drawio", inventoryfiles.CompressedDrawIO,
			[]string{"Microsoft Business Central=erp", "MuleSoft=ipaas", "Shopify=storefront"},
			[]string{"Microsoft Business Central → Shopify inventory", "Shopify → Microsoft Business Central via MuleSoft order"}},
		{"Structurizr", "workspace.json",
			func(_ testing.TB, shop string) []byte { return inventoryfiles.StructurizrJSON(shop) },
			[]string{"Infor M3=erp", "Kafka=middleware", "M3 API=erp", "Shopify=storefront"},
			[]string{"M3 API → Shopify price", "Shopify → Infor M3 via Kafka order"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			db, file := filepath.Join(dir, "review.db"), filepath.Join(dir, c.file)
			if code := run([]string{"--db", db, "new", "Spring review"}, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
				t.Fatal("new failed")
			}
			if err := os.WriteFile(file, c.data(t, "Shopify"), 0o600); err != nil {
				t.Fatal(err)
			}
			importing := func(extra ...string) (string, int) {
				var out, errOut bytes.Buffer
				code := run(append([]string{"--db", db, "inventory", "import", "Spring review", file}, extra...), &out, &errOut)
				return out.String() + errOut.String(), code
			}

			before := fileBytes(t, db)
			out, code := importing("--dry-run")
			if code != 0 || !strings.Contains(out, "nothing was written") || !strings.Contains(out, "+ system Shopify (storefront, guessed)") {
				t.Fatalf("dry run: exit %d\n%s", code, out)
			}
			if !bytes.Equal(before, fileBytes(t, db)) {
				t.Fatal("the dry run changed the database")
			}

			if out, code := importing(); code != 0 || !strings.HasPrefix(out, "Imported "+c.file) {
				t.Fatalf("import: exit %d\n%s", code, out)
			}
			systems, flows := landscape(t, db, "Spring review")
			if !slices.Equal(systems, c.systems) || !slices.Equal(flows, c.flows) {
				t.Errorf("imported\n%q\n%q\nwant\n%q\n%q", systems, flows, c.systems, c.flows)
			}

			if out, code := importing(); code != 0 || !strings.HasPrefix(out, "Nothing new in "+c.file) {
				t.Fatalf("second import: exit %d\n%s", code, out)
			}
			if s, f := landscape(t, db, "Spring review"); !slices.Equal(s, systems) || !slices.Equal(f, flows) {
				t.Errorf("the second import changed the session: %q %q", s, f)
			}

			if c.name == "plain CSV" {
				return // a plain sheet gives no ids, so a renamed system is another system
			}
			if err := os.WriteFile(file, c.data(t, "Shopify Plus"), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, code := importing(); code != 0 || !strings.Contains(out, "~ system Shopify Plus: renamed from Shopify") {
				t.Fatalf("import of the renamed shop: exit %d\n%s", code, out)
			}
			s, f := landscape(t, db, "Spring review")
			want := slices.Clone(c.systems)
			want[slices.Index(want, "Shopify=storefront")] = "Shopify Plus=storefront"
			slices.Sort(want)
			if !slices.Equal(s, want) || len(f) != len(c.flows) {
				t.Errorf("after the rename\n%q\n%q\nwant %q and %d flows", s, f, want, len(c.flows))
			}
		})
	}
}

// A bad file is refused in one line naming it, with the exit code of bad
// input, and the database is not written.
func TestInventoryImportRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	if code := run([]string{"--db", db, "new", "Spring review"}, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatal("new failed")
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := filepath.Join(dir, "huge.csv")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 51<<20); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		says string
	}{
		{"no name column", []string{"Spring review", write("apps.csv", []byte("Owner,Team\nAnna,Web\n"))}, "apps.csv: the header row has no name column"},
		{"an edge to nothing", []string{"Spring review", write("map.drawio", bytes.Replace(inventoryfiles.PlainDrawIO("Shopify"), []byte(`target="v2"`), []byte(`target="gone"`), 1))},
			`map.drawio: edge e2 ("orders") ends at nothing`},
		{"over 50 MB", []string{"Spring review", huge}, "huge.csv is over 50 MB"},
		{"another kind of file", []string{"Spring review", write("apps.xlsx", []byte("name\nShopify\n"))}, "apps.xlsx is not an xlsx file"},
		{"a bad --map", []string{"Spring review", write("ok.csv", []byte("Name\nShopify\n")), "--map", "Owner"}, "--map Owner is not COLUMN=FIELD"},
		{"no such session", []string{"Autumn review", write("ok.csv", []byte("Name\nShopify\n"))}, `no session matches "Autumn review"`},
	}
	before := fileBytes(t, db)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(append([]string{"--db", db, "inventory", "import"}, c.args...), &out, &errOut)
			msg := errOut.String()
			if code != 2 || !strings.Contains(msg, c.says) || strings.Count(msg, "\n") != 1 || out.Len() > 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line saying %q", code, out.String(), msg, c.says)
			}
			if !bytes.Equal(before, fileBytes(t, db)) {
				t.Error("the database changed")
			}
		})
	}
}

// The README's inventory example is what the command prints for the test's
// LeanIX workbook, so a change to the wording updates the README too.
func TestREADMEShowsTheInventoryDryRun(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ archreview inventory import \"Spring review\" leanix-export.xlsx --dry-run\n"
	_, shown, ok := strings.Cut(string(readme), prompt)
	if !ok {
		t.Fatal("the README shows no inventory import")
	}
	shown, _, _ = strings.Cut(shown, "```")

	dir := t.TempDir()
	db, file := filepath.Join(dir, "review.db"), filepath.Join(dir, "leanix-export.xlsx")
	if code := run([]string{"--db", db, "new", "Spring review"}, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatal("new failed")
	}
	if err := os.WriteFile(file, inventoryfiles.LeanIXWorkbook(t, inventoryfiles.LeanIXSheets("Shopify")), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := run([]string{"--db", db, "inventory", "import", "Spring review", file, "--dry-run"}, &out, &bytes.Buffer{}); code != 0 {
		t.Fatal("the dry run failed")
	}
	if out.String() != shown {
		t.Errorf("the README shows\n%s\nthe command prints\n%s", shown, out.String())
	}
}
