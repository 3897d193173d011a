package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// fileID is what the guard compares of a file: which file it is, and
// its size.
type fileID struct {
	dev, ino uint64
	size     int64
}

func (a fileID) sameFile(b fileID) bool { return a.dev == b.dev && a.ino == b.ino }

// The guard asks the kernel for the file's identity and size and nothing
// else. A stat that reads a file's times makes Linux (6.13 on, on ext4, xfs,
// btrfs and tmpfs) give the file's next change a fine-grained time of its
// own, where it would otherwise move at most once a clock tick: a stat
// before and after every commit made every commit change the file's
// times, and its sync wait for the journal to record them (a seventh of
// a save at 10,000 flows, BenchmarkSaveAnswer). statx asked for no times
// leaves them as they are.
const idMask = unix.STATX_INO | unix.STATX_SIZE

// pathID is the fileID of the file the path names, links followed.
func pathID(path string) (fileID, error) {
	return statID(unix.AT_FDCWD, path, 0, path, func() (os.FileInfo, error) { return os.Stat(path) })
}

// openFileID is the fileID of the open file.
func openFileID(f *os.File) (fileID, error) {
	return statID(int(f.Fd()), "", unix.AT_EMPTY_PATH, f.Name(), f.Stat)
}

// statID reads a fileID with statx, or with stat where the system has no
// statx (an old kernel, or a sandbox that forbids it); name is the file's,
// for the error.
func statID(dirfd int, path string, flags int, name string, stat func() (os.FileInfo, error)) (fileID, error) {
	var st unix.Statx_t
	err := unix.Statx(dirfd, path, flags|unix.AT_STATX_SYNC_AS_STAT, idMask, &st)
	if err == nil && st.Mask&idMask == idMask {
		return fileID{dev: unix.Mkdev(st.Dev_major, st.Dev_minor), ino: st.Ino, size: int64(st.Size)}, nil
	}
	if err != nil && !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EPERM) {
		return fileID{}, &fs.PathError{Op: "statx", Path: name, Err: err}
	}
	fi, err := stat()
	if err != nil {
		return fileID{}, err
	}
	return idFromStat(fi, name)
}

// idFromStat is the fileID of what stat said.
func idFromStat(fi os.FileInfo, name string) (fileID, error) {
	sys, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, fmt.Errorf("%s: the system gives no device and inode", name)
	}
	return fileID{dev: uint64(sys.Dev), ino: sys.Ino, size: fi.Size()}, nil
}
