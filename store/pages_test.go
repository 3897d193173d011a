package store

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// A sound file passes the tree walk, after saves and deletes too; the same
// file with one branch key changed, which bbolt's own check lets through,
// does not.
func TestTreeWalkFindsAGarbledBranchKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "review.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := model.Generate(300, 5, 7)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	order := []string{}
	for i, f := range doc.Flows {
		if i%3 != 0 {
			order = append(order, f.ID)
		}
	}
	f := doc.Flows[1]
	f.Contract.Notes = "changed after the import"
	if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}, FlowOrder: order, PruneFlows: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if !treeSound(tx, raw) {
			t.Fatal("a sound file fails the tree walk")
		}
		flows := tx.Bucket(bucketSessions).Bucket([]byte(doc.Session.ID)).Bucket(bucketFlows)
		root := uint64(flows.Root())
		ps := uint64(tx.DB().Info().PageSize)
		p := raw[root*ps:]
		if flags := binary.LittleEndian.Uint16(p[8:10]); flags != branchPage {
			t.Fatalf("the flows bucket's root is not a branch page (flags %x); the test needs a bigger session", flags)
		}
		garbled := append([]byte(nil), raw...)
		e := root*ps + pageHeader + pageElement // the second element
		pos := uint64(binary.LittleEndian.Uint32(garbled[e : e+4]))
		ksize := uint64(binary.LittleEndian.Uint32(garbled[e+4 : e+8]))
		garbled[e+pos+ksize-1] ^= 0x01 // the last byte of its key
		if treeSound(tx, garbled) {
			t.Fatal("a garbled branch key passes the tree walk")
		}
		return nil
	})
}
