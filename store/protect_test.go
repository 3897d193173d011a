package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// A closed archreview database at a path of its own, with a session in it.
func closedDB(t *testing.T) string {
	t.Helper()
	s, path := openTemp(t)
	if err := s.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// Protected needs no open store: the configured database (existing or not,
// through a link), its files, any bbolt file and a bbolt file's files are
// refused; anything else is not.
func TestProtectedRefusesEveryDatabase(t *testing.T) {
	db := closedDB(t)
	other := closedDB(t) // another archreview database, not the configured one
	dir := t.TempDir()
	link := filepath.Join(dir, "innocent.json")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	// The lock file is there while an archreview has the database open.
	if err := os.WriteFile(db+lockSuffix, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	toLock := filepath.Join(dir, "lock-link.json")
	if err := os.Symlink(db+lockSuffix, toLock); err != nil {
		t.Fatal(err)
	}
	// A database whose first page is damaged is still one.
	data, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.db")
	copy(data[:512], bytes.Repeat([]byte{0}, 512))
	if err := os.WriteFile(damaged, data, 0o600); err != nil {
		t.Fatal(err)
	}
	notYet := filepath.Join(t.TempDir(), "new.db")

	refused := map[string]string{
		db:                             "the archreview database",
		link:                           "the archreview database",
		db + lockSuffix:                "the lock file of the archreview database",
		toLock:                         "the lock file of the archreview database",
		db + compactSuffix:             "the compaction copy",
		db + ".v1.bak":                 "a backup",
		db + ".v1.2.bak":               "a backup",
		db + rescueInfix + "x.json":    "a rescue file",
		other:                          "a database file",
		damaged:                        "a database file",
		other + lockSuffix:             "the lock file of the database review.db",
		other + compactSuffix:          "the compaction copy of the database",
		other + ".v3.bak":              "a backup of the database",
		other + rescueInfix + "y.json": "a rescue file of the database",
	}
	for target, want := range refused {
		err := Protected(target, db, "the merge")
		var pe *ProtectedError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), want) || !strings.HasSuffix(err.Error(), "; write the merge to another file") {
			t.Errorf("Protected(%s) = %v, want a refusal saying %q", target, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("the refusal of %s is not one line: %q", target, err)
		}
	}
	if err := Protected(notYet, notYet, "the merge"); err == nil {
		t.Error("a database that does not exist yet is not protected by its name")
	}
	if err := Protected(notYet+lockSuffix, notYet, "the merge"); err == nil {
		t.Error("the lock of a database that does not exist yet is not protected by its name")
	}
	plain := filepath.Join(dir, "notes.json")
	if err := os.WriteFile(plain, []byte(`{"not": "a database"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{plain, filepath.Join(dir, "new.json"), filepath.Join(dir, "review.dbx"),
		plain + lockSuffix, filepath.Join(dir, "nothing.db") + ".v1.bak", filepath.Join(dir, "x.db.vault.bak"), os.DevNull} {
		if err := Protected(target, db, "the export"); err != nil {
			t.Errorf("Protected(%s) = %v, want nil", target, err)
		}
	}
}

// A file that cannot be read to the end of its first meta might be a
// database: the error comes back, and Protected refuses on it.
func TestBoltMagicReadErrorIsNotANo(t *testing.T) {
	if _, err := boltMagicAt(failingReader{}); err == nil {
		t.Fatal("a read error was taken for a file that is not a database")
	}
}

type failingReader struct{}

func (failingReader) ReadAt([]byte, int64) (int, error) { return 0, errors.New("input/output error") }

// A rescue is never written over a database put at its name: it goes to the
// home folder instead.
func TestRescueNeverWritesOverADatabase(t *testing.T) {
	s, _ := openTemp(t)
	other := closedDB(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	at := s.RescuePath(testNow)
	data, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(at, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.WriteRescue(at, model.DemoAnswers(testNow), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(home, filepath.Base(at)) {
		t.Errorf("the rescue went to %s, want the home folder", got)
	}
	if after, _ := os.ReadFile(at); !bytes.Equal(after, data) {
		t.Error("the rescue was written over a database")
	}
	// An earlier rescue of the same run is replaced, as before.
	if again, err := s.WriteRescue(got, model.DemoAnswers(testNow), testNow); err != nil || again != got {
		t.Errorf("rewriting the rescue: %s, %v", again, err)
	}
}
