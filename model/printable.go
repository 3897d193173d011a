package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with everything a terminal would interpret removed:
// escape and control characters, and bytes that are not UTF-8, become U+FFFD, tabs become spaces, and line
// breaks are kept only when keepNewlines is set. Text from an imported file
// goes through it before it reaches a screen; stored text is never changed.
func Printable(s string, keepNewlines bool) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if r == '\t' || IsTerminalControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			// dropped: a bare carriage return would move the cursor
		case IsTerminalControl(r) || r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsTerminalControl reports a rune a terminal would act on rather than show:
// a control character, or one of the invisible direction overrides that make
// text on screen read differently from what is stored. Every sanitizer of
// archreview's (screen, Markdown, typed input) asks this one question.
func IsTerminalControl(r rune) bool {
	return unicode.IsControl(r) || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
