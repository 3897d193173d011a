package room

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/tui"
	"github.com/archreview/archreview/tui/live"

	"github.com/go-json-experiment/json"
)

var testNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// fakeApp is the app as the room sees it: a document only it changes,
// under its lock, as the app's goroutine would.
type fakeApp struct {
	mu      sync.Mutex
	doc     *model.Document
	rev     uint64
	walking string
	feed    live.Feed
	moves   chan struct{}
	copies  atomic.Int64
}

func newFakeApp() *fakeApp {
	return &fakeApp{doc: model.DemoAnswers(testNow), moves: make(chan struct{}, 1)}
}

func (f *fakeApp) Subscribe() (<-chan model.Change, func()) { return f.feed.Subscribe() }
func (f *fakeApp) Moves() <-chan struct{}                   { return f.moves }

func (f *fakeApp) Snapshot(ctx context.Context) (*tui.RoomSnapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.copies.Add(1)
	if f.doc == nil {
		return &tui.RoomSnapshot{}, nil
	}
	return &tui.RoomSnapshot{Doc: f.doc.Clone(), Rev: f.rev, Walking: f.walking != "", Flow: f.walking, Step: model.StepSource}, nil
}

func (f *fakeApp) edit(fn func(d *model.Document)) {
	f.mu.Lock()
	fn(f.doc)
	f.rev++
	c := model.Change{Rev: f.rev, Session: f.doc.Session.ID, Parts: model.PartFlows}
	f.mu.Unlock()
	f.feed.Publish(c)
}

func (f *fakeApp) walk(flowID string) {
	f.mu.Lock()
	f.walking = flowID
	f.mu.Unlock()
	select {
	case f.moves <- struct{}{}:
	default:
	}
}

func startHost(t *testing.T, app *fakeApp, opts Options) *Host {
	t.Helper()
	h, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Share(app); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

// stream is one viewer's event stream, read on a goroutine of its own.
type stream struct {
	events chan [2]string // name, data
	body   io.Closer
}

func openStream(t *testing.T, url string) *stream {
	t.Helper()
	resp, err := http.Get(url + "events")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	s := &stream{events: make(chan [2]string, 64), body: resp.Body}
	t.Cleanup(func() { resp.Body.Close() })
	go func() {
		defer close(s.events)
		r := bufio.NewReader(resp.Body)
		var name, data string
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return
			}
			l = strings.TrimSuffix(l, "\n")
			switch {
			case strings.HasPrefix(l, "event: "):
				name = l[len("event: "):]
			case strings.HasPrefix(l, "data: "):
				data = l[len("data: "):]
			case l == "" && name != "":
				s.events <- [2]string{name, data}
				name, data = "", ""
			}
		}
	}()
	return s
}

// next waits for the next event named name whose data holds want.
func (s *stream) next(t *testing.T, name, want string, within time.Duration) string {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				t.Fatalf("the stream ended before a %q event with %q", name, want)
			}
			if e[0] == name && strings.Contains(e[1], want) {
				return e[1]
			}
		case <-deadline:
			t.Fatalf("no %q event with %q within %s", name, want, within)
		}
	}
}

