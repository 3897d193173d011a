//go:build unix

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// sessionJSON is a small valid export with its own id, name and notes.
func sessionJSON(id, name, notes string) []byte {
	doc := strings.Replace(fixtureSession, `"id": "e2e-session", "name": "Keystroke review"`,
		fmt.Sprintf(`"id": %q, "name": %q, "notes": %q`, id, name, notes), 1)
	return []byte(doc)
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// replaceLoop runs `archreview import --replace file` over and over, each
// one compacting the database, until stop is called; stop says how many ran
// and how many were refused because the file was in use.
func replaceLoop(t *testing.T, db, file string) (stop func() (runs, refused int)) {
	t.Helper()
	env := cleanEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var runs, refused int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			_, stderr, err := runCLI(env, db, "import", "--replace", file)
			runs++
			if err != nil && strings.Contains(stderr, "is open in another archreview") {
				refused++
			}
		}
	}()
	return func() (int, int) {
		cancel()
		wg.Wait()
		return runs, refused
	}
}

// importUntilTaken imports file, trying again while another writer has the
// database, and reports whether an import said it was done.
func importUntilTaken(t *testing.T, db, file string) bool {
	t.Helper()
	for range 30 {
		stdout, stderr, code := run(t, db, nil, "import", file)
		if code == 0 && strings.HasPrefix(stdout, "Imported") {
			return true
		}
		if !strings.Contains(stderr, "is open in another archreview") {
			t.Errorf("import %s: exit %d: %s", filepath.Base(file), code, stderr)
			return false
		}
	}
	t.Errorf("import %s was refused as in use 30 times in a row", filepath.Base(file))
	return false
}

func listedIDs(t *testing.T, db string) map[string]bool {
	t.Helper()
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, s := range list {
		ids[s.ID] = true
	}
	return ids
}

// A compaction renames a fresh file over the database. Imports racing a
// loop of replacing imports (each one compacting) must all be there at the
// end: a writer let in on the old, nameless file would lose its session.
func TestImportsRacingAReplaceLoopLoseNothing(t *testing.T) {
	t.Parallel()
	db, _ := demoDB(t)
	demo := filepath.Join(t.TempDir(), "demo.json")
	mustRun(t, db, nil, "export", demoName, "-o", demo)
	const imports = 60
	var files []string
	for i := range imports {
		files = append(files, writeTemp(t, fmt.Sprintf("s%02d.json", i), sessionJSON(fmt.Sprintf("race-%02d", i), fmt.Sprintf("Race %02d", i), "")))
	}
	stop := replaceLoop(t, db, demo)
	var taken []string
	for i, f := range files {
		if importUntilTaken(t, db, f) {
			taken = append(taken, fmt.Sprintf("race-%02d", i))
		}
	}
	runs, refused := stop()
	ids := listedIDs(t, db)
	lost := 0
	for _, id := range taken {
		if !ids[id] {
			lost++
		}
	}
	if lost > 0 || len(taken) != imports {
		t.Errorf("%d of %d imports said Imported; %d of those sessions are not in the database", len(taken), imports, lost)
	}
	if runs < 5 {
		t.Errorf("the replace loop ran only %d times: the race was hardly tried", runs)
	}
	mustBoltCheck(t, db)
	figure(t, "imports racing a replace loop imports=%d imported=%d lost=%d replace-runs=%d replace-refused-in-use=%d", imports, len(taken), lost, runs, refused)
}

// deletedFilesOpen lists the files a process holds that no longer have a
// name, beside the database.
func deletedFilesOpen(pid int, dir string) []string {
	entries, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	var out []string
	for _, e := range entries {
		target, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, e.Name()))
		if err == nil && strings.HasPrefix(target, dir) && strings.HasSuffix(target, "(deleted)") {
			out = append(out, target)
		}
	}
	return out
}

