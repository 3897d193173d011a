package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Every piece of client text reaches the screen through one of these, so an
// escape sequence in an imported session can never retitle the window or
// move the cursor.

// line makes text safe and fits it to one line of width cells.
func line(s string, width int) string {
	s = model.Printable(s, false)
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// block makes text safe and wraps it to width, at most maxLines lines (0 for
// all), marking a cut with an ellipsis.
func block(s string, width, maxLines int) []string {
	s = model.Printable(s, true)
	if width <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		wrapped := ansi.Wrap(para, width, "")
		out = append(out, strings.Split(wrapped, "\n")...)
		if maxLines > 0 && len(out) > maxLines {
			break
		}
	}
	if maxLines > 0 && len(out) > maxLines {
		out = out[:maxLines]
		out[maxLines-1] = ansi.Truncate(out[maxLines-1], width-1, "") + "…"
	}
	return out
}

// pad fits rendered text to exactly width cells.
func pad(s string, width int) string {
	w := lipgloss.Width(s)
	switch {
	case w > width:
		return ansi.Truncate(s, width, "…")
	case w < width:
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// orDash shows an empty answer as a dash, so a blank is seen as unanswered.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// fitLines cuts or pads a list of lines to exactly height.
func fitLines(lines []string, height int) []string {
	if len(lines) > height {
		return lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}

// window returns the start of a scroll window of size n over total items that
// keeps cursor visible, moving as little as possible from the previous start.
func window(cursor, total, n, prev int) int {
	if n <= 0 || total <= n {
		return 0
	}
	start := prev
	if cursor < start {
		start = cursor
	}
	if cursor >= start+n {
		start = cursor - n + 1
	}
	if start > total-n {
		start = total - n
	}
	if start < 0 {
		start = 0
	}
	return start
}

// answerLine shows a stored answer on one line: system names for ids, a
// choice with its meaning, the first line of a longer text with how many
// follow. An unanswered field is a dash, which reads without colour, with
// the field's hint after it when hints are shown (never to the room).
func answerLine(st Styles, doc *model.Document, fd model.Field, v string, width int, hint bool) string {
	shown := displayValue(doc, fd, v)
	if strings.TrimSpace(shown) == "" {
		if fd.Hint != "" && hint {
			return st.Empty.Render(line("— "+fd.Hint, width))
		}
		return st.Empty.Render("—")
	}
	// Only what can show is redacted for the room: a line's start.
	if n := strings.Count(strings.TrimRight(shown, "\n"), "\n"); n > 0 {
		first, _, _ := strings.Cut(shown, "\n")
		more := " (+" + plural(n, "line") + ")"
		return st.Value.Render(line(st.client(lineStart(first)), width-len(more))) + st.Muted.Render(more)
	}
	return st.Value.Render(line(st.client(lineStart(shown)), width))
}

// lineStart is as much of a line as any screen can show, so what is done
// to it per frame does not grow with the answer.
func lineStart(s string) string {
	if len(s) <= 4096 {
		return s
	}
	cut := 4096
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
