package tui

import (
	"bytes"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// Bubble Tea v1's renderer draws on a ticker of up to 120 frames a second,
// which runs whether anything changed or not: idle, the app cost twice the
// CPU of a bare program for nothing, and a keystroke waited for the next
// tick. The app draws its own frames instead, when they change and at once:
// the program runs without a renderer, and the screen owns the terminal's
// modes (raw input, the alternate screen, bracketed paste), its size, and
// drawing only the lines that changed (as Bubble Tea's renderer does).

// screenWriter draws frames on a terminal as they change. A frame waiting
// while the last one is still being written is replaced by a newer one, so
// a slow terminal sees the latest screen, never a backlog.
type screenWriter struct {
	out io.Writer

	mu            sync.Mutex
	next          string // the newest frame, not drawn yet
	pending       bool
	drawn         string   // the frame on screen
	lines         []string // its lines, to skip those that stay
	width, height int
	wake          chan struct{}
	stopped       chan struct{}
}

func newScreenWriter(out io.Writer) *screenWriter {
	return &screenWriter{out: out, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
}

// Terminal modes the app sets on start and undoes on exit.
const (
	enterScreen = ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition +
		ansi.HideCursor + ansi.SetModeBracketedPaste
	leaveScreen = ansi.ResetModeBracketedPaste + ansi.ShowCursor + ansi.ResetModeAltScreenSaveCursor
)

// frame hands the screen a frame to draw; it returns at once.
func (w *screenWriter) frame(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if (!w.pending && s == w.drawn) || (w.pending && s == w.next) {
		return
	}
	w.next, w.pending = s, true
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// resize notes the terminal's size; the next frame is drawn whole.
func (w *screenWriter) resize(width, height int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.width, w.height = width, height
	w.lines = nil
	if !w.pending {
		w.next, w.pending = w.drawn, true
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// run draws frames until stop.
func (w *screenWriter) run(quit <-chan struct{}) {
	defer close(w.stopped)
	for {
		select {
		case <-w.wake:
			w.draw()
		case <-quit:
			w.draw() // the last frame the program made
			return
		}
	}
}

// draw writes the newest frame: the lines that differ from the screen,
// each cut to the width, the rest of a shorter line erased.
func (w *screenWriter) draw() {
	w.mu.Lock()
	if !w.pending {
		w.mu.Unlock()
		return
	}
	frame, width, height, old := w.next, w.width, w.height, w.lines
	w.pending = false
	w.mu.Unlock()

	lines := strings.Split(frame, "\n")
	if height > 0 && len(lines) > height {
		lines = lines[len(lines)-height:]
	}
	var buf bytes.Buffer
	buf.WriteString(ansi.CursorHomePosition)
	for i, l := range lines {
		if i < len(old) && old[i] == l {
			if i < len(lines)-1 {
				buf.WriteByte('\n')
			}
			continue
		}
		if width > 0 {
			l = ansi.Truncate(l, width, "")
		}
		buf.WriteString(l)
		if ansi.StringWidth(l) < width {
			buf.WriteString(ansi.EraseLineRight)
		}
		if i < len(lines)-1 {
			buf.WriteString("\r\n")
		}
	}
	if len(old) > len(lines) || old == nil {
		buf.WriteString(ansi.EraseScreenBelow)
	}
	buf.WriteString(ansi.CursorPosition(0, len(lines)))
	_, _ = w.out.Write(buf.Bytes())

	w.mu.Lock()
	w.drawn, w.lines = frame, lines
	w.mu.Unlock()
}

// terminal is the terminal the app draws on, set up for the program and
// put back as it was however the program ends.
type terminal struct {
	in, out *os.File
	saved   *term.State
	screen  *screenWriter
	quit    chan struct{}
	winch   chan os.Signal
	// restoreOut puts the output's modes back (see enableEscapes).
	restoreOut func()
}

// openTerminal puts the terminal in raw mode and the alternate screen and
// starts drawing. Without a terminal (a test, a pipe) it draws to out as is.
func openTerminal(in, out *os.File) (*terminal, error) {
	t := &terminal{in: in, out: out, screen: newScreenWriter(out), quit: make(chan struct{})}
	if term.IsTerminal(in.Fd()) {
		saved, err := term.MakeRaw(in.Fd())
		if err != nil {
			return nil, err
		}
		t.saved = saved
	}
	t.restoreOut = enableEscapes(out)
	_, _ = io.WriteString(out, enterScreen)
	go t.screen.run(t.quit)
	return t, nil
}

// followSize sends the program the terminal's size now and on every
// change, as Bubble Tea does when it renders.
func (t *terminal) followSize(p *tea.Program) {
	if !term.IsTerminal(t.out.Fd()) {
		return
	}
	send := func() {
		if w, h, err := term.GetSize(t.out.Fd()); err == nil {
			p.Send(tea.WindowSizeMsg{Width: w, Height: h})
		}
	}
	t.winch = make(chan os.Signal, 1)
	notifyResize(t.winch)
	go func() {
		send()
		for {
			select {
			case <-t.winch:
				send()
			case <-t.quit:
				return
			}
		}
	}()
}

// close draws the last frame and gives the terminal back as it was.
func (t *terminal) close() {
	if t.winch != nil {
		signal.Stop(t.winch)
	}
	close(t.quit)
	<-t.screen.stopped
	_, _ = io.WriteString(t.out, leaveScreen)
	t.restoreOut()
	if t.saved != nil {
		_ = term.Restore(t.in.Fd(), t.saved)
	}
}
