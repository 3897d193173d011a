// Package store keeps archreview sessions in one local bbolt file: opening it
// safely (lock, read-only check in a child process, migrations), loading and
// saving sessions flow by flow, and writing exports atomically.
//
// It imports model and bbolt; it must not import the TUI or Bubble Tea. Every
// method is safe to call from concurrent tea.Cmds.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"

	"archreview/model"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The file's layout:
//
//	archreview/            meta: app marker, schema version
//	sessions/<session id>/ session, systems, questions, flow_order
//	    flows/<flow id>    one flow's JSON, so saving an answer writes one flow
//	    steps/<flow id>    one byte of done-step bits, so listing is cheap
var (
	bucketMeta     = []byte("archreview")
	bucketSessions = []byte("sessions")
	bucketFlows    = []byte("flows")
	bucketSteps    = []byte("steps")

	keyApp       = []byte("app")
	keySchema    = []byte("schema")
	keySession   = []byte("session")
	keySystems   = []byte("systems")
	keyQuestions = []byte("questions")
	keyFlowOrder = []byte("flow_order")
	// keyCompactDue in meta marks a file written since its last compaction.
	keyCompactDue = []byte("compact_due")
)

const appMarker = "archreview"

// Store is an open archreview database.
type Store struct {
	path string // as the user gave it, for messages
	real string // links followed: every file of the store lives beside it
	lock *fileLock
	mu   sync.RWMutex // guards db, which Compact replaces, and what follows
	db   *bolt.DB
	// Notices are things the user should know about the file, found while
	// opening it, such as permissions that were tightened.
	Notices  []string
	readOnly bool
	written  bool // saved to since it was opened or last compacted

	// What the file looked like after the store's last commit, so a file
	// swapped or written over underneath is noticed before the next save.
	file     *os.File // bbolt's own descriptor
	pageSize int
	txid     uint64
	size     int64

	gmu    sync.Mutex
	broken error // set once: the store never touches its file again
	// wedged is set when bbolt panicked inside a write: its own locks may
	// still be held, so not even Close may call into it.
	wedged bool
}

// Open opens the database at path for reading and writing, creating it
// (folder 0700, file 0600) if it does not exist. An existing file is checked
// read-only in a child process first; a file that is in use, not an
// archreview database, damaged or of a newer schema is refused with an
// *OpenError and left byte-for-byte as it was. An older schema is migrated
// in one transaction after a backup.
func Open(path string) (*Store, error) { return open(path, false) }

// OpenReadOnly opens an existing database without writing a byte to it, for
// commands that only read (list, export). A missing file is an error rather
// than a new empty database.
func OpenReadOnly(path string) (*Store, error) { return open(path, true) }

