//go:build unix

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
)

// raceSessions is how many sessions the damage tests' file holds: a
// consultancy's laptop after a season of workshops.
const raceSessions = 41

// raceID is the id of session Race n.
func raceID(n int) string { return fmt.Sprintf("01JRACE%019d", n) }

var raceDB struct {
	once sync.Once
	path string
	err  error
}

// raceFile is a copy, in the test's own folder, of a database holding the
// demo review 41 times as sessions "Race 1" to "Race 41", each imported
// (so each has a merge base) with an answer of its own. It is built once
// for the package through the binary, and copied, so each test starts from
// a file no archreview has checked yet.
func raceFile(t *testing.T) string {
	t.Helper()
	raceDB.once.Do(func() { raceDB.path, raceDB.err = buildRaceFile(t) })
	if raceDB.err != nil {
		t.Fatal(raceDB.err)
	}
	db := filepath.Join(t.TempDir(), "review.db")
	copyFile(t, raceDB.path, db)
	return db
}

func buildRaceFile(t *testing.T) (string, error) {
	src, id := demoDB(t)
	var doc map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, src, nil, "export", id)), &doc); err != nil {
		return "", err
	}
	delete(doc, "summary")
	db := filepath.Join(runDir, "races.db")
	for n := 1; n <= raceSessions; n++ {
		session := doc["session"].(map[string]any)
		session["id"], session["name"] = raceID(n), fmt.Sprintf("Race %d", n)
		flow := doc["flows"].([]any)[1].(map[string]any)
		flow["source"].(map[string]any)["notes"] = fmt.Sprintf("answer-of-race-%d: the ERP wins every stock dispute", n)
		data, err := json.Marshal(doc)
		if err != nil {
			return "", err
		}
		mustRun(t, db, data, "import", "-")
	}
	return db, nil
}

// changeInFile finds the one place the file holds text and changes the
// byte at offset into it, in place, with no archreview running.
func changeInFile(t *testing.T, path, text string, offset int, change func(byte) byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(text)); n != 1 {
		t.Fatalf("%q is in the file %d times, want once", text, n)
	}
	at := bytes.Index(data, []byte(text)) + offset
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{change(data[at])}, int64(at)); err != nil {
		t.Fatal(err)
	}
}

// The two ways one session is damaged in place: a byte of an answer
// changed, and one bit of the session's name flipped ("Race 17" stored as
// "Rabe 17", which still decodes). label is how the damaged session is
// named then: a damaged name is not believed, so it goes by its id.
var raceDamage = []struct {
	name   string
	damage func(t *testing.T, db string)
	label  string
	listed string // its name in list --json
}{
	{"a byte changed in an answer", func(t *testing.T, db string) {
		changeInFile(t, db, "answer-of-race-17:", len("answer-of-"), func(b byte) byte { return 'R' })
	}, "Race 17 (" + raceID(17) + ")", "Race 17"},
	{"a bit flipped in the name", func(t *testing.T, db string) {
		changeInFile(t, db, `"name":"Race 17"`, len(`"name":"Ra`), func(b byte) byte { return b ^ 0x01 })
	}, raceID(17), ""},
}

// TestDamagedSessionHidesOnlyItself: one session of 41 damaged in place.
// list shows the 40 others as ever and names the damaged one; export --all
// writes the 40, refuses nothing else, exits 1 and leaves the file as it
// was, read-only or not; the 40 files import into a fresh database and
// export back the same.
func TestDamagedSessionHidesOnlyItself(t *testing.T) {
	t.Parallel()
	for i, c := range raceDamage {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db := raceFile(t)
			c.damage(t, db)
			before := sha256File(t, db)
			victim := raceID(17)

			checkDamagedList(t, db, victim, c.label, c.listed)
			if i == 1 {
				makeReadOnly(t, db)
			}
			dir := filepath.Join(t.TempDir(), "saved")
			files := exportAllDamaged(t, db, dir, victim, c.label)
			if after := sha256File(t, db); after != before {
				t.Fatal("list and export --all changed the damaged file")
			}
			checkRoundTrip(t, dir, files)
		})
	}
}

