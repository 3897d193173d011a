package store

import (
	"unsafe"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/windows"
)

// noFollow makes an open take a link at the last part of the path as the
// link itself rather than the file it names: Windows has no ELOOP, and the
// file opened is then not a regular file, which backup passes over as it
// passes over a link on Unix.
const noFollow = windows.O_FILE_FLAG_OPEN_REPARSE_POINT

// releaseMapped lets go of the pages of the mapped file that a read has
// brought into the process's memory. Once a session is decoded its bytes
// are in the document; the pages stay in the system's file cache, and a
// later read maps them back in. Without this a 10,000-flow session counts
// its 58 MB file twice in the app's memory. Windows has no advice for
// that: unlocking pages that were never locked takes them out of the
// process's working set, which is the same (the call says it found nothing
// locked, as it always does here).
func releaseMapped(tx *bolt.Tx) {
	if m := mapped(tx); m != nil {
		_ = windows.VirtualUnlock(uintptr(unsafe.Pointer(unsafe.SliceData(m))), uintptr(len(m)))
	}
}
