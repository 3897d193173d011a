package tui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archreview/archreview/model"

	tea "github.com/charmbracelet/bubbletea"
)

// onFloor is a host with the demo session open and guests on its floor,
// each driven synchronously through the floor as its program would.
func onFloor(t *testing.T, guests ...Guest) (*driver, []*driver) {
	t.Helper()
	host := newDriver(t, true)
	host.floored = true
	host.keys("enter") // open the session
	if host.app.ws == nil {
		t.Fatal("the session did not open")
	}
	var out []*driver
	for _, g := range guests {
		if g.Width == 0 {
			g.Width, g.Height = 100, 30
		}
		g.Out = io.Discard
		m, err := host.app.floor.Join(g)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &driver{t: t, app: m.app, st: host.st, path: host.path, floored: true})
	}
	return host, out
}

// openFourthField walks the first flow and opens its fourth field, returning
// the field's step and key.
func openFourthField(d *driver) (model.Step, string) {
	d.t.Helper()
	d.keys("enter", "j", "j", "j", "enter")
	if d.app.screen != screenWalk || !d.app.walk.editing {
		d.t.Fatalf("no field open: screen %v", d.app.screen)
	}
	return d.app.walk.step, d.app.walk.ed.field.Key
}

// hostHeard takes the nudge a guest's change gave the host, as its
// program would, and reports whether there was one.
func hostHeard(host *driver) bool {
	select {
	case <-host.app.peer:
		host.send(peerMsg{})
		return true
	default:
		return false
	}
}

