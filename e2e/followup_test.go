//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// followUpDB is the demo review and a follow-up of it started with
// new --from, in one database.
func followUpDB(t *testing.T) (db, demo, followUp string) {
	t.Helper()
	db, demo = demoDB(t)
	followUp = strings.TrimSpace(mustRun(t, db, nil, "new", "Autumn follow-up", "--from", demo))
	if !idPattern.MatchString(followUp) || followUp == demo {
		t.Fatalf("new --from printed %q, want a new session id", followUp)
	}
	return db, demo, followUp
}

// exportMap is a session's JSON export as plain values a test can edit.
func exportMap(t *testing.T, db, session string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "export", session)), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func objects(v any) []map[string]any {
	var out []map[string]any
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// A follow-up carries the map, the answers, the decisions and the risks
// with their status and ticket, starts every step not done, records the
// review it follows, and with nothing edited differs from it in nothing.
func TestFollowUpCarriesTheReview(t *testing.T) {
	t.Parallel()
	db, demo, followUp := followUpDB(t)
	old, cur := exportMap(t, db, demo), exportMap(t, db, followUp)
	if cur["follows"] != demo {
		t.Errorf("follows %v, want the demo's id %s", cur["follows"], demo)
	}
	s := cur["session"].(map[string]any)
	if s["id"] != followUp || s["name"] != "Autumn follow-up" || s["client"] != old["session"].(map[string]any)["client"] {
		t.Errorf("session %v, want the new id and name and the demo's client", s)
	}
	for _, key := range []string{"systems", "domains", "risks", "triage"} {
		if fmt.Sprint(cur[key]) != fmt.Sprint(old[key]) {
			t.Errorf("%s not carried:\n got %v\nwant %v", key, cur[key], old[key])
		}
	}
	oldFlows, flows := objects(old["flows"]), objects(cur["flows"])
	if len(flows) != len(oldFlows) {
		t.Fatalf("%d flows, want the demo's %d", len(flows), len(oldFlows))
	}
	doneBefore := 0
	for i, f := range flows {
		o := oldFlows[i]
		for _, step := range []string{"source", "contract", "failure", "owner"} {
			st, ost := f[step].(map[string]any), o[step].(map[string]any)
			if st["done"] != false {
				t.Errorf("flow %v: the %s step starts done", f["name"], step)
			}
			if ost["done"] == true {
				doneBefore++
			}
			delete(st, "done")
			delete(ost, "done")
		}
		if fmt.Sprint(f) != fmt.Sprint(o) {
			t.Errorf("flow %v not carried with the same id, answers and risks:\n got %v\nwant %v", o["name"], f, o)
		}
	}
	if doneBefore == 0 {
		t.Fatal("the demo has no step done; the test cannot show the reset")
	}
	var status, ticket bool
	for _, f := range flows {
		for _, r := range objects(f["failure"].(map[string]any)["risks"]) {
			status = status || r["status"] == "in-progress"
			ticket = ticket || r["ticket"] == "INT-142"
		}
	}
	if !status || !ticket {
		t.Error("the demo's risk in progress with ticket INT-142 did not carry over")
	}

	if out := mustRun(t, db, nil, "diff", demo, followUp); out != "No changes since \"Demo: Harbour & Pine integration review\".\n" {
		t.Errorf("diff of the demo and its untouched follow-up:\n%s", out)
	}
	md := mustRun(t, db, nil, "export", followUp, "--format", "markdown")
	if !strings.Contains(md, "\n## What changed since Demo: Harbour & Pine integration review\n\nNothing changed since") {
		t.Error("the follow-up's pack does not say what changed since the demo")
	}
	if strings.Contains(mustRun(t, db, nil, "export", demo, "--format", "markdown"), "What changed since") {
		t.Error("the demo's own pack, which follows nothing, says what changed")
	}
}

// The check: a follow-up with one risk re-scored, another
// mitigated and a flow added differs from its review in exactly those
// three, in the JSON, the text and the follow-up's pack.
func TestDiffListsExactlyWhatChanged(t *testing.T) {
	t.Parallel()
	db, demo, followUp := followUpDB(t)
	doc := exportMap(t, db, followUp)
	flows := objects(doc["flows"])
	rescored := objects(flows[0]["failure"].(map[string]any)["risks"])[0]
	before := int(rescored["impact"].(float64) * rescored["likelihood"].(float64))
	rescored["likelihood"] = 1.0
	mitigated := objects(flows[1]["failure"].(map[string]any)["risks"])[0]
	mitigated["status"] = "mitigated"
	// A flow as the app adds it: its details, nothing answered yet.
	added := map[string]any{"id": "returns-to-erp", "name": "Returns to ERP", "domain": "returns", "from": flows[0]["from"], "to": flows[0]["to"]}
	doc["flows"] = append(doc["flows"].([]any), added)
	delete(doc, "summary")
	file := filepath.Join(t.TempDir(), "follow-up.json")
	writeJSON(t, file, doc)
	mustRun(t, db, nil, "import", "--replace", file)

	var c struct {
		Flows    []map[string]any `json:"flows"`
		Answers  []map[string]any `json:"answers"`
		Risks    []map[string]any `json:"risks"`
		Domains  []map[string]any `json:"domains"`
		Findings []map[string]any `json:"findings"`
	}
	out := mustRun(t, db, nil, "diff", demo, "Autumn follow-up", "--format", "json")
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("diff --format json is not JSON: %v\n%s", err, out)
	}
	var got []string
	for _, f := range c.Flows {
		got = append(got, fmt.Sprintf("flow %v %v", f["kind"], f["flow"]))
	}
	for _, r := range c.Risks {
		got = append(got, fmt.Sprintf("risk %v %v %v->%v", r["kind"], r["risk"], r["old"], r["new"]))
	}
	want := []string{
		"flow added returns-to-erp",
		fmt.Sprintf("risk re-scored %v %d->%d", rescored["id"], before, int(rescored["impact"].(float64))),
		fmt.Sprintf("risk closed %v open->mitigated", mitigated["id"]),
	}
	if !slices.Equal(got, want) || len(c.Answers)+len(c.Domains)+len(c.Findings) != 0 {
		t.Errorf("diff lists:\n  %s\nanswers %v, domains %v, findings %v\nwant exactly:\n  %s",
			strings.Join(got, "\n  "), c.Answers, c.Domains, c.Findings, strings.Join(want, "\n  "))
	}

	lines := []string{
		`Flow "Returns to ERP" added`,
		fmt.Sprintf(`Risk "%v" re-scored %d → %d (%v)`, rescored["title"], before, int(rescored["impact"].(float64)), flows[0]["name"]),
		fmt.Sprintf(`Risk "%v" closed: mitigated (%v)`, mitigated["title"], flows[1]["name"]),
	}
	text := mustRun(t, db, nil, "diff", demo, followUp)
	headline, rest, _ := strings.Cut(text, "\n")
	// The demo is costed: the headline ends on the exposure before and after.
	if !strings.HasPrefix(headline, "Since ") || !strings.Contains(headline, ": 1 critical risk mitigated, 1 flow added; exposure EUR ") ||
		!strings.HasSuffix(headline, " a year.") ||
		rest != strings.Join(lines, "\n")+"\n" {
		t.Errorf("diff text:\n%s\nwant the headline of 1 critical risk mitigated and 1 flow added, then:\n%s", text, strings.Join(lines, "\n"))
	}
	md := mustRun(t, db, nil, "export", followUp, "--format", "markdown")
	at := strings.Index(md, "\n## What changed since Demo: Harbour & Pine integration review\n")
	if at < 0 {
		t.Fatal("the follow-up's pack has no section on what changed")
	}
	section := md[at:]
	section = section[:strings.Index(section[1:], "\n## ")+1]
	section = strings.ReplaceAll(section, `\"`, `"`) // the pack escapes quotes for pandoc
	for _, l := range lines {
		if !strings.Contains(section, "\n- "+l+"\n") {
			t.Errorf("the pack's section does not list %q:\n%s", l, section)
		}
	}
	if !strings.Contains(section, "3 changes in all") || !strings.Contains(section, "| Critical risks closed / new | 1 / 0 |") {
		t.Errorf("the pack's section does not count 3 changes:\n%s", section)
	}
}

