package model

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func demoJSON(t *testing.T) []byte {
	t.Helper()
	d := Demo(testNow)
	d.ExportedAt = testNow.Format(time.RFC3339)
	b, err := EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDemoIsValid(t *testing.T) {
	d := Demo(testNow)
	if ps := Validate(d); len(ps) > 0 {
		t.Fatalf("demo does not validate: %v", ps)
	}
	domains := map[string]bool{}
	for _, f := range d.Flows {
		domains[f.Domain] = true
	}
	for _, c := range CoreDomains {
		if !domains[c] {
			t.Errorf("demo has no %s flow", c)
		}
	}
	if len(d.Flows) < 7 {
		t.Errorf("demo has %d flows, want at least 7", len(d.Flows))
	}
	if Demo(testNow.Add(time.Hour)).Session.ID != d.Session.ID {
		t.Error("demo session id changes between builds")
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	b := demoJSON(t)
	d, err := DecodeDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Fatalf("decode/encode changed the document:\n%s\n---\n%s", b, again)
	}
}

func TestDecodeRefuses(t *testing.T) {
	good := string(demoJSON(t))
	sid := DemoSessionID
	cases := []struct {
		name, input, want string
	}{
		{"empty", "", "empty"},
		{"not json", "hello", "not valid JSON"},
		{"trailing data", good + "{}", "after the JSON document"},
		{"unknown field", strings.Replace(good, `"client":`, `"clinet": "x", "client":`, 1), "session.clinet: is not a field"},
		{"wrong case field", strings.Replace(good, `"client":`, `"Client":`, 1), "session.Client: is not a field"},
		{"duplicate key", strings.Replace(good, `"client":`, `"name": "again", "client":`, 1), "session.name: appears twice"},
		{"invalid utf-8", strings.Replace(good, "Demo facilitator", "Demo \xff facilitator", 1), "UTF-8"},
		{"bad enum", strings.Replace(good, `"pattern": "event-driven"`, `"pattern": "realtime"`, 1),
			`flows[0].contract.pattern: "realtime" is not one of real-time, batch, event-driven, file, manual`},
		{"dangling system", strings.Replace(good, `"from": "`, `"from": "nope`, 1), `flows[0].from: "nope`},
		{"impact out of range", strings.Replace(good, `"impact": 5`, `"impact": 9`, 1), "impact: 9 is outside 1-5"},
		{"wrong type", strings.Replace(good, `"impact": 5`, `"impact": "high"`, 1), "impact"},
		{"duplicate id", strings.Replace(good, `"id": "`+sid+`"`, `"id": "`+DemoSessionID[:0]+demoID(10)+`"`, 1), "already the id"},
		{"newer schema", strings.Replace(good, `"archreview/v3"`, `"archreview/v9"`, 1), "a newer archreview"},
		{"not archreview", strings.Replace(good, `"archreview/v3"`, `"someone/v1"`, 1), "not written by archreview"},
		{"empty name", strings.Replace(good, `"name": "Web orders to ERP"`, `"name": ""`, 1), "flows[0].name: is empty"},
		{"bad date", strings.Replace(good, `"date": "2026-03-14"`, `"date": "14/03/2026"`, 1), "session.date"},
		{"array", "[]", "cannot go where"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.input == good {
				t.Fatal("test input did not change the document")
			}
			_, err := DecodeDocument([]byte(c.input))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not mention %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

// repeated streams n copies of fill between head and tail without holding
// them.
func repeated(head string, fill byte, n int64, tail string) io.Reader {
	return io.MultiReader(strings.NewReader(head),
		io.LimitReader(bytesRepeater(fill), n), strings.NewReader(tail))
}

type bytesRepeater byte

func (b bytesRepeater) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestDecodeSizeLimits(t *testing.T) {
	valid := `{"schema":"archreview/v1","session":{"id":"s1","name":"Big"}`
	t.Run("the document at the real limit", func(t *testing.T) {
		_, err := DecodeDocumentFrom(repeated("", ' ', MaxDocumentBytes+1, ""))
		if err == nil || !strings.Contains(err.Error(), "256 MB limit") {
			t.Fatalf("got %v, want the size-limit error", err)
		}
	})
	defer func(f, d int64) { fileLimit, documentLimit = f, d }(fileLimit, documentLimit)
	fileLimit, documentLimit = 8<<20, 1<<20
	cases := []struct {
		name string
		in   io.Reader
		want string // "" for no error
	}{
		{"a huge string", repeated(valid[:len(valid)-1]+`,"notes":"`, 'a', 2<<20, `"}}`), "1 MB limit for one session"},
		{"a large summary is skipped", repeated(valid+`,"summary":{"x":"`, 'a', 6<<20, `"}}`), ""},
		{"a summary past the file limit", repeated(valid+`,"summary":{"x":"`, 'a', 9<<20, `"}}`), "8 MB limit for one session's export"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := DecodeDocumentFrom(c.in)
			switch {
			case c.want == "" && (err != nil || d.Session.Name != "Big"):
				t.Fatalf("got %v, want the session", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("got %v, want an error saying %q", err, c.want)
			}
		})
	}
}

func TestDecodeIgnoresSummaryAndFillsMissing(t *testing.T) {
	in := `{"schema":"archreview/v1","session":{"id":"s1","name":"Minimal"},
	"summary":{"anything":[1,2,{"x":null}]}}`
	d, err := DecodeDocument([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if d.Session.Name != "Minimal" || d.Session.Client != "" {
		t.Fatalf("unexpected document %+v", d)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	d := Demo(testNow)
	d.Flows[0].Contract.Pattern = "realtime"
	d.Flows[1].Failure.Risks[0].Likelihood = 0
	d.Systems[0].Name = " "
	d.OpenQuestions[0].Flow = "gone"
	d.OpenQuestions[1].Step = "later"
	ps := Validate(d)
	want := []string{
		"systems[0].name",
		"flows[0].contract.pattern",
		"flows[1].failure.risks[0].likelihood",
		"open_questions[0].flow",
		"open_questions[1].step",
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(ps), len(want), ps)
	}
	for i, w := range want {
		if ps[i].Path != w {
			t.Errorf("problem %d at %s, want %s", i, ps[i].Path, w)
		}
	}
}

func TestNewIDAtIsStableAndSorted(t *testing.T) {
	a, b := NewIDAt(testNow, 1), NewIDAt(testNow, 2)
	if a != NewIDAt(testNow, 1) || a >= b || !ValidID(a) {
		t.Fatalf("ids %s %s are not stable, sorted and valid", a, b)
	}
	if x, y := NewID(), NewID(); x == y || !ValidID(x) {
		t.Fatalf("NewID gave %s and %s", x, y)
	}
}