func TestGuestEditReachesTheHostAndIsSaved(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	st, k := openFourthField(ana)
	before := host.app.ws.doc.Flows[0].Get(st, k)
	ana.keys(" via Ana")
	if got := host.app.ws.doc.Flows[0].Get(st, k); got != before+" via Ana" {
		t.Fatalf("the host's session has %q", got)
	}
	if !hostHeard(host) {
		t.Fatal("the host was not told of the guest's change")
	}
	host.waitSaved()
	doc, err := host.st.Load(host.app.ws.doc.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Flows[0].Get(st, k); got != before+" via Ana" {
		t.Fatalf("saved %q, want the guest's text", got)
	}
}

func TestAFieldBeingTypedInIsHeld(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	st, k := openFourthField(host)
	before := host.app.ws.doc.Flows[0].Get(st, k)
	host.keys(" host")
	openFourthField(ana)
	ana.keys("y")
	if got := host.app.ws.doc.Flows[0].Get(st, k); got != before+" host" {
		t.Fatalf("the guest's key reached the held field: %q", got)
	}
	if !strings.Contains(ana.app.c.Flash, HostName+" is editing this") {
		t.Fatalf("the guest was told %q", ana.app.c.Flash)
	}
	if ana.app.walk.editing {
		t.Fatal("the guest's field stayed open on text that is not in the session")
	}
	host.keys(" more")
	// Once the host closes it, the guest opens it again, on the host's
	// text, and types on.
	host.keys("esc")
	ana.keys("enter")
	ana.keys(" ana")
	if got := host.app.ws.doc.Flows[0].Get(st, k); got != before+" host more ana" {
		t.Fatalf("the field holds %q, want both texts", got)
	}
}

func TestAFieldChangedSinceItOpenedIsNotOverwritten(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	st, k := openFourthField(ana) // open, nothing typed yet
	before := host.app.ws.doc.Flows[0].Get(st, k)
	openFourthField(host)
	host.keys(" host", "esc")
	ana.keys("z")
	if got := host.app.ws.doc.Flows[0].Get(st, k); got != before+" host" {
		t.Fatalf("the guest's out-of-date field overwrote the host's text: %q", got)
	}
	if !strings.Contains(ana.app.c.Flash, HostName+" changed this since you opened it") {
		t.Fatalf("the guest was told %q", ana.app.c.Flash)
	}
}

func TestEachParticipantUndoesTheirOwnChanges(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	// Ana answers on the second flow, the host on the first.
	ana.keys("j")
	st, k := openFourthField(ana)
	anaBefore := host.app.ws.doc.Flows[1].Get(st, k)
	ana.keys(" ana", "esc")
	hst, hk := openFourthField(host)
	hostBefore := host.app.ws.doc.Flows[0].Get(hst, hk)
	host.keys(" host", "esc")
	host.keys("u")
	if got := host.app.ws.doc.Flows[0].Get(hst, hk); got != hostBefore {
		t.Fatalf("the host's undo left %q", got)
	}
	if got := host.app.ws.doc.Flows[1].Get(st, k); got != anaBefore+" ana" {
		t.Fatalf("the host's undo took Ana's text: %q", got)
	}
	ana.keys("u")
	if got := host.app.ws.doc.Flows[1].Get(st, k); got != anaBefore {
		t.Fatalf("Ana's undo left %q", got)
	}
}

func TestAnUndoOverAnothersChangeIsRefused(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	st, k := openFourthField(ana)
	ana.keys(" ana", "esc")
	openFourthField(host)
	host.keys("tab", " host", "esc") // another field of the same flow
	rev := host.app.ws.rev
	ana.keys("u")
	if !strings.Contains(ana.app.c.Flash, HostName+" changed") {
		t.Fatalf("Ana was told %q", ana.app.c.Flash)
	}
	if host.app.ws.rev != rev {
		t.Fatal("Ana's undo changed the flow the host had changed since")
	}
	if !strings.HasSuffix(host.app.ws.doc.Flows[0].Get(st, k), " ana") {
		t.Fatal("the refused undo took Ana's text out")
	}
}

func TestAFollowerChangesNothing(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ben", ReadOnly: true})
	ben := g[0]
	rev := host.app.ws.rev
	ben.keys("x", "y", "a", "enter", "j", "enter", "q", "z", "u")
	ben.paste("pasted words")
	if host.app.ws.rev != rev {
		t.Fatalf("a follower changed the session (revision %d → %d)", rev, host.app.ws.rev)
	}
	if ben.app.screen != screenWalk {
		t.Fatal("a follower could not walk a flow")
	}
	if !strings.Contains(ben.app.c.Flash, "read-only") {
		t.Fatalf("the follower was told %q", ben.app.c.Flash)
	}
}

func TestAFlowDeletedUnderTheWalkLeavesIt(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	ana.keys("j", "j", "enter") // walking the third flow
	third := host.app.ws.doc.Flows[2].ID
	host.keys("x", "y") // the host deletes the first flow
	if len(host.app.ws.doc.Flows) != 7 {
		t.Fatalf("%d flows", len(host.app.ws.doc.Flows))
	}
	ana.send(peerMsg{})
	if ana.app.screen != screenWalk || ana.app.ws.doc.Flows[ana.app.walk.flow].ID != third {
		t.Fatal("the guest's walk did not follow its flow to its new place")
	}
	host.keys("x", "y") // and now the one Ana walks, second in the list
	host.keys("x", "y")
	ana.send(peerMsg{})
	if ana.app.screen == screenWalk && ana.app.ws.doc.Flows[ana.app.walk.flow].ID != third {
		t.Fatal("the guest walks another flow than its own")
	}
}

// TestProgramsShareTheFloor runs a guest's real program beside the host,
// both typing at once; run with -race.
func TestProgramsShareTheFloor(t *testing.T) {
	host, _ := onFloor(t)
	in, typed := io.Pipe()
	var out lockedBuffer
	m, err := host.app.floor.Join(Guest{Name: "Ana", Opts: []tea.ProgramOption{tea.WithInput(in), tea.WithOutput(io.Discard)}, Out: &out, Width: 100, Height: 30})
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan error, 1)
	go func() { ran <- m.Run() }()
	// Ana walks the second flow and types into it while the host types
	// into the first.
	go func() {
		_, _ = io.WriteString(typed, "j\r")
		time.Sleep(50 * time.Millisecond)
		_, _ = io.WriteString(typed, "jjj\r")
		for range 20 {
			time.Sleep(5 * time.Millisecond)
			_, _ = io.WriteString(typed, "a")
		}
	}()
	st, k := openFourthField(host)
	for range 20 {
		host.keys("h")
		hostHeard(host)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		host.app.floor.mu.Lock()
		n := strings.Count(host.app.ws.doc.Flows[1].Get(ana(host)), "a")
		host.app.floor.mu.Unlock()
		if n >= 20 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	host.app.floor.end()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the guest's program did not end with the session")
	}
	_ = typed.Close()
	if !strings.HasSuffix(host.app.ws.doc.Flows[0].Get(st, k), strings.Repeat("h", 20)) {
		t.Fatalf("the host's keys: %q", host.app.ws.doc.Flows[0].Get(st, k))
	}
	if !strings.Contains(out.String(), "The session has ended.") {
		t.Fatal("the guest was not told the session has ended")
	}
	if _, err := host.app.floor.Join(Guest{Name: "late", Out: io.Discard}); err == nil {
		t.Fatal("a guest joined a session that had ended")
	}
}

