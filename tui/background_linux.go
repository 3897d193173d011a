package tui

import "golang.org/x/sys/unix"

// The requests that read and set a terminal's modes at once.
const (
	getTermios = unix.TCGETS
	setTermios = unix.TCSETS
)

// flushInput drops what the terminal has sent that nobody has read yet.
func flushInput(fd int) {
	_ = unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIFLUSH)
}
