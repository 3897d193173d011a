package testtool

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const sampleMakefile = `GO      ?= go
# a comment := not a variable
TOOLS := chromium:chromium:chromium dot:graphviz:graphviz \
	man:man-db:- chattr:e2fsprogs:- /usr/share/bash-completion/bash_completion:bash-completion:-
BREW_CASKS := chromium

tools:
	@x := 1
`

func TestParseTools(t *testing.T) {
	tools, err := parseTools(sampleMakefile)
	if err != nil {
		t.Fatal(err)
	}
	want := []Tool{
		{Name: "chromium", Debian: "chromium", Brew: "chromium", Cask: true},
		{Name: "dot", Debian: "graphviz", Brew: "graphviz"},
		{Name: "man", Debian: "man-db"},
		{Name: "chattr", Debian: "e2fsprogs"},
		{Name: "/usr/share/bash-completion/bash_completion", Debian: "bash-completion"},
	}
	if len(tools) != len(want) {
		t.Fatalf("parsed %+v, want %+v", tools, want)
	}
	for i := range want {
		if tools[i] != want[i] {
			t.Errorf("tool %d = %+v, want %+v", i, tools[i], want[i])
		}
	}
	for _, bad := range []string{"TOOLS := dot:graphviz\n", "TOOLS := :graphviz:graphviz\n", "TOOLS := x:-:-\n", "GO := go\n"} {
		if _, err := parseTools(bad); err == nil {
			t.Errorf("parseTools(%q) took it", bad)
		}
	}
}

func TestMessageSaysTheInstallCommandOfTheHost(t *testing.T) {
	tools, err := parseTools(sampleMakefile)
	if err != nil {
		t.Fatal(err)
	}
	const why = "the DOT map is checked with it"
	debianRoot := host{goos: "linux", apt: true, root: true}
	debianUser := host{goos: "linux", apt: true}
	mac := host{goos: "darwin", brew: true}
	bare := host{goos: "linux"}
	cases := []struct {
		tool string
		h    host
		want string
	}{
		{"dot", debianRoot, "dot is not installed, and " + why + ". Run make tools, or install it yourself: apt-get install -y graphviz"},
		{"dot", debianUser, "Run make tools, or install it yourself: sudo apt-get install -y graphviz"},
		{"dot", mac, "install it yourself: brew install graphviz"},
		{"chromium", mac, "install it yourself: brew install --cask chromium"},
		{"man", mac, "install it yourself: install the Debian package man-db with your system's package manager"},
		{"dot", bare, "install it yourself: install the Debian package graphviz or the Homebrew formula graphviz with your system's package manager"},
		{"pandoc", debianRoot, "pandoc is not installed, and " + why + "; it is not in the Makefile's TOOLS either"},
	}
	for _, c := range cases {
		got := message(tools, c.tool, why, c.h)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s on %+v:\n got %q\nwant it to hold %q", c.tool, c.h, got, c.want)
		}
		if strings.Contains(got, "\n") {
			t.Errorf("%s on %+v: the message is not one line: %q", c.tool, c.h, got)
		}
	}
}

// A file a package installs is found by its path, and a program by PATH.
func TestRequireFindsFilesAndPrograms(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bash_completion")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Require(t, file, "it is read"); got != file {
		t.Errorf("Require(%s) = %q", file, got)
	}
	if got := Require(t, "go", "it builds"); !filepath.IsAbs(got) {
		t.Errorf("Require(go) = %q, want its path", got)
	}
}

// Every program a test of the module requires is in the Makefile's TOOLS,
// so `make tools` installs it and the message can say how.
func TestEveryRequiredToolIsInTheMakefile(t *testing.T) {
	tools, err := makefileTools()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, tool := range tools {
		known[tool.Name] = true
	}
	call := regexp.MustCompile(`(?:testtool\.Require|requireTool|mustTool)\(t, "([^"]+)"`)
	found := 0
	err = filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && d.Name() != ".." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			found++
			if !known[m[1]] {
				t.Errorf("%s requires %s, which the Makefile's TOOLS does not list", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 5 {
		t.Errorf("found %d calls that require a tool; the pattern no longer matches how tests ask", found)
	}
}
