package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// rawInput is the message sequence Bubble Tea v1 makes of text that arrives
// without bracketed paste (a terminal that does not bracket, a paste through
// tmux without -p, a fast typist): it reads 256 bytes at a time and turns
// each run of printable characters into one KeyRunes, each space into a
// KeySpace, a carriage return into enter, a line feed into ctrl+j and a tab
// into tab. A run that reaches the end of a full read waits for the next one,
// as Bubble Tea's reader does.
func rawInput(text string) []tea.Msg {
	const readSize = 256
	var msgs []tea.Msg
	var pending []byte
	for off := 0; off < len(text); {
		n := min(readSize, len(text)-off)
		b := append(pending, text[off:off+n]...)
		off += n
		pending = nil
		more := n == readSize && off < len(text)
		for i := 0; i < len(b); {
			c := b[i]
			switch {
			case c == ' ':
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
				i++
				continue
			case c == '\r':
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyEnter})
				i++
				continue
			case c == '\n':
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyCtrlJ})
				i++
				continue
			case c == '\t':
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyTab})
				i++
				continue
			case c < 0x20 || c == 0x7f:
				panic(fmt.Sprintf("rawInput does not model the control byte %#x", c))
			}
			j := i
			var runes []rune
			for j < len(b) {
				r, w := utf8.DecodeRune(b[j:])
				if r == utf8.RuneError || r <= 0x1f || r == 0x7f || r == ' ' {
					break
				}
				runes = append(runes, r)
				j += w
			}
			if j >= len(b) && more {
				pending = append([]byte(nil), b[i:]...)
				break
			}
			msgs = append(msgs, tea.KeyMsg{Type: tea.KeyRunes, Runes: runes})
			i = j
		}
	}
	return msgs
}

// pastedLog is about size bytes of the kind of text a facilitator pastes
// from a shared screen into a notes field: an integration log, line after
// line, its line breaks as carriage returns the way terminals send them.
func pastedLog(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%05d 2026-03-14T09:%02d:%02dZ WARN order %06d sync to ERP retried (attempt %d of 5): timeout after 30s\r",
			i, i/60%60, i%60, 100000+i, i%5+1)
	}
	return b.String()[:size]
}
