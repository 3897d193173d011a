// Package tui is archreview's terminal app: one root model routing to the
// sessions, session and walkthrough screens, with autosave and presenter mode.
//
// It reads and writes through the store only inside tea.Cmds; Update and View
// do no IO. It must not be imported by model or store.
package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"archreview/model"
	"archreview/store"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// MinWidth and MinHeight are the design size; below it the app says so
// instead of drawing a garbled layout.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Common is what every screen shares: the size it may draw in, the styles,
// the clock and whether the room is watching.
type Common struct {
	Width, Height int
	Styles        Styles
	Presenter     bool
	Now           func() time.Time
	Version       string
	DBPath        string
	ExportDir     string
	// Flash is the one-line message in the status bar; a leading "!" marks
	// a problem.
	Flash string
}

func (c *Common) flash(s string) { c.Flash = s }

type screen int

const (
	screenSessions screen = iota
	screenSession
	screenWalk
)

type lifecycle int

const (
	stateLoading lifecycle = iota
	stateReady
	stateFailed
)

// App is the root model.
type App struct {
	c      *Common
	saver  *saver
	screen screen
	state  lifecycle

	sessions sessionsModel
	session  sessionModel
	walk     walkModel
	ws       *workspace

	help     help.Model
	showHelp bool
	autosave autosave
	quitting bool
	leaving  bool // leaving the session once its last changes are saved
	// confirmQuit is set by a first quit while the text is not saved
	// anywhere; the next quit goes, anything else stays.
	confirmQuit bool
	typed       typeAhead
}

// autosave tracks the save cycle: at most one save in flight, the next
// scheduled when answers change, failures retried with the text kept.
type autosave struct {
	scheduled bool
	inflight  bool
	lastSaved time.Time
	failed    error
	failures  int
	// detached is set once the database stops taking saves (swapped,
	// deleted, written over, damaged): from then on every save writes the
	// whole session to the rescue file instead.
	detached   error
	rescuePath string // where this run's rescue file goes
	rescuedAt  string // where it was last written
	rescueErr  error
}

// tick is tea.Tick; tests swap it to run timers without waiting for them.
var tick = tea.Tick

// Timings of the save cycle. A change is on disk within saveDelay plus one
// commit, well inside the one-second promise.
var (
	saveDelay  = 300 * time.Millisecond
	retryDelay = 2 * time.Second
)

// NewApp builds the root model on an open store.
func NewApp(st *store.Store, opts Options) *App {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &Common{Styles: NewStyles(calmTheme), Now: now, Version: opts.Version, DBPath: st.Path(), ExportDir: opts.ExportDir}
	a := &App{c: c, saver: &saver{store: st}, help: help.New()}
	a.help.ShortSeparator = " · "
	a.help.Styles = c.Styles.help
	if len(opts.Notices) > 0 {
		c.Flash = strings.Join(opts.Notices, "; ")
	}
	a.sessions = newSessionsModel(c)
	a.session = newSessionModel(c)
	a.walk = newWalkModel(c)
	return a
}

// Messages carrying the results of IO.
type (
	sessionsLoadedMsg struct {
		list []store.SessionInfo
		err  error
	}
	sessionOpenedMsg struct {
		doc *model.Document
		err error
	}
	sessionCreatedMsg struct {
		id  string
		err error
	}
	sessionDeletedMsg struct {
		name string
		err  error
	}
	saveTickMsg struct{}
	savedMsg    struct {
		changes store.Changes
		err     error
	}
	exportedMsg struct {
		paths []string
		err   error
	}
	rescuedMsg struct {
		path string
		err  error
	}
	errorMsg struct{ err error }
	closeMsg struct{}
	openMsg  struct{ id string }
	walkMsg  struct{ flow int }
)

func (a *App) Init() tea.Cmd {
	return a.saver.listCmd()
}

func (a *App) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	defer func() {
		// A bug in a screen must not take the room's notes with it: keep the
		// last good state, say so, and let autosave carry on.
		if r := recover(); r != nil {
			a.c.Flash = fmt.Sprintf("! Something went wrong (%T); your answers are kept. Please report it.", r)
			a.typed.holding = false
			m, cmd = a, a.scheduleSave()
		}
	}()
	if a.holdTyped(msg) {
		return a, nil
	}
	if _, ok := msg.(typedTickMsg); ok && len(a.typed.text) == 0 {
		a.typed.waiting = false // a quiet frame ends the burst; nothing changed
		return a, nil
	}
	a.typed.holding = false
	var rev uint64
	if a.ws != nil {
		rev = a.ws.rev
	}
	cmd = a.update(msg)
	if a.ws != nil && a.ws.rev != rev {
		cmd = tea.Batch(cmd, a.scheduleSave())
	}
	if a.typed.drawNow {
		a.typed.drawNow = false
		a.typed.frame, a.typed.holding = a.render(), true
	}
	return a, cmd
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	// Text still waiting for its frame goes in before whatever came after it.
	typed, released := a.releaseTyped()
	if _, ok := msg.(typedTickMsg); ok {
		return tea.Batch(typed, a.typedTicked(released))
	}
	return tea.Batch(typed, a.handle(msg))
}

