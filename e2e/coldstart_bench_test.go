package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"archreview/model"
	"archreview/store"

	"github.com/creack/pty"
)

var (
	bareOnce   sync.Once
	bareBinary string
	bareErr    error
)

// bareProgram builds the floor of the cold-start benchmark: a Bubble Tea
// program that draws one frame and nothing else.
func bareProgram(b *testing.B) string {
	bareOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			bareErr = err
			return
		}
		dir, err := os.MkdirTemp("", "archreview-bare-")
		if err != nil {
			bareErr = err
			return
		}
		bareBinary = filepath.Join(dir, "bare")
		cmd := exec.Command("go", "build", "-o", bareBinary, "./e2e/testdata/bare")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			bareErr = fmt.Errorf("building the bare program: %v\n%s", err, out)
		}
	})
	if bareErr != nil {
		b.Fatal(bareErr)
	}
	return bareBinary
}

// firstFrame starts a program on an 80x24 pseudo-terminal and returns how
// long it took until the screen showed want.
func firstFrame(b *testing.B, want string, name string, args ...string) time.Duration {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "ARCHREVIEW_THEME=dark")
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}()
	var seen bytes.Buffer
	buf := make([]byte, 64<<10)
	deadline := time.Now().Add(10 * time.Second)
	f.SetReadDeadline(deadline)
	answered := false
	for !strings.Contains(seen.String(), want) {
		n, err := f.Read(buf)
		seen.Write(buf[:n])
		// Bubble Tea asks the terminal for its background at start-up, then
		// for the cursor position; a terminal answers both at once, so the
		// benchmark does too, for both programs alike.
		if !answered && strings.Contains(seen.String(), "\x1b[6n") {
			answered = true
			f.WriteString("\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\\x1b[1;1R")
		}
		if err != nil {
			b.Fatalf("%s never showed %q: %v\n%q", filepath.Base(name), want, err, seen.String())
		}
	}
	return time.Since(start)
}

// BenchmarkColdStart is process start to the first useful frame: for
// archreview the session list, after the child check, the open and the list;
// for the floor, a bare Bubble Tea program's one frame. The budgets are
// under 100 ms and at most 1.5x the bare program.
func BenchmarkColdStart(b *testing.B) {
	b.Run("bare-bubbletea", func(b *testing.B) {
		bare := bareProgram(b)
		for b.Loop() {
			firstFrame(b, "bare program ready", bare)
		}
	})
	for _, sz := range []struct{ flows, risks int }{{200, 5}, {1000, 5}} {
		db := filepath.Join(b.TempDir(), "review.db")
		st, err := store.Open(db)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Create(model.Generate(sz.flows, sz.risks, 1)); err != nil {
			b.Fatal(err)
		}
		st.Close()
		b.Run(fmt.Sprintf("archreview/%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			for b.Loop() {
				firstFrame(b, "1 session", binary, "--db", db)
			}
		})
	}
}