// The app opened while a replace loop compacts the file must hold the file
// that is at the path, and keep every other writer out while it is open.
func TestAppOpenedDuringAReplaceLoop(t *testing.T) {
	t.Parallel()
	db, _ := demoDB(t)
	dir := filepath.Dir(db)
	demo := filepath.Join(t.TempDir(), "demo.json")
	mustRun(t, db, nil, "export", demoName, "-o", demo)
	other := writeTemp(t, "other.json", sessionJSON("second-writer", "Second writer", ""))
	rounds := scale(20, 100)
	stop := replaceLoop(t, db, demo)
	app := startApp(t, db, true)
	deleted, admitted, retried := 0, 0, 0
	for round := 0; round < rounds; round++ {
		if round > 0 {
			app.mustTmux("respawn-pane", "-k", "-t", "app", appCommand(db))
		}
		screen, ok := app.waitForOK(demoName, appWait)
		if !ok {
			if strings.Contains(screen, "is open in another archreview") && retried < 2*rounds {
				retried++ // the loop held the file for the whole second: start again
				round--
				continue
			}
			t.Fatalf("round %d: the sessions list did not appear; screen:\n%s", round, screen)
		}
		pid := app.pid()
		if names := deletedFilesOpen(pid, dir); len(names) > 0 {
			deleted++
			t.Errorf("round %d: the app holds files that no longer have a name: %v", round, names)
		}
		if _, stderr, code := run(t, db, nil, "import", other); code == 0 || !strings.Contains(stderr, "is open in another archreview") {
			admitted++
			t.Errorf("round %d: a second writer was let in while the app had the file open (exit %d, %q)", round, code, stderr)
		}
		app.sendKeys("q")
		waitGone(t, pid, exitWithin, "q on the sessions list")
	}
	runs, _ := stop()
	mustBoltCheck(t, db)
	figure(t, "app opened during a replace loop rounds=%d holding-deleted-file=%d second-writer-admitted=%d replace-runs=%d starts-refused-in-use=%d",
		rounds, deleted, admitted, runs, retried)
}

// A --db that is a link stays a link: the edits and the compaction go to
// the file it names.
func TestSymlinkedDatabaseStaysALink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	real := filepath.Join(dir, "vault", "review.db")
	mustRun(t, real, nil, "new", "Made at the real path")
	link := filepath.Join(dir, "review.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	mustRun(t, link, nil, "import", writeTemp(t, "s.json", sessionJSON("linked", "Linked review", "first")))
	// An edit that deletes text: the replace compacts the file.
	mustRun(t, link, nil, "import", "--replace", writeTemp(t, "s2.json", sessionJSON("linked", "Linked review", "EDITED-THROUGH-THE-LINK")))
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("after a compaction the link is no longer a link (%v)", err)
	}
	if !strings.Contains(mustRun(t, real, nil, "export", "linked"), "EDITED-THROUGH-THE-LINK") {
		t.Fatal("the real file does not hold the edit made through the link")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files beside the link: %v, want the link and its folder", entries)
	}
	dangling := filepath.Join(dir, "dangling.db")
	if err := os.Symlink(filepath.Join(dir, "nowhere", "review.db"), dangling); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, dangling, nil, "new", "Into nothing")
	oneLineError(t, "new through a dangling link", stderr, code)
	if !strings.Contains(stderr, "which does not exist") {
		t.Errorf("a dangling link: %q", stderr)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a dangling link's folder was created")
	}
}

// An export is never written over the database or one of its files.
func TestExportOntoTheDatabaseIsRefused(t *testing.T) {
	t.Parallel()
	db, id := demoDB(t)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	before := sha256File(t, db)
	for _, target := range []string{db, link, db + ".lock", db + ".compact", db + ".v1.bak"} {
		for _, format := range []string{"json", "csv"} {
			_, stderr, code := run(t, db, nil, "export", id, "--format", format, "-o", target)
			oneLineError(t, "export -o "+filepath.Base(target), stderr, code)
			if !strings.Contains(stderr, "write the export to another file") {
				t.Errorf("export -o %s: %q", target, stderr)
			}
		}
	}
	if sha256File(t, db) != before {
		t.Fatal("an export onto the database changed it")
	}
	if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
		t.Errorf("refused exports left files beside the database: %v", entries)
	}
}

