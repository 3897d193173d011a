//go:build unix

package tui

import (
	"time"

	"golang.org/x/sys/unix"
)

// askTerminal sends the background-colour query, then the cursor-position
// query that every terminal answers (so an answer to the second without
// one to the first ends the wait early), and returns what came back within
// wait. Echo and line mode are off meanwhile, as termenv does it.
func askTerminal(fd int, wait time.Duration) (string, bool) {
	if pgrp, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP); err != nil || pgrp != unix.Getpgrp() {
		return "", false // not a terminal, or not ours to read from
	}
	saved, err := unix.IoctlGetTermios(fd, getTermios)
	if err != nil {
		return "", false
	}
	quiet := *saved
	quiet.Lflag &^= unix.ECHO | unix.ICANON
	quiet.Cc[unix.VMIN], quiet.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, setTermios, &quiet); err != nil {
		return "", false
	}
	defer unix.IoctlSetTermios(fd, setTermios, saved)
	if _, err := unix.Write(fd, []byte("\x1b]11;?\x1b\\\x1b[6n")); err != nil {
		return "", false
	}
	var got []byte
	buf := make([]byte, 256)
	deadline := time.Now().Add(wait)
	for !cursorReport(got) {
		left := time.Until(deadline)
		if left <= 0 {
			// An answer still on its way would reach the app as keys; what
			// has come already goes.
			flushInput(fd)
			return string(got), len(got) > 0
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			continue
		}
		r, err := unix.Read(fd, buf)
		if err != nil || r <= 0 {
			return string(got), len(got) > 0
		}
		got = append(got, buf[:r]...)
	}
	return string(got), true
}