func open(path string, readOnly bool) (*Store, error) {
	real, err := resolve(path)
	if err != nil {
		return nil, err
	}
	switch _, err := os.Stat(real); {
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return nil, fmt.Errorf("%s does not exist; create a session with archreview new, or check --db", path)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder for %s: %w", path, err)
		}
	}
	// The lock comes first: what is checked and opened below is then the
	// file no other archreview can replace until this one lets go.
	lock, err := lockDatabase(real, !readOnly)
	if err != nil {
		if oe, ok := err.(*OpenError); ok {
			oe.Path = path
		}
		return nil, err
	}
	s, err := openLocked(path, real, readOnly)
	if err != nil {
		lock.release()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

func openLocked(path, real string, readOnly bool) (*Store, error) {
	clearLeftovers(real)
	info, err := os.Stat(real)
	switch {
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return nil, fmt.Errorf("%s does not exist; create a session with archreview new, or check --db", path)
	case errors.Is(err, fs.ErrNotExist):
	case errors.Is(err, fs.ErrPermission):
		return nil, &OpenError{Path: path, Kind: KindPermission}
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	case info.IsDir():
		return nil, fmt.Errorf("%s is a folder; give the path of a database file", path)
	case !info.Mode().IsRegular():
		return nil, &OpenError{Path: path, Kind: KindNotDatabase}
	case info.Size() == 0:
		return nil, &OpenError{Path: path, Kind: KindEmpty}
	default:
		version, err := checkInChild(real)
		if err != nil {
			if oe, ok := err.(*OpenError); ok {
				oe.Path = path
			}
			return nil, err
		}
		if readOnly && version < CurrentSchema() {
			return nil, fmt.Errorf("%s needs an upgrade to this version of archreview; open it once with archreview (no command) to upgrade it", path)
		}
	}
	var notices []string
	if info != nil && info.Mode().Perm()&0o077 != 0 {
		// Client notes must not be readable by other accounts; tighten
		// rather than refuse, so a copied file still opens.
		if err := os.Chmod(real, 0o600); err != nil {
			return nil, fmt.Errorf("%s can be read by other users and its permissions cannot be changed (%v); run chmod 600 on it", path, err)
		}
		notices = append(notices, fmt.Sprintf("%s could be read by other users (mode %04o); it is now 0600", path, info.Mode().Perm()))
	}

	s := &Store{path: path, real: real, Notices: notices, readOnly: readOnly}
	db, err := s.openBolt()
	if err != nil {
		return nil, classifyOpenError(path, err)
	}
	s.db = db
	if readOnly {
		return s, nil
	}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	s.noteFile() // stamping a new file and migrating write outside update
	if s.compactDue() {
		// The last writer died before it could compact: text it deleted
		// or typed over may still be in free pages. Finish its work; if
		// that fails the mark stays, and the next open tries again.
		_ = s.Compact()
	}
	return s, nil
}

// openBolt opens the real file with bbolt, keeping bbolt's descriptor and
// the committed transaction id so later saves can tell the file is still
// the one opened here.
func (s *Store) openBolt() (*bolt.DB, error) {
	var file *os.File
	hook := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	db, err := bolt.Open(s.real, 0o600, &bolt.Options{Timeout: lockTimeout, FreelistType: bolt.FreelistMapType, ReadOnly: s.readOnly, OpenFile: hook})
	if err != nil {
		return nil, err
	}
	s.file, s.pageSize = file, db.Info().PageSize
	s.noteFile()
	return db, nil
}

// Path is the database file's path as given to Open.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock. A file saved to since it was opened
// is compacted first, so text that was typed over or deleted does not stay
// readable in bbolt's free pages after the session. A store that stopped
// using its file leaves whatever is at the path alone.
func (s *Store) Close() error {
	defer s.lock.release()
	s.mu.Lock()
	written := s.written && s.db != nil
	s.mu.Unlock()
	if written && s.Broken() == nil {
		_ = s.Compact() // best effort: the answers are already committed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	if s.wedged {
		// bbolt may hold its own locks forever: closing its descriptor
		// is all that is safe, and it lets the next archreview in.
		s.file.Close()
		s.db = nil
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return errors.New("the database is closed")
	}
	if s.wedged {
		return s.Broken()
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.unreadable(&err, false)
	return s.db.View(fn)
}

// update runs fn in a write transaction on the file the store opened, after
// checking it is still that file. leavesText says the write removes or
// replaces text, which stays in free pages until a compaction: the file is
// marked so, in the same transaction, and the next open compacts it if this
// process dies before it can.
func (s *Store) update(leavesText bool, fn func(tx *bolt.Tx) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return errors.New("the database is closed")
	}
	if err := s.checkFile(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.unreadable(&err, true)
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if leavesText && !s.written {
			return tx.Bucket(bucketMeta).Put(keyCompactDue, []byte("1"))
		}
		return nil
	})
	s.noteFile()
	if err == nil {
		s.written = s.written || leavesText
	}
	return err
}

// unreadable turns a panic or a memory fault while bbolt reads the file into
// an error naming it. The check at open reads every page, but damage it
// cannot see (a garbled length inside a small nested bucket) makes bbolt
// panic, or fault on the mapped file, only when that part is read; the app
// keeps running with the answers it holds. The store stops writing to the
// file from then on; after a panic inside a write, when bbolt's own locks
// may be left held, it stops reading too.
// Deferred in view and update, it covers just the transaction's goroutine.
func (s *Store) unreadable(err *error, writing bool) {
	if r := recover(); r != nil {
		broken := s.breakWith("could not be read (it is damaged, or another program changed it)")
		if writing {
			s.wedged = true
			*err = broken
			return
		}
		*err = &OpenError{Path: s.path, Kind: KindDamaged, Detail: "part of it cannot be read"}
	}
}

