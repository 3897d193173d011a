package store

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
)

// Merge bases by provenance. A colleague's copy of a session is a file this
// laptop exported at some revision, edited elsewhere; to merge it back three
// ways the database must still know that revision. Exports only read, so
// the database keeps what it can without them: every revision a writer is
// about to write over (the state any export since could have been written
// from), every file imported or merged in, and what the app exports itself.
// Each is kept as a fingerprint (review.Fingerprint: values hashed, none of
// the room's text), so typed-over and erased text leaves no copy here, and
// the session's lineage (the revisions it descends from, newest first)
// travels in its exports for the other laptop to look up.

// Seen is a revision of a session the database keeps to merge from: its
// name and its fingerprint, encoded (review.Fingerprint's MarshalBinary).
type Seen struct {
	Revision    string
	Fingerprint []byte
}

// Snapshotter names a stored session's revision and takes its fingerprint,
// from the session without its flows (head) and its flows in order
// (model/report's SnapshotParts, which the command wires in: the store does
// not know what a shareable copy leaves out).
type Snapshotter func(head *model.Document, flows func(yield func(*model.Flow) error) error) (Seen, error)

// SetSnapshotter gives the store the function that keeps a revision before
// it is written over. Without one, nothing is kept on saves.
func (s *Store) SetSnapshotter(fn Snapshotter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snapshot = fn
}

// Bounds on what is kept of a session's past: the most recent revisions,
// and no more than seenBytes of fingerprints (about five at 10,000 flows).
const (
	maxSeen   = 16
	seenBytes = 64 << 20
)

// The layout of a session's provenance:
//
//	provenance      {base_revision, ancestors}: what its exports say
//	seen/<revision> a fingerprint
//	seen_order      the kept revisions, newest first
//	seen_current    the revision of the stored session, while it is kept
var (
	keyProvenance  = []byte("provenance")
	bucketSeen     = []byte("seen")
	keySeenOrder   = []byte("seen_order")
	keySeenCurrent = []byte("seen_current")
	// Files written before provenance kept a whole document, private notes
	// and all, as the merge base: under keyBase, then in bucketBase. The
	// migration to schema 3 removes them.
	keyBase    = []byte("merge_base")
	bucketBase = []byte("base")
)

// provenanceRecord is what a session's exports say of where it comes from.
type provenanceRecord struct {
	BaseRevision string   `json:"base_revision,omitempty"`
	Ancestors    []string `json:"ancestors,omitempty"`
}

func readProvenance(b *bolt.Bucket) model.Provenance {
	var p provenanceRecord
	_ = unmarshalOptional(b.Get(keyProvenance), &p) // lost, it only makes a later merge two-way
	return model.Provenance{BaseRevision: p.BaseRevision, Ancestors: p.Ancestors}
}

func writeProvenance(b *bolt.Bucket, p model.Provenance) error {
	data, err := json.Marshal(provenanceRecord{BaseRevision: p.BaseRevision, Ancestors: lineage(p.Ancestors)})
	if err != nil {
		return err
	}
	return b.Put(keyProvenance, data)
}

// lineage is revisions without repeats or blanks, newest first, bounded.
func lineage(revs ...[]string) []string {
	var out []string
	for _, list := range revs {
		for _, r := range list {
			if r != "" && !slices.Contains(out, r) && len(out) < model.MaxAncestors {
				out = append(out, r)
			}
		}
	}
	return out
}

// MergeBase returns the first of the revisions that the database keeps for
// the session, as a fingerprint to merge from; ok is false when it keeps
// none of them.
func (s *Store) MergeBase(sessionID string, revisions []string) (seen Seen, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is not in %s", sessionID, s.path)
		}
		kept := b.Bucket(bucketSeen)
		if kept == nil {
			return nil
		}
		for _, r := range revisions {
			if fp := kept.Get([]byte(r)); r != "" && fp != nil {
				seen, ok = Seen{Revision: r, Fingerprint: bytes.Clone(fp)}, true
				return nil
			}
		}
		return nil
	})
	return seen, ok, err
}

// Keep records revisions of the session to merge from later, such as the
// copy the app has just exported, and puts them at the head of its lineage.
func (s *Store) Keep(sessionID string, seen ...Seen) error {
	return s.update(false, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is no longer in %s", sessionID, s.path)
		}
		return keepSeen(b, seen...)
	})
}

