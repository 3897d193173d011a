package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/archreview/archreview/store"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// What the root draws around the active screen: the banner while saves do
// not reach the database, the status line, the help line, the help page and
// the too-small notice. Nothing here changes the model.

// footerHeight is the status line plus the help line.
func (a *App) footerHeight() int { return 2 }

func (a *App) bodyHeight() int {
	h := a.c.Height - a.footerHeight()
	h -= len(a.banner()) + len(a.shareHeader())
	return max(h, 1)
}

// View is the frame Update drew while typed text waits for its frame, and
// the screen drawn afresh otherwise.
func (a *App) View() string {
	if a.typed.holding {
		return a.typed.frame
	}
	return a.render()
}

func (a *App) render() (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "archreview could not draw this screen; your answers are kept. Press esc to go back or ctrl+c to save and quit."
		}
	}()
	c := a.c
	if c.Width == 0 {
		return ""
	}
	if a.tooSmall() {
		return tooSmallView(c.Width, c.Height, a.typing() != typingNone)
	}
	var body string
	switch {
	case a.state == stateLoading:
		body = c.Styles.Muted.Render("Opening " + c.DBPath + "…")
	case a.showHelp:
		body = a.helpView()
	case a.share.panel:
		body = a.sharePanelView()
	default:
		body = a.active().view()
	}
	lines := append(a.shareHeader(), fitLines(strings.Split(body, "\n"), a.bodyHeight())...)
	if banner := a.banner(); len(banner) > 0 {
		for i := range banner {
			banner[i] = c.Styles.Banner.Render(pad(banner[i], c.Width))
		}
		lines = append(banner, lines...)
	}
	lines = append(lines, a.statusLine(), a.helpLine())
	return strings.Join(lines, "\n")
}

// banner is what stays on top while saves do not reach the database, saying
// where the text is; it takes at most two lines.
func (a *App) banner() []string {
	as := a.autosave
	var text string
	switch {
	case as.detachErr != nil:
		text = "! NOT SAVED: " + a.detachedReason() + ". "
		switch {
		case as.rescueErr != nil:
			text += fmt.Sprintf("No rescue file could be written either (%v): keep the app open and export with e.", as.rescueErr)
		case as.rescuedAt != "":
			text += "Your text is in " + a.nearDB(as.rescuedAt) + " (archreview import --replace reads it)."
		default:
			text += "Writing your text to a rescue file…"
		}
	case as.saveErr != nil:
		text = fmt.Sprintf("! NOT SAVED: %v. Your text is kept here; retrying every %s.", as.saveErr, retryDelay)
	default:
		return nil
	}
	return block(text, a.c.Width, 2)
}

// detachedReason says why the database takes no more saves, naming it by
// its file name so the sentence fits the banner.
func (a *App) detachedReason() string {
	var d *store.DetachedError
	if errors.As(a.autosave.detachErr, &d) {
		return filepath.Base(a.c.DBPath) + " " + d.Why
	}
	return a.autosave.detachErr.Error()
}

// nearDB names a file beside the database by its name alone.
func (a *App) nearDB(path string) string {
	if filepath.Dir(path) == filepath.Dir(a.saver.store.RescuePath(time.Time{})) {
		return filepath.Base(path) + " beside it"
	}
	return path
}

func (a *App) statusLine() string {
	st := a.c.Styles
	var right string
	switch {
	case a.autosave.saveErr != nil || a.autosave.detachErr != nil:
		right = st.Bad.Render("! not saved")
	case a.autosave.cycle.inflight || a.autosave.cycle.scheduled || (a.ws != nil && a.ws.dirty()):
		right = st.Muted.Render("… saving")
	case !a.autosave.lastSaved.IsZero():
		right = st.Good.Render("✓ saved " + a.autosave.lastSaved.Format("15:04:05"))
	case a.ws != nil:
		right = st.Good.Render("✓ saved")
	}
	left := ""
	if a.c.Flash != "" {
		s := st.Muted
		if strings.HasPrefix(a.c.Flash, "!") {
			s = st.Bad
		}
		left = s.Render(line(a.c.Flash, a.c.Width-lipgloss.Width(right)-2))
	}
	gap := a.c.Width - lipgloss.Width(left) - lipgloss.Width(right)
	return left + strings.Repeat(" ", max(gap, 1)) + right
}

func (a *App) activeKeys() help.KeyMap { return a.active().helpKeys() }

func (a *App) helpLine() string {
	if a.c.Presenter && !a.capturing() {
		return a.c.Styles.Help.Render("? help · p leave presenter mode")
	}
	// The help model leaves out the bindings that do not fit its width, so
	// the line is never cut after styling; it can still overrun by the last
	// one when its ellipsis does not fit, so that one is left out too.
	h := a.help
	h.Width = a.c.Width
	bindings := a.activeKeys().ShortHelp()
	for {
		v := h.ShortHelpView(bindings)
		if lipgloss.Width(v) <= a.c.Width || len(bindings) == 0 {
			return v
		}
		bindings = bindings[:len(bindings)-1]
	}
}

func (a *App) helpView() string {
	st := a.c.Styles
	h := a.help
	h.ShowAll = true
	var b strings.Builder
	b.WriteString(st.Title.Render("Keys") + "\n\n")
	b.WriteString(h.FullHelpView(a.activeKeys().FullHelp()))
	b.WriteString("\n\n" + st.Muted.Render("While a field is being edited it takes every key: esc stops editing,\ntab and shift+tab move between fields, enter is done and moves on, and\nalt+enter or ctrl+j makes a line break. ctrl+c saves and quits from\nanywhere. In a session, u undoes the last change and ctrl+r redoes it.\nPress ? or esc to close this help."))
	return b.String()
}

// tooSmallView replaces the app when the terminal cannot hold the design;
// typing says a field is open, and what is typed still goes into it.
func tooSmallView(w, h int, typing bool) string {
	lines := []string{
		fmt.Sprintf("terminal too small (have %d×%d, need %d×%d)", w, h, MinWidth, MinHeight),
		"enlarge the window; nothing is lost",
	}
	if typing {
		lines = append(lines, "what you type still goes into the field")
	}
	if w < lipgloss.Width(lines[0]) {
		lines = []string{"too small", fmt.Sprintf("have %d×%d", w, h), fmt.Sprintf("need %d×%d", MinWidth, MinHeight)}
		if typing {
			lines = append(lines, "typing goes on")
		}
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], w, "")
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}
