//go:build unix

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/internal/inventoryfiles"
)

// The client's LeanIX export goes into a session through the built
// binary: a dry run writes nothing, the import keeps each record's ref
// through an export and an import into another laptop's database, where
// importing the export again finds everything already there.
func TestInventoryImportThroughTheBinary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, xlsx := filepath.Join(dir, "review.db"), filepath.Join(dir, "leanix-export.xlsx")
	if err := os.WriteFile(xlsx, inventoryfiles.LeanIXWorkbook(t, inventoryfiles.LeanIXSheets("Shopify")), 0o600); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(mustRun(t, db, nil, "new", "Spring review", "--client", "Fictional Outfitters"))

	before := sha256File(t, db)
	out := mustRun(t, db, nil, "inventory", "import", "Spring review", xlsx, "--dry-run")
	if !strings.Contains(out, "3 systems and 2 flows to add") || !strings.Contains(out, "+ flow Web orders: Shopify → SAP S/4HANA via Boomi (order)") {
		t.Errorf("the dry run printed:\n%s", out)
	}
	if sha256File(t, db) != before {
		t.Fatal("the dry run changed the database file")
	}

	out = mustRun(t, db, nil, "inventory", "import", "Spring review", xlsx)
	if !strings.HasPrefix(out, "Imported leanix-export.xlsx into \"Spring review\": 3 systems and 2 flows added, 1 left out.") ||
		!strings.Contains(out, "- left out: row 5 of Applications: a BusinessCapability fact sheet") ||
		!strings.Contains(out, "? columns not read: Lifecycle (sheet Applications)") {
		t.Errorf("the import printed:\n%s", out)
	}

	// The refs travel in the export and back.
	raw := mustRun(t, db, nil, "export", id)
	var doc struct {
		Systems []struct{ Name, Ref string } `json:"systems"`
		Flows   []struct{ Name, Ref string } `json:"flows"`
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	refs := map[string]string{}
	for _, s := range doc.Systems {
		refs[s.Name] = s.Ref
	}
	for _, f := range doc.Flows {
		refs[f.Name] = f.Ref
	}
	if refs["Shopify"] != "sheet:a-1" || refs["Web orders"] != "sheet:i-1" {
		t.Errorf("the export's refs are %v", refs)
	}
	file := filepath.Join(dir, "review.json")
	if err := os.WriteFile(file, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	laptop := filepath.Join(dir, "laptop2.db")
	mustRun(t, laptop, nil, "import", file)
	if out := mustRun(t, laptop, nil, "inventory", "import", id, xlsx); !strings.HasPrefix(out, "Nothing new in leanix-export.xlsx") {
		t.Errorf("importing the inventory again on the other laptop printed:\n%s", out)
	}

	// A workbook that unpacks without end is refused, and nothing written.
	bomb := filepath.Join(dir, "bomb.xlsx")
	if err := os.WriteFile(bomb, inventoryfiles.ZipBomb(t, 120), 0o600); err != nil {
		t.Fatal(err)
	}
	before = sha256File(t, db)
	_, stderr, code := run(t, db, nil, "inventory", "import", "Spring review", bomb)
	oneLineError(t, "a zip bomb", stderr, code)
	if code != 2 || !strings.Contains(stderr, "bomb.xlsx unpacks to over") {
		t.Errorf("a zip bomb: exit %d, %q", code, stderr)
	}
	if sha256File(t, db) != before {
		t.Error("the refused import changed the database file")
	}
}
