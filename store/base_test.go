package store

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// testSnapshot stands in for report.SnapshotParts: the content's revision,
// and a fingerprint that is only its name (the store never reads one).
func testSnapshot(head *model.Document, flows func(yield func(*model.Flow) error) error) (Seen, error) {
	d := *head
	d.Flows = nil
	err := flows(func(f *model.Flow) error {
		d.Flows = append(d.Flows, f.Clone())
		return nil
	})
	if err != nil {
		return Seen{}, err
	}
	rev, err := model.ContentRevision(&d)
	return Seen{Revision: rev, Fingerprint: []byte("fp " + rev)}, err
}

func wholeSnapshot(d *model.Document) Seen {
	sn, _ := testSnapshot(d, func(yield func(*model.Flow) error) error {
		for i := range d.Flows {
			if err := yield(&d.Flows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return sn
}

func keptOrder(t *testing.T, s *Store, id string) []string {
	t.Helper()
	var order []string
	err := s.view(func(tx *bolt.Tx) error {
		return unmarshalOptional(tx.Bucket(bucketSessions).Bucket([]byte(id)).Get(keySeenOrder), &order)
	})
	if err != nil {
		t.Fatal(err)
	}
	return order
}

// Every revision a writer is about to write over is kept, once a run, so
// that an export made from it (exports write nothing) can be merged back;
// an import keeps the file's revision and says so in the session's
// provenance.
func TestRevisionsKeptBeforeTheyAreWrittenOver(t *testing.T) {
	s, path := openTemp(t)
	s.SetSnapshotter(testSnapshot)
	doc := syntheticSession(1)
	imported := wholeSnapshot(doc)
	doc.Provenance = model.Provenance{Revision: imported.Revision, BaseRevision: imported.Revision}
	if err := s.Import(doc, false, imported); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.MergeBase(doc.Session.ID, []string{"sha256:unknown", imported.Revision})
	if err != nil || !ok || got.Revision != imported.Revision || !bytes.Equal(got.Fingerprint, imported.Fingerprint) {
		t.Fatalf("the imported revision is not kept: %+v %v %v", got, ok, err)
	}
	loaded, err := s.Load(doc.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.BaseRevision != imported.Revision || !slices.Equal(loaded.Ancestors, []string{imported.Revision}) {
		t.Fatalf("the session's provenance after an import: %+v", loaded.Provenance)
	}

	// The stored session is the imported revision: the first save keeps
	// nothing more.
	save := func(st *Store, note string) {
		t.Helper()
		loaded.Flows[0].Source.Notes = note
		if err := st.Save(doc.Session.ID, Changes{Flows: loaded.Flows[:1]}); err != nil {
			t.Fatal(err)
		}
	}
	save(s, "first edit")
	if order := keptOrder(t, s, doc.Session.ID); len(order) != 1 {
		t.Fatalf("kept %d revisions after saving over the imported one, want 1", len(order))
	}
	// The next run's first save keeps the revision it writes over (the
	// one any export since holds); its later saves keep nothing more.
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	s2.SetSnapshotter(testSnapshot)
	before, err := s2.Load(doc.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	before.Provenance = model.Provenance{}
	want := wholeSnapshot(before)
	save(s2, "second run")
	save(s2, "second run, again")
	order := keptOrder(t, s2, doc.Session.ID)
	if !slices.Equal(order, []string{want.Revision, imported.Revision}) {
		t.Fatalf("kept %v, want the revision written over, then the import's", order)
	}
	after, _ := s2.Load(doc.Session.ID)
	if after.Ancestors[0] != want.Revision || after.BaseRevision != imported.Revision {
		t.Fatalf("the lineage does not lead with the revision kept: %+v", after.Provenance)
	}
}

// What is kept of a session is bounded, oldest dropped first, and a
// replacement keeps only the revisions it descends from.
func TestKeptRevisionsAreBoundedAndFollowTheLineage(t *testing.T) {
	s, _ := openTemp(t)
	doc := syntheticSession(2)
	if err := s.Import(doc, false); err != nil {
		t.Fatal(err)
	}
	var revs []string
	for i := range maxSeen + 4 {
		r := fmt.Sprintf("%s%064x", model.RevisionPrefix, i)
		revs = append(revs, r)
		if err := s.Keep(doc.Session.ID, Seen{Revision: r, Fingerprint: []byte{byte(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	order := keptOrder(t, s, doc.Session.ID)
	if len(order) != maxSeen || order[0] != revs[len(revs)-1] || slices.Contains(order, revs[0]) {
		t.Fatalf("kept %d (newest %s); want the %d newest", len(order), order[0], maxSeen)
	}
	if _, ok, _ := s.MergeBase(doc.Session.ID, revs[:4]); ok {
		t.Fatal("a revision dropped from the order can still be merged from")
	}
	// A replacement that descends from one kept revision keeps just that one.
	repl := doc.Clone()
	repl.Session.Name = "Replaced"
	repl.Ancestors = []string{revs[10]}
	if err := s.Import(repl, true); err != nil {
		t.Fatal(err)
	}
	if order := keptOrder(t, s, doc.Session.ID); !slices.Equal(order, []string{revs[10]}) {
		t.Fatalf("after a replacement kept %v, want only %s", order, revs[10])
	}
}

// Files before schema 3 kept a whole document as the merge base; the
// upgrade removes it, private notes and all.
func TestUpgradeDropsWholeMergeBases(t *testing.T) {
	s, path := openTemp(t)
	doc := syntheticSession(3)
	doc.Flows[0].Source.PrivateNotes = "marker-private-in-old-base"
	if err := s.Import(doc, false); err != nil {
		t.Fatal(err)
	}
	err := s.update(false, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(doc.Session.ID))
		old, err := b.CreateBucket(bucketBase)
		if err != nil {
			return err
		}
		data, _ := model.EncodeDocument(doc)
		if err := old.Put([]byte("document"), data); err != nil {
			return err
		}
		if err := b.Put(keyBase, data); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	_ = s2.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions).Bucket([]byte(doc.Session.ID))
		if b.Get(keyBase) != nil || b.Bucket(bucketBase) != nil {
			t.Error("the upgrade left a whole document as a merge base")
		}
		return nil
	})
}
