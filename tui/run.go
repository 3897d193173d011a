package tui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/archreview/archreview/model/pack"
	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/store"
	"github.com/archreview/archreview/tui/live"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Options configure the app.
type Options struct {
	Version string
	Now     func() time.Time
	// ExportDir is the folder the export prompt offers first.
	ExportDir string
	// Notices are shown in the status line when the app opens.
	Notices []string
	// Packs are the question packs sessions are walked with; nil means the
	// built-in ones.
	Packs *pack.Library
	// Feed is where the open session's changes are published, for a host
	// that shares one feed with its other listeners; nil gives the app a
	// feed of its own (App.Subscribe listens to it either way).
	Feed *live.Feed
	// Firm is the firm profile the packs' covers carry; nil, none.
	Firm *report.Firm
	// Printer prints the pack to PDF beside the other files the export
	// writes; nil (no browser on this laptop), the export says so and
	// writes the rest.
	Printer report.Printer
	// Session, when set, is the id of the session the app opens on.
	Session string
	// Share starts the room (share.go): `w` in a session, or at once when
	// ShareAtOpen is set, as soon as Session is open.
	Share       Sharer
	ShareAtOpen bool
}

// EnvTheme forces the light or dark palette when the terminal cannot be
// asked for its background.
const EnvTheme = "ARCHREVIEW_THEME"

// Run opens the app on the store and returns when the user quits, the
// terminal closes or the process is told to stop. Whatever ends it, the
// open session is saved once more after the program loop returns.
func Run(st *store.Store, opts Options) error {
	// Decide the background before Bubble Tea starts reading input, or the
	// terminal's answer would arrive as keystrokes.
	lipgloss.SetHasDarkBackground(darkBackground())

	app := NewApp(st, opts)
	// The app draws its own frames, when they change (see frames.go): a
	// keystroke reaches the screen at once, and an idle app costs nothing.
	tty, err := openTerminal(os.Stdin, os.Stdout)
	if err != nil {
		return fmt.Errorf("the terminal cannot be used: %w", err)
	}
	p := tea.NewProgram(floorApp{app: app, screen: tty.screen, floor: app.floor}, tea.WithoutRenderer(), tea.WithoutSignalHandler())
	tty.followSize(p)
	app.SendWith(p.Send)
	go app.followPeers(p)

	// Bubble Tea does not catch SIGHUP (a closed terminal tab); we take the
	// stop signals ourselves so every one of them ends in the final save.
	// Windows has no SIGHUP: a closed console window, a log-off or a
	// shutdown arrives as SIGTERM, and the system waits a few seconds for
	// the save before it ends the process.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
			p.Quit()
			// If the loop is wedged, do not wait for it: the final save
			// below still runs once Run returns.
			select {
			case <-time.After(500 * time.Millisecond):
				p.Kill()
			case <-done:
			}
		case <-done:
		}
	}()

	_, runErr := p.Run()
	close(app.share.ended) // a room asking for a copy now hears it has ended
	// The guests are told the session has ended, and change nothing more
	// once the last save begins.
	app.floor.end()
	tty.close()
	// Held, as a guest slow to end may still be in an update.
	app.floor.mu.Lock()
	saveErr := app.FinalSave()
	app.floor.mu.Unlock()
	var rescued *RescuedError
	switch {
	case errors.As(saveErr, &rescued):
		return saveErr
	case saveErr != nil:
		return fmt.Errorf("the last save to %s failed: %v", st.Path(), saveErr)
	}
	if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) {
		return fmt.Errorf("the terminal failed: %w", runErr)
	}
	return nil
}
