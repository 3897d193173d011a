//go:build linux

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archreview/archreview/model/report"
)

// fileState is what a command that only reads must leave as it was.
type fileState struct {
	exists bool
	sum    string
	mtime  time.Time
	mode   os.FileMode
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return fileState{}
	}
	if err != nil {
		t.Fatal(err)
	}
	s := fileState{exists: true, mtime: fi.ModTime(), mode: fi.Mode()}
	if fi.Mode().IsRegular() {
		s.sum = sha256File(t, path)
	}
	return s
}

func (s fileState) String() string {
	if !s.exists {
		return "absent"
	}
	return fmt.Sprintf("sha256 %.12s, modified %s, mode %v", s.sum, s.mtime.Format(time.RFC3339Nano), s.mode)
}

// readCommands are the commands that only read a database: every export
// format to standard output and to a file in out, the list, a diff of two
// of its sessions and the packs.
func readCommands(id, id2, out string) [][]string {
	cmds := [][]string{{"list"}, {"list", "--json"}, {"diff", id, id2}, {"diff", id, id2, "--format", "json"}, {"packs"}}
	for _, f := range report.Formats {
		cmds = append(cmds,
			[]string{"export", id, "--format", f},
			[]string{"export", id, "--format", f, "-o", filepath.Join(out, "pack"+report.FormatExtension[f])})
	}
	return cmds
}

// twoSessionsDB makes a database with the demo and a follow-up of it, so
// that diff has two of its sessions to compare.
func twoSessionsDB(t *testing.T, db string) (id, id2 string) {
	t.Helper()
	id = strings.TrimSpace(mustRun(t, db, nil, "demo"))
	id2 = strings.TrimSpace(mustRun(t, db, nil, "new", "Autumn follow-up", "--from", id))
	return id, id2
}

// runEach runs every command on db with run and fails unless each exits 0
// with nothing on stderr but the lines allowed.
func runEach(t *testing.T, cmds [][]string, run func(args ...string) (string, string, int), allowed ...string) {
	t.Helper()
	for _, args := range cmds {
		stdout, stderr, code := run(args...)
		if code != 0 {
			t.Errorf("archreview %s exited %d; stderr: %s", strings.Join(args, " "), code, stderr)
			continue
		}
		if stdout == "" && !slices.Contains(args, "-o") {
			t.Errorf("archreview %s printed nothing", strings.Join(args, " "))
		}
		for line := range strings.SplitSeq(strings.TrimSpace(stderr), "\n") {
			if line != "" && !containsAny(line, allowed...) {
				t.Errorf("archreview %s said on stderr: %s", strings.Join(args, " "), line)
			}
		}
	}
}

// requireUnchanged fails when the database is not as it was before.
func requireUnchanged(t *testing.T, db string, before fileState) {
	t.Helper()
	if after := stateOf(t, db); after != before {
		t.Errorf("reading commands changed the database: before %s, after %s", before, after)
	}
}

// Every reading command leaves the database's bytes, modification time and
// mode as they were, and leaves nothing beside it.
func TestReadingCommandsLeaveTheDatabaseAsItWas(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	id, id2 := twoSessionsDB(t, db)
	before := stateOf(t, db)
	out := t.TempDir()
	runEach(t, readCommands(id, id2, out), func(args ...string) (string, string, int) { return run(t, db, nil, args...) })
	requireUnchanged(t, db, before)
	if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
		t.Errorf("files beside the database after reading it: %v", entries)
	}
	if entries, _ := os.ReadDir(out); len(entries) != len(report.Formats) {
		t.Errorf("the exports written: %v, want one per format", entries)
	}
}

// A database another account may read is reported by a reader, never
// chmodded: a reader does not change the file. A writer still tightens it.
func TestReaderWarnsOfALooseModeAndLeavesIt(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	id, _ := twoSessionsDB(t, db)
	if err := os.Chmod(db, 0o640); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, db)
	for _, args := range [][]string{{"list"}, {"export", id, "--format", "markdown"}} {
		_, stderr, code := run(t, db, nil, args...)
		if code != 0 || !strings.Contains(stderr, "can be read by other users") || !strings.Contains(stderr, "chmod 600") {
			t.Errorf("archreview %s on a 0640 database: exit %d, stderr %q; want 0 and a warning saying to chmod 600", strings.Join(args, " "), code, stderr)
		}
	}
	requireUnchanged(t, db, before)
	mustRun(t, db, nil, "new", "A writer")
	if fi, _ := os.Stat(db); fi.Mode().Perm() != 0o600 {
		t.Errorf("a writer left the database at %04o, want it tightened to 0600", fi.Mode().Perm())
	}
}

// bindReadOnly mounts dir read-only at a new folder, unmounted when the
// test ends, or skips the test saying why it cannot.
func bindReadOnly(t *testing.T, dir string) string {
	t.Helper()
	if uid := os.Geteuid(); uid != 0 {
		t.Skipf("a read-only bind mount needs root; this test runs as uid %d", uid)
	}
	at := t.TempDir()
	if err := syscall.Mount(dir, at, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount %s (the container refuses it: %v)", dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(at, 0); err != nil {
			// Busy for a moment after a child exits: detach it instead.
			if err := syscall.Unmount(at, syscall.MNT_DETACH); err != nil {
				t.Errorf("cannot unmount %s: %v", at, err)
			}
		}
	})
	if err := syscall.Mount("", at, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount the bind mount of %s read-only (the container refuses it: %v)", dir, err)
	}
	if err := os.WriteFile(filepath.Join(at, "probe"), nil, 0o600); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("the read-only mount at %s takes a write (%v)", at, err)
	}
	return at
}

