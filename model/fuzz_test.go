package model_test

// Import reads files that came from another laptop, an e-mail or another
// tool, so DecodeDocument meets every kind of broken and hostile input. Its
// contract: refuse with one printable sentence, or return a valid document
// that survives export and import unchanged.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
	"github.com/archreview/archreview/model/report"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../docs/archreview.schema.json"

var testNow = fixture.Now

// fuzzSmallDoc is a small synthetic session: two systems, one flow with a
// risk, one parked question. Every mutation seed starts from it.
const fuzzSmallDoc = `{
  "schema": "archreview/v1",
  "exported_at": "2026-03-14T09:30:00Z",
  "session": {"id": "s1", "name": "Synthetic review", "client": "Fictional retailer", "facilitator": "F",
    "participants": ["Ops lead"], "date": "2026-03-14", "created_at": "2026-03-14T09:00:00Z",
    "updated_at": "2026-03-14T09:30:00Z", "notes": "", "timebox_minutes": 10},
  "systems": [{"id": "a", "name": "Storefront", "kind": "storefront", "notes": ""},
              {"id": "b", "name": "ERP", "kind": "erp", "notes": ""}],
  "flows": [{"id": "f1", "name": "Orders", "domain": "order", "from": "a", "to": "b", "via": "",
    "source": {"system": "a", "other_writers": ["b"], "conflict_rule": "manual", "identifiers": "order no.",
               "data_quality": "", "notes": "", "private_notes": "only the facilitator", "done": true},
    "contract": {"pattern": "batch", "pattern_rationale": "cheap", "timing": "nightly", "transport": "SFTP",
                 "payload": "CSV", "field_mappings": "", "rate_limits": "", "idempotency": "none",
                 "environments": "", "notes": "", "done": false},
    "failure": {"retries": "", "monitoring": "none", "notes": "", "done": false,
                "risks": [{"id": "r1", "title": "Orders stuck", "impact": 4, "likelihood": 3,
                           "revenue_critical": true, "customer_visible": false, "fix": "alert",
                           "horizon": "immediate", "owner": "Ops", "slice": 0}]},
    "owner": {"flow_owner": "", "failures": "", "retries": "", "dashboards": "", "runbooks": "",
              "release_handoff": "", "support_model": "", "notes": "", "done": false}}],
  "open_questions": [{"id": "q1", "flow": "f1", "step": "contract", "question": "Who owns the mapping?", "ask": "IT", "answer": ""}]
}
`

