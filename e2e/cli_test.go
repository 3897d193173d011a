//go:build unix

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archreview/archreview/model"

	"github.com/creack/pty"
	bolt "go.etcd.io/bbolt"
)

// idPattern is what `new` prints: one id on one line.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// demoDB creates a database holding the demo session and returns its path
// and the session id.
func demoDB(t *testing.T) (db, id string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "review.db")
	id = strings.TrimSpace(mustRun(t, db, nil, "demo"))
	if !idPattern.MatchString(id) {
		t.Fatalf("archreview demo printed %q, want the session id", id)
	}
	return db, id
}

func TestNewListVersion(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")

	out := mustRun(t, db, nil, "new", "Spring replatform review", "--client", "Fictional Outfitters", "--facilitator", "Dana Reyes")
	id := strings.TrimSpace(out)
	if !idPattern.MatchString(id) || strings.Count(out, "\n") != 1 {
		t.Fatalf("archreview new printed %q, want one id on one line", out)
	}

	list := mustRun(t, db, nil, "list")
	lines := strings.Split(strings.TrimRight(list, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("archreview list printed %d lines, want a header and one session:\n%s", len(lines), list)
	}
	if got := strings.Join(strings.Fields(lines[0]), " "); got != "ID NAME CLIENT DATE STEPS FLOWS" {
		t.Errorf("list header is %q, want ID NAME CLIENT DATE STEPS FLOWS", got)
	}
	for _, want := range []string{id, "Spring replatform review", "Fictional Outfitters"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("list row %q does not show %q", lines[1], want)
		}
	}

	var entries []map[string]any
	jsonOut := mustRun(t, db, nil, "list", "--json")
	if err := json.Unmarshal([]byte(jsonOut), &entries); err != nil {
		t.Fatalf("list --json is not a JSON array: %v\n%s", err, jsonOut)
	}
	if len(entries) != 1 {
		t.Fatalf("list --json has %d entries, want 1:\n%s", len(entries), jsonOut)
	}
	e := entries[0]
	for key, want := range map[string]string{"id": id, "name": "Spring replatform review", "client": "Fictional Outfitters", "facilitator": "Dana Reyes"} {
		if got, _ := e[key].(string); got != want {
			t.Errorf("list --json %s = %v, want %q", key, e[key], want)
		}
	}
	if d, _ := e["date"].(string); !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(d) {
		t.Errorf("list --json date = %v, want YYYY-MM-DD", e["date"])
	}
	progress := false
	for k := range e {
		if strings.Contains(k, "progress") {
			progress = true
		}
	}
	if !progress {
		t.Errorf("list --json entry has no progress field: %v", e)
	}

	v := mustRun(t, db, nil, "version")
	if !strings.HasPrefix(v, "archreview ") || strings.Count(v, "\n") != 1 {
		t.Errorf("archreview version printed %q, want one line starting \"archreview \"", v)
	}
}

func TestDemoTwiceKeepsOneSession(t *testing.T) {
	t.Parallel()
	db, first := demoDB(t)
	second := strings.TrimSpace(mustRun(t, db, nil, "demo"))
	if second != first {
		t.Errorf("second archreview demo printed %q, want the same id %q", second, first)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "list", "--json")), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("after demo twice list has %d sessions, want 1: %v", len(entries), entries)
	}
}

