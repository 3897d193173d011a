package tui

import (
	"errors"
	"io"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The floor: the app's open session, shared by several programs at once
// (a second facilitator over SSH, a colleague following). The host's app
// owns the session; every other program is a guest: an app of its own
// (screen size, cursor, tab, undo) on the host's workspace. Every app runs
// its Update and View holding the floor's one mutex, so the document is
// still changed by one goroutine at a time; after a change, the others are
// nudged (a message to their programs, never waited for) and draw again.
// Saving stays the host's: a guest's change marks the workspace, and the
// nudge has the host's autosave take it.

// Floor is the open session as the programs sharing it reach it.
type Floor struct {
	mu   sync.Mutex
	host *App
	ws   *workspace // the host's open session as the guests share it
	// hostP is the host as a participant, made when the first guest joins
	// the session ws.
	hostP   *participant
	members map[*App]*Member
	ended   bool
	// rev is the workspace's revision as the acting app began.
	rev uint64
}

// HostName is what a guest is told holds a field the host types into.
const HostName = "The host"

// ErrNoSession is a guest's join while the host has no session open.
var ErrNoSession = errors.New("the host has no session open; try again once one is")

func newFloor(host *App) *Floor { return &Floor{host: host, members: map[*App]*Member{}} }

// Floor is the app's floor, which a room joins its SSH guests to.
func (a *App) Floor() *Floor { return a.floor }

// peerMsg tells an app another program changed the session.
type peerMsg struct{}

// endedMsg ends a guest's program.
type endedMsg struct{}

// begin takes the floor for a's update.
func (f *Floor) begin(a *App) {
	f.mu.Lock()
	if a.ws != nil && a.me != nil {
		a.ws.act(a.me)
		if a.typing() == typingNone && !a.capturing() && !a.formOpen() {
			// A field or form opened in this update shows the session as
			// it is now; one open since shows it as it was then.
			a.me.since = a.ws.rev
		}
	}
	if a.ws != nil {
		f.rev = a.ws.rev
	}
}

// done settles a's share of the floor after its update and gives it back.
func (f *Floor) done(a *App) {
	defer f.mu.Unlock()
	if a == f.host && a.ws != f.ws {
		// The host left the session, or opened another: its guests were
		// on that one.
		f.ws, f.hostP = a.ws, nil
		a.me = nil
		f.endGuestsLocked("The host closed this session.")
	}
	ws := a.ws
	if ws == nil {
		return
	}
	if p := a.me; p != nil && a.typing() == typingNone && !a.capturing() {
		p.hold = ""
	}
	if a.screen == screenWalk {
		if fl := ws.flow(a.walk.flow); fl != nil {
			a.walkID = fl.ID
		}
	}
	if ws.rev != f.rev {
		for app, m := range f.members {
			if app != a {
				m.nudge()
			}
		}
		if a != f.host && f.host != nil {
			f.hostNudge()
		}
	}
}

// heardRefusal says why a write of the app's update was refused, before
// its frame is drawn; in a walk, the field it was typed into closes, since
// what it shows is not in the session.
func (a *App) heardRefusal() {
	p := a.me
	if p == nil || p.refused == "" {
		return
	}
	a.c.Flash = "! " + p.refused
	p.refused = ""
	if a.screen == screenWalk {
		a.walk.editing = false
	}
}

// hostNudge tells the host a guest changed the session; the host's
// program is sent it by a goroutine, as the floor is held now.
func (f *Floor) hostNudge() {
	select {
	case f.host.peer <- struct{}{}:
	default: // one is on its way already
	}
}

// formOpen reports whether a form is open on a record, editing or not: it
// holds the record's values, and its place in its list, as they were when
// it opened.
func (a *App) formOpen() bool {
	switch a.screen {
	case screenSession:
		return a.session.form != nil
	case screenWalk:
		return a.walk.risk != nil || a.walk.details != nil
	}
	return false
}

// peerChanged brings the app's screen in step with a change another
// program made: the flow being walked is found again by its id, and a
// flow taken out leaves the walk.
func (a *App) peerChanged() tea.Cmd {
	if a.ws == nil || a.screen != screenWalk || a.walkID == "" {
		return nil
	}
	i := a.ws.indexOf(a.walkID)
	switch {
	case i < 0:
		a.screen = screenSession
		a.walk.editing = false
		a.c.Flash = "! The flow you were on was deleted by someone else; u on their side brings it back."
		a.resize()
	case i != a.walk.flow:
		a.walk.flow = i
	}
	return nil
}

// Guest is a program joining the host's open session.
type Guest struct {
	// Name is who the guest is, as the others are told ("NAME is editing
	// this").
	Name string
	// ReadOnly guests follow: they move and look, and write nothing.
	ReadOnly bool
	// Opts are the program's options: its input and output.
	Opts          []tea.ProgramOption
	Out           io.Writer
	Width, Height int
}

// Member is a guest's program on the floor.
type Member struct {
	floor  *Floor
	app    *App
	screen *screenWriter
	prog   *tea.Program
	wake   chan struct{}
	quit   chan struct{}
	out    io.Writer
	// why the program ended, for its last line.
	why string
}

// Join makes a guest's app on the host's open session; Run runs it.
func (f *Floor) Join(g Guest) (*Member, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.ended:
		return nil, ErrAppEnded
	case f.ws == nil:
		return nil, ErrNoSession
	}
	if f.hostP == nil {
		f.hostP = &participant{name: HostName, hist: f.ws.history, since: f.ws.rev}
		f.ws.join(f.hostP)
		f.host.me = f.hostP
	}
	a := newGuestApp(f, g)
	m := &Member{floor: f, app: a, screen: newScreenWriter(g.Out), wake: make(chan struct{}, 1), quit: make(chan struct{}), out: g.Out}
	m.screen.resize(g.Width, g.Height)
	opts := append([]tea.ProgramOption{tea.WithoutRenderer(), tea.WithoutSignalHandler()}, g.Opts...)
	m.prog = tea.NewProgram(floorApp{app: a, screen: m.screen, floor: f}, opts...)
	f.members[a] = m
	f.ws.join(a.me)
	return m, nil
}

