//go:build !linux

package store

import "os"

// fileID is what the guard compares of a file: which file it is, and its
// size. Outside Linux the system's own stat says which file it is
// (os.SameFile: device and inode, or a Windows volume and file index).
type fileID struct {
	info os.FileInfo
	size int64
}

func (a fileID) sameFile(b fileID) bool { return os.SameFile(a.info, b.info) }

// pathID is the fileID of the file the path names, links followed.
func pathID(path string) (fileID, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}, err
	}
	return fileID{info: fi, size: fi.Size()}, nil
}

// openFileID is the fileID of the open file.
func openFileID(f *os.File) (fileID, error) {
	fi, err := f.Stat()
	if err != nil {
		return fileID{}, err
	}
	return fileID{info: fi, size: fi.Size()}, nil
}
