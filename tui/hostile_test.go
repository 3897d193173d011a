package tui

// A session can arrive from anywhere: an import from another laptop, a copied
// database, a paste from an e-mail. Whatever its text holds, the screen shows
// it as text: no escape sequence of a file may retitle the window, write the
// clipboard, move the cursor or reorder what the room reads (DESIGN §6), and
// the text itself is kept exactly as it was typed.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/model/review"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// hostileText is an answer built to attack the terminal, led by a tag that
// says which field it is: a window title (OSC 0), a clipboard write (OSC 52),
// screen clears and cursor moves (CSI), an 8-bit CSI (U+009B), a right-to-left
// override, a bare carriage return, BEL and NUL, and a second line with more.
func hostileText(tag string) string {
	return tag + "\x1b]0;owned\x07\x1b]52;c;b3duZWQ=\x07\x1b[2J\x1b[H\x1b[3A\u009b31m\u202e" +
		"rev\rX\x07\x00\t\x1b[0m end\n" +
		tag + " line two \x1b]0;again\x1b\\ \u2067\u202d\u009d8;;x\u009c"
}

// hostileDoc is the demo with every free-text answer replaced by hostile
// text; tags maps each tag to where it lives, for the failure messages.
func hostileDoc() (doc *model.Document, tags map[string]string) {
	doc = model.DemoAnswers(testNow)
	tags = map[string]string{}
	n := 0
	next := func(where string) string {
		n++
		tag := fmt.Sprintf("Z%03d", n)
		tags[tag] = where
		return hostileText(tag)
	}
	s := &doc.Session
	s.Name, s.Client, s.Facilitator, s.Notes = next("session.name"), next("session.client"), next("session.facilitator"), next("session.notes")
	s.Participants = []string{next("session.participants[0]"), next("session.participants[1]")}
	for i := range doc.Systems {
		doc.Systems[i].Name = next(fmt.Sprintf("systems[%d].name", i))
		doc.Systems[i].Notes = next(fmt.Sprintf("systems[%d].notes", i))
	}
	for i := range doc.Flows {
		f := &doc.Flows[i]
		f.Name = next(fmt.Sprintf("flows[%d].name", i))
		f.Domain = next(fmt.Sprintf("flows[%d].domain", i))
		for _, st := range model.Steps {
			for _, fd := range model.StepFields(st) {
				if fd.Kind == model.FieldLine || fd.Kind == model.FieldText {
					f.Set(st, fd.Key, next(fmt.Sprintf("flows[%d].%s.%s", i, st, fd.Key)))
				}
			}
		}
		for j := range f.Failure.Risks {
			r := &f.Failure.Risks[j]
			r.Title = next(fmt.Sprintf("flows[%d].failure.risks[%d].title", i, j))
			r.Fix = next(fmt.Sprintf("flows[%d].failure.risks[%d].fix", i, j))
			r.Owner = next(fmt.Sprintf("flows[%d].failure.risks[%d].owner", i, j))
		}
	}
	for i := range doc.OpenQuestions {
		q := &doc.OpenQuestions[i]
		q.Question = next(fmt.Sprintf("open_questions[%d].question", i))
		q.Ask = next(fmt.Sprintf("open_questions[%d].ask", i))
		q.Answer = next(fmt.Sprintf("open_questions[%d].answer", i))
	}
	return doc, tags
}

