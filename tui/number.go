package tui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	tea "github.com/charmbracelet/bubbletea"
)

// A number field (a risk's slice, minutes per step, risks per slice, a
// downtime cost) is a line that takes digits only, and a decimal one a
// point too, within the range the model gives the field.

// updateNumber takes digits into a number field (and one decimal point
// into a decimal one), the first of them in place of the number shown, and
// refuses anything else, or a number out of the field's range, with the
// field's range in one line.
func (e editor) updateNumber(km tea.KeyMsg) (editor, tea.Cmd, editResult) {
	if km.Type != tea.KeyRunes && km.Type != tea.KeySpace {
		e.fresh = false
		return e.passThrough(km)
	}
	refuse := flash("! " + model.RangeWording(e.field))
	digit := func(r rune) bool { return r >= '0' && r <= '9' || e.field.Decimal && r == '.' }
	if km.Type == tea.KeySpace || slices.ContainsFunc(km.Runes, func(r rune) bool { return !digit(r) }) {
		return e, refuse, editNone
	}
	text, at := e.input.Value(), min(max(e.input.Position(), 0), len(e.input.Value()))
	if e.fresh {
		text, at = "", 0
	}
	text = text[:at] + string(km.Runes) + text[at:]
	if strings.HasPrefix(text, ".") {
		text = "0" + text // .5 is 0.5
	}
	if model.NumberProblem(e.field, text) != "" {
		return e, refuse, editNone
	}
	// 0 then 7 is 7, never 07; a decimal keeps its point while it is typed.
	if i := strings.IndexByte(text, '.'); i < 0 {
		n, _ := strconv.ParseUint(text, 10, 64)
		text = strconv.FormatUint(n, 10)
	} else {
		n, _ := strconv.ParseUint(text[:i], 10, 64)
		text = strconv.FormatUint(n, 10) + text[i:]
	}
	e.input.SetValue(text)
	e.input.CursorEnd()
	e.fresh = false
	return e, nil, editChanged
}
