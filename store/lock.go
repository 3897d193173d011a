package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// The lock names the database, not one of its inodes: compaction renames a
// fresh file over the database, so a process waiting on the old file's own
// lock would be let in on a file that no longer has a name, and a second
// writer would follow. The lock file beside the database is never replaced;
// every command takes it before it opens the database and holds it until it
// has closed it: writers exclusively, readers shared.

// lockSuffix names the lock file: review.db has review.db.lock beside it.
const lockSuffix = ".lock"

// fileLock is a held lock on the file beside a database.
type fileLock struct {
	f    *os.File
	path string
}

// lockPoll is how often a refused lock is tried again until lockTimeout.
const lockPoll = 20 * time.Millisecond

// lockDatabase takes the lock of the database at real (a resolved path),
// creating the lock file 0600 if it is missing. It gives up with an in-use
// error after lockTimeout. A reader that cannot open the lock file for
// writing (a read-only mount, a folder or lock file of another account)
// takes its shared lock through a read-only descriptor, so a writer holding
// the same folder through another mount still keeps it out; when there is no
// lock file and none can be made, no writer can work there either, and it
// goes on without one.
func lockDatabase(real string, exclusive bool) (*fileLock, error) {
	path := real + lockSuffix
	deadline := time.Now().Add(lockTimeout)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil && !exclusive && (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)) {
			f, err = os.Open(path)
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
				return &fileLock{}, nil
			}
		}
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return nil, &OpenError{Path: real, Kind: KindPermission}
			}
			return nil, fmt.Errorf("cannot lock %s: %w", real, err)
		}
		if exclusive {
			_ = f.Chmod(0o600) // a lock file left with a looser mode
		}
		for {
			err = tryLock(f, exclusive)
			if err == nil || !lockBusy(err) || time.Now().After(deadline) {
				break
			}
			time.Sleep(lockPoll)
		}
		if err != nil {
			f.Close()
			if lockBusy(err) {
				return nil, &OpenError{Path: real, Kind: KindInUse}
			}
			return nil, fmt.Errorf("cannot lock %s: %w", real, err)
		}
		// The lock holds only if the file locked is the one the path names
		// now: someone may have removed or replaced it while we waited.
		if sameFile(f, path) {
			return &fileLock{f: f, path: path}, nil
		}
		f.Close()
		if time.Now().After(deadline) {
			return nil, &OpenError{Path: real, Kind: KindInUse}
		}
	}
}

// sameFile reports whether the open file f is the file at path.
func sameFile(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	if err != nil {
		return false
	}
	return os.SameFile(a, b)
}

// resolve follows a --db that is a link to the file it names, once, so the
// database, its lock, its compaction and its backups all live beside the real
// file and the link stays a link. A link to nothing is an error rather than
// a new file where the link was. A path that does not exist yet resolves its
// folder, so a new database is made where that folder really is.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("cannot use %s: %w", path, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("cannot read %s: %w", path, err)
	}
	if fi, lerr := os.Lstat(abs); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(abs)
		return "", fmt.Errorf("%s is a link to %s, which does not exist; fix the link or give the database's real path", path, target)
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return abs, nil // the folder is made on open
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}