func TestExportFormats(t *testing.T) {
	t.Parallel()
	requireTool(t, "jq", "the export test checks the JSON the way a consultant's scripts read it")
	db, id := demoDB(t)
	doc := exportSession(t, db, id)
	if doc.Schema != "archreview/v3" {
		t.Errorf("export by id: schema = %q, want archreview/v3", doc.Schema)
	}
	if byName := exportSession(t, db, doc.Session.Name); byName.Session.ID != id || byName.Schema != "archreview/v3" {
		t.Errorf("export by name %q gave session %q schema %q, want %q archreview/v3", doc.Session.Name, byName.Session.ID, byName.Schema, id)
	}

	t.Run("jq reads the schema through a pipe", func(t *testing.T) {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		exp := exec.Command(binary, "--db", db, "export", id)
		exp.Env = cleanEnv(t)
		exp.Stdout = pw
		jq := exec.Command("jq", "-r", ".schema")
		jq.Stdin = pr
		var out, jqErr bytes.Buffer
		jq.Stdout, jq.Stderr = &out, &jqErr
		if err := exp.Start(); err != nil {
			t.Fatal(err)
		}
		if err := jq.Start(); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		pr.Close()
		expErr, jqRunErr := exp.Wait(), jq.Wait()
		if expErr != nil || jqRunErr != nil {
			t.Fatalf("archreview export | jq -r .schema failed: export %v, jq %v: %s", expErr, jqRunErr, jqErr.String())
		}
		if got := strings.TrimSpace(out.String()); got != "archreview/v3" {
			t.Errorf("jq -r .schema = %q, want archreview/v3", got)
		}
	})

	t.Run("markdown", func(t *testing.T) {
		md := mustRun(t, db, nil, "export", id, "--format", "markdown")
		if !strings.HasPrefix(md, "# ") || !strings.Contains(md, doc.Session.Name) {
			t.Errorf("markdown export does not start with a heading naming the session:\n%.300s", md)
		}
	})

	t.Run("csv", func(t *testing.T) {
		out := mustRun(t, db, nil, "export", id, "--format", "csv")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("csv export does not parse: %v\n%.300s", err, out)
		}
		if len(rows) < 2 {
			t.Fatalf("csv export has %d rows, want a header and the demo's risks", len(rows))
		}
		if !containsAny(strings.Join(rows[0], ","), "score") || !containsAny(strings.Join(rows[0], ","), "title") {
			t.Errorf("csv header %v does not name score and title", rows[0])
		}
	})

	t.Run("-o writes a private file and no temp files", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "pack.json")
		// A file left readable by an earlier tool must come out private.
		if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		if stdout := mustRun(t, db, nil, "export", id, "-o", out); stdout != "" {
			t.Errorf("export -o also printed to stdout: %.200q", stdout)
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("export -o file mode = %o, want 600", fi.Mode().Perm())
		}
		data, _ := os.ReadFile(out)
		var got exported
		if err := json.Unmarshal(data, &got); err != nil || got.Schema != "archreview/v3" {
			t.Errorf("export -o file is not the JSON export (err %v, schema %q)", err, got.Schema)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("export -o left %v in the folder, want only pack.json", names)
		}
	})

	t.Run("unknown format", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "pack.xml")
		stdout, stderr, code := run(t, db, nil, "export", id, "--format", "xml", "-o", out)
		oneLineError(t, "export --format xml", stderr, code)
		if !strings.Contains(stderr, "xml") {
			t.Errorf("export --format xml: error %q does not name the format", stderr)
		}
		if stdout != "" {
			t.Errorf("export --format xml printed to stdout: %.200q", stdout)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("export --format xml -o created %s", out)
		}
	})

	t.Run("ambiguous name", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "review.db")
		mustRun(t, db, nil, "new", "Checkout review one")
		mustRun(t, db, nil, "new", "Checkout review two")
		_, stderr, code := run(t, db, nil, "export", "Checkout review")
		oneLineError(t, "export of a name two sessions share", stderr, code)
	})
}

// exportLinesWithoutTimestamp drops the exported_at line, and the
// provenance (base_revision, ancestors) an import adds, the only lines that
// may differ between two exports of the same content.
func exportLinesWithoutTimestamp(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for next := withoutProvenance(sc); next(); {
		if l := sc.Text(); !strings.HasPrefix(strings.TrimSpace(l), `"exported_at"`) {
			out = append(out, l)
		}
	}
	return out
}

func TestRoundTripIntoFreshDatabase(t *testing.T) {
	t.Parallel()
	db, id := demoDB(t)
	first := mustRun(t, db, nil, "export", id)
	file := filepath.Join(t.TempDir(), "demo.json")
	if err := os.WriteFile(file, []byte(first), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "laptop2.db")
	mustRun(t, fresh, nil, "import", file)
	second := mustRun(t, fresh, nil, "export", id)

	a, b := exportLinesWithoutTimestamp(first), exportLinesWithoutTimestamp(second)
	if len(a) != len(b) {
		t.Errorf("re-export has %d lines, the original %d", len(b), len(a))
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			t.Fatalf("re-export differs from the original at line %d:\n original: %s\n re-export: %s", i+1, a[i], b[i])
		}
	}
}

