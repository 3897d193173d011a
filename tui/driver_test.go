package tui

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	store.RunCheckerIfAsked()
	// Golden views are plain text: the Ascii profile strips colour, as
	// NO_COLOR does, so selection must show by glyph.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	// Timers answer at once with what they would send, so the driver can
	// run the save cycle now and drop the step clock, whatever the load.
	tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d: d, fn: fn} }
	}
	os.Exit(m.Run())
}

// testNow is the fixed clock of every test, so dates and "saved at" times in
// golden views never change.
var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// timerMsg is a timer the driver decides about: save-cycle timers fire at
// once, the one-second step clock never does.
type timerMsg struct {
	d  time.Duration
	fn func(time.Time) tea.Msg
}

// driver runs the root model the way Bubble Tea does, but synchronously:
// each command runs and its message is fed back.
type driver struct {
	t      testing.TB
	app    *App
	st     *store.Store
	path   string
	quit   bool
	depth  int
	frames int
	// floored sends every message through the floor, as the app's
	// program does (floor.go).
	floored bool
}

func newDriver(t testing.TB, withDemo bool) *driver {
	t.Helper()
	path := filepath.Join(t.TempDir(), "review.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if withDemo {
		if err := st.Create(model.DemoAnswers(testNow)); err != nil {
			t.Fatal(err)
		}
	}
	d := &driver{t: t, st: st, path: path}
	d.app = NewApp(st, Options{Version: "test", Now: func() time.Time { return testNow }, ExportDir: filepath.Join(t.TempDir(), "exports")})
	d.app.c.DBPath = "review.db" // the temp path would change every run
	d.run(d.app.Init())
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	var cmd tea.Cmd
	if d.floored {
		fa := floorApp{app: d.app, screen: newScreenWriter(io.Discard), floor: d.app.floor}
		_, cmd = fa.Update(msg)
		_ = fa.View()
	} else {
		_, cmd = d.app.Update(msg)
		_ = d.app.View()
	}
	d.frames++
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil || d.quit {
		return
	}
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 30 {
		return // a retry loop, such as saves failing on a full disk
	}
	msg := cmd()
	switch m := msg.(type) {
	case nil:
	case timerMsg:
		if m.d < time.Second {
			d.send(m.fn(testNow))
		}
	case tea.QuitMsg:
		d.quit = true
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c)
		}
	default:
		// tea.Sequence's message is an unexported slice of commands.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				d.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		d.send(msg)
	}
}

// keys sends each argument as a key press: names such as "enter", "esc",
// "tab", "shift+tab", "up", "down", "left", "right", "ctrl+c", "backspace",
// or text typed one rune at a time.
func (d *driver) keys(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		if msg, ok := namedKeys[k]; ok {
			d.send(msg)
			continue
		}
		for _, r := range k {
			d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
}

// paste sends text as one bracketed paste, as a terminal does.
func (d *driver) paste(text string) {
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

var namedKeys = map[string]tea.KeyMsg{
	"enter":     {Type: tea.KeyEnter},
	"esc":       {Type: tea.KeyEsc},
	"tab":       {Type: tea.KeyTab},
	"shift+tab": {Type: tea.KeyShiftTab},
	"up":        {Type: tea.KeyUp},
	"down":      {Type: tea.KeyDown},
	"left":      {Type: tea.KeyLeft},
	"right":     {Type: tea.KeyRight},
	"ctrl+c":    {Type: tea.KeyCtrlC},
	"backspace": {Type: tea.KeyBackspace},
	"delete":    {Type: tea.KeyDelete},
	"ctrl+u":    {Type: tea.KeyCtrlU},
	"space":     {Type: tea.KeySpace, Runes: []rune{' '}},
	"pgdown":    {Type: tea.KeyPgDown},
}

func (d *driver) view() string { return ansi.Strip(d.app.View()) }

// waitSaved lets the autosave cycle finish.
func (d *driver) waitSaved() {
	d.t.Helper()
	for i := 0; i < 20 && d.app.ws != nil && (d.app.ws.dirty() || d.app.autosave.cycle.inflight || d.app.autosave.cycle.scheduled); i++ {
		d.run(func() tea.Msg { return saveTickMsg{} })
	}
}

func (d *driver) mustSee(want ...string) {
	d.t.Helper()
	v := d.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			d.t.Fatalf("screen does not show %q:\n%s", w, v)
		}
	}
}

// program runs the app as Bubble Tea does, on one goroutine: a frame after
// every message, commands run and their messages sent, and timers kept
// until the caller fires them, by the clock or when a test says so.
type program struct {
	a      *App
	timers []programTimer
	quit   bool
}

type programTimer struct {
	due time.Time
	fn  func(time.Time) tea.Msg
}

func (p *program) send(msg tea.Msg) {
	if p.quit {
		return
	}
	_, cmd := p.a.Update(msg)
	_ = p.a.View()
	p.run(cmd)
}

func (p *program) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch m := cmd().(type) {
	case nil:
	case tea.QuitMsg:
		p.quit = true
	case timerMsg:
		p.timers = append(p.timers, programTimer{due: time.Now().Add(m.d), fn: m.fn})
	case tea.BatchMsg:
		for _, c := range m {
			p.run(c)
		}
	default:
		if v := reflect.ValueOf(m); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				p.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		p.send(m)
	}
}

// fireDue sends the messages of the timers due by now.
func (p *program) fireDue(now time.Time) {
	for i := 0; i < len(p.timers); {
		t := p.timers[i]
		if now.Before(t.due) {
			i++
			continue
		}
		p.timers = append(p.timers[:i], p.timers[i+1:]...)
		p.send(t.fn(now))
	}
}

// frame fires the typed-text tick, as the next frame would; the save
// cycle and the step clock wait.
func (p *program) frame() (fired bool) {
	timers := p.timers
	p.timers = nil
	for _, t := range timers {
		msg := t.fn(time.Now())
		if _, ok := msg.(typedTickMsg); !ok {
			p.timers = append(p.timers, t)
			continue
		}
		p.send(msg)
		fired = true
	}
	return fired
}

// settle ends a burst: the frame ticks still due come now, until the text
// waiting for them is in and a quiet frame has ended the burst.
func (p *program) settle() {
	for p.a.typed.waiting && !p.quit {
		if !p.frame() {
			return // no tick due: nothing is waiting for one
		}
	}
}
