package tui

import "github.com/charmbracelet/lipgloss"

// Theme is the palette in semantic slots. Every colour reads on light and
// dark backgrounds; nothing relies on colour alone (a glyph marks selection
// and focus), because NO_COLOR strips colour, bold and reverse alike.
type Theme struct {
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

// Styles are the theme applied: every screen draws with these and nothing
// else, so the two themes change the whole app at once.
type Styles struct {
	Title      lipgloss.Style
	Header     lipgloss.Style
	Muted      lipgloss.Style
	Text       lipgloss.Style
	Accent     lipgloss.Style
	Rule       lipgloss.Style
	Selected   lipgloss.Style
	Label      lipgloss.Style
	LabelFocus lipgloss.Style
	Value      lipgloss.Style
	Empty      lipgloss.Style
	TabActive  lipgloss.Style
	Tab        lipgloss.Style
	StepDone   lipgloss.Style
	StepActive lipgloss.Style
	Step       lipgloss.Style
	Good       lipgloss.Style
	Warn       lipgloss.Style
	Bad        lipgloss.Style
	Banner     lipgloss.Style
	Question   lipgloss.Style
	Help       lipgloss.Style
	HelpKey    lipgloss.Style
	Box        lipgloss.Style
	Severity   map[string]lipgloss.Style
}

// NewStyles builds the styles for a theme.
func NewStyles(t Theme) Styles {
	base := lipgloss.NewStyle().Foreground(t.Text)
	s := Styles{
		Title:      base.Bold(true).Foreground(t.Accent),
		Header:     base.Bold(true),
		Muted:      lipgloss.NewStyle().Foreground(t.Muted),
		Text:       base,
		Accent:     lipgloss.NewStyle().Foreground(t.Accent),
		Rule:       lipgloss.NewStyle().Foreground(t.Border),
		Selected:   base.Background(t.Selection).Bold(true),
		Label:      lipgloss.NewStyle().Foreground(t.Muted),
		LabelFocus: lipgloss.NewStyle().Foreground(t.Accent).Bold(true),
		Value:      base,
		Empty:      lipgloss.NewStyle().Foreground(t.Muted).Italic(true),
		TabActive:  lipgloss.NewStyle().Foreground(t.OnAccent).Background(t.Accent).Bold(true),
		Tab:        lipgloss.NewStyle().Foreground(t.Muted),
		StepDone:   lipgloss.NewStyle().Foreground(t.Good),
		StepActive: lipgloss.NewStyle().Foreground(t.OnAccent).Background(t.Accent).Bold(true),
		Step:       lipgloss.NewStyle().Foreground(t.Muted),
		Good:       lipgloss.NewStyle().Foreground(t.Good),
		Warn:       lipgloss.NewStyle().Foreground(t.Warn).Bold(true),
		Bad:        lipgloss.NewStyle().Foreground(t.Bad).Bold(true),
		Banner:     lipgloss.NewStyle().Foreground(t.Bad).Bold(true),
		Question:   lipgloss.NewStyle().Foreground(t.Text),
		Help:       lipgloss.NewStyle().Foreground(t.Muted),
		HelpKey:    lipgloss.NewStyle().Foreground(t.Accent),
		Box:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Border).Padding(0, 1),
	}
	s.Severity = map[string]lipgloss.Style{
		"critical": s.Bad,
		"high":     s.Warn,
		"medium":   s.Accent,
		"low":      s.Muted,
	}
	return s
}
