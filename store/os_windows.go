package store

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// noFollow makes an open take a link at the last part of the path as the
// link itself rather than the file it names: Windows has no ELOOP, and the
// file opened is then not a regular file, which backup passes over as it
// passes over a link on Unix.
const noFollow = windows.O_FILE_FLAG_OPEN_REPARSE_POINT

// dropPages takes the pages of the mapped file m out of the process's
// working set; a later read maps them back from the file. Windows has no
// advice for that, but unlocking pages that were never locked does it (the
// call then says it found nothing locked, which is expected).
func dropPages(m []byte) {
	_ = windows.VirtualUnlock(uintptr(unsafe.Pointer(unsafe.SliceData(m))), uintptr(len(m)))
}
