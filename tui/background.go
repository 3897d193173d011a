package tui

import (
	"os"
	"strconv"
	"strings"
	"time"

	_ "archreview/tui/termquery" // initialised before Bubble Tea: see the package

	"github.com/muesli/termenv"
	"golang.org/x/sys/unix"
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

// askTerminal sends the background-colour query, then the cursor-position
// query that every terminal answers (so an answer to the second without
// one to the first ends the wait early), and returns what came back within
// wait. Echo and line mode are off meanwhile, as termenv does it.
func askTerminal(fd int, wait time.Duration) (string, bool) {
	if pgrp, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP); err != nil || pgrp != unix.Getpgrp() {
		return "", false // not a terminal, or not ours to read from
	}
	saved, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", false
	}
	quiet := *saved
	quiet.Lflag &^= unix.ECHO | unix.ICANON
	quiet.Cc[unix.VMIN], quiet.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return "", false
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, saved)
	if _, err := unix.Write(fd, []byte("\x1b]11;?\x1b\\\x1b[6n")); err != nil {
		return "", false
	}
	var got []byte
	buf := make([]byte, 256)
	deadline := time.Now().Add(wait)
	for !cursorReport(got) {
		left := time.Until(deadline)
		if left <= 0 {
			// An answer still on its way would reach the app as keys; what
			// has come already goes.
			_ = unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIFLUSH)
			return string(got), len(got) > 0
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			continue
		}
		r, err := unix.Read(fd, buf)
		if err != nil || r <= 0 {
			return string(got), len(got) > 0
		}
		got = append(got, buf[:r]...)
	}
	return string(got), true
}

// cursorReport reports whether b ends with the answer to the cursor query
// (ESC [ row ; col R).
func cursorReport(b []byte) bool {
	i := strings.LastIndex(string(b), "\x1b[")
	return i >= 0 && strings.HasSuffix(string(b), "R") && !strings.Contains(string(b[i:]), "\x1b]")
}