func TestImportTwiceRefusedUnlessReplace(t *testing.T) {
	t.Parallel()
	src, id := demoDB(t)
	var doc map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, src, nil, "export", id)), &doc); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "demo.json")
	writeJSON(t, file, doc)

	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, nil, "import", file)
	_, stderr, code := run(t, db, nil, "import", file)
	oneLineError(t, "second import of the same file", stderr, code)
	if !strings.Contains(stderr, "already") {
		t.Errorf("second import: error %q does not say the session is already there", stderr)
	}

	// --replace must take the file's content, not just succeed.
	doc["session"].(map[string]any)["notes"] = "Replaced after the second workshop."
	writeJSON(t, file, doc)
	mustRun(t, db, nil, "import", "--replace", file)
	got := exportSession(t, db, id)
	if got.Session.Notes != "Replaced after the second workshop." {
		t.Errorf("after import --replace the session notes are %q, want the replaced text", got.Session.Notes)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "list", "--json")), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("after import --replace list has %d sessions, want 1", len(entries))
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// copyFile gives a subtest its own copy of a database, so refusals are
// checked on files no other subtest touches.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// oversizeFile writes size bytes made by fill without holding them in memory.
func oversizeFile(t *testing.T, path, head string, size int, fill byte, tail string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(head)
	chunk := bytes.Repeat([]byte{fill}, 1<<20)
	for left := size - len(head) - len(tail); left > 0; left -= len(chunk) {
		w.Write(chunk[:min(left, len(chunk))])
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMalformedImportsAreRefused(t *testing.T) {
	t.Parallel()
	base, id := demoDB(t)
	valid := mustRun(t, base, nil, "export", id)
	var doc map[string]any
	if err := json.Unmarshal([]byte(valid), &doc); err != nil {
		t.Fatal(err)
	}
	// mutate returns the valid export with one change made through a map.
	mutate := func(change func(doc map[string]any)) []byte {
		var d map[string]any
		if err := json.Unmarshal([]byte(valid), &d); err != nil {
			t.Fatal(err)
		}
		change(d)
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	firstFlow := func(d map[string]any) map[string]any {
		flows, _ := d["flows"].([]any)
		if len(flows) == 0 {
			t.Fatal("the demo export has no flows")
		}
		return flows[0].(map[string]any)
	}
	replaceOnce := func(old, new string) []byte {
		if !strings.Contains(valid, old) {
			t.Fatalf("the demo export has no %q to change", old)
		}
		return []byte(strings.Replace(valid, old, new, 1))
	}

	const overLimit = model.MaxDocumentBytes + 1<<20
	cases := []struct {
		name string
		// file writes the import into dir and returns its path.
		file func(t *testing.T, dir string) string
		// the error must hold each group's one word at least
		mention [][]string
	}{
		{"not JSON", bytesFile("notes.json", []byte("Orders go to the ERP every night.\n")), [][]string{{"json"}}},
		{"trailing data", bytesFile("twice.json", []byte(valid+"\n{}\n")), [][]string{{"after", "trailing", "extra"}}},
		{"invalid UTF-8", bytesFile("latin1.json", replaceOnce(`"name": "`, "\"name\": \"\xff\xfe")), [][]string{{"utf-8", "utf8"}}},
		{"unknown key", bytesFile("unknown.json", replaceOnce(`"session": {`, `"session": {"bogus_field": 1, `)), [][]string{{"bogus_field"}}},
		{"duplicate key", bytesFile("dup.json", replaceOnce(`"schema": "archreview/v3",`, `"schema": "archreview/v3", "schema": "archreview/v3",`)), [][]string{{"schema"}, {"twice", "duplicate", "more than once"}}},
		{"bad enum", bytesFile("enum.json", mutate(func(d map[string]any) {
			firstFlow(d)["contract"].(map[string]any)["pattern"] = "realtime"
		})), [][]string{{"realtime"}}},
		{"dangling system id", bytesFile("dangling.json", mutate(func(d map[string]any) {
			firstFlow(d)["from"] = "no-such-system"
		})), [][]string{{"no-such-system"}}},
		{"impact 9", bytesFile("impact.json", mutate(func(d map[string]any) {
			risks, _ := firstFlow(d)["failure"].(map[string]any)["risks"].([]any)
			if len(risks) == 0 {
				t.Fatal("the demo's first flow has no risk to change")
			}
			risks[0].(map[string]any)["impact"] = 9
		})), [][]string{{"impact"}}},
		{"257 MB of spaces", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "spaces.json")
			oversizeFile(t, p, "", overLimit, ' ', "")
			return p
		}, [][]string{{"limit", "too large", "too big", "mb"}}},
		{"a huge string", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "huge.json")
			oversizeFile(t, p, `{"schema":"archreview/v3","session":{"id":"huge","name":"Huge","notes":"`, overLimit, 'a', `"}}`)
			return p
		}, [][]string{{"limit", "too large", "too big", "mb"}}},
		{"empty file", bytesFile("empty.json", nil), [][]string{{"empty"}}},
		{"a directory", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "export.json")
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
			return p
		}, [][]string{{"export.json"}, {"folder", "directory"}}},
		{"a missing file", func(_ *testing.T, dir string) string { return filepath.Join(dir, "missing.json") },
			[][]string{{"missing.json"}, {"does not exist", "no such file", "not found"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "review.db")
			copyFile(t, base, db)
			before := sha256File(t, db)
			file := tc.file(t, dir)

			stdout, stderr, code := run(t, db, nil, "import", file)
			oneLineError(t, "import "+tc.name, stderr, code)
			for _, group := range tc.mention {
				if !containsAny(stderr, group...) {
					t.Errorf("import %s: error %q names none of %q", tc.name, strings.TrimSpace(stderr), group)
				}
			}
			if strings.Contains(stdout, "Imported") {
				t.Errorf("import %s: stdout says it imported: %q", tc.name, stdout)
			}
			if after := sha256File(t, db); after != before {
				t.Errorf("import %s changed the database file", tc.name)
			}
		})
	}
}