// A read-only export target is kept, not replaced and made 0600.
func TestExportRefusesAReadOnlyTarget(t *testing.T) {
	t.Parallel()
	db, id := demoDB(t)
	target := writeTemp(t, "kept.json", []byte("keep me\n"))
	if err := os.Chmod(target, 0o444); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, db, nil, "export", id, "-o", target)
	oneLineError(t, "export onto a read-only file", stderr, code)
	if !strings.Contains(stderr, "read-only") {
		t.Errorf("message %q does not say the file is read-only", stderr)
	}
	fi, _ := os.Stat(target)
	if data, _ := os.ReadFile(target); string(data) != "keep me\n" || fi.Mode().Perm() != 0o444 {
		t.Fatalf("the read-only target was changed: mode %v, %q", fi.Mode().Perm(), data)
	}
}

// An export into a named pipe nobody reads stops at ctrl+c or SIGTERM.
func TestExportToAPipeWithNoReaderCanBeStopped(t *testing.T) {
	t.Parallel()
	db, id := demoDB(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		fifo := filepath.Join(t.TempDir(), "pipe")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binary, "--db", db, "export", id, "-o", fifo)
		cmd.Env = cleanEnv(t)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond) // waiting for a reader by now
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(exitWithin):
			_ = cmd.Process.Kill()
			t.Fatalf("export into a pipe with no reader ignored %v for %s", sig, exitWithin)
		}
		oneLineError(t, "export into an unread pipe stopped by "+sig.String(), stderr.String(), cmd.ProcessState.ExitCode())
		t.Logf("%v: stopped in %s: %s", sig, time.Since(start).Round(time.Millisecond), strings.TrimSpace(stderr.String()))
	}
}

// rescueFiles lists the rescue files beside the database.
func rescueFiles(t *testing.T, db string) []string {
	t.Helper()
	matches, err := filepath.Glob(db + ".rescue-*.json")
	if err != nil {
		t.Fatal(err)
	}
	return matches
}

// checkRescue confirms one rescue file holds want and imports into a
// database of its own.
func checkRescue(t *testing.T, db, want string) {
	t.Helper()
	files := rescueFiles(t, db)
	if len(files) != 1 {
		t.Fatalf("rescue files beside %s: %v, want one", filepath.Base(db), files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), want) {
		t.Fatalf("the rescue file lacks %q", want)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("the rescue file is mode %v, want 0600", fi.Mode().Perm())
	}
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	mustRun(t, fresh, nil, "import", files[0])
	if !strings.Contains(mustRun(t, fresh, nil, "export", "e2e-session", "--include-private"), want) {
		t.Fatalf("the imported rescue file lacks %q", want)
	}
}

