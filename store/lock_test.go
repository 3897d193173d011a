package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// A writer waiting for the lock while the holder compacts (which renames a
// fresh file over the database) must end up on the file at the path, never
// on the old inode, and what it writes must be in the file.
func TestLockSurvivesCompaction(t *testing.T) {
	first, path := openTemp(t)
	doc := syntheticSession(1)
	if err := first.Create(doc); err != nil {
		t.Fatal(err)
	}
	old := lockTimeout
	lockTimeout = 5 * time.Second
	t.Cleanup(func() { lockTimeout = old })

	type opened struct {
		s   *Store
		err error
	}
	second := make(chan opened, 1)
	go func() {
		s, err := Open(path)
		second <- opened{s, err}
	}()
	time.Sleep(100 * time.Millisecond) // let it wait on the lock
	for i := range 3 {
		f := doc.Flows[i]
		f.Source.Notes = "typed over and compacted"
		if err := first.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}, Compact: true}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case o := <-second:
		t.Fatalf("a second writer got in while the first held the file: %v", o.err)
	default:
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	o := <-second
	if o.err != nil {
		t.Fatalf("the waiting writer could not open the file once it was free: %v", o.err)
	}
	defer o.s.Close()
	if !sameFile(o.s.file, path) {
		t.Fatal("the waiting writer holds a file that is no longer at the path")
	}
	extra := syntheticSession(2)
	if err := o.s.Create(extra); err != nil {
		t.Fatal(err)
	}
	o.s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, id := range []string{doc.Session.ID, extra.Session.ID} {
		if _, err := s.Load(id); err != nil {
			t.Errorf("session %s is not in the file: %v", id, err)
		}
	}
}

// Between runs nothing is left beside the database: the lock file goes
// with the last process that held it, and a refused open leaves none.
func TestLockFileIsRemovedOnClose(t *testing.T) {
	s, path := openTemp(t)
	if _, err := os.Stat(path + lockSuffix); err != nil {
		t.Fatalf("no lock file while the database is open: %v", err)
	}
	if _, err := Open(path); !IsKind(err, KindInUse) {
		t.Fatalf("second open: %v, want in use", err)
	}
	if r, err := OpenReadOnly(path); !IsKind(err, KindInUse) {
		if r != nil {
			r.Close()
		}
		t.Fatalf("a reader while a writer holds the file: %v, want in use", err)
	}
	s.Close()
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("files beside the closed database: %v", entries)
	}
	// Two readers at once share the lock.
	r1, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("a second reader: %v", err)
	}
	r1.Close()
	r2.Close()
}

// A --db that is a link: the link stays a link through a compaction, and the
// file it names holds every edit.
func TestSymlinkedDatabase(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "review.db")
	link := filepath.Join(dir, "link.db")
	s, err := Open(real)
	if err != nil {
		t.Fatal(err)
	}
	doc := syntheticSession(1)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s, err = Open(link)
	if err != nil {
		t.Fatal(err)
	}
	f := doc.Flows[0]
	f.Source.Notes = "EDIT-THROUGH-LINK"
	if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}, Compact: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a plain file (%v)", err)
	}
	requireInFile(t, real, "EDIT-THROUGH-LINK", true)
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("files beside the link: %v (want only the link and the real folder)", entries)
	}

	dangling := filepath.Join(dir, "dangling.db")
	if err := os.Symlink(filepath.Join(dir, "gone", "review.db"), dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dangling); err == nil || !strings.Contains(err.Error(), "which does not exist") {
		t.Fatalf("open through a dangling link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gone")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a dangling link's target folder was created")
	}
}

func TestProtectsTheDatabaseFiles(t *testing.T) {
	s, path := openTemp(t)
	dir := filepath.Dir(path)
	link := filepath.Join(t.TempDir(), "to-db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard")
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, link, hard, path + ".lock", path + ".compact", path + ".v1.bak", s.RescuePath(testNow)} {
		if err := s.Protects(p); err == nil {
			t.Errorf("Protects(%s) = nil, want a refusal", p)
		} else if strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("refusal is not one line: %q", err)
		}
	}
	for _, p := range []string{filepath.Join(dir, "export.json"), filepath.Join(dir, "review.dbx"), filepath.Join(t.TempDir(), "review.db")} {
		if err := s.Protects(p); err != nil {
			t.Errorf("Protects(%s) = %v, want nil", p, err)
		}
	}
}

