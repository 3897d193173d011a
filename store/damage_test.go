package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

// raceSession is the demo under a new id, named "Race n", with an answer of
// its own to find in the file.
func raceSession(n int) *model.Document {
	d := model.DemoAnswers(testNow)
	d.Session.ID = model.NewIDAt(testNow, uint64(7000+n))
	d.Session.Name = fmt.Sprintf("Race %d", n)
	d.Flows[1].Source.Notes = fmt.Sprintf("answer-of-race-%d: the ERP wins every stock dispute", n)
	d.Systems[0].Name = fmt.Sprintf("Storefront of race %d", n)
	return d
}

// raceFile is a closed database of sessions Race 1 to Race n, compacted so
// each stored value is in the file once; the odd ones are imported (with
// their provenance), the others created. It returns the file and the
// sessions as stored.
func raceFile(t *testing.T, n int) (string, []*model.Document) {
	t.Helper()
	s, path := openTemp(t)
	var docs []*model.Document
	for i := 1; i <= n; i++ {
		d := raceSession(i)
		store := s.Create
		if i%2 == 1 {
			store = func(d *model.Document) error { return s.Import(d, false) }
		}
		if err := store(d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if err := s.Compact(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, docs
}

// changeInPlace finds the one place the file holds text and changes the
// byte at offset into it, as a bad sector or a sync tool would, with no
// archreview running.
func changeInPlace(t *testing.T, path, text string, offset int, change func(byte) byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(text)); n != 1 {
		t.Fatalf("%q is in the file %d times, want once", text, n)
	}
	at := bytes.Index(data, []byte(text)) + offset
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{change(data[at])}, int64(at)); err != nil {
		t.Fatal(err)
	}
}

func encoded(t *testing.T, d *model.Document) []byte {
	t.Helper()
	b, err := model.EncodeDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDamagedSessionHidesOnlyItself damages one value of one session in
// each way a file is damaged in place, and holds List, Load, Resolve and
// Save to naming that session while every other one reads as stored.
func TestDamagedSessionHidesOnlyItself(t *testing.T) {
	flip := func(b byte) byte { return b ^ 0x01 }
	other := func(b byte) byte { return b + 1 }
	cases := []struct {
		name     string
		victim   int // the session damaged, 1-based
		damage   func(t *testing.T, path string, d *model.Document)
		part     string
		wantName string // the name the damage is reported under
	}{
		{"a byte changed in an answer", 3, func(t *testing.T, path string, d *model.Document) {
			changeInPlace(t, path, "answer-of-race-3:", 3, other)
		}, partFlows, "Race 3"},
		{"a bit flipped in an answer", 4, func(t *testing.T, path string, d *model.Document) {
			changeInPlace(t, path, "answer-of-race-4:", 10, flip)
		}, partFlows, "Race 4"},
		// "Race 5" read as "Rabe 5": the record is what is damaged, so its
		// name is not believed, and the session goes by its id.
		{"a bit flipped in the name of an imported session", 5, func(t *testing.T, path string, d *model.Document) {
			changeInPlace(t, path, `"name":"Race 5"`, len(`"name":"Ra`), flip)
		}, "its record", ""},
		{"a bit flipped in the name of a created session", 2, func(t *testing.T, path string, d *model.Document) {
			changeInPlace(t, path, `"name":"Race 2"`, len(`"name":"Ra`), flip)
		}, "its record", ""},
		{"a byte changed in a system", 1, func(t *testing.T, path string, d *model.Document) {
			changeInPlace(t, path, "Storefront of race 1", 3, other)
		}, "its systems", "Race 1"},
		{"the flows of a session gone", 6, func(t *testing.T, path string, d *model.Document) {
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketSessions).Bucket([]byte(d.Session.ID)).DeleteBucket(bucketFlows)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, "its list of flows", "Race 6"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, docs := raceFile(t, 6)
			victim := docs[c.victim-1]
			c.damage(t, path, victim)
			for _, readOnly := range []bool{true, false} {
				before := hashFile(t, path)
				opener := Open
				if readOnly {
					opener = OpenReadOnly
				}
				s, err := opener(path)
				if err != nil {
					t.Fatalf("read-only %v: the file is refused whole: %v", readOnly, err)
				}
				checkOneDamaged(t, s, docs, victim, c.part, c.wantName)
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if hashFile(t, path) != before {
					t.Fatalf("read-only %v: listing and loading changed the file", readOnly)
				}
			}
			// A file with a damaged session is never noted as sound: every
			// open checks it, so a session replaced since lists as sound.
			checks := childChecks.Load()
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if childChecks.Load() == checks {
				t.Error("a file with a damaged session was opened without its check")
			}
			if err := s.Import(victim, true); err != nil {
				t.Fatalf("replacing the damaged session from its export: %v", err)
			}
			list, err := s.List()
			if err != nil {
				t.Fatal(err)
			}
			for _, si := range list {
				if si.Damaged != nil {
					t.Errorf("after the damaged session was replaced, %s still lists as damaged", si.ID)
				}
			}
			if got, err := s.Load(victim.Session.ID); err != nil || !bytes.Equal(encoded(t, got), encoded(t, victim)) {
				t.Errorf("the replaced session does not read back as imported: %v", err)
			}
			s.Close()
		})
	}
}

func checkOneDamaged(t *testing.T, s *Store, docs []*model.Document, victim *model.Document, part, wantName string) {
	t.Helper()
	list, err := s.List()
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(list) != len(docs) {
		t.Fatalf("list has %d sessions, want %d", len(list), len(docs))
	}
	for _, si := range list {
		if si.ID != victim.Session.ID {
			if si.Damaged != nil {
				t.Errorf("%s lists as damaged: %v", si.Name, si.Damaged)
			}
			continue
		}
		if si.Damaged == nil {
			t.Fatalf("the damaged session lists as sound: %+v", si)
		}
		if si.Damaged.Part != part || si.Damaged.Name != wantName || si.Name != wantName {
			t.Errorf("listed as damaged in %q under the name %q (%q), want %q under %q", si.Damaged.Part, si.Damaged.Name, si.Name, part, wantName)
		}
	}
	_, err = s.Load(victim.Session.ID)
	var de *DamagedError
	if !errors.As(err, &de) {
		t.Fatalf("loading the damaged session: %v, want a DamagedError", err)
	}
	msg := err.Error()
	label := victim.Session.ID
	if wantName != "" {
		label = wantName + " (" + victim.Session.ID + ")"
	}
	if !strings.HasPrefix(msg, "session "+label+" is damaged and cannot be read") || !strings.Contains(msg, "export --all -o DIR") || strings.Contains(msg, "\n") {
		t.Errorf("loading it says %q, want one sentence naming %s and what to do", msg, label)
	}
	if _, err := s.Resolve(victim.Session.ID); !errors.As(err, &de) {
		t.Errorf("resolving it by id: %v, want a DamagedError", err)
	}
	for _, d := range docs {
		if d == victim {
			continue
		}
		got, err := s.Load(d.Session.ID)
		if err != nil {
			t.Fatalf("loading %s beside the damaged one: %v", d.Session.Name, err)
		}
		if !bytes.Equal(encoded(t, got), encoded(t, d)) {
			t.Errorf("%s does not read back as stored", d.Session.Name)
		}
		if _, err := s.Resolve(d.Session.Name); err != nil {
			t.Errorf("resolving %s: %v", d.Session.Name, err)
		}
	}
	if !s.readOnly && part == "its list of flows" {
		// Nothing loads it, so nothing saves to it; a save that gets
		// there all the same is refused, not a panic.
		if err := s.Save(victim.Session.ID, Changes{Session: &victim.Session, Flows: victim.Flows[:1]}); err == nil {
			t.Error("a save into a session without its flows went through")
		}
	}
}

// unsumFile turns a database of this build into one as schema 3 wrote it,
// every value plain JSON, compacted so each is in the file once.
func unsumFile(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		err := sessions.ForEachBucket(func(id []byte) error {
			b := sessions.Bucket(id)
			// Schema 3 kept the lists beside the record, not in buckets.
			for _, p := range sessionParts {
				if v := sessionValue(b, p.key); v != nil {
					plain := bytes.Clone(v[:len(v)-sumTrailer])
					if b.Bucket(p.key) != nil {
						if err := b.DeleteBucket(p.key); err != nil {
							return err
						}
					}
					if err := b.Put(p.key, plain); err != nil {
						return err
					}
				}
			}
			flows := b.Bucket(bucketFlows)
			var keys, values [][]byte
			_ = flows.ForEach(func(k, v []byte) error {
				keys, values = append(keys, bytes.Clone(k)), append(values, bytes.Clone(v[:len(v)-sumTrailer]))
				return nil
			})
			for i := range keys {
				if err := flows.Put(keys[i], values[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(summedSchema-1)))
	})
	if err != nil {
		t.Fatal(err)
	}
	compactInPlace(t, db, path)
}

// compactInPlace closes db, the file at path, after copying it compacted
// over itself: a file rewritten by hand then holds each value once, as an
// older archreview left it.
func compactInPlace(t *testing.T, db *bolt.DB, path string) {
	t.Helper()
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

// TestUnsummedFilesGainSums: a file from before the sums reads as it is
// read-only (so its sessions can be saved without writing to it), and the
// app's open seals every value, after a backup. A value damaged before any
// sum could tell (not JSON) hides its session alone, before and after.
func TestUnsummedFilesGainSums(t *testing.T) {
	path, docs := raceFile(t, 4)
	unsumFile(t, path)
	// The quote that opens the answer becomes a control byte: not JSON.
	changeInPlace(t, path, `"answer-of-race-2:`, 0, func(byte) byte { return 0x01 })
	victim := docs[1]

	before := hashFile(t, path)
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("a file from before the sums opened read-only: %v", err)
	}
	checkOneDamaged(t, s, docs, victim, partFlows, "Race 2")
	s.Close()
	if hashFile(t, path) != before {
		t.Fatal("reading a file from before the sums changed it")
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(fmt.Sprintf("%s.v%d.bak", path, summedSchema-1)); err != nil {
		t.Errorf("no backup before the upgrade: %v", err)
	}
	checkOneDamaged(t, s, docs, victim, partFlows, "Race 2")
	// Every value of the sound sessions is sealed now, and only those.
	err = s.view(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		return sessions.ForEachBucket(func(id []byte) error {
			b := sessions.Bucket(id)
			for _, p := range sessionParts {
				if isList(p.key) && b.Get(p.key) != nil {
					return fmt.Errorf("%s of %s is still beside its record", p.part, id)
				}
				if v := sessionValue(b, p.key); v != nil {
					if _, err := unseal(id, p.key, nil, v, false); err != nil {
						return fmt.Errorf("%s of %s is not sealed", p.part, id)
					}
				}
			}
			return b.Bucket(bucketFlows).ForEach(func(k, v []byte) error {
				_, err := unseal(id, bucketFlows, k, v, false)
				if sealed := err == nil; sealed == (string(id) == victim.Session.ID && bytes.Equal(k, []byte(victim.Flows[1].ID))) {
					return fmt.Errorf("flow %s of %s: sealed %v", k, id, sealed)
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Error(err)
	}
	s.Close()
}

// TestDamageFoundByALoadIsKept: damage that comes after the check (a sector
// gone bad under an open file) is found by the Load that reads it; from then
// on the list marks the session, and closing does not note the file as
// sound, so the next open checks it.
func TestDamageFoundByALoadIsKept(t *testing.T) {
	path, docs := raceFile(t, 3)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	changeInPlace(t, path, "answer-of-race-2:", 4, func(b byte) byte { return b ^ 0x20 })
	if _, err := s.Load(docs[1].Session.ID); !errors.As(err, new(*DamagedError)) {
		t.Fatalf("loading the session damaged under the open file: %v, want a DamagedError", err)
	}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, si := range list {
		if damaged := si.Damaged != nil; damaged != (si.ID == docs[1].Session.ID) {
			t.Errorf("%s listed damaged %v after the load", si.Name, damaged)
		}
	}
	s.Close()
	checks := childChecks.Load()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if childChecks.Load() == checks {
		t.Error("the file was noted as sound after a load found a session damaged")
	}
}