func get(t *testing.T, method, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestTheTokenGuardsEveryPathAndNothingWrites(t *testing.T) {
	h := startHost(t, newFakeApp(), Options{})
	url := h.URL()
	base := strings.TrimSuffix(url, h.Token()+"/")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("the default address %s is not on 127.0.0.1", url)
	}
	wrong := strings.Repeat("A", len(h.Token()))
	for _, tc := range []struct {
		method, url string
		want        int
	}{
		{"GET", base, 404},
		{"GET", base + "events", 404},
		{"GET", base + wrong + "/", 404},
		{"GET", base + wrong + "/events", 404},
		{"GET", base + h.Token()[:len(h.Token())-1] + "/", 404},
		{"POST", base + wrong + "/", 404},
		{"GET", url, 200},
		{"GET", url + "nothing", 404},
		{"POST", url, 405},
		{"PUT", url + "events", 405},
		{"DELETE", url, 405},
		{"HEAD", url, 405},
	} {
		resp, _ := get(t, tc.method, tc.url)
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, strings.Replace(tc.url, h.Token(), "TOKEN", 1), resp.StatusCode, tc.want)
		}
		if tc.want == 405 && resp.Header.Get("Allow") != "GET" {
			t.Errorf("%s: Allow %q, want GET", tc.method, resp.Header.Get("Allow"))
		}
	}
	resp, page := get(t, "GET", url)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "connect-src 'self'", "script-src 'nonce-"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the page's CSP %q lacks %q", csp, want)
		}
	}
	for _, banned := range []string{"http://", "https://", "//cdn", "src=\"http"} {
		if strings.Contains(strings.ReplaceAll(page, "http://www.w3.org/2000/svg", ""), banned) {
			t.Errorf("the page refers to %q: it must ask for nothing outside itself", banned)
		}
	}
}

// The view follows a change within the debounce, under the presenter
// rules: a private note never reaches it, a credential arrives redacted.
func TestAChangeReachesTheViewersUnderThePresenterRules(t *testing.T) {
	app := newFakeApp()
	h := startHost(t, app, Options{Debounce: 20 * time.Millisecond})
	s := openStream(t, h.URL())
	first := s.next(t, "update", "Flows", 2*time.Second)
	if !strings.Contains(first, "register") || !strings.Contains(first, "<svg") {
		t.Errorf("the first event does not hold the whole view: %.200s", first)
	}

	const secret = "password=Tr0ub4dor-and-3-horses"
	if !redact.ContainsSecret(secret) {
		t.Fatal("the test's credential is not one redact finds")
	}
	flow := app.doc.Flows[0].ID
	app.walk(flow)
	s.next(t, "update", "step 1 of 4", 2*time.Second)
	app.edit(func(d *model.Document) {
		d.Flows[0].Source.Notes = "Typed in the room: ERP wins ties " + secret
		d.Flows[0].Source.PrivateNotes = "FACILITATOR-ONLY remark"
	})
	got := s.next(t, "update", "ERP wins ties", 2*time.Second)
	var u update
	if err := json.Unmarshal([]byte(got), &u); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "Tr0ub4dor") || !strings.Contains(u.Parts["now"], redact.Mark) {
		t.Errorf("the credential is not redacted in the view: %.300s", u.Parts["now"])
	}
	if strings.Contains(got, "FACILITATOR-ONLY") {
		t.Errorf("a private note reached the room")
	}
	// A viewer who opens the flow sees the same rules.
	_, detail := get(t, "GET", h.URL()+"flow?id="+flow)
	if !strings.Contains(detail, "ERP wins ties") || strings.Contains(detail, "Tr0ub4dor") || strings.Contains(detail, "FACILITATOR-ONLY") {
		t.Errorf("the flow's detail: %.300s", detail)
	}
	if resp, _ := get(t, "GET", h.URL()+"flow?id=nosuch"); resp.StatusCode != 404 {
		t.Errorf("an unknown flow: %d, want 404", resp.StatusCode)
	}

	h.Close()
	s.next(t, "ended", "The session has ended", time.Second)
}

// With nobody watching, changes cost the app nothing: the host asks for
// no copy until a viewer comes.
func TestNobodyWatchingNothingIsCopied(t *testing.T) {
	app := newFakeApp()
	h := startHost(t, app, Options{Debounce: 5 * time.Millisecond})
	for i := range 20 {
		app.edit(func(d *model.Document) { d.Flows[0].Source.Notes = strings.Repeat("x", i) })
	}
	app.walk(app.doc.Flows[1].ID)
	time.Sleep(50 * time.Millisecond)
	if n := app.copies.Load(); n != 0 {
		t.Fatalf("the host asked for %d copies with nobody watching", n)
	}
	s := openStream(t, h.URL())
	s.next(t, "update", "Flows", 2*time.Second)
	if n := app.copies.Load(); n != 1 {
		t.Errorf("a viewer joining made %d copies, want 1", n)
	}
}

