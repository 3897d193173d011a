package tui

import (
	"strings"
	"unicode"

	"archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Choosing in a choice list: type-ahead on the options' names, the arrows,
// backspace back to unanswered, and the kind of a system created on the spot.

func (e editor) updateChoice(km tea.KeyMsg) (editor, tea.Cmd, editResult) {
	n := len(e.opts)
	if n == 0 {
		if km.Type == tea.KeyEnter {
			return e, nil, editCommit
		}
		return e, nil, editNone
	}
	switch {
	case key.Matches(km, editKeyMap.ChoiceUp):
		e.cursor, e.typed = (e.cursor-1+n)%n, ""
	case key.Matches(km, editKeyMap.ChoiceDown):
		e.cursor, e.typed = (e.cursor+1)%n, ""
	case km.Type == tea.KeyEnter:
		if e.opts[e.cursor].create {
			e.naming = true
			e.newName.Focus()
			return e, nil, editNone
		}
		return e, nil, editCommit
	case e.multi && key.Matches(km, editKeyMap.Toggle):
		if o := e.opts[e.cursor]; !o.create {
			e.picked[o.value] = !e.picked[o.value]
		}
	case km.Type == tea.KeyBackspace:
		// Back to unanswered, where the field has such an option.
		e.typed = ""
		for i, o := range e.opts {
			if o.value == "" && !o.create {
				e.cursor = i
			}
		}
	case km.Type == tea.KeyRunes:
		for _, r := range km.Runes {
			e.typeAhead(r)
		}
	}
	return e, nil, editNone
}

// typeAhead moves a choice to the first option whose name starts with what
// was typed: k is key, na natural-key, no none, 3 a score of 3. A letter
// that fits no option with the ones before it starts afresh. Unanswered and
// "new…" are never typed to: backspace and the arrows reach them.
func (e *editor) typeAhead(r rune) {
	e.cursor, e.typed = typeAheadIn(e.opts, e.cursor, e.typed, r)
}

// typeAheadIn is type-ahead over any list of options: the cursor and the
// letters typed so far after r.
func typeAheadIn(opts []option, cursor int, typed string, r rune) (int, string) {
	for _, q := range []string{typed + string(unicode.ToLower(r)), string(unicode.ToLower(r))} {
		for i, o := range opts {
			if o.value != "" && !o.create && strings.HasPrefix(strings.ToLower(o.label), q) {
				return i, q
			}
		}
	}
	return cursor, typed
}

// kindOptions are the kinds a new system can be.
func kindOptions() []option {
	out := make([]option, len(model.SystemKindChoices))
	for i, c := range model.SystemKindChoices {
		out[i] = option{value: c.Value, label: c.Value, meaning: c.Meaning}
	}
	return out
}

// updateKind picks the kind of a system just named: type-ahead and the
// arrows as in any choice, enter creates it, esc goes back to its name.
func (e editor) updateKind(km tea.KeyMsg) (editor, tea.Cmd, editResult) {
	n := len(e.kinds)
	switch {
	case key.Matches(km, editKeyMap.Stop):
		e.kinding, e.naming = false, true
	case key.Matches(km, editKeyMap.ChoiceUp):
		e.kindCursor, e.kindTyped = (e.kindCursor-1+n)%n, ""
	case key.Matches(km, editKeyMap.ChoiceDown):
		e.kindCursor, e.kindTyped = (e.kindCursor+1)%n, ""
	case km.Type == tea.KeyEnter:
		e.kinding = false
		return e, nil, editNewSystem
	case km.Type == tea.KeyRunes:
		for _, r := range km.Runes {
			e.kindCursor, e.kindTyped = typeAheadIn(e.kinds, e.kindCursor, e.kindTyped, r)
		}
	}
	return e, nil, editNone
}

// newSystem is the system the editor was asked to create: its name and
// the kind picked for it.
func (e *editor) newSystem() model.System {
	s := model.NewSystem(e.newName.Value())
	if e.kindCursor >= 0 && e.kindCursor < len(e.kinds) {
		s.Kind = model.SystemKind(e.kinds[e.kindCursor].value)
	}
	return s
}
