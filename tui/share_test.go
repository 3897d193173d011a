package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"

	tea "github.com/charmbracelet/bubbletea"
)

// fakeSharer is a room that starts at once and counts its starts.
type fakeSharer struct {
	calls int
	src   RoomSource
}

func (f *fakeSharer) Share(src RoomSource) (Room, error) {
	f.calls++
	f.src = src
	return Room{Web: "http://127.0.0.1:4242/TOKEN/"}, nil
}

func sharingDriver(t *testing.T) (*driver, *fakeSharer) {
	d := newDriver(t, true)
	f := &fakeSharer{}
	d.app.share.sharer = f
	return d, f
}

func moved(a *App) bool {
	select {
	case <-a.Moves():
		return true
	default:
		return false
	}
}

func TestWShareInASessionShowsTheAddressAndItsQRCode(t *testing.T) {
	d, f := sharingDriver(t)
	d.keys("w")
	if f.calls != 0 {
		t.Fatalf("w on the sessions list started a room")
	}
	d.keys("enter", "w")
	if f.calls != 1 || f.src != RoomSource(d.app) {
		t.Fatalf("w in a session: %d starts, source %v", f.calls, f.src)
	}
	d.mustSee("● Room: http://127.0.0.1:4242/TOKEN/", "Web: http://127.0.0.1:4242/TOKEN/", "▀▀▀")
	if got := strings.Count(d.view(), "\n") + 1; got != 24 {
		t.Errorf("the panel's frame is %d lines, want 24", got)
	}
	d.keys("j") // any key closes the panel and does nothing else
	if d.app.share.panel || d.app.session.current().place().cursor != 0 {
		t.Fatalf("the key that closed the panel also moved the cursor")
	}
	d.mustSee("● Room: http://127.0.0.1:4242/TOKEN/", "Web orders to ERP")
	d.keys("w")
	if f.calls != 1 || !d.app.share.panel {
		t.Fatalf("w with the room up: %d starts, panel %v; want the panel again and no new start", f.calls, d.app.share.panel)
	}
}

// A snapshot is a copy made in Update with the facilitator's place; the
// moves are told only while a room follows.
func TestTheRoomGetsACopyAndTheFacilitatorsMoves(t *testing.T) {
	d, _ := sharingDriver(t)
	d.keys("enter", "enter") // into the first flow's walkthrough
	if moved(d.app) {
		t.Fatal("the app told of a move with no room following")
	}
	d.keys("esc", "w", "esc")
	if !moved(d.app) {
		t.Fatal("the room's start told no move")
	}
	d.keys("enter")
	if !moved(d.app) {
		t.Fatal("walking into a flow told no move")
	}
	d.keys("]")
	if !moved(d.app) {
		t.Fatal("the next step told no move")
	}
	d.keys("k")
	if moved(d.app) {
		t.Error("moving between fields of a step told a move")
	}

	asked := make(chan tea.Msg, 1)
	d.app.SendWith(func(m tea.Msg) { asked <- m })
	got := make(chan *RoomSnapshot, 1)
	go func() {
		s, err := d.app.Snapshot(context.Background())
		if err != nil {
			t.Error(err)
		}
		got <- s
	}()
	d.send(<-asked) // the program's loop hands the request to Update
	s := <-got
	flow := d.app.ws.doc.Flows[0]
	if !s.Walking || s.Flow != flow.ID || s.Step != model.StepContract || s.Rev != d.app.ws.rev {
		t.Fatalf("the snapshot's place: walking %v flow %s step %v rev %d", s.Walking, s.Flow, s.Step, s.Rev)
	}
	s.Doc.Flows[0].Name = "changed by the room"
	if d.app.ws.doc.Flows[0].Name == "changed by the room" {
		t.Fatal("the snapshot shares the live document")
	}

	// An app that has ended answers at once.
	close(d.app.share.ended)
	d.app.SendWith(func(tea.Msg) {})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := d.app.Snapshot(ctx); err != ErrAppEnded {
		t.Fatalf("a snapshot of an ended app: %v", err)
	}
}

func TestShareAtOpenStartsTheRoomOnTheSession(t *testing.T) {
	d := newDriver(t, false)
	doc := model.DemoAnswers(testNow)
	f := &fakeSharer{}
	d.app = NewApp(d.st, Options{Version: "test", Now: func() time.Time { return testNow }, Session: doc.Session.ID, Share: f, ShareAtOpen: true})
	if err := d.st.Create(doc); err != nil {
		t.Fatal(err)
	}
	d.run(d.app.Init())
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if f.calls != 1 || d.app.ws == nil || d.app.share.panel {
		t.Fatalf("opening on a session to share: %d starts, open %v, panel %v", f.calls, d.app.ws != nil, d.app.share.panel)
	}
	d.mustSee("● Room: http://127.0.0.1:4242/TOKEN/", doc.Session.Name)
}

