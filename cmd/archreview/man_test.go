package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/internal/testtool"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// manPage runs `archreview man` and returns the page with the command tree
// it was made from.
func manPage(t *testing.T) (string, *cobra.Command) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot(&out, &errOut)
	root.SetArgs([]string{"man"})
	if err := root.Execute(); err != nil {
		t.Fatalf("archreview man: %v (%s)", err, errOut.String())
	}
	return out.String(), root
}

// section is the text of one .SH section of the page.
func section(page, name string) string {
	_, rest, ok := strings.Cut(page, "\n.SH "+name+"\n")
	if !ok {
		return ""
	}
	body, _, _ := strings.Cut(rest, "\n.SH ")
	return body
}

func TestManHasEveryCommandAndFlag(t *testing.T) {
	page, root := manPage(t)
	for _, s := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "KEYS", "ENVIRONMENT", "FILES", "EXIT STATUS", "SEE ALSO"} {
		if section(page, s) == "" {
			t.Errorf("the page has no %s section", s)
		}
	}
	if !strings.HasPrefix(page, ".TH ARCHREVIEW 1 ") {
		t.Errorf("the page does not start with its title line: %.60q", page)
	}
	commands := section(page, "COMMANDS")
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || strings.HasPrefix(sub.Name(), "__") {
				continue
			}
			n++
			head := ".SS \"" + roff(sub.CommandPath())
			at := strings.Index(commands, head)
			if at < 0 {
				t.Errorf("COMMANDS has no heading for %q", sub.CommandPath())
				walk(sub)
				continue
			}
			// The command's flags follow its heading, before the next one.
			own, _, _ := strings.Cut(commands[at+len(head):], "\n.SS ")
			sub.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
				if f.Name != "help" && !strings.Contains(own, `\fB\-\-`+roff(f.Name)+`\fR`) {
					t.Errorf("%s: the page does not give its flag --%s", sub.CommandPath(), f.Name)
				}
			})
			walk(sub)
		}
	}
	walk(root)
	if n < 12 {
		t.Errorf("the tree has %d commands; the walk lost most of them", n)
	}
	for _, f := range []string{"db", "pack", "help", "version"} {
		if !strings.Contains(section(page, "OPTIONS"), `\fB\-\-`+f+`\fR`) {
			t.Errorf("OPTIONS does not give --%s", f)
		}
	}
}

// groff reads the page without a warning, and so does man.
func TestManPageFormats(t *testing.T) {
	page, _ := manPage(t)
	groff := testtool.Require(t, "groff", "the manual page is checked by formatting it")
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("groff refused the page: %v\n%s", err, stderr.String())
	}
	file := filepath.Join(t.TempDir(), "archreview.1")
	if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	man := exec.Command(testtool.Require(t, "man", "the manual page is read as a user reads it"), "-l", file)
	man.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=100")
	out, err := man.CombinedOutput()
	if err != nil {
		t.Fatalf("man -l: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{"archreview - Run a commerce", "KEYS", "ENVIRONMENT", "ARCHREVIEW_THEME", "archreview export SESSION", "--include-private", "ctrl+c", "↑/k"} {
		if !strings.Contains(text, want) {
			t.Errorf("man shows no %q", want)
		}
	}
}

// tuiHelp is every key.WithHelp(key, text) of the tui package.
func tuiHelp(t *testing.T) map[[2]string]token.Position {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../../tui/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tui sources: %v", err)
	}
	help := map[[2]string]token.Position{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "WithHelp" {
				return true
			}
			var pair [2]string
			for i, arg := range call.Args {
				lit, ok := arg.(*ast.BasicLit)
				if !ok || i > 1 {
					t.Errorf("%s: a key's help is not two literal strings; the man page cannot be checked against it", fset.Position(call.Pos()))
					return true
				}
				pair[i], _ = strconv.Unquote(lit.Value)
			}
			help[pair] = fset.Position(call.Pos())
			return true
		})
	}
	return help
}

