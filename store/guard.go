package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
)

// A store writes only into the file it opened. Before every write it checks
// that the path still names that file (a backup put back with mv, a deleted
// folder) and that nobody wrote over it (cp other.db review.db): bbolt would
// otherwise go on committing to a file that no longer has a name, or into
// pages another program just replaced, and the room would see "saved". Once
// the check fails, or bbolt panics or faults inside a transaction, the store
// is broken: it never touches the file again, and the app writes the open
// session to a rescue file instead.

// DetachedError says the store stopped using its file, and why.
type DetachedError struct {
	Path string
	Why  string
}

func (e *DetachedError) Error() string {
	return fmt.Sprintf("%s %s; nothing more is written to it", e.Path, e.Why)
}

// IsDetached reports whether err means the store no longer writes to its
// file, so the text must go to a rescue file.
func IsDetached(err error) bool {
	var d *DetachedError
	return errors.As(err, &d)
}

// Broken returns the reason the store stopped using its file, or nil.
func (s *Store) Broken() error {
	s.gmu.Lock()
	defer s.gmu.Unlock()
	return s.broken
}

func (s *Store) breakWith(why string) error {
	s.gmu.Lock()
	defer s.gmu.Unlock()
	if s.broken == nil {
		s.broken = &DetachedError{Path: s.path, Why: why}
	}
	return s.broken
}

// bbolt's meta pages: two copies at the start of the file, the valid one with
// the higher transaction id being current. Offsets are bbolt's file format.
const (
	boltMagic      = 0xED0CDAED
	metaHeader     = 16 // the page header before the meta
	metaMagicAt    = metaHeader
	metaFreelistAt = metaHeader + 32
	metaHighAt     = metaHeader + 40 // the first page past the data
	metaTxidAt     = metaHeader + 48
	metaChecksumAt = metaHeader + 56
)

// boltMeta is what the store reads of the current meta page.
type boltMeta struct {
	txid     uint64
	freelist uint64 // the page holding the list of free pages
	high     uint64 // pages from here on hold no data
	// sum is the meta's checksum. It covers the transaction id, the root,
	// the freelist and the high-water mark, so another archreview file
	// copied over this one reads differently even at the same transaction
	// id and size.
	sum uint64
}

// currentMeta reads the file's current meta page through the store's own
// descriptor.
func currentMeta(f *os.File, pageSize int) (boltMeta, bool) {
	var best boltMeta
	found := false
	buf := make([]byte, metaChecksumAt+8)
	for i := range 2 {
		if _, err := f.ReadAt(buf, int64(i*pageSize)); err != nil {
			continue
		}
		if binary.LittleEndian.Uint32(buf[metaMagicAt:]) != boltMagic {
			continue
		}
		h := fnv.New64a()
		h.Write(buf[metaHeader:metaChecksumAt])
		if h.Sum64() != binary.LittleEndian.Uint64(buf[metaChecksumAt:]) {
			continue
		}
		if id := binary.LittleEndian.Uint64(buf[metaTxidAt:]); !found || id > best.txid {
			best, found = boltMeta{
				txid:     id,
				freelist: binary.LittleEndian.Uint64(buf[metaFreelistAt:]),
				high:     binary.LittleEndian.Uint64(buf[metaHighAt:]),
				sum:      h.Sum64(),
			}, true
		}
	}
	return best, found
}

// committedMeta reads the current meta page's checksum.
func committedMeta(f *os.File, pageSize int) (uint64, bool) {
	m, ok := currentMeta(f, pageSize)
	return m.sum, ok
}

// checkFile confirms the path still names the file the store has open, as
// it was left by the store's last commit. Called with s.mu held.
func (s *Store) checkFile() error {
	if err := s.Broken(); err != nil {
		return err
	}
	if s.file == nil {
		return nil // opened without the descriptor hook: nothing to compare
	}
	at, err := pathID(s.real)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s.breakWith("was deleted or moved away while archreview had it open")
	case err != nil:
		return s.breakWith(fmt.Sprintf("cannot be checked (%v)", err))
	}
	mine, err := openFileID(s.file)
	if err != nil {
		return s.breakWith(fmt.Sprintf("cannot be checked (%v)", err))
	}
	if !at.sameFile(mine) {
		return s.breakWith("was replaced by another file while archreview had it open")
	}
	meta, ok := committedMeta(s.file, s.pageSize)
	if !ok || meta != s.meta || mine.size != s.size {
		return s.breakWith("was overwritten by another program while archreview had it open")
	}
	return nil
}

// noteFile records what the file looks like after the store's own write,
// failed or not (a full disk grows the file and commits nothing), for the
// next checkFile. Called with s.mu held, or before the store is shared.
func (s *Store) noteFile() {
	if s.file == nil {
		return
	}
	s.meta, _ = committedMeta(s.file, s.pageSize)
	if id, err := openFileID(s.file); err == nil {
		s.size = id.size
	}
}
