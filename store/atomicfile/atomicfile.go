// Package atomicfile writes a file so that a reader, or a crash, sees the old
// file or the new one and never part of either: a private temp file in the
// same folder, synced, renamed over the target, then the folder synced. The
// exports of cmd and tui and the store's compaction use it.
//
// It is a leaf: it must not import any other package of archreview's.
package atomicfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Write writes data to path so that a reader, or a crash, sees the old file
// or the new one, never part of either: a 0600 temp file in the same folder,
// synced, renamed over the target, then the folder synced.
func Write(path string, data []byte) error {
	return WriteFunc(context.Background(), path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc is Write for content written as it is made, through a buffer, so
// a large export never sits in memory whole. When ctx ends (the user stopped
// the command) the write stops, the temp file is removed and the target is
// left as it was.
func WriteFunc(ctx context.Context, path string, write func(w io.Writer) error) error {
	// A link is followed, so the file it names is replaced, not the link.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, dir)
	}
	if fi, err := os.Stat(path); err == nil {
		switch {
		case fi.IsDir():
			return fmt.Errorf("cannot write %s: it is a folder; give a file name", path)
		case !fi.Mode().IsRegular():
			// A device or a pipe (/dev/null, a named pipe) is written to as
			// it is: renaming over it would replace it with a plain file.
			return writeThrough(ctx, path, write)
		case fi.Mode().Perm()&0o200 == 0:
			// Someone made it read-only to keep it: replacing it (even as
			// root, who may) would undo that.
			return fmt.Errorf("cannot write %s: it is read-only; choose another file or make it writable first", path)
		}
	}
	prefix := "." + filepath.Base(path) + ".tmp"
	clearStaleTemps(dir, prefix)
	tmp, err := os.CreateTemp(dir, prefix+"*") // only the last * is replaced
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	// The lock says "a writer is alive": another write of the same target
	// leaves this temp alone, and once this process dies, removes it.
	lockTemp(tmp)
	clean := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		if ctx.Err() != nil {
			return fmt.Errorf("%s was not written: stopped before it was complete; the file there is as it was", path)
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		return clean(err)
	}
	bw := bufio.NewWriterSize(ctxWriter{ctx, tmp}, 1<<20)
	if err := write(bw); err != nil {
		return clean(err)
	}
	if err := bw.Flush(); err != nil {
		return clean(err)
	}
	if err := tmp.Sync(); err != nil {
		return clean(err)
	}
	if err := ctx.Err(); err != nil {
		return clean(err)
	}
	if err := replace(tmp, path); err != nil {
		return clean(err)
	}
	tmp.Close()
	SyncDir(dir)
	return nil
}

// writeThrough writes to a target that is not a regular file. A named pipe
// with no reader yet is waited for, and a reader that stops reading too, only
// until ctx ends: the user's ctrl+c always stops the export.
func writeThrough(ctx context.Context, path string, write func(w io.Writer) error) error {
	f, err := openWhenReady(ctx, path)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { f.Close() }) // unblocks a write
	defer stop()
	bw := bufio.NewWriterSize(ctxWriter{ctx, f}, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil && !errors.Is(cerr, os.ErrClosed) {
		err = cerr
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s was not written whole: stopped before it was complete", path)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// openWhenReady opens a device or pipe for writing without blocking: opened
// non-blocking, a pipe is polled by the Go runtime, so a write can be
// interrupted; with no reader yet the open is tried again until ctx ends.
func openWhenReady(ctx context.Context, path string) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.ENXIO) {
			return nil, fmt.Errorf("cannot write %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s was not written: nothing was reading from it, and the export was stopped", path)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// clearStaleTemps removes temp files of the target left by a write that was
// killed before its rename. Names are compared, not globbed, so a target
// named with [ or * touches no other file's temps.
func clearStaleTemps(dir, prefix string) {
	ClearTemps(dir, func(name string) bool {
		rest, ok := strings.CutPrefix(name, prefix)
		return ok && IsDigits(rest)
	})
}

// ClearTemps removes the temp files in dir whose names match; a temp whose
// writer is still alive holds a lock and is left alone.
func ClearTemps(dir string, match func(name string) bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !match(e.Name()) {
			continue
		}
		removeUnlocked(filepath.Join(dir, e.Name()))
	}
}

// IsDigits reports whether s is a non-empty run of decimal digits.
func IsDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// ctxWriter stops a long write once its context ends.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// SyncDir makes a rename in dir durable; filesystems that cannot sync a
// folder are not an error worth stopping for.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
