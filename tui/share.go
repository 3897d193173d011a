package tui

import (
	"context"
	"errors"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Sharing the open session with the room: `w` in a session (or `archreview
// room`) starts the host the command line gave the app, which serves a web
// view the room follows. The host never reads the live document: it
// listens to the workspace's changes and to the facilitator's moves, and
// asks the app for a copy, which the app makes in Update, on its own
// goroutine, the one that writes the document. Nobody watching, nothing is
// copied; a keystroke costs what it did.

// Sharer starts the room on the app: its servers, subscribed to src. It is
// called in a tea.Cmd, may be called again (it then gives the room it
// started), and is stopped by whoever made it, after the app returns.
type Sharer interface {
	Share(src RoomSource) (Room, error)
}

// Room is what a started room tells the app to show: where to join it.
type Room struct {
	Web string // the web view's address, its token in it
	SSH string // how to join over SSH; "" while the room has none
}

// RoomSource is the app as a room sees it from its own goroutines.
type RoomSource interface {
	// Subscribe listens to the open session's changes (App.Subscribe).
	Subscribe() (<-chan model.Change, func())
	// Moves has a value whenever the facilitator went to another flow,
	// step or screen since it was last read; it never holds more than one.
	Moves() <-chan struct{}
	// Snapshot is a copy of the open session and where the facilitator
	// is in it, made on the app's goroutine.
	Snapshot(ctx context.Context) (*RoomSnapshot, error)
}

// RoomSnapshot is the open session as the app had it when asked: a deep
// copy, which the app never changes and the room must not change either
// (snapshots share the flows that did not change between them); private
// notes and credentials are still in it: the room applies the presenter
// rules to a copy of its own. And the facilitator's place.
type RoomSnapshot struct {
	// Doc is nil while no session is open.
	Doc *model.Document
	Rev uint64
	// Walking is set while the facilitator walks Flow (an id) at Step.
	Walking bool
	Flow    string
	Step    model.Step
	// Rules are the session's question pack's rule settings, which the
	// register is ranked by.
	Rules map[string]model.RuleSetting
}

// ErrAppEnded is what a snapshot asked of an app that has stopped gets.
var ErrAppEnded = errors.New("the app has ended")

var shareKey = key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "share with the room"))

// shareState is the app's side of sharing.
type shareState struct {
	sharer Sharer
	atOpen bool // start sharing as soon as the session opens
	// send hands a message to the running program (tea.Program.Send);
	// ended is closed once the program has stopped.
	send  func(tea.Msg)
	ended chan struct{}
	moves chan struct{}

	// changes are the open session's changes since the last snapshot,
	// and kept the flows that snapshot copied, by id: a flow no change
	// touched since is handed over again rather than copied again (nobody
	// changes a snapshot, so two may share it).
	changes <-chan model.Change
	kept    map[string]*model.Flow
	keptOf  *workspace // the open session kept's flows are of

	starting bool
	room     *Room
	qr       []string // the web address as a QR code, in half blocks
	panel    bool     // the address and QR code shown over the screen
	place    roomPlace
}

// roomPlace is where the facilitator is, as the room follows it.
type roomPlace struct {
	screen screenKind
	flow   int
	step   model.Step
}

func newShareState(opts Options) shareState {
	return shareState{sharer: opts.Share, atOpen: opts.ShareAtOpen, ended: make(chan struct{}), moves: make(chan struct{}, 1)}
}

// snapshotMsg asks the app for a RoomSnapshot, answered on reply (which
// has room for it, so the app never waits).
type snapshotMsg struct{ reply chan<- *RoomSnapshot }

// sharedMsg is the room started, or why it could not be.
type sharedMsg struct {
	room  Room
	err   error
	panel bool // show the address and QR code once it is up
}

// SendWith gives the app the function that hands messages to its program,
// for a host that runs the program itself (Run does this).
func (a *App) SendWith(send func(tea.Msg)) { a.share.send = send }

// Moves is RoomSource.Moves.
func (a *App) Moves() <-chan struct{} { return a.share.moves }

// Snapshot is RoomSource.Snapshot: it waits for the app's goroutine to
// make the copy, for ctx, or for the app's end.
func (a *App) Snapshot(ctx context.Context) (*RoomSnapshot, error) {
	if a.share.send == nil {
		return nil, ErrAppEnded
	}
	reply := make(chan *RoomSnapshot, 1)
	// Send waits for the program's loop, or returns once it has stopped.
	go a.share.send(snapshotMsg{reply: reply})
	select {
	case s := <-reply:
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-a.share.ended:
		return nil, ErrAppEnded
	}
}

// keptChanges is how many changes the app notes between two snapshots
// before it copies every flow again instead.
const keptChanges = 256

