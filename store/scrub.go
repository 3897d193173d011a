package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// bbolt never writes a page in place: a commit writes what it changed to
// free pages and frees the old ones, whose bytes stay in the file until the
// pages are used again. Scrub overwrites every free page with zeros, so text
// that was typed over or deleted cannot be read from the file. Its cost
// follows the pages freed since the last scrub, not the size of the file,
// which is what lets a 10,000-flow session close within a second; Compact,
// which rewrites the whole file and shrinks it, is kept for deleting and
// replacing whole sessions.
//
// The pages the last commit freed are still those of the older of bbolt's
// two meta pages, its fallback. So Scrub first makes a commit that changes
// nothing: that commit frees only the old list of free pages (page numbers,
// no text), and every page freed before it belongs to neither meta page.
// Those are zeroed, the file synced, and only then is the compaction-due
// mark cleared, so a process killed half way leaves the mark for the next
// open to finish.
func (s *Store) Scrub() error {
	s.mu.Lock()
	err := s.scrubLocked()
	s.mu.Unlock()
	if errors.Is(err, errUnexpectedFreelist) {
		return s.Compact() // a list Scrub cannot read: the long way
	}
	return err
}

var errUnexpectedFreelist = errors.New("its list of free pages is not as expected")

func (s *Store) scrubLocked() error {
	if s.db == nil {
		return errors.New("the database is closed")
	}
	if s.file == nil {
		return errUnexpectedFreelist
	}
	fail := func(err error) error {
		return fmt.Errorf("cannot clear removed text from %s: %w", s.path, err)
	}
	before, err := freePages(s.file, s.pageSize)
	if err != nil {
		return err
	}
	if err := s.updateLocked(false, func(*bolt.Tx) error { return nil }); err != nil {
		return fail(err)
	}
	after, err := freePages(s.file, s.pageSize)
	if err != nil {
		return err
	}
	if err := zeroPages(s, before, after); err != nil {
		s.breakWith("could not be written to")
		return fail(err)
	}
	err = s.updateLocked(false, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Delete(keyCompactDue)
	})
	if err != nil {
		return fail(err)
	}
	s.written = false
	return nil
}

// zeroPages writes zeros over the pages free both before and after the
// empty commit, in runs, and syncs the file.
func zeroPages(s *Store, before, after map[uint64]bool) error {
	ids := make([]uint64, 0, len(after))
	for id := range after {
		if before[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	const most = 64 // pages per write
	zeros := make([]byte, most*s.pageSize)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && j-i < most && ids[j] == ids[j-1]+1 {
			j++
		}
		if _, err := s.file.WriteAt(zeros[:(j-i)*s.pageSize], int64(ids[i])*int64(s.pageSize)); err != nil {
			return err
		}
		i = j
	}
	return s.file.Sync()
}

// bbolt's freelist page: the page header, then the ids of every free and
// pending page; a count of 0xFFFF means the real count is the first id.
const freelistPage = 0x10

// freePages reads the current list of free pages from the file. Anything
// out of the ordinary (no list, a page number past the data) is
// errUnexpectedFreelist: Scrub must never write over a page in use.
func freePages(f *os.File, pageSize int) (map[uint64]bool, error) {
	m, ok := currentMeta(f, pageSize)
	if !ok || m.freelist < 2 || m.freelist >= m.high {
		return nil, errUnexpectedFreelist
	}
	head := make([]byte, pageHeader+8)
	if _, err := f.ReadAt(head, int64(m.freelist)*int64(pageSize)); err != nil {
		return nil, errUnexpectedFreelist
	}
	if binary.LittleEndian.Uint64(head[0:8]) != m.freelist || binary.LittleEndian.Uint16(head[8:10]) != freelistPage {
		return nil, errUnexpectedFreelist
	}
	count, at := uint64(binary.LittleEndian.Uint16(head[10:12])), uint64(pageHeader)
	if count == 0xFFFF {
		count, at = binary.LittleEndian.Uint64(head[pageHeader:]), pageHeader+8
	}
	pages := uint64(binary.LittleEndian.Uint32(head[12:16])) + 1
	if count > m.high || at+count*8 > pages*uint64(pageSize) || m.freelist+pages > m.high {
		return nil, errUnexpectedFreelist
	}
	raw := make([]byte, count*8)
	if _, err := f.ReadAt(raw, int64(m.freelist)*int64(pageSize)+int64(at)); err != nil {
		return nil, errUnexpectedFreelist
	}
	free := make(map[uint64]bool, count)
	for i := range count {
		id := binary.LittleEndian.Uint64(raw[i*8:])
		if id < 2 || id >= m.high {
			return nil, errUnexpectedFreelist
		}
		free[id] = true
	}
	return free, nil
}
