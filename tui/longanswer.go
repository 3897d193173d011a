package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
)

// A text area stays quick only while its text is small: bubbles re-wraps
// every line on every frame, and holds at most 10,000 lines. A longer answer
// (a pasted log, a whole mapping sheet) is edited through a window: its last
// lines are in the text area, the rest is kept as it is ahead of them.
const (
	windowLines = 100
	windowBytes = 8 << 10
)

// setText puts an answer in the editor: all of it in the text area when it
// is small, else its last lines, with the rest kept ahead of them. What the
// screen cannot show is made printable in the area; the head keeps every
// byte, so looking at a long answer never changes it.
func (e *editor) setText(value string) {
	e.head = ""
	tail := value
	if len(value) > windowBytes || strings.Count(value, "\n") >= windowLines {
		e.head, tail = splitWindow(value)
	}
	e.area.SetValue(model.Printable(tail, true))
	e.notice = ""
	if e.head != "" {
		e.notice = fmt.Sprintf("A long answer: its last part is here; the %d lines before it are kept as they are.", strings.Count(e.head, "\n")+1)
	}
	e.fitArea()
	e.follow()
}

// splitWindow cuts a long answer into what stays ahead of the text area and
// the last windowLines lines, at most windowBytes, that go in it.
func splitWindow(value string) (head, tail string) {
	cut := len(value)
	for n := 0; n < windowLines && cut > 0; n++ {
		i := strings.LastIndexByte(value[:cut], '\n')
		if i < 0 {
			cut = 0
			break
		}
		cut = i
	}
	if cut > 0 {
		cut++ // the window starts after a line break
	}
	if len(value)-cut > windowBytes {
		cut = len(value) - windowBytes
		for cut < len(value) && !utf8.RuneStart(value[cut]) {
			cut++
		}
	}
	return value[:cut], value[cut:]
}

// pasteBig puts a paste the text area could not take whole at the cursor,
// then windows the answer again, so every pasted line is kept.
func (e editor) pasteBig(paste string) editor {
	lines := strings.Split(e.area.Value(), "\n")
	row := min(max(e.area.Line(), 0), len(lines)-1)
	li := e.area.LineInfo()
	cur := []rune(lines[row])
	col := min(max(li.StartColumn+li.ColumnOffset, 0), len(cur))
	lines[row] = string(cur[:col]) + paste + string(cur[col:])
	e.setText(e.head + strings.Join(lines, "\n"))
	return e
}
