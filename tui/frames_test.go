package tui

import (
	"bytes"
	"strings"
	"testing"
)

// The app's screen writes a frame when it changes and only the lines that
// changed; a frame equal to the one on screen writes nothing, so an idle
// app writes nothing.
func TestScreenDrawsOnlyWhatChanged(t *testing.T) {
	var out bytes.Buffer
	w := newScreenWriter(&out)
	w.resize(20, 5)
	step := func(frame string) string {
		out.Reset()
		w.frame(frame)
		w.draw()
		return out.String()
	}
	first := step("title\nalpha\nbeta")
	for _, want := range []string{"title", "alpha", "beta"} {
		if !strings.Contains(first, want) {
			t.Fatalf("the first frame does not draw %q: %q", want, first)
		}
	}
	if got := step("title\nalpha\nbeta"); got != "" {
		t.Fatalf("an unchanged frame wrote %q", got)
	}
	second := step("title\nALPHA\nbeta")
	if !strings.Contains(second, "ALPHA") || strings.Contains(second, "title") || strings.Contains(second, "beta") {
		t.Fatalf("a frame with one line changed wrote %q; want that line alone", second)
	}
	if got := step("a line far longer than the twenty columns"); strings.Contains(got, "twenty") {
		t.Fatalf("a line wider than the screen was not cut: %q", got)
	}
	out.Reset()
	w.resize(30, 5)
	w.draw()
	if !strings.Contains(out.String(), "a line far longer") {
		t.Fatalf("after a resize the screen is not drawn whole: %q", out.String())
	}
}
