//go:build unix

// Package e2e drives the built archreview binary the way a consultant does:
// subcommands from a shell, and the app itself inside tmux. Each test works on
// its own database in t.TempDir() and checks the result through the files and
// the exports, never through the app's packages.
package e2e

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/internal/testtool"

	"github.com/creack/pty"
)

// binary is the archreview program built once for the whole package.
var binary string

// runDir holds what the package's run makes once (the binary, helper
// programs, the benchmarks' databases), and goes when the run ends.
var runDir string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "archreview-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	runDir = dir
	binary = filepath.Join(dir, "archreview")
	build := exec.Command("go", "build", "-o", binary, "./cmd/archreview")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building archreview failed: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// moduleRoot asks go for the folder of go.mod, falling back to the parent of
// this package's folder, where it lives in this repository.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err == nil {
		if gomod := strings.TrimSpace(string(out)); gomod != "" && gomod != os.DevNull {
			return filepath.Dir(gomod), nil
		}
	}
	abs, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
		return "", fmt.Errorf("cannot find the module root (no go.mod in %s)", abs)
	}
	return abs, nil
}

// cleanEnv is the environment every archreview process of a test gets: no
// ARCHREVIEW_DB, and a home and XDG folders of its own, so nothing a test
// runs can touch the real user's database. SHELL is /bin/sh, so tmux starts
// its panes with a shell that runs commands whatever the user's login shell
// is (a service user's nologin would end every pane at once).
func cleanEnv(t testing.TB) []string {
	t.Helper()
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"SHELL=/bin/sh",
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"LANG=C.UTF-8",
	}
	if tmp := os.Getenv("TMPDIR"); tmp != "" {
		env = append(env, "TMPDIR="+tmp)
	}
	return env
}

// commandTimeout bounds one subcommand, so a hang fails the test instead of
// the whole run.
const commandTimeout = 60 * time.Second

// run runs archreview with --db db (when db is set) and the args, feeding it
// stdin, and returns what it printed and its exit code.
func run(t *testing.T, db string, stdin []byte, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	var full []string
	if db != "" {
		full = append(full, "--db", db)
	}
	full = append(full, args...)
	cmd := exec.CommandContext(ctx, binary, full...)
	cmd.Env = cleanEnv(t)
	cmd.Dir = t.TempDir()
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("archreview %s did not finish within %s", strings.Join(full, " "), commandTimeout)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("cannot run archreview %s: %v", strings.Join(full, " "), err)
	}
	return out.String(), errOut.String(), code
}

// mustRun is run for a command that has to succeed.
func mustRun(t *testing.T, db string, stdin []byte, args ...string) string {
	t.Helper()
	out, errOut, code := run(t, db, stdin, args...)
	if code != 0 {
		t.Fatalf("archreview %s exited %d; stderr: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// requireTool fails, rather than skips, when a tool the tests need is
// missing, so a green run always means the whole suite ran; the message
// names the command that installs it, as in every package's tests.
func requireTool(t *testing.T, name, why string) string {
	t.Helper()
	return testtool.Require(t, name, why)
}

// oneLineError checks the shape every refusal must have: a non-zero exit and
// exactly one line on stderr starting "archreview:", with no Go panic text.
func oneLineError(t *testing.T, what, stderr string, code int) {
	t.Helper()
	if code == 0 {
		t.Errorf("%s: exit code 0, want non-zero; stderr: %q", what, stderr)
	}
	msg := strings.TrimSuffix(stderr, "\n")
	if msg == "" {
		t.Errorf("%s: nothing on stderr, want a one-line error", what)
		return
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("%s: stderr has %d lines, want one:\n%s", what, strings.Count(msg, "\n")+1, stderr)
	}
	if !strings.HasPrefix(msg, "archreview:") {
		t.Errorf("%s: stderr %q does not start with \"archreview:\"", what, msg)
	}
	for _, bad := range []string{"panic", "goroutine", "runtime error", "SIGSEGV"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("%s: stderr shows %q, Go panic text instead of a sentence for the user:\n%s", what, bad, stderr)
		}
	}
}

// containsAny reports whether s, lower-cased, holds one of the words.
func containsAny(s string, words ...string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// exported is the part of an archreview/v1 export the tests read back.
type exported struct {
	Schema  string `json:"schema"`
	Session struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Client      string `json:"client"`
		Facilitator string `json:"facilitator"`
		Notes       string `json:"notes"`
	} `json:"session"`
	Systems []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Kind string `json:"kind"`
	} `json:"systems"`
	Flows []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Domain string `json:"domain"`
		From   string `json:"from"`
		To     string `json:"to"`
		Via    string `json:"via"`
		Source struct {
			Identifiers string `json:"identifiers"`
			DataQuality string `json:"data_quality"`
			Notes       string `json:"notes"`
			Done        bool   `json:"done"`
		} `json:"source"`
		Contract struct {
			Timing string `json:"timing"`
			Done   bool   `json:"done"`
		} `json:"contract"`
		Failure struct {
			Retries string `json:"retries"`
			Done    bool   `json:"done"`
			Risks   []struct {
				ID         string `json:"id"`
				Title      string `json:"title"`
				Impact     int    `json:"impact"`
				Likelihood int    `json:"likelihood"`
			} `json:"risks"`
		} `json:"failure"`
		Owner struct {
			FlowOwner string `json:"flow_owner"`
			Runbooks  string `json:"runbooks"`
			Done      bool   `json:"done"`
		} `json:"owner"`
	} `json:"flows"`
	Conflicts []struct {
		Path   string `json:"path"`
		Ours   string `json:"ours"`
		Theirs string `json:"theirs"`
	} `json:"conflicts"`
	OpenQuestions []struct {
		Flow     string `json:"flow"`
		Step     string `json:"step"`
		Question string `json:"question"`
		Ask      string `json:"ask"`
	} `json:"open_questions"`
}

