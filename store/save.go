package store

import (
	"errors"
	"fmt"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
)

// Changes is what one save writes, in one transaction. Nil lists are left as
// they are unless Whole is set; an empty non-nil list clears.
type Changes struct {
	Session      *model.Session
	Systems      []model.System       // the whole list, when not nil
	Questions    []model.OpenQuestion // the whole list, when not nil
	Decided      *model.Decided       // the session-level records, when not nil
	Flows        []model.Flow         // written one key each
	DeletedFlows []string
	FlowOrder    []string // the whole order, when not nil
	// PruneFlows deletes every stored flow not in FlowOrder, so a save of the
	// whole session also carries its deletions.
	PruneFlows bool
	Whole      bool // write Systems, Questions and FlowOrder even if nil
	// Compact clears the file's free pages after the save (Scrub), because
	// text removed from the session (a deleted risk or system) stays in them.
	Compact bool
}

// Empty reports whether the changes would write nothing.
func (c Changes) Empty() bool {
	return c.Session == nil && c.Systems == nil && c.Questions == nil && c.Decided == nil && len(c.Flows) == 0 &&
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
		s.keepBeforeFirstSave(sessionID, b)
		var err error
		removed, err = applyChanges([]byte(sessionID), b, c)
		return err
	})
	if IsDetached(err) {
		return err
	}
	if err != nil {
		return fmt.Errorf("saving to %s failed: %w", s.path, err)
	}
	if removed > 0 || c.Compact {
		return s.Scrub()
	}
	return nil
}

// applyChanges writes the changes into the bucket of session id, each value
// behind its checksum, and says how many flows it deleted.
func applyChanges(id []byte, b *bolt.Bucket, c Changes) (int, error) {
	put := func(key []byte, v any) error {
		data, err := seal(id, key, nil, v)
		if err != nil {
			return err
		}
		return putSessionValue(b, key, data)
	}
	count := 0
	flows, steps := b.Bucket(bucketFlows), b.Bucket(bucketSteps)
	if flows == nil || steps == nil {
		// Load refuses such a session, so only a file damaged under the
		// open app gets here: refuse the save rather than panic in it.
		return count, errors.New("the session's list of flows is missing")
	}
	// The session is about to be another revision than the one kept.
	if err := b.Delete(keySeenCurrent); err != nil {
		return count, err
	}
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
	if c.Decided != nil {
		if err := put(keyDecided, c.Decided); err != nil {
			return count, err
		}
	}
	if c.FlowOrder != nil || c.Whole {
		if err := put(keyFlowOrder, nonNil(c.FlowOrder)); err != nil {
			return count, err
		}
	}
	p, indexed := readProgress(b)
	if !indexed {
		p = countProgress(b)
	}
	// forget takes a stored flow out of the index, before it is deleted or
	// written again.
	forget := func(id []byte) {
		if old := steps.Get(id); old != nil {
			p.Flows--
			p.StepsDone -= stepsIn(old)
		}
	}
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
		forget([]byte(id))
		if err := flows.Delete([]byte(id)); err != nil {
			return count, err
		}
		if err := steps.Delete([]byte(id)); err != nil {
			return count, err
		}
	}
	for i := range c.Flows {
		f := &c.Flows[i]
		data, err := seal(id, bucketFlows, []byte(f.ID), f)
		if err != nil {
			return count, err
		}
		if err := flows.Put([]byte(f.ID), data); err != nil {
			return count, err
		}
		bits := doneBits(f)
		if old := steps.Get([]byte(f.ID)); len(old) == 1 && old[0] == bits {
			// The index says so already: an answer typed leaves the done
			// bits' pages as they are, and the commit writes two fewer.
			continue
		}
		forget([]byte(f.ID))
		if err := steps.Put([]byte(f.ID), []byte{bits}); err != nil {
			return count, err
		}
		p.Flows++
		p.StepsDone += stepsIn([]byte{bits})
	}
	// The index is derived and carries no sum (see sums.go).
	data, err := json.Marshal(p)
	if err != nil {
		return count, err
	}
	return count, b.Put(keyProgress, data)
}

// progress is a session's index entry: what the list shows of it without
// reading its flows.
type progress struct {
	Flows     int `json:"flows"`
	StepsDone int `json:"steps_done"`
}

func readProgress(b *bolt.Bucket) (progress, bool) {
	var p progress
	v := b.Get(keyProgress)
	if v == nil || json.Unmarshal(v, &p) != nil || p.Flows < 0 || p.StepsDone < 0 {
		return progress{}, false
	}
	return p, true
}

// countProgress counts the index entry from the done bits of every flow.
func countProgress(b *bolt.Bucket) progress {
	var p progress
	if steps := b.Bucket(bucketSteps); steps != nil {
		_ = steps.ForEach(func(_, v []byte) error {
			p.Flows++
			p.StepsDone += stepsIn(v)
			return nil
		})
	}
	return p
}

// stepsIn counts the steps marked done in a flow's byte of done bits.
func stepsIn(v []byte) int {
	n := 0
	if len(v) == 1 {
		for bit := range len(model.Steps) {
			if v[0]&(1<<bit) != 0 {
				n++
			}
		}
	}
	return n
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
