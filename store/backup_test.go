package store

import (
	"fmt"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A backup never writes over an earlier backup or through a link: it takes
// the next free numbered name, and what was there stays as it was.
func TestBackupNeverWritesOverADatabase(t *testing.T) {
	path := closedDB(t)
	other := closedDB(t)
	from := pretendNextSchema(t, func(*bolt.Tx) error { return nil })
	first := fmt.Sprintf("%s.v%d.bak", path, from)
	copyTo := func(src, dst string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	copyTo(other, first) // an earlier backup, kept
	second := fmt.Sprintf("%s.v%d.2.bak", path, from)
	if err := os.Symlink(other, second); err != nil { // a link, not followed
		t.Fatal(err)
	}
	keptFirst, keptOther := hashFile(t, first), hashFile(t, other)

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if hashFile(t, first) != keptFirst || hashFile(t, other) != keptOther {
		t.Fatal("the backup was written over an earlier backup or through a link")
	}
	third := fmt.Sprintf("%s.v%d.3.bak", path, from)
	if v, err := Check(third); err != nil || v != from {
		t.Fatalf("the backup is not at %s: version %d, %v", third, v, err)
	}
	if err := Protected(third, path, "the export"); err == nil {
		t.Error("a numbered backup is not protected")
	}
}