// Bad input to diff is refused in one line with exit status 2, whichever
// side it is on.
func TestDiffRefusesBadInput(t *testing.T) {
	t.Parallel()
	db, demo := demoDB(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "demo.json")
	if err := os.WriteFile(good, []byte(mustRun(t, db, nil, "export", demo)), 0o600); err != nil {
		t.Fatal(err)
	}
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	newer := strings.Replace(mustRun(t, db, nil, "export", demo), `"archreview/v3"`, `"archreview/v9"`, 1)
	cases := []struct {
		name string
		args []string
		says string
	}{
		{"not an archreview document", []string{"diff", good, file("other.json", `{"name": "a package manifest"}`)}, "other.json"},
		{"not JSON", []string{"diff", file("notes.txt", "minutes of the meeting"), good}, "notes.txt"},
		{"a newer schema", []string{"diff", good, file("newer.json", newer)}, "newer"},
		{"an unknown session", []string{"diff", demo, "Winter review"}, "Winter review"},
		{"one version", []string{"diff", good}, "two versions"},
		{"an unknown format", []string{"diff", good, good, "--format", "pdf"}, "pdf"},
		{"an unknown flag", []string{"diff", good, good, "--colour"}, "colour"},
	}
	for _, tc := range cases {
		stdout, stderr, code := run(t, db, nil, tc.args...)
		oneLineError(t, tc.name, stderr, code)
		if code != 2 {
			t.Errorf("%s: exit status %d, want 2", tc.name, code)
		}
		if stdout != "" {
			t.Errorf("%s: printed %q as well as the error", tc.name, stdout)
		}
		if !strings.Contains(stderr, tc.says) {
			t.Errorf("%s: error %q does not name %q", tc.name, stderr, tc.says)
		}
	}
	// Without a database, a name that is not a file cannot be a session.
	_, stderr, code := run(t, "", nil, "diff", good, "Winter review")
	oneLineError(t, "no database", stderr, code)
	if code != 2 {
		t.Errorf("no database: exit status %d, want 2", code)
	}
}
