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
// commands that only read (list, export). A missing file is an error rather
// than a new empty database.
func OpenReadOnly(path string) (*Store, error) { return open(path, true) }

func open(path string, readOnly bool) (*Store, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return nil, fmt.Errorf("%s does not exist; create a session with archreview new, or check --db", path)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder for %s: %w", path, err)
		}
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
	default:
		version, err := checkInChild(path)
		if err != nil {
			return nil, err
		}
		if readOnly && version < CurrentSchema() {
			return nil, fmt.Errorf("%s needs an upgrade to this version of archreview; open it once with archreview (no command) to upgrade it", path)
		}
	}
	var notices []string
	if info != nil && info.Mode().Perm()&0o077 != 0 {
		// Client notes must not be readable by other accounts; tighten
		// rather than refuse, so a copied file still opens.
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("%s can be read by other users and its permissions cannot be changed (%v); run chmod 600 on it", path, err)
		}
		notices = append(notices, fmt.Sprintf("%s could be read by other users (mode %04o); it is now 0600", path, info.Mode().Perm()))
	}

	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType, ReadOnly: readOnly})
	if err != nil {
		return nil, classifyOpenError(path, err)
	}
	s := &Store{path: path, db: db, Notices: notices, readOnly: readOnly}
	if readOnly {
		return s, nil
	}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path is the database file's path as given to Open.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock. A file saved to since it was opened
// is compacted first, so text that was typed over or deleted does not stay
// readable in bbolt's free pages after the session.
func (s *Store) Close() error {
	s.mu.Lock()
	written := s.written && s.db != nil
	s.mu.Unlock()
	if written {
		_ = s.Compact() // best effort: the answers are already committed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error { return s.transact((*bolt.DB).View, fn) }

func (s *Store) update(fn func(tx *bolt.Tx) error) error { return s.transact((*bolt.DB).Update, fn) }

// transact runs fn in a read (View) or write (Update) transaction of the
// open file, with a damaged page turned into an error by unreadable.
func (s *Store) transact(run func(*bolt.DB, func(*bolt.Tx) error) error, fn func(tx *bolt.Tx) error) (err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return errors.New("the database is closed")
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.unreadable(&err)
	return run(s.db, fn)
}

// unreadable turns a panic or a memory fault while bbolt reads the file into
// an error naming it. The check at open reads every page, but damage it
// cannot see (a garbled length inside a small nested bucket) makes bbolt
// panic, or fault on the mapped file, only when that part is read; bbolt rolls
// the transaction back, and the app keeps running with the answers it holds.
// Deferred in transact, it covers just the transaction's goroutine.
func (s *Store) unreadable(err *error) {
	if r := recover(); r != nil {
		*err = &OpenError{Path: s.path, Kind: KindDamaged, Detail: "part of it cannot be read"}
	}
}

// prepare stamps a new file and migrates an older one.
func (s *Store) prepare() error {
	var version int
	_ = s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			version, _ = strconv.Atoi(string(meta.Get(keySchema)))
		}
		return nil
	})
	if version == CurrentSchema() {
		return nil // nothing to write: opening never changes a current file
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
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
		return fmt.Errorf("cannot initialise %s: %w", s.path, err)
	}
	if version < CurrentSchema() {
		return s.migrate(version)
	}
	return nil
}
