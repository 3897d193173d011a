package store

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// A reader never changes the file: a mode other accounts can read is
// reported, not tightened; a writer still tightens it.
func TestReaderReportsALooseModeAndLeavesIt(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	notices := r.Notices
	r.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Fatalf("a reader changed the mode to %04o", fi.Mode().Perm())
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "can be read by other users") || !strings.Contains(notices[0], "chmod 600") {
		t.Fatalf("a reader's notices on a 0640 file: %q", notices)
	}
	w, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("a writer left the mode at %04o, want 0600", fi.Mode().Perm())
	}
}

// What a killed writer left beside the database is the next writer's to
// clear: a reader touches nothing beside the file but its lock.
func TestReaderLeavesAKilledWritersLeftovers(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(path+compactSuffix, []byte("half a compaction"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := os.Stat(path + compactSuffix); err != nil {
		t.Fatalf("a reader removed the leftover compaction: %v", err)
	}
	w, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(path + compactSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the writer left the leftover compaction: %v", err)
	}
}