// A viewer that never reads is dropped once its buffer is full; publishing
// never waits for it, and a viewer that reads gets every event.
func TestAViewerThatNeverReadsIsDropped(t *testing.T) {
	hb := newHub(10)
	stuck, err := hb.join()
	if err != nil {
		t.Fatal(err)
	}
	reader, _ := hb.join()
	got := make(chan int)
	go func() {
		n := 0
		for range reader.out {
			n++
			if n == viewerBuffer+4 {
				break
			}
		}
		got <- n
	}()
	for i := range viewerBuffer + 4 {
		hb.publish(uint64(i+1), map[string]string{"now": strings.Repeat("a", i+1)})
		time.Sleep(time.Millisecond) // the reader reads as a browser does
	}
	select {
	case <-stuck.gone:
	default:
		t.Fatal("a viewer that read nothing is still in the room")
	}
	if n := <-got; n != viewerBuffer+4 {
		t.Errorf("the reading viewer got %d events", n)
	}
	// The room is full at its bound, and says so.
	hb2 := newHub(1)
	if _, err := hb2.join(); err != nil {
		t.Fatal(err)
	}
	if _, err := hb2.join(); err != errRoomFull {
		t.Errorf("a viewer past the bound: %v, want the room full", err)
	}
}

// Over the network: a client that asks for the stream and never reads,
// and one that sends garbage, do not hold up the viewers that read.
func TestStuckAndGarbageClientsDoNotHoldUpTheRoom(t *testing.T) {
	app := newFakeApp()
	app.walking = app.doc.Flows[0].ID
	h := startHost(t, app, Options{Debounce: time.Millisecond})
	addr := strings.SplitN(h.URL(), "/", 4)[2]
	garbage, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer garbage.Close()
	_, _ = garbage.Write([]byte("\x00\x01NOT HTTP\r\n\r\n"))

	stuck, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	path := "/" + h.Token() + "/events"
	if _, err := stuck.Write([]byte("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if tcp, ok := stuck.(*net.TCPConn); ok {
		_ = tcp.SetReadBuffer(4 << 10)
	}
	s := openStream(t, h.URL())
	s.next(t, "update", "Flows", 2*time.Second)
	waitFor(t, "both viewers in the room", func() bool { return viewers(h) == 2 })

	// Big changes, so the stuck client's socket fills.
	big := strings.Repeat("long answer ", 20000)
	for i := 0; viewers(h) > 1; i++ {
		if i > 400 {
			t.Fatalf("the stuck client is still in the room after %d changes", i)
		}
		app.edit(func(d *model.Document) { d.Flows[0].Source.Notes = big + string(rune('a'+i%26)) })
		s.next(t, "update", "long answer", 2*time.Second)
	}
	app.edit(func(d *model.Document) { d.Flows[0].Source.Notes = "after the stuck client left" })
	s.next(t, "update", "after the stuck client left", 2*time.Second)
}

func viewers(h *Host) int {
	h.hub.mu.Lock()
	defer h.hub.mu.Unlock()
	return len(h.hub.viewers)
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 5s for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTheRoomFileIsPrivateAndGoesOnClose(t *testing.T) {
	file := filepath.Join(t.TempDir(), "room.json")
	h := startHost(t, newFakeApp(), Options{RoomFile: file})
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the room file: %v, %v; want it 0600", fi, err)
	}
	b, _ := os.ReadFile(file)
	var rf roomFile
	if err := json.Unmarshal(b, &rf); err != nil || rf.Web != h.URL() || rf.Token != h.Token() || rf.SSH != "" {
		t.Fatalf("the room file holds %s (%v)", b, err)
	}
	h.Close()
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the room file is still there after Close: %v", err)
	}
}

