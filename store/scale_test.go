package store

import (
	"math"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// A file the last writer closed cleanly opens without the full check; any
// write to it since, by anyone, brings the check back, and damage is found.
func TestOnlyAnUntouchedFileSkipsTheCheck(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Create(syntheticSession(1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	open := func() (*Store, int64, error) {
		before := childChecks.Load()
		s, err := Open(path)
		return s, childChecks.Load() - before, err
	}
	s, checks, err := open()
	if err != nil || checks != 0 {
		t.Fatalf("reopening the file just closed: %d checks, %v; want none", checks, err)
	}
	s.Close()
	// The same bytes written again still count as a write.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	page := make([]byte, 4096)
	if _, err := f.ReadAt(page, 4096*3); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(page, 4096*3); err != nil {
		t.Fatal(err)
	}
	s, checks, err = open()
	if err != nil || checks != 1 {
		t.Fatalf("after a write by another program: %d checks, %v; want one", checks, err)
	}
	s.Close()
	// Damage after a clean close is refused, the file left as it is.
	for i := range page {
		page[i] = 0xA5
	}
	if _, err := f.WriteAt(page, 4096*2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	want := hashFile(t, path)
	if s, checks, err = open(); err == nil || checks != 1 {
		if s != nil {
			s.Close()
		}
		t.Fatalf("a damaged file: %d checks, %v; want one check and a refusal", checks, err)
	}
	if hashFile(t, path) != want {
		t.Fatal("the damaged file was changed")
	}
}

// Closing clears typed-over text from the free pages in place: the file is
// not rewritten (its inode stays), and the text is gone.
func TestCloseClearsTypedOverTextInPlace(t *testing.T) {
	s, path := openTemp(t)
	doc := syntheticSession(2)
	const marker = "TYPED-OVER-TEXT-5d21"
	doc.Flows[1].Contract.Payload = strings.Repeat(marker+" ", 300)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	f := doc.Flows[1]
	f.Contract.Payload = "rewritten"
	if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}}); err != nil {
		t.Fatal(err)
	}
	requireInFile(t, path, marker, true)
	stat := func() os.FileInfo {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	before := stat()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	requireInFile(t, path, marker, false)
	if !os.SameFile(stat(), before) {
		t.Fatal("closing rewrote the whole file; it should only clear its free pages")
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Load(doc.Session.ID)
	if err != nil || got.Flows[1].Contract.Payload != "rewritten" {
		t.Fatalf("the session after clearing: %v", err)
	}
	if s2.compactDue() {
		t.Fatal("the file is still marked as due")
	}
}

// The list reads each session's index, which every save keeps equal to a
// count of the flows' done steps; a session stored before there was an
// index is counted.
func TestListIndexFollowsEverySave(t *testing.T) {
	s, _ := openTemp(t)
	doc := syntheticSession(3)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		list, err := s.List()
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: list %v, %v", when, list, err)
		}
		var counted progress
		err = s.view(func(tx *bolt.Tx) error {
			counted = countProgress(tx.Bucket(bucketSessions).Bucket([]byte(doc.Session.ID)))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := (progress{list[0].Flows, list[0].StepsDone}); got != counted || got.Flows == 0 {
			t.Fatalf("%s: the list says %+v, the flows say %+v", when, got, counted)
		}
	}
	check("created")
	f := doc.Flows[0]
	for _, st := range model.Steps {
		f.SetStepDone(st, !f.StepDone(st))
	}
	if err := s.Save(doc.Session.ID, Changes{Flows: []model.Flow{f}}); err != nil {
		t.Fatal(err)
	}
	check("steps marked")
	order := []string{}
	for _, fl := range doc.Flows[2:] {
		order = append(order, fl.ID)
	}
	if err := s.Save(doc.Session.ID, Changes{FlowOrder: order, PruneFlows: true, DeletedFlows: []string{doc.Flows[1].ID}}); err != nil {
		t.Fatal(err)
	}
	check("flows deleted")
	err := s.update(false, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSessions).Bucket([]byte(doc.Session.ID)).Delete(keyProgress)
	})
	if err != nil {
		t.Fatal(err)
	}
	check("no index")
}

// Loads pause the collector while they run, and leave it as they found it
// however many run at once.
func TestLoadsLeaveTheCollectorAsItWas(t *testing.T) {
	s, _ := openTemp(t)
	doc := syntheticSession(4)
	if err := s.Create(doc); err != nil {
		t.Fatal(err)
	}
	before := debug.SetGCPercent(77)
	defer debug.SetGCPercent(before)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Load(doc.Session.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := debug.SetGCPercent(77); got != 77 {
		t.Fatalf("after the loads the collector runs at %d%%, want the 77%% it had", got)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Fatalf("after the loads the memory limit is %d, want none", limit)
	}
}
