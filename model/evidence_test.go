package model

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestClassifyEvidence(t *testing.T) {
	cases := []struct {
		url     string
		kind    EvidenceKind
		problem string // a part of the refusal; "" for taken
	}{
		{"https://grafana.example.com/d/orders", EvidenceWeb, ""},
		{"HTTP://wiki.example.com/runbook", EvidenceWeb, ""},
		{"  https://logs.example.com/q?id=1  ", EvidenceWeb, ""},
		{"INT-142", EvidenceTicket, ""},
		{"OPS_2-7", EvidenceTicket, ""},
		{"/srv/share/runbooks/orders.md", EvidenceFile, ""},
		{"./diagrams/landscape.drawio", EvidenceFile, ""},
		{"~/reviews/acme/export.csv", EvidenceFile, ""},
		{`C:\Users\ann\Documents\mapping.xlsx`, EvidenceFile, ""},
		{`\\fileserver\it\interfaces.docx`, EvidenceFile, ""},
		{"mapping.xlsx", EvidenceFile, ""},
		{"javascript:alert(1)", 0, `"javascript:" links are refused`},
		{"JavaScript:alert(1)", 0, `"javascript:" links are refused`},
		{"data:text/html;base64,PHNjcmlwdD4=", 0, `"data:" links are refused`},
		{"file:///etc/passwd", 0, `"file:" links are refused`},
		{"mailto:ann@example.com", 0, `"mailto:" links are refused`},
		{"vbscript:msgbox", 0, `"vbscript:" links are refused`},
		{"https://", 0, "is not a web address"},
		{"https:wiki.example.com", 0, "is not a web address"},
		{"https://ann@/path", 0, "is not a web address"},
		{"https://ann:[redacted]@wiki.example.com/x", EvidenceWeb, ""},
		{"https://exa mple.com/x", 0, "is not a web address"},
		{"", 0, "the address is empty"},
		{"   ", 0, "the address is empty"},
		{"runbook", 0, `"runbook" is not an http(s) address, a file path or a ticket key`},
		{"https://example.com/\x1b[2J", 0, "control character"},
		{"https://example.com/" + strings.Repeat("a", MaxEvidenceURL), 0, "at most 2048"},
	}
	for _, c := range cases {
		kind, problem := ClassifyEvidence(c.url)
		switch {
		case c.problem == "" && problem != "":
			t.Errorf("%q: refused (%s), want taken", c.url, problem)
		case c.problem == "" && kind != c.kind:
			t.Errorf("%q: kind %d, want %d", c.url, kind, c.kind)
		case c.problem != "" && !strings.Contains(problem, c.problem):
			t.Errorf("%q: problem %q, want one saying %q", c.url, problem, c.problem)
		case strings.Contains(problem, "\n"):
			t.Errorf("%q: problem %q is more than one line", c.url, problem)
		}
	}
}

func TestAddEvidenceProblem(t *testing.T) {
	full := make([]Evidence, MaxEvidence)
	for i := range full {
		full[i] = Evidence{URL: "INT-" + intString(i+1)}
	}
	list := []Evidence{{Label: "Runbook", URL: "https://wiki.example.com/runbook"}}
	cases := []struct {
		name    string
		list    []Evidence
		link    Evidence
		problem string
	}{
		{"a new link", list, Evidence{Label: "Dashboard", URL: "https://grafana.example.com/d/1"}, ""},
		{"no label", list, Evidence{URL: "INT-9"}, ""},
		{"the same address again", list, Evidence{Label: "again", URL: " https://wiki.example.com/runbook "}, "already linked here"},
		{"a refused scheme", list, Evidence{Label: "x", URL: "javascript:alert(1)"}, "refused"},
		{"one too many", full, Evidence{URL: "INT-999"}, "the most one record holds"},
	}
	for _, c := range cases {
		if got := AddEvidenceProblem(c.list, c.link); (c.problem == "") != (got == "") || !strings.Contains(got, c.problem) {
			t.Errorf("%s: problem %q, want %q", c.name, got, c.problem)
		}
	}
}

func TestEvidenceTextRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		list []Evidence
		text string
	}{
		{"none", nil, ""},
		{"labelled and bare", []Evidence{{Label: "Order dashboard", URL: "https://grafana.example.com/d/o"}, {URL: "INT-142"}},
			"Order dashboard <https://grafana.example.com/d/o>\n<INT-142>"},
		{"a label with angle brackets", []Evidence{{Label: "a <b> c", URL: "/srv/x.md"}}, "a <b> c </srv/x.md>"},
	}
	for _, c := range cases {
		if got := EvidenceText(c.list); got != c.text {
			t.Errorf("%s: text %q, want %q", c.name, got, c.text)
		}
		if got := ParseEvidence(c.text); !reflect.DeepEqual(got, c.list) {
			t.Errorf("%s: parsed %#v, want %#v", c.name, got, c.list)
		}
	}
	if got := ParseEvidence("  INT-7  \n\n"); !reflect.DeepEqual(got, []Evidence{{URL: "INT-7"}}) {
		t.Errorf("a bare address parsed as %#v", got)
	}
}

func TestEvidenceGetSetEveryRecord(t *testing.T) {
	text := "Runbook <https://wiki.example.com/runbook>\n<INT-1>"
	want := []Evidence{{Label: "Runbook", URL: "https://wiki.example.com/runbook"}, {URL: "INT-1"}}
	for _, st := range Steps {
		var f Flow
		f.Set(st, EvidenceKey, text)
		if got := *f.StepEvidence(st); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: set %#v", st, got)
		}
		if got := f.Get(st, EvidenceKey); got != text {
			t.Errorf("%s: get %q", st, got)
		}
		for _, other := range Steps {
			if other != st && len(*f.StepEvidence(other)) > 0 {
				t.Errorf("setting %s's evidence wrote %s's", st, other)
			}
		}
	}
	var r Risk
	r.Set(EvidenceKey, text)
	var q OpenQuestion
	q.Set(EvidenceKey, text)
	var d DomainDecision
	d.Set(EvidenceKey, text)
	for name, got := range map[string][]Evidence{"risk": r.Evidence, "question": q.Evidence, "decision": d.Evidence} {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: set %#v", name, got)
		}
	}
	if r.Get(EvidenceKey) != text || q.Get(EvidenceKey) != text || d.Get(EvidenceKey) != text {
		t.Error("a record's evidence does not read back as it was set")
	}
	// Evidence is added one link at a time, by its own form, and is no
	// field of the forms that edit every other answer.
	for _, fields := range [][]Field{StepFields(StepSource), RiskFields, QuestionFields, DecisionFields} {
		if _, ok := FieldByKey(fields, EvidenceKey); ok {
			t.Error("evidence is listed as a form field")
		}
	}
}

func evidenceDocument() *Document {
	d := Demo(testNow)
	d.ExportedAt = testNow.Format(time.RFC3339)
	d.Flows[0].Source.Evidence = []Evidence{{Label: "Item master export", URL: "/srv/exports/items.csv"}}
	d.Flows[0].Owner.Evidence = []Evidence{{Label: "On-call rota", URL: "https://ops.example.com/rota"}}
	d.Flows[1].Failure.Risks[0].Evidence = []Evidence{{Label: "Incident", URL: "INC-42"}}
	d.OpenQuestions[0].Evidence = []Evidence{{Label: "Thread", URL: "https://chat.example.com/t/1"}}
	if len(d.Domains) == 0 {
		d.Domains = append(d.Domains, DomainDecision{Name: "price", SourceOfTruth: d.Systems[0].ID})
	}
	d.Domains[0].Evidence = []Evidence{{URL: "ADR-7"}}
	return d
}

func TestEvidenceCodecRoundTrip(t *testing.T) {
	d := evidenceDocument()
	if len(d.Flows[1].Failure.Risks) == 0 || len(d.OpenQuestions) == 0 {
		t.Fatal("the demo has no risk on its second flow or no open question to link")
	}
	b, back, again := encodeTwice(t, d)
	if !bytes.Equal(b, again) {
		t.Fatal("decode/encode changed a document with evidence")
	}
	if got := back.Flows[1].Failure.Risks[0].Evidence; len(got) != 1 || got[0].URL != "INC-42" {
		t.Errorf("the risk's evidence read back as %#v", got)
	}
	// A session without links keeps the revision it had before links
	// existed: the member is left out while empty.
	plain, _ := EncodeDocument(Demo(testNow))
	if bytes.Contains(plain, []byte(`"evidence"`)) {
		t.Error("a document without links writes an evidence member")
	}
}