// exportSession runs archreview export and decodes the JSON.
func exportSession(t *testing.T, db, session string) exported {
	t.Helper()
	out := mustRun(t, db, nil, "export", session)
	var doc exported
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("archreview export %s is not JSON: %v\n%s", session, err, out)
	}
	return doc
}

// findInStreams says where data holds want: in its bytes, or inside any
// gzip or zlib stream that starts anywhere in it; "" when nowhere.
func findInStreams(data, want []byte) string {
	if i := bytes.Index(data, want); i >= 0 {
		return fmt.Sprintf("as plain text at byte %d", i)
	}
	inflated := func(r io.Reader) bool {
		out, _ := io.ReadAll(io.LimitReader(r, 512<<20))
		return bytes.Contains(out, want)
	}
	for i := 0; i+2 < len(data); i++ {
		switch {
		case data[i] == 0x1f && data[i+1] == 0x8b && data[i+2] == 8:
			if z, err := gzip.NewReader(bytes.NewReader(data[i:])); err == nil && inflated(z) {
				return fmt.Sprintf("inside a gzip stream at byte %d", i)
			}
		case data[i] == 0x78 && (uint16(data[i])<<8|uint16(data[i+1]))%31 == 0:
			if z, err := zlib.NewReader(bytes.NewReader(data[i:])); err == nil && inflated(z) {
				return fmt.Sprintf("inside a zlib stream at byte %d", i)
			}
		}
	}
	return ""
}

// runOnTerminal is run with standard output a terminal, as the bare
// command needs (it refuses a file or a pipe): what reached the terminal
// comes back as stdout.
func runOnTerminal(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	full := append([]string{"--db", db}, args...)
	cmd := exec.CommandContext(ctx, binary, full...)
	cmd.Env = cleanEnv(t)
	cmd.Dir = t.TempDir()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("cannot open a terminal for archreview: %v", err)
	}
	defer ptmx.Close()
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = tty, &errOut
	read := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(ptmx); read <- b }()
	runErr := cmd.Run()
	tty.Close() // the reader ends once the last end of the terminal is closed
	if ctx.Err() != nil {
		t.Fatalf("archreview %s did not finish within %s", strings.Join(full, " "), commandTimeout)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(runErr, &exit):
		code = exit.ExitCode()
	case runErr != nil:
		t.Fatalf("cannot run archreview %s: %v", strings.Join(full, " "), runErr)
	}
	var out []byte
	select {
	case out = <-read:
	case <-time.After(5 * time.Second):
		t.Fatalf("the terminal archreview %s wrote to did not close", strings.Join(full, " "))
	}
	return string(out), errOut.String(), code
}
