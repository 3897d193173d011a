package store

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
)

// While a writer holds the file, a reader gets what the writer committed,
// through the socket, and leaves nothing behind; without the socket it is
// refused as in use, as before.
func TestReadersGetTheSavedStateWhileTheFileIsHeld(t *testing.T) {
	s, path := openTemp(t)
	doc := model.DemoAnswers(testNow)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(path); !IsKind(err, KindInUse) {
		t.Fatalf("a reader with no socket to ask: %v, want in use", err)
	}
	reads, err := s.ServeReads()
	if err != nil {
		t.Fatal(err)
	}
	defer reads.Stop()
	if fi, err := os.Stat(path + readsSuffix); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the socket beside the database: %v, %v; want it 0600", fi, err)
	}

	// A garbage client holds no slot and stops no reader.
	junk, err := net.Dial("unix", path+readsSuffix)
	if err != nil {
		t.Fatal(err)
	}
	defer junk.Close()
	if _, err := junk.Write([]byte("GET / HTTP/1.1\r\n\r\n")); err != nil {
		t.Fatal(err)
	}

	for round, want := range []int{1, 2} {
		if round == 1 {
			second := model.DemoAnswers(testNow)
			second.Session.ID, second.Session.Name = model.NewID(), "Second review"
			if err := s.Create(second); err != nil {
				t.Fatal(err)
			}
		}
		r, err := OpenReadOnly(path)
		if err != nil {
			t.Fatalf("round %d: a reader while the file is held: %v", round, err)
		}
		list, err := r.List()
		if err != nil || len(list) != want {
			t.Fatalf("round %d: the reader lists %d sessions (%v), want %d", round, len(list), err, want)
		}
		got, err := r.Load(doc.Session.ID)
		if err != nil || got.Session.Name != doc.Session.Name || len(got.Flows) != len(doc.Flows) {
			t.Fatalf("round %d: the reader loaded %v (%v), want the saved session", round, got, err)
		}
		if r.Path() != path {
			t.Errorf("the copy's store names %s, want the database's path %s", r.Path(), path)
		}
		if copies := readCopies(t, path); len(copies) != 1 {
			t.Errorf("round %d: copies beside the database while read: %v, want one", round, copies)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if copies := readCopies(t, path); len(copies) != 0 {
			t.Errorf("round %d: copies left after the reader closed: %v", round, copies)
		}
	}

	reads.Stop()
	if _, err := os.Stat(path + readsSuffix); !os.IsNotExist(err) {
		t.Errorf("the socket is still there after Stop: %v", err)
	}
	start := time.Now()
	if _, err := OpenReadOnly(path); !IsKind(err, KindInUse) {
		t.Fatalf("a reader after Stop: %v, want in use", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the refusal took %s", took)
	}
}

// A copy a killed reader left is the next writer's to clear, like any
// leftover beside the database.
func TestALeftCopyGoesWithTheNextWriter(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	left := filepath.Join(filepath.Dir(path), copyName(path))
	if err := os.WriteFile(left, []byte("a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Fatalf("the copy a killed reader left is still there: %v", err)
	}
}

func readCopies(t *testing.T, path string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".read.tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}
