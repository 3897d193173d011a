// Package tui is archreview's terminal app: one root model routing to the
// sessions, session and walkthrough screens, with autosave and presenter mode.
//
// It reads and writes through the store only inside tea.Cmds; Update and View
// do no IO. It must not be imported by model or store.
package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/pack"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/tui/live"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
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
	// Packs are the question packs this run knows.
	Packs *pack.Library
	// Flash is the one-line message in the status bar; a leading "!" marks
	// a problem.
	Flash string
}

func (c *Common) flash(s string) { c.Flash = s }

type screenKind int

const (
	screenSessions screenKind = iota
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
	lib    *library
	saver  *saver
	screen screenKind
	state  lifecycle

	sessions *sessionsModel
	session  *sessionModel
	walk     *walkModel
	ws       *workspace

	help     help.Model
	showHelp bool
	autosave autosave
	typed    typeAhead
	browse   browseKeys
	// places keeps where each session was left, by id, for this run.
	places map[string]sessionPlace
	// feed hands the open session's changes to other goroutines
	// (applive.go).
	feed *live.Feed
	// share is the room following the session, when there is one.
	share shareState
	// openAt is the session the app opens on, if it was given one.
	openAt string

	// The floor the app shares its session on (floor.go): me is the app
	// as a participant while guests share it; a guest saves nothing, and
	// a read-only one changes nothing. walkID is the flow being walked,
	// found again by it after another's change; peer has a value when a
	// guest changed the session, for the host's program.
	floor           *Floor
	me              *participant
	guest, readOnly bool
	walkID          string
	peer            chan struct{}
}

// NewApp builds the root model on an open store.
func NewApp(st *store.Store, opts Options) *App {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	packs := opts.Packs
	if packs == nil {
		packs = builtinPacks()
	}
	c := &Common{Styles: NewStyles(calmTheme), Now: now, Version: opts.Version, DBPath: st.Path(), ExportDir: opts.ExportDir, Packs: packs}
	a := &App{c: c, lib: &library{store: st, firm: opts.Firm, printer: opts.Printer}, saver: &saver{store: st}, help: help.New(), feed: opts.Feed, share: newShareState(opts), openAt: opts.Session}
	if a.feed == nil {
		a.feed = &live.Feed{}
	}
	a.floor, a.peer = newFloor(a), make(chan struct{}, 1)
	a.help.ShortSeparator = " · "
	a.help.Styles = c.Styles.help
	if len(opts.Notices) > 0 {
		c.Flash = strings.Join(opts.Notices, "; ")
	}
	a.sessions = newSessionsModel(c, a.lib)
	a.session = newSessionModel(c, a.lib)
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
		dir   string // the folder every file went into
		paths []string
		err   error
		// session and revision name what the JSON file holds, which the
		// database keeps to merge a colleague's copy of it from; unkept
		// says why it could not.
		session, revision string
		unkept            error
		// unprinted says the PDF was left out: no browser to print it.
		unprinted bool
	}
	rescuedMsg struct {
		path string
		err  error
	}
	errorMsg struct{ err error }
	closeMsg struct{}
	openMsg  struct{ id string }
	// walkMsg walks a flow; at, when set, is where in it the cursor goes
	// (a search's match).
	walkMsg struct {
		flow int
		at   *walkPlace
	}
)

// walkPlace is a place in a flow's walkthrough: a step, and the field with
// the key or the risk at index risk (-1 for a field) the cursor goes to.
type walkPlace struct {
	step  model.Step
	field string
	risk  int
}

func (a *App) Init() tea.Cmd {
	if a.openAt != "" {
		return tea.Batch(a.lib.listCmd(), a.lib.openCmd(a.openAt))
	}
	return a.lib.listCmd()
}

func (a *App) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	defer func() {
		// A bug in a screen must not take the room's notes with it: keep the
		// last good state, say so, and let autosave carry on.
		if r := recover(); r != nil {
			a.c.Flash = fmt.Sprintf("! Something went wrong (%T); your answers are kept. Please report it.", r)
			a.typed.holding = false
			m, cmd = a, a.onSave(evChanged)
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
	a.heardRefusal()
	if a.ws != nil && a.ws.rev != rev {
		cmd = tea.Batch(cmd, a.onSave(evChanged))
	}
	// What the next View draws is settled now, so View only reads.
	a.active().settle()
	a.noteMove()
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
		return a.onSave(evTick)

	case savedMsg, rescuedMsg:
		return a.saveResult(msg)

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
		a.ws.packs, a.ws.feed = a.c.Packs, a.feed
		if _, notice := a.c.Packs.ForSession(msg.doc.Pack); notice != "" {
			a.c.Flash = notice
		}
		a.session.open(a.ws)
		if p, ok := a.places[msg.doc.Session.ID]; ok {
			a.session.restore(p)
		}
		a.screen = screenSession
		a.resize()
		return a.shareOnOpen()

	case openMsg:
		return a.lib.openCmd(msg.id)

	case sessionCreatedMsg:
		if msg.err != nil {
			a.c.Flash = "! " + msg.err.Error()
			return a.lib.listCmd()
		}
		return tea.Batch(a.lib.listCmd(), a.lib.openCmd(msg.id))

	case sessionDeletedMsg:
		if msg.err != nil {
			a.c.Flash = "! " + msg.err.Error()
		} else {
			a.c.Flash = fmt.Sprintf("Deleted %q; the file was compacted so its text is gone.", model.Printable(msg.name, false))
		}
		return a.lib.listCmd()

	case sessionImportedMsg:
		a.takeImport(msg.doc)
		return nil

	case exportedMsg:
		switch {
		case msg.err != nil:
			a.c.Flash = "! Export failed: " + msg.err.Error()
		case msg.unkept != nil:
			a.c.Flash = "! " + exportedFlash(msg) + " A colleague's copy of it will merge two ways: " + msg.unkept.Error()
		default:
			a.c.Flash = exportedFlash(msg)
		}
		if a.ws != nil && msg.err == nil && msg.unkept == nil {
			a.ws.exported(msg.session, msg.revision)
		}
		return nil

	case walkMsg:
		a.walk.open(a.ws, msg.flow)
		if msg.at != nil {
			a.walk.goTo(*msg.at)
		}
		a.screen = screenWalk
		a.resize()
		return a.walk.tick()

	case closeMsg:
		return a.back()

	case newFlowMsg:
		cmd := a.back()
		a.session.show(tabFlows)
		a.session.startAdd()
		return cmd

	case browseQuietMsg:
		a.browse.quiet(msg)
		return nil

	case errorMsg:
		a.c.Flash = "! " + msg.err.Error()
		return nil

	case flashMsg:
		a.c.Flash = string(msg)
		return nil

	case snapshotMsg:
		msg.reply <- a.roomSnapshot()
		return nil

	case peerMsg:
		cmd := a.peerChanged()
		return tea.Batch(cmd, a.onSave(evChanged))

	case sharedMsg:
		a.shared(msg)
		a.resize()
		return nil

	}
	return a.forward(msg)
}

