//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// modulePath is the module archreview is installed by:
// go install github.com/archreview/archreview/cmd/archreview@latest.
const modulePath = "github.com/archreview/archreview"

// TestTheModuleInstalls holds go.mod to what `go install MODULE@VERSION`
// needs: a dotted module path (a bare name cannot be fetched), the one the
// README shows, and no replace or exclude directive (go install refuses a
// module that has one).
func TestTheModuleInstalls(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var module string
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "module":
			if len(fields) > 1 {
				module = strings.Trim(fields[1], `"`)
			}
		case "replace", "exclude":
			t.Errorf("go.mod has %q; go install refuses a module with replace or exclude directives", strings.TrimSpace(line))
		}
	}
	first, _, _ := strings.Cut(module, "/")
	if !strings.Contains(first, ".") {
		t.Errorf("go.mod's module path is %q; go install needs a dotted host as its first element", module)
	}
	if module != modulePath {
		t.Errorf("go.mod's module path is %q, the tests and the README say %q", module, modulePath)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "go install " + modulePath + "/cmd/archreview@"; !strings.Contains(string(readme), want) {
		t.Errorf("the README does not show %q", want)
	}
}
