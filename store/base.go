package store

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"archreview/model"

	bolt "go.etcd.io/bbolt"
)

// encodeBase writes the merge base as gzip-compressed JSON, streamed: at
// 10,000 flows the JSON is tens of MB, which an export would otherwise hold
// twice (encoded, then copied into the commit) beside the export itself.
func encodeBase(d *model.Document) ([]byte, error) {
	var b bytes.Buffer
	z, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := model.WriteDocument(z, d); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func decodeBase(data []byte) (*model.Document, error) {
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(z, model.MaxDocumentBytes+1))
	if err != nil {
		return nil, err
	}
	return model.DecodeDocument(raw)
}

// The merge base: the session as this laptop last exported it as JSON or
// imported it, so that a colleague's copy, which started from that file,
// merges three ways (archreview import --merge).

// Base returns the session's merge base, or nil when it has none.
func (s *Store) Base(sessionID string) (*model.Document, error) {
	var data []byte
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is not in %s", sessionID, s.path)
		}
		data = bytes.Clone(getBase(b))
		return nil
	})
	if err != nil || data == nil {
		return nil, err
	}
	d, err := decodeBase(data)
	if err != nil {
		return nil, fmt.Errorf("the merge base of session %s cannot be read: %w", sessionID, err)
	}
	return d, nil
}

// SetBase records the document as the session's merge base.
func (s *Store) SetBase(sessionID string, base *model.Document) error {
	data, err := encodeBase(base)
	if err != nil {
		return err
	}
	return s.update(true, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(sessionID))
		if b == nil {
			return notFoundf("session %s is no longer in %s", sessionID, s.path)
		}
		return putBase(b, data)
	})
}

// Import stores an imported session, new or in place of the one with its
// id (replace), with the file as its merge base, in one transaction.
func (s *Store) Import(doc *model.Document, replace bool) error {
	return s.putWithBase(doc, doc, replace)
}

// Merged stores the result of merging a colleague's copy in place of the
// session, with that copy as the new merge base, in one transaction.
func (s *Store) Merged(merged, base *model.Document) error {
	return s.putWithBase(merged, base, true)
}

// putWithBase stores doc, with base as its merge base: a new session, or in
// place of the one with its id when replace is set, compacting then, since
// the old session's text would stay in free pages.
func (s *Store) putWithBase(doc, base *model.Document, replace bool) error {
	data, err := encodeBase(base)
	if err != nil {
		return err
	}
	err = s.update(replace, func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		if b := sessions.Bucket([]byte(doc.Session.ID)); b != nil {
			if !replace {
				var existing model.Session
				_ = unmarshal(b.Get(keySession), &existing)
				return &ExistsError{ID: doc.Session.ID, Name: existing.Name}
			}
			if err := sessions.DeleteBucket([]byte(doc.Session.ID)); err != nil {
				return err
			}
		}
		if err := writeSession(sessions, doc); err != nil {
			return err
		}
		return putBase(sessions.Bucket([]byte(doc.Session.ID)), data)
	})
	if err != nil || !replace {
		return err
	}
	return s.Compact()
}

// The merge base is a whole document, 60 MB of JSON at 10,000 flows and
// about 12 MB compressed. Kept as a value beside the session record, it
// shared the record's page, and every save of the record (each autosave)
// wrote it again: 14 ms and 12 MB a save (90 ms before it was compressed).
// In a bucket of its own only that bucket's header sits there: 1.2 ms.
// Files written before keep it under keyBase, which putBase removes.
var (
	bucketBase = []byte("base")
	keyBaseDoc = []byte("document")
)

func putBase(session *bolt.Bucket, data []byte) error {
	base, err := session.CreateBucketIfNotExists(bucketBase)
	if err != nil {
		return err
	}
	if err := base.Put(keyBaseDoc, data); err != nil {
		return err
	}
	return session.Delete(keyBase)
}

func getBase(session *bolt.Bucket) []byte {
	if base := session.Bucket(bucketBase); base != nil {
		return base.Get(keyBaseDoc)
	}
	return session.Get(keyBase)
}
