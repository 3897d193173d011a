package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The guard's statx reads the same device, inode and size as stat, through
// the path (a link followed) and through the open file, so a system
// without statx compares the same way.
func TestFileIDAgreesWithStat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "review.db")
	if err := os.WriteFile(path, []byte("twelve bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := idFromStat(fi, path)
	if err != nil || want.size != 12 || want.ino == 0 {
		t.Fatalf("from stat: %+v, %v", want, err)
	}
	for name, read := range map[string]func() (fileID, error){
		"the path": func() (fileID, error) { return pathID(path) },
		"a link":   func() (fileID, error) { return pathID(link) },
		"the file": func() (fileID, error) { return openFileID(f) },
	} {
		if got, err := read(); err != nil || got != want {
			t.Errorf("through %s: %+v, %v; stat says %+v", name, got, err, want)
		}
	}
	if _, err := pathID(filepath.Join(dir, "gone.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want not-exist", err)
	}
}
