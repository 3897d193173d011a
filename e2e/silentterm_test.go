//go:build unix

package e2e

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// A terminal that never answers the background-colour or cursor query
// (some consoles and older emulators) must not hold the first frame: Bubble
// Tea's own query would wait 5 s for it. Where the environment says what the
// background is, nothing is asked at all.
func TestSilentTerminalDoesNotDelayTheFirstFrame(t *testing.T) {
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, nil, "new", "Silent terminal review")
	for _, c := range []struct {
		name    string
		env     []string
		asks    bool
		longest time.Duration
	}{
		{"nothing set", nil, true, 2 * time.Second},
		{"COLORFGBG", []string{"COLORFGBG=15;0"}, false, 2 * time.Second},
		{"ARCHREVIEW_THEME", []string{"ARCHREVIEW_THEME=light"}, false, 2 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(binary, "--db", db)
			cmd.Env = append(cleanEnv(t), append([]string{"TERM=xterm-256color"}, c.env...)...)
			start := time.Now()
			f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				cmd.Process.Kill()
				cmd.Wait()
				f.Close()
			}()
			var seen bytes.Buffer
			buf := make([]byte, 64<<10)
			f.SetReadDeadline(time.Now().Add(8 * time.Second))
			for !strings.Contains(seen.String(), "1 session") {
				n, err := f.Read(buf)
				seen.Write(buf[:n])
				if err != nil {
					t.Fatalf("the session list never showed: %v\n%q", err, seen.String())
				}
			}
			took := time.Since(start)
			if took > c.longest {
				t.Errorf("the first frame took %v behind a silent terminal; want under %v", took, c.longest)
			}
			if asked := strings.Contains(seen.String(), "\x1b]11;?"); asked != c.asks {
				t.Errorf("asked the terminal for its background: %v, want %v", asked, c.asks)
			}
		})
	}
}