// roomSnapshot copies the open session for the room; only Update calls it.
// The copy shares with the last one every flow no change touched since.
func (a *App) roomSnapshot() *RoomSnapshot {
	if a.ws == nil {
		return &RoomSnapshot{}
	}
	if a.share.changes == nil {
		a.share.changes, _ = a.feed.SubscribeBuffer(keptChanges)
	}
	doc := a.ws.doc
	all := a.share.keptOf != a.ws
	touched := map[string]bool{}
	for drained := false; !drained; {
		select {
		case c, ok := <-a.share.changes:
			if !ok {
				all, drained, a.share.changes = true, true, nil
				continue
			}
			all = all || c.Resync || (c.Touches(model.PartFlows) && len(c.Flows) == 0)
			for _, id := range c.Flows {
				touched[id] = true
			}
		default:
			drained = true
		}
	}
	head := *doc
	head.Flows = nil
	cp := head.Clone()
	cp.Flows = make([]model.Flow, len(doc.Flows))
	kept := make(map[string]*model.Flow, len(doc.Flows))
	for i := range doc.Flows {
		f := &doc.Flows[i]
		if k, ok := a.share.kept[f.ID]; ok && !all && !touched[f.ID] {
			cp.Flows[i] = *k
		} else {
			cp.Flows[i] = f.Clone()
		}
		kept[f.ID] = &cp.Flows[i]
	}
	a.share.kept, a.share.keptOf = kept, a.ws
	s := &RoomSnapshot{Doc: cp, Rev: a.ws.rev, Rules: a.ws.rules()}
	if a.screen == screenWalk && a.walk.flow >= 0 && a.walk.flow < len(a.ws.doc.Flows) {
		s.Walking, s.Flow, s.Step = true, a.ws.doc.Flows[a.walk.flow].ID, a.walk.step
	}
	return s
}

// noteMove tells the room, when one follows, that the facilitator moved.
func (a *App) noteMove() {
	if a.share.room == nil {
		return
	}
	p := roomPlace{screen: a.screen, flow: a.walk.flow, step: a.walk.step}
	if p == a.share.place {
		return
	}
	a.share.place = p
	select {
	case a.share.moves <- struct{}{}:
	default: // one already waits, and says the same
	}
}

// pressShare is the `w` key: start the room, or show where it is.
func (a *App) pressShare() tea.Cmd {
	switch {
	case a.share.sharer == nil:
		a.c.Flash = "! This app cannot share: start it with archreview room SESSION."
		return nil
	case a.share.room != nil:
		a.share.panel = true
		return nil
	}
	return a.startShare(true)
}

// startShare starts the room in a command; panel says to show its address
// and QR code once it is up.
func (a *App) startShare(panel bool) tea.Cmd {
	if a.share.starting {
		return nil
	}
	a.share.starting = true
	a.share.panel = false
	sharer := a.share.sharer
	return func() tea.Msg {
		room, err := sharer.Share(a)
		return sharedMsg{room: room, err: err, panel: panel}
	}
}

// shared takes the room's start: the header shows its address from now on.
func (a *App) shared(msg sharedMsg) {
	a.share.starting = false
	if msg.err != nil {
		a.c.Flash = "! The room could not start: " + msg.err.Error()
		return
	}
	a.share.room = &msg.room
	a.share.qr = qrLines(msg.room.Web)
	// Over an open field the panel would hide what is typed: the header
	// has the address, and w shows the panel once the field is closed.
	a.share.panel = msg.panel && a.typing() == typingNone && !a.capturing()
	a.share.place = roomPlace{screen: -1}
	a.noteMove()
	a.c.Flash = "The room follows this session at " + msg.room.Web + " · w shows its QR code"
}

// shareOnOpen starts the room when the app was asked to share the session
// it opens.
func (a *App) shareOnOpen() tea.Cmd {
	if !a.share.atOpen || a.share.sharer == nil || a.share.room != nil {
		return nil
	}
	a.share.atOpen = false
	return a.startShare(false)
}

// sharePanelKey closes the panel. With no field open the key does nothing
// else, since it was pressed to close it; a field opened meanwhile (the
// room started while the facilitator went on) gets its key as usual.
func (a *App) sharePanelKey(msg tea.KeyMsg) tea.Cmd {
	a.share.panel = false
	if a.typing() != typingNone || a.capturing() {
		return a.command(msg)
	}
	return nil
}

// shareHeader is the line over every screen while the room follows.
func (a *App) shareHeader() []string {
	if a.share.room == nil {
		return nil
	}
	text := "● Room: " + a.share.room.Web
	if a.share.room.SSH != "" {
		text += " · " + a.share.room.SSH
	}
	text += " · w QR code"
	return []string{a.c.Styles.Accent.Render(line(text, a.c.Width))}
}

// sharePanelView is the address and QR code, for phones in the room.
func (a *App) sharePanelView() string {
	st := a.c.Styles
	r := a.share.room
	lines := []string{
		st.Title.Render("The room follows this session"),
		line("Web: "+r.Web, a.c.Width),
	}
	if r.SSH != "" {
		lines = append(lines, line("SSH: "+r.SSH, a.c.Width))
	}
	lines = append(lines, st.Muted.Render(line("No private notes, credentials redacted · any key closes this", a.c.Width)))
	return strings.Join(append(lines, a.share.qr...), "\n")
}
