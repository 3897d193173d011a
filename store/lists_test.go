package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"

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
	compactInPlace(t, db, path) // so each value is in the file once
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

// listsLayout reads a closed file's schema and where its lists are: beside
// every session's record (schema 4), in buckets of their own (schema 5), or
// neither.
func listsLayout(t *testing.T, path string) (schema int, layout string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	beside, own := 0, 0
	_ = db.View(func(tx *bolt.Tx) error {
		schema, _ = strconv.Atoi(string(tx.Bucket(bucketMeta).Get(keySchema)))
		sessions := tx.Bucket(bucketSessions)
		return sessions.ForEachBucket(func(id []byte) error {
			b := sessions.Bucket(id)
			for _, key := range listKeys {
				switch {
				case b.Get(key) != nil && b.Bucket(key) == nil:
					beside++
				case b.Bucket(key) != nil && b.Bucket(key).Get(key) != nil:
					own++
				}
			}
			return nil
		})
	})
	switch {
	case beside > 0 && own == 0:
		return schema, "beside the record"
	case own > 0 && beside == 0:
		return schema, "own buckets"
	}
	return schema, fmt.Sprintf("mixed (%d beside, %d own)", beside, own)
}

// aroundListsStep runs the step to schema 5 inside around, until restore is
// called or the test ends.
func aroundListsStep(t *testing.T, around func(tx *bolt.Tx, step func(*bolt.Tx) error) error) (restore func()) {
	t.Helper()
	saved := migrations
	migrations = slices.Clone(migrations)
	found := false
	for i := range migrations {
		if step := migrations[i].apply; migrations[i].to == 5 {
			migrations[i].apply = func(tx *bolt.Tx) error { return around(tx, step) }
			found = true
		}
	}
	if !found {
		t.Fatal("no step to schema 5")
	}
	restore = func() { migrations = saved }
	t.Cleanup(restore)
	return restore
}

// loadsAsStored holds every session of the store to reading as stored.
func loadsAsStored(t *testing.T, s *Store, docs []*model.Document) {
	t.Helper()
	for _, d := range docs {
		got, err := s.Load(d.Session.ID)
		if err != nil {
			t.Fatalf("%s: %v", d.Session.Name, err)
		}
		if !bytes.Equal(encoded(t, got), encoded(t, d)) {
			t.Errorf("%s reads otherwise than stored", d.Session.Name)
		}
	}
}