// makeReadOnly makes the file one nothing may write to: mode 0400, and for
// root, whom modes do not stop, immutable as well.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		return
	}
	requireTool(t, "chattr", "a file must be made read-only for root too")
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Fatalf("chattr +i %s: %v: %s (the test needs a file system that keeps the immutable flag, such as ext4)", path, err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", path).Run() })
}

// checkDamagedList holds list and list --json to the 40 sound sessions and
// the damaged one named.
func checkDamagedList(t *testing.T, db, victim, label, listed string) {
	t.Helper()
	out, errOut, code := run(t, db, nil, "list")
	if code != 0 {
		t.Fatalf("list exited %d: %s", code, errOut)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")[1:]
	if len(rows) != raceSessions {
		t.Fatalf("list shows %d sessions, want %d:\n%s", len(rows), raceSessions, out)
	}
	sound := 0
	for _, row := range rows {
		switch {
		case strings.HasPrefix(row, victim):
			name := listed + " "
			if listed == "" {
				name = "(name unreadable)"
			}
			if !strings.Contains(row, "DAMAGED") || !strings.Contains(row, name) {
				t.Errorf("the damaged session's row does not say so, under %q: %q", name, row)
			}
		case strings.Contains(row, "DAMAGED"):
			t.Errorf("a sound session is listed as damaged: %q", row)
		case strings.Contains(row, "Race ") && strings.Contains(row, "10/32"):
			sound++
		}
	}
	if sound != raceSessions-1 {
		t.Errorf("list shows %d sessions as sound, want %d:\n%s", sound, raceSessions-1, out)
	}
	msg := strings.TrimSpace(errOut)
	if want := "archreview: session " + label + " is damaged and cannot be read"; !strings.HasPrefix(msg, want) ||
		strings.Contains(msg, "\n") || !strings.Contains(msg, "export --all -o DIR") {
		t.Errorf("list says on stderr %q, want one line starting %q and saying what to do", msg, want)
	}

	var entries []struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Flows   int    `json:"flows"`
		Damaged bool   `json:"damaged"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "list", "--json")), &entries); err != nil {
		t.Fatal(err)
	}
	damaged := 0
	for _, e := range entries {
		if e.Damaged {
			damaged++
			if e.ID != victim || e.Name != listed {
				t.Errorf("list --json marks %s (%q) damaged, want %s (%q)", e.ID, e.Name, victim, listed)
			}
		} else if e.Flows != 8 {
			t.Errorf("list --json gives %s %d flows, want the demo's 8", e.Name, e.Flows)
		}
	}
	if len(entries) != raceSessions || damaged != 1 {
		t.Errorf("list --json has %d sessions, %d damaged; want %d, 1", len(entries), damaged, raceSessions)
	}
}

// exportAllDamaged runs export --all on the file and returns the names of
// the files it wrote.
func exportAllDamaged(t *testing.T, db, dir, victim, label string) []string {
	t.Helper()
	out, errOut, code := run(t, db, nil, "export", "--all", "-o", dir)
	if code != 1 {
		t.Fatalf("export --all exited %d, want 1 (a session could not be read); stderr: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "archreview: session "+label+" is damaged") ||
		!strings.Contains(lines[1], fmt.Sprintf("%d of %d sessions", raceSessions-1, raceSessions)) {
		t.Errorf("export --all says on stderr:\n%s\nwant the damaged session named, then the count", errOut)
	}
	checkMode(t, dir, 0o700, 0)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
		checkMode(t, filepath.Join(dir, e.Name()), 0o600, 0)
		if strings.Contains(e.Name(), victim) {
			t.Errorf("export --all wrote the damaged session: %s", e.Name())
		}
	}
	if len(files) != raceSessions-1 || len(strings.Split(strings.TrimSpace(out), "\n")) != raceSessions-1 {
		t.Fatalf("export --all wrote %d files and printed:\n%s\nwant %d", len(files), out, raceSessions-1)
	}
	if want := "race-3-" + raceID(3) + ".archreview.json"; !contains(files, want) {
		t.Errorf("export --all wrote %v, want among them %s", files, want)
	}
	return files
}

// checkRoundTrip imports the files into a fresh database and exports them
// all again: each must come back as it left, its export time aside.
func checkRoundTrip(t *testing.T, dir string, files []string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "laptop2.db")
	for _, f := range files {
		mustRun(t, fresh, nil, "import", filepath.Join(dir, f))
	}
	again := filepath.Join(t.TempDir(), "again")
	mustRun(t, fresh, nil, "export", "--all", "-o", again)
	back, err := os.ReadDir(again)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range back {
		names = append(names, e.Name())
	}
	sort.Strings(files)
	if !reflect.DeepEqual(names, files) {
		t.Fatalf("the re-export wrote %v, want %v", names, files)
	}
	for _, f := range files {
		a, b := exportWithoutTime(t, filepath.Join(dir, f)), exportWithoutTime(t, filepath.Join(again, f))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s does not export back as it was imported", f)
		}
	}
}

func exportWithoutTime(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if _, ok := doc["exported_at"]; !ok {
		t.Fatalf("%s has no exported_at", path)
	}
	delete(doc, "exported_at")
	return doc
}

// TestAppOpensBesideADamagedSession: the app opens a file with one damaged
// session of 41, says which cannot be read, and opening that one says so
// while the app goes on.
func TestAppOpensBesideADamagedSession(t *testing.T) {
	t.Parallel()
	db := raceFile(t)
	raceDamage[0].damage(t, db)
	a := startApp(t, db, true)
	a.waitFor("Session Race 17 ("+raceID(17)+") is damaged and cannot be read.", appWait)
	a.waitFor("export --all -o DIR saves the others", appWait)
	a.sendKeys("/")
	a.typeText("Race 17")
	a.sendKeys("Enter")
	a.waitFor("! cannot be read", appWait)
	a.sendKeys("Enter")
	screen := a.waitFor("session Race 17 ("+raceID(17)+") is damaged and cannot be read", appWait)
	if !strings.Contains(screen, "PROGRESS") {
		t.Fatalf("opening the damaged session left the picker:\n%s", screen)
	}
	// Another session still opens.
	a.sendKeys("Escape")
	a.waitFor("Race 10", appWait)
	a.sendKeys("/")
	a.typeText("Race 3")
	a.sendKeys("Enter", "Enter")
	a.waitFor("[ Flows 8 ]", appWait)
	a.sendKeys("Escape")
	a.waitFor("PROGRESS", appWait)
	a.sendKeys("q")
	a.checkCleanExit("q on the picker of a file with a damaged session")
}

// TestExportAllRefusals: --all takes no SESSION and writes JSON only, into
// a folder; each refusal is one sentence, and nothing is opened or written.
func TestExportAllRefusals(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	dir := filepath.Join(t.TempDir(), "saved")
	for _, args := range [][]string{
		{"export", "--all", "Race 17", "-o", dir},
		{"export", "--all", "--format", "markdown", "-o", dir},
		{"export", "--all"},
		{"export", "--all", "-o", "-"},
	} {
		what := "archreview " + strings.Join(args, " ")
		stdout, stderr, code := run(t, db, nil, args...)
		oneLineError(t, what, stderr, code)
		if !strings.Contains(stderr, "--all") || stdout != "" {
			t.Errorf("%s: stdout %q, stderr %q; want only a sentence about --all", what, stdout, stderr)
		}
	}
	for _, p := range []string{db, dir} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("a refused export --all left %s: %v", p, err)
		}
	}
}
