//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes the lock on the lock file f without waiting: shared for a
// reader, exclusive for a writer.
func tryLock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	return syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
}

// lockBusy reports whether tryLock failed because another process holds
// the lock.
func lockBusy(err error) bool { return errors.Is(err, syscall.EWOULDBLOCK) }

// release lets the next process in, removing the lock file when no other
// archreview holds it, so nothing is left beside the database between runs.
// Removing it is safe because a process that was waiting on it finds, once
// it has the lock, that the file is no longer at the path, and starts again.
// It is safe on a nil or empty lock.
func (l *fileLock) release() {
	if l == nil || l.f == nil {
		return
	}
	fd := int(l.f.Fd())
	if syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB) == nil && sameFile(l.f, l.path) {
		_ = os.Remove(l.path)
	}
	_ = syscall.Flock(fd, syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}

// unlockBolt lets go of the lock bbolt holds on its own descriptor of the
// database.
func unlockBolt(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
