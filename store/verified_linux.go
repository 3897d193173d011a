package store

import "syscall"

// statTimes are a file's modification and change times.
func statTimes(st *syscall.Stat_t) (mtime, ctime syscall.Timespec) { return st.Mtim, st.Ctim }