// TestInterruptedListsMoveLeavesTheFileAtSchema4: a move of the lists that
// fails, or that the power cuts before its commit lands (every page of the
// new layout written, the meta pages not yet), leaves a schema-4 file that
// reads as it is read-only, and that the next open upgrades as if nothing
// had happened.
func TestInterruptedListsMoveLeavesTheFileAtSchema4(t *testing.T) {
	cases := []struct {
		name string
		// interrupt runs the step and says whether the open fails.
		interrupt func(t *testing.T, path string) (openFails bool)
	}{
		{"the step fails after moving every list", func(t *testing.T, path string) bool {
			aroundListsStep(t, func(tx *bolt.Tx, step func(*bolt.Tx) error) error {
				if err := step(tx); err != nil {
					return err
				}
				return errors.New("the disk is full")
			})
			return true
		}},
		{"the power fails before the meta page is written", func(t *testing.T, path string) bool {
			var before []byte
			aroundListsStep(t, func(tx *bolt.Tx, step func(*bolt.Tx) error) error {
				// The step's transaction has written nothing yet: this is
				// the file as the commit finds it.
				var err error
				if before, err = os.ReadFile(path); err != nil {
					return err
				}
				return step(tx)
			})
			t.Cleanup(func() {
				// Run after the open and close below: the file as the
				// power cut would leave it.
				after, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				meta := 2 * int(binary.LittleEndian.Uint32(before[metaHeader+8:]))
				if bytes.Equal(after[meta:], before[meta:len(after)]) {
					t.Fatal("the move wrote no pages")
				}
				copy(after, before[:meta])
				if err := os.WriteFile(path, after, 0o600); err != nil {
					t.Fatal(err)
				}
			})
			return false
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, docs := raceFile(t, 3)
			listsBesideRecord(t, path)
			// The subtest's own cleanups (the power cut) run at its end;
			// the interrupted open runs in a nested test so they run first.
			t.Run("interrupted", func(t *testing.T) {
				fails := c.interrupt(t, path)
				s, err := Open(path)
				if fails {
					if err == nil || !strings.Contains(err.Error(), "cannot upgrade") || !strings.Contains(err.Error(), ".v4.bak") {
						t.Fatalf("got %v, want an upgrade failure naming the backup", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
			})
			if schema, layout := listsLayout(t, path); schema != summedSchema || layout != "beside the record" {
				t.Fatalf("after the interruption the file is at schema %d with its lists %s, want schema 4 beside the record", schema, layout)
			}
			ro, err := OpenReadOnly(path)
			if err != nil {
				t.Fatalf("read-only open after the interruption: %v", err)
			}
			loadsAsStored(t, ro, docs)
			ro.Close()

			s, err := Open(path)
			if err != nil {
				t.Fatalf("open after the interruption: %v", err)
			}
			loadsAsStored(t, s, docs)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if schema, layout := listsLayout(t, path); schema != CurrentSchema() || layout != "own buckets" {
				t.Errorf("after the upgrade the file is at schema %d with its lists %s", schema, layout)
			}
			if _, damaged, err := check(path); err != nil || len(damaged) > 0 {
				t.Errorf("the upgraded file checks as %v, damaged %v", err, damaged)
			}
		})
	}
}

// TestFlowOrderSurvivesSaves: in a file upgraded from schema 4, each save
// that changes the order (a move, a delete, a prune, an added flow, the
// whole session at exit) keeps it in its own bucket, sealed, and the
// session reads in that order after the file is closed and opened again.
func TestFlowOrderSurvivesSaves(t *testing.T) {
	s, path := openTemp(t)
	doc := model.Generate(40, 2, 1)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	s.Close()
	listsBesideRecord(t, path)

	ids := func(flows []model.Flow) []string {
		out := make([]string, len(flows))
		for i, f := range flows {
			out[i] = f.ID
		}
		return out
	}
	without := func(order []string, gone ...string) []string {
		return slices.DeleteFunc(slices.Clone(order), func(id string) bool { return slices.Contains(gone, id) })
	}
	added := doc.Flows[0]
	added.ID, added.Name = model.NewIDAt(testNow, 9001), "Returns to the warehouse"
	steps := []struct {
		name string
		// change is the save, from the order as stored; want the order after.
		change func(order []string) (Changes, []string)
	}{
		{"a flow moved to the top", func(order []string) (Changes, []string) {
			moved := append([]string{order[len(order)-1]}, order[:len(order)-1]...)
			return Changes{Session: &doc.Session, FlowOrder: moved}, moved
		}},
		{"the order reversed", func(order []string) (Changes, []string) {
			rev := slices.Clone(order)
			slices.Reverse(rev)
			return Changes{FlowOrder: rev}, rev
		}},
		{"a flow deleted", func(order []string) (Changes, []string) {
			left := without(order, order[3])
			return Changes{DeletedFlows: []string{order[3]}, FlowOrder: left}, left
		}},
		{"two flows pruned", func(order []string) (Changes, []string) {
			left := without(order, order[0], order[10])
			return Changes{Session: &doc.Session, FlowOrder: left, PruneFlows: true}, left
		}},
		{"a flow added in the middle", func(order []string) (Changes, []string) {
			more := slices.Insert(slices.Clone(order), 5, added.ID)
			return Changes{Flows: []model.Flow{added}, FlowOrder: more}, more
		}},
		{"the whole session at exit", func(order []string) (Changes, []string) {
			left := without(order, order[1])
			return Changes{Session: &doc.Session, Systems: doc.Systems, Questions: doc.OpenQuestions, FlowOrder: left, PruneFlows: true, Whole: true}, left
		}},
	}
	order := ids(doc.Flows)
	for _, st := range steps {
		s, err := Open(path)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		c, want := st.change(order)
		if err := s.Save(doc.Session.ID, c); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := s.Load(doc.Session.ID)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !slices.Equal(ids(got.Flows), want) {
			t.Fatalf("%s: the session reads in another order", st.name)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if schema, layout := listsLayout(t, path); schema != CurrentSchema() || layout != "own buckets" {
			t.Fatalf("%s: the file is at schema %d with its lists %s", st.name, schema, layout)
		}
		if _, damaged, err := check(path); err != nil || len(damaged) > 0 {
			t.Fatalf("%s: the file checks as %v, damaged %v", st.name, err, damaged)
		}
		ro, err := OpenReadOnly(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err = ro.Load(doc.Session.ID)
		ro.Close()
		if err != nil || !slices.Equal(ids(got.Flows), want) {
			t.Fatalf("%s: after closing, the session reads in another order (%v)", st.name, err)
		}
		order = want
	}
}
