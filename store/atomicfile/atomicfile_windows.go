package atomicfile

import (
	"os"

	"golang.org/x/sys/windows"
)

// On Windows a lock is a byte-range lock that the system enforces, and a
// file open in any process cannot be renamed or removed. The temp's lock
// covers one byte at the largest offset a file can have, which no data
// reaches, so it never stands in the way of a reader of the file.

// lockTemp takes the lock that says the temp's writer is alive. The system
// lets go of it when the writer's process ends, however it ends.
func lockTemp(tmp *os.File) {
	_ = tryLock(tmp)
}

// tryLock locks f's last byte for this handle alone, without waiting.
func tryLock(f *os.File) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, &windows.Overlapped{Offset: ^uint32(0), OffsetHigh: ^uint32(0)})
}

// replace renames the temp over the target. Windows refuses to rename a
// file that is open, so the temp is closed first: in the moment between,
// another archreview writing the same file could take it for a stale temp
// and remove it, and then this write fails with the target as it was.
func replace(tmp *os.File, path string) error {
	tmp.Close()
	return os.Rename(tmp.Name(), path)
}

// removeUnlocked removes the temp at p unless its writer is alive. It is
// closed before it is removed, which Windows requires.
func removeUnlocked(p string) {
	f, err := os.Open(p)
	if err != nil {
		return
	}
	free := tryLock(f) == nil
	f.Close()
	if free {
		os.Remove(p)
	}
}
