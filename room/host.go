// Package room is the host of a live session: the web room view the people
// in the room follow on their own screens (standard library net/http and
// Server-Sent Events), started by `archreview room` or by `w` in the app.
//
// The host never reads the app's live document. It listens to the
// workspace's changes and the facilitator's moves (tui.RoomSource), waits
// for a quiet moment, asks the app for a copy of the session (made on the
// app's goroutine) and renders that copy, under the presenter rules (no
// private notes, credentials redacted), once for every viewer. A viewer
// that does not keep up is dropped; none can slow the facilitator's typing.
//
// It imports tui (the app it shares), model, model/report and
// store/atomicfile; it must not import the store: the app owns the file.
// Beside the web view it serves the app itself over SSH (ssh.go): each
// guest an app of its own on the host's session, through tui.Floor.
package room

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/archreview/archreview/store/atomicfile"
	"github.com/archreview/archreview/tui"

	"github.com/charmbracelet/ssh"
	"github.com/go-json-experiment/json"
)

// Options configure a host.
type Options struct {
	// Web is the address the web view listens on; "" is 127.0.0.1 on a
	// free port. A host left out (":8080") is 127.0.0.1 too: the room is
	// reachable from the LAN only when a LAN address (or 0.0.0.0) is given.
	Web string
	// RoomFile, when set, is where the room's addresses are written for
	// scripts, 0600, and removed when the host closes.
	RoomFile string
	// Debounce is how long the host waits after a change for the next one
	// before it asks for a copy; 0 is DefaultDebounce.
	Debounce time.Duration
	// MaxViewers bounds the web clients following at once; 0 is
	// DefaultMaxViewers.
	MaxViewers int
	// SSH, when set, is the address colleagues join the session on over
	// SSH (ssh.go), 127.0.0.1 unless a host is given; AuthorizedKeys
	// (OpenSSH authorized_keys) are the keys that may write, FollowKeys
	// those that follow read-only. HostKey is the host key's file, made
	// (ed25519, 0600) when it is not there.
	SSH            string
	AuthorizedKeys string
	FollowKeys     string
	HostKey        string
}

// DefaultDebounce lets a burst of typing be one copy, and leaves the page
// well within a second of the change.
const DefaultDebounce = 150 * time.Millisecond

// DefaultMaxViewers is far more than a room holds; past it a viewer is
// told the room is full.
const DefaultMaxViewers = 2048

// Host serves one app's open session to the room.
type Host struct {
	opts  Options
	token string

	mu      sync.Mutex
	ln      net.Listener
	srv     *http.Server
	url     string
	started bool
	closed  bool
	stop    chan struct{}
	loop    sync.WaitGroup
	served  chan struct{}

	hub   *hub
	views *viewCache

	// SSH (ssh.go): the listener, who may join, the host key, the
	// command that joins, and the server once sharing.
	sshLn     net.Listener
	access    *access
	hostPEM   []byte
	sshCmd    string
	sshSrv    *ssh.Server
	sshServed chan struct{}
}

// New makes a host with a fresh token; nothing listens until Listen or
// Share.
func New(opts Options) (*Host, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxViewers <= 0 {
		opts.MaxViewers = DefaultMaxViewers
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	h := &Host{opts: opts, token: token, stop: make(chan struct{}), served: make(chan struct{})}
	h.hub = newHub(opts.MaxViewers)
	h.views = &viewCache{}
	return h, nil
}

// newToken is 128 random bits, as the URL carries them.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("cannot make the room's token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// Listen takes the web address, so a port in use is said before the app
// starts; Share listens itself when Listen was not called.
func (h *Host) Listen() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.listenLocked()
}

func (h *Host) listenLocked() error {
	if err := h.listenSSHLocked(); err != nil {
		return err
	}
	if h.ln != nil {
		return nil
	}
	addr, err := webAddress(h.opts.Web)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is in use by another program; give --web another port, or leave it out for a free one", addr)
		}
		return fmt.Errorf("cannot listen on %s for the web room: %v", addr, errors.Unwrap(err))
	}
	h.ln = ln
	h.url = "http://" + net.JoinHostPort(urlHost(ln.Addr().(*net.TCPAddr)), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + "/" + h.token + "/"
	return nil
}

