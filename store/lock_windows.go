package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// On Windows a lock is a byte-range lock the system enforces, on one byte
// at the largest offset a file can have, which no data reaches (bbolt locks
// its database the same way). A file that any process holds open cannot be
// removed, which is what keeps the lock file while another archreview uses
// it.

// lastByte is the range every lock here covers.
func lastByte() *windows.Overlapped {
	return &windows.Overlapped{Offset: ^uint32(0), OffsetHigh: ^uint32(0)}
}

// tryLock takes the lock on the lock file f without waiting: shared for a
// reader, exclusive for a writer.
func tryLock(f *os.File, exclusive bool) error {
	flags := uint32(windows.LOCKFILE_FAIL_IMMEDIATELY)
	if exclusive {
		flags |= windows.LOCKFILE_EXCLUSIVE_LOCK
	}
	return windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, lastByte())
}

// lockBusy reports whether tryLock failed because another process holds
// the lock.
func lockBusy(err error) bool { return errors.Is(err, windows.ERROR_LOCK_VIOLATION) }

// release lets the next process in, then removes the lock file, so nothing
// is left beside the database between runs. Windows refuses the removal
// while any other archreview has the file open, waiting for the lock or
// holding it, and one that opens it afterwards makes a new one; so the file
// is never removed under a process that relies on it. It is safe on a nil
// or empty lock.
func (l *fileLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = windows.UnlockFileEx(windows.Handle(l.f.Fd()), 0, 1, 0, lastByte())
	l.f.Close()
	l.f = nil
	_ = os.Remove(l.path)
}

// unlockBolt lets go of the lock bbolt holds on its own descriptor of the
// database, the last byte as here.
func unlockBolt(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, lastByte())
}
