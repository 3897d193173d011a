//go:build unix

package tui

import (
	"os"
	"os/signal"
	"syscall"
)

// notifyResize has c told each time the terminal changes size.
func notifyResize(c chan<- os.Signal) { signal.Notify(c, syscall.SIGWINCH) }

// enableEscapes readies out for the escape sequences the screen draws
// with; a Unix terminal reads them as they come, so there is nothing to do.
func enableEscapes(*os.File) (restore func()) { return func() {} }
