package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Below the design size the notice covers the screen, but typing into an
// open field goes on: in the walkthrough, a risk, a form, the filter. With
// no field open, no command acts behind the notice.
func TestTypingGoesOnBelowTheMinimumSize(t *testing.T) {
	small := tea.WindowSizeMsg{Width: 60, Height: 20}
	full := tea.WindowSizeMsg{Width: 80, Height: 24}

	t.Run("walkthrough field", func(t *testing.T) {
		d := newDriver(t, true)
		d.keys("enter", "enter", "j", "j", "j", "enter") // identifier matching
		before := d.app.ws.doc.Flows[0].Source.Identifiers
		d.send(small)
		d.mustSee("too small", "what you type still goes into the field")
		d.keys(" and the SKU", "tab", "Typed while small")
		d.send(full)
		f := d.app.ws.doc.Flows[0].Source
		if f.Identifiers != before+" and the SKU" || !strings.HasSuffix(f.DataQuality, "Typed while small") {
			t.Fatalf("below the minimum the field got %q and the next %q", f.Identifiers, f.DataQuality)
		}
		// esc stops editing; from then on keys wait again while small.
		done := d.app.ws.doc.Flows[0].Source.Done
		d.send(small)
		d.keys("esc", "d", "x", "r", "2", "q")
		d.send(full)
		if d.quit || d.app.ws.doc.Flows[0].Source.Done != done || d.app.walk.risk != nil || d.app.walk.editing || d.app.walk.step != model.StepSource {
			t.Fatalf("a command acted behind the notice: quit=%v done=%v risk=%v step=%v", d.quit, d.app.ws.doc.Flows[0].Source.Done, d.app.walk.risk != nil, d.app.walk.step)
		}
		d.mustSee("> Data quality")
	})

	t.Run("risk form", func(t *testing.T) {
		d := newDriver(t, true)
		d.keys("enter", "enter", "r") // a new risk, its title being edited
		d.send(small)
		d.keys("Stock feed stalls")
		d.send(full)
		risks := d.app.ws.doc.Flows[0].Failure.Risks
		if got := risks[len(risks)-1].Title; got != "Stock feed stalls" {
			t.Fatalf("risk title typed below the minimum = %q", got)
		}
	})

	t.Run("session details", func(t *testing.T) {
		d := newDriver(t, true)
		d.keys("enter", "i", "j", "enter") // the client
		before := d.app.ws.doc.Session.Client
		d.send(small)
		d.keys(" Group")
		d.send(full)
		if got := d.app.ws.doc.Session.Client; got != before+" Group" {
			t.Fatalf("client typed below the minimum = %q, want %q", got, before+" Group")
		}
	})

	t.Run("new session form and filter", func(t *testing.T) {
		d := newDriver(t, true)
		d.send(small)
		d.keys("n") // no field open: n waits
		d.send(full)
		if d.app.sessions.form != nil {
			t.Fatal("n opened the new-session form behind the notice")
		}
		d.keys("n")
		d.send(small)
		d.keys("Spring replatform")
		d.send(full)
		if got := d.app.sessions.form.values[0]; got != "Spring replatform" {
			t.Fatalf("the new-session name typed below the minimum = %q", got)
		}
		d.keys("esc", "esc", "/")
		d.send(small)
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("harb")}) // one read: the filter blinks after each key
		d.send(full)
		if got := d.app.sessions.filter.Value(); got != "harb" {
			t.Fatalf("the filter typed below the minimum = %q", got)
		}
	})

	t.Run("commands wait", func(t *testing.T) {
		d := newDriver(t, true)
		d.send(small)
		d.keys("x", "y", "q", "D", "n", "/", "?", "enter")
		if d.quit || d.app.sessions.confirm != nil || d.app.sessions.form != nil || d.app.sessions.filterOn || d.app.showHelp || d.app.screen != screenSessions {
			t.Fatalf("a command acted behind the notice: quit=%v confirm=%v screen=%v", d.quit, d.app.sessions.confirm != nil, d.app.screen)
		}
		if list, _ := d.st.List(); len(list) != 1 {
			t.Fatalf("%d sessions after keys behind the notice, want the demo alone", len(list))
		}
		d.keys("ctrl+c") // save and quit works at any size
		if !d.quit {
			t.Fatal("ctrl+c did not quit below the minimum")
		}
	})
}

