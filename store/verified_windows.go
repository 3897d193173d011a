package store

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// fileBasicInfo is the system's FILE_BASIC_INFO: times in 100 ns since
// 1601, then the attributes.
type fileBasicInfo struct {
	creation, access, write, change int64
	attributes                      uint32
	_                               uint32
}

// fileStamp is the part of a verified note that names the file and its
// last change: volume, file index, size, and last write and change times
// to the 100 ns the system keeps (written as seconds and nanoseconds since
// 1970, as on Unix). The change time moves with every write and with a
// copy put over the file that keeps its modification time, as Unix's does.
func fileStamp(f *os.File, fi os.FileInfo) (string, bool) {
	h := windows.Handle(f.Fd())
	var id windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &id); err != nil {
		return "", false
	}
	var times fileBasicInfo
	if err := windows.GetFileInformationByHandleEx(h, windows.FileBasicInfo, (*byte)(unsafe.Pointer(&times)), uint32(unsafe.Sizeof(times))); err != nil {
		return "", false
	}
	mtime, ctime := unixTime(times.write), unixTime(times.change)
	return fmt.Sprintf("%d %d %d %d.%09d %d.%09d",
		id.VolumeSerialNumber, uint64(id.FileIndexHigh)<<32|uint64(id.FileIndexLow), fi.Size(),
		mtime/1e9, mtime%1e9, ctime/1e9, ctime%1e9), true
}

// unixTime is a system time in nanoseconds since 1970.
func unixTime(t int64) int64 {
	const from1601 = 116444736000000000 // 100 ns from 1601 to 1970
	return (t - from1601) * 100
}
