package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// The app makes a frame after every message, and text that arrives
// faster than a person types (a paste the terminal does not bracket, a
// fast typist over a slow link) comes as one message per word, per space
// and per line break. Putting each one into the field and drawing the
// screen again would make a 200 KB paste cost its length times the screen.
// So text that arrives while the last frame is still on its way waits, and
// goes into the field in one piece: the first key of a burst is put in at
// once, what follows within a frame a frame later, and while the burst goes
// on (no person types a key a frame) twenty times a second, in the order
// typed.

const (
	// frameInterval is a frame's time: keys closer together than this are
	// a burst, since no person types that fast. (The screen itself draws a
	// frame when it changes; see frames.go.)
	frameInterval = time.Second / 120
	// burstInterval is how often text goes in while a burst goes on.
	burstInterval = 50 * time.Millisecond
)

// typeAhead is text typed within a frame of the last key, waiting to be put
// into the field being edited.
type typeAhead struct {
	text []rune
	// waiting: a frame tick is due, and text typed until it arrives waits.
	waiting bool
	// holding: the screen is frame, drawn in Update; nothing on it has
	// changed since, because waiting text is not drawn until it is put in.
	holding bool
	frame   string
	// drawNow asks Update to draw the frame it hands to View.
	drawNow bool
}

// typedTickMsg is the frame tick that puts waiting text into the field.
type typedTickMsg struct{}

func typedTick(d time.Duration) tea.Cmd {
	return tick(d, func(time.Time) tea.Msg { return typedTickMsg{} })
}

// typedText is the text a key adds to a field that takes typing, and
// whether it is text at all: runes (typed or pasted), a space, and in a
// text area a carriage return, which is a line break when it comes in a
// burst (held for the frame) and done-and-move-on when pressed alone.
// Everything else (enter in a one-line field, tab, esc, the arrows,
// backspace) acts in its place in the order of the keys.
func typedText(msg tea.Msg, kind typingKind) ([]rune, bool) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || km.Alt || kind < typingLine {
		return nil, false
	}
	switch km.Type {
	case tea.KeyRunes:
		return km.Runes, true
	case tea.KeySpace:
		return []rune{' '}, true
	case tea.KeyEnter:
		if kind == typingArea {
			return []rune{'\n'}, true
		}
	}
	return nil, false
}

// holdTyped keeps a key of text for the next frame when one is due, and
// reports whether it did; the screen stays as it was drawn.
func (a *App) holdTyped(msg tea.Msg) bool {
	if !a.typed.waiting {
		return false
	}
	text, ok := typedText(msg, a.typing())
	if !ok {
		return false
	}
	if !a.typed.holding {
		a.typed.frame, a.typed.holding = a.render(), true
	}
	a.typed.text = append(a.typed.text, text...)
	return true
}

// typeFirst puts the first key of what may be a burst into the field at
// once and has the frame tick come, so keys that follow within a frame
// wait for it. Update draws the frame, which stays the screen through a
// quiet tick: a key typed alone costs one frame, as before.
func (a *App) typeFirst(km tea.KeyMsg) tea.Cmd {
	cmd := a.forward(km)
	a.typed.drawNow = true
	if a.typed.waiting {
		return cmd
	}
	a.typed.waiting = true
	return tea.Batch(cmd, typedTick(frameInterval))
}

// releaseTyped puts the waiting text into the field, as one paste, before
// anything else happens; it reports whether there was any.
func (a *App) releaseTyped() (tea.Cmd, bool) {
	if len(a.typed.text) == 0 {
		return nil, false
	}
	text := a.typed.text
	a.typed.text = nil
	return a.forward(tea.KeyMsg{Type: tea.KeyRunes, Runes: text, Paste: true}), true
}

// typedTicked ends a frame: text put in since the last one means more may
// be coming, so the tick comes again; a quiet frame ends the burst (Update
// takes that one before it gets here, the screen unchanged).
func (a *App) typedTicked(released bool) tea.Cmd {
	if !released {
		a.typed.waiting = false
		return nil
	}
	a.typed.drawNow = true
	return typedTick(burstInterval)
}

// browseKeys tells a key a person pressed from one that came in a burst:
// while no field is open, a key within a frame of the one before is part of
// text that went nowhere, and no command.
type browseKeys struct {
	recent bool // a key came, and no frame has passed since
	id     int
}

// browseQuietMsg says a frame has passed since key id.
type browseQuietMsg struct{ id int }

// pressed notes a key and has the frame tick come.
func (b *browseKeys) pressed() tea.Cmd {
	b.recent = true
	b.id++
	id := b.id
	return tick(frameInterval, func(time.Time) tea.Msg { return browseQuietMsg{id: id} })
}

func (b *browseKeys) quiet(msg browseQuietMsg) {
	if msg.id == b.id {
		b.recent = false
	}
}