// Made tiny (a few cells, one cell, no width at all) and large again while
// a field is being edited, the editor keeps its text and its cursor, and
// shows the text from its first line again, not scrolled away.
func TestResizingToNothingWhileEditingKeepsTheText(t *testing.T) {
	sizes := [][2]int{{10, 3}, {1, 1}, {0, 0}, {0, 24}, {80, 0}, {80, 24}, {200, 60}, {1, 24}, {80, 1}, {100, 30}, {80, 24}}
	for _, field := range []struct {
		name string
		keys []string
		get  func(*model.Flow) string
	}{
		{"line", []string{"j", "j", "j"}, func(f *model.Flow) string { return f.Source.Identifiers }},
		{"text area", []string{"j", "j", "j", "j"}, func(f *model.Flow) string { return f.Source.DataQuality }},
	} {
		t.Run(field.name, func(t *testing.T) {
			d := newDriver(t, true)
			d.keys("enter", "enter")
			d.keys(field.keys...)
			d.keys("enter")
			want := field.get(&d.app.ws.doc.Flows[0])
			first := strings.Fields(want)[0]
			for i, sz := range sizes {
				d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				checkFits(t, d.app.View(), sz[0], sz[1])
				w := fmt.Sprintf(" w%02d", i)
				d.keys(w)
				want += w
				if got := field.get(&d.app.ws.doc.Flows[0]); got != want {
					t.Fatalf("after resizing to %dx%d the field holds %q, want %q", sz[0], sz[1], got, want)
				}
				if got := d.app.walk.ed.value(); got != want {
					t.Fatalf("after resizing to %dx%d the editor holds %q, want %q", sz[0], sz[1], got, want)
				}
			}
			// Back at the design size the answer reads from its start, and
			// the cursor is still at its end.
			d.mustSee(first, fmt.Sprintf("w%02d", len(sizes)-1))
			d.keys("!")
			if got := field.get(&d.app.ws.doc.Flows[0]); got != want+"!" {
				t.Fatalf("a key after the resizes landed at the wrong place: %q", got)
			}
		})
	}
}

// checkFits fails when a frame has more lines than the terminal or a line
// wider than it.
func checkFits(t *testing.T, frame string, width, height int) {
	t.Helper()
	if width == 0 {
		if frame != "" {
			t.Fatalf("at width 0 the frame is %q", frame)
		}
		return
	}
	lines := strings.Split(frame, "\n")
	if len(lines) > max(height, 1) {
		t.Fatalf("at %dx%d the frame has %d lines", width, height, len(lines))
	}
	for _, l := range lines {
		if w := lipgloss.Width(l); w > width {
			t.Fatalf("at %dx%d a line is %d wide: %q", width, height, w, l)
		}
	}
}

// A long answer's text area keeps the line being typed on screen, under
// the line that says the answer is long, at the design size and larger.
func TestLongAnswerShowsTheLineBeingTyped(t *testing.T) {
	var lines []string
	for i := 1; i <= 150; i++ {
		lines = append(lines, fmt.Sprintf("line %03d of the pasted mapping sheet", i))
	}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {132, 43}} {
		d := newDriver(t, true)
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		d.keys("enter", "enter")
		d.app.ws.setFlowField(0, model.StepSource, "notes", strings.Join(lines, "\n"))
		d.keys("j", "j", "j", "j", "j", "enter")
		d.mustSee("A long answer", "line 150 of the pasted")
		d.send(tea.KeyMsg{Type: tea.KeyCtrlJ}) // a line break: enter would be done
		d.keys("typed here")
		d.mustSee("A long answer", "line 150 of the pasted", "typed here")
		checkFits(t, d.app.View(), size[0], size[1])
	}
}