// compactDue reports whether the file is marked as holding removed text
// that no compaction has cleared yet.
func (s *Store) compactDue() bool {
	due := false
	_ = s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			due = meta.Get(keyCompactDue) != nil
		}
		return nil
	})
	return due
}

// prepare stamps a new file and migrates an older one.
func (s *Store) prepare() error {
	var version int
	_ = s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			version, _ = strconv.Atoi(string(meta.Get(keySchema)))
		}
		return nil
	})
	if version == CurrentSchema() {
		return nil // nothing to write: opening never changes a current file
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			// Only a brand-new file gets here: existing ones were checked.
			meta, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			if _, err := tx.CreateBucket(bucketSessions); err != nil {
				return err
			}
			if err := meta.Put(keyApp, []byte(appMarker)); err != nil {
				return err
			}
			version = CurrentSchema()
			return meta.Put(keySchema, []byte(strconv.Itoa(version)))
		}
		version, _ = strconv.Atoi(string(meta.Get(keySchema)))
		return nil
	})
	if err != nil {
		return fmt.Errorf("cannot initialise %s: %w", s.path, err)
	}
	if version < CurrentSchema() {
		return s.migrate(version)
	}
	return nil
}

// SessionInfo is what the session list shows without loading every answer.
type SessionInfo struct {
	model.Session
	Flows      int
	StepsDone  int
	StepsTotal int
}