func (a *App) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.Width, a.c.Height = msg.Width, msg.Height
		a.help.Width = msg.Width
		a.resize()
		return nil

	case tea.KeyMsg:
		return a.handleKey(msg)

	case saveTickMsg:
		a.autosave.scheduled = false
		return a.startSave()

	case savedMsg:
		a.autosave.inflight = false
		if store.IsDetached(msg.err) {
			a.autosave.detached, a.autosave.failed = msg.err, nil
			if a.ws != nil {
				a.ws.restore(msg.changes)
			}
			return a.startSave()
		}
		if msg.err != nil {
			a.leaving = false
			a.autosave.failed = msg.err
			a.autosave.failures++
			if a.ws != nil {
				a.ws.restore(msg.changes)
			}
			a.autosave.scheduled = true
			return tick(retryDelay, func(time.Time) tea.Msg { return saveTickMsg{} })
		}
		a.autosave.failed = nil
		a.autosave.failures = 0
		a.autosave.lastSaved = a.c.Now()
		if a.leaving {
			if a.ws != nil && a.ws.dirty() {
				return a.startSave()
			}
			return a.leaveSession()
		}
		if a.ws != nil && a.ws.dirty() {
			return a.scheduleSave()
		}
		return nil

	case rescuedMsg:
		a.autosave.inflight = false
		a.autosave.rescueErr = msg.err
		if msg.err == nil {
			a.autosave.rescuedAt = msg.path
		}
		if a.leaving && (a.ws == nil || !a.ws.dirty()) {
			return a.leaveSession()
		}
		return a.scheduleSave()

	case sessionsLoadedMsg:
		a.state = stateReady
		if msg.err != nil {
			a.c.Flash = "! " + msg.err.Error()
		}
		a.sessions.setList(msg.list)
		return nil

	case sessionOpenedMsg:
		if msg.err != nil {
			a.c.Flash = "! " + msg.err.Error()
			return nil
		}
		a.ws = newWorkspace(msg.doc)
		a.session.open(a.ws)
		a.screen = screenSession
		a.resize()
		return nil

	case openMsg:
		return a.saver.openCmd(msg.id)

	case sessionCreatedMsg:
		if msg.err != nil {
			a.c.Flash = "! " + msg.err.Error()
			return a.saver.listCmd()
		}
		return tea.Batch(a.saver.listCmd(), a.saver.openCmd(msg.id))

	case sessionDeletedMsg:
		if msg.err != nil {
			a.c.Flash = "! " + msg.err.Error()
		} else {
			a.c.Flash = fmt.Sprintf("Deleted %q; the file was compacted so its text is gone.", model.Printable(msg.name, false))
		}
		return a.saver.listCmd()

	case exportedMsg:
		if msg.err != nil {
			a.c.Flash = "! Export failed: " + msg.err.Error()
		} else {
			a.c.Flash = "Exported " + strings.Join(msg.paths, " and ")
		}
		return nil

	case walkMsg:
		a.walk.open(a.ws, msg.flow)
		a.screen = screenWalk
		a.resize()
		return a.walk.tick()

	case closeMsg:
		return a.back()

	case errorMsg:
		a.c.Flash = "! " + msg.err.Error()
		return nil

	}
	return a.forward(msg)
}

func (a *App) handleKey(msg tea.KeyMsg) tea.Cmd {
	msg = asText(msg) // several runes read at once are text, whatever they spell
	if key.Matches(msg, globalKeyMap.ForceQ) {
		return a.quit()
	}
	if !key.Matches(msg, globalKeyMap.Quit) {
		a.confirmQuit = false
	}
	typing := a.typing()
	if a.tooSmall() && typing == typingNone {
		// Nothing is drawn but the size notice, so no command may act
		// unseen; typing into an open field goes on whatever the size.
		return nil
	}
	a.c.Flash = ""
	if _, ok := typedText(msg, typing); ok {
		return a.typeFirst(msg)
	}
	if !a.capturing() {
		switch {
		case key.Matches(msg, globalKeyMap.Help):
			a.showHelp = !a.showHelp
			return nil
		case a.showHelp && key.Matches(msg, globalKeyMap.Back):
			a.showHelp = false
			return nil
		case key.Matches(msg, globalKeyMap.Quit) && a.screen == screenSessions:
			return a.quit()
		case key.Matches(msg, globalKeyMap.Present) && a.screen != screenSessions:
			a.togglePresenter()
			if a.screen == screenWalk {
				return a.walk.tick()
			}
			return nil
		}
	}
	return a.forward(msg)
}

