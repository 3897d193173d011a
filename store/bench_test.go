package store

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
)

var benchSizes = []struct{ flows, risks int }{{200, 5}, {1000, 5}, {10000, 5}}

// BenchmarkSaveAnswer is one autosave of one changed answer: the flow's
// record, the session's stamp and index (the done bits only when they
// change), in one synced commit. Compare with BenchmarkBareCommit, the
// floor: the budget is at most 1.5x at every size.
func BenchmarkSaveAnswer(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			s, _, doc := benchStore(b, sz.flows, sz.risks)
			defer s.Close()
			saveAnswers(b, s, doc)
		})
	}
}

// BenchmarkSaveAnswerImported is BenchmarkSaveAnswer on an imported
// 10,000-flow session, which keeps the import's fingerprint to merge from
// (13 MB at this size): a save must not write that again.
func BenchmarkSaveAnswerImported(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "review.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	doc := model.Generate(10000, 5, 1)
	rev, fp, err := report.Snapshot(doc)
	if err != nil {
		b.Fatal(err)
	}
	doc.Revision = rev
	if err := s.Import(doc, false, Seen{Revision: rev, Fingerprint: fp}); err != nil {
		b.Fatal(err)
	}
	saveAnswers(b, s, doc)
}

// BenchmarkFirstSaveOfARun is the first save of an app run, which keeps the
// revision it writes over (read a batch of flows at a time, named and
// fingerprinted) in the same commit: paid once a session and a run.
func BenchmarkFirstSaveOfARun(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			s, path, doc := benchStore(b, sz.flows, sz.risks)
			s.Close()
			f := doc.Flows[len(doc.Flows)/2]
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				b.StopTimer()
				s, err := Open(path) // a new run
				if err != nil {
					b.Fatal(err)
				}
				s.SetSnapshotter(func(head *model.Document, flows func(yield func(*model.Flow) error) error) (Seen, error) {
					rev, fp, err := report.SnapshotParts(head, flows)
					return Seen{Revision: rev, Fingerprint: fp}, err
				})
				i++
				f.Contract.Timing = fmt.Sprintf("every %d minutes", i)
				b.StartTimer()
				if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session, Flows: []model.Flow{f}}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// benchStore is a new database holding a generated session of the size.
func benchStore(b *testing.B, flows, risks int) (*Store, string, *model.Document) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "review.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	doc := model.Generate(flows, risks, 1)
	if err := s.Create(doc); err != nil {
		b.Fatal(err)
	}
	return s, path, doc
}

// saveAnswers is the benchmark's loop: one answer of the middle flow
// changed and saved, as autosave does.
func saveAnswers(b *testing.B, s *Store, doc *model.Document) {
	f := doc.Flows[len(doc.Flows)/2]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		f.Contract.Timing = fmt.Sprintf("every %d minutes", i)
		if err := s.Save(doc.Session.ID, Changes{Session: &doc.Session, Flows: []model.Flow{f}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareCommit writes the same bytes as a save with bbolt alone: the
// flow's JSON under one key, synced.
func BenchmarkBareCommit(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			db, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			doc := model.Generate(sz.flows, sz.risks, 1)
			err = db.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucket([]byte("flows"))
				if err != nil {
					return err
				}
				for _, f := range doc.Flows {
					data, _ := json.Marshal(f)
					if err := bk.Put([]byte(f.ID), data); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			f := doc.Flows[sz.flows/2]
			data, _ := json.Marshal(f)
			b.ReportAllocs()
			for b.Loop() {
				err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("flows")).Put([]byte(f.ID), data) })
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenCheckLoad is the store's share of a cold start: the checker
// in a child process, the open, the session list and loading the session.
func BenchmarkOpenCheckLoad(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dflows-%drisks", sz.flows, sz.flows*sz.risks), func(b *testing.B) {
			s, path, doc := benchStore(b, sz.flows, sz.risks)
			s.Close()
			for b.Loop() {
				s, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.List(); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Load(doc.Session.ID); err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}