// Several runes read at once are text in a field, whatever they spell, and
// never a command outside one.
func TestRunesThatSpellKeysAreText(t *testing.T) {
	words := []string{"tab", "esc", "enter", "end", "home", "up", "down", "left", "backspace", "delete", "ctrl+c", "shift+tab", "ctrl+u", "pgdown"}
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "j", "enter") // data quality
	before := d.app.ws.doc.Flows[0].Source.DataQuality
	for _, w := range words {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
		d.keys("space")
	}
	want := before + strings.Join(words, " ") + " "
	if got := d.app.ws.doc.Flows[0].Source.DataQuality; got != want || d.quit || !d.app.walk.editing {
		t.Fatalf("typing words that spell keys: %q (quit=%v editing=%v), want %q", got, d.quit, d.app.walk.editing, want)
	}
	d.keys("esc")
	for _, w := range []string{"esc", "enter", "ctrl+c", "down"} {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
	}
	if d.quit || d.app.screen != screenWalk || d.app.walk.editing || d.app.walk.cursor != 4 {
		t.Fatalf("runes spelling keys acted as commands: quit=%v screen=%v editing=%v cursor=%d", d.quit, d.app.screen, d.app.walk.editing, d.app.walk.cursor)
	}
}

// Text that arrives faster than frames (a paste the terminal does not
// bracket) waits for the next frame and goes in then, in one piece and in
// order; the screen meanwhile is the last frame drawn, and any other key,
// ctrl+c and the last save included, puts the waiting text in first.
func TestTextFasterThanFramesGoesInOnceAFrame(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "j", "j", "enter") // source notes
	p := &program{a: d.app}
	notes := func() string { return d.app.ws.doc.Flows[0].Source.Notes }
	start := notes()

	burst := rawInput("first second\rthird")
	p.send(burst[0])
	if notes() != start+"first" {
		t.Fatalf("the first key of a burst did not go in at once: %q", notes())
	}
	frame := d.app.View()
	rev := d.app.ws.rev
	for _, m := range burst[1:] {
		p.send(m)
	}
	if notes() != start+"first" || d.app.ws.rev != rev {
		t.Fatalf("keys within a frame went in before it: %q", notes())
	}
	if again := d.app.View(); again != frame {
		t.Fatal("the screen changed while the typed text waited for its frame")
	}
	p.frame()
	if want := start + "first second\nthird"; notes() != want {
		t.Fatalf("after the frame the notes are %q, want %q", notes(), want)
	}
	if !strings.Contains(d.view(), "third") {
		t.Fatalf("the frame after the text went in does not show it:\n%s", d.view())
	}

	// A burst, then tab: the text goes into this field, then the next one
	// takes the keys.
	p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	for _, m := range rawInput(" fourth fifth") {
		p.send(m)
	}
	p.send(tea.KeyMsg{Type: tea.KeyTab})
	if want := start + "first second\nthirdx fourth fifth"; notes() != want {
		t.Fatalf("tab after a burst: notes %q, want %q", notes(), want)
	}
	if d.app.walk.ed.field.Key != "private_notes" {
		t.Fatalf("tab after a burst moved to %q", d.app.walk.ed.field.Key)
	}

	// ctrl+c with text still waiting: the quit saves it.
	for _, m := range rawInput("sixth seventh eighth") {
		p.send(m)
	}
	p.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	if !p.quit {
		t.Fatal("ctrl+c did not quit")
	}
	if err := d.app.FinalSave(); err != nil {
		t.Fatal(err)
	}
	doc, err := d.st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Flows[0].Source.PrivateNotes; !strings.HasSuffix(got, "sixth seventh eighth") {
		t.Fatalf("private notes on disk after ctrl+c mid-burst = %q", got)
	}
}

