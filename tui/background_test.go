package tui

import "testing"

func TestBackgroundFromTheEnvironmentAndTheTerminal(t *testing.T) {
	for _, c := range []struct {
		name     string
		colorfg  string
		answer   string
		dark, ok bool
	}{
		{"COLORFGBG dark", "15;0", "", true, true},
		{"COLORFGBG light", "0;15", "", false, true},
		{"COLORFGBG with default", "15;default;7", "", false, true},
		{"COLORFGBG no background", "15", "", false, false},
		{"COLORFGBG garbled", "15;x", "", false, false},
		{"xterm dark, ST", "", "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\\x1b[1;1R", true, true},
		{"light, BEL", "", "\x1b]11;rgb:ffff/ffff/eeee\a\x1b[3;1R", false, true},
		{"two hex digits", "", "\x1b]11;rgb:fa/fa/f0\x1b\\", false, true},
		{"cursor only", "", "\x1b[1;1R", false, false},
		{"garbled", "", "\x1b]11;rgb:zz/00/00\x1b\\", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var dark, ok bool
			if c.colorfg != "" {
				dark, ok = colorFGBGDark(c.colorfg)
			} else {
				dark, ok = oscBackgroundDark(c.answer)
			}
			if dark != c.dark || ok != c.ok {
				t.Fatalf("got dark=%v ok=%v, want dark=%v ok=%v", dark, ok, c.dark, c.ok)
			}
		})
	}
	if !cursorReport([]byte("\x1b]11;rgb:0/0/0\x1b\\\x1b[12;40R")) || cursorReport([]byte("\x1b]11;rgb:0/0/0\x1b\\")) {
		t.Fatal("the cursor report that ends the wait is not recognised")
	}
}
