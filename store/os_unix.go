//go:build unix

package store

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// noFollow makes an open refuse a link at the last part of the path, with
// ELOOP.
const noFollow = syscall.O_NOFOLLOW

// dropPages takes the pages of the mapped file m out of the process's
// memory; a later read maps them back from the file. (macOS takes the
// advice as a hint, and may keep them until memory is short.)
func dropPages(m []byte) { _ = unix.Madvise(m, unix.MADV_DONTNEED) }
