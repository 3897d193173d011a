package store

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"archreview/model"

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
			p, ok := readProgress(b)
			if !ok {
				p = countProgress(b) // written before sessions kept an index
			}
			info.Flows, info.StepsDone = p.Flows, p.StepsDone
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
			return si, nil
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
	defer keepingAll()()
	var doc *model.Document
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is not in %s", sessionID, s.path)
		}
		var err error
		doc, err = loadSession(b)
		releaseMapped(tx)
		return err
	})
	return doc, err
}

func loadSession(b *bolt.Bucket) (*model.Document, error) {
	doc, err := loadHead(b)
	if err != nil {
		return nil, err
	}
	in, err := storedFlows(b)
	if err != nil {
		return nil, err
	}
	doc.Flows = make([]model.Flow, len(in))
	err = inParallel(len(in), func(i int) error {
		if err := unmarshal(in[i].v, &doc.Flows[i]); err != nil {
			return fmt.Errorf("flow %s: %w", in[i].id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// loadHead reads a session without its flows.
func loadHead(b *bolt.Bucket) (*model.Document, error) {
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
	if err := unmarshalOptional(b.Get(keyDecided), &doc.Decided); err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	doc.Provenance = readProvenance(b)
	return doc, nil
}

// storedFlow is one flow as the file holds it: valid while its transaction
// lasts.
type storedFlow struct{ id, v []byte }

// storedFlows lists a session's flows in their order, then any the order
// misses.
func storedFlows(b *bolt.Bucket) ([]storedFlow, error) {
	var order []string
	if err := unmarshalOptional(b.Get(keyFlowOrder), &order); err != nil {
		return nil, fmt.Errorf("flow order: %w", err)
	}
	flows := b.Bucket(bucketFlows)
	if flows == nil {
		return nil, errors.New("the flows bucket is missing")
	}
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
	return in, nil
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
	_, err = applyChanges(b, Changes{
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
