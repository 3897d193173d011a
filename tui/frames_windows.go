package tui

import (
	"os"

	"golang.org/x/sys/windows"
)

// notifyResize does nothing on Windows, which has no resize signal: Bubble
// Tea reads the console's input records, and sends the program the new
// size itself whenever the console's buffer changes size.
func notifyResize(chan<- os.Signal) {}

// enableEscapes turns on the console's reading of the escape sequences the
// screen draws with, which a console does only when asked, and returns what
// puts the console's mode back. Output that is not a console is left as it
// is.
func enableEscapes(out *os.File) (restore func()) {
	h := windows.Handle(out.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return func() {}
	}
	if windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) != nil {
		return func() {}
	}
	return func() { _ = windows.SetConsoleMode(h, mode) }
}
