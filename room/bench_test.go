package room

import (
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/tui"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// keyTimed runs the app inside a real program and says when a key has
// been through Update and View, so a benchmark can wait for each keystroke
// the way the facilitator waits for it to show.
type keyTimed struct {
	app  *tui.App
	done chan string
}

func (m keyTimed) Init() tea.Cmd { return m.app.Init() }

func (m keyTimed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	f := m.app.Floor()
	cmd := f.UpdateHeld(m.app, msg)
	if _, ok := msg.(tea.KeyMsg); ok {
		m.done <- f.ViewHeld(m.app)
	}
	return m, cmd
}

func (m keyTimed) View() string { return "" }

// typist is the app running on the demo session with the facilitator in
// its first flow's Notes answer; press sends one key and waits for it.
type typist struct {
	press func(tea.KeyMsg) string
	host  *Host
}

func newTypist(b *testing.B, count int, room bool) *typist {
	return newTypistWith(b, count, 0, room)
}

// newTypistWith is newTypist with guests following over SSH as well.
func newTypistWith(b *testing.B, count, guests int, room bool) *typist {
	b.Helper()
	app := appOn(b, model.DemoAnswers(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)), "bench")
	m := keyTimed{app: app, done: make(chan string, 1)}
	p := runHeadless(b, app, m)
	t := &typist{press: func(k tea.KeyMsg) string { p.Send(k); return <-m.done }}
	// Setup keys come as a person's do: keys within a frame of each other
	// while no field is open are taken for a paste.
	step := func(k tea.KeyMsg) string { time.Sleep(80 * time.Millisecond); return t.press(k) }
	p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	for v := ""; !strings.Contains(v, "[ Flows"); v = step(runes("?")) {
	}
	if strings.Contains(step(runes("?")), "Keys") {
		step(runes("?"))
	}
	step(tea.KeyMsg{Type: tea.KeyEnter})
	for range 5 {
		step(runes("j"))
	}
	if v := step(tea.KeyMsg{Type: tea.KeyEnter}); !strings.Contains(v, "esc stop editing") {
		b.Fatalf("not editing the Notes answer:\n%s", v)
	}
	if !room {
		return t
	}
	opts := Options{}
	var signers []gossh.Signer
	if guests > 0 {
		var auth []byte
		for range guests {
			pub, priv, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				b.Fatal(err)
			}
			sp, _ := gossh.NewPublicKey(pub)
			signer, _ := gossh.NewSignerFromKey(priv)
			signers = append(signers, signer)
			auth = append(auth, gossh.MarshalAuthorizedKey(sp)...)
		}
		dir := b.TempDir()
		opts.SSH, opts.AuthorizedKeys, opts.HostKey = "127.0.0.1:0", filepath.Join(dir, "authorized_keys"), filepath.Join(dir, "host_key")
		if err := os.WriteFile(opts.AuthorizedKeys, auth, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	h, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(h.Close)
	if _, err := h.Share(app); err != nil {
		b.Fatal(err)
	}
	for range count {
		resp, err := http.Get(h.URL() + "events")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { resp.Body.Close() })
		go func() { _, _ = io.Copy(io.Discard, resp.Body) }()
	}
	for viewers(h) < count {
		time.Sleep(time.Millisecond)
	}
	for _, signer := range signers {
		joinSSH(b, h.sshLn.Addr().String(), signer)
	}
	for app.Floor().Guests() < guests {
		time.Sleep(time.Millisecond)
	}
	t.host = h
	return t
}

// joinSSH is a guest following over SSH, its screen read and dropped.
func joinSSH(b *testing.B, addr string, signer gossh.Signer) {
	b.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "guest", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 30, 100, nil); err != nil {
		b.Fatal(err)
	}
	s.Stdout, s.Stderr = io.Discard, io.Discard
	if err := s.Shell(); err != nil {
		b.Fatal(err)
	}
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// keysPerBlock is how many keys a block types: some 300 ms of typing, so
// that the room's debounced refreshes (one every DefaultDebounce while
// the answer changes) land inside the block that caused them.
const keysPerBlock = 2000

// block types keysPerBlock keys (a letter, then backspace, alternately)
// and returns the time a key took.
func (t *typist) block() float64 {
	typed, erase := runes("x"), tea.KeyMsg{Type: tea.KeyBackspace}
	start := time.Now()
	for i := range keysPerBlock {
		if i%2 == 0 {
			t.press(typed)
		} else {
			t.press(erase)
		}
	}
	return float64(time.Since(start).Nanoseconds()) / keysPerBlock
}

// BenchmarkKeystrokeInTheRoom is the facilitator typing into an answer
// (Update and View of one key, through the program's loop) alone and with
// 50 web viewers following, in blocks of keys taken alternately in the
// same run, with a pause between blocks so the room's last refresh is
// done before the program alone types. It reports the median time a key
// takes each way and their ratio; the budget is 1.2.
func BenchmarkKeystrokeInTheRoom(b *testing.B) {
	alone := newTypist(b, 0, false)
	watched := newTypist(b, 50, true)
	var aloneNs, watchedNs []float64
	b.ResetTimer()
	for done := 0; done < b.N; done += 2 * keysPerBlock {
		aloneNs = append(aloneNs, alone.block())
		watchedNs = append(watchedNs, watched.block())
		b.StopTimer()
		time.Sleep(2 * DefaultDebounce) // the room's last refresh ends before the next block alone
		b.StartTimer()
	}
	b.StopTimer()
	a, w := median(aloneNs), median(watchedNs)
	b.ReportMetric(a, "alone-ns/key")
	b.ReportMetric(w, "viewers50-ns/key")
	b.ReportMetric(w/a, "ratio")
}

// BenchmarkKeystrokeWithGuests is BenchmarkKeystrokeInTheRoom with three
// guests over SSH as well as the 50 web viewers: each guest redraws its
// own screen of the session as the facilitator types. The budget is 1.2.
func BenchmarkKeystrokeWithGuests(b *testing.B) {
	alone := newTypist(b, 0, false)
	shared := newTypistWith(b, 50, 3, true)
	var aloneNs, sharedNs []float64
	b.ResetTimer()
	for done := 0; done < b.N; done += 2 * keysPerBlock {
		aloneNs = append(aloneNs, alone.block())
		sharedNs = append(sharedNs, shared.block())
		b.StopTimer()
		time.Sleep(2 * DefaultDebounce)
		b.StartTimer()
	}
	b.StopTimer()
	a, w := median(aloneNs), median(sharedNs)
	b.ReportMetric(a, "alone-ns/key")
	b.ReportMetric(w, "viewers50-ssh3-ns/key")
	b.ReportMetric(w/a, "ratio")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// appOn is the app on doc, stored in a database of the test's own, opened
// on the session as archreview room opens it.
func appOn(tb testing.TB, doc *model.Document, version string) *tui.App {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "review.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.Create(doc); err != nil {
		tb.Fatal(err)
	}
	return tui.NewApp(st, tui.Options{Version: version, Session: doc.Session.ID})
}

// runHeadless runs m, the app's model, in a program with no terminal until
// the test ends; the app sends its messages through it.
func runHeadless(tb testing.TB, app *tui.App, m tea.Model) *tea.Program {
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	app.SendWith(p.Send)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		_, _ = p.Run()
	}()
	tb.Cleanup(func() { p.Quit(); <-ran })
	return p
}
