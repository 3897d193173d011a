package model

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// targetDoc is a session of four systems a to d and a flow from a to b,
// with edit applied.
func targetDoc(edit func(d *Document)) *Document {
	d := &Document{Schema: SchemaID, Session: Session{ID: "s1", Name: "Targets"}}
	for _, id := range []string{"a", "b", "c", "d"} {
		d.Systems = append(d.Systems, System{ID: id, Name: strings.ToUpper(id)})
	}
	d.Flows = []Flow{{ID: "f1", Name: "A to B", Domain: "order", From: "a", To: "b"}}
	d.OpenQuestions = []OpenQuestion{{ID: "q1", Question: "Which ERP stays?"}}
	edit(d)
	return d
}

func replace(by string) Target { return Target{Action: TargetReplace, By: by} }

// checkValidation runs table cases through Validate: want is "" for a
// valid document, or text the problems must hold; a case that must not
// say something gives it in not.
func checkValidation(t *testing.T, cases []validationCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Validate(targetDoc(c.edit))
			switch {
			case c.want == "" && len(ps) > 0:
				t.Errorf("refused: %v", ps)
			case c.want != "" && !strings.Contains(problemsText(ps), c.want):
				t.Errorf("got %v, want %q", ps, c.want)
			case c.count > 0 && len(ps) != c.count:
				t.Errorf("got %d problems (%v), want %d", len(ps), ps, c.count)
			}
		})
	}
}

type validationCase struct {
	name  string
	edit  func(d *Document)
	want  string
	count int // problems expected, when it matters
}

func problemsText(ps Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Error() + "\n")
	}
	return b.String()
}

func TestTargetsAreValidated(t *testing.T) {
	checkValidation(t, []validationCase{
		{"no targets", func(*Document) {}, "", 0},
		{"every action", func(d *Document) {
			d.Systems[0].Target = Target{Action: TargetKeep}
			d.Systems[1].Target = Target{Action: TargetRetire, Slice: 2}
			d.Systems[2].Target = replace("d")
			d.Systems[3].Target = Target{Action: TargetIntroduce, Slice: 1}
		}, "", 0},
		{"a chain of replacements", func(d *Document) {
			d.Systems[0].Target, d.Systems[1].Target, d.Systems[2].Target = replace("b"), replace("c"), Target{Action: TargetRetire}
		}, "", 0},
		{"a replacement named on a kept system", func(d *Document) { d.Systems[0].Target = Target{Action: TargetKeep, By: "b"} }, "", 0},
		{"an action that is none", func(d *Document) { d.Systems[0].Target = Target{Action: "sunset"} },
			`systems[0].target.action: "sunset" is not one of keep, retire, replace, introduce`, 1},
		{"replaced by nobody", func(d *Document) { d.Systems[0].Target = Target{Action: TargetReplace} },
			"systems[0].target.by: is empty; name the system that replaces it", 1},
		{"replaced by itself", func(d *Document) { d.Systems[1].Target = replace("b") },
			`systems[1].target.by: "b" is the system itself`, 1},
		{"replaced by a system not there", func(d *Document) { d.Systems[0].Target = replace("z") },
			`systems[0].target.by: "z" is not the id of any system`, 1},
		{"a dangling replacement on a kept system", func(d *Document) { d.Systems[0].Target = Target{Action: TargetKeep, By: "z"} },
			`"z" is not the id of any system`, 1},
		{"two replacing each other", func(d *Document) { d.Systems[0].Target, d.Systems[1].Target = replace("b"), replace("a") },
			"systems[0].target.by: the replacements go round in a circle (A → B → A)", 1},
		{"a circle of three, told once where it starts", func(d *Document) {
			d.Systems[1].Target, d.Systems[2].Target, d.Systems[3].Target = replace("c"), replace("d"), replace("b")
		}, "systems[1].target.by: the replacements go round in a circle (B → C → D → B)", 1},
		{"a chain into a circle", func(d *Document) {
			d.Systems[0].Target, d.Systems[2].Target, d.Systems[3].Target = replace("c"), replace("d"), replace("c")
		}, "systems[2].target.by: the replacements go round in a circle (C → D → C)", 1},
		{"a slice past the last", func(d *Document) { d.Systems[0].Target = Target{Action: TargetRetire, Slice: MaxSlice + 1} },
			"systems[0].target.slice: 100 is out of range", 1},
		{"a negative slice", func(d *Document) { d.Systems[0].Target = Target{Action: TargetRetire, Slice: -1} },
			"systems[0].target.slice: -1 is out of range", 1},
	})
}

