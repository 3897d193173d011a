//go:build unix

package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tree keeps its rooms: each package imports only the packages of ours
// its room allows (DESIGN §4), and no file of code grows past 600 lines,
// the size at which a file is usually two jobs.
func TestPackagesKeepTheirLayering(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	// allowed lists, per package, the packages of ours it may import, by
	// their paths inside the module.
	allowed := map[string][]string{
		"model":                  {},
		"model/redact":           {},
		"model/review":           {"model"},
		"model/pack":             {"model", "model/review"},
		"model/report":           {"model", "model/review", "model/redact"},
		"model/internal/fixture": {"model"},
		"model/inventory":        {"model"},
		"model/tickets":          {"model", "model/review"},
		"store/atomicfile":       {},
		"store":                  {"model", "store/atomicfile"},
		"internal/testtool":      {},
		"room":                   {"model", "model/report", "store/atomicfile", "tui"},
	}
	ours := func(imp string) (string, bool) { return strings.CutPrefix(imp, modulePath+"/") }
	seen := 0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		full, imports, _ := strings.Cut(l, ":")
		pkg, _ := ours(full)
		rule, ok := allowed[pkg]
		if !ok {
			continue
		}
		seen++
		for _, imp := range strings.Fields(imports) {
			if rel, mine := ours(imp); mine && !contains(rule, rel) {
				t.Errorf("%s imports %s; it may import only %v of ours", pkg, imp, rule)
			}
		}
	}
	if seen != len(allowed) {
		t.Errorf("go list showed %d of the %d packages the layering names", seen, len(allowed))
	}

	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if n := lineCount(t, path); n > 600 {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s has %d lines; a file past 600 is usually two jobs: split it by concern", rel, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func lineCount(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		n++
	}
	return n
}
