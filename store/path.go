package store

import (
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
)

// EnvDB names the environment variable that overrides the default database.
const EnvDB = "ARCHREVIEW_DB"

// DefaultPath is where the database lives when neither --db nor ARCHREVIEW_DB
// says otherwise: archreview/archreview.db in the user's XDG data folder
// (~/.local/share on Linux, ~/Library/Application Support on macOS).
func DefaultPath() string {
	if p := os.Getenv(EnvDB); p != "" {
		return p
	}
	return filepath.Join(xdg.DataHome, "archreview", "archreview.db")
}