func TestDecisionsAskedAreValidated(t *testing.T) {
	checkValidation(t, []validationCase{
		{"a decision asked", func(d *Document) {
			d.OpenQuestions[0].Ask = "the CIO"
			d.OpenQuestions[0].DecisionAsk = DecisionAsk{Decision: true, Due: "2026-04-01", Options: []string{"Keep SAP, retire Oracle", "Both until 2027"}, Recommendation: "Keep SAP"}
		}, "", 0},
		{"a due date that is none", func(d *Document) { d.OpenQuestions[0].Due = "next Friday" },
			`open_questions[0].due: "next Friday" is not a date such as 2026-03-14`, 1},
		{"a due date that does not exist", func(d *Document) { d.OpenQuestions[0].Due = "2026-02-30" }, "open_questions[0].due", 1},
		{"a blank option", func(d *Document) { d.OpenQuestions[0].Options = []string{"Keep SAP", " "} }, "open_questions[0].options[1]: is empty", 1},
		{"an option twice, as redacting two credentials may leave them", func(d *Document) {
			d.OpenQuestions[0].Options = []string{"password=[redacted]", "password=[redacted]"}
		}, "", 0},
	})
}

func TestDocumentControlIsValidated(t *testing.T) {
	control := func(c DocumentControl) func(d *Document) {
		return func(d *Document) { d.Session.DocumentControl = c }
	}
	checkValidation(t, []validationCase{
		{"a whole document control", control(DocumentControl{Version: "0.3", Status: DocumentFinal, Confidentiality: "Strictly confidential",
			Distribution: []string{"Ann (CIO)", "Bob (CFO)"},
			History:      []HistoryEntry{{"0.1", "2026-03-14", "first draft"}, {"0.2", "2026-03-20", ""}}}), "", 0},
		{"a draft", control(DocumentControl{Status: DocumentDraft}), "", 0},
		{"a status that is none", control(DocumentControl{Status: "signed"}), `session.status: "signed" is not one of draft, final`, 1},
		{"a version of two words", control(DocumentControl{Version: "0.3 draft"}), `session.version: "0.3 draft" is not a version`, 1},
		{"a version too long", control(DocumentControl{Version: strings.Repeat("9", 21)}), "session.version", 1},
		{"a version with a slash", control(DocumentControl{Version: "0/3"}), "session.version", 1},
		{"a version of letters and dashes", control(DocumentControl{Version: "1.0-rc1"}), "", 0},
		{"a blank recipient", control(DocumentControl{Distribution: []string{"Ann", ""}}), "session.distribution[1]: is empty", 1},
		{"a version listed twice", control(DocumentControl{History: []HistoryEntry{{"0.1", "2026-03-14", ""}, {"0.1", "2026-03-15", ""}}}),
			"session.history[1]: version 0.1 is listed twice", 1},
		{"a row without a date", control(DocumentControl{History: []HistoryEntry{{"0.1", "", "first"}}}), "session.history[0]: the date is missing", 1},
		{"a row with a bad date", control(DocumentControl{History: []HistoryEntry{{"0.1", "14/03/2026", ""}}}), `session.history[0]: "14/03/2026" is not a date`, 1},
		{"a row without a version", control(DocumentControl{History: []HistoryEntry{{"", "2026-03-14", ""}}}), "session.history[0]: the version is empty", 1},
		{"a note of two lines", control(DocumentControl{History: []HistoryEntry{{"0.1", "2026-03-14", "one\ntwo"}}}), "session.history[0]: the note is more than one line", 1},
	})
}

