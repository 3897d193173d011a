package tui

import (
	"strings"

	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Theme is the palette in semantic slots. Every colour reads on light and
// dark backgrounds; nothing relies on colour alone (a glyph marks selection
// and focus), because NO_COLOR strips colour, bold and reverse alike.
type Theme struct {
	// Room is set for the theme the client's room sees: what an export
	// would redact is redacted on screen too.
	Room      bool
	Text      lipgloss.TerminalColor
	Muted     lipgloss.TerminalColor
	Accent    lipgloss.TerminalColor
	OnAccent  lipgloss.TerminalColor
	Border    lipgloss.TerminalColor
	Selection lipgloss.TerminalColor
	Good      lipgloss.TerminalColor
	Warn      lipgloss.TerminalColor
	Bad       lipgloss.TerminalColor
}

// calmTheme is for the facilitator's own screen: muted blues and greys that
// do not shout across a meeting room.
var calmTheme = Theme{
	Text:      lipgloss.AdaptiveColor{Light: "#1F2933", Dark: "#E4E7EB"},
	Muted:     lipgloss.AdaptiveColor{Light: "#616E7C", Dark: "#9AA5B1"},
	Accent:    lipgloss.AdaptiveColor{Light: "#2F5F8A", Dark: "#7CB4E6"},
	OnAccent:  lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#102A43"},
	Border:    lipgloss.AdaptiveColor{Light: "#CBD2D9", Dark: "#3E4C59"},
	Selection: lipgloss.AdaptiveColor{Light: "#E1ECF7", Dark: "#243B53"},
	Good:      lipgloss.AdaptiveColor{Light: "#2D6A4F", Dark: "#74C69D"},
	Warn:      lipgloss.AdaptiveColor{Light: "#8D5B00", Dark: "#F0B429"},
	Bad:       lipgloss.AdaptiveColor{Light: "#A61B1B", Dark: "#FF8A80"},
}

// presenterTheme is for screen sharing: maximum contrast, few colours, large
// type by bold and spacing rather than colour.
var presenterTheme = Theme{
	Room:      true,
	Text:      lipgloss.AdaptiveColor{Light: "#000000", Dark: "#FFFFFF"},
	Muted:     lipgloss.AdaptiveColor{Light: "#333333", Dark: "#D0D0D0"},
	Accent:    lipgloss.AdaptiveColor{Light: "#003A8C", Dark: "#FFD60A"},
	OnAccent:  lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#000000"},
	Border:    lipgloss.AdaptiveColor{Light: "#000000", Dark: "#FFFFFF"},
	Selection: lipgloss.AdaptiveColor{Light: "#FFE066", Dark: "#3A3A00"},
	Good:      lipgloss.AdaptiveColor{Light: "#005C2E", Dark: "#7CFFB2"},
	Warn:      lipgloss.AdaptiveColor{Light: "#7A3E00", Dark: "#FFB347"},
	Bad:       lipgloss.AdaptiveColor{Light: "#8B0000", Dark: "#FF6B6B"},
}

// paint is a style reduced to the escape sequences it puts around text.
// lipgloss.Style.Render measures and pads on every call, which is most of a
// frame's cost; the styles here are colour and weight only, so the sequences
// are worked out once per theme and text is wrapped by concatenation.
type paint struct{ pre, post string }

func newPaint(s lipgloss.Style) paint {
	r := s.Render("\x00")
	i := strings.IndexByte(r, 0)
	if i < 0 {
		return paint{}
	}
	return paint{pre: r[:i], post: r[i+1:]}
}

// Render wraps one line of text in the style.
func (p paint) Render(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}

// Styles are the theme applied: every screen draws with these and nothing
// else, so the two themes change the whole app at once.
type Styles struct {
	room       bool
	Title      paint
	Header     paint
	Muted      paint
	Text       paint
	Accent     paint
	Rule       paint
	Selected   paint
	Label      paint
	LabelFocus paint
	Value      paint
	Empty      paint
	TabActive  paint
	Tab        paint
	StepDone   paint
	StepActive paint
	Step       paint
	Good       paint
	Warn       paint
	Bad        paint
	Banner     paint
	Question   paint
	Help       paint
	HelpKey    paint
	Severity   map[string]paint
	// help styles the bubbles help line, which takes lipgloss styles.
	help help.Styles
}

// NewStyles builds the styles for a theme.
func NewStyles(t Theme) Styles {
	base := lipgloss.NewStyle().Foreground(t.Text)
	muted := lipgloss.NewStyle().Foreground(t.Muted)
	accent := lipgloss.NewStyle().Foreground(t.Accent)
	s := Styles{
		room:       t.Room,
		Title:      newPaint(base.Bold(true).Foreground(t.Accent)),
		Header:     newPaint(base.Bold(true)),
		Muted:      newPaint(muted),
		Text:       newPaint(base),
		Accent:     newPaint(accent),
		Rule:       newPaint(lipgloss.NewStyle().Foreground(t.Border)),
		Selected:   newPaint(base.Background(t.Selection).Bold(true)),
		Label:      newPaint(muted),
		LabelFocus: newPaint(accent.Bold(true)),
		Value:      newPaint(base),
		Empty:      newPaint(muted.Italic(true)),
		TabActive:  newPaint(lipgloss.NewStyle().Foreground(t.OnAccent).Background(t.Accent).Bold(true)),
		Tab:        newPaint(muted),
		StepDone:   newPaint(lipgloss.NewStyle().Foreground(t.Good)),
		StepActive: newPaint(lipgloss.NewStyle().Foreground(t.OnAccent).Background(t.Accent).Bold(true)),
		Step:       newPaint(muted),
		Good:       newPaint(lipgloss.NewStyle().Foreground(t.Good)),
		Warn:       newPaint(lipgloss.NewStyle().Foreground(t.Warn).Bold(true)),
		Bad:        newPaint(lipgloss.NewStyle().Foreground(t.Bad).Bold(true)),
		Banner:     newPaint(lipgloss.NewStyle().Foreground(t.Bad).Bold(true)),
		Question:   newPaint(base),
		Help:       newPaint(muted),
		HelpKey:    newPaint(accent),
	}
	s.Severity = map[string]paint{
		review.SeverityCritical: s.Bad,
		review.SeverityHigh:     s.Warn,
		review.SeverityMedium:   s.Accent,
		review.SeverityLow:      s.Muted,
	}
	s.help = help.New().Styles
	s.help.ShortKey, s.help.FullKey = accent, accent
	s.help.ShortDesc, s.help.FullDesc = muted, muted
	s.help.ShortSeparator, s.help.FullSeparator = muted, muted
	return s
}

// client is client text as this theme may show it: on the screen the room
// sees, credentials are replaced as an export replaces them.
func (st Styles) client(s string) string {
	if st.room {
		return redact.Text(s)
	}
	return s
}

// clientQuoted is client for a sentence that quotes client text with Go's
// quoting ("Delete risk \"…\"?"), which escapes the quotes inside it.
func (st Styles) clientQuoted(s string) string {
	if st.room {
		return redact.Message(s)
	}
	return s
}
