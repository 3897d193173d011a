package tui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkRoomSnapshot is the copy the app makes for the room, on its own
// goroutine, at most once a debounce while someone types and someone
// watches: after one key typed into an answer (one flow copied again,
// the others shared with the last copy), and the whole session copied as
// the first snapshot does, the floor it is measured against.
func BenchmarkRoomSnapshot(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			a := benchApp(b, sz.flows, sz.risks)
			a.Update(walkMsg{flow: sz.flows / 2})
			press(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'2'}})
			press(a, keyJ)
			press(a, keyEnter)
			a.share.room = &Room{}
			b.Run("after-a-key", func(b *testing.B) {
				_ = a.roomSnapshot()
				i := 0
				for b.Loop() {
					if i%2 == 0 {
						press(a, keyA)
					} else {
						press(a, keyBack)
					}
					i++
					_ = a.roomSnapshot()
				}
			})
			b.Run("whole-session", func(b *testing.B) {
				for b.Loop() {
					_ = a.ws.doc.Clone()
				}
			})
		})
	}
}