// The form's check for a target refuses what Validate would, before it is
// stored: a replacement by nothing, by itself, or one that goes round.
func TestTargetProblem(t *testing.T) {
	d := targetDoc(func(d *Document) { d.Systems[1].Target = replace("c"); d.Systems[2].Target = replace("d") })
	cases := []struct {
		i          int
		key, value string
		want       string
	}{
		{0, "target", "keep", ""},
		{0, "target", "", ""},
		{0, "target", ReplaceChoice("b"), ""},
		{0, "target", "replace", "pick the system that replaces it"},
		{0, "target", ReplaceChoice("a"), "cannot replace itself"},
		{0, "target", ReplaceChoice("z"), "no longer in the session"},
		{3, "target", ReplaceChoice("b"), "circle (D → B → C → D)"},
		{3, "target", "retire", ""},
		{0, "target.slice", "3", ""},
		{0, "target.slice", "100", "Target in slice takes a whole number from 0 to 99"},
		{0, "name", "anything", ""},
		{9, "target", "keep", ""},
	}
	for _, c := range cases {
		got := TargetProblem(d, c.i, c.key, c.value)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("system %d %s = %q: got %q, want %q", c.i, c.key, c.value, got, c.want)
		}
	}
	if d.Systems[3].Target != (Target{}) || d.Systems[0].Target != (Target{}) {
		t.Error("checking a target changed the document")
	}
}

// The system form's one target choice reads back as it was picked; an
// action other than replace names no replacement.
func TestTargetChoice(t *testing.T) {
	cases := []struct {
		in   string
		want Target
		out  string
	}{
		{"", Target{}, ""},
		{"keep", Target{Action: TargetKeep}, "keep"},
		{" retire ", Target{Action: TargetRetire}, "retire"},
		{ReplaceChoice("erp-2"), replace("erp-2"), "replace:erp-2"},
		{"replace", Target{Action: TargetReplace}, "replace"},
		{"keep:erp-2", Target{Action: TargetKeep}, "keep"},
	}
	for _, c := range cases {
		s := System{Target: Target{Action: TargetRetire, By: "old", Slice: 4}}
		s.Set("target", c.in)
		c.want.Slice = 4
		if s.Target != c.want {
			t.Errorf("set %q: %+v, want %+v", c.in, s.Target, c.want)
		}
		if got := s.Get("target"); got != c.out {
			t.Errorf("set %q reads back %q, want %q", c.in, got, c.out)
		}
	}
	d := targetDoc(func(*Document) {})
	for target, want := range map[Target]string{replace("b"): "replace by B", {Action: TargetKeep}: "keep", {}: "", {Action: TargetReplace}: "replace"} {
		if got := d.TargetWords(target); got != want {
			t.Errorf("TargetWords(%+v) = %q, want %q", target, got, want)
		}
	}
	d.Systems[0].Target, d.Systems[2].Target = replace("b"), Target{Action: TargetKeep, By: "b"}
	if got := d.TargetsUsing("b"); !slices.Equal(got, []string{"the target of A"}) {
		t.Errorf("TargetsUsing = %v", got)
	}
}

func TestVersionHistoryText(t *testing.T) {
	h := []HistoryEntry{{"0.1", "2026-03-14", "First draft  after the workshop"}, {"0.2", "2026-03-20", ""}}
	text := HistoryText(h)
	if text != "0.1 2026-03-14 First draft  after the workshop\n0.2 2026-03-20" {
		t.Errorf("HistoryText = %q", text)
	}
	if got := ParseHistory(text); !reflect.DeepEqual(got, h) {
		t.Errorf("ParseHistory(HistoryText) = %+v", got)
	}
	if got := ParseHistory("\n  0.3\t2026-04-01   sent to the CIO \n\n"); !reflect.DeepEqual(got, []HistoryEntry{{"0.3", "2026-04-01", "sent to the CIO"}}) {
		t.Errorf("ParseHistory with blank lines and tabs = %+v", got)
	}
	if ParseHistory(" \n ") != nil {
		t.Error("a blank history is not empty")
	}
	problems := []struct{ text, want string }{
		{text, ""},
		{"", ""},
		{"0.1 2026-03-14\n0.1 2026-03-20", "history line 2: version 0.1 is listed twice"},
		{"0.1 14/03/2026 first", `history line 1: "14/03/2026" is not a date`},
		{"0.1", "history line 1: the date is missing"},
		{"\n0.1 2026-03-14\n\nfirst draft", `history line 2: "draft" is not a date`},
	}
	for _, p := range problems {
		got := HistoryProblem(p.text)
		if (p.want == "") != (got == "") || !strings.Contains(got, p.want) {
			t.Errorf("HistoryProblem(%q) = %q, want %q", p.text, got, p.want)
		}
		if got != "" && !strings.Contains(got, "VERSION DATE NOTE") {
			t.Errorf("HistoryProblem(%q) does not say how to write a line: %q", p.text, got)
		}
	}
	for key, value := range map[string]string{"version": "0.3 draft", "history": "0.1"} {
		if SessionFieldProblem(key, value) == "" {
			t.Errorf("the session form takes %s = %q", key, value)
		}
	}
	if p := SessionFieldProblem("version", " 0.3 "); p != "" {
		t.Errorf("the session form refuses version 0.3: %s", p)
	}
}

