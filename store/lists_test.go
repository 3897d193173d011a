package store

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"testing"

	"archreview/model"

	bolt "go.etcd.io/bbolt"
)

// listsBesideRecord turns a closed database of this build into one as
// schema 4 wrote it: every list sealed, beside the session record.
func listsBesideRecord(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		err := sessions.ForEachBucket(func(id []byte) error {
			b := sessions.Bucket(id)
			for _, key := range listKeys {
				lb := b.Bucket(key)
				if lb == nil {
					return fmt.Errorf("session %s has no bucket %s", id, key)
				}
				v := bytes.Clone(lb.Get(key))
				if err := b.DeleteBucket(key); err != nil {
					return err
				}
				if err := b.Put(key, v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(summedSchema)))
	})
	if err != nil {
		t.Fatal(err)
	}
	// Compacted, so each value is in the file once.
	fresh, err := bolt.Open(path+".fresh", 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bolt.Compact(fresh, db, 0); err != nil {
		t.Fatal(err)
	}
	fresh.Close()
	db.Close()
	if err := os.Rename(path+".fresh", path); err != nil {
		t.Fatal(err)
	}
}

// TestListsMoveIntoBucketsOfTheirOwn: a schema-4 file reads as it is
// read-only, unchanged; the app's open backs it up and moves every list
// into its own bucket, byte for byte, so the sessions load as they were
// and a list damaged before the move still hides its session alone.
func TestListsMoveIntoBucketsOfTheirOwn(t *testing.T) {
	path, docs := raceFile(t, 3)
	listsBesideRecord(t, path)
	changeInPlace(t, path, "Storefront of race 2", 3, func(c byte) byte { return c ^ 0x20 })
	victim := docs[1]

	before := hashFile(t, path)
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("a schema-4 file opened read-only: %v", err)
	}
	checkOneDamaged(t, s, docs, victim, "its systems", "Race 2")
	s.Close()
	if hashFile(t, path) != before {
		t.Fatal("reading a schema-4 file changed it")
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(fmt.Sprintf("%s.v%d.bak", path, summedSchema)); err != nil {
		t.Errorf("no backup before the upgrade: %v", err)
	}
	if got := s.schema(); got != CurrentSchema() {
		t.Errorf("the file is at schema %d after the upgrade, want %d", got, CurrentSchema())
	}
	checkOneDamaged(t, s, docs, victim, "its systems", "Race 2")
	err = s.view(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		return sessions.ForEachBucket(func(id []byte) error {
			b := sessions.Bucket(id)
			for _, key := range listKeys {
				if b.Get(key) != nil || b.Bucket(key) == nil || b.Bucket(key).Get(key) == nil {
					return fmt.Errorf("session %s: %s is not in a bucket of its own", id, key)
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Error(err)
	}
	for _, d := range []*model.Document{docs[0], docs[2]} {
		got, err := s.Load(d.Session.ID)
		if err != nil {
			t.Fatalf("%s: %v", d.Session.Name, err)
		}
		if !bytes.Equal(encoded(t, got), encoded(t, d)) {
			t.Errorf("%s reads otherwise after the move", d.Session.Name)
		}
	}
}

// TestSavingAnAnswerLeavesTheListsAlone: an autosave of one answer writes
// the flow and the session record, and none of the lists, whose pages stay
// where they were; a save of the systems writes the systems alone.
func TestSavingAnAnswerLeavesTheListsAlone(t *testing.T) {
	s, _ := openTemp(t)
	// Big enough that no list fits inline in the session's leaf.
	doc := model.Generate(300, 2, 1)
	for i := range 40 {
		doc.Triage = append(doc.Triage, model.Triage{Finding: fmt.Sprintf("NO_RETRY:flow-%d", i), Status: model.TriageDismissed, Reason: "retried by the platform's own queue"})
	}
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	roots := func() map[string]uint64 {
		out := map[string]uint64{}
		_ = s.view(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketSessions).Bucket([]byte(doc.Session.ID))
			for _, key := range append(listKeys, bucketFlows) {
				if kb := b.Bucket(key); kb != nil {
					out[string(key)] = uint64(kb.Root())
				}
			}
			return nil
		})
		return out
	}
	was := roots()
	for _, key := range append(listKeys, bucketFlows) {
		if was[string(key)] == 0 {
			t.Fatalf("%s is beside the record or inline in its leaf, so every save writes it", key)
		}
	}
	f := doc.Flows[150]
	f.Contract.Timing = "every minute"
	if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session, Flows: []model.Flow{f}}); err != nil {
		t.Fatal(err)
	}
	now := roots()
	for _, key := range listKeys {
		if now[string(key)] != was[string(key)] {
			t.Errorf("saving an answer wrote %s again", key)
		}
	}
	if now["flows"] == was["flows"] {
		t.Error("the answer's flow was not written")
	}

	doc.Systems[0].Notes = "the shop, as the room calls it"
	if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session, Systems: doc.Systems}); err != nil {
		t.Fatal(err)
	}
	after := roots()
	for _, key := range listKeys {
		if changed := after[string(key)] != now[string(key)]; changed != bytes.Equal(key, keySystems) {
			t.Errorf("saving the systems: %s written %v", key, changed)
		}
	}
	got, err := s.Load(doc.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Systems[0].Notes != doc.Systems[0].Notes || got.Flows[150].Contract.Timing != "every minute" {
		t.Error("the saves did not read back")
	}
}