// The KEYS section is the app's own key help: every key the help line
// names, and none it does not.
func TestManKeysAreTheAppsKeys(t *testing.T) {
	help := tuiHelp(t)
	if len(help) < 40 {
		t.Fatalf("found %d keys in tui; the parse lost them", len(help))
	}
	listed := map[[2]string]bool{}
	for _, g := range manKeys {
		for _, k := range g.keys {
			listed[k] = true
			if _, ok := help[k]; !ok {
				t.Errorf("the man page's %s gives %q %q, which no key of the app has", g.where, k[0], k[1])
			}
		}
	}
	for k, at := range help {
		if !listed[k] {
			t.Errorf("%s: the key %q (%q) is not in the man page's KEYS (manKeys in cmd/archreview/man.go)", at, k[0], k[1])
		}
	}
	page, _ := manPage(t)
	keys := section(page, "KEYS")
	for k := range listed {
		if !strings.Contains(keys, `\fB`+roff(k[0])+"\\fR\n"+roff(k[1])+"\n") {
			t.Errorf("KEYS does not show %q %q", k[0], k[1])
		}
	}
}

// envReads is every environment variable the module's code reads by name.
func envReads(t *testing.T) map[string]token.Position {
	t.Helper()
	fset := token.NewFileSet()
	consts := map[string]string{}
	type read struct {
		arg ast.Expr
		at  token.Pos
	}
	var reads []read
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv") {
					reads = append(reads, read{n.Args[0], n.Pos()})
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]token.Position{}
	for _, r := range reads {
		var name string
		switch a := r.arg.(type) {
		case *ast.BasicLit:
			name, _ = strconv.Unquote(a.Value)
		case *ast.Ident:
			name = consts[a.Name]
		case *ast.SelectorExpr:
			name = consts[a.Sel.Name]
		}
		if name == "" {
			t.Errorf("%s: cannot tell which environment variable this reads; read it by a constant or a literal", fset.Position(r.at))
			continue
		}
		names[name] = fset.Position(r.at)
	}
	return names
}

// ENVIRONMENT names every variable the code reads, and so does the README.
func TestManAndREADMESayEveryEnvironmentVariable(t *testing.T) {
	reads := envReads(t)
	if len(reads) < 3 {
		t.Fatalf("found %d environment reads; the parse lost them", len(reads))
	}
	documented := map[string]bool{}
	for _, e := range manEnvironment {
		documented[e[0]] = true
	}
	for name, at := range reads {
		if !documented[name] {
			t.Errorf("%s reads %s, which the man page's ENVIRONMENT (manEnvironment) does not say", at, name)
		}
	}
	page, _ := manPage(t)
	env := section(page, "ENVIRONMENT")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range manEnvironment {
		if !strings.Contains(env, `\fB`+roff(e[0])+`\fR`) {
			t.Errorf("ENVIRONMENT does not show %s", e[0])
		}
		if !strings.Contains(string(readme), "`"+e[0]+"`") {
			t.Errorf("the README does not name `%s`", e[0])
		}
	}
}

// A page generated on one machine says nothing of that machine: the
// packaged page is read on every other.
func TestManSaysNoFolderOfTheMachineItWasMadeOn(t *testing.T) {
	t.Cleanup(xdg.Reload) // runs after the variables below are restored
	home := filepath.Join(t.TempDir(), "home-of-the-packager")
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("ARCHREVIEW_DB", "")
	xdg.Reload()
	page, _ := manPage(t)
	if strings.Contains(page, "home\\-of\\-the\\-packager") {
		t.Errorf("the page names the generating machine's folders:\n%s", page)
	}
	if !strings.Contains(page, "$XDG_DATA_HOME/archreview/archreview.db") {
		t.Errorf("the page does not give the database's default place by its variable")
	}
}

func TestRoff(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"--db and a-b", `\-\-db and a\-b`},
		{`a \ backslash`, `a \e backslash`},
		{".starts like a request", `\&.starts like a request`},
		{"'so does this", `\&'so does this`},
		{"↑/k · naïve", `\[u2191]/k \[u00B7] na\[u00EF]ve`},
	}
	for _, c := range cases {
		if got := roff(c.in); got != c.want {
			t.Errorf("roff(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