// List returns every session, newest date first, then by name.
func (s *Store) List() ([]SessionInfo, error) {
	var out []SessionInfo
	err := s.view(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		return sessions.ForEachBucket(func(id []byte) error {
			b := sessions.Bucket(id)
			var info SessionInfo
			if err := unmarshal(b.Get(keySession), &info.Session); err != nil {
				return fmt.Errorf("session %s: %w", id, err)
			}
			if steps := b.Bucket(bucketSteps); steps != nil {
				_ = steps.ForEach(func(_, v []byte) error {
					info.Flows++
					if len(v) == 1 {
						for bit := range len(model.Steps) {
							if v[0]&(1<<bit) != 0 {
								info.StepsDone++
							}
						}
					}
					return nil
				})
			}
			info.StepsTotal = info.Flows * len(model.Steps)
			out = append(out, info)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

// Resolve finds the session a person means: an exact id, an exact name
// (ignoring case), or a prefix of one id or name that matches nothing else.
func (s *Store) Resolve(ref string) (SessionInfo, error) {
	list, err := s.List()
	if err != nil {
		return SessionInfo{}, err
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return SessionInfo{}, errors.New("name a session by its id or name; archreview list shows them")
	}
	var byName, byPrefix []SessionInfo
	for _, si := range list {
		if si.ID == ref {
			return si, nil
		}
		if strings.EqualFold(si.Name, ref) {
			byName = append(byName, si)
		}
		if strings.HasPrefix(si.ID, ref) || strings.HasPrefix(strings.ToLower(si.Name), strings.ToLower(ref)) {
			byPrefix = append(byPrefix, si)
		}
	}
	for _, candidates := range [][]SessionInfo{byName, byPrefix} {
		switch len(candidates) {
		case 0:
			continue
		case 1:
			return candidates[0], nil
		default:
			ids := make([]string, len(candidates))
			for i, c := range candidates {
				ids[i] = c.ID
			}
			return SessionInfo{}, fmt.Errorf("%q matches %d sessions (%s); use the id", ref, len(candidates), strings.Join(ids, ", "))
		}
	}
	return SessionInfo{}, notFoundf("no session matches %q; archreview list shows them", ref)
}

// Load reads a whole session.
func (s *Store) Load(sessionID string) (*model.Document, error) {
	var doc *model.Document
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is not in %s", sessionID, s.path)
		}
		var err error
		doc, err = loadSession(b)
		return err
	})
	return doc, err
}

func loadSession(b *bolt.Bucket) (*model.Document, error) {
	doc := &model.Document{Schema: model.SchemaID}
	if err := unmarshal(b.Get(keySession), &doc.Session); err != nil {
		return nil, fmt.Errorf("session record: %w", err)
	}
	if err := unmarshalOptional(b.Get(keySystems), &doc.Systems); err != nil {
		return nil, fmt.Errorf("systems: %w", err)
	}
	if err := unmarshalOptional(b.Get(keyQuestions), &doc.OpenQuestions); err != nil {
		return nil, fmt.Errorf("open questions: %w", err)
	}
	var order []string
	if err := unmarshalOptional(b.Get(keyFlowOrder), &order); err != nil {
		return nil, fmt.Errorf("flow order: %w", err)
	}
	flows := b.Bucket(bucketFlows)
	if flows == nil {
		return nil, errors.New("the flows bucket is missing")
	}
	doc.Flows = make([]model.Flow, 0, len(order))
	placed := make(map[string]bool, len(order))
	for _, id := range order {
		v := flows.Get([]byte(id))
		if v == nil || placed[id] {
			continue
		}
		var f model.Flow
		if err := unmarshal(v, &f); err != nil {
			return nil, fmt.Errorf("flow %s: %w", id, err)
		}
		placed[id] = true
		doc.Flows = append(doc.Flows, f)
	}
	// A flow missing from the order is still the client's answer: keep it.
	err := flows.ForEach(func(k, v []byte) error {
		if placed[string(k)] {
			return nil
		}
		var f model.Flow
		if err := unmarshal(v, &f); err != nil {
			return fmt.Errorf("flow %s: %w", k, err)
		}
		doc.Flows = append(doc.Flows, f)
		return nil
	})
	return doc, err
}

// Create stores a new session, such as an import or the demo. It refuses a
// session whose id is already stored.
func (s *Store) Create(doc *model.Document) error {
	return s.update(false, func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		if b := sessions.Bucket([]byte(doc.Session.ID)); b != nil {
			var existing model.Session
			_ = unmarshal(b.Get(keySession), &existing)
			return &ExistsError{ID: doc.Session.ID, Name: existing.Name}
		}
		return writeSession(sessions, doc)
	})
}

// Replace stores a session in place of the one with the same id, if any.
func (s *Store) Replace(doc *model.Document) error {
	err := s.update(true, func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		if sessions.Bucket([]byte(doc.Session.ID)) != nil {
			if err := sessions.DeleteBucket([]byte(doc.Session.ID)); err != nil {
				return err
			}
		}
		return writeSession(sessions, doc)
	})
	if err != nil {
		return err
	}
	return s.Compact()
}

func writeSession(sessions *bolt.Bucket, doc *model.Document) error {
	b, err := sessions.CreateBucket([]byte(doc.Session.ID))
	if err != nil {
		return err
	}
	if _, err := b.CreateBucket(bucketFlows); err != nil {
		return err
	}
	if _, err := b.CreateBucket(bucketSteps); err != nil {
		return err
	}
	order := make([]string, len(doc.Flows))
	for i, f := range doc.Flows {
		order[i] = f.ID
	}
	_, err = applyChanges(b, Changes{
		Session:   &doc.Session,
		Systems:   doc.Systems,
		Questions: doc.OpenQuestions,
		Flows:     doc.Flows,
		FlowOrder: order,
		Whole:     true,
	})
	return err
}

// Changes is what one save writes, in one transaction. Nil lists are left as
// they are unless Whole is set; an empty non-nil list clears.
type Changes struct {
	Session      *model.Session
	Systems      []model.System       // the whole list, when not nil
	Questions    []model.OpenQuestion // the whole list, when not nil
	Flows        []model.Flow         // written one key each
	DeletedFlows []string
	FlowOrder    []string // the whole order, when not nil
	// PruneFlows deletes every stored flow not in FlowOrder, so a save of the
	// whole session also carries its deletions.
	PruneFlows bool
	Whole      bool // write Systems, Questions and FlowOrder even if nil
	// Compact rewrites the file after the save, because text removed from
	// the session (a deleted risk or system) stays in bbolt's free pages.
	Compact bool
}

