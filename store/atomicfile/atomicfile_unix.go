//go:build unix

package atomicfile

import (
	"os"
	"syscall"
)

// lockTemp takes the lock that says the temp's writer is alive. The system
// lets go of it when the writer's process ends, however it ends.
func lockTemp(tmp *os.File) {
	_ = syscall.Flock(int(tmp.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// replace renames the temp over the target while it is still open and
// locked, so no other writer can take it for a stale temp in between.
func replace(tmp *os.File, path string) error {
	return os.Rename(tmp.Name(), path)
}

// removeUnlocked removes the temp at p unless its writer is alive.
func removeUnlocked(p string) {
	f, err := os.Open(p)
	if err != nil {
		return
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
		os.Remove(p)
	}
	f.Close()
}
