//go:build unix

package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// noFollow makes an open refuse a link at the last part of the path, with
// ELOOP.
const noFollow = syscall.O_NOFOLLOW

// releaseMapped lets go of the pages of the mapped file that a read has
// brought into the process's memory. Once a session is decoded its bytes
// are in the document; the pages stay in the system's file cache, and a
// later read maps them back in. Without this a 10,000-flow session counts
// its 58 MB file twice in the app's memory. (macOS takes the advice as a
// hint, and may keep the pages until memory is short.)
func releaseMapped(tx *bolt.Tx) {
	if m := mapped(tx); m != nil {
		_ = unix.Madvise(m, unix.MADV_DONTNEED)
	}
}
