package tui

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// stateOf writes down everything reachable from v: unexported fields, what
// pointers point to, maps in key order. Functions and channels are skipped:
// they hold no state a frame could change. Two calls give the same text
// exactly when nothing reachable changed.
func stateOf(v any) string {
	var b strings.Builder
	seen := map[uintptr]int{}
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		if depth > 60 {
			b.WriteString("…")
			return
		}
		if v.IsValid() && opaque(v.Type()) {
			b.WriteString(v.Type().String()) // the database: IO, not the screen's state
			return
		}
		switch v.Kind() {
		case reflect.Invalid:
			b.WriteString("invalid")
		case reflect.Func, reflect.Chan, reflect.UnsafePointer:
			b.WriteString(v.Kind().String())
		case reflect.Pointer:
			if v.IsNil() {
				b.WriteString("nil")
				return
			}
			if n, ok := seen[v.Pointer()]; ok {
				fmt.Fprintf(&b, "&%d", n)
				return
			}
			seen[v.Pointer()] = len(seen)
			b.WriteString("&")
			walk(v.Elem(), depth+1)
		case reflect.Interface:
			if v.IsNil() {
				b.WriteString("nil")
				return
			}
			b.WriteString(v.Elem().Type().String() + ":")
			walk(v.Elem(), depth+1)
		case reflect.Struct:
			b.WriteString("{")
			for i := range v.NumField() {
				b.WriteString("\n" + v.Type().Field(i).Name + ":")
				walk(v.Field(i), depth+1)
			}
			b.WriteString("}")
		case reflect.Slice, reflect.Array:
			if v.Kind() == reflect.Slice && v.IsNil() {
				b.WriteString("nil")
				return
			}
			fmt.Fprintf(&b, "[%d:", v.Len())
			for i := range v.Len() {
				walk(v.Index(i), depth+1)
				b.WriteString(",")
			}
			b.WriteString("]")
		case reflect.Map:
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			b.WriteString("map[")
			for _, k := range keys {
				walk(k, depth+1)
				b.WriteString("=")
				walk(v.MapIndex(k), depth+1)
				b.WriteString(",")
			}
			b.WriteString("]")
		case reflect.String:
			fmt.Fprintf(&b, "%q", v.String())
		case reflect.Bool:
			fmt.Fprint(&b, v.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			fmt.Fprint(&b, v.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			fmt.Fprint(&b, v.Uint())
		case reflect.Float32, reflect.Float64:
			fmt.Fprint(&b, v.Float())
		case reflect.Complex64, reflect.Complex128:
			fmt.Fprint(&b, v.Complex())
		}
	}
	walk(reflect.ValueOf(v), 0)
	return b.String()
}

// opaque types are the store's: what the database holds is not the model
// a frame draws from, and bbolt's mapped file must not be walked.
func opaque(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t == reflect.TypeOf(store.Store{}) || strings.HasPrefix(t.PkgPath(), "go.etcd.io/")
}

// The helper itself must see a change, or the test below proves nothing.
func TestStateOfSeesChanges(t *testing.T) {
	d := newDriver(t, true)
	before := stateOf(d.app)
	d.app.session.active++
	if stateOf(d.app) == before {
		t.Fatal("stateOf missed a changed tab")
	}
	d.app.session.active--
	d.keys("enter")
	before = stateOf(d.app)
	d.app.ws.counts() // a cache filled: state all the same
	d.app.ws.rev++
	if stateOf(d.app) == before {
		t.Fatal("stateOf missed a change behind a pointer")
	}
}

// Drawing never changes the model: View, twice, on every screen and
// scroll position a session meets, leaves the whole App as it was.
func TestViewChangesNothing(t *testing.T) {
	d := newDriver(t, true)
	steps := []struct {
		name string
		keys []string
	}{
		{"sessions list", nil},
		{"help", []string{"?"}},
		{"session flows", []string{"?", "enter"}},
		{"flows at the end", []string{"G"}},
		{"systems", []string{"tab", "G"}},
		{"open questions", []string{"tab"}},
		{"summary", []string{"tab"}},
		{"summary scrolled", []string{"pgdown", "j", "j"}},
		{"walkthrough", []string{"tab", "enter"}},
		{"walkthrough failure step", []string{"3", "j", "j", "j", "j"}},
		{"editing an answer", []string{"1", "j", "enter", "more words"}},
		{"presenter", []string{"esc", "p"}},
		{"too small", nil},
	}
	for _, st := range steps {
		if st.name == "too small" {
			d.send(tea.WindowSizeMsg{Width: 40, Height: 10})
		}
		d.keys(st.keys...)
		if d.app.ws != nil {
			// As after an Update that changed an answer: anything View
			// would derive from the answers is due again.
			d.app.ws.rev++
		}
		before := stateOf(d.app)
		first := d.app.View()
		second := d.app.View()
		if after := stateOf(d.app); after != before {
			t.Errorf("%s: View changed the model:\n%s", st.name, firstDifference([]byte(before), []byte(after)))
		}
		if first != second {
			t.Errorf("%s: two Views of one model differ", st.name)
		}
	}
}

// driverWith opens an app on a database holding docs.
func driverWith(t *testing.T, docs ...*model.Document) *driver {
	t.Helper()
	d := newDriver(t, false)
	for _, doc := range docs {
		if err := d.st.Create(doc); err != nil {
			t.Fatal(err)
		}
	}
	d.run(d.app.lib.listCmd())
	return d
}

// cursorRow is the line the list cursor is on, and the lines of the list.
func listLines(view string) (cursor int, lines []string) {
	lines = strings.Split(view, "\n")
	cursor = -1
	for i, l := range lines {
		if strings.HasPrefix(l, "> ") {
			cursor = i
		}
	}
	return cursor, lines
}

// A long list keeps its window while the cursor moves inside it: after G,
// three k's move the cursor three rows up and the rows stay where they are,
// the last one still on screen.
func TestLongListKeepsItsWindow(t *testing.T) {
	flows := model.Generate(300, 1, 1)
	var sessions []*model.Document
	for i := range 300 {
		sessions = append(sessions, model.NewSessionDocument(model.Session{
			ID: fmt.Sprintf("s%03d", i), Name: fmt.Sprintf("Review %03d", i), Date: "2026-01-15",
		}, testNow))
	}
	tests := []struct {
		name  string
		open  []string
		last  string
		docs  []*model.Document
		moves int
	}{
		{"session list", nil, "Review 299", sessions, 3},
		{"flows of a 300-flow session", []string{"enter"}, flows.Flows[299].Name, []*model.Document{flows}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := driverWith(t, tt.docs...)
			d.keys(tt.open...)
			d.keys("G")
			cursorAtEnd, atEnd := listLines(d.view())
			if cursorAtEnd < 0 || !strings.Contains(atEnd[cursorAtEnd], tt.last[:min(len(tt.last), 18)]) {
				t.Fatalf("after G the cursor is not on %q:\n%s", tt.last, d.view())
			}
			for range tt.moves {
				d.keys("k")
			}
			cursor, lines := listLines(d.view())
			if cursor != cursorAtEnd-tt.moves {
				t.Errorf("after G and %d k the cursor is on screen row %d, want %d:\n%s", tt.moves, cursor, cursorAtEnd-tt.moves, d.view())
			}
			if !strings.Contains(lines[cursorAtEnd], tt.last[:min(len(tt.last), 18)]) {
				t.Errorf("the last row left its place (row %d):\n%s", cursorAtEnd, d.view())
			}
			for i := range lines {
				if i != cursor && i != cursorAtEnd && lines[i] != atEnd[i] && !strings.Contains(lines[i], "saved") {
					t.Errorf("row %d moved: %q became %q", i, atEnd[i], lines[i])
				}
			}
		})
	}
}