// bytesFile is a case's import file holding data.
func bytesFile(name string, data []byte) func(t *testing.T, dir string) string {
	return func(t *testing.T, dir string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func TestRefusedDatabaseFiles(t *testing.T) {
	t.Parallel()
	good, _ := demoDB(t)
	pristine, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize() // bbolt sizes its pages from the machine that created the file
	if len(pristine) <= 4*page {
		t.Fatalf("the demo database is only %d bytes; the damage cases need more than four pages", len(pristine))
	}
	clone := func() []byte { return append([]byte(nil), pristine...) }

	cases := []struct {
		name    string
		content func(t *testing.T, path string)
	}{
		{"a text file", writeBytes([]byte("Meeting notes: orders flow nightly to the ERP.\n"))},
		{"an empty file", writeBytes(nil)},
		{"a damaged archreview database", func(t *testing.T, path string) {
			b := clone()
			for i := 2 * page; i < len(b); i += 61 {
				b[i] ^= 0x5a
			}
			writeBytes(b)(t, path)
		}},
		{"a bbolt file from another program", func(t *testing.T, path string) {
			other, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = other.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("widgets"))
				if err != nil {
					return err
				}
				return b.Put([]byte("sprocket"), []byte("42"))
			})
			if cerr := other.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"zeroed meta pages", func(t *testing.T, path string) {
			b := clone()
			clear(b[:2*page])
			writeBytes(b)(t, path)
		}},
		// Past the meta and freelist pages, into the tree: the second half
		// of a file can be free space bbolt grew into, which is no damage.
		{"truncated into its pages", func(t *testing.T, path string) {
			writeBytes(clone()[:3*page])(t, path)
		}},
		{"truncated inside the first pages", func(t *testing.T, path string) {
			writeBytes(clone()[:page+page/2])(t, path)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "review.db")
			tc.content(t, db)
			before := sha256File(t, db)
			// list, export and the app itself all open the file first.
			for _, args := range [][]string{{"list"}, {"export", "anything"}, {}} {
				what := strings.Join(append([]string{"archreview"}, args...), " ") + " on " + tc.name
				stdout, stderr, code := runAsTyped(t, db, args...)
				oneLineError(t, what, stderr, code)
				if !strings.Contains(stderr, "review.db") {
					t.Errorf("%s: error %q does not name the file", what, strings.TrimSpace(stderr))
				}
				if stdout != "" {
					t.Errorf("%s: printed to stdout: %.200q", what, stdout)
				}
				if after := sha256File(t, db); after != before {
					t.Fatalf("%s changed the file's bytes", what)
				}
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("refusing %s left %v in its folder, want only review.db", tc.name, names)
			}
		})
	}
}

