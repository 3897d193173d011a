package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// Each tab's help shows its own keys and the session's, never another
// tab's: the register's full help once listed the flows tab's "a add flow"
// and "enter walk flow" beside its own "a accept" and "enter edit risk".
func TestTabHelpShowsOnlyItsOwnKeys(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	s := d.app.session
	own := map[tabID][]string{}
	for _, tab := range s.tabs {
		full := helpTexts(slices.Concat(tab.FullHelp()...))
		own[tab.id()] = full
		for _, b := range helpTexts(tab.ShortHelp()) {
			if !slices.Contains(full, b) {
				t.Errorf("%s: %q is on the help line but not on the help page", tab.id(), b)
			}
		}
	}
	for i, tab := range s.tabs {
		s.active = i
		h := s.helpKeys()
		shown := helpTexts(slices.Concat(append(h.FullHelp(), h.ShortHelp())...))
		for _, other := range s.tabs {
			for _, b := range own[other.id()] {
				if other != tab && slices.Contains(shown, b) && !slices.Contains(own[tab.id()], b) {
					t.Errorf("the %s tab's help shows the %s tab's %q", tab.id(), other.id(), b)
				}
			}
		}
	}

	s.active = 0
	d.keys("tab", "tab", "tab", "tab")
	if s.activeTab() != tabRegister {
		t.Fatalf("four tabs from the flows is %s, not the register", s.activeTab())
	}
	d.keys("?")
	page := d.view()
	for _, want := range []string{"accept", "edit risk", "delete risk", "new session risk"} {
		if !strings.Contains(page, want) {
			t.Errorf("the register's help has no %q:\n%s", want, page)
		}
	}
	for _, flows := range []string{"add flow", "walk flow", "copy flow", "move flow"} {
		if strings.Contains(page, flows) {
			t.Errorf("the register's help shows the flows tab's %q:\n%s", flows, page)
		}
	}
}

// helpTexts is each enabled binding as help shows it: its keys and what it
// does.
func helpTexts(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() && b.Help().Key != "" {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return out
}
