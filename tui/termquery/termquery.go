// Package termquery keeps Bubble Tea's start-up from waiting on a silent
// terminal. Bubble Tea v1's own init asks the terminal for its background
// colour and waits up to five seconds for an answer that some consoles and
// older emulators never send, before main even runs. This package is
// initialised before Bubble Tea (Go initialises packages in import-path
// order once their imports are, and it imports only Lip Gloss), and tells
// Lip Gloss the background is settled, so that init asks nothing; tui.Run
// then decides the background itself, asking the terminal with a short
// wait only where the environment does not already say.
//
// Import it, for its init, from every program that imports Bubble Tea.
package termquery

import "github.com/charmbracelet/lipgloss"

func init() {
	// Dark until tui.Run decides: every other command draws no colour.
	lipgloss.SetHasDarkBackground(true)
}
