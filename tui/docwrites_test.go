package tui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

// Only the workspace writes the open session: a screen that set an answer
// itself would escape the autosave, undo and every listener. And each of
// the workspace's methods that writes it makes the change known, through
// changed or a method that calls it, but for the few that are part of a
// change made elsewhere or no change to the room's records.
func TestOnlyTheWorkspaceWritesTheSession(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range packageFiles(t) {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	outside, silent, writers := docWrites(fset, files)
	if writers < 20 {
		t.Fatalf("the check sees %d methods of the workspace write the session: it no longer sees the writes", writers)
	}
	for _, w := range outside {
		t.Errorf("%s: writes the open session outside the workspace; add a workspace method that makes the change known", w)
	}
	for _, m := range silent {
		t.Errorf("workspace.%s writes the session and never calls changed", m)
	}
}

// notChanges are the workspace's methods that write the document without
// making a change known: each is part of a change that does (put, for undo
// and redo; dropTriage, inside a verdict), or touches what is no record of
// the room's (the provenance an export names, the time a save stamps).
var notChanges = []string{"put", "dropTriage", "exported", "takeChanges"}

func TestDocWritesAreFound(t *testing.T) {
	bad := map[string]string{
		"an answer set by a screen":     `func (m walkModel) f() { m.ws.doc.Flows[0].Name = "x" }`,
		"a list appended to":            `func (t *flowsTab) f() { t.ws.doc.Flows = append(t.ws.doc.Flows, model.Flow{}) }`,
		"the document replaced":         `func (a *App) f(d *model.Document) { *a.ws.doc = *d }`,
		"a count bumped":                `func (m *sessionModel) f() { m.ws.doc.Session.TimeboxMinutes++ }`,
		"a setter through the document": `func (m walkModel) f() { m.ws.doc.Flows[0].Set(model.StepSource, "notes", "x") }`,
		"a setter on the walked flow":   `func (m walkModel) f() { m.current().SetHeader("name", "x") }`,
		"a write through an alias":      `func (t *systemsTab) f() { doc := t.ws.doc; doc.Systems[0].Name = "x" }`,
		"a flow pointer kept":           `func (m walkModel) f() { f := m.ws.flow(0); f.Owner.FlowOwner = "x" }`,
		"a list kept":                   `func (t *registerTab) f() { rs := t.ws.doc.Risks; rs[0].Title = "x" }`,
		"an element's address kept":     `func (t *registerTab) f() { r := &t.ws.doc.Risks[0]; r.Set("title", "x") }`,
		"a write in a closure":          `func (m walkModel) f() { go func() { m.ws.doc.Pack = nil }() }`,
	}
	for what, src := range bad {
		if outside, _ := docWritesIn(t, src); len(outside) == 0 {
			t.Errorf("%s went unseen: %s", what, src)
		}
	}
	good := `func (m walkModel) f() {
		doc := m.ws.doc
		name := doc.Flows[0].Name
		f := m.current()
		_ = f.Get(model.StepSource, "notes")
		name = "x"
		m.ws.setFlowHeader(0, "name", name)
		var d model.Document
		d.Session.Name = "a copy of ours"
		m.flow = len(m.ws.doc.Flows)
		d := m.ws.doc.Domains[0]
		d.Set("rationale", "a copy to propose")
		c := *m.current()
		c.SetHeader("name", "a copy to check")
	}
	func (w *workspace) set(i int) { w.doc.Flows[i].Name = "x"; w.changed(model.Change{}) }
	func (w *workspace) viaAnother(i int) { w.set(i) ; w.doc.Flows[i].Name = "y" }`
	if outside, silent := docWritesIn(t, good); len(outside)+len(silent) > 0 {
		t.Errorf("reads and the workspace's own changes taken for writes: %v %v", outside, silent)
	}
	if _, silent := docWritesIn(t, `func (w *workspace) sneak() { w.doc.Flows[0].Name = "x" }`); !slices.Equal(silent, []string{"sneak"}) {
		t.Errorf("a workspace method that writes and never calls changed went unseen: %v", silent)
	}
}

func docWritesIn(t *testing.T, src string) (outside, silent []string) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", "package tui\n"+src+"\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	outside, silent, _ = docWrites(fset, []*ast.File{f})
	return outside, silent
}