// keepSeen adds fingerprints to a session's kept revisions, newest first,
// dropping the oldest past the bounds, and heads its lineage with them.
func keepSeen(b *bolt.Bucket, seen ...Seen) error {
	if len(seen) == 0 {
		return nil
	}
	kept, err := b.CreateBucketIfNotExists(bucketSeen)
	if err != nil {
		return err
	}
	var order []string
	_ = unmarshalOptional(b.Get(keySeenOrder), &order)
	var added []string
	for _, sn := range seen {
		if sn.Revision == "" || sn.Fingerprint == nil {
			continue
		}
		if err := kept.Put([]byte(sn.Revision), sn.Fingerprint); err != nil {
			return err
		}
		added = append(added, sn.Revision)
	}
	order = lineage(added, order)
	total := 0
	for i, r := range order {
		total += len(kept.Get([]byte(r)))
		if i > 0 && (i >= maxSeen || total > seenBytes) {
			for _, old := range order[i:] {
				if err := kept.Delete([]byte(old)); err != nil {
					return err
				}
			}
			order = order[:i]
			break
		}
	}
	// A fingerprint no longer in the order (an interrupted write of an
	// earlier version) is dropped too.
	var stray [][]byte
	_ = kept.ForEach(func(k, _ []byte) error {
		if !slices.Contains(order, string(k)) {
			stray = append(stray, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range stray {
		if err := kept.Delete(k); err != nil {
			return err
		}
	}
	data, err := json.Marshal(order)
	if err != nil {
		return err
	}
	if err := b.Put(keySeenOrder, data); err != nil {
		return err
	}
	p := readProvenance(b)
	p.Ancestors = lineage(added, p.Ancestors)
	return writeProvenance(b, p)
}

// keptBefore returns the session's kept fingerprints whose revision is in
// revs, to carry over a replacement that descends from them.
func keptBefore(b *bolt.Bucket, revs []string) []Seen {
	kept := b.Bucket(bucketSeen)
	if kept == nil {
		return nil
	}
	var out []Seen
	for _, r := range revs {
		if fp := kept.Get([]byte(r)); fp != nil {
			out = append(out, Seen{Revision: r, Fingerprint: bytes.Clone(fp)})
		}
	}
	return out
}

// keepBeforeFirstSave keeps the stored session's revision as its first
// save of this run is about to write over it: any export made since was
// written from it, and a colleague's copy of that export merges from it.
// It runs in the save's transaction (s.mu held), once a session and a run,
// and not at all while the stored session is the revision last kept
// (seen_current). Its flows are read a batch at a time, so the memory it
// takes is its fingerprint's. A failure costs a later merge its base
// (that merge is then two ways), never the save.
func (s *Store) keepBeforeFirstSave(sessionID string, b *bolt.Bucket) {
	if s.snapshot == nil || s.keptRun[sessionID] {
		return
	}
	if s.keptRun == nil {
		s.keptRun = map[string]bool{}
	}
	s.keptRun[sessionID] = true
	if b.Get(keySeenCurrent) != nil {
		return
	}
	head, err := loadHead(b)
	if err != nil {
		return
	}
	in, err := storedFlows(b)
	if err != nil {
		return
	}
	sn, err := s.snapshot(head, func(yield func(*model.Flow) error) error {
		const batch = 256
		flows := make([]model.Flow, batch)
		for from := 0; from < len(in); from += batch {
			part := in[from:min(from+batch, len(in))]
			clear(flows)
			err := inParallel(len(part), func(i int) error { return unmarshal(part[i].v, &flows[i]) })
			if err != nil {
				return err
			}
			for i := range part {
				if err := yield(&flows[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		_ = keepSeen(b, sn)
	}
}

// Import stores an imported session, new or in place of the one with its
// id (replace), in one transaction, with its provenance, keeping seen (the
// file's revision, newest first) to merge from. A replaced session's kept
// revisions stay only where the file descends from them. doc.Revision,
// when set, says which revision the stored session is.
func (s *Store) Import(doc *model.Document, replace bool, seen ...Seen) error {
	return s.put(doc, replace, seen)
}

// Merged stores the result of merging a colleague's copy in place of the
// session, in one transaction, with its provenance, keeping seen (the
// revisions merged, ours then theirs) to merge from.
func (s *Store) Merged(merged *model.Document, seen ...Seen) error {
	return s.put(merged, true, seen)
}

// put stores doc, a new session or in place of the one with its id when
// replace is set, compacting then, since the old session's text would stay
// in free pages.
func (s *Store) put(doc *model.Document, replace bool, seen []Seen) error {
	err := s.update(replace, func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		var carried []Seen
		if b := sessions.Bucket([]byte(doc.Session.ID)); b != nil {
			if !replace {
				var existing model.Session
				_ = unmarshal(b.Get(keySession), &existing)
				return &ExistsError{ID: doc.Session.ID, Name: existing.Name}
			}
			carried = keptBefore(b, lineage([]string{doc.Revision, doc.BaseRevision}, doc.Ancestors))
			if err := sessions.DeleteBucket([]byte(doc.Session.ID)); err != nil {
				return err
			}
		}
		if err := writeSession(sessions, doc); err != nil {
			return err
		}
		b := sessions.Bucket([]byte(doc.Session.ID))
		if err := writeProvenance(b, doc.Provenance); err != nil {
			return err
		}
		if err := keepSeen(b, append(seen, carried...)...); err != nil {
			return err
		}
		// An imported file is stored as it is: the session is that revision.
		if doc.Revision != "" && slices.ContainsFunc(seen, func(sn Seen) bool { return sn.Revision == doc.Revision }) {
			return b.Put(keySeenCurrent, []byte(doc.Revision))
		}
		return nil
	})
	if err != nil || !replace {
		return err
	}
	return s.Compact()
}

// dropFullBases is schema 3: merge bases by provenance. The whole documents
// kept as merge bases held private notes and text typed over since; they go,
// and a copy exported before this version merges two ways (every field
// that differs a conflict, nothing overwritten).
func dropFullBases(tx *bolt.Tx) error {
	sessions := tx.Bucket(bucketSessions)
	return sessions.ForEachBucket(func(id []byte) error {
		b := sessions.Bucket(id)
		if err := b.Delete(keyBase); err != nil {
			return fmt.Errorf("session %s: %w", id, err)
		}
		if b.Bucket(bucketBase) != nil {
			return b.DeleteBucket(bucketBase)
		}
		return nil
	})
}