// What can happen to the database under the open app; each leaves other
// bytes (or none) at the path.
var underTheApp = []struct {
	name string
	swap func(t *testing.T, db string, other []byte)
}{
	{"cp over it", func(t *testing.T, db string, other []byte) {
		if err := os.WriteFile(db, other, 0o600); err != nil { // in place, as cp does
			t.Fatal(err)
		}
	}},
	{"backup put back with mv", func(t *testing.T, db string, other []byte) {
		if err := os.WriteFile(db+".backup", other, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(db+".backup", db); err != nil {
			t.Fatal(err)
		}
	}},
	{"folder deleted", func(t *testing.T, db string, _ []byte) {
		if err := os.RemoveAll(filepath.Dir(db)); err != nil {
			t.Fatal(err)
		}
	}},
}

// A database swapped, overwritten or deleted under the open app is noticed
// at the next save: the banner says so, the text typed after it goes to a
// rescue file that imports, every way of quitting exits within two seconds,
// and whatever is at the path afterwards is left as it was put there.
func TestSwappedDatabaseUnderTheAppIsRescued(t *testing.T) {
	t.Parallel()
	other, err := os.ReadFile(func() string { db, _ := demoDB(t); return db }())
	if err != nil {
		t.Fatal(err)
	}
	stops := []struct {
		name string
		stop func(app *tuiApp, pid int)
	}{
		{"ctrl+c", func(app *tuiApp, _ int) { app.sendKeys("C-c") }},
		{"SIGTERM", func(_ *tuiApp, pid int) { _ = syscall.Kill(pid, syscall.SIGTERM) }},
		{"SIGHUP", func(_ *tuiApp, pid int) { _ = syscall.Kill(pid, syscall.SIGHUP) }},
	}
	for _, sw := range underTheApp {
		for _, st := range stops {
			t.Run(sw.name+"/"+st.name, func(t *testing.T) {
				t.Parallel()
				db := filepath.Join(t.TempDir(), "client", "review.db")
				mustRun(t, db, []byte(fixtureSession), "import", "-")
				app := startApp(t, db, true)
				app.openWalk()
				app.editField("Data quality")
				app.typeText("before the swap")
				app.waitFor("✓ saved", appWait)
				sw.swap(t, db, other)
				typed := "TYPED-AFTER-" + strings.ToUpper(strings.ReplaceAll(sw.name, " ", "-"))
				app.typeText(" " + typed)
				app.waitFor("NOT SAVED: review.db", appWait)
				screen := app.waitFor("beside it", appWait)
				if !strings.Contains(screen, "rescue-") {
					t.Errorf("the banner does not name the rescue file:\n%s", screen)
				}
				pid := app.pid()
				st.stop(app, pid)
				took := waitGone(t, pid, exitWithin, st.name+" after the file was swapped")
				checkRescue(t, db, typed)
				switch sw.name {
				case "folder deleted":
					if _, err := os.Stat(db); err == nil {
						t.Error("a database was made again where the deleted one was")
					}
				default:
					if got, _ := os.ReadFile(db); !bytes.Equal(got, other) {
						t.Error("the file put at the path was changed when the app quit")
					}
				}
				status := strings.TrimSpace(app.mustTmux("display-message", "-p", "-t", "app", "#{pane_dead_status}"))
				if status == "0" {
					t.Errorf("the app exited 0 though the session went to a rescue file")
				}
				t.Logf("exited in %s with status %s", took.Round(time.Millisecond), status)
			})
		}
	}
}

// kill -9 during a compaction leaves the compaction's copy and, in the
// database's free pages, text that was deleted just before: the next open
// removes the one and compacts away the other.
func TestKill9DuringCompactionLeavesNoDeletedText(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "client")
	db := filepath.Join(dir, "review.db")
	// A large session makes each compaction long enough to kill it midway.
	mustRun(t, db, nil, "demo", "--flows", "800", "--risks", "3")
	env := cleanEnv(t)
	r := rand.New(rand.NewPCG(faultSeed(t), 9))
	rounds := scale(20, 60)
	caught, tries := 0, 0
	for caught < rounds && tries < 4*rounds {
		tries++
		marker := fmt.Sprintf("DELETED-BEFORE-THE-KILL-%d-%x", tries, r.Uint32())
		mustRun(t, db, nil, "import", "--replace", writeTemp(t, "with.json", sessionJSON("victim", "Victim", strings.Repeat(marker+" ", 30))))
		clean := writeTemp(t, "without.json", sessionJSON("victim", "Victim", "nothing to see"))
		cmd := exec.Command(binary, "--db", db, "import", "--replace", clean)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed := false
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			if _, err := os.Stat(db + ".compact"); err == nil {
				time.Sleep(time.Duration(r.Int64N(int64(5 * time.Millisecond))))
				killed = cmd.Process.Signal(syscall.SIGKILL) == nil
				break
			}
			if cmd.ProcessState != nil {
				break
			}
			time.Sleep(200 * time.Microsecond)
		}
		_ = cmd.Wait()
		if !killed || cmd.ProcessState.Success() {
			continue // the compaction ended before the kill: not a case
		}
		if _, err := os.Stat(db + ".compact"); err != nil {
			continue // killed before or after the copy existed
		}
		caught++
		// The next open: a writer, as the app or any command is.
		_, _, err := runCLI(env, db, "new", fmt.Sprintf("Probe %d", caught))
		if err != nil {
			t.Fatalf("round %d: the open after kill -9 during compaction failed: %v", caught, err)
		}
		if _, err := os.Stat(db + ".compact"); err == nil {
			t.Fatalf("round %d: the next open left the killed compaction's copy", caught)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			if bytes.Contains(data, []byte(marker)) {
				t.Fatalf("round %d: the text deleted before the kill is readable in %s", caught, e.Name())
			}
		}
	}
	if caught < rounds {
		t.Fatalf("only %d of %d tries killed a compaction midway; the test proves too little", caught, tries)
	}
	mustBoltCheck(t, db)
	figure(t, "kill -9 during compaction rounds=%d tries=%d leftover-copies=0 deleted-text-readable=0", caught, tries)
}
