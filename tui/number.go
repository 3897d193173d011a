package tui

import (
	"slices"
	"strconv"

	"archreview/model"

	tea "github.com/charmbracelet/bubbletea"
)

// A number field (a risk's slice, minutes per step, risks per slice) is a
// line that takes digits only, within the range the model gives the field.

// updateNumber takes digits into a number field, the first of them in
// place of the number shown, and refuses anything else, or a number out of
// the field's range, with the field's range in one line.
func (e editor) updateNumber(km tea.KeyMsg) (editor, tea.Cmd, editResult) {
	if km.Type != tea.KeyRunes && km.Type != tea.KeySpace {
		e.fresh = false
		return e.passThrough(km)
	}
	refuse := flash("! " + model.RangeWording(e.field))
	if km.Type == tea.KeySpace || slices.ContainsFunc(km.Runes, func(r rune) bool { return r < '0' || r > '9' }) {
		return e, refuse, editNone
	}
	text, at := e.input.Value(), min(max(e.input.Position(), 0), len(e.input.Value()))
	if e.fresh {
		text, at = "", 0
	}
	text = text[:at] + string(km.Runes) + text[at:]
	if model.NumberProblem(e.field, text) != "" {
		return e, refuse, editNone
	}
	n, _ := strconv.Atoi(text)
	e.input.SetValue(strconv.Itoa(n)) // 0 then 7 is 7, never 07
	e.input.CursorEnd()
	e.fresh = false
	return e, nil, editChanged
}