// Empty reports whether the changes would write nothing.
func (c Changes) Empty() bool {
	return c.Session == nil && c.Systems == nil && c.Questions == nil && len(c.Flows) == 0 &&
		len(c.DeletedFlows) == 0 && c.FlowOrder == nil && !c.Whole && !c.Compact
}

// Save writes the changes to one session in one transaction, synced to disk
// before it returns.
func (s *Store) Save(sessionID string, c Changes) error {
	if c.Empty() {
		return nil
	}
	var removed int
	err := s.update(true, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is no longer in %s", sessionID, s.path)
		}
		var err error
		removed, err = applyChanges(b, c)
		return err
	})
	if IsDetached(err) {
		return err
	}
	if err != nil {
		return fmt.Errorf("saving to %s failed: %w", s.path, err)
	}
	if removed > 0 || c.Compact {
		return s.Compact()
	}
	return nil
}

// applyChanges writes the changes into a session's bucket and says how many
// flows it deleted.
func applyChanges(b *bolt.Bucket, c Changes) (int, error) {
	put := func(key []byte, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return b.Put(key, data)
	}
	count := 0
	if c.Session != nil {
		if err := put(keySession, c.Session); err != nil {
			return count, err
		}
	}
	if c.Systems != nil || c.Whole {
		if err := put(keySystems, nonNil(c.Systems)); err != nil {
			return count, err
		}
	}
	if c.Questions != nil || c.Whole {
		if err := put(keyQuestions, nonNil(c.Questions)); err != nil {
			return count, err
		}
	}
	if c.FlowOrder != nil || c.Whole {
		if err := put(keyFlowOrder, nonNil(c.FlowOrder)); err != nil {
			return count, err
		}
	}
	flows, steps := b.Bucket(bucketFlows), b.Bucket(bucketSteps)
	deleted := c.DeletedFlows
	if c.PruneFlows && c.FlowOrder != nil {
		keep := make(map[string]bool, len(c.FlowOrder))
		for _, id := range c.FlowOrder {
			keep[id] = true
		}
		_ = flows.ForEach(func(k, _ []byte) error {
			if !keep[string(k)] {
				deleted = append(deleted, string(k))
			}
			return nil
		})
	}
	for _, id := range deleted {
		if flows.Get([]byte(id)) != nil {
			count++
		}
		if err := flows.Delete([]byte(id)); err != nil {
			return count, err
		}
		if err := steps.Delete([]byte(id)); err != nil {
			return count, err
		}
	}
	for i := range c.Flows {
		f := &c.Flows[i]
		data, err := json.Marshal(f)
		if err != nil {
			return count, err
		}
		if err := flows.Put([]byte(f.ID), data); err != nil {
			return count, err
		}
		if err := steps.Put([]byte(f.ID), []byte{doneBits(f)}); err != nil {
			return count, err
		}
	}
	return count, nil
}

func doneBits(f *model.Flow) byte {
	var bits byte
	for i, st := range model.Steps {
		if f.StepDone(st) {
			bits |= 1 << i
		}
	}
	return bits
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// DeleteSession removes a session and compacts the file, because bbolt
// leaves deleted pages readable until they are reused.
func (s *Store) DeleteSession(sessionID string) error {
	err := s.update(true, func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketSessions).DeleteBucket([]byte(sessionID))
		if errors.Is(err, berrors.ErrBucketNotFound) {
			return notFoundf("session %s is not in %s", sessionID, s.path)
		}
		return err
	})
	if err != nil {
		return err
	}
	return s.Compact()
}

func unmarshal(data []byte, v any) error {
	if data == nil {
		return errors.New("record is missing")
	}
	return json.Unmarshal(data, v)
}

func unmarshalOptional(data []byte, v any) error {
	if data == nil {
		return nil
	}
	return json.Unmarshal(data, v)
}