// typing says what the active screen's field being edited does with typed
// text, typingNone when no field is open.
func (a *App) typing() typingKind {
	switch a.screen {
	case screenSessions:
		return a.sessions.typing()
	case screenSession:
		return a.session.typing()
	case screenWalk:
		return a.walk.typing()
	}
	return typingNone
}

// capturing reports whether the active screen has a field taking every key.
func (a *App) capturing() bool {
	switch a.screen {
	case screenSessions:
		return a.sessions.capturing()
	case screenSession:
		return a.session.capturing()
	case screenWalk:
		return a.walk.capturing()
	}
	return false
}

func (a *App) forward(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch a.screen {
	case screenSessions:
		a.sessions, cmd = a.sessions.update(msg, a.saver)
	case screenSession:
		a.session, cmd = a.session.update(msg, a.saver)
	case screenWalk:
		a.walk, cmd = a.walk.update(msg)
	}
	return cmd
}

// back leaves the current screen. Leaving a session saves it first.
func (a *App) back() tea.Cmd {
	switch a.screen {
	case screenWalk:
		a.screen = screenSession
		a.session.focusFlow(a.walk.flow)
		a.resize()
		return nil
	case screenSession:
		if a.ws != nil && (a.ws.dirty() || a.autosave.inflight) {
			a.leaving = true
			return a.startSave()
		}
		return a.leaveSession()
	}
	return nil
}

// leaveSession closes the session, whose answers are all on disk, and goes
// back to the session list.
func (a *App) leaveSession() tea.Cmd {
	a.leaving = false
	a.ws = nil
	a.screen = screenSessions
	if a.c.Presenter {
		a.togglePresenter()
	}
	a.resize()
	return a.saver.listCmd()
}

func (a *App) togglePresenter() {
	a.c.Presenter = !a.c.Presenter
	if a.c.Presenter {
		a.c.Styles = NewStyles(presenterTheme)
	} else {
		a.c.Styles = NewStyles(calmTheme)
	}
	a.help.Styles = a.c.Styles.help
	a.resize()
}

// scheduleSave starts the save cycle if a change is waiting and no save is
// queued or running. It is a throttle, not a debounce: steady typing still
// reaches the disk every saveDelay.
func (a *App) scheduleSave() tea.Cmd {
	if a.ws == nil || !a.ws.dirty() || a.autosave.scheduled || a.autosave.inflight {
		return nil
	}
	a.autosave.scheduled = true
	return tick(saveDelay, func(time.Time) tea.Msg { return saveTickMsg{} })
}

func (a *App) startSave() tea.Cmd {
	if a.ws == nil || !a.ws.dirty() || a.autosave.inflight {
		return nil
	}
	a.autosave.inflight = true
	now := a.c.Now()
	if a.autosave.detached != nil {
		// The database takes nothing more: the whole session goes to the
		// rescue file, from a copy, so typing on cannot change it midway.
		a.ws.takeChanges(now)
		return a.saver.rescueCmd(a.rescuePath(now), a.ws.doc.Clone(), now)
	}
	return a.saver.saveCmd(a.ws.doc.Session.ID, a.ws.takeChanges(now))
}

func (a *App) rescuePath(now time.Time) string {
	if a.autosave.rescuePath == "" {
		a.autosave.rescuePath = a.saver.store.RescuePath(now)
	}
	return a.autosave.rescuePath
}

// unsaved reports whether typed text is in the app only: the last save
// failed and no rescue file holds it.
func (a *App) unsaved() bool {
	if a.ws == nil {
		return false
	}
	if a.autosave.detached != nil {
		return a.autosave.rescueErr != nil
	}
	return a.autosave.failed != nil
}

// quit saves what is pending, then stops the program. Run saves once more
// after the loop ends, because Bubble Tea drops commands still running.
// While the text is saved nowhere, the first quit asks.
func (a *App) quit() tea.Cmd {
	if a.unsaved() && !a.confirmQuit {
		a.confirmQuit = true
		a.c.Flash = "! Your latest text is not saved. Press the same key again to quit: it will be written to a rescue file beside the database."
		return nil
	}
	a.quitting = true
	if cmd := a.startSave(); cmd != nil {
		return tea.Sequence(cmd, tea.Quit)
	}
	return tea.Quit
}

