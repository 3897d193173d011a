//go:build linux

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Every read command, every export format included, works while the app
// has the file open, and leaves nothing beside it.
func TestEveryReadCommandWhileTheAppIsOpen(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "review.db")
	id, id2 := twoSessionsDB(t, db)
	app := startApp(t, db, true)
	app.waitFor("Autumn follow-up", appWait)
	out := t.TempDir()
	runEach(t, readCommands(id, id2, out), func(args ...string) (string, string, int) { return run(t, db, nil, args...) })
	entries, _ := os.ReadDir(filepath.Dir(db))
	for _, e := range entries {
		if !slices.Contains([]string{"review.db", "review.db.lock", "review.db.sock"}, e.Name()) {
			t.Errorf("left beside the database while the app is open: %s", e.Name())
		}
	}
	app.sendKeys("?")
	app.waitFor("Keys", appWait)
}
