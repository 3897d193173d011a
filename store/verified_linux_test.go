package store

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"syscall"
	"testing"
)

// A note written before the store was split by system must still match the
// same untouched file on Linux, or every user's first start after an
// upgrade checks the file in full again. The note's wording is written out
// here from the file's own stat as it always was.
func TestVerifiedNoteIsWordedAsBefore(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Create(syntheticSession(1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	real, err := resolve(path)
	if err != nil {
		t.Fatal(err)
	}
	note, ok := verifiedNote(real)
	if !ok {
		t.Fatal("no place for the note")
	}
	got, err := os.ReadFile(note)
	if err != nil {
		t.Fatalf("closing left no note: %v", err)
	}
	fi, err := os.Stat(real)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(data[24:28])) // in meta page 0
	sum := sha256.Sum256(data[:2*pageSize])
	want := fmt.Sprintf("archreview-verified 1 %d %d %d %d.%09d %d.%09d %x %d",
		st.Dev, st.Ino, fi.Size(), st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec, sum[:16], CurrentSchema())
	if string(got) != want {
		t.Fatalf("the note reads\n%s\nwant\n%s", got, want)
	}
}
