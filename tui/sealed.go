package tui

import (
	"strings"

	"github.com/archreview/archreview/model/redact"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// A field is sealed when the room is watching (presenter mode) and its
// answer holds a credential: the editor shows the answer redacted, as the
// room reads every answer, says why it takes no text, and moves on with
// tab, shift+tab and enter like any field, writing nothing.

// sealedNotice is what a sealed field says instead of taking text.
const sealedNotice = "Holds a credential, redacted while presenting; to edit it, esc then p leaves presenter mode."

// maxSealed bounds the redacted text a sealed field keeps to draw: more
// than any editor shows.
const maxSealed = 8 << 10

// sealedText is how a sealed field shows value, or "" when value holds no
// credential and the field opens as usual.
func sealedText(value string) string {
	if !redact.ContainsSecret(value) {
		return ""
	}
	// Redacted whole before it is cut, so no secret is cut in two.
	s := redact.Text(value)
	if len(s) > maxSealed {
		s = strings.ToValidUTF8(s[:maxSealed], "")
	}
	if strings.TrimSpace(s) == "" {
		return redact.Mark
	}
	return s
}

// updateSealed moves on from a sealed field as from any other and drops
// everything else, text and pastes included, since nobody can see what it
// would change.
func (e editor) updateSealed(km tea.KeyMsg) (editor, tea.Cmd, editResult) {
	switch {
	case key.Matches(km, editKeyMap.Stop):
		return e, nil, editStop
	case key.Matches(km, editKeyMap.Next):
		return e, nil, editNext
	case key.Matches(km, editKeyMap.Prev):
		return e, nil, editPrev
	case km.Type == tea.KeyEnter && !km.Paste:
		return e, nil, editCommit
	}
	return e, nil, editNone
}

// sealedView is a sealed field: its answer redacted, as the room reads
// every answer, then why it takes no text.
func (e editor) sealedView(st Styles, width, height int) []string {
	var notice []string
	for i, l := range block(sealedNotice, max(width-2, 1), 2) {
		prefix := "  "
		if i == 0 {
			prefix = "! "
		}
		notice = append(notice, st.Warn.Render(prefix+l))
	}
	room := max(height-len(notice), 1)
	var out []string
	for _, l := range block(e.sealed, width, room) {
		if len(out) == room {
			break
		}
		out = append(out, st.Value.Render(l))
	}
	out = append(out, notice...)
	return out[:min(len(out), max(height, 1))]
}
