package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// routerFiles are the session screen's own files: the router and the frame
// around the tabs, which reach every tab through the contract alone.
var routerFiles = []string{"session.go", "sessionview.go"}

// The session screen routes to its tabs through the contract: adding a tab
// once meant editing about ten switch blocks over session.go and
// sessionview.go. Those files may name no tab (the list in newSessionTabs
// aside), switch on or compare the active tab with a literal, take a tab
// from the list by position, or assert a tab's type.
func TestSessionRoutesThroughTheTabContract(t *testing.T) {
	consts, types := tabNames(t, packageFiles(t)...)
	if len(consts) == 0 || len(types) == 0 {
		t.Fatalf("found %d tab constants and %d tab types: the test no longer sees the tabs", len(consts), len(types))
	}
	for _, name := range routerFiles {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range perTabBranches(fset, f, consts, types) {
			t.Errorf("%s: route through the sessionTab contract instead", p)
		}
	}
}

// The check finds each way a router has picked a tab by kind, and passes
// the generic routing the session does.
func TestPerTabBranchesAreFound(t *testing.T) {
	consts := map[string]bool{"tabFlows": true, "tabSummary": true}
	types := map[string]bool{"flowsTab": true}
	bad := map[string]string{
		"switch on the active tab":   `switch m.active { case 0: }`,
		"switch on its id":           `switch m.current().id() { }`,
		"a tab's constant":           `if t := m.show(tabFlows); t != nil {}`,
		"a case naming a tab":        `switch { case m.tab == tabSummary: }`,
		"the active tab by position": `if m.active == 4 {}`,
		"the active tab by id":       `if m.current().id() == "summary" {}`,
		"a tab by position":          `_ = m.tabs[5].view()`,
		"a tab's type asserted":      `if _, ok := m.current().(*flowsTab); ok {}`,
		"a type switch on tabs":      `switch m.current().(type) { case *flowsTab: }`,
	}
	for what, stmt := range bad {
		if got := branchesIn(t, stmt, consts, types); len(got) == 0 {
			t.Errorf("%s went unseen: %s", what, stmt)
		}
	}
	good := `for i, t := range m.tabs { f.active = i == m.active; if t.id() == id { m.active = i } }
	m.active = (m.active + 1) % len(m.tabs)
	_, ok := msg.(tea.KeyMsg)
	_ = ok`
	if got := branchesIn(t, good, consts, types); len(got) > 0 {
		t.Errorf("generic routing taken for a per-tab branch: %v", got)
	}
	list := "package tui\nfunc newSessionTabs() []sessionTab { return []sessionTab{newTab(tabFlows)} }\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "list.go", list, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := perTabBranches(fset, f, consts, types); len(got) > 0 {
		t.Errorf("a tab named in the list of tabs was refused: %v", got)
	}
}

func branchesIn(t *testing.T, stmts string, consts, types map[string]bool) []string {
	t.Helper()
	src := "package tui\nfunc (m sessionModel) route() {\n" + stmts + "\n}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "route.go", src, 0)
	if err != nil {
		t.Fatalf("%v in %s", err, stmts)
	}
	return perTabBranches(fset, f, consts, types)
}

// packageFiles are the package's files of code, tests left out.
func packageFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(files, func(name string) bool { return strings.HasSuffix(name, "_test.go") })
}

// tabNames finds the tab constants (of type tabID) and tab types (those
// whose id method returns a tabID) the files declare.
func tabNames(t *testing.T, files ...string) (consts, types map[string]bool) {
	t.Helper()
	consts, types = map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				var typ ast.Expr
				for _, s := range d.Specs {
					vs := s.(*ast.ValueSpec)
					if vs.Type != nil || len(vs.Values) > 0 {
						typ = vs.Type // an iota run keeps the type of its first line
					}
					if isIdent(typ, "tabID") {
						for _, n := range vs.Names {
							consts[n.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || d.Name.Name != "id" || d.Type.Results == nil || len(d.Type.Results.List) != 1 ||
					!isIdent(d.Type.Results.List[0].Type, "tabID") {
					continue
				}
				if n := typeName(d.Recv.List[0].Type); n != "" {
					types[n] = true
				}
			}
		}
	}
	return consts, types
}

// perTabBranches lists where a file picks a tab by its kind rather than
// through the contract.
func perTabBranches(fset *token.FileSet, f *ast.File, consts, types map[string]bool) []string {
	var out []string
	report := func(n ast.Node, what string) {
		out = append(out, fset.Position(n.Pos()).String()+": "+what)
	}
	var inList bool
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			// The list of tabs is where a tab may be named.
			inList = n.Name.Name == "newSessionTabs"
			ast.Inspect(n.Body, visit)
			inList = false
			return false
		case *ast.Ident:
			if consts[n.Name] && !inList {
				report(n, "names the tab "+n.Name)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && mentionsActiveTab(n.Tag) {
				report(n, "switches on the active tab")
			}
		case *ast.BinaryExpr:
			switch n.Op {
			case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
				if (mentionsActiveTab(n.X) && hasLiteral(n.Y)) || (mentionsActiveTab(n.Y) && hasLiteral(n.X)) {
					report(n, "compares the active tab with a literal")
				}
			}
		case *ast.IndexExpr:
			if sel, ok := n.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "tabs" && hasLiteral(n.Index) {
				report(n, "takes a tab by its position")
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil && types[typeName(n.Type)] {
				report(n, "asserts the tab type "+typeName(n.Type))
			}
		case *ast.TypeSwitchStmt:
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					if types[typeName(e)] {
						report(e, "switches on the tab type "+typeName(e))
					}
				}
			}
		}
		return true
	}
	ast.Inspect(f, visit)
	return out
}

// mentionsActiveTab reports whether an expression reads which tab is
// active: the active index (or the tab field it replaced), the current
// tab, or a tab's id.
func mentionsActiveTab(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if n.Sel.Name == "active" || n.Sel.Name == "tab" {
				found = true
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "current" || sel.Sel.Name == "id") {
				found = true
			}
		}
		return !found
	})
	return found
}

func hasLiteral(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.BasicLit); ok {
			found = true
		}
		return !found
	})
	return found
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// typeName is the name of a type or of the type a pointer points to.
func typeName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// sessionTabIDs are the tabs of a session, in the bar's order.
func sessionTabIDs() []tabID {
	var ids []tabID
	for _, t := range newSessionTabs(&Common{}, nil) {
		ids = append(ids, t.id())
	}
	return ids
}

// Each tab is a type in a file of its own, named for it, so a newcomer
// finds a tab's keys, help and view in one hop from the tree.
func TestEveryTabHasItsFile(t *testing.T) {
	for _, id := range sessionTabIDs() {
		name := string(id) + "tab.go"
		if _, err := os.Stat(name); err != nil {
			t.Errorf("the %s tab has no file of its own: %v", id, err)
			continue
		}
		if _, types := tabNames(t, name); len(types) != 1 {
			t.Errorf("%s declares %d tab types, want the %s tab alone", name, len(types), id)
		}
	}
}