func TestDocumentControlDefaults(t *testing.T) {
	s := Session{Client: "Acme Outdoor"}
	if got := s.ConfidentialityLine(); got != "Confidential — prepared for Acme Outdoor" {
		t.Errorf("default line = %q", got)
	}
	if got := (Session{}).ConfidentialityLine(); got != "Confidential" {
		t.Errorf("default line without a client = %q", got)
	}
	s.Confidentiality = "Internal"
	if got := s.ConfidentialityLine(); got != "Internal" {
		t.Errorf("own line = %q", got)
	}
	if s.PackStatus() != DocumentDraft {
		t.Errorf("status unset reads %q", s.PackStatus())
	}
	s.Status = DocumentFinal
	if s.PackStatus() != DocumentFinal {
		t.Errorf("status final reads %q", s.PackStatus())
	}
	q := OpenQuestion{DecisionAsk: DecisionAsk{Decision: true}}
	if !q.DecisionPending() {
		t.Error("an unanswered decision is not pending")
	}
	if q.Answer = "SAP stays"; q.DecisionPending() {
		t.Error("an answered decision is pending")
	}
	if (OpenQuestion{}).DecisionPending() {
		t.Error("a plain question is a decision pending")
	}
	if QuestionFieldProblem("due", "soon") == "" || QuestionFieldProblem("due", " 2026-04-01 ") != "" || QuestionFieldProblem("due", "") != "" {
		t.Error("the question form judges due dates wrong")
	}
}