// FinalSave writes the whole open session synchronously. Run calls it after
// the program loop returns, whatever ended it. When the database does not
// take it, the session goes to the rescue file, and the error says where.
func (a *App) FinalSave() error {
	a.releaseTyped()
	if a.ws == nil {
		return nil
	}
	now := a.c.Now()
	cause := a.autosave.detached
	if cause == nil {
		cause = a.saver.store.Broken()
	}
	if cause == nil {
		cause = a.saver.saveNow(a.ws.doc.Session.ID, a.ws.everything(now))
		if cause == nil {
			return nil
		}
	}
	at, err := a.saver.store.WriteRescue(a.rescuePath(now), a.ws.doc, now)
	if err != nil {
		return fmt.Errorf("the last save failed (%v) and no rescue file could be written (%v)", cause, err)
	}
	return &RescuedError{Path: at, Cause: cause}
}

// RescuedError says the open session is in a rescue file rather than in
// the database, and how to get it back.
type RescuedError struct {
	Path  string
	Cause error
}

func (e *RescuedError) Error() string {
	return fmt.Sprintf("%v, so the open session was written to %s (archreview import --replace reads it back)", e.Cause, e.Path)
}

func (a *App) resize() {
	h := a.bodyHeight()
	a.sessions.setSize(a.c.Width, h)
	a.session.setSize(a.c.Width, h)
	a.walk.setSize(a.c.Width, h)
}

// tooSmall reports whether the terminal is below the design size.
func (a *App) tooSmall() bool { return a.c.Width < MinWidth || a.c.Height < MinHeight }

// footerHeight is the status line plus the help line.
func (a *App) footerHeight() int { return 2 }

func (a *App) bodyHeight() int {
	h := a.c.Height - a.footerHeight()
	h -= len(a.banner())
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
	default:
		switch a.screen {
		case screenSessions:
			body = a.sessions.view()
		case screenSession:
			body = a.session.view()
		case screenWalk:
			body = a.walk.view()
		}
	}
	lines := fitLines(strings.Split(body, "\n"), a.bodyHeight())
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
	case as.detached != nil:
		text = "! NOT SAVED: " + a.detachedReason() + ". "
		switch {
		case as.rescueErr != nil:
			text += fmt.Sprintf("No rescue file could be written either (%v): keep the app open and export with e.", as.rescueErr)
		case as.rescuedAt != "":
			text += "Your text is in " + a.nearDB(as.rescuedAt) + " (archreview import --replace reads it)."
		default:
			text += "Writing your text to a rescue file…"
		}
	case as.failed != nil:
		text = fmt.Sprintf("! NOT SAVED: %v. Your text is kept here; retrying every %s.", as.failed, retryDelay)
	default:
		return nil
	}
	return block(text, a.c.Width, 2)
}

// detachedReason says why the database takes no more saves, naming it by
// its file name so the sentence fits the banner.
func (a *App) detachedReason() string {
	var d *store.DetachedError
	if errors.As(a.autosave.detached, &d) {
		return filepath.Base(a.c.DBPath) + " " + d.Why
	}
	return a.autosave.detached.Error()
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
	case a.autosave.failed != nil || a.autosave.detached != nil:
		right = st.Bad.Render("! not saved")
	case a.autosave.inflight || a.autosave.scheduled || (a.ws != nil && a.ws.dirty()):
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

func (a *App) activeKeys() help.KeyMap {
	switch a.screen {
	case screenSessions:
		return a.sessions.helpKeys()
	case screenSession:
		return a.session.helpKeys()
	case screenWalk:
		return a.walk.helpKeys()
	}
	return newSessionsKeys()
}

func (a *App) helpLine() string {
	if a.c.Presenter && !a.capturing() {
		return a.c.Styles.Help.Render("? help · p leave presenter mode")
	}
	return ansi.Truncate(a.help.ShortHelpView(a.activeKeys().ShortHelp()), a.c.Width, "…")
}

func (a *App) helpView() string {
	st := a.c.Styles
	h := a.help
	h.ShowAll = true
	var b strings.Builder
	b.WriteString(st.Title.Render("Keys") + "\n\n")
	b.WriteString(h.FullHelpView(a.activeKeys().FullHelp()))
	b.WriteString("\n\n" + st.Muted.Render("While a field is being edited it takes every key: esc stops editing,\ntab and shift+tab move between fields, enter in a one-line field moves on.\nctrl+c saves and quits from anywhere. Press ? or esc to close this help."))
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
