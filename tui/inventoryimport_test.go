package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/internal/inventoryfiles"
	"github.com/archreview/archreview/model"
)

// I on the Systems tab imports the client's diagram as the command does:
// a preview first, esc leaving the session as it was, enter taking it as
// one change that is saved and that u undoes.
func TestSystemsTabImportsAnInventory(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "tab")
	if d.app.session.activeTab() != tabSystems {
		t.Fatalf("the second tab is %s", d.app.session.activeTab())
	}
	file := filepath.Join(t.TempDir(), "landscape.drawio")
	if err := os.WriteFile(file, inventoryfiles.CompressedDrawIO(t, "Shopify Plus storefront"), 0o600); err != nil {
		t.Fatal(err)
	}
	doc := d.app.ws.doc
	systems, flows := len(doc.Systems), len(doc.Flows)
	ask := func(path string) {
		t.Helper()
		d.keys("I")
		d.mustSee("Import inventory (CSV, xlsx, draw.io, Structurizr JSON) from:")
		d.keys(path, "q", "backspace", "enter") // q is text while the path is typed
	}

	ask(file)
	d.mustSee("Import landscape.drawio: 2 systems and 2 flows to add, 1 to update, 1 left out?",
		"+ system Microsoft Business Central (erp, guessed)", "~ system Shopify Plus storefront: linked to drawio:v1",
		"+ flow orders: Shopify Plus storefront → Microsoft Business Central via MuleS", "enter import · esc cancel")
	d.keys("esc")
	if len(doc.Systems) != systems || len(doc.Flows) != flows {
		t.Fatalf("esc on the preview changed the session: %d systems, %d flows", len(doc.Systems), len(doc.Flows))
	}

	ch, cancel := d.app.Subscribe()
	defer cancel()
	ask(file)
	d.keys("enter")
	doc = d.app.ws.doc
	if c := next(t, ch); c.Kind != model.ChangeImport || len(c.Systems) != 3 || len(c.Flows) != 2 {
		t.Errorf("a listener heard %+v, want one import of 3 systems and 2 flows", c)
	}
	if len(doc.Systems) != systems+2 || len(doc.Flows) != flows+2 {
		t.Fatalf("the import left %d systems and %d flows, want %d and %d", len(doc.Systems), len(doc.Flows), systems+2, flows+2)
	}
	d.mustSee("Imported landscape.drawio: 4 added, 1 updated · u undoes")
	d.waitSaved()
	stored, err := d.st.Load(doc.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	shop, _ := stored.SystemNamed("Shopify Plus storefront")
	if len(stored.Systems) != systems+2 || shop.Ref != "drawio:v1" {
		t.Errorf("the save holds %d systems, the shop's ref %q", len(stored.Systems), shop.Ref)
	}

	ask(file)
	d.mustSee("Nothing new in landscape.drawio")

	d.keys("u")
	if s, _ := d.app.ws.doc.SystemNamed("Shopify Plus storefront"); len(d.app.ws.doc.Systems) != systems || s.Ref != "" {
		t.Errorf("u left %d systems, the shop's ref %q", len(d.app.ws.doc.Systems), s.Ref)
	}
	d.send(keyRedo)
	if len(d.app.ws.doc.Systems) != systems+2 {
		t.Errorf("ctrl+r left %d systems", len(d.app.ws.doc.Systems))
	}

	ask(filepath.Join(t.TempDir(), "gone.drawio"))
	d.mustSee("! gone.drawio cannot be read: no such file or directory")
	bad := filepath.Join(t.TempDir(), "apps.csv")
	if err := os.WriteFile(bad, []byte("Owner,Team\nAnna,Web\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(d.app.ws.doc.Systems)
	ask(bad)
	d.mustSee("! apps.csv: the header row has no name column")
	if len(d.app.ws.doc.Systems) != before || strings.Contains(d.view(), "Import apps.csv") {
		t.Error("a refused file changed the session or showed a preview")
	}
}
