//go:build unix

package store

import (
	"fmt"
	"os"
	"syscall"
)

// fileStamp is the part of a verified note that names the file and its
// last change: device, inode, size, and modification and change times to
// the nanosecond.
func fileStamp(_ *os.File, fi os.FileInfo) (string, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	mtime, ctime := statTimes(st)
	return fmt.Sprintf("%d %d %d %d.%09d %d.%09d",
		st.Dev, st.Ino, fi.Size(), mtime.Sec, mtime.Nsec, ctime.Sec, ctime.Nsec), true
}
