package tui

import "time"

// askTerminal does not ask on Windows: a console answers the queries, if
// at all, as input records rather than as bytes on a descriptor, and an
// answer not read in time would reach the app as keys. Windows users get
// ARCHREVIEW_THEME or COLORFGBG when set, and the dark palette otherwise.
func askTerminal(int, time.Duration) (string, bool) { return "", false }
