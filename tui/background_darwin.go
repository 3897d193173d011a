package tui

import "golang.org/x/sys/unix"

// The requests that read and set a terminal's modes at once.
const (
	getTermios = unix.TIOCGETA
	setTermios = unix.TIOCSETA
)

// flushRead is FREAD of <sys/fcntl.h>: TIOCFLUSH with it drops the input
// queue only, as tcflush(TCIFLUSH) does.
const flushRead = 0x1

// flushInput drops what the terminal has sent that nobody has read yet.
func flushInput(fd int) {
	_ = unix.IoctlSetPointerInt(fd, unix.TIOCFLUSH, flushRead)
}
