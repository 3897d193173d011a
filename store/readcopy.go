package store

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Reading while the app is open. bbolt lets one process at a time open the
// file, and the app holds it for the whole workshop; yet list, export,
// diff and packs only read, and a consultant wants them meanwhile. The
// process holding the file answers them through a Unix socket beside it
// (review.db.sock, 0600): asked for a copy, it compacts its last committed
// state into a fresh file beside the database (one read transaction, so
// never a partial write, and no free pages, so no deleted text) and names
// it; the reader opens that copy read-only and removes it when it closes.
// Writers are still refused: only the process holding the file writes it.

// readsSuffix names the socket: review.db has review.db.sock beside it.
const readsSuffix = ".sock"

// readsHello is what a reader sends and readsOK what starts a good answer;
// anything else on the socket is not archreview's.
const (
	readsHello = "archreview read-copy 1\n"
	readsOK    = "ok "
)

// Bounds on the socket: how long a reader may take to ask, how long a copy
// may take to make, and how many copies may exist at once.
var (
	readsAskTimeout  = 2 * time.Second
	readsCopyTimeout = 60 * time.Second
)

const readsAtOnce = 4

// copyName is the name of a copy beside the database: hidden, and of the
// shape clearLeftovers removes, so one a killed reader left goes with the
// next writer's open.
func copyName(real string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	n := uint64(0)
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return fmt.Sprintf(".%s.read.tmp%d", filepath.Base(real), n)
}

// Reads is the socket a store answers readers through; Stop ends it.
type Reads struct {
	ln     net.Listener
	path   string
	wg     sync.WaitGroup
	slots  chan struct{}
	mu     sync.Mutex
	conns  map[net.Conn]string // each reader's copy, by its connection
	closed bool
}

// ServeReads answers readers of this store's file through the socket
// beside it until Stop. It is for the process that holds the file for
// writing; a socket a killed process left there is replaced. A folder
// that cannot hold a socket (a path too long for one, a read-only folder)
// is an error, and readers are then refused as before.
func (s *Store) ServeReads() (*Reads, error) {
	if s.readOnly {
		return nil, errors.New("a read-only store cannot answer readers")
	}
	path := s.real + readsSuffix
	_ = os.Remove(path) // the lock is ours: whatever is there is stale
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("cannot answer readers of %s: %w", s.path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("cannot answer readers of %s: %w", s.path, err)
	}
	if ul, ok := ln.(*net.UnixListener); ok {
		ul.SetUnlinkOnClose(true)
	}
	r := &Reads{ln: ln, path: path, slots: make(chan struct{}, readsAtOnce), conns: map[net.Conn]string{}}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			r.wg.Add(1)
			go func() {
				defer r.wg.Done()
				r.answer(s, conn)
			}()
		}
	}()
	return r, nil
}

// Stop closes the socket, ends every reader's connection and removes
// their copies; a reader that still has its copy open reads on, since its
// file stays until it closes it.
func (r *Reads) Stop() {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.closed = true
	for c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.ln.Close()
	_ = os.Remove(r.path)
	r.wg.Wait()
}

// answer makes one reader its copy, names it, and removes it once the
// reader hangs up.
func (r *Reads) answer(s *Store, conn net.Conn) {
	defer conn.Close()
	if !r.track(conn, "") {
		return
	}
	defer r.untrack(conn)
	_ = conn.SetDeadline(time.Now().Add(readsAskTimeout))
	hello, err := bufio.NewReaderSize(conn, 64).ReadString('\n')
	if err != nil || hello != readsHello {
		return
	}
	select {
	case r.slots <- struct{}{}:
		defer func() { <-r.slots }()
	default:
		fmt.Fprintln(conn, "busy: too many readers at once; try again")
		return
	}
	_ = conn.SetDeadline(time.Now().Add(readsCopyTimeout))
	name := copyName(s.real)
	copyPath := filepath.Join(filepath.Dir(s.real), name)
	defer os.Remove(copyPath)
	if err := s.writeCopy(copyPath); err != nil {
		fmt.Fprintln(conn, "error: "+firstLineOf(err.Error()))
		return
	}
	if !r.track(conn, copyPath) {
		return
	}
	if _, err := fmt.Fprintln(conn, readsOK+name); err != nil {
		return
	}
	// The reader holds the line open while it reads the copy; its end,
	// or Stop, is the copy's end.
	_ = conn.SetDeadline(time.Time{})
	var b [1]byte
	for {
		if _, err := conn.Read(b[:]); err != nil {
			return
		}
	}
}

func (r *Reads) track(conn net.Conn, copyPath string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.conns[conn] = copyPath
	return true
}

func (r *Reads) untrack(conn net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.conns, conn)
}

// writeCopy compacts the store's last committed state into a new file at
// path, 0600.
func (s *Store) writeCopy(path string) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil || s.wedged {
		return errors.New("the database is closed")
	}
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout, NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return err
	}
	err = compactCopy(dst, s.db)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// openThroughHolder opens, read-only, a copy of the database at real that
// the process holding it makes for this reader; ok is false when no
// process answers on the socket beside it (none is there, or it is not
// archreview's), and the caller then refuses as before.
func openThroughHolder(path, real string) (s *Store, ok bool, err error) {
	conn, err := net.DialTimeout("unix", real+readsSuffix, readsAskTimeout)
	if err != nil {
		return nil, false, nil
	}
	keep := false
	defer func() {
		if !keep {
			conn.Close()
		}
	}()
	_ = conn.SetDeadline(time.Now().Add(readsAskTimeout + readsCopyTimeout))
	if _, err := conn.Write([]byte(readsHello)); err != nil {
		return nil, false, nil
	}
	line, err := bufio.NewReaderSize(conn, 256).ReadString('\n')
	if err != nil {
		return nil, false, nil
	}
	line = strings.TrimSuffix(line, "\n")
	name, good := strings.CutPrefix(line, readsOK)
	if !good {
		if why, isErr := strings.CutPrefix(line, "error: "); isErr {
			return nil, true, fmt.Errorf("%s is open in another archreview, which could not copy it for reading: %s", path, why)
		}
		if why, busy := strings.CutPrefix(line, "busy: "); busy {
			return nil, true, fmt.Errorf("%s is open in another archreview, which is busy with other readers (%s)", path, why)
		}
		return nil, false, nil
	}
	prefix := "." + filepath.Base(real) + ".read.tmp"
	if name != filepath.Base(name) || !strings.HasPrefix(name, prefix) {
		return nil, false, nil
	}
	_ = conn.SetDeadline(time.Time{})
	copyPath := filepath.Join(filepath.Dir(real), name)
	s = &Store{path: path, real: copyPath, readOnly: true, suspect: make(map[string]bool), lock: &fileLock{}}
	db, err := s.openBolt()
	if err != nil {
		os.Remove(copyPath)
		return nil, true, classifyOpenError(path, err)
	}
	s.db = db
	s.after = func() {
		_ = os.Remove(copyPath)
		conn.Close()
	}
	keep = true
	return s, true, nil
}
