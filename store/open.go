package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Open opens the database at path for reading and writing, creating it
// (folder 0700, file 0600) if it does not exist. An existing file is checked
// read-only in a child process first; a file that is in use, not an
// archreview database, damaged or of a newer schema is refused with an
// *OpenError and left byte-for-byte as it was. An older schema is migrated
// in one transaction after a backup.
func Open(path string) (*Store, error) { return open(path, false) }

// OpenReadOnly opens an existing database without writing a byte to it, for
// commands that only read (list, export, diff): its content, modification
// time and mode stay as they were, and nothing beside it but the shared lock
// is touched. It works on a read-only mount and on a file only its owner may
// read. A missing file is an error rather than a new empty database.
func OpenReadOnly(path string) (*Store, error) { return open(path, true) }

func open(path string, readOnly bool) (*Store, error) {
	real, err := resolve(path)
	if err != nil {
		return nil, err
	}
	switch _, err := os.Stat(real); {
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return nil, missing(path)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder for %s: %w", path, err)
		}
	}
	if readOnly {
		// An app holding the file answers readers with a copy of what it
		// saved (readcopy.go); with none there, the lock says who has it.
		if s, answered, err := openThroughHolder(path, real); answered {
			return s, err
		}
	}
	// The lock comes first: what is checked and opened below is then the
	// file no other archreview can replace until this one lets go.
	lock, err := lockDatabase(real, !readOnly)
	if err != nil {
		if oe, ok := err.(*OpenError); ok {
			oe.Path = path
		}
		return nil, err
	}
	s, err := openLocked(path, real, readOnly)
	if err != nil {
		lock.release()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// missing is the refusal of a reader given a file that is not there: a
// mistyped --db is an error, not a new empty database.
func missing(path string) error {
	return fmt.Errorf("%s does not exist; create a session with archreview new, or check --db", path)
}

// openLocked checks and opens the database once its lock is held.
func openLocked(path, real string, readOnly bool) (*Store, error) {
	if !readOnly {
		// A reader changes nothing beside the file either: the next
		// writer clears what a killed one left.
		clearLeftovers(real)
	}
	var damaged []string // the sessions the check found damaged
	info, err := os.Stat(real)
	switch {
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return nil, missing(path) // gone while the lock was taken
	case errors.Is(err, fs.ErrNotExist):
	case errors.Is(err, fs.ErrPermission):
		return nil, &OpenError{Path: path, Kind: KindPermission}
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	case info.IsDir():
		return nil, fmt.Errorf("%s is a folder; give the path of a database file", path)
	case !info.Mode().IsRegular():
		return nil, &OpenError{Path: path, Kind: KindNotDatabase}
	case info.Size() == 0:
		return nil, &OpenError{Path: path, Kind: KindEmpty}
	case verifiedBefore(real):
		// Left sound by the last archreview to hold it, untouched since:
		// no session of it was damaged then either.
	default:
		version, found, err := checkInChild(real)
		if err != nil {
			if oe, ok := err.(*OpenError); ok {
				oe.Path = path
			}
			return nil, err
		}
		damaged = found
		if version == CurrentSchema() && len(damaged) == 0 {
			noteVerified(real)
		}
		if readOnly && !readableAsIs(version) {
			return nil, fmt.Errorf("%s needs an upgrade to this version of archreview; open it once with archreview (no command) to upgrade it", path)
		}
	}
	var notices []string
	switch {
	case info == nil || info.Mode().Perm()&0o077 == 0:
	case readOnly:
		// A reader never changes the file, its mode included: it says so,
		// and the next writer tightens it.
		notices = append(notices, fmt.Sprintf("%s can be read by other users (mode %04o); run chmod 600 on it", path, info.Mode().Perm()))
	default:
		// Client notes must not be readable by other accounts; tighten
		// rather than refuse, so a copied file still opens.
		if err := os.Chmod(real, 0o600); err != nil {
			return nil, fmt.Errorf("%s can be read by other users and its permissions cannot be changed (%v); run chmod 600 on it", path, err)
		}
		notices = append(notices, fmt.Sprintf("%s could be read by other users (mode %04o); it is now 0600", path, info.Mode().Perm()))
	}

	s := &Store{path: path, real: real, Notices: notices, readOnly: readOnly, suspect: make(map[string]bool)}
	for _, id := range damaged {
		s.suspect[id] = true
	}
	db, err := s.openBolt()
	if err != nil {
		return nil, classifyOpenError(path, err)
	}
	s.db = db
	if readOnly {
		// A file the sums came after is read as it is: salvaging the
		// sessions of an old file must not need a write to it.
		s.unsummed = s.schema() < summedSchema
		return s, nil
	}
	migrated, err := s.prepare()
	if err != nil {
		db.Close()
		return nil, err
	}
	if migrated {
		// The check saw the file before its values had sums; which
		// sessions the upgrade could not seal is known only now.
		clear(s.suspect)
		_ = s.view(func(tx *bolt.Tx) error {
			for _, id := range damagedSessions(tx, false) {
				s.suspected(id)
			}
			return nil
		})
	}
	s.noteFile() // stamping a new file and migrating write outside update
	if s.compactDue() {
		// The last writer died before it could compact: text it deleted
		// or typed over may still be in free pages. Finish its work; if
		// that fails the mark stays, and the next open tries again.
		_ = s.Scrub()
	}
	return s, nil
}

// openBolt opens the real file with bbolt, keeping bbolt's descriptor and
// the committed transaction id so later saves can tell the file is still
// the one opened here.
func (s *Store) openBolt() (*bolt.DB, error) {
	var file *os.File
	hook := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	db, err := bolt.Open(s.real, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType, ReadOnly: s.readOnly, OpenFile: hook})
	if err != nil {
		return nil, err
	}
	s.file, s.pageSize = file, db.Info().PageSize
	s.noteFile()
	return db, nil
}

