package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/archreview/archreview/store/atomicfile"

	bolt "go.etcd.io/bbolt"
)

// compactSuffix names the fresh file a compaction writes beside the database.
const compactSuffix = ".compact"

// Compact rewrites the database into a fresh file and renames it over the
// real file, so text from deleted sessions and flows no longer sits in free
// pages. The store holds the database's lock file throughout, so no other
// archreview can open the file between the rename and the reopen. The fresh
// file is written without the compaction-due mark.
func (s *Store) Compact() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return errors.New("the database is closed")
	}
	if err := s.checkFile(); err != nil {
		return err // never rename over a file that is not ours
	}
	tmp := s.real + compactSuffix
	_ = os.Remove(tmp)
	fail := func(err error) error {
		os.Remove(tmp)
		return fmt.Errorf("cannot compact %s: %w", s.path, err)
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fail(err)
	}
	if err := compactCopy(dst, s.db); err != nil {
		dst.Close()
		return fail(err)
	}
	err = dst.Update(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			return meta.Delete(keyCompactDue)
		}
		return nil
	})
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	if err := s.checkFile(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, s.real); err != nil {
		return fail(err)
	}
	atomicfile.SyncDir(filepath.Dir(s.real))
	old := s.db
	fresh, err := s.openBolt()
	if err != nil {
		s.breakWith("could not be opened again after compacting it")
		return fmt.Errorf("cannot reopen %s after compacting: %w", s.path, err)
	}
	s.db = fresh
	s.written = false
	return old.Close()
}

// clearLeftovers removes what a process killed mid-write left beside the
// database: a compaction's fresh file (a full copy of client data) and the
// temps of rescue files. Called with the database's lock held, so no other
// archreview is writing them.
func clearLeftovers(real string) {
	_ = os.Remove(real + compactSuffix)
	prefix := "." + filepath.Base(real) + "."
	atomicfile.ClearTemps(filepath.Dir(real), func(name string) bool {
		i := strings.LastIndex(name, ".tmp")
		return strings.HasPrefix(name, prefix) && i > 0 && atomicfile.IsDigits(name[i+len(".tmp"):])
	})
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