func TestAPortInUseIsOneLineNamingIt(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	h, err := New(Options{Web: addr})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = h.Listen()
	if err == nil || !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("listening on a port in use: %v", err)
	}
	for _, tc := range []struct{ given, want string }{
		{"", "127.0.0.1:0"}, {":8080", "127.0.0.1:8080"}, {"0.0.0.0:9000", "0.0.0.0:9000"}, {"192.168.1.20:", "192.168.1.20:0"},
	} {
		if got, err := webAddress(tc.given); err != nil || got != tc.want {
			t.Errorf("webAddress(%q) = %q, %v; want %q", tc.given, got, err, tc.want)
		}
	}
	if _, err := webAddress("laptop"); err == nil {
		t.Error("an address with no port was taken")
	}
}

// A thousand clients that connect and say nothing hold no viewer's place
// and stop no change from reaching the room.
func TestAThousandIdleClientsDoNotHoldUpTheRoom(t *testing.T) {
	app := newFakeApp()
	app.walking = app.doc.Flows[0].ID
	h := startHost(t, app, Options{Debounce: time.Millisecond})
	addr := strings.SplitN(h.URL(), "/", 4)[2]
	for range 1000 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("an idle client could not connect: %v", err)
		}
		defer c.Close()
	}
	s := openStream(t, h.URL())
	s.next(t, "update", "Flows", 2*time.Second)
	app.edit(func(d *model.Document) { d.Flows[0].Source.Notes = "typed past a thousand idle clients" })
	s.next(t, "update", "typed past a thousand idle clients", 2*time.Second)
	if n := viewers(h); n != 1 {
		t.Errorf("%d viewers in the room, want the one that asked for the stream", n)
	}
}

// Leaving the session clears the page: every part is replaced.
func TestLeavingTheSessionClearsThePage(t *testing.T) {
	app := newFakeApp()
	h := startHost(t, app, Options{Debounce: time.Millisecond})
	s := openStream(t, h.URL())
	s.next(t, "update", "Risk register", 2*time.Second)
	app.mu.Lock()
	app.doc = nil
	app.mu.Unlock()
	app.walk("")
	got := s.next(t, "update", "Waiting for the facilitator", 2*time.Second)
	var u update
	if err := json.Unmarshal([]byte(got), &u); err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"flows", "register", "decisions", "map", "target"} {
		if v, ok := u.Parts[part]; !ok || v != "" {
			t.Errorf("leaving the session left the %s part: %q (sent %v)", part, v, ok)
		}
	}
}

// The page draws the target-state map once the room gives a system a
// target: the retired system is gone from it and the new one is on it;
// before that, one line says why there is none.
func TestThePageDrawsTheTargetStateMap(t *testing.T) {
	plain := model.DemoAnswers(time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC))
	v := buildView(&tui.RoomSnapshot{Doc: plain, Rev: 1}, time.Now())
	if !strings.Contains(v.parts["target"], "No system has a target yet") || strings.Contains(v.parts["target"], "<svg") {
		t.Errorf("without targets the page's target part is %.120q", v.parts["target"])
	}
	demo := model.Demo(time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC))
	v = buildView(&tui.RoomSnapshot{Doc: demo, Rev: 2}, time.Now())
	target, current := v.parts["target"], v.parts["map"]
	if !strings.HasPrefix(target, "<svg") || strings.Contains(target, "<?xml") {
		t.Fatalf("with targets the page's target part is not an inline SVG: %.120q", target)
	}
	for _, name := range []string{"Price spreadsheet", "Nightly stock CSV (SFTP)"} {
		if !strings.Contains(current, name) || strings.Contains(target, name) {
			t.Errorf("%q: on today's map %v, on the target map %v; want it only on today's", name, strings.Contains(current, name), strings.Contains(target, name))
		}
	}
	if !strings.Contains(target, "3PL stock feed (hourly deltas)") {
		t.Error("the planned system is not on the target map")
	}
}
