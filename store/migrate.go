package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"syscall"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	bolt "go.etcd.io/bbolt"
)

// migration moves the file from schema version to-1 to version to.
type migration struct {
	to    int
	apply func(tx *bolt.Tx) error
	// readAsIs says this build reads a file that lacks the step as it is,
	// so a read-only open (list, export) need not refuse it until the app
	// upgrades it.
	readAsIs bool
}

// migrations is the ordered list of schema upgrades. Schema 1 is the first;
// a change to the layout appends a step here and never edits an old one.
var migrations = []migration{
	{to: 2, apply: levelsFromText},
	{to: 3, apply: dropFullBases},
	{to: summedSchema, apply: sumValues, readAsIs: true},
	{to: 5, apply: listsOwnBuckets, readAsIs: true},
}

// summedSchema is the first schema whose session values carry checksums;
// a file before it is read as plain JSON (Store.unsummed).
const summedSchema = 4

// readableAsIs reports whether this build reads a file of schema version
// without upgrading it: every step it lacks is one a reader can do without.
func readableAsIs(version int) bool {
	for _, m := range migrations {
		if m.to > version && !m.readAsIs {
			return false
		}
	}
	return true
}

// levelsFromText is schema 2, the archreview/v2 document: the failure step
// gained retry and monitoring levels, which the rules read instead of the
// free text. Each stored flow gets the levels its text says plainly
// (model.UpgradeV1's reading), and keeps its text.
func levelsFromText(tx *bolt.Tx) error {
	sessions := tx.Bucket(bucketSessions)
	return sessions.ForEachBucket(func(id []byte) error {
		flows := sessions.Bucket(id).Bucket(bucketFlows)
		if flows == nil {
			return nil
		}
		type update struct{ key, value []byte }
		var updates []update
		err := flows.ForEach(func(k, v []byte) error {
			var f model.Flow
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("session %s, flow %s: %w", id, k, err)
			}
			d := model.Document{Schema: model.SchemaV1, Flows: []model.Flow{f}}
			model.UpgradeV1(&d)
			data, err := json.Marshal(&d.Flows[0])
			if err != nil {
				return err
			}
			updates = append(updates, update{append([]byte(nil), k...), data})
			return nil
		})
		if err != nil {
			return err
		}
		for _, u := range updates {
			if err := flows.Put(u.key, u.value); err != nil {
				return err
			}
		}
		return nil
	})
}

// sumValues is schema 4: every value of a session that holds the room's
// text gets its checksum (format 1 of sums.go), so damage inside
// one hides only its session, by name, and a flipped bit that still decodes
// is noticed. A value is sealed byte for byte as it is; one that is not
// JSON (damaged before any archreview could tell) is left as it was, so it
// reads as damaged and hides its session, while the others open. Schema 3
// files otherwise have the layout of schema 4.
func sumValues(tx *bolt.Tx) error {
	keys := [][]byte{[]byte("session"), []byte("systems"), []byte("questions"), []byte("decided"), []byte("flow_order")}
	flowsKey := []byte("flows")
	sessions := tx.Bucket(bucketSessions)
	return sessions.ForEachBucket(func(id []byte) error {
		b := sessions.Bucket(id)
		for _, key := range keys {
			if v := b.Get(key); v != nil && jsontext.Value(v).IsValid() {
				// Clipped, so the trailer goes on a copy, not into the map.
				if err := b.Put(key, sealJSON(id, key, nil, slices.Clip(v))); err != nil {
					return err
				}
			}
		}
		flows := b.Bucket(flowsKey)
		if flows == nil {
			return nil
		}
		type update struct{ key, value []byte }
		var updates []update
		_ = flows.ForEach(func(k, v []byte) error {
			if v != nil && jsontext.Value(v).IsValid() {
				updates = append(updates, update{bytes.Clone(k), sealJSON(id, flowsKey, k, slices.Clip(v))})
			}
			return nil
		})
		for _, u := range updates {
			if err := flows.Put(u.key, u.value); err != nil {
				return err
			}
		}
		return nil
	})
}

// CurrentSchema is the schema version this build writes.
func CurrentSchema() int { return 1 + len(migrations) }

// migrate copies the file to a 0600 backup, then runs every pending step in
// one transaction, so a failure leaves the file at its old version.
func (s *Store) migrate(from int) error {
	backup, err := s.backup(from)
	if err != nil {
		return fmt.Errorf("cannot back up %s before upgrading it: %w", s.path, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations {
			if m.to <= from {
				continue
			}
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("step to schema %d: %w", m.to, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(CurrentSchema())))
	})
	if err != nil {
		return fmt.Errorf("cannot upgrade %s (a backup is at %s): %w", s.path, backup, err)
	}
	return nil
}

// backupSuffix ends a backup's name: review.db.v1.bak.
const backupSuffix = ".bak"

// maxBackups bounds the numbered backups of one version tried.
const maxBackups = 100

// backup copies the file at schema version from to review.db.v<from>.bak, or,
// when an earlier backup (a database) or a link is in that place, to the
// first free review.db.v<from>.<n>.bak: a backup never writes over a
// database, which could be the only good copy. It returns the backup's path.
func (s *Store) backup(from int) (string, error) {
	for n := 1; n <= maxBackups; n++ {
		path := fmt.Sprintf("%s.v%d%s", s.real, from, backupSuffix)
		if n > 1 {
			path = fmt.Sprintf("%s.v%d.%d%s", s.real, from, n, backupSuffix)
		}
		// Never through a link: the file opened is the file at the name.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o600)
		if errors.Is(err, syscall.ELOOP) {
			continue
		}
		if err != nil {
			return "", err
		}
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			f.Close()
			continue
		}
		if isBolt, err := boltMagicAt(f); err != nil || isBolt {
			f.Close()
			continue
		}
		return path, s.backupInto(f)
	}
	return "", fmt.Errorf("%d backups of %s are in the way; move the old ones elsewhere", maxBackups, s.path)
}

// backupInto writes the database into f, which is not a database, and
// closes it.
func (s *Store) backupInto(f *os.File) error {
	// What was there, and its mode, go: the copy of the client's answers
	// must be 0600 whatever was in the way.
	err := f.Truncate(0)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = s.db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(f)
			return err
		})
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