func writeBytes(b []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		t.Helper()
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSecondProcessRefused(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, nil, "new", "Locked review")
	app := startApp(t, db, true)
	app.waitFor("Locked review", appWait)

	// list and export read through the app (TestReadCommandsWhileTheAppIsOpen).
	for _, args := range [][]string{{}} {
		what := strings.Join(append([]string{"archreview"}, args...), " ") + " while the app has the file open"
		start := time.Now()
		_, stderr, code := runAsTyped(t, db, args...)
		took := time.Since(start)
		oneLineError(t, what, stderr, code)
		if !strings.Contains(stderr, "is open in another archreview") {
			t.Errorf("%s: error %q does not say the file is open in another archreview", what, strings.TrimSpace(stderr))
		}
		if took > 2*time.Second {
			t.Errorf("%s took %s to refuse, want under 2s", what, took.Round(time.Millisecond))
		}
	}
	// The first window must be unharmed: it still answers keys.
	app.sendKeys("?")
	app.waitFor("Keys", appWait)
}

func TestFileModes(t *testing.T) {
	// Not parallel: the umask is the whole process's, and the modes of files
	// other tests create must not depend on this test.
	for _, mask := range []int{0o022, 0o000} {
		old := syscall.Umask(mask)
		func() {
			defer syscall.Umask(old)
			root := t.TempDir()
			db := filepath.Join(root, "client-a", "reviews", "review.db")
			mustRun(t, db, nil, "new", "Private review")
			checkMode(t, db, 0o600, mask)
			checkMode(t, filepath.Dir(db), 0o700, mask)
			checkMode(t, filepath.Dir(filepath.Dir(db)), 0o700, mask)

			out := filepath.Join(root, "pack.md")
			mustRun(t, db, nil, "export", "Private review", "--format", "markdown", "-o", out)
			checkMode(t, out, 0o600, mask)
		}()
	}
}

func checkMode(t *testing.T, path string, want os.FileMode, umask int) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("with umask %03o %s has mode %03o, want %03o", umask, path, got, want)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	for _, args := range [][]string{
		{"frobnicate"},
		{"export"},
		{"new"},
		{"import"},
		{"list", "--bogus"},
		{"export", "x", "--format"},
	} {
		what := "archreview " + strings.Join(args, " ")
		stdout, stderr, code := run(t, db, nil, args...)
		oneLineError(t, what, stderr, code)
		if stdout != "" {
			t.Errorf("%s printed to stdout: %.200q", what, stdout)
		}
	}
}

// Reading commands never create or change the database: a mistyped --db is
// an error, not a new empty file, and list/export leave every byte alone.
func TestReadingCommandsWriteNothing(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "typo", "review.db")
	for _, args := range [][]string{{"list"}, {"export", "anything"}} {
		_, stderr, code := run(t, missing, nil, args...)
		oneLineError(t, "archreview "+strings.Join(args, " ")+" on a missing file", stderr, code)
		if !strings.Contains(stderr, "does not exist") {
			t.Errorf("%v on a missing file: %q", args, stderr)
		}
		if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
			t.Fatalf("%v created %s", args, filepath.Dir(missing))
		}
	}

	db, id := demoDB(t)
	before := sha256File(t, db)
	fi, _ := os.Stat(db)
	mustRun(t, db, nil, "list")
	mustRun(t, db, nil, "list", "--json")
	mustRun(t, db, nil, "export", id, "--format", "markdown")
	if sha256File(t, db) != before {
		t.Fatal("list or export changed the database's bytes")
	}
	if fi2, _ := os.Stat(db); !fi2.ModTime().Equal(fi.ModTime()) {
		t.Fatal("list or export touched the database's modification time")
	}
}