func (a *App) handleKey(msg tea.KeyMsg) tea.Cmd {
	msg = asText(msg) // several runes read at once are text, whatever they spell
	if a.guest {
		if refused := a.guestRefuses(msg); refused != "" {
			a.c.Flash = refused
			return nil
		}
	}
	if key.Matches(msg, globalKeyMap.ForceQ) {
		return a.quit()
	}
	if !key.Matches(msg, globalKeyMap.Quit) {
		a.autosave.cycle, _ = a.autosave.cycle.on(evOtherKey, false)
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
	if typing == typingNone {
		// Text read in a burst (a paste, dictation, a fast typist over a
		// slow link) with no field open is never taken for commands: not
		// the runes read together, nor the keys that follow within a frame,
		// which no person types.
		burst := msg.Paste || a.browse.recent
		cmd := a.browse.pressed()
		if burst {
			a.c.Flash = "That text went nowhere: no field is open. Press enter to edit one, then type."
			return cmd
		}
		return tea.Batch(cmd, a.command(msg))
	}
	return a.command(msg)
}

// command carries out a key that is not text: the root's own keys, then the
// active screen's.
func (a *App) command(msg tea.KeyMsg) tea.Cmd {
	if a.share.panel {
		return a.sharePanelKey(msg)
	}
	if !a.capturing() {
		switch {
		case key.Matches(msg, shareKey) && a.screen != screenSessions:
			return a.pressShare()
		case key.Matches(msg, globalKeyMap.Help):
			a.showHelp = !a.showHelp
			return nil
		case a.showHelp && key.Matches(msg, globalKeyMap.Back):
			a.showHelp = false
			return nil
		case key.Matches(msg, globalKeyMap.Quit) && a.screen == screenSessions:
			return a.quit()
		case a.ws != nil && a.screen != screenSessions && key.Matches(msg, globalKeyMap.Undo, globalKeyMap.Redo):
			a.undoRedo(key.Matches(msg, globalKeyMap.Redo))
			return nil
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
func (a *App) typing() typingKind { return a.active().typing() }

// capturing reports whether the active screen has a field taking every key.
func (a *App) capturing() bool { return a.active().capturing() }

// forward hands a message to the active screen. Screens are pointers, so the
// screen update returns is the one the root holds.
func (a *App) forward(msg tea.Msg) tea.Cmd {
	_, cmd := a.active().update(msg)
	return cmd
}

// back leaves the current screen. Leaving a session saves it first.
func (a *App) back() tea.Cmd {
	switch a.screen {
	case screenWalk:
		a.screen = screenSession
		a.session.goTo(searchHit{tab: tabFlows, index: a.walk.flow}) // no walk: only the cursor follows
		a.resize()
		return nil
	case screenSession:
		return a.onSave(evLeave)
	}
	return nil
}

// leaveSession closes the session, whose answers are all on disk, and goes
// back to the session list.
func (a *App) leaveSession() tea.Cmd {
	if a.ws != nil {
		if a.places == nil {
			a.places = map[string]sessionPlace{}
		}
		a.places[a.ws.doc.Session.ID] = a.session.place()
	}
	a.ws = nil
	a.screen = screenSessions
	if a.c.Presenter {
		a.togglePresenter()
	}
	a.resize()
	return a.lib.listCmd()
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

func (a *App) resize() {
	h := a.bodyHeight()
	a.sessions.setSize(a.c.Width, h)
	a.session.setSize(a.c.Width, h)
	a.walk.setSize(a.c.Width, h)
}

// tooSmall reports whether the terminal is below the design size.
func (a *App) tooSmall() bool { return a.c.Width < MinWidth || a.c.Height < MinHeight }

// undoRedo steps the open session's history back (or on) one change and
// says what it was; the change saves like any edit.
func (a *App) undoRedo(redo bool) {
	step, verb, none := a.ws.undo, "Undid", "Nothing to undo"
	if redo {
		step, verb, none = a.ws.redo, "Redid", "Nothing to redo"
	}
	what, ok := step()
	if !ok {
		a.c.Flash = none + "."
		if why := a.ws.history.refused; why != "" {
			a.c.Flash = "! Not done: " + why + "."
		}
		return
	}
	a.c.Flash = fmt.Sprintf("%s %s · u undoes, ctrl+r redoes", verb, model.Printable(what, false))
}
