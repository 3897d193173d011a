package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

// A styled string is never cut or made printable after it was styled: text
// is cut as plain text, then styled. Cutting a styled string can leave half
// an escape sequence, which the screen's sanitizer then shows as text
// ("�[1;38;5;189;48;5;23m"). These tests draw the app in colour, where the
// styles are escape sequences, and look for the pieces such a cut leaves.

// orphanSGR is what is left of a colour sequence whose ESC was cut off or
// made printable.
var orphanSGR = regexp.MustCompile(`\[[0-9;]*m`)

// newColourDriver is newDriver with the styles made for a 256-colour
// terminal, so every style is an escape sequence; size is the terminal's.
func newColourDriver(t *testing.T, width, height int) *driver {
	t.Helper()
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	d := newDriver(t, true)
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	return d
}

// styleBroken says what in a raw frame shows a styled string was cut or
// sanitised after styling, or "".
func styleBroken(frame string, width int) string {
	for i, l := range strings.Split(frame, "\n") {
		plain := ansi.Strip(l)
		switch {
		case strings.ContainsRune(plain, '\uFFFD'):
			return fmt.Sprintf("line %d holds U+FFFD: %q", i+1, plain)
		case orphanSGR.MatchString(plain):
			return fmt.Sprintf("line %d holds an escape sequence as text: %q", i+1, plain)
		case ansi.StringWidth(l) > width:
			return fmt.Sprintf("line %d is %d wide, so the terminal writer must cut it: %q", i+1, ansi.StringWidth(l), plain)
		}
	}
	return ""
}

// The new-flow form's "What kind of system is …?" list, at the sizes the
// room uses, in colour: the highlighted kind is whole, with no escape
// sequence in its text.
func TestGoldenKindPicker(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			d := newColourDriver(t, size[0], size[1])
			d.keys("enter", "a", "EDI orders in", "enter", "o", "enter", "up", "enter")
			d.mustSee("New system name")
			d.keys("OpenText EDI VAN with a rather long name for the room", "enter")
			d.mustSee("What kind of system is")
			raw := d.app.View()
			if p := styleBroken(raw, size[0]); p != "" {
				t.Fatal(p)
			}
			view := ansi.Strip(raw)
			if !strings.Contains(view, "> other — anything else") {
				t.Fatalf("the highlighted kind is not drawn whole:\n%s", view)
			}
			golden.RequireEqual(t, view)
		})
	}
}

// Every screen, in colour, at the design size and larger: no line holds
// what a cut after styling leaves, and none is wider than the terminal.
func TestStyledStringsAreNeverCut(t *testing.T) {
	paths := [][]string{
		nil,
		{"enter"},
		{"enter", "tab"},
		{"enter", "tab", "tab"},
		{"enter", "tab", "tab", "tab"},
		{"enter", "tab", "tab", "tab", "enter"},
		{"enter", "tab", "tab", "tab", "o"},
		{"enter", "tab", "tab", "tab", "tab"},
		{"enter", "tab", "tab", "tab", "tab", "G"},
		{"enter", "s"},
		{"enter", "s", "G"},
		{"enter", "/", "order"},
		{"enter", "i"},
		{"enter", "a", "x", "enter", "o", "enter", "up", "enter", "Sheet", "enter"},
		{"enter", "a", "x", "enter", "o", "enter", "up", "enter", "Sheet", "enter", "zz"},
		{"enter", "enter"},
		{"enter", "enter", "enter", "qq"},
		{"enter", "enter", "enter", "backspace"},
		{"enter", "enter", "2", "enter"},
		{"enter", "enter", "3"},
		{"enter", "enter", "3", "r"},
		{"enter", "enter", "3", "r", "down"},
		{"enter", "enter", "4"},
		{"enter", "enter", "p"},
		{"enter", "enter", "?"},
	}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {132, 43}} {
		for _, p := range paths {
			d := newColourDriver(t, size[0], size[1])
			d.keys(p...)
			if problem := styleBroken(d.app.View(), size[0]); problem != "" {
				t.Errorf("%v at %dx%d: %s", p, size[0], size[1], problem)
			}
		}
	}
}