// newGuestApp is an app on the floor's session, with screens, undo and
// a size of its own; it reads and writes the host's workspace and saves
// nothing itself.
func newGuestApp(f *Floor, g Guest) *App {
	h := f.host
	c := &Common{Styles: NewStyles(calmTheme), Now: h.c.Now, Version: h.c.Version, DBPath: h.c.DBPath, ExportDir: h.c.ExportDir, Packs: h.c.Packs, Width: g.Width, Height: g.Height}
	a := &App{c: c, lib: h.lib, saver: h.saver, help: h.help, feed: h.feed, floor: f, guest: true, readOnly: g.ReadOnly, state: stateReady}
	a.share = shareState{ended: make(chan struct{}), moves: make(chan struct{}, 1)}
	a.help.Width = g.Width
	a.sessions = newSessionsModel(c, a.lib)
	a.session = newSessionModel(c, a.lib)
	a.walk = newWalkModel(c)
	a.me = &participant{name: g.Name, readOnly: g.ReadOnly, hist: &history{}, since: f.ws.rev}
	a.ws = f.ws
	a.session.open(a.ws)
	a.screen = screenSession
	a.resize()
	a.active().settle()
	if g.ReadOnly {
		a.c.Flash = "You follow this session read-only: move and look, nothing you type is written."
	} else {
		a.c.Flash = "You share this session with the host: edits reach every screen · ctrl+c leaves"
	}
	return a
}

// Resize tells the guest's program its terminal's new size.
func (m *Member) Resize(width, height int) {
	go m.prog.Send(tea.WindowSizeMsg{Width: width, Height: height})
}

// peerEvery is how often, at most, a guest redraws for the others' changes.
const peerEvery = 50 * time.Millisecond

// Leave ends the guest's program: its connection went.
func (m *Member) Leave() { go m.prog.Quit() }

// nudge has the guest's program draw again; the floor is held, so the
// message goes from the guest's own goroutine (Run).
func (m *Member) nudge() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Run runs the guest's program until the guest leaves or the host ends
// the session; its last line says which.
func (m *Member) Run() error {
	_, _ = io.WriteString(m.out, enterScreen)
	stop := make(chan struct{})
	drawn := make(chan struct{})
	go func() {
		m.screen.run(stop)
		close(drawn)
	}()
	go func() {
		for {
			select {
			case <-m.wake:
				m.prog.Send(peerMsg{})
				// A burst of the others' typing is one redraw a peerEvery:
				// the guest draws well within a second, and never takes
				// the floor from the typist at every key.
				select {
				case <-time.After(peerEvery):
				case <-stop:
					return
				}
			case <-m.quit:
				m.prog.Send(endedMsg{})
				return
			case <-stop:
				return
			}
		}
	}()
	_, err := m.prog.Run()
	close(stop)
	<-drawn
	f := m.floor
	f.mu.Lock()
	why := m.why
	f.mu.Unlock()
	if why == "" {
		why = "You left the session; the host keeps it open."
	}
	// Said before the host hears the guest has gone, and so before it
	// closes the connection.
	_, _ = io.WriteString(m.out, leaveScreen+why+"\r\n")
	f.mu.Lock()
	delete(f.members, m.app)
	if m.app.ws != nil {
		m.app.ws.leave(m.app.me)
	}
	f.mu.Unlock()
	if errors.Is(err, tea.ErrProgramKilled) {
		err = nil
	}
	return err
}

