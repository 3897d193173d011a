package tui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Choosing in a choice list: type-ahead on the options' names that never
// guesses, the arrows, backspace back to unanswered, and the kind of a
// system created on the spot.

// noChoice is the cursor of a choice list with nothing selected: what was
// typed matches no option, or the answer was cleared in a list that has no
// "not answered" entry.
const noChoice = -1

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
		e.cursor, e.typed = (max(e.cursor, 0)-1+n)%n, ""
	case key.Matches(km, editKeyMap.ChoiceDown):
		e.cursor, e.typed = (e.cursor+1)%n, ""
	case km.Type == tea.KeyEnter:
		switch {
		case e.cursor == noChoice && e.typed != "":
			return e, flash(noMatch(e.typed)), editNone
		case e.cursor >= 0 && e.opts[e.cursor].create:
			e.naming, e.typed = true, ""
			e.newName.Focus()
			return e, nil, editNone
		}
		return e, nil, editCommit
	case e.multi && key.Matches(km, editKeyMap.Toggle):
		if e.cursor >= 0 {
			if o := e.opts[e.cursor]; !o.create {
				e.picked[o.value] = !e.picked[o.value]
			}
		}
	case key.Matches(km, editKeyMap.ClearChar, editKeyMap.ClearAll):
		if e.typed != "" {
			// A slip in what was typed is corrected, never the answer.
			typed := ""
			if key.Matches(km, editKeyMap.ClearChar) {
				_, size := utf8.DecodeLastRuneInString(e.typed)
				typed = e.typed[:len(e.typed)-size]
			}
			e.typeAhead(typed)
			return e, nil, editNone
		}
		e.clear()
		return e, nil, editChanged
	case km.Type == tea.KeySpace && !e.multi:
		e.typeAhead(e.typed + " ")
	case km.Type == tea.KeyRunes:
		e.typeAhead(e.typed + string(km.Runes))
	}
	return e, nil, editNone
}

// clear takes the answer back to unanswered: the list's "not answered"
// entry where it has one, else nothing selected.
func (e *editor) clear() {
	e.typed, e.cursor = "", noChoice
	for i, o := range e.opts {
		if o.value == "" && !o.create {
			e.cursor = i
		}
	}
	if e.multi {
		e.picked = map[string]bool{}
	}
}

// typeAhead puts the cursor on the option typed names (matchOption), or on
// none when nothing matches; with nothing typed it goes back to where it
// was before typing began.
func (e *editor) typeAhead(typed string) {
	e.cursor, e.typed, e.beforeTyped = typeAheadIn(e.opts, e.cursor, e.typed, e.beforeTyped, typed)
}

// typeAheadIn is type-ahead over any list of options: from the cursor, the
// letters typed so far and the cursor before them, where typing now stands.
func typeAheadIn(opts []option, cursor int, typed string, before int, now string) (int, string, int) {
	if typed == "" {
		before = cursor
	}
	if now == "" {
		return before, "", before
	}
	return matchOption(opts, now), now, before
}

// matchOption finds the option typed names, or noChoice: an exact match of
// an option's value or label first (automatic is automatic, not
// automatic-with-dead-letter), then the first label that starts with it (k
// is key, na natural-key), then the first with a word that does (shared is
// alert-to-shared-inbox). Case is ignored and every other character, a
// symbol or a space, matches only itself. "not answered" and "none" are
// typed to only in full; backspace reaches them.
func matchOption(opts []option, typed string) int {
	q := strings.ToLower(typed)
	if strings.TrimSpace(q) == "" {
		return noChoice
	}
	for i, o := range opts {
		if strings.ToLower(o.label) == q || o.value != "" && strings.ToLower(o.value) == q {
			return i
		}
	}
	for _, words := range []bool{false, true} {
		for i, o := range opts {
			if o.value == "" && !o.create {
				continue
			}
			if label := strings.ToLower(o.label); strings.HasPrefix(label, q) || words && wordStarts(label, q) {
				return i
			}
		}
	}
	return noChoice
}

// wordStarts reports whether a word of label, after the first, starts with
// q: words are split at anything that is not a letter or a digit.
func wordStarts(label, q string) bool {
	for i, r := range label {
		if i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			prev, _ := utf8.DecodeLastRuneInString(label[:i])
			if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) && strings.HasPrefix(label[i:], q) {
				return true
			}
		}
	}
	return false
}

// noMatch says that what was typed names no option.
func noMatch(typed string) string {
	return fmt.Sprintf("! no option matches %q; backspace corrects it, ↑/↓ pick one", model.Printable(typed, false))
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
		e.kindCursor, e.kindTyped = (max(e.kindCursor, 0)-1+n)%n, ""
	case key.Matches(km, editKeyMap.ChoiceDown):
		e.kindCursor, e.kindTyped = (e.kindCursor+1)%n, ""
	case km.Type == tea.KeyEnter:
		if e.kindCursor == noChoice {
			return e, flash(noMatch(e.kindTyped)), editNone
		}
		e.kinding = false
		return e, nil, editNewSystem
	case key.Matches(km, editKeyMap.ClearChar, editKeyMap.ClearAll):
		typed := ""
		if _, size := utf8.DecodeLastRuneInString(e.kindTyped); key.Matches(km, editKeyMap.ClearChar) {
			typed = e.kindTyped[:len(e.kindTyped)-size]
		}
		e.kindCursor, e.kindTyped, e.kindBefore = typeAheadIn(e.kinds, e.kindCursor, e.kindTyped, e.kindBefore, typed)
	case km.Type == tea.KeyRunes:
		e.kindCursor, e.kindTyped, e.kindBefore = typeAheadIn(e.kinds, e.kindCursor, e.kindTyped, e.kindBefore, e.kindTyped+string(km.Runes))
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

// flashMsg puts a line on the status line: a key refused, and why.
type flashMsg string

// flash is the command that says text on the status line; it does no IO.
func flash(text string) tea.Cmd { return func() tea.Msg { return flashMsg(text) } }