// ana is the step and key of the field the guest of
// TestProgramsShareTheFloor types into, once its field is open.
func ana(host *driver) (model.Step, string) {
	for m := range host.app.floor.members {
		if m.walk.editing {
			return m.walk.step, m.walk.ed.field.Key
		}
	}
	return model.StepSource, ""
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestAFormOnARecordThatMovedIsNotWrittenFrom(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	// Ana opens the second question's form; the host deletes the first,
	// so the form's place in the list is now another question's.
	ana.keys("tab", "tab", "j", "enter")
	if ana.app.session.form == nil {
		t.Fatal("no form open on the question")
	}
	second := host.app.ws.doc.OpenQuestions[1]
	host.keys("tab", "tab", "x", "y")
	if len(host.app.ws.doc.OpenQuestions) == 0 || host.app.ws.doc.OpenQuestions[0].ID != second.ID {
		t.Fatalf("the host did not delete the first question: %q", host.app.c.Flash)
	}
	before := fmt.Sprint(host.app.ws.doc.OpenQuestions)
	ana.keys("esc", "enter", "Z")
	if got := fmt.Sprint(host.app.ws.doc.OpenQuestions); got != before {
		t.Fatalf("the stale form wrote into the questions:\n%s\n%s", got, before)
	}
	if !strings.Contains(ana.app.c.Flash, HostName+" changed this part of the session") {
		t.Fatalf("Ana was told %q", ana.app.c.Flash)
	}
}

func TestAGuestLeavesTheHostsFilesAlone(t *testing.T) {
	_, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	ana.keys("e")
	if ana.app.session.export != nil {
		t.Fatal("e opened the export prompt for the host's files")
	}
	if !strings.Contains(ana.app.c.Flash, "the host's laptop") {
		t.Fatalf("e: the guest was told %q", ana.app.c.Flash)
	}
	ana.keys("tab", "I")
	if ana.app.session.capturing() {
		t.Fatal("I opened the inventory import on the host's files")
	}
	if !strings.Contains(ana.app.c.Flash, "the host's laptop") {
		t.Fatalf("I: the guest was told %q", ana.app.c.Flash)
	}
	ana.keys("w")
	if !strings.Contains(ana.app.c.Flash, "The room is the host's to share") {
		t.Fatalf("w: the guest was told %q", ana.app.c.Flash)
	}
}

func TestTheHostLeavingTheSessionEndsTheGuests(t *testing.T) {
	host, _ := onFloor(t)
	var out lockedBuffer
	m, err := host.app.floor.Join(Guest{Name: "Ana", Opts: []tea.ProgramOption{tea.WithInput(strings.NewReader("")), tea.WithOutput(io.Discard)}, Out: &out, Width: 100, Height: 30})
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan error, 1)
	go func() { ran <- m.Run() }()
	host.keys("esc") // back to the list of sessions
	if host.app.ws != nil {
		t.Fatal("the host is still in the session")
	}
	select {
	case <-ran:
	case <-time.After(2 * time.Second):
		t.Fatal("the guest stayed on a session the host closed")
	}
	if !strings.Contains(out.String(), "The host closed this session.") {
		t.Fatal("the guest was not told the host closed the session")
	}
	if _, err := host.app.floor.Join(Guest{Name: "late", Out: io.Discard}); err != ErrNoSession {
		t.Fatalf("a guest joining with no session open: %v", err)
	}
}

func TestAFieldAnUndoChangedIsNotOverwritten(t *testing.T) {
	host, g := onFloor(t, Guest{Name: "Ana"})
	ana := g[0]
	st, k := openFourthField(host)
	before := host.app.ws.doc.Flows[0].Get(st, k)
	host.keys(" host", "esc")
	openFourthField(ana) // on the host's text
	host.keys("u")       // which the host takes back
	if got := host.app.ws.doc.Flows[0].Get(st, k); got != before {
		t.Fatalf("the host's undo left %q", got)
	}
	ana.keys("!")
	if got := host.app.ws.doc.Flows[0].Get(st, k); got != before {
		t.Fatalf("Ana's out-of-date field undid the host's undo: %q", got)
	}
	if !strings.Contains(ana.app.c.Flash, HostName+" changed this part of the session") {
		t.Fatalf("Ana was told %q", ana.app.c.Flash)
	}
}