// endGuestsLocked ends every guest's program; why is their last line.
func (f *Floor) endGuestsLocked(why string) {
	for _, m := range f.members {
		if m.why == "" {
			m.why = why
			close(m.quit)
		}
	}
}

// endWait bounds how long the host waits for its guests to be told.
const endWait = 300 * time.Millisecond

// end ends every guest and takes no more; the host calls it when its
// program has returned, before the last save.
func (f *Floor) end() {
	f.mu.Lock()
	f.ended = true
	f.endGuestsLocked("The session has ended.")
	f.mu.Unlock()
	deadline := time.Now().Add(endWait)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		n := len(f.members)
		f.mu.Unlock()
		if n == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// floorApp is an app as its program runs it on the floor: its update and
// view hold the floor, and every view it makes goes to its screen.
type floorApp struct {
	app    *App
	screen *screenWriter
	floor  *Floor
}

func (d floorApp) Init() tea.Cmd {
	if d.app.guest {
		return nil // the session is open already
	}
	return d.app.Init()
}

func (d floorApp) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(endedMsg); ok {
		return d, tea.Quit
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		d.screen.resize(ws.Width, ws.Height)
	}
	d.floor.begin(d.app)
	defer d.floor.done(d.app)
	_, cmd := d.app.Update(msg)
	return d, cmd
}

// View hands the app's frame to the screen, which draws it if it changed;
// the program, which has no renderer, is given nothing.
func (d floorApp) View() string {
	d.floor.mu.Lock()
	frame := d.app.View()
	d.floor.mu.Unlock()
	d.screen.frame(frame)
	return ""
}

// UpdateHeld is a.Update holding the floor, as the app's own program runs
// it, for a host running the app in a program of its own.
func (f *Floor) UpdateHeld(a *App, msg tea.Msg) tea.Cmd {
	f.begin(a)
	defer f.done(a)
	_, cmd := a.Update(msg)
	return cmd
}

// ViewHeld is a.View holding the floor.
func (f *Floor) ViewHeld(a *App) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return a.View()
}

// Guests counts the guests on the floor.
func (f *Floor) Guests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.members)
}

// hostKeys are the session screen's keys that read or write files on the
// host's laptop (an export, an inventory import): a guest leaves them to
// the host.
var hostKeys = key.NewBinding(key.WithKeys("e", "I"))

// guestRefuses says why a guest may not press km here, "" when it may.
func (a *App) guestRefuses(km tea.KeyMsg) string {
	if a.typing() != typingNone || a.capturing() {
		return ""
	}
	switch {
	case a.readOnly && !a.follows(km):
		return "! You follow this session read-only: you can move and look, not change it."
	case a.screen == screenSession && key.Matches(km, hostKeys):
		return "! Exports and imports are the host's: their files are on the host's laptop."
	case a.screen != screenSessions && key.Matches(km, shareKey):
		return "! The room is the host's to share: ask them for its address."
	}
	return ""
}

// followKeys are the keys a read-only guest may press with no field open:
// moving through the session and looking, never changing it.
var followKeys = key.NewBinding(key.WithKeys("up", "down", "left", "right", "j", "k", "pgup", "pgdown", "home", "end", "g", "G",
	"tab", "shift+tab", "esc", "?", "p", "ctrl+c", "1", "2", "3", "4", "5", "6", "7", "8", "9", "[", "]"))

// follows reports whether a read-only guest may press km here: enter only
// walks a flow from the flows tab.
func (a *App) follows(km tea.KeyMsg) bool {
	if key.Matches(km, followKeys) {
		return true
	}
	return km.Type == tea.KeyEnter && a.screen == screenSession && a.session.form == nil && a.session.current().id() == tabFlows
}

// followPeers hands the host's program a nudge for each burst of guests'
// changes, until the program ends.
func (a *App) followPeers(p *tea.Program) {
	for {
		select {
		case <-a.peer:
			p.Send(peerMsg{})
		case <-a.share.ended:
			return
		}
	}
}
