package store

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/archreview/archreview/store/atomicfile"
)

// Nothing archreview writes beside its database may land on a database: an
// export, a merge or a rescue written over one would replace every session
// in it with one JSON document, whether or not an archreview has it open.
// So a write is refused when its target, links followed, is the configured
// database, one of the files it lives in (its lock, compaction, backups,
// rescue files), any existing bbolt file (an archreview database elsewhere,
// or another program's), or the lock, compaction, backup or rescue file of
// one. The rules read only names and first bytes, so a command that opens no
// database (merge) applies them as well as one that does.

// companion is a kind of file that lives beside a database.
type companion int

const (
	notCompanion companion = iota
	lockFile
	compactFile
	backupFile
	rescueFile
)

var companionNames = map[companion]string{
	lockFile:    "the lock file",
	compactFile: "the compaction copy",
	backupFile:  "a backup",
	rescueFile:  "a rescue file",
}

// ProtectedError is the refusal of a write onto a database or one of its
// files.
type ProtectedError struct {
	Path string // the target, as given
	Is   string // what the target is
	What string // what was to be written there
}

func (e *ProtectedError) Error() string {
	return fmt.Sprintf("%s is %s; write %s to another file", e.Path, e.Is, e.What)
}

// Protected refuses, with a one-sentence *ProtectedError, writing what (the
// export, the merge) at target when target is the database at db (the
// configured path, which need not exist yet), one of its files, any bbolt
// file, or one of a bbolt file's companions. A file that cannot be read to
// tell is refused too.
func Protected(target, db, what string) error {
	return protected(target, db, what, notCompanion)
}

// Protects is Protected for the store's own database: the app's exports
// call it before each file.
func (s *Store) Protects(path string) error {
	return Protected(path, s.real, "the export")
}

// protected is Protected for a writer of one of the database's own files
// (own), which may replace a file of that kind: a rescue its earlier rescue.
func protected(target, db, what string, own companion) error {
	refuse := func(is string) error { return &ProtectedError{Path: target, Is: is, What: what} }
	real, dbReal := located(target), located(db)
	if fi, err := os.Stat(real); err == nil {
		for _, f := range []struct{ path, is string }{
			{dbReal, "the archreview database"},
			{dbReal + lockSuffix, "the lock file of the archreview database"},
			{dbReal + compactSuffix, "the compaction copy of the archreview database"},
		} {
			if ofi, err := os.Stat(f.path); err == nil && os.SameFile(fi, ofi) {
				return refuse(f.is)
			}
		}
		if fi.Mode().IsRegular() {
			switch isBolt, err := boltFile(real); {
			case err != nil:
				return refuse("a file archreview cannot read to make sure it is not a database")
			case isBolt:
				return refuse("a database file")
			}
		}
	}
	if real == dbReal {
		return refuse("the archreview database")
	}
	kind, base := companionOf(real)
	if kind == notCompanion || kind == own {
		return nil
	}
	if base == dbReal {
		return refuse(companionNames[kind] + " of the archreview database")
	}
	if isBolt, _ := boltFile(base); isBolt {
		return refuse(companionNames[kind] + " of the database " + filepath.Base(base))
	}
	return nil
}

// located is path made absolute with its links followed, or, when it does
// not exist, its folder's: where a write at path would land.
func located(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// companionOf says which kind of a database's file the name at path has,
// and the path of the database it would belong to.
func companionOf(path string) (companion, string) {
	dir, name := filepath.Split(path)
	switch {
	case strings.HasSuffix(name, lockSuffix) && len(name) > len(lockSuffix):
		return lockFile, path[:len(path)-len(lockSuffix)]
	case strings.HasSuffix(name, compactSuffix) && len(name) > len(compactSuffix):
		return compactFile, path[:len(path)-len(compactSuffix)]
	case strings.LastIndex(name, rescueInfix) > 0:
		return rescueFile, dir + name[:strings.LastIndex(name, rescueInfix)]
	}
	// Backups: review.db.v1.bak, and review.db.v1.2.bak when an earlier
	// backup of that version is kept.
	rest, ok := strings.CutSuffix(name, backupSuffix)
	i := strings.LastIndex(rest, ".v")
	if !ok || i <= 0 {
		return notCompanion, ""
	}
	version, copy, numbered := strings.Cut(rest[i+2:], ".")
	if !atomicfile.IsDigits(version) || numbered && !atomicfile.IsDigits(copy) {
		return notCompanion, ""
	}
	return backupFile, dir + rest[:i]
}

// boltPageSizes are the page sizes bbolt files are made with, where the
// second meta page is looked for when the first is damaged.
var boltPageSizes = []int64{4096, 8192, 16384, 32768, 65536}

// boltFile reports whether the regular file at path is a bbolt database:
// its first meta page, or, that one damaged, its second, holds bbolt's
// magic number. A file that is not there, or not regular, is not one.
func boltFile(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	return boltMagicAt(f)
}

// boltMagicAt is boltFile for a file already open.
func boltMagicAt(f io.ReaderAt) (bool, error) {
	buf := make([]byte, 4)
	for _, page := range append([]int64{0}, boltPageSizes...) {
		n, err := f.ReadAt(buf, page+metaMagicAt)
		if n < len(buf) {
			if err != nil && err != io.EOF {
				return false, err
			}
			break // the file ends before this page
		}
		if binary.LittleEndian.Uint32(buf) == boltMagic {
			return true, nil
		}
	}
	return false, nil
}
