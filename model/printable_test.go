package model

import "testing"

func TestPrintable(t *testing.T) {
	cases := []struct {
		in   string
		keep bool
		want string
	}{
		{"plain text", false, "plain text"},
		{"title\x1b]0;owned\x07rest", false, "title\uFFFD]0;owned\uFFFDrest"},
		{"a\nb", true, "a\nb"},
		{"a\nb", false, "a b"},
		{"tab\there", false, "tab here"},
		{"cr\r\nlf", true, "cr\nlf"},
		{"csi \u009b31m", false, "csi \uFFFD31m"},
		{"raw \x9b31m", false, "raw \uFFFD31m"},
		{"bidi \u202Eevil", false, "bidi \uFFFDevil"},
	}
	for _, c := range cases {
		if got := Printable(c.in, c.keep); got != c.want {
			t.Errorf("Printable(%q, %v) = %q, want %q", c.in, c.keep, got, c.want)
		}
	}
}
