package store

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteFileAtomic writes data to path so that a reader, or a crash, sees the
// old file or the new one, never part of either: a 0600 temp file in the same
// folder, synced, renamed over the target, then the folder synced.
func WriteFileAtomic(path string, data []byte) error {
	return WriteFileAtomicFunc(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFileAtomicFunc is WriteFileAtomic for content written as it is made,
// through a buffer, so a large export never sits in memory whole.
func WriteFileAtomicFunc(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder; give a file name", path)
	}
	prefix := "." + filepath.Base(path) + ".tmp"
	// A write killed before its rename leaves a temp file; the next write of
	// the same target clears it away. Names are compared, not globbed, so a
	// target named with [ or * touches no other file's temps.
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if rest, ok := strings.CutPrefix(e.Name(), prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	tmp, err := os.CreateTemp(dir, prefix+"*") // only the last * is replaced
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	clean := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		return clean(err)
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		return clean(err)
	}
	if err := bw.Flush(); err != nil {
		return clean(err)
	}
	if err := tmp.Sync(); err != nil {
		return clean(err)
	}
	if err := tmp.Close(); err != nil {
		return clean(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}
