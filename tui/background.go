package tui

import (
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/archreview/archreview/tui/termquery" // initialised before Bubble Tea: see the package

	"github.com/muesli/termenv"
)

// backgroundWait bounds how long the app waits for a terminal to say what
// its background is; a terminal that answers does so within milliseconds.
var backgroundWait = 100 * time.Millisecond

// darkBackground decides the palette before the program starts:
// ARCHREVIEW_THEME when set, then COLORFGBG, which many terminals set, then
// the terminal's answer to the background-colour query, and dark when
// nothing says.
func darkBackground() bool {
	switch os.Getenv(EnvTheme) {
	case "light":
		return false
	case "dark":
		return true
	}
	if dark, ok := colorFGBGDark(os.Getenv("COLORFGBG")); ok {
		return dark
	}
	term := os.Getenv("TERM")
	if strings.HasPrefix(term, "screen") || strings.HasPrefix(term, "tmux") || strings.HasPrefix(term, "dumb") {
		return true // multiplexers answer for themselves, not the terminal (as termenv does)
	}
	if answer, ok := askTerminal(int(os.Stdout.Fd()), backgroundWait); ok {
		if dark, ok := oscBackgroundDark(answer); ok {
			return dark
		}
	}
	return true
}

// colorFGBGDark reads COLORFGBG ("15;0", or "15;default;0"): its last field
// is the background's ANSI colour.
func colorFGBGDark(v string) (dark, ok bool) {
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return false, false
	}
	n, err := strconv.Atoi(v[i+1:])
	if err != nil || n < 0 || n > 255 {
		return false, false
	}
	return lightness(termenv.ConvertToRGB(termenv.ANSIColor(n)).Hsl()) < 0.5, true
}

func lightness(_, _, l float64) float64 { return l }

// oscBackgroundDark reads a terminal's answer to OSC 11
// ("\x1b]11;rgb:1c1c/1c1c/1c1c" and a terminator).
func oscBackgroundDark(answer string) (dark, ok bool) {
	_, spec, found := strings.Cut(answer, "]11;rgb:")
	if !found {
		return false, false
	}
	if i := strings.IndexAny(spec, "\x1b\a"); i >= 0 {
		spec = spec[:i]
	}
	parts := strings.Split(spec, "/")
	if len(parts) != 3 {
		return false, false
	}
	var rgb [3]float64
	for i, p := range parts {
		if len(p) == 0 || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		rgb[i] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	hi, lo := max(rgb[0], rgb[1], rgb[2]), min(rgb[0], rgb[1], rgb[2])
	return (hi+lo)/2 < 0.5, true
}

// cursorReport reports whether b ends with the answer to the cursor query
// (ESC [ row ; col R).
func cursorReport(b []byte) bool {
	i := strings.LastIndex(string(b), "\x1b[")
	return i >= 0 && strings.HasSuffix(string(b), "R") && !strings.Contains(string(b[i:]), "\x1b]")
}
