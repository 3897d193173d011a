package tui

import (
	"os"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
)

// Every screen at the 80×24 design size, as plain text. Run
// `go test ./tui/... -update` to rewrite them after a deliberate change.
func TestGoldenViews(t *testing.T) {
	type goldenCase struct {
		name string
		demo bool
		keys []string
	}
	cases := []goldenCase{
		{"sessions_empty", false, nil},
		{"sessions_list", true, nil},
		{"sessions_new_form", false, []string{"n", "Spring replatform", "enter", "Acme Outdoor"}},
		{"sessions_confirm_delete", true, []string{"x"}},
		{"sessions_help", true, []string{"?"}},
		{"session_flows", true, []string{"enter"}},
		{"session_systems", true, []string{"enter", "tab"}},
		{"session_questions", true, []string{"enter", "tab", "tab"}},
		{"session_system_form", true, []string{"enter", "tab", "enter", "esc"}},
		{"session_system_target", true, []string{"enter", "tab", "enter", "tab", "tab", "tab"}},
		{"session_question_form", true, []string{"enter", "tab", "tab", "enter", "esc"}},
		{"session_details_form", true, []string{"enter", "i", "esc"}},
		{"session_domains", true, []string{"enter", "tab", "tab", "tab", "j"}},
		{"session_register", true, []string{"enter", "tab", "tab", "tab", "tab"}},
		{"session_register_finding", true, []string{"enter", "tab", "tab", "tab", "tab", "G"}},
		{"session_register_help", true, []string{"enter", "tab", "tab", "tab", "tab", "?"}},
		{"session_summary", true, []string{"enter", "s"}},
		{"session_new_flow", true, []string{"enter", "a", "Returns to ERP", "enter", "up", "enter", "returns", "enter"}},
		{"walk_source", true, []string{"enter", "enter"}},
		{"walk_contract", true, []string{"enter", "enter", "2"}},
		{"walk_failure", true, []string{"enter", "enter", "3"}},
		{"walk_owner", true, []string{"enter", "enter", "4"}},
		{"walk_edit_text", true, []string{"enter", "enter", "j", "j", "j", "j", "enter"}},
		{"walk_pick_pattern", true, []string{"enter", "enter", "2", "enter"}},
		{"walk_risk_form", true, []string{"enter", "enter", "3", "down", "down", "down", "down", "enter"}},
		{"walk_risk_suggestions", true, []string{"enter", "enter", "3", "r", "down"}},
		{"walk_open_question", true, []string{"enter", "enter", "o", "Who owns the mapping sheet?"}},
		{"walk_presenter", true, []string{"enter", "enter", "p"}},
		{"walk_help", true, []string{"enter", "enter", "?"}},
	}
	// Every tab has a golden of its own: one added to newSessionTabs is
	// drawn here, reached by tab from the flows, until its golden is written.
	keys := []string{"enter"}
	for _, id := range sessionTabIDs() {
		name := "session_" + string(id)
		if !slices.ContainsFunc(cases, func(c goldenCase) bool { return c.name == name }) {
			cases = append(cases, goldenCase{name, true, slices.Clone(keys)})
		}
		keys = append(keys, "tab")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, c.demo)
			d.keys(c.keys...)
			golden.RequireEqual(t, d.view())
		})
	}
}

func TestGoldenTooSmall(t *testing.T) {
	for _, size := range [][2]int{{79, 24}, {80, 23}, {40, 10}, {20, 5}} {
		d := newDriver(t, true)
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := d.view()
		if !strings.Contains(v, "too small") || !strings.Contains(v, "need 80×24") {
			t.Fatalf("%dx%d: no too-small message:\n%s", size[0], size[1], v)
		}
		lines := strings.Split(v, "\n")
		if len(lines) > size[1] {
			t.Fatalf("%dx%d: %d lines drawn", size[0], size[1], len(lines))
		}
		for _, l := range lines {
			if w := lipgloss.Width(l); w > size[0] {
				t.Fatalf("%dx%d: a line is %d wide: %q", size[0], size[1], w, l)
			}
		}
	}
	d := newDriver(t, true)
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	golden.RequireEqual(t, d.view())
}

// Every screen fits the terminal exactly: no line wider than the window and
// no more lines than it has, at the design size and larger.
func TestViewsFitTheTerminal(t *testing.T) {
	paths := [][]string{
		nil,
		{"enter"},
		{"enter", "tab"},
		{"enter", "tab", "tab"},
		{"enter", "s"},
		{"enter", "enter"},
		{"enter", "enter", "2"},
		{"enter", "enter", "3", "r"},
		{"enter", "enter", "2", "enter"},
		{"enter", "enter", "p"},
	}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {132, 43}} {
		for _, p := range paths {
			d := newDriver(t, true)
			d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			d.keys(p...)
			lines := strings.Split(d.view(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%v at %dx%d: %d lines, want %d", p, size[0], size[1], len(lines), size[1])
			}
			for _, l := range lines {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%v at %dx%d: line %d wide: %q", p, size[0], size[1], w, l)
				}
			}
		}
	}
}

// The README shows the walkthrough screen as it is: the capture there must
// be the golden view, so a change to the screen updates the README too.
func TestReadmeShowsTheWalkthroughAsItIs(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/TestGoldenViews/walk_contract.golden")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "### The walkthrough screen\n\n```\n")
	if !ok {
		t.Fatal("the README has no walkthrough capture")
	}
	capture, _, _ := strings.Cut(after, "\n```")
	if capture != strings.TrimRight(string(want), "\n") {
		t.Fatal("the README's walkthrough capture differs from the golden view walk_contract; copy the golden into the README")
	}
}