// Path is the database file's path as given to Open.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock. A file saved to since it was opened
// has its free pages cleared first (see Scrub), so text that was typed over
// or deleted does not stay readable in them after the session. A store that stopped
// using its file leaves whatever is at the path alone.
func (s *Store) Close() error {
	if s.after != nil {
		defer s.after()
	}
	defer s.lock.release()
	s.mu.Lock()
	written := s.written && s.db != nil
	s.mu.Unlock()
	if written && s.Broken() == nil {
		_ = s.Scrub() // best effort: the answers are already committed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	if s.wedged {
		// bbolt may hold its own locks forever: unlocking and closing its
		// descriptor is all that is safe. (The map of the file keeps the
		// file open, so only the explicit unlock lets the next one in.)
		unlockBolt(s.file)
		s.file.Close()
		s.db = nil
		return nil
	}
	// Only a file still the one this store wrote is noted as sound, and
	// not one with a damaged session: the next open checks it again, and
	// so lists as sound a session replaced since.
	sound := !s.readOnly && s.checkFile() == nil && !s.anySuspect()
	err := s.db.Close()
	s.db = nil
	if err == nil && sound {
		noteVerified(s.real)
	}
	return err
}

func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return errors.New("the database is closed")
	}
	if s.wedged {
		return s.Broken()
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.unreadable(&err, false)
	return s.db.View(fn)
}

// update runs fn in a write transaction on the file the store opened, after
// checking it is still that file. leavesText says the write removes or
// replaces text, which stays in free pages until a compaction: the file is
// marked so, in the same transaction, and the next open compacts it if this
// process dies before it can.
func (s *Store) update(leavesText bool, fn func(tx *bolt.Tx) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updateLocked(leavesText, fn)
}

// updateLocked is update for a caller that holds s.mu.
func (s *Store) updateLocked(leavesText bool, fn func(tx *bolt.Tx) error) (err error) {
	if s.db == nil {
		return errors.New("the database is closed")
	}
	if err := s.checkFile(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.unreadable(&err, true)
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if leavesText && !s.written {
			return tx.Bucket(bucketMeta).Put(keyCompactDue, []byte("1"))
		}
		return nil
	})
	s.noteFile()
	if err == nil {
		s.written = s.written || leavesText
	}
	return err
}

// unreadable turns a panic or a memory fault while bbolt reads the file into
// an error naming it. The check at open reads every page, but damage it
// cannot see (a garbled length inside a small nested bucket) makes bbolt
// panic, or fault on the mapped file, only when that part is read; the app
// keeps running with the answers it holds. The store stops writing to the
// file from then on; after a panic inside a write, when bbolt's own locks
// may be left held, it stops reading too.
// Deferred in view and update, it covers just the transaction's goroutine.
func (s *Store) unreadable(err *error, writing bool) {
	if r := recover(); r != nil {
		broken := s.breakWith("could not be read (it is damaged, or another program changed it)")
		if writing {
			s.wedged = true
			*err = broken
			return
		}
		*err = &OpenError{Path: s.path, Kind: KindDamaged, Detail: "part of it cannot be read"}
	}
}

// compactDue reports whether the file is marked as holding removed text
// that no compaction has cleared yet.
func (s *Store) compactDue() bool {
	due := false
	_ = s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			due = meta.Get(keyCompactDue) != nil
		}
		return nil
	})
	return due
}

// schema is the file's schema version, 0 when it cannot be read.
func (s *Store) schema() int {
	var version int
	_ = s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			version, _ = strconv.Atoi(string(meta.Get(keySchema)))
		}
		return nil
	})
	return version
}

// prepare stamps a new file and migrates an older one, and says whether it
// migrated.
func (s *Store) prepare() (migrated bool, err error) {
	version := s.schema()
	if version == CurrentSchema() {
		return false, nil // nothing to write: opening never changes a current file
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			// Only a brand-new file gets here: existing ones were checked.
			meta, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			if _, err := tx.CreateBucket(bucketSessions); err != nil {
				return err
			}
			if err := meta.Put(keyApp, []byte(appMarker)); err != nil {
				return err
			}
			version = CurrentSchema()
			return meta.Put(keySchema, []byte(strconv.Itoa(version)))
		}
		version, _ = strconv.Atoi(string(meta.Get(keySchema)))
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("cannot initialise %s: %w", s.path, err)
	}
	if version < CurrentSchema() {
		return true, s.migrate(version)
	}
	return false, nil
}
