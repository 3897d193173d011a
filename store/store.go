// Package store keeps archreview sessions in one local bbolt file: opening it
// safely (lock, read-only check in a child process, migrations), loading and
// saving sessions flow by flow, and compacting the file so that deleted text
// does not stay in it.
//
// It imports model, store/atomicfile and bbolt; it must not import the TUI,
// Bubble Tea or anything else that draws. Every method is safe to call from
// concurrent tea.Cmds.
package store

import (
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The file's layout:
//
//	archreview/            meta: app marker, schema version
//	sessions/<session id>/ session, progress, provenance, seen_order,
//	                       seen_current
//	    systems/systems, questions/questions, decided/decided,
//	    flow_order/flow_order  each list in a bucket of its own (lists.go)
//	    seen/<revision>    a fingerprint of an earlier revision (base.go)
//	    flows/<flow id>    one flow's JSON, so saving an answer writes one flow
//	    steps/<flow id>    one byte of done-step bits, so listing is cheap
//
// Since schema 4 the session, systems, questions, flow_order, decided and
// flows/<flow id> values are their JSON behind a checksum (sums.go); before
// schema 5 the lists sat beside the session record.
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
	// keyDecided holds what the room recorded for the session as a whole
	// (model.Decided): domain decisions, session risks, triage, conflicts.
	keyDecided = []byte("decided")
	// keyProgress is the session's index for the list: how many flows it
	// has and how many of their steps are done, kept by every save.
	keyProgress = []byte("progress")
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
	// unsummed is set for a file of a schema before the values' sums (see
	// sums.go) that a read-only open reads without upgrading it.
	unsummed bool
	// suspect holds the sessions found damaged, by the check at open or by
	// a Load since, whose flows List checks again; while it holds one, the
	// file is not noted as sound.
	smu     sync.Mutex
	suspect map[string]bool

	// What the file looked like after the store's last commit, so a file
	// swapped or written over underneath is noticed before the next save.
	file     *os.File // bbolt's own descriptor
	pageSize int
	meta     uint64 // the current meta page's checksum
	size     int64

	// snapshot names a stored revision and takes its fingerprint, kept
	// before a session's first save of the run (keepBeforeFirstSave);
	// keptRun says for which sessions that is done.
	snapshot Snapshotter
	keptRun  map[string]bool

	gmu    sync.Mutex
	broken error // set once: the store never touches its file again
	// wedged is set when bbolt panicked inside a write: its own locks may
	// still be held, so not even Close may call into it.
	wedged bool

	// after runs once the store is closed: a copy read through the
	// process holding the file is removed then (readcopy.go).
	after func()
}

// suspected marks a session as found damaged.
func (s *Store) suspected(id string) {
	s.smu.Lock()
	defer s.smu.Unlock()
	s.suspect[id] = true
}

// isSuspect reports whether the session was found damaged.
func (s *Store) isSuspect(id string) bool {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.suspect[id]
}

// anySuspect reports whether any session was found damaged.
func (s *Store) anySuspect() bool {
	s.smu.Lock()
	defer s.smu.Unlock()
	return len(s.suspect) > 0
}

// Timeouts are variables so tests of the refusals can run quickly.
var (
	lockTimeout  = time.Second
	checkTimeout = 15 * time.Second
)
