package room

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/archreview/archreview/store/atomicfile"
	"github.com/archreview/archreview/tui"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	wishtea "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Co-facilitation over SSH: a colleague whose key the host trusts joins
// the open session with their own ssh client and gets an app of their own
// on it (tui.Floor): their own screen size, cursor, tab and undo, their
// edits on every screen within a second. Keys in --authorized-keys write;
// keys in --follow-keys follow read-only; every other key, and every
// password, is refused.

// access is who may join over SSH: each key with the name the others see
// and whether it only follows.
type access struct {
	keys []accessKey
}

type accessKey struct {
	key      gossh.PublicKey
	name     string
	readOnly bool
}

// readKeys reads an OpenSSH authorized_keys file; each key's comment, or
// the file's line, names its holder.
func readKeys(path string, readOnly bool, flag string) ([]accessKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s %s: %v", flag, path, errors.Unwrap(err))
	}
	var keys []accessKey
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s %s line %d is not an OpenSSH public key (as ssh-keygen writes them in id_ed25519.pub)", flag, path, n)
		}
		name := strings.TrimSpace(comment)
		if name == "" {
			name = "The key on line " + strconv.Itoa(n) + " of " + path
		}
		keys = append(keys, accessKey{key: k, name: name, readOnly: readOnly})
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s %s holds no key: nobody could join", flag, path)
	}
	return keys, nil
}

// find is the key's entry, writers first.
func (a *access) find(k ssh.PublicKey) (accessKey, bool) {
	for _, e := range a.keys {
		if !e.readOnly && ssh.KeysEqual(k, e.key) {
			return e, true
		}
	}
	for _, e := range a.keys {
		if ssh.KeysEqual(k, e.key) {
			return e, true
		}
	}
	return accessKey{}, false
}

// hostKey reads the host key at path, or makes one (ed25519) and keeps it
// there, 0600: a client that trusted it once trusts it next time.
func hostKey(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		if _, err := gossh.ParsePrivateKey(b); err != nil {
			return nil, fmt.Errorf("the SSH host key %s is not a private key: move it away and a new one is made", path)
		}
		return b, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot read the SSH host key %s: %v", path, errors.Unwrap(err))
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cannot make the SSH host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "archreview room host key")
	if err != nil {
		return nil, fmt.Errorf("cannot make the SSH host key: %w", err)
	}
	b := pem.EncodeToMemory(block)
	if err := atomicfile.Write(path, b); err != nil {
		return nil, fmt.Errorf("cannot keep the SSH host key: %w", err)
	}
	return b, nil
}

// listenSSHLocked takes the SSH address and reads who may join, so a port in use
// or a bad key file is said before the app starts.
func (h *Host) listenSSHLocked() error {
	if h.opts.SSH == "" || h.sshLn != nil {
		return nil
	}
	if h.opts.AuthorizedKeys == "" && h.opts.FollowKeys == "" {
		return errors.New("--ssh needs --authorized-keys FILE (or --follow-keys FILE): without keys nobody could join")
	}
	var acc access
	for _, f := range []struct {
		path, flag string
		readOnly   bool
	}{{h.opts.AuthorizedKeys, "--authorized-keys", false}, {h.opts.FollowKeys, "--follow-keys", true}} {
		if f.path == "" {
			continue
		}
		keys, err := readKeys(f.path, f.readOnly, f.flag)
		if err != nil {
			return err
		}
		acc.keys = append(acc.keys, keys...)
	}
	pemKey, err := hostKey(h.opts.HostKey)
	if err != nil {
		return err
	}
	addr, err := listenAddress(h.opts.SSH, "--ssh", "2222")
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is in use by another program; give --ssh another port", addr)
		}
		return fmt.Errorf("cannot listen on %s for SSH: %v", addr, errors.Unwrap(err))
	}
	h.sshLn, h.access, h.hostPEM = ln, &acc, pemKey
	a := ln.Addr().(*net.TCPAddr)
	h.sshCmd = "ssh -p " + strconv.Itoa(a.Port) + " " + urlHost(a)
	return nil
}

// serveSSH serves the floor over SSH on the listener taken.
func (h *Host) serveSSHLocked(floor *tui.Floor) error {
	acc := h.access
	srv, err := wish.NewServer(
		wish.WithHostKeyPEM(h.hostPEM),
		wish.WithPublicKeyAuth(func(_ ssh.Context, k ssh.PublicKey) bool {
			_, ok := acc.find(k)
			return ok
		}),
		wish.WithIdleTimeout(0),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler {
			return func(s ssh.Session) { h.guest(s, floor, acc) }
		}),
	)
	if err != nil {
		return fmt.Errorf("cannot start the SSH server: %w", err)
	}
	srv.ConnectionFailedCallback = func(net.Conn, error) {}
	h.sshSrv = srv
	h.sshServed = make(chan struct{})
	go func() {
		defer close(h.sshServed)
		_ = srv.Serve(h.sshLn)
	}()
	return nil
}

// guest runs one SSH session's app on the floor.
func (h *Host) guest(s ssh.Session, floor *tui.Floor, acc *access) {
	who, ok := acc.find(s.PublicKey())
	if !ok { // the handshake took only these keys
		_ = s.Exit(1)
		return
	}
	pty, windows, ok := s.Pty()
	if !ok {
		_, _ = io.WriteString(s.Stderr(), "archreview needs a terminal: connect with ssh -t.\r\n")
		_ = s.Exit(1)
		return
	}
	m, err := floor.Join(tui.Guest{Name: who.name, ReadOnly: who.readOnly, Opts: wishtea.MakeOptions(s), Out: s,
		Width: pty.Window.Width, Height: pty.Window.Height})
	if err != nil {
		_, _ = io.WriteString(s.Stderr(), "archreview: "+err.Error()+"\r\n")
		_ = s.Exit(1)
		return
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case w := <-windows:
				m.Resize(w.Width, w.Height)
			case <-done:
				return
			case <-s.Context().Done():
				m.Leave()
				return
			}
		}
	}()
	err = m.Run()
	close(done)
	if err != nil {
		_ = s.Exit(1)
		return
	}
	_ = s.Exit(0)
}

// closeSSH stops the SSH server once the guests were told: their clients
// are given closeWait to take the last words and hang up.
func (h *Host) closeSSH() {
	if h.sshSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), closeWait)
		if h.sshSrv.Shutdown(ctx) != nil {
			_ = h.sshSrv.Close()
		}
		cancel()
		<-h.sshServed
	} else if h.sshLn != nil {
		h.sshLn.Close()
	}
}
