package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"archreview/store/atomicfile"

	bolt "go.etcd.io/bbolt"
)

// Compact rewrites the database into a fresh file and swaps it in, so text
// from deleted sessions and flows no longer sits in free pages. The new file
// is locked before the old one is released, so no other process can slip in.
func (s *Store) Compact() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return errors.New("the database is closed")
	}
	tmp := s.path + ".compact"
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("cannot compact %s: %w", s.path, err)
	}
	if err := compactCopy(dst, s.db); err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("cannot compact %s: %w", s.path, err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot compact %s: %w", s.path, err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot compact %s: %w", s.path, err)
	}
	atomicfile.SyncDir(filepath.Dir(s.path))
	fresh, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("cannot reopen %s after compacting: %w", s.path, err)
	}
	old := s.db
	s.db = fresh
	s.written = false
	return old.Close()
}

// compactCopy copies every bucket of src into dst. A damaged page that the
// open-time check cannot see (a branch key garbled but still in order) can
// make bbolt panic or fault while walking the file, more so once saves have
// been made on top of it; that must end in an error that leaves the file as
// it is, not in a crash as the app closes after its final save.
func compactCopy(dst, src *bolt.DB) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("part of it cannot be read")
		}
	}()
	return bolt.Compact(dst, src, 4<<20)
}
