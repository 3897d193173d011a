package store

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SessionInfo is what the session list shows without loading every answer.
type SessionInfo struct {
	model.Session
	Flows      int
	StepsDone  int
	StepsTotal int
	// Damaged is set for a session that cannot be read (a stored value
	// fails its checksum, does not decode, or is missing): Session then
	// holds its id, and its name and the rest when its record still reads.
	Damaged *DamagedError
}

// List returns every session, newest date first, then by name. A damaged
// session is listed with Damaged set, and the others as ever. Every value
// but the flows is checked against its sum here; the flows were checked
// when the file was (see damagedSessions), and those of a session found
// damaged then are checked again, so one replaced since lists as sound.
// Load checks everything it reads.
func (s *Store) List() ([]SessionInfo, error) {
	var out []SessionInfo
	err := s.view(func(tx *bolt.Tx) error {
		read := &mappedReads{tx: tx}
		sessions := tx.Bucket(bucketSessions)
		err := sessions.ForEachBucket(func(id []byte) error {
			out = append(out, s.session(sessions, id).info(read, s.isSuspect(string(id))))
			return nil
		})
		read.release()
		return err
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

// Resolve finds the session a person means: an exact id, an exact name or
// client (ignoring case), or the start of one id, name or client that
// matches nothing else, as the app's filter finds sessions.
func (s *Store) Resolve(ref string) (SessionInfo, error) {
	list, err := s.List()
	if err != nil {
		return SessionInfo{}, err
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return SessionInfo{}, errors.New("name a session by its id or name; archreview list shows them")
	}
	var byName, byClient, byPrefix []SessionInfo
	lower := strings.ToLower(ref)
	for _, si := range list {
		if si.ID == ref {
			return si, si.err()
		}
		if strings.EqualFold(si.Name, ref) {
			byName = append(byName, si)
		}
		if strings.EqualFold(si.Client, ref) {
			byClient = append(byClient, si)
		}
		if strings.HasPrefix(si.ID, ref) || strings.HasPrefix(strings.ToLower(si.Name), lower) ||
			(si.Client != "" && strings.HasPrefix(strings.ToLower(si.Client), lower)) {
			byPrefix = append(byPrefix, si)
		}
	}
	for _, candidates := range [][]SessionInfo{byName, byClient, byPrefix} {
		switch len(candidates) {
		case 0:
			continue
		case 1:
			return candidates[0], candidates[0].err()
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

// err is the session's damage as an error, or nil when it reads.
func (si SessionInfo) err() error {
	if si.Damaged == nil {
		return nil
	}
	return si.Damaged
}

// Load reads a whole session. A session that cannot be read is a
// *DamagedError naming it.
func (s *Store) Load(sessionID string) (*model.Document, error) {
	defer keepingAll()()
	var doc *model.Document
	err := s.view(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		if sessions.Bucket([]byte(sessionID)) == nil {
			return notFoundf("session %s is not in %s", sessionID, s.path)
		}
		var err error
		doc, err = s.session(sessions, []byte(sessionID)).load()
		releaseMapped(tx)
		return err
	})
	if errors.As(err, new(*DamagedError)) {
		// Damage the check did not see (a sector gone bad since): the
		// list shows it from now on, and the file is checked next time.
		s.suspected(sessionID)
	}
	return doc, err
}

// storedSession reads one session's bucket, every value checked against
// its sum.
type storedSession struct {
	id []byte
	b  *bolt.Bucket
	// unsummed is set for a file of a schema before the sums, read without
	// upgrading it: its values are plain JSON.
	unsummed bool
}

func (s *Store) session(sessions *bolt.Bucket, id []byte) storedSession {
	return storedSession{id: id, b: sessions.Bucket(id), unsummed: s.unsummed}
}

// value is the JSON stored under key, nil when there is none.
func (r storedSession) value(key []byte) ([]byte, error) {
	v := sessionValue(r.b, key)
	if v == nil {
		return nil, nil
	}
	return unseal(r.id, key, nil, v, r.unsummed)
}

// decode reads the value under key into v; a missing value is damage when
// it is required, and leaves v as it is otherwise.
func (r storedSession) decode(key []byte, v any, required bool) error {
	data, err := r.value(key)
	switch {
	case err != nil:
		return err
	case data == nil && required:
		return errors.New("it is missing")
	case data == nil:
		return nil
	}
	return json.Unmarshal(data, v)
}

// sessionParts are the values a session's bucket holds besides its flows,
// each with the words that say which part of the session is damaged.
var sessionParts = []struct {
	key  []byte
	part string
}{
	{keySession, "its record"},
	{keySystems, "its systems"},
	{keyQuestions, "its open questions"},
	{keyDecided, "its decisions"},
	{keyFlowOrder, "its flow order"},
}

// partFlows names the part of a session that a damaged flow is.
const partFlows = "one of its flows"

// info is the session's entry in the list: its record decoded, and its
// other values besides the flows checked against their sums.
//
// Its flows are checked when flowsToo is set: List sets it for the sessions
// the file's check at open found damaged, and the check itself for all. A
// flow is most of a session's bytes (38 MB at 10,000 flows), and reading
// them all at every list would cost more than the rest of the list, and
// hold the file in memory.
func (r storedSession) info(read *mappedReads, flowsToo bool) SessionInfo {
	info := SessionInfo{Session: model.Session{ID: string(r.id)}}
	var rec model.Session
	if err := r.decode(keySession, &rec, true); err != nil || rec.ID != string(r.id) {
		// A record of an unsummed file read under another session's id is
		// as unreadable as one that fails its sum.
		return r.damagedInfo(info, sessionParts[0].part, false)
	}
	info.Session = rec
	for _, p := range sessionParts[1:] {
		if _, err := r.value(p.key); err != nil {
			return r.damagedInfo(info, p.part, true)
		}
	}
	flows, steps := r.b.Bucket(bucketFlows), r.b.Bucket(bucketSteps)
	if flows == nil || steps == nil {
		return r.damagedInfo(info, "its list of flows", true)
	}
	if flowsToo {
		if err := r.checkFlows(flows, read); err != nil {
			return r.damagedInfo(info, partFlows, true)
		}
	}
	p, ok := readProgress(r.b)
	if !ok {
		p = countProgress(r.b) // written before sessions kept an index
	}
	info.Flows, info.StepsDone = p.Flows, p.StepsDone
	info.StepsTotal = info.Flows * len(model.Steps)
	return info
}

// damagedSessions lists the sessions of the file that cannot be read, every
// value of each checked against its sum: part of the check at open, which
// has just read every page, so they stay mapped (letting go of them would
// only make the sums fault them in again).
func damagedSessions(tx *bolt.Tx, unsummed bool) []string {
	var ids []string
	read := &mappedReads{tx: tx, keep: true}
	sessions := tx.Bucket(bucketSessions)
	_ = sessions.ForEachBucket(func(id []byte) error {
		r := storedSession{id: id, b: sessions.Bucket(id), unsummed: unsummed}
		if r.info(read, true).Damaged != nil {
			ids = append(ids, string(id))
		}
		return nil
	})
	return ids
}

// checkFlows checks every flow's sum, a few megabytes at a time on every
// core.
func (r storedSession) checkFlows(flows *bolt.Bucket, read *mappedReads) error {
	var keys, values [][]byte
	check := func() error {
		err := inParallel(len(keys), func(i int) error {
			_, err := unseal(r.id, bucketFlows, keys[i], values[i], r.unsummed)
			return err
		})
		keys, values = keys[:0], values[:0]
		return err
	}
	c := flows.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		keys, values = append(keys, k), append(values, v)
		if read.add(len(v)) {
			if err := check(); err != nil {
				return err
			}
			read.release()
		}
	}
	return check()
}

// mappedReads counts the bytes of the mapped file a list has read since it
// last let go of them. The list reads every flow to check its sum, but must
// not hold a whole file in memory for it: `list` stays at a few megabytes
// however large the sessions, and the pages stay in the system's file cache.
type mappedReads struct {
	tx   *bolt.Tx
	n    int
	keep bool // never let go: the pages are mapped already
}

// listReadChunk is how much of the file a list reads before it lets go.
const listReadChunk = 4 << 20

// add counts n bytes read, and reports whether it is time to let go.
func (m *mappedReads) add(n int) bool {
	m.n += n
	return !m.keep && m.n >= listReadChunk
}

// release lets go of what was read, once it is checked.
func (m *mappedReads) release() {
	if m.n > 0 && !m.keep {
		releaseMapped(m.tx)
		m.n = 0
	}
}

// damagedInfo is the list's entry for a damaged session: what its record
// says, when that reads, and the damage.
func (r storedSession) damagedInfo(info SessionInfo, part string, recordRead bool) SessionInfo {
	info.Damaged = r.damaged(part, info.Name, recordRead)
	info.Name = info.Damaged.Name
	return info
}

// damaged is the error of a session that cannot be read, under its name
// when its record read; a damaged record's name is not believed.
func (r storedSession) damaged(part, name string, recordRead bool) *DamagedError {
	if !recordRead {
		name = ""
	}
	return &DamagedError{ID: string(r.id), Name: name, Part: part}
}

func (r storedSession) load() (*model.Document, error) {
	doc := &model.Document{Schema: model.SchemaID}
	if err := r.decode(keySession, &doc.Session, true); err != nil || doc.Session.ID != string(r.id) {
		return nil, r.damaged(sessionParts[0].part, "", false)
	}
	damaged := func(part string) error { return r.damaged(part, doc.Session.Name, true) }
	for _, p := range []struct {
		key  []byte
		into any
	}{{keySystems, &doc.Systems}, {keyQuestions, &doc.OpenQuestions}, {keyDecided, &doc.Decided}} {
		if err := r.decode(p.key, p.into, false); err != nil {
			return nil, damaged(partOf(p.key))
		}
	}
	doc.Provenance = readProvenance(r.b)
	var order []string
	if err := r.decode(keyFlowOrder, &order, false); err != nil {
		return nil, damaged(partOf(keyFlowOrder))
	}
	flows := r.b.Bucket(bucketFlows)
	if flows == nil || r.b.Bucket(bucketSteps) == nil {
		return nil, damaged("its list of flows")
	}
	in := flowsInOrder(flows, order)
	doc.Flows = make([]model.Flow, len(in))
	err := inParallel(len(in), func(i int) error {
		data, err := unseal(r.id, bucketFlows, in[i].id, in[i].v, r.unsummed)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &doc.Flows[i]); err != nil {
			return err
		}
		if doc.Flows[i].ID != string(in[i].id) {
			// Only an unsummed flow gets here under a garbled key.
			return errors.New("its key is not its id")
		}
		return nil
	})
	if err != nil {
		return nil, damaged(partFlows)
	}
	return doc, nil
}

// loadHead reads a session without its flows, its sums not checked: for
// the fingerprint a save keeps of the session it writes over (base.go),
// which the app loaded, checked, before it could save to it. Load reads
// through storedSession.
func loadHead(b *bolt.Bucket) (*model.Document, error) {
	doc := &model.Document{Schema: model.SchemaID}
	if err := unmarshal(b.Get(keySession), &doc.Session); err != nil {
		return nil, fmt.Errorf("session record: %w", err)
	}
	if err := unmarshalOptional(sessionValue(b, keySystems), &doc.Systems); err != nil {
		return nil, fmt.Errorf("systems: %w", err)
	}
	if err := unmarshalOptional(sessionValue(b, keyQuestions), &doc.OpenQuestions); err != nil {
		return nil, fmt.Errorf("open questions: %w", err)
	}
	if err := unmarshalOptional(sessionValue(b, keyDecided), &doc.Decided); err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	doc.Provenance = readProvenance(b)
	return doc, nil
}

// storedFlow is one flow as the file holds it: valid while its transaction
// lasts.
type storedFlow struct{ id, v []byte }

// storedFlows lists a session's flows in their order, then any the order
// misses; like loadHead, for the fingerprint a save keeps.
func storedFlows(b *bolt.Bucket) ([]storedFlow, error) {
	var order []string
	if err := unmarshalOptional(sessionValue(b, keyFlowOrder), &order); err != nil {
		return nil, fmt.Errorf("flow order: %w", err)
	}
	flows := b.Bucket(bucketFlows)
	if flows == nil {
		return nil, errors.New("the flows bucket is missing")
	}
	return flowsInOrder(flows, order), nil
}

// flowsInOrder lists the flows in the order given, then any it misses.
func flowsInOrder(flows *bolt.Bucket, order []string) []storedFlow {
	in := make([]storedFlow, 0, len(order))
	placed := make(map[string]bool, len(order))
	for _, id := range order {
		v := flows.Get([]byte(id))
		if v == nil || placed[id] {
			continue
		}
		placed[id] = true
		in = append(in, storedFlow{[]byte(id), v})
	}
	// A flow missing from the order is still the client's answer: keep it.
	_ = flows.ForEach(func(k, v []byte) error {
		if !placed[string(k)] {
			in = append(in, storedFlow{k, v})
		}
		return nil
	})
	return in
}

// partOf is the words for the part of a session stored under key.
func partOf(key []byte) string {
	for _, p := range sessionParts {
		if bytes.Equal(p.key, key) {
			return p.part
		}
	}
	return string(key)
}

// keepingAll pauses garbage collection while sessions load, up to a
// bound, and returns what puts it back once the last load is done. Most of
// what a load allocates is the session it keeps (45 of 66 MB at 10,000
// flows), so the collections a growing heap would run on the way mostly
// mark what stays: opening a programme took a fifth less time in paired
// runs, for 10 MB more at the peak (the short-lived rest, collected after).
func keepingAll() (restore func()) {
	loading.mu.Lock()
	if loading.n == 0 {
		loading.limit = debug.SetMemoryLimit(-1)
		loading.percent = debug.SetGCPercent(-1)
		debug.SetMemoryLimit(min(loading.limit, loadMemoryBound))
	}
	loading.n++
	loading.mu.Unlock()
	return func() {
		loading.mu.Lock()
		defer loading.mu.Unlock()
		if loading.n--; loading.n == 0 {
			debug.SetGCPercent(loading.percent)
			debug.SetMemoryLimit(loading.limit)
		}
	}
}

// loading is the loads under way and the collector's settings before them.
var loading struct {
	mu      sync.Mutex
	n       int
	percent int
	limit   int64
}

// loadMemoryBound is where a load collects after all: a session of 50 risks
// a flow is several times the 10,000-flow one.
const loadMemoryBound = 512 << 20

// inParallel runs fn for 0..n-1 on every core, and returns the error of
// the lowest i that failed. Decoding the flows of a 10,000-flow session is
// most of opening it. Each worker reads the mapped file, so each turns a
// fault there into an error as the transaction's own goroutine does.
func inParallel(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), 8, max(n/64, 1))
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			i := -1
			defer func() {
				if r := recover(); r != nil && i >= 0 {
					errs[i] = errors.New("part of it cannot be read")
				}
			}()
			for {
				if i = int(next.Add(1) - 1); i >= n {
					return
				}
				errs[i] = fn(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
	_, err = applyChanges([]byte(doc.Session.ID), b, Changes{
		Session:   &doc.Session,
		Systems:   doc.Systems,
		Questions: doc.OpenQuestions,
		Decided:   &doc.Decided,
		Flows:     doc.Flows,
		FlowOrder: order,
		Whole:     true,
	})
	return err
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

// unmarshal decodes a stored session value without checking its sum (a
// value written before the sums has none): for the name an "already in
// this database" message shows and the fingerprint a save keeps. What is
// listed, loaded or exported is read through storedSession.
func unmarshal(data []byte, v any) error {
	if data == nil {
		return errors.New("record is missing")
	}
	return json.Unmarshal(withoutSum(data), v)
}

// unmarshalOptional is unmarshal for a value that may be absent.
func unmarshalOptional(data []byte, v any) error {
	if data == nil {
		return nil
	}
	return json.Unmarshal(withoutSum(data), v)
}
