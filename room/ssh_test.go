package room

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/tui"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// newKey is a key pair; its public half is an authorized_keys line naming
// holder.
func newKey(t *testing.T, holder string) (gossh.Signer, []byte) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := gossh.NewPublicKey(pub)
	signer, _ := gossh.NewSignerFromKey(priv)
	line := bytes.TrimSpace(gossh.MarshalAuthorizedKey(sp))
	return signer, append(append(line, ' '), holder+"\n"...)
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// runningApp is the app on the demo session in a program of its own.
func runningApp(t *testing.T) *tui.App {
	t.Helper()
	app := appOn(t, model.Demo(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)), "test")
	m := keyTimed{app: app, done: make(chan string, 64)}
	go func() {
		for range m.done {
		}
	}()
	p := runHeadless(t, app, m)
	p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	waitFor(t, "the session to open", func() bool {
		s, err := app.Snapshot(context.Background())
		return err == nil && s.Doc != nil
	})
	return app
}

type screenBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *screenBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *screenBuffer) has(want string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Contains(s.b.String(), want)
}

// dial connects with auth, trusting the host key it is shown (kept in
// *seen).
func dial(addr string, seen *gossh.PublicKey, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "guest", Auth: auth, Timeout: 5 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error { *seen = k; return nil }})
}

// join opens a terminal session and waits for its screen to show want.
func join(t *testing.T, c *gossh.Client, want string) *screenBuffer {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var out screenBuffer
	s.Stdout, s.Stderr = &out, &out
	if err := s.RequestPty("xterm-256color", 30, 100, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the guest's screen to show "+want, func() bool { return out.has(want) })
	return &out
}

func TestSSHTakesItsKeysOnly(t *testing.T) {
	dir := t.TempDir()
	ana, anaLine := newKey(t, "Ana")
	ben, benLine := newKey(t, "Ben")
	eve, _ := newKey(t, "Eve")
	hostKeyFile := filepath.Join(dir, "review.db.ssh_host_ed25519_key")
	h, err := New(Options{SSH: "127.0.0.1:0", AuthorizedKeys: writeFile(t, dir, "writers", anaLine),
		FollowKeys: writeFile(t, dir, "followers", benLine), HostKey: hostKeyFile})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	app := runningApp(t)
	var room tui.Room
	waitFor(t, "the room to start", func() bool {
		room, err = h.Share(app)
		return err == nil
	})
	addr := h.sshLn.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	if room.SSH != "ssh -p "+port+" 127.0.0.1" {
		t.Fatalf("the room says %q", room.SSH)
	}
	if fi, err := os.Stat(hostKeyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the host key: %v %v", fi, err)
	}

	var seen gossh.PublicKey
	if c, err := dial(addr, &seen, gossh.PublicKeys(eve)); err == nil {
		c.Close()
		t.Fatal("a key in neither file was let in")
	}
	if c, err := dial(addr, &seen, gossh.Password("guess")); err == nil {
		c.Close()
		t.Fatal("a password was let in")
	}
	writer, err := dial(addr, &seen, gossh.PublicKeys(ana))
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	first := seen
	join(t, writer, "You share this session with the host")
	follower, err := dial(addr, &seen, gossh.PublicKeys(ben))
	if err != nil {
		t.Fatal(err)
	}
	defer follower.Close()
	join(t, follower, "read-only")
	waitFor(t, "two guests", func() bool { return app.Floor().Guests() == 2 })

	// The host key is made once: the next room shows the same.
	if b, _ := os.ReadFile(hostKeyFile); !bytes.Contains(b, []byte("PRIVATE KEY")) {
		t.Fatal("the host key file holds no private key")
	}
	again, err := hostKey(hostKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(again)
	if err != nil || !bytes.Equal(signer.PublicKey().Marshal(), first.Marshal()) {
		t.Fatal("the host key changed from one room to the next")
	}
}

func TestSSHRefusesBadSetupInOneLine(t *testing.T) {
	dir := t.TempDir()
	_, line := newKey(t, "Ana")
	keys := writeFile(t, dir, "keys", line)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	hk := filepath.Join(dir, "hk")
	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"no keys", Options{SSH: "127.0.0.1:0", HostKey: hk}, "--ssh needs --authorized-keys FILE"},
		{"a port in use", Options{SSH: busy.Addr().String(), AuthorizedKeys: keys, HostKey: hk}, busy.Addr().String() + " is in use by another program"},
		{"not an address", Options{SSH: "2222", AuthorizedKeys: keys, HostKey: hk}, "--ssh 2222 is not an address"},
		{"not a key", Options{SSH: "127.0.0.1:0", AuthorizedKeys: writeFile(t, dir, "bad", []byte("# team\nssh-ed25519 nonsense Eve\n")), HostKey: hk}, "line 2 is not an OpenSSH public key"},
		{"no key in the file", Options{SSH: "127.0.0.1:0", AuthorizedKeys: writeFile(t, dir, "empty", []byte("# nobody yet\n")), HostKey: hk}, "holds no key"},
		{"a missing file", Options{SSH: "127.0.0.1:0", FollowKeys: filepath.Join(dir, "absent"), HostKey: hk}, "cannot read --follow-keys"},
		{"a host key that is not one", Options{SSH: "127.0.0.1:0", AuthorizedKeys: keys, HostKey: writeFile(t, dir, "garbage", []byte("not a key"))}, "is not a private key"},
	} {
		h, err := New(c.opts)
		if err != nil {
			t.Fatal(err)
		}
		err = h.Listen()
		h.Close()
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want one line with %q", c.name, err, c.want)
		}
	}
}
