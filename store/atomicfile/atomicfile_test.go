package atomicfile

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// An export holds client answers: only its owner may read it, and the write
// leaves nothing beside it.
func TestWriteIsPrivate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "export.json")
	if err := Write(out, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("atomic write left %d files, want 1", len(entries))
	}
}

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

// A link is followed and a pipe or device is written through: neither is
// replaced by a plain file (export -o /dev/null must not break the machine).
func TestAtomicWriteKeepsLinksAndPipes(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pack.md")
	link := filepath.Join(dir, "latest.md")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Fatalf("the linked file holds %q", got)
	}

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	if err := Write(fifo, []byte("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "through the pipe" {
		t.Fatalf("the pipe carried %q", b)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatal("the pipe was replaced by a file")
	}
}