// The last save, whatever ended the program, includes text still waiting
// for its frame.
func TestFinalSaveTakesTextWaitingForItsFrame(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "enter") // identifier matching
	p := &program{a: d.app}
	for _, m := range rawInput(" and the EAN") {
		p.send(m)
	}
	if err := d.app.FinalSave(); err != nil {
		t.Fatal(err)
	}
	doc, err := d.st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Flows[0].Source.Identifiers; !strings.HasSuffix(got, " and the EAN") {
		t.Fatalf("identifiers on disk = %q", got)
	}
}

// Read in a burst (a paste the terminal does not bracket, a fast typist over
// SSH), text ends the same however the frames fall between its keys: in a
// one-line field a carriage return commits it and moves on, in a text area
// it is the text's own line break. (Pressed alone, enter is done and moves
// on in every field: TestEnterIsDoneEverywhere.)
func TestBurstsEndAsSingleKeysDo(t *testing.T) {
	text := "EAN and SKU\rduplicates after every import\rreported weekly end\rby ops tab"
	type result struct{ identifiers, quality, notes, editing string }
	run := func(every int) result {
		d := newDriver(t, true)
		d.keys("enter", "enter", "j", "j", "j", "enter") // identifier matching
		p := &program{a: d.app}
		for i, m := range rawInput(text) {
			p.send(m)
			if every > 0 && i%every == every-1 {
				p.frame()
			}
		}
		p.frame()
		p.frame()
		f := d.app.ws.doc.Flows[0].Source
		return result{f.Identifiers, f.DataQuality, f.Notes, d.app.walk.ed.field.Key}
	}
	want := run(0)
	if !strings.HasSuffix(want.identifiers, "EAN and SKU") || !strings.HasSuffix(want.quality, "duplicates after every import\nreported weekly end\nby ops tab") {
		t.Fatalf("a burst: identifiers %q, data quality %q", want.identifiers, want.quality)
	}
	for _, every := range []int{3, 7, 1000} {
		if got := run(every); got != want {
			t.Fatalf("a frame every %d keys ends %+v; one burst ends %+v", every, got, want)
		}
	}
}

// One enter rule: pressed alone, enter is done and moves on in a text area
// as in a one-line field, so no stray blank line ends up in an answer;
// alt+enter and ctrl+j make a line break.
func TestEnterIsDoneEverywhere(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter", "j", "j", "j", "j", "enter") // data quality, a text area
	was := d.app.ws.doc.Flows[0].Source.DataQuality
	d.keys(" one")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlJ})
	d.keys("two")
	d.send(tea.KeyMsg{Type: tea.KeyEnter, Alt: true})
	d.keys("three", "enter")
	if got := d.app.ws.doc.Flows[0].Source.DataQuality; got != was+" one\ntwo\nthree" {
		t.Errorf("data quality = %q, want %q", got, was+" one\ntwo\nthree")
	}
	if !d.app.walk.editing || d.app.walk.ed.field.Key != "notes" {
		t.Errorf("enter in the text area did not move on to the next field (editing %v, %q)", d.app.walk.editing, d.app.walk.ed.field.Key)
	}
}

// Typing into a 200 KB answer shows what was typed, where it was typed.
func TestTypingIntoAHugeAnswerShowsOnScreen(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter")
	var b strings.Builder
	for i := 0; b.Len() < 200<<10; i++ {
		fmt.Fprintf(&b, "row %05d of a pasted export from the ERP\n", i)
	}
	d.app.ws.setFlowField(0, model.StepSource, "notes", b.String())
	d.keys("j", "j", "j", "j", "j", "enter")
	d.keys("Zebra-typed-here")
	d.mustSee("Zebra-typed-here")
	if got := d.app.ws.doc.Flows[0].Source.Notes; !strings.HasPrefix(got, b.String()) || !strings.HasSuffix(got, "Zebra-typed-here") {
		t.Fatalf("the answer is not the 200 KB with the typing after it (length %d)", len(got))
	}
}