// swaps are what can happen to the database under an open store.
var swaps = []struct {
	name string
	do   func(t *testing.T, path string, other []byte)
}{
	{"backup put back with mv", func(t *testing.T, path string, other []byte) {
		tmp := path + ".restored"
		if err := os.WriteFile(tmp, other, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}},
	{"overwritten in place with cp", func(t *testing.T, path string, other []byte) {
		if err := os.WriteFile(path, other, 0o600); err != nil { // same inode, truncated
			t.Fatal(err)
		}
	}},
	{"deleted", func(t *testing.T, path string, _ []byte) {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}},
	{"folder deleted", func(t *testing.T, path string, _ []byte) {
		if err := os.RemoveAll(filepath.Dir(path)); err != nil {
			t.Fatal(err)
		}
	}},
}

// A file swapped underneath is noticed at the next save: nothing more is
// written into it, closing does not compact over what is now at the path,
// and the session can go to a rescue file that imports.
func TestSwappedFileIsNoticed(t *testing.T) {
	other := validDB(t)
	for _, sw := range swaps {
		t.Run(sw.name, func(t *testing.T) {
			s, path := openTemp(t)
			doc := syntheticSession(4)
			if err := s.Create(doc); err != nil {
				t.Fatal(err)
			}
			sw.do(t, path, other)
			var before []byte
			if b, err := os.ReadFile(path); err == nil {
				before = b
			}
			f := doc.Flows[0]
			f.Source.Notes = "TYPED-AFTER-SWAP"
			err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}})
			if !IsDetached(err) {
				t.Fatalf("save after the file was %s: %v, want the store detached", sw.name, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message is not one line: %q", err)
			}
			if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}}); !IsDetached(err) {
				t.Fatalf("a later save: %v, want detached again", err)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("close: %v", err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Fatalf("the file now at the path was changed after it was %s", sw.name)
			}
			doc.Flows[0] = f
			at, err := s.WriteRescue(s.RescuePath(testNow), doc, testNow)
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(at)
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("rescue file %s: %v, mode %v", at, err, fi.Mode().Perm())
			}
			data, _ := os.ReadFile(at)
			back, err := model.DecodeDocument(data)
			if err != nil {
				t.Fatalf("the rescue file does not import: %v", err)
			}
			if back.Flows[0].Source.Notes != "TYPED-AFTER-SWAP" {
				t.Fatalf("the rescue file lacks the text typed after the swap")
			}
		})
	}
}

// A panic inside a write leaves bbolt's handle unsafe: the store never uses
// it again, answers at once, closes without waiting on bbolt, and lets the
// next archreview in.
func TestPanicInAWriteBreaksTheStore(t *testing.T) {
	s, path := openTemp(t)
	doc := syntheticSession(5)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	err := s.update(true, func(tx *bolt.Tx) error { panic("a damaged page") })
	if !IsDetached(err) {
		t.Fatalf("write that panicked: %v, want the store detached", err)
	}
	start := time.Now()
	if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session}); !IsDetached(err) {
		t.Fatalf("save after the panic: %v", err)
	}
	if _, err := s.List(); err == nil {
		t.Fatal("a read after a panicked write went into bbolt")
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("Close waited on bbolt after a panicked write")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the broken store took %v to answer and close", d)
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatalf("the next open after a broken store: %v", err)
	}
	s2.Close()
}

// A writer that dies before it compacts leaves the file marked; the next
// open finishes the compaction, and removes a compaction's leftover copy.
func TestInterruptedCompactionIsFinishedOnOpen(t *testing.T) {
	s, path := openTemp(t)
	doc := syntheticSession(6)
	const marker = "DELETED-BEFORE-THE-CRASH-7f3a"
	doc.Flows[1].Contract.Payload = strings.Repeat(marker+" ", 50)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	f := doc.Flows[1]
	f.Contract.Payload = "rewritten"
	if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}}); err != nil {
		t.Fatal(err)
	}
	// The file as a kill -9 leaves it: marked, typed-over text in free
	// pages, a half-written compaction beside it.
	crashed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	requireInFile(t, path, marker, false)
	if err := os.WriteFile(path, crashed, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+compactSuffix, crashed[:len(crashed)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	requireInFile(t, path, marker, true)

	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	requireInFile(t, path, marker, false)
	if _, err := os.Stat(path + compactSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the leftover compaction is still there: %v", err)
	}
	if s2.compactDue() {
		t.Fatal("the compacted file is still marked as due")
	}
	got, err := s2.Load(doc.Session.ID)
	if err != nil || got.Flows[1].Contract.Payload != "rewritten" {
		t.Fatalf("the session after the finished compaction: %v", err)
	}
}
