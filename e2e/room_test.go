//go:build unix

package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// roomFile is what archreview room --room-file writes.
type roomFile struct {
	Web   string `json:"web"`
	SSH   string `json:"ssh"`
	Token string `json:"token"`
}

func waitRoomFile(t *testing.T, path string) roomFile {
	t.Helper()
	deadline := time.Now().Add(appWait)
	for {
		b, err := os.ReadFile(path)
		var rf roomFile
		if err == nil && json.Unmarshal(b, &rf) == nil && rf.Web != "" {
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
				t.Errorf("the room file is %04o, want 0600", fi.Mode().Perm())
			}
			return rf
		}
		if time.Now().After(deadline) {
			t.Fatalf("no room file at %s after %s (%v)", path, appWait, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func statusOf(t *testing.T, method, url string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The room follows the facilitator in a real browser: an answer typed in
// the app shows on the page within a second, a credential redacted, a
// private note never; a participant opens a flow of their own; the URL
// without its token is 404 and a POST 405; closing the app tells the page.
func TestRoomFollowsTheFacilitatorInABrowser(t *testing.T) {
	requireTool(t, "chromium", "the web room is followed in a real browser")
	db := fixtureDB(t)
	file := filepath.Join(t.TempDir(), "room.json")
	app := startIn(t, "exec env ARCHREVIEW_THEME=dark "+shellQuote(binary)+" --db "+shellQuote(db)+" room 'Keystroke review' --room-file "+shellQuote(file), 100, 30)
	rf := waitRoomFile(t, file)
	if !strings.HasPrefix(rf.Web, "http://127.0.0.1:") || !strings.Contains(rf.Web, "/"+rf.Token+"/") || len(rf.Token) < 22 || rf.SSH != "" {
		t.Fatalf("the room file: %+v", rf)
	}
	app.waitFor("● Room: "+rf.Web, appWait)
	base := strings.TrimSuffix(rf.Web, rf.Token+"/")
	for _, c := range []struct {
		method, url string
		want        int
	}{{"GET", base, 404}, {"GET", base + "events", 404}, {"GET", base + strings.Repeat("x", len(rf.Token)) + "/", 404}, {"POST", rf.Web, 405}, {"POST", rf.Web + "events", 405}} {
		if got := statusOf(t, c.method, c.url); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, strings.Replace(c.url, rf.Token, "TOKEN", 1), got, c.want)
		}
	}

	bctx, stop := headlessChromium(t, "the room is followed in a real browser", 1200, 900)
	defer stop()
	var mu sync.Mutex
	var problems []string
	_ = chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded: // a Content Security Policy refusal among them
			if ev.Entry.Level == cdplog.EntryLevelError {
				problems = append(problems, "browser log ("+string(ev.Entry.Source)+"): "+ev.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(ev.Request.URL, rf.Web) {
				problems = append(problems, "a request leaving the room: "+ev.Request.URL)
			}
		}
	})
	if err := chromedp.Do(bctx, chromedp.Navigate(rf.Web)); err != nil {
		t.Fatalf("Chromium did not open the room: %v", err)
	}
	page := func() string {
		text, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatalf("reading the page: %v", err)
		}
		return text
	}
	html := func() string {
		s, err := chromedp.Run(bctx, chromedp.OuterHTML(chromedp.CSS("html")))
		if err != nil {
			t.Fatalf("reading the page: %v", err)
		}
		return s
	}
	// seen waits for the page to show want, and says how long it took.
	seen := func(want string, within time.Duration) time.Duration {
		t.Helper()
		start := time.Now()
		for time.Since(start) < within+5*time.Second {
			if strings.Contains(page(), want) {
				took := time.Since(start)
				if took > within {
					t.Errorf("the page showed %q after %s, want within %s", want, took.Round(time.Millisecond), within)
				}
				return took
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("the page never showed %q:\n%s", want, page())
		return 0
	}
	seen("Live: following the facilitator", appWait)
	seen("Web orders to ERP", time.Second)

	app.sendKeys("Enter")
	app.waitFor("[1 Source", appWait)
	seen("Now: Web orders to ERP", time.Second)

	app.editField("Notes")
	app.typeText("Agreed in the room: the ERP wins ties")
	took := seen("Agreed in the room: the ERP wins ties", time.Second)
	t.Logf("typed answer on the page after %s", took.Round(time.Millisecond))
	app.typeText(" api password=Tr0ub4dor-and-3-horses")
	seen("[redacted]", time.Second)
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)

	app.editField("Private notes")
	app.typeText("FACILITATOR-ONLY remark")
	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	app.moveTo("Identifier matching", true)
	app.sendKeys("Enter")
	app.waitFor("esc stop editing", appWait)
	app.typeText("order number on both sides")
	seen("order number on both sides", time.Second)

	// A participant opens the flow for themselves.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`#part-flows button[data-flow="flow-orders"]`))); err != nil {
		t.Fatal(err)
	}
	seen("1 Source", time.Second)
	app.waitFor("esc stop editing", appWait) // the facilitator is where they were
	all := html() + page()
	for _, never := range []string{"FACILITATOR-ONLY", "Tr0ub4dor"} {
		if strings.Contains(all, never) {
			t.Errorf("the page shows %q", never)
		}
	}

	app.sendKeys("Escape")
	app.waitFor("enter edit", appWait)
	pid := app.pid()
	app.sendKeys("C-c")
	seen("The session has ended", time.Second)
	waitGone(t, pid, exitWithin, "ctrl+c in the room")
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("the room file is still there after the app ended: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}

// While the app has the file open, list and export read what it saved;
// a second app is still refused.
func TestReadCommandsWhileTheAppIsOpen(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	app := startApp(t, db, true)
	app.openWalk()
	app.answer("Notes", "Saved while the app was open")
	app.waitFor("saved", appWait)
	deadline := time.Now().Add(appWait)
	var out string
	for time.Now().Before(deadline) {
		var code int
		out, _, code = run(t, db, nil, "export", "Keystroke review", "--format", "json")
		if code == 0 && strings.Contains(out, "Saved while the app was open") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var doc struct {
		Flows []struct {
			Source struct {
				Notes string `json:"notes"`
			} `json:"source"`
		} `json:"flows"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Flows) != 1 || doc.Flows[0].Source.Notes != "Saved while the app was open" {
		t.Fatalf("export while the app is open: %v, %.300s", err, out)
	}
	list := mustRun(t, db, nil, "list", "--json")
	if !strings.Contains(list, `"name": "Keystroke review"`) {
		t.Fatalf("list while the app is open: %s", list)
	}
	if _, stderr, code := run(t, db, []byte(fixtureSession), "import", "-", "--replace"); code == 0 || !strings.Contains(stderr, "is open in another archreview") {
		t.Errorf("import while the app is open: exit %d, %q; want the clear refusal", code, stderr)
	}
	entries, _ := os.ReadDir(filepath.Dir(db))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".read.tmp") {
			t.Errorf("a reader's copy is left beside the database: %s", e.Name())
		}
	}
	app.quitFromWalk()
	if _, err := os.Stat(db + ".sock"); !os.IsNotExist(err) {
		t.Errorf("the socket is still beside the database after the app ended: %v", err)
	}
}

// A closed terminal or a stop signal ends the room as q does: what was
// typed is saved, the page hears the session has ended, the room file
// goes, and the process is gone within a second.
func TestRoomStopSignalsSaveAndTellThePage(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			db := fixtureDB(t)
			file := filepath.Join(t.TempDir(), "room.json")
			app := startIn(t, "exec env ARCHREVIEW_THEME=dark "+shellQuote(binary)+" --db "+shellQuote(db)+" room e2e-session --room-file "+shellQuote(file), 100, 30)
			rf := waitRoomFile(t, file)
			resp, err := http.Get(rf.Web + "events")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			heard := make(chan string, 1)
			go func() {
				b, _ := io.ReadAll(resp.Body)
				heard <- string(b)
			}()
			app.sendKeys("Enter")
			app.waitFor("[1 Source", appWait)
			app.editField("Data quality")
			text := "Typed just before " + sig.String()
			app.typeText(text)
			app.waitFor(text, appWait)
			pid := app.pid()
			_ = syscall.Kill(pid, sig)
			waitGone(t, pid, time.Second, sig.String())
			select {
			case stream := <-heard:
				if !strings.Contains(stream, "event: ended") || !strings.Contains(stream, "The session has ended.") {
					t.Errorf("the stream ended without the end said: %.300s", stream[max(0, len(stream)-300):])
				}
			case <-time.After(time.Second):
				t.Error("the page's stream was still open a second after the app ended")
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Errorf("the room file outlived the app: %v", err)
			}
			if got := exportSession(t, db, "e2e-session").Flows[0].Source.DataQuality; got != text {
				t.Errorf("after %s data_quality = %q, want %q", sig, got, text)
			}
		})
	}
}

// The credentials a consultant types never reach the room: not in the
// page, its stream, the flows list, the register or any flow's detail.
func TestTypedCredentialsNeverReachTheRoom(t *testing.T) {
	t.Parallel()
	_, after := credentialSession(t)
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, nil, "import", after)
	var id string
	for _, e := range listJSON(t, db) {
		id, _ = e["id"].(string)
	}
	file := filepath.Join(t.TempDir(), "room.json")
	startIn(t, "exec env ARCHREVIEW_THEME=dark "+shellQuote(binary)+" --db "+shellQuote(db)+" room "+shellQuote(id)+" --room-file "+shellQuote(file), 100, 30)
	rf := waitRoomFile(t, file)
	fetch := func(url string, limit int64) string {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
		return string(b)
	}
	// The stream's first event is the whole view; read until it is in.
	resp, err := http.Get(rf.Web + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var stream strings.Builder
	buf := make([]byte, 64<<10)
	for !strings.Contains(stream.String(), `"map"`) || !strings.HasSuffix(stream.String(), "\n\n") {
		n, err := resp.Body.Read(buf)
		stream.Write(buf[:n])
		if err != nil {
			t.Fatalf("the stream ended: %v", err)
		}
	}
	all := fetch(rf.Web, 16<<20) + stream.String()
	for _, f := range objects(exportMap(t, db, id)["flows"]) {
		all += fetch(rf.Web+"flow?id="+f["id"].(string), 16<<20)
	}
	leaksNoCredential(t, "the room", all, "name", "answer", "fix")
}