func TestEvidenceRefusedOnDecode(t *testing.T) {
	cases := []struct {
		name, path string
		edit       func(d *Document)
	}{
		{"a step", "flows[0].contract.evidence[0].url", func(d *Document) {
			d.Flows[0].Contract.Evidence = []Evidence{{Label: "x", URL: "javascript:alert(1)"}}
		}},
		{"a flow's risk", "flows[1].failure.risks[0].evidence[1].url", func(d *Document) {
			d.Flows[1].Failure.Risks[0].Evidence = append(d.Flows[1].Failure.Risks[0].Evidence, Evidence{URL: "data:text/html,hi"})
		}},
		{"a session risk", "risks[0].evidence[0].url", func(d *Document) {
			d.Risks = []Risk{{ID: "session-risk", Title: "t", Impact: 1, Likelihood: 1, Evidence: []Evidence{{URL: "vbscript:x"}}}}
		}},
		{"a question", "open_questions[0].evidence[1].url", func(d *Document) {
			d.OpenQuestions[0].Evidence = append(d.OpenQuestions[0].Evidence, Evidence{URL: "ftp://files.example.com/x"})
		}},
		{"a decision", "domains[0].evidence[0].url", func(d *Document) {
			d.Domains[0].Evidence = []Evidence{{URL: "  "}}
		}},
	}
	for _, c := range cases {
		d := evidenceDocument()
		c.edit(d)
		b, err := EncodeDocument(d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = DecodeDocument(b)
		if err == nil || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: decode error %v, want one naming %s", c.name, err, c.path)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: the refusal is more than one line: %q", c.name, err)
		}
	}
}

func TestEvidenceClonedAndWalked(t *testing.T) {
	d := evidenceDocument()
	c := d.Clone()
	c.Flows[0].Source.Evidence[0].URL = "changed"
	c.Flows[1].Failure.Risks[0].Evidence[0].URL = "changed"
	c.OpenQuestions[0].Evidence[0].URL = "changed"
	c.Domains[0].Evidence[0].URL = "changed"
	if ps := Validate(d); len(ps) > 0 {
		t.Fatalf("a clone's edit reached the original: %v", ps)
	}
	seen := map[string]TextPlace{}
	WalkText(d, func(at TextPlace, text *string) {
		if at.Key == EvidenceKey {
			seen[*text] = at
		}
	})
	for text, kind := range map[string]PlaceKind{
		"Item master export": PlaceStep, "/srv/exports/items.csv": PlaceStep, "https://ops.example.com/rota": PlaceStep,
		"INC-42": PlaceRisk, "https://chat.example.com/t/1": PlaceQuestion, "ADR-7": PlaceDomain,
	} {
		if at, ok := seen[text]; !ok || at.Kind != kind {
			t.Errorf("%q: walked as %+v (found %v), want kind %d", text, at, ok, kind)
		}
	}
	if at := seen["https://ops.example.com/rota"]; at.Step != StepOwner || at.Flow != 0 {
		t.Errorf("the owner step's link walked at %+v", at)
	}
}

func TestDomainDecisionEqual(t *testing.T) {
	// Equal names every member; one added to DomainDecision must be added
	// there too.
	if n := reflect.TypeOf(DomainDecision{}).NumField(); n != 8 {
		t.Fatalf("DomainDecision has %d members; compare the new ones in Equal", n)
	}
	a := DomainDecision{Name: "price", SourceOfTruth: "erp", Evidence: []Evidence{{URL: "ADR-1"}}}
	b := a
	b.Evidence = []Evidence{{URL: "ADR-1"}}
	if !a.Equal(b) {
		t.Error("the same decision reads as different")
	}
	b.Evidence = append(b.Evidence, Evidence{URL: "ADR-2"})
	if a.Equal(b) {
		t.Error("a decision with a link more reads as the same")
	}
	c := a
	c.Due = "2026-05-01"
	if a.Equal(c) {
		t.Error("a decision with another due date reads as the same")
	}
}