// docWrites finds the writes to the open session outside the workspace's
// methods, and the workspace's methods that write it and never make the
// change known. A write is an assignment or ++ to something reached
// through a workspace's doc (or a flow the workspace or the walkthrough
// hands out: flow, current), or a Set method called on it; a local name
// given such a value is followed too.
func docWrites(fset *token.FileSet, files []*ast.File) (outside, silent []string, writers int) {
	writing := map[string]bool{}     // the workspace's methods that write
	callers := map[string][]string{} // the workspace's methods each calls
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			own := receiverIs(fn, "workspace")
			for _, at := range writesIn(fn.Body) {
				if own {
					writing[fn.Name.Name] = true
				} else {
					outside = append(outside, fmt.Sprintf("%s (in %s)", fset.Position(at), fn.Name.Name))
				}
			}
			if own {
				callers[fn.Name.Name] = workspaceCalls(fn)
			}
		}
	}
	// The methods that make a change known: changed, and those that call one.
	known := map[string]bool{"changed": true}
	for grew := true; grew; {
		grew = false
		for m, calls := range callers {
			if !known[m] && slices.ContainsFunc(calls, func(c string) bool { return known[c] }) {
				known[m], grew = true, true
			}
		}
	}
	for m := range writing {
		if !known[m] && !slices.Contains(notChanges, m) {
			silent = append(silent, m)
		}
	}
	slices.Sort(silent)
	return outside, silent, len(writing)
}

func receiverIs(fn *ast.FuncDecl, typ string) bool {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return false
	}
	x := fn.Recv.List[0].Type
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	id, ok := x.(*ast.Ident)
	return ok && id.Name == typ
}

// workspaceCalls are the methods a workspace method calls on its receiver.
func workspaceCalls(fn *ast.FuncDecl) []string {
	recv := ""
	if names := fn.Recv.List[0].Names; len(names) > 0 {
		recv = names[0].Name
	}
	var out []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == recv {
					out = append(out, sel.Sel.Name)
				}
			}
		}
		return true
	})
	return out
}

// writesIn are the places in body that write the session.
func writesIn(body *ast.BlockStmt) []token.Pos {
	aliases := map[string]bool{} // local names holding part of the session
	var derived func(e ast.Expr) bool
	derived = func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.Ident:
			return aliases[e.Name]
		case *ast.SelectorExpr:
			if e.Sel.Name == "doc" && isWorkspace(e.X) {
				return true
			}
			return derived(e.X)
		case *ast.IndexExpr:
			return derived(e.X)
		case *ast.SliceExpr:
			return derived(e.X)
		case *ast.StarExpr:
			return derived(e.X)
		case *ast.ParenExpr:
			return derived(e.X)
		case *ast.UnaryExpr:
			return e.Op == token.AND && derived(e.X)
		case *ast.CallExpr:
			// The flow the workspace (flow) or the walkthrough (current)
			// hands out is the session's own.
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
				return sel.Sel.Name == "flow" && isWorkspace(sel.X) || sel.Sel.Name == "current"
			}
		}
		return false
	}
	var at []token.Pos
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					// A local name: it holds part of the session if given
					// one, not a copy of one (an element, a dereference).
					if len(n.Rhs) == len(n.Lhs) {
						aliases[id.Name] = derived(n.Rhs[i]) && !copied(n.Rhs[i])
					}
					continue
				}
				if derived(lhs) {
					at = append(at, lhs.Pos())
				}
			}
		case *ast.IncDecStmt:
			if derived(n.X) {
				at = append(at, n.X.Pos())
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Set") && derived(sel.X) {
				at = append(at, n.Pos())
			}
		}
		return true
	})
	return at
}

// copied reports whether e's value is a copy of what it reads: an element
// of a list, or what a pointer points to. (An element's own lists are still
// the session's; the check does not follow those.)
func copied(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.IndexExpr, *ast.StarExpr:
		return true
	case *ast.ParenExpr:
		return copied(e.X)
	}
	return false
}

// isWorkspace reports whether e names a workspace: ws, w, or a screen's ws.
func isWorkspace(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "ws" || e.Name == "w"
	case *ast.SelectorExpr:
		return e.Sel.Name == "ws"
	}
	return false
}