// decodeSeeds are the inputs every run tries: valid documents and a dozen
// ways a file goes wrong.
func decodeSeeds(t testing.TB) [][]byte {
	demo, err := report.Render(model.DemoAnswers(testNow), report.FormatJSON, report.ExportOptions{Now: testNow, IncludePrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	small := fuzzSmallDoc
	mutate := func(old, new string) []byte {
		if !strings.Contains(small, old) {
			t.Fatalf("seed mutation: %q is not in the small document", old)
		}
		return []byte(strings.Replace(small, old, new, 1))
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	return [][]byte{
		demo,
		[]byte(small),
		[]byte(`{"schema":"archreview/v1","session":{"id":"s1","name":"Empty session"}}`),
		[]byte(`{"schema":"archreview/v1","exported_at":"","session":{"id":"s1","name":"Empty","participants":[]},"systems":[],"flows":[],"open_questions":[]}`),
		mutate(`"notes": "", "timebox_minutes"`, `"notes": "", "agenda": "x", "timebox_minutes"`),                // unknown key
		mutate(`"title": "Orders stuck"`, `"title": "Orders stuck", "title": "again"`),                           // duplicate key
		mutate(`"client":`, `"\u001b]0;owned\u0007": 1, "client":`),                                              // hostile unknown key
		mutate(`"client":`, `"line\nbreak": 1, "client":`),                                                       // unknown key with a line break
		mutate(`"client":`, `"\u202eevil": 1, "client":`),                                                        // unknown key with a direction override
		mutate(`"open_questions": [`, `"summary": {"\u001b[2J": 1, "\u001b[2J": 2}, "open_questions": [`),        // hostile duplicate key
		append([]byte(small), []byte(`{"schema":"archreview/v1"}`)...),                                           // trailing data
		append([]byte(small), []byte("\n\n  \t\n")...),                                                           // trailing space only
		mutate(`"Fictional retailer"`, "\"Fictional \xff\xfe retailer\""),                                        // invalid UTF-8
		mutate(`"Fictional retailer"`, `"Fictional \ud800 retailer"`),                                            // lone surrogate
		mutate(`"pattern": "batch"`, `"pattern": "Batch"`),                                                       // bad enum
		mutate(`"horizon": "immediate"`, `"horizon": "someday"`),                                                 // bad enum
		mutate(`"open_questions": [`, `"summary": `+deep+`, "open_questions": [`),                                // deep nesting
		mutate(`"notes": "", "done": false}}]`, `"notes": {"a":`+deep[:9000]+`}, "done": false}}]`),              // deep nesting in a value
		mutate(`"impact": 4`, `"impact": 1e400`),                                                                 // huge number
		mutate(`"timebox_minutes": 10`, `"timebox_minutes": 99999999999999999999999`),                            // overflow
		mutate(`"slice": 0`, `"slice": -0`),                                                                      // negative zero
		mutate(`"likelihood": 3`, `"likelihood": 3.0`),                                                           // a float where a whole number goes
		mutate(`"session": {`, `"session": null, "x": {`),                                                        // null session
		mutate(`"flows": [{`, `"flows": [null, {`),                                                               // null flow
		mutate(`"participants": ["Ops lead"]`, `"participants": null`),                                           // null list
		mutate(`"risks": [{`, `"risks": [null, {`),                                                               // null risk
		mutate(`"name": "Orders"`, `"name": null`),                                                               // null text
		mutate(`"client": "Fictional retailer"`, `"client": "\u001b]52;c;b3duZWQ=\u0007\u009b2J\u202e\r\u0000"`), // hostile value
		append([]byte("\xef\xbb\xbf"), small...),                                                                 // byte-order mark
		mutate(`"to": "b"`, `"to": "nowhere"`),                                                                   // dangling system id
		mutate(`"exported_at": "2026-03-14T09:30:00Z"`, `"exported_at": "yesterday"`),                            // bad time
		[]byte("null"),
		[]byte(`"archreview/v1"`),
		[]byte("{"),
	}
}

// FuzzDecodeDocument: any input is refused with one printable sentence, or
// decodes to a valid document that lost nothing of the file, whose encoding
// decodes to the same bytes, and whose export matches the published schema.
func FuzzDecodeDocument(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := model.DecodeDocument(data)
		if err != nil {
			if d != nil {
				t.Fatalf("refused with %q but returned a document too", err)
			}
			if problem := unprintable(err.Error()); problem != "" {
				t.Fatalf("the refusal %s, so `archreview import` would write it raw to the terminal: %q", problem, err)
			}
			return
		}
		if ps := model.Validate(d); len(ps) > 0 {
			t.Fatalf("accepted a document Validate refuses: %v", ps)
		}
		once, err := model.EncodeDocument(d)
		if err != nil {
			t.Fatalf("an accepted document cannot be encoded: %v", err)
		}
		if where := dropped(data, once); where != "" {
			t.Fatalf("an accepted file lost %q on the way in", where)
		}
		again, err := model.DecodeDocument(once)
		if err != nil {
			t.Fatalf("the encoding of an accepted document is refused: %v\n%s", err, once)
		}
		twice, err := model.EncodeDocument(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("decode and encode changed the document:\n%s\n---\n%s", once, twice)
		}
		// What archreview accepts, it exports in the shape it publishes.
		sch, err := fuzzSchema()
		if err != nil {
			t.Fatalf("the published schema does not compile: %v", err)
		}
		export, err := report.Render(d, report.FormatJSON, report.ExportOptions{Now: testNow, IncludePrivate: true})
		if err != nil {
			t.Fatalf("an accepted document cannot be exported: %v", err)
		}
		if err := fixture.ValidateJSON(sch, export); err != nil {
			t.Fatalf("the export of an accepted file does not match %s: %#v", schemaPath, err)
		}
	})
}

// dropped names a value of the input that its encoding does not carry, or
// "": an import keeps everything it accepts, save the derived summary. A null
// stands for the empty value, which the encoding writes out.
func dropped(input, encoded []byte) string {
	var in, out any
	if json.Unmarshal(bytes.TrimPrefix(input, []byte("\xef\xbb\xbf")), &in) != nil || json.Unmarshal(encoded, &out) != nil {
		return "" // the strict decoder accepted it; the standard library's view is not the point
	}
	if m, ok := in.(map[string]any); ok {
		delete(m, "summary")
		if m["schema"] == model.SchemaV1 {
			m["schema"] = model.SchemaID // import upgrades a v1 file
		}
	}
	var walk func(path string, in, out any) string
	walk = func(path string, in, out any) string {
		switch in := in.(type) {
		case nil:
			return ""
		case map[string]any:
			om, ok := out.(map[string]any)
			if !ok {
				return path
			}
			for k, v := range in {
				ov, ok := om[k]
				switch {
				case !ok && emptyJSON(v):
					continue // an empty private_notes is left out
				case !ok:
					return path + "." + k
				}
				if w := walk(path+"."+k, v, ov); w != "" {
					return w
				}
			}
		case []any:
			ol, ok := out.([]any)
			if !ok || len(ol) != len(in) {
				return path
			}
			for i := range in {
				if w := walk(fmt.Sprintf("%s[%d]", path, i), in[i], ol[i]); w != "" {
					return w
				}
			}
		default:
			if in != out {
				return path
			}
		}
		return ""
	}
	return walk("document", in, out)
}

// emptyJSON reports whether a decoded JSON value is the empty value of its
// kind, which the encoding may leave out.
func emptyJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case float64:
		return v == 0
	}
	return false
}

// fuzzSchema is docs/archreview.schema.json compiled once per fuzzing
// process, formats asserted, as TestSchemaAcceptsExports uses it.
var fuzzSchema = sync.OnceValues(func() (*jsonschema.Schema, error) { return fixture.CompileSchema(schemaPath) })

// unprintable says why a message cannot go to a terminal as it is, or "".
func unprintable(msg string) string {
	if !utf8.ValidString(msg) {
		return "is not UTF-8"
	}
	for _, r := range msg {
		switch {
		case r == '\n' || r == '\r':
			return "is more than one line"
		case unicode.IsControl(r):
			return fmt.Sprintf("holds the control character %U", r)
		case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
			return fmt.Sprintf("holds the direction override %U", r)
		}
	}
	return ""
}