// terminalHazard finds the first thing in a frame a terminal would act on
// rather than print, and says what and where; "" when the frame is clean.
func terminalHazard(frame string) string {
	if !utf8.ValidString(frame) {
		i := 0
		for i < len(frame) {
			r, size := utf8.DecodeRuneInString(frame[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return fmt.Sprintf("a byte 0x%02x that is not UTF-8 near %q", frame[i], excerpt(frame, i))
	}
	for i, r := range frame {
		switch {
		case r == '\n':
		case unicode.IsControl(r): // ESC, BEL, NUL, CR, U+009B and the rest of C0 and C1
			return fmt.Sprintf("the control character %U near %q", r, excerpt(frame, i))
		case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\u200E', r == '\u200F', r == '\u061C':
			return fmt.Sprintf("the direction control %U near %q", r, excerpt(frame, i))
		}
	}
	return ""
}

func excerpt(s string, at int) string {
	lo, hi := max(at-30, 0), min(at+30, len(s))
	for lo < at && !utf8.RuneStart(s[lo]) {
		lo++ // start on a whole character, so only the hazard reads as bytes
	}
	return s[lo:hi]
}

// newHostileDriver is newDriver on a store holding the given sessions, at a
// size large enough that long answers are not cut before their hostile part.
func newHostileDriver(t testing.TB, width, height int, docs ...*model.Document) *driver {
	t.Helper()
	path := filepath.Join(t.TempDir(), "review.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, doc := range docs {
		if err := st.Create(doc); err != nil {
			t.Fatal(err)
		}
	}
	d := &driver{t: t, st: st, path: path}
	d.app = NewApp(st, Options{Version: "test", Now: func() time.Time { return testNow }, ExportDir: filepath.Join(t.TempDir(), "exports")})
	d.app.c.DBPath = "review.db"
	d.run(d.app.Init())
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	return d
}

// hostileVisit drives the app through every screen, checking the raw frame
// (before any stripping) after every key.
type hostileVisit struct {
	*driver
	frames int
	// carryOn reports every screen that leaks instead of stopping at the
	// first, for tests whose point is the list of places.
	carryOn bool
}

func (v *hostileVisit) check(where string) {
	v.t.Helper()
	v.frames++
	if h := terminalHazard(v.app.View()); h != "" {
		if v.carryOn {
			v.t.Errorf("%s: the frame holds %s", where, h)
			return
		}
		v.t.Fatalf("%s: the frame holds %s", where, h)
	}
}

// press sends keys one at a time and checks the frame after each.
func (v *hostileVisit) press(where string, keys ...string) {
	v.t.Helper()
	for _, k := range keys {
		v.keys(k)
		v.check(fmt.Sprintf("%s, after %q", where, k))
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	doc, _ := hostileDoc()
	// Every field's editor at the design size; at a large size, where less
	// of each answer is cut, every screen but the editors of one flow only.
	for _, size := range []struct {
		w, h       int
		everyField bool
	}{{80, 24, true}, {160, 50, false}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			d := newHostileDriver(t, size.w, size.h, doc)
			v := &hostileVisit{driver: d}
			visitEveryScreen(t, v, doc, size.everyField)
			t.Logf("%d frames checked", v.frames)

			// Looking is not editing: no answer was rewritten in its
			// printable form just by being shown or opened.
			v.waitSaved()
			stored, err := d.st.Load(doc.Session.ID)
			if err != nil {
				t.Fatal(err)
			}
			stored.Session.UpdatedAt = doc.Session.UpdatedAt
			if a, b := encodeForCompare(t, doc), encodeForCompare(t, stored); !bytes.Equal(a, b) {
				t.Fatalf("visiting the screens changed the stored session:\n%s", firstDifference(a, b))
			}
		})
	}
}

func visitEveryScreen(t *testing.T, v *hostileVisit, doc *model.Document, everyField bool) {
	v.check("sessions list")
	v.press("sessions help", "?", "?")
	v.press("sessions filter", "/", "Z", "esc")
	v.press("sessions delete prompt", "x", "n")

	v.press("open the session", "enter")
	v.press("session help", "?", "?")
	v.press("session details", "i", "esc")
	for range model.SessionDetailFields {
		v.press("session details field", "enter", "esc", "j")
	}
	v.press("close session details", "esc")
	for range doc.Flows {
		v.press("flows tab", "j")
	}
	v.press("flow delete prompt", "x", "n")
	v.press("export prompt", "e", "esc")
	v.press("new flow form", "a", "enter", "enter", "down", "enter", "esc", "esc") // the second esc drops what was picked

	v.press("systems tab", "tab")
	v.press("top of systems", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k")
	for i := range doc.Systems {
		where := fmt.Sprintf("system %d", i)
		v.press(where+" form", "enter", "esc")
		for range model.SystemFields {
			v.press(where+" field", "enter", "esc", "j")
		}
		v.press(where+" close", "esc")
		v.press(where+" delete (in use, or a prompt)", "x", "n")
		v.press(where+" next", "j")
	}

	v.press("questions tab", "tab")
	for i := range doc.OpenQuestions {
		where := fmt.Sprintf("question %d", i)
		v.press(where+" form", "enter", "esc")
		for range model.QuestionFields {
			v.press(where+" field", "enter", "esc", "j")
		}
		v.press(where+" close", "esc")
		v.press(where+" delete prompt", "x", "n")
		v.press(where+" next", "j")
	}

	// The Domains tab: each domain's decision and parking forms, opened
	// and closed, write nothing.
	for range v.app.session.tabs {
		if v.app.session.activeTab() == tabDomains {
			break
		}
		v.press("to the domains", "tab")
	}
	for range v.app.session.domainRows() {
		v.press("domain decision form", "enter", "esc", "esc")
		v.press("domain parking form", "o", "esc", "esc")
		v.press("next domain", "j")
	}

	v.press("register tab", "tab")
	v.press("summary tab", "s")
	for i := 0; i < 400; i++ {
		before := v.app.View()
		v.press("summary scrolling", "pgdown")
		if v.app.View() == before {
			break
		}
	}
	v.press("summary end", "G")
	v.press("presenter on the session", "p", "tab", "tab", "tab", "tab", "p")

	// However many tabs the session has, tab comes round to the flows.
	for range v.app.session.tabs {
		if v.app.session.activeTab() == tabFlows {
			break
		}
		v.press("back to flows", "tab")
	}
	if v.app.session.activeTab() != tabFlows {
		t.Fatal("tab never came back to the flows")
	}
	for range doc.Flows {
		v.press("top of flows", "k")
	}
	v.press("walk the first flow", "enter")
	for fi, f := range doc.Flows {
		for _, st := range model.Steps {
			where := fmt.Sprintf("flow %d %s", fi, st)
			v.press(where, fmt.Sprint(int(st)+1))
			for range model.StepFields(st) {
				if everyField || fi == 0 {
					v.press(where+" field", "enter", "esc")
				}
				v.press(where+" field", "j")
			}
			if st == model.StepFailure {
				for range f.Failure.Risks {
					v.press(where+" risk", "enter", "esc") // it opens on the title; esc browses
					for range model.RiskFields {
						if everyField || fi == 0 {
							v.press(where+" risk field", "enter", "esc")
						}
						v.press(where+" risk field", "j")
					}
					v.press(where+" risk close", "esc")
					v.press(where+" risk delete prompt", "x", "n", "j")
				}
			}
			if fi == 0 {
				v.press(where+" guide pages", "g", "g")
				v.press(where+" open question form", "o", "tab", "esc")
				v.press(where+" help", "?", "?")
				v.press(where+" presenter", "p", "j", "j", "p")
			}
		}
		v.press("next flow", "]")
	}
	v.press("leave the walk", "esc")
	v.press("leave the session", "esc")
}

// encodeForCompare is a document's JSON with the derived summary left out.
func encodeForCompare(t *testing.T, d *model.Document) []byte {
	t.Helper()
	c := d.Clone()
	b, err := model.EncodeDocument(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func firstDifference(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n%q\n%q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(la), len(lb))
}

// Pasting from an e-mail or a chat can carry the same sequences as a file;
// the editors must show them as text too.
func TestHostilePasteIntoEditors(t *testing.T) {
	// identifiers is a one-line field, data_quality a text area.
	for _, field := range []struct {
		name  string
		downs int
	}{{"one-line field", 3}, {"text area", 4}} {
		t.Run(field.name, func(t *testing.T) {
			d := newHostileDriver(t, 100, 30, model.DemoAnswers(testNow))
			v := &hostileVisit{driver: d}
			v.press("open the first flow", "enter", "enter")
			for range field.downs {
				v.press("to the field", "j")
			}
			v.press(field.name, "enter")
			v.paste(hostileText("P1"))
			v.check(field.name + " after a hostile paste")
			for _, r := range "typed \x1b]0;x\x07 \u202e" {
				v.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				v.check(fmt.Sprintf("%s after typing %U", field.name, r))
			}
			v.press(field.name, "esc")
		})
	}
}

// The exports keep the text as stored: JSON byte for byte once decoded;
// Markdown drops what a terminal or renderer would act on; CSV keeps it all.
func TestHostileTextInExports(t *testing.T) {
	doc, tags := hostileDoc()
	d := newHostileDriver(t, 80, 24, doc)
	stored, err := d.st.Load(doc.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	opts := report.ExportOptions{Now: testNow, IncludePrivate: true}

	t.Run("json", func(t *testing.T) {
		out, err := report.Render(stored, report.FormatJSON, opts)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(out, "\x1b\x07\x00\r") {
			t.Fatal("the JSON export holds raw control characters; JSON must escape them")
		}
		back, err := model.DecodeDocument(out)
		if err != nil {
			t.Fatalf("the JSON export of hostile text cannot be imported: %v", err)
		}
		back.ExportedAt, back.Provenance = stored.ExportedAt, stored.Provenance
		if a, b := encodeForCompare(t, stored), encodeForCompare(t, back); !bytes.Equal(a, b) {
			t.Fatalf("the JSON export changed the text:\n%s", firstDifference(a, b))
		}
	})

	t.Run("markdown", func(t *testing.T) {
		out, err := report.Render(stored, report.FormatMarkdown, opts)
		if err != nil {
			t.Fatal(err)
		}
		if h := terminalHazard(string(out)); h != "" {
			t.Fatalf("the Markdown pack holds %s", h)
		}
		// What is left of each answer is its printable text: the tag and the
		// visible words of the sequences, not their control bytes.
		var missing []string
		for tag, where := range tags {
			if !bytes.Contains(out, []byte(tag+"]0;owned")) && !strings.Contains(where, "private") {
				missing = append(missing, where)
			}
		}
		if len(missing) > 0 {
			t.Errorf("the Markdown pack lost the printable text of %d answers, e.g. %v", len(missing), missing[:min(len(missing), 5)])
		}
	})

	t.Run("csv", func(t *testing.T) {
		out, err := report.Render(stored, report.FormatCSV, opts)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("the CSV register cannot be read back: %v", err)
		}
		want := map[string]bool{}
		for _, f := range stored.Flows {
			for _, r := range f.Failure.Risks {
				want[r.Title+"|"+r.Fix+"|"+r.Owner] = true
			}
		}
		header := rows[0]
		col := func(name string) int {
			for i, h := range header {
				if h == name {
					return i
				}
			}
			t.Fatalf("the CSV has no %s column", name)
			return -1
		}
		title, fix, owner := col("title"), col("fix"), col("owner")
		found := 0
		for _, row := range rows[1:] {
			if want[row[title]+"|"+row[fix]+"|"+row[owner]] {
				found++
			}
		}
		if found != len(want) {
			t.Fatalf("%d of %d risks are in the CSV with their text exactly as stored", found, len(want))
		}
	})
}

// Text that is not UTF-8 cannot be stored (JSON refuses it), but a session
// in memory can still hold it; the screens show it as replacement marks.
func TestInvalidUTF8IsShownAsText(t *testing.T) {
	doc := model.DemoAnswers(testNow)
	bad := "\xff\xfe plain \xc3"            // stray bytes and a cut sequence, nothing else
	worse := "\xff\xfe\x1b]0;owned\x07\xc3" // the same with an escape
	doc.Session.Name = "Bad " + bad
	doc.Session.Client = worse
	doc.Systems[0].Name = bad
	doc.Systems[1].Name = worse
	doc.Flows[0].Name = bad
	doc.Flows[1].Name = worse
	doc.Flows[0].Source.Identifiers = bad
	doc.Flows[0].Source.DataQuality = bad + "\n" + worse
	doc.Flows[firstFlowWithRisks(doc)].Failure.Risks[0].Title = bad
	doc.OpenQuestions[0].Question = bad
	doc.OpenQuestions[1].Question = worse

	d := newHostileDriver(t, 100, 30)
	if err := d.st.Create(doc); err == nil {
		t.Fatal("the store accepted text that is not UTF-8; its JSON would not read back")
	}
	v := &hostileVisit{driver: d}
	v.send(sessionOpenedMsg{doc: doc})
	v.check("session opened")
	v.press("tabs", "tab", "enter", "esc", "tab", "enter", "esc", "tab", "G", "tab")
	v.press("walk", "enter", "j", "j", "j", "enter", "esc", "j", "enter", "esc", "3")
	for range 12 {
		v.press("failure step", "j")
	}
	v.press("risk", "enter", "enter", "esc", "esc", "p", "p")
}

func firstFlowWithRisks(doc *model.Document) int {
	for i, f := range doc.Flows {
		if len(f.Failure.Risks) > 0 {
			return i
		}
	}
	panic("the demo has no risks")
}

// A session whose enumerations and date hold escape
// sequences: a database file can be copied from another laptop, and Create
// and Load store what they are given without Validate.
func TestCraftedEnumerationsAreShownAsText(t *testing.T) {
	doc := model.DemoAnswers(testNow)
	esc := "\x1b]0;owned\x07\x1b[2J"
	doc.Session.Date = "2026-03-14" + esc
	doc.Systems[0].Kind = model.SystemKind("erp" + esc)
	doc.Flows[0].Contract.Pattern = model.Pattern("batch" + esc)
	doc.Flows[0].Contract.Idempotency = model.Idempotency("key" + esc)
	doc.Flows[0].Source.ConflictRule = model.ConflictRule("manual" + esc)
	doc.Flows[firstFlowWithRisks(doc)].Failure.Risks[0].Horizon = model.Horizon("roadmap" + esc)
	doc.OpenQuestions[0].Step = "source" + esc

	d := newHostileDriver(t, 100, 30, doc)
	v := &hostileVisit{driver: d, carryOn: true}
	v.check("sessions list")
	v.press("flows tab", "enter")
	v.press("systems tab", "tab")
	v.press("questions tab", "tab")
	v.press("summary", "tab", "G")
	v.press("back to flows", "tab")
	v.press("walk: source", "enter")
	v.press("walk: conflict rule", "j", "j")
	v.press("walk: contract", "2")
	v.press("walk: idempotency", "j", "j", "j", "j", "j", "j", "j")
	v.press("walk: idempotency choices", "enter", "esc")
}

// A 1 MB answer (a pasted log, a whole mapping sheet) is kept whole in
// memory, on disk and in the export, and the field still takes keys: pasted
// in the editor as several thousand lines or as one line, or already stored
// with more lines than the editor holds (an import), when it is read-only.
func TestMegabyteAnswer(t *testing.T) {
	megabyte := func(lineLen int) string {
		var b strings.Builder
		for i := 0; b.Len() < 1<<20; i++ {
			l := fmt.Sprintf("%05d mapping: sku_%05d -> item_no_%05d; price list EU-%03d; ", i, i, i, i%1000)
			b.WriteString(l + strings.Repeat("x", max(lineLen-len(l)-1, 0)) + "\n")
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	type how int
	const (
		pasted    how = iota // pasted into the open editor
		workspace            // set in the workspace, as a whole-field change
		imported             // in the file before the app opens
	)
	cases := []struct {
		name string
		text string
		how  how
	}{
		{"8,000 lines set in the workspace", megabyte(131), workspace},
		{"8,000 lines pasted", megabyte(131), pasted},
		{"one line pasted", strings.Repeat("0123456789abcdef", (1<<20)/16), pasted},
		{"11,000 lines imported", megabyte(95), imported},
	}
	if os.Getenv("ARCHREVIEW_SOAK") == "" {
		// Each frame of a megabyte editor costs seconds under -race; the
		// short run keeps one case, make soak runs them all.
		cases = cases[:1]
	}
	var figures []string
	defer func() { fmt.Printf("soak: 1 MB answers %s\n", strings.Join(figures, " ")) }()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := model.DemoAnswers(testNow)
			doc.Flows[0].Source.DataQuality = ""
			if c.how == imported {
				doc.Flows[0].Source.DataQuality = c.text
			}
			d := newHostileDriver(t, 100, 30, doc)
			done := make(chan struct{})
			var perKey time.Duration
			defer func() {
				figures = append(figures, fmt.Sprintf("[%s: keystroke=%v whole=%v]", c.name, perKey.Round(time.Millisecond), !t.Failed()))
			}()
			go func() {
				defer close(done)
				d.keys("enter", "enter", "j", "j", "j", "j") // the data quality text area
				start := time.Now()
				switch c.how {
				case pasted:
					d.keys("enter")
					d.paste(c.text)
					d.keys("esc")
				case workspace:
					d.app.ws.setFlowField(0, model.StepSource, "data_quality", c.text)
				}
				d.waitSaved()
				if got := d.app.ws.doc.Flows[0].Source.DataQuality; got != c.text {
					t.Errorf("in memory: %d bytes, want %d", len(got), len(c.text))
				}
				t.Logf("putting the answer in and saving it took %v", time.Since(start))

				// Open the editor on the megabyte and type.
				start = time.Now()
				d.keys("enter")
				t.Logf("opening the editor on %d bytes took %v", len(c.text), time.Since(start))
				start = time.Now()
				d.keys("!")
				perKey = time.Since(start)
				d.keys("esc")
				d.waitSaved()
			}()
			select {
			case <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("the editor hung on a 1 MB answer")
			}
			t.Logf("one keystroke (Update and View) in a %d-byte answer took about %v", len(c.text), perKey)
			if t.Failed() {
				return
			}
			got := d.app.ws.doc.Flows[0].Source.DataQuality
			switch {
			case got == c.text+"!":
			case got == c.text && c.how == imported:
				t.Logf("the answer is shown read-only, as designed for more than the editor holds")
			default:
				t.Fatalf("after typing: %d bytes, want the answer and the typed character", len(got))
			}
			stored, err := d.st.Load(doc.Session.ID)
			if err != nil {
				t.Fatal(err)
			}
			if s := stored.Flows[0].Source.DataQuality; s != got {
				t.Fatalf("on disk: %d bytes, want %d", len(s), len(got))
			}
			out, err := report.Render(stored, report.FormatJSON, report.ExportOptions{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			back, err := model.DecodeDocument(out)
			if err != nil {
				t.Fatalf("the export of a 1 MB answer cannot be imported: %v", err)
			}
			if s := back.Flows[0].Source.DataQuality; s != got {
				t.Fatalf("in the JSON export: %d bytes, want %d", len(s), len(got))
			}
			lines := strings.Split(c.text, "\n")
			tail := lines[len(lines)-1]
			tail = tail[max(len(tail)-60, 0):]
			if raw, err := os.ReadFile(d.path); err != nil || !bytes.Contains(raw, []byte(tail)) {
				t.Fatalf("the end of the answer is not in the database file (%v)", err)
			}
		})
	}
}

// Found while scrolling the hostile summary to its end: the session screen
// must show the last line of every list it scrolls, and the selected row
// wherever the cursor is, or the room never sees the last open question.
func TestEndOfEverySessionListIsVisible(t *testing.T) {
	doc := model.Generate(60, 1, 1) // more flows and systems than fit
	d := newHostileDriver(t, 80, 24, doc)
	d.keys("enter")
	tabs := []struct {
		name string
		last string
		n    int
	}{
		{"flows", doc.Flows[len(doc.Flows)-1].Name, len(doc.Flows)},
		{"systems", doc.Systems[len(doc.Systems)-1].Name, len(doc.Systems)},
		{"open questions", doc.OpenQuestions[len(doc.OpenQuestions)-1].Question, len(doc.OpenQuestions)},
	}
	pack := review.Summarize(doc, redact.MentionsCredential)
	order := findingOrder(pack.Findings)
	tabs = append(tabs, []struct {
		name string
		last string
		n    int
	}{
		{"domains", pack.SourceOfTruth[len(pack.SourceOfTruth)-1].Domain, len(pack.SourceOfTruth)},
		{"register", pack.Findings[order[len(order)-1]].Title, len(pack.Risks) + len(pack.Findings)},
	}...)
	for _, tab := range tabs {
		for range tab.n {
			d.keys("j")
		}
		v := d.view()
		selected := ""
		for _, l := range strings.Split(v, "\n") {
			if strings.HasPrefix(l, "> ") {
				selected = l
			}
		}
		if !strings.Contains(selected, tab.last[:min(12, len(tab.last))]) {
			t.Errorf("%s tab with the cursor on the last of %d rows does not show it selected:\n%s", tab.name, tab.n, v)
		}
		d.keys("tab")
	}
	d.keys("G")
	sum := d.app.ws.currentSummary()
	last := sum.OpenQuestions[len(sum.OpenQuestions)-1].Question
	last = last[:min(20, len(last))]
	if v := d.view(); !strings.Contains(v, last) {
		t.Errorf("the summary scrolled to its end (G) does not show its last line (%q):\n%s", last, v)
	}
}