func TestHalfBlocksDrawTwoModulesACell(t *testing.T) {
	const (
		darkLight = "\x1b[30m\x1b[107m▀" // top dark, bottom light
		lightDark = "\x1b[97m\x1b[40m▀"
		darkDark  = "\x1b[30m\x1b[40m▀"
		light     = "\x1b[97m\x1b[107m▀"
	)
	for _, tc := range []struct {
		name  string
		bits  [][]bool
		quiet int
		want  []string
	}{
		{"diagonal", [][]bool{{true, false}, {false, true}}, 0, []string{darkLight + lightDark + "\x1b[0m"}},
		{"odd rows end light", [][]bool{{true}}, 0, []string{darkLight + "\x1b[0m"}},
		{"quiet zone", [][]bool{{true}}, 1, []string{light + lightDark + light + "\x1b[0m", light + light + light + "\x1b[0m"}},
		{"column", [][]bool{{true, true}, {true, true}}, 0, []string{darkDark + darkDark + "\x1b[0m"}},
	} {
		if got := halfBlocks(tc.bits, tc.quiet); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	lines := qrLines("http://192.168.100.200:65535/AAAAAAAAAAAAAAAAAAAAAA/")
	if len(lines) == 0 || len(lines) > 17 {
		t.Fatalf("a room address's QR code takes %d lines; it must fit under the panel's text at 80×24", len(lines))
	}
	for _, l := range lines {
		if n := strings.Count(l, "▀"); n != 2*len(lines)-1 && n != 2*len(lines) {
			t.Fatalf("a QR line of %d cells in a code of %d lines is not square", n, len(lines))
		}
	}
}

func snapshotOf(d *driver) *RoomSnapshot {
	reply := make(chan *RoomSnapshot, 1)
	d.send(snapshotMsg{reply: reply})
	return <-reply
}

// A snapshot copies again only the flows changed since the last one; the
// others it shares with it, and neither ever sees a later edit.
func TestSnapshotsShareTheFlowsNoChangeTouched(t *testing.T) {
	d, _ := sharingDriver(t)
	d.keys("enter", "w", "esc")
	first := snapshotOf(d)
	d.keys("enter", "j", "j", "j", "j", "j", "enter") // the first flow's Notes
	d.keys("typed after the first snapshot")
	second := snapshotOf(d)
	if got := second.Doc.Flows[0].Source.Notes; !strings.Contains(got, "typed after the first snapshot") {
		t.Fatalf("the second snapshot's notes: %q", got)
	}
	if strings.Contains(first.Doc.Flows[0].Source.Notes, "typed after") {
		t.Fatal("the first snapshot changed with the edit")
	}
	live := d.app.ws.doc.Flows
	checked := 0
	for i := 1; i < len(live); i++ {
		a, b := first.Doc.Flows[i].Failure.Risks, second.Doc.Flows[i].Failure.Risks
		if len(a) > 0 {
			checked++
		}
		if len(a) > 0 && &a[0] != &b[0] {
			t.Errorf("flow %d, untouched, was copied again", i)
		}
		if len(a) > 0 && &a[0] == &live[i].Failure.Risks[0] {
			t.Errorf("flow %d's risks are the live document's", i)
		}
	}
	if checked == 0 {
		t.Fatal("no untouched flow of the demo has a risk to compare")
	}
	if a, b := first.Doc.Flows[0].Failure.Risks, second.Doc.Flows[0].Failure.Risks; len(a) == 0 || &a[0] == &b[0] {
		t.Error("the edited flow was not copied again")
	}
	d.keys("esc", "esc") // back on the session's list, a risk's title edited elsewhere would list its flow too
	d.app.ws.doc.Flows[1].Failure.Risks[0].Title = "changed behind the feed's back"
	d.app.ws.changed(model.Change{Parts: model.PartFlows}) // a change that names no flow
	third := snapshotOf(d)
	if third.Doc.Flows[1].Failure.Risks[0].Title != "changed behind the feed's back" {
		t.Error("a change naming no flow did not copy every flow again")
	}
}

// The room's QR code is a real one: read back from the half blocks, its
// three finder patterns (a dark 7×7 ring round a dark 3×3 core) sit in the
// corners just inside the quiet zone, the fourth corner has none.
func TestTheRoomQRCodeHasItsFinderPatterns(t *testing.T) {
	lines := qrLines("http://127.0.0.1:40123/0123456789abcdef0123456789abcdef/")
	var bits [][]bool
	for _, l := range lines {
		var top, bottom []bool
		for _, cell := range strings.Split(strings.TrimSuffix(l, "\x1b[0m"), "▀") {
			if cell == "" {
				continue
			}
			top = append(top, strings.HasPrefix(cell, "\x1b[30m"))
			bottom = append(bottom, strings.HasSuffix(cell, "\x1b[40m"))
		}
		bits = append(bits, top, bottom)
	}
	const quiet = 2
	n := len(bits[0]) - 2*quiet
	dark := func(x, y int) bool { return bits[y+quiet][x+quiet] }
	finder := func(x0, y0 int) bool {
		for y := 0; y < 7; y++ {
			for x := 0; x < 7; x++ {
				ring := x == 0 || y == 0 || x == 6 || y == 6
				core := x >= 2 && x <= 4 && y >= 2 && y <= 4
				if dark(x0+x, y0+y) != (ring || core) {
					return false
				}
			}
		}
		return true
	}
	if n < 21 || (n-21)%4 != 0 {
		t.Fatalf("the code is %d modules wide; a QR code is 21, 25, 29 …", n)
	}
	if !finder(0, 0) || !finder(n-7, 0) || !finder(0, n-7) {
		t.Error("a corner lacks its finder pattern: this is not a QR code a phone reads")
	}
	if finder(n-7, n-7) {
		t.Error("the bottom-right corner has a finder pattern; the code is drawn wrong way round")
	}
	for y := 0; y < quiet; y++ {
		for x := range bits[y] {
			if bits[y][x] {
				t.Fatal("the quiet zone has a dark module")
			}
		}
	}
}
