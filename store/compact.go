package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
	if err := bolt.Compact(dst, s.db, 4<<20); err != nil {
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
	syncDir(filepath.Dir(s.path))
	fresh, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("cannot reopen %s after compacting: %w", s.path, err)
	}
	old := s.db
	s.db = fresh
	s.written = false
	return old.Close()
}

// syncDir makes a rename durable; filesystems that cannot sync a folder are
// not an error worth stopping for.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