// An export printed to a terminal cannot carry escape sequences to it; piped
// or written with -o it keeps every byte.
func TestExportToATerminalIsMadeSafe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	doc := map[string]any{
		"schema":  "archreview/v3",
		"session": map[string]any{"id": "hostile1", "name": "Title\u001b]0;owned\u0007 trap", "notes": "bidi \u202e here"},
	}
	in := filepath.Join(dir, "in.json")
	writeJSON(t, in, doc)
	mustRun(t, db, nil, "import", in)
	for _, format := range []string{"json", "markdown", "csv"} {
		cmd := exec.Command(binary, "--db", db, "export", "hostile1", "--format", format)
		cmd.Env = cleanEnv(t)
		f, err := pty.Start(cmd)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(f)
		cmd.Wait()
		f.Close()
		for _, bad := range []string{"\x1b]0;owned", "\x07", "\u202e"} {
			if strings.Contains(string(out), bad) {
				t.Errorf("export --format %s to a terminal shows %q raw", format, bad)
			}
		}
	}
	piped := mustRun(t, db, nil, "export", "hostile1", "--format", "markdown")
	if !strings.Contains(piped, "\u202e") && !strings.Contains(piped, "owned") {
		t.Fatalf("the piped export lost the text: %q", piped)
	}
}

// A new user's first `list`, on the default database that does not exist
// yet, is an empty list, not an error, and creates nothing; the default
// database then lives in the XDG data folder.
func TestFirstListOnTheDefaultDatabase(t *testing.T) {
	t.Parallel()
	env := cleanEnv(t)
	var dataHome string
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "XDG_DATA_HOME="); ok {
			dataHome = v
		}
	}
	list := func(args ...string) (string, string, error) {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	out, stderr, err := list("list")
	if err != nil || !strings.Contains(out, "No sessions yet") || stderr != "" {
		t.Fatalf("first list: %v, %q, %q", err, out, stderr)
	}
	if out, _, _ := list("list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("first list --json: %q", out)
	}
	if _, err := os.Stat(dataHome); !os.IsNotExist(err) {
		t.Fatalf("list created %s", dataHome)
	}
	if _, stderr, err := list("demo"); err != nil {
		t.Fatalf("demo: %v %s", err, stderr)
	}
	db := filepath.Join(dataHome, "archreview", "archreview.db")
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the default database: %v", err)
	}
	if out, _, _ := list("list"); !strings.Contains(out, "Demo: Harbour & Pine") {
		t.Fatalf("list after demo: %q", out)
	}
}

// Shell completion offers the sessions by id, with their names.
func TestCompletionOffersSessions(t *testing.T) {
	t.Parallel()
	db, id := demoDB(t)
	out := mustRun(t, db, nil, "__complete", "export", "")
	if !strings.Contains(out, id+"\tDemo: Harbour & Pine") {
		t.Fatalf("completion offered %q", out)
	}
}

// TestBareCommandRefusesARedirect is `archreview > out.txt` and
// `archreview | less`: with no terminal to draw on, the app refuses at once
// with one line on stderr and status 2, before it opens (or creates) the
// database, and the file gets nothing, no escape sequence either.
func TestBareCommandRefusesARedirect(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")

	outPath := filepath.Join(dir, "out.txt")
	outFile, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "--db", db)
	cmd.Env = cleanEnv(t)
	cmd.Dir = dir
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = outFile, &errOut
	runErr := cmd.Run()
	outFile.Close()
	if ctx.Err() != nil {
		t.Fatalf("archreview > out.txt was still running after %s, want a refusal at once", commandTimeout)
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(runErr, &exit) {
		code = exit.ExitCode()
	} else if runErr != nil {
		t.Fatal(runErr)
	}
	if code != 2 {
		t.Errorf("archreview > out.txt exited %d, want 2", code)
	}
	oneLineError(t, "archreview > out.txt", errOut.String(), code)
	if !strings.Contains(errOut.String(), "needs a terminal") {
		t.Errorf("stderr is %q, want it to say archreview needs a terminal", errOut.String())
	}
	if data, err := os.ReadFile(outPath); err != nil || len(data) != 0 {
		t.Errorf("out.txt holds %q (%v), want nothing written to it", data, err)
	}

	// A pipe, as `archreview | less` gives it.
	stdout, stderr, code := run(t, db, nil)
	if code != 2 || stdout != "" {
		t.Errorf("archreview | less exited %d with %q on stdout, want 2 and nothing", code, stdout)
	}
	oneLineError(t, "archreview | less", stderr, code)

	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused run left %s behind (%v), want no database created", db, err)
	}
}

// runAsTyped runs a command as a person types it: the bare command, which
// opens the app, on a terminal; the others with their output piped.
func runAsTyped(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if len(args) == 0 {
		return runOnTerminal(t, db)
	}
	return run(t, db, nil, args...)
}