// webAddress is the address to listen on: 127.0.0.1 unless a host is
// given, a free port unless one is.
func webAddress(given string) (string, error) {
	if given == "" {
		return "127.0.0.1:0", nil
	}
	return listenAddress(given, "--web", "8080")
}

// listenAddress is given with 127.0.0.1 for a host left out and a free
// port for a port left out; flag and an example port word the error.
func listenAddress(given, flag, port string) (string, error) {
	host, p, err := net.SplitHostPort(given)
	if err != nil {
		return "", fmt.Errorf("%s %s is not an address; give HOST:PORT, e.g. 127.0.0.1:%s or 192.168.1.20:%s", flag, given, port, port)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if p == "" {
		p = "0"
	}
	return net.JoinHostPort(host, p), nil
}

// urlHost is the host a phone in the room reaches the address by: the
// machine's first LAN address when every interface was asked for.
func urlHost(a *net.TCPAddr) string {
	if !a.IP.IsUnspecified() {
		return a.IP.String()
	}
	addrs, _ := net.InterfaceAddrs()
	for _, ad := range addrs {
		if n, ok := ad.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return "127.0.0.1"
}

// URL is the web view's address with its token, once listening.
func (h *Host) URL() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.url
}

// Token is the room's token.
func (h *Host) Token() string { return h.token }

// Share serves the app's session to the room (tui.Sharer): it listens if
// it has not, follows src from now on and writes the room file. A second
// call gives the same room.
func (h *Host) Share(src tui.RoomSource) (tui.Room, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return tui.Room{}, errors.New("the room has closed")
	}
	if h.started {
		return tui.Room{Web: h.url, SSH: h.sshCmd}, nil
	}
	if err := h.listenLocked(); err != nil {
		return tui.Room{}, err
	}
	if h.sshLn != nil {
		fs, ok := src.(interface{ Floor() *tui.Floor })
		if !ok {
			return tui.Room{}, errors.New("this app cannot be shared over SSH")
		}
		if err := h.serveSSHLocked(fs.Floor()); err != nil {
			return tui.Room{}, err
		}
	}
	if err := h.writeRoomFile(); err != nil {
		return tui.Room{}, err
	}
	h.started = true
	h.srv = &http.Server{
		Handler:           h.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          quietLog(),
	}
	go func() {
		defer close(h.served)
		_ = h.srv.Serve(h.ln)
	}()
	changes, cancel := src.Subscribe()
	h.loop.Add(1)
	go func() {
		defer h.loop.Done()
		defer cancel()
		h.follow(src, changes)
	}()
	return tui.Room{Web: h.url, SSH: h.sshCmd}, nil
}

// roomFile is what --room-file holds.
type roomFile struct {
	Web   string `json:"web"`
	SSH   string `json:"ssh"`
	Token string `json:"token"`
}

func (h *Host) writeRoomFile() error {
	if h.opts.RoomFile == "" {
		return nil
	}
	b, err := json.Marshal(roomFile{Web: h.url, SSH: h.sshCmd, Token: h.token})
	if err != nil {
		return err
	}
	if err := atomicfile.Write(h.opts.RoomFile, append(b, '\n')); err != nil {
		return fmt.Errorf("cannot write the room file %s: %w", h.opts.RoomFile, err)
	}
	return nil
}

// closeWait bounds how long closing waits for viewers to be told: the
// whole close stays well within a second.
const closeWait = 300 * time.Millisecond

// Close tells every viewer the session has ended, stops the servers and
// removes the room file. It is safe to call more than once, and on a host
// that never started.
func (h *Host) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	started, ln, srv := h.started, h.ln, h.srv
	h.mu.Unlock()
	close(h.stop)
	h.loop.Wait()
	if started {
		h.hub.end(closeWait)
		ctx, cancel := context.WithTimeout(context.Background(), closeWait)
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		cancel()
		<-h.served
	} else if ln != nil {
		ln.Close()
	}
	h.closeSSH()
	if h.opts.RoomFile != "" && started {
		_ = os.Remove(h.opts.RoomFile)
	}
}
