package tui

import (
	"sync/atomic"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// screen is what every screen of the app is to the root: the root forwards
// messages to the active one and draws it, and never asks which one it is.
// A screen gets what it needs (Common, the library of session commands) when
// it is made.
type screen interface {
	// update takes a message and returns the screen, changed, with the
	// command to run. Everything View will draw is settled here: scroll
	// windows move with the cursor.
	update(msg tea.Msg) (screen, tea.Cmd)
	// settle brings what view draws up to date after any message, the
	// root's own included (a screen shown again after another): scroll
	// windows, counts and the summary derived from changed answers.
	settle()
	// view draws the screen in the size it was given; it changes nothing.
	view() string
	setSize(width, height int)
	// capturing reports whether a field, prompt or question takes every
	// key, so the root's own keys (?, q, p) are text there.
	capturing() bool
	// typing says what the field being edited does with typed text.
	typing() typingKind
	helpKeys() help.KeyMap
}

// active is the screen the root forwards to and draws.
func (a *App) active() screen {
	switch a.screen {
	case screenSession:
		return a.session
	case screenWalk:
		return a.walk
	}
	return a.sessions
}

// scrollList is a cursor over n rows of which rows are on screen from top.
// The window moves only when the cursor would leave it, so moving inside
// the window leaves every row where it is.
type scrollList struct {
	cursor, top int
	n, rows     int
}

// fit sets how many rows there are and how many fit, and moves the window
// as little as it must to keep the cursor in it.
func (l *scrollList) fit(n, rows int) {
	l.n, l.rows = n, max(rows, 1)
	l.cursor = min(max(l.cursor, 0), max(n-1, 0))
	l.top = window(l.cursor, n, l.rows, l.top)
}

// move applies a cursor key, reporting whether it was one.
func (l *scrollList) move(km tea.KeyMsg) bool {
	c, ok := moveCursor(km, l.cursor, l.n, l.rows)
	if ok {
		l.cursor = c
		l.fit(l.n, l.rows)
	}
	return ok
}

// visible is the range of rows on screen.
func (l scrollList) visible() (from, to int) {
	return l.top, min(l.top+l.rows, l.n)
}

// rowsLaidOut counts the list rows drawRows has laid out, so a test can
// hold a frame's work to the rows on screen however long the list.
var rowsLaidOut atomic.Int64

// drawRows draws the rows in view, the cursor's marked by a glyph and the
// selection style so it reads without colour.
func drawRows(st Styles, l scrollList, width int, row func(i int) string) []string {
	from, to := l.visible()
	rowsLaidOut.Add(int64(to - from))
	out := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		mark := "  "
		if i == l.cursor {
			mark = "> "
		}
		r := mark + row(i)
		if i == l.cursor {
			r = st.Selected.Render(pad(r, width))
		}
		out = append(out, r)
	}
	return out
}