// Every reading command works on a database whose folder is mounted
// read-only, where not even its lock file can be made, and leaves it as it
// was. A lock held by a writer on the same folder mounted elsewhere still
// keeps a reader out.
func TestReadingCommandsOnAReadOnlyMount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	id, id2 := twoSessionsDB(t, db)
	ro := filepath.Join(bindReadOnly(t, dir), "review.db")
	before := stateOf(t, db)
	out := t.TempDir()
	runEach(t, readCommands(id, id2, out), func(args ...string) (string, string, int) { return run(t, ro, nil, args...) })
	requireUnchanged(t, db, before)
	if entries, _ := os.ReadDir(out); len(entries) != len(report.Formats) {
		t.Errorf("the exports written from the read-only mount: %v, want one per format", entries)
	}

	// A writer on the writable side holds the lock, as the app does.
	lock, err := os.OpenFile(db+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, ro, nil, "list")
	oneLineError(t, "list on a read-only mount while a writer holds the lock", stderr, code)
	if !strings.Contains(stderr, "is open in another archreview") {
		t.Errorf("list while a writer holds the lock: %q, want it refused as in use", stderr)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	mustRun(t, ro, nil, "list")
	requireUnchanged(t, db, before)
}

// Every reading command works on a 0400 database as a user who is not root
// (root reads any file, so as root the commands run as nobody, 65534), and
// leaves it as it was. An export onto a file that user cannot read is
// refused: it might be a database.
func TestReadingCommandsOnAFileOnlyItsOwnerCanRead(t *testing.T) {
	t.Parallel()
	// A folder of its own that the other user can reach: t.TempDir's
	// folders are 0700 and root's.
	root, err := os.MkdirTemp("", "archreview-e2e-0400-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	var cred *syscall.Credential
	uid, gid := os.Geteuid(), os.Getegid()
	if uid == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
		uid, gid = 65534, 65534
	}
	dirs := map[string]os.FileMode{"bin": 0o755, "data": 0o700, "home": 0o700, "out": 0o700}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for d, mode := range dirs {
		if err := os.Mkdir(filepath.Join(root, d), mode); err != nil {
			t.Fatal(err)
		}
	}
	// The binary the package built may sit in a folder only root reaches.
	bin := filepath.Join(root, "bin", "archreview")
	copyFile(t, binary, bin)
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(root, "data", "review.db")
	id, id2 := twoSessionsDB(t, db)
	for _, p := range []string{filepath.Join(root, "data"), db, filepath.Join(root, "home"), filepath.Join(root, "out")} {
		if err := os.Lchown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	home := filepath.Join(root, "home")
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"), "LANG=C.UTF-8"}
	runAs := func(args ...string) (string, string, int) {
		ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"--db", db}, args...)...)
		cmd.Env, cmd.Dir = env, home
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case ctx.Err() != nil:
			t.Fatalf("archreview %s did not finish within %s", strings.Join(args, " "), commandTimeout)
		case errors.As(err, &exit):
			return stdout.String(), stderr.String(), exit.ExitCode()
		case err != nil:
			t.Fatalf("cannot run archreview %s as uid %d: %v", strings.Join(args, " "), uid, err)
		}
		return stdout.String(), stderr.String(), 0
	}

	for _, mode := range []os.FileMode{0o400, 0o440} {
		t.Run(fmt.Sprintf("%04o", mode), func(t *testing.T) {
			if err := os.Chmod(db, mode); err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, db)
			out := filepath.Join(root, "out", fmt.Sprintf("%04o", mode))
			if err := os.Mkdir(out, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Lchown(out, uid, gid); err != nil {
				t.Fatal(err)
			}
			var allowed []string
			if mode&0o077 != 0 {
				allowed = []string{"can be read by other users"}
			}
			runEach(t, readCommands(id, id2, out), runAs, allowed...)
			requireUnchanged(t, db, before)
			if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
				t.Errorf("files beside the database after reading it: %v", entries)
			}
			if entries, _ := os.ReadDir(out); len(entries) != len(report.Formats) {
				t.Errorf("the exports written: %v, want one per format", entries)
			}
		})
	}

	// A file the user cannot read might be a database: an export onto it
	// is refused rather than renamed over it.
	sealed := filepath.Join(root, "out", "sealed.json")
	if err := os.WriteFile(sealed, []byte("{}"), 0o200); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(sealed, uid, gid); err != nil {
		t.Fatal(err)
	}
	// Run as its owner (not root), this test cannot read the file either:
	// it opens it to itself only to take its state, which a mode change
	// leaves as it is (the time of a change of mode is not compared).
	sealedState := func() fileState {
		t.Helper()
		fi, err := os.Lstat(sealed)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(sealed, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(sealed, fi.Mode().Perm())
		s := stateOf(t, sealed)
		s.mode = fi.Mode()
		return s
	}
	before := sealedState()
	_, stderr, code := runAs("export", id, "-o", sealed)
	oneLineError(t, "export onto a file the user cannot read", stderr, code)
	if !strings.Contains(stderr, "cannot read to make sure it is not a database") {
		t.Errorf("export onto a file the user cannot read: %q", stderr)
	}
	if after := sealedState(); after != before {
		t.Errorf("the unreadable target changed: before %s, after %s", before, after)
	}
}