// The new fields survive a round trip through the JSON, and a session
// that uses none of them writes none: its revision stays what it was.
func TestDecisionsTargetsAndControlRoundTrip(t *testing.T) {
	plain := targetDoc(func(*Document) {})
	b, err := EncodeDocument(plain)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"target"`, `"decision"`, `"due"`, `"options"`, `"recommendation"`, `"version"`, `"status"`, `"confidentiality"`, `"distribution"`, `"history"`} {
		if bytes.Contains(b, []byte(key)) {
			t.Errorf("a session using none of the new fields writes %s", key)
		}
	}
	full := targetDoc(func(d *Document) {
		d.Systems[0].Target = replace("d")
		d.Systems[1].Target = Target{Action: TargetRetire, Slice: 2}
		d.Systems[3].Target = Target{Action: TargetIntroduce, Slice: 1}
		d.OpenQuestions[0].Ask = "the CFO"
		d.OpenQuestions[0].DecisionAsk = DecisionAsk{Decision: true, Due: "2026-04-01", Options: []string{"One, with a comma", "Two"}, Recommendation: "One"}
		d.Session.DocumentControl = DocumentControl{Version: "0.3", Status: DocumentFinal, Confidentiality: "Internal", Distribution: []string{"Ann"},
			History: []HistoryEntry{{"0.1", "2026-03-14", "first draft"}}}
	})
	b, back, again := encodeTwice(t, full)
	if !bytes.Equal(again, b) || back.Systems[0].Target != full.Systems[0].Target ||
		!reflect.DeepEqual(back.OpenQuestions[0].DecisionAsk, full.OpenQuestions[0].DecisionAsk) ||
		!reflect.DeepEqual(back.Session.DocumentControl, full.Session.DocumentControl) {
		t.Errorf("round trip changed the document:\n%s\nthen\n%s", b, again)
	}
	c := full.Clone()
	c.OpenQuestions[0].Options[0] = "changed"
	c.Session.Distribution[0] = "changed"
	c.Session.History[0].Note = "changed"
	if full.OpenQuestions[0].Options[0] != "One, with a comma" || full.Session.Distribution[0] != "Ann" || full.Session.History[0].Note != "first draft" {
		t.Error("a clone shares the new lists with its original")
	}
	broken := bytes.Replace(b, []byte(`"action": "retire"`), []byte(`"action": "retire", "when": 1`), 1)
	if _, err := DecodeDocument(broken); err == nil || !strings.Contains(err.Error(), "systems[1].target.when: is not a field archreview knows") {
		t.Errorf("an unknown member of a target: %v", err)
	}
	wrong := bytes.Replace(b, []byte(`"history": [`), []byte(`"history": 3, "x": [`), 1)
	if _, err := DecodeDocument(wrong); err == nil {
		t.Error("a number for the history is taken")
	}
}

// Every text a person types into the new fields is walked, so a credential
// typed there is found and redacted like any other.
func TestNewTextsAreWalked(t *testing.T) {
	d := targetDoc(func(d *Document) {
		d.OpenQuestions[0].DecisionAsk = DecisionAsk{Options: []string{"o1", "o2"}, Recommendation: "rec"}
		d.Session.DocumentControl = DocumentControl{Version: "0.3", Confidentiality: "conf", Distribution: []string{"dist"}, History: []HistoryEntry{{"0.1", "2026-03-14", "note"}}}
	})
	var seen []string
	WalkText(d, func(at TextPlace, text *string) {
		if *text != "" {
			seen = append(seen, at.Key+"="+*text)
		}
	})
	for _, want := range []string{"options=o1", "options=o2", "recommendation=rec", "confidentiality=conf", "distribution=dist", "history=note"} {
		if !slices.Contains(seen, want) {
			t.Errorf("WalkText does not visit %s (saw %v)", want, seen)
		}
	}
	if slices.Contains(seen, "version=0.3") {
		t.Error("WalkText visits the version, a label and no free text")
	}
}

// Files written before decisions, targets and document control read as
// they did: every new field empty, the pack a draft, nothing written back
// that was not there.
func TestOlderFilesReadWithoutTheNewFields(t *testing.T) {
	for _, schema := range []string{SchemaV1, SchemaV2} {
		file := `{"schema":"` + schema + `","session":{"id":"s1","name":"Spring review","client":"Acme"},` +
			`"systems":[{"id":"a","name":"ERP","kind":"erp","notes":""},{"id":"b","name":"Shop","kind":"storefront","notes":""}],` +
			`"flows":[{"id":"f1","name":"Orders","domain":"order","from":"b","to":"a","via":""}],` +
			`"open_questions":[{"id":"q1","flow":"f1","step":"source","question":"Who owns it?","ask":"CIO","answer":""}]}`
		d, err := DecodeDocument([]byte(file))
		if err != nil {
			t.Fatalf("%s: %v", schema, err)
		}
		if d.Schema != SchemaID || d.Systems[0].Target != (Target{}) || d.OpenQuestions[0].Decision || d.OpenQuestions[0].DecisionPending() {
			t.Errorf("%s: read as %+v", schema, d)
		}
		if d.Session.PackStatus() != DocumentDraft || d.Session.ConfidentialityLine() != "Confidential — prepared for Acme" {
			t.Errorf("%s: the pack reads %q, %q", schema, d.Session.PackStatus(), d.Session.ConfidentialityLine())
		}
		b, err := EncodeDocument(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{`"target"`, `"decision"`, `"version"`, `"history"`, `"distribution"`} {
			if bytes.Contains(b, []byte(key)) {
				t.Errorf("%s: written back with %s", schema, key)
			}
		}
	}
}

// encodeTwice encodes d, decodes it and encodes what it read: the two
// encodings of a round trip that loses nothing are the same bytes.
func encodeTwice(t *testing.T, d *Document) (first []byte, back *Document, again []byte) {
	t.Helper()
	first, err := EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	if back, err = DecodeDocument(first); err != nil {
		t.Fatal(err)
	}
	if again, err = EncodeDocument(back); err != nil {
		t.Fatal(err)
	}
	return first, back, again
}
