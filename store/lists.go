package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A session's lists (its systems, open questions, decisions and flow order)
// grow with it: at 10,000 flows the questions are 490 KB, the systems 220 KB
// and the order 290 KB. bbolt rewrites a whole leaf when one of its keys
// changes, and a leaf of four keys or fewer is never split, so while the
// lists sat beside the session record every autosave of one answer wrote
// them all again for the record's new stamp (760 KB a save, 3× a bare
// commit). Since schema 5 each list is a bucket of its own holding the list
// under the same name; the session's own leaf keeps only small records
// (the record, the index, provenance) and the nested buckets' headers, and
// a list is written only when it changes.
//
// The value keeps its path (session id, list name) in its checksum: a
// bucket holds one list, so the path still names one place, and the
// migration moves each value byte for byte, damage and all.
var listKeys = [][]byte{keySystems, keyQuestions, keyDecided, keyFlowOrder}

func isList(key []byte) bool {
	for _, k := range listKeys {
		if bytes.Equal(k, key) {
			return true
		}
	}
	return false
}

// sessionValue reads a value of a session's bucket: a list from its own
// bucket, or, in a file before schema 5 read as it is, from beside the
// record.
func sessionValue(b *bolt.Bucket, key []byte) []byte {
	if lb := b.Bucket(key); lb != nil {
		return lb.Get(key)
	}
	return b.Get(key)
}

// putSessionValue writes a value of a session's bucket, a list into its
// own bucket.
func putSessionValue(b *bolt.Bucket, key, data []byte) error {
	if !isList(key) {
		return b.Put(key, data)
	}
	lb := b.Bucket(key)
	if lb == nil {
		// Only a file before schema 5 keeps the list beside the record, and
		// a writer has migrated it; take the old value away all the same,
		// since a bucket cannot share its name with a value.
		if b.Get(key) != nil {
			if err := b.Delete(key); err != nil {
				return err
			}
		}
		var err error
		if lb, err = b.CreateBucket(key); err != nil {
			return err
		}
	}
	return lb.Put(key, data)
}

// listsOwnBuckets is schema 5: every session's lists move out of the
// record's leaf into buckets of their own, as they are.
func listsOwnBuckets(tx *bolt.Tx) error {
	sessions := tx.Bucket(bucketSessions)
	return sessions.ForEachBucket(func(id []byte) error {
		b := sessions.Bucket(id)
		for _, key := range listKeys {
			v := b.Get(key) // nil for a list already in its bucket, or none
			if v == nil {
				continue
			}
			// A copy: the value points into a page that the delete frees.
			if err := putSessionValue(b, key, bytes.Clone(v)); err != nil {
				return fmt.Errorf("session %s, %s: %w", id, key, err)
			}
		}
		return nil
	})
}
