package atomicfile

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAtomicWriteClearsStaleTemps(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pack.json")
	stale := filepath.Join(dir, ".pack.json.tmp12345")
	if err := os.WriteFile(stale, []byte("half a fil"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(target, []byte("whole")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "pack.json" {
		t.Fatalf("folder holds %v", entries)
	}
}

// Two writes of one target at once: the second must not take the first's
// temp file, whose writer is alive, for a stale one.
func TestAtomicWriteLeavesALiveWritersTemp(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pack.json")
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- WriteFunc(context.Background(), target, func(w io.Writer) error {
			close(inside)
			<-release
			_, err := w.Write([]byte("first"))
			return err
		})
	}()
	<-inside
	if err := Write(target, []byte("second")); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the first write lost its temp file: %v", err)
	}
	got, _ := os.ReadFile(target)
	if string(got) != "first" {
		t.Fatalf("target holds %q", got)
	}
}

// A write whose context ends stops, removes its temp and leaves the target.
func TestAtomicWriteStoppedLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pack.json")
	if err := Write(target, []byte("old")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := WriteFunc(ctx, target, func(w io.Writer) error {
		cancel()
		_, err := w.Write(make([]byte, 1<<20))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "was not written") {
		t.Fatalf("got %v", err)
	}
	got, _ := os.ReadFile(target)
	entries, _ := os.ReadDir(dir)
	if string(got) != "old" || len(entries) != 1 {
		t.Fatalf("target %q, folder %v", got, entries)
	}
}
