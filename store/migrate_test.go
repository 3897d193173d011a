package store

import (
	"os"
	"testing"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
)

// writeV1 makes a schema-1 database as the first archreview wrote it: the
// schema number 1 and flows whose failure steps hold only text.
func writeV1(t *testing.T, path string, doc *model.Document) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if err := meta.Put(keyApp, []byte(appMarker)); err != nil {
			return err
		}
		if err := meta.Put(keySchema, []byte("1")); err != nil {
			return err
		}
		sessions, err := tx.CreateBucket(bucketSessions)
		if err != nil {
			return err
		}
		b, err := sessions.CreateBucket([]byte(doc.Session.ID))
		if err != nil {
			return err
		}
		flows, _ := b.CreateBucket(bucketFlows)
		steps, _ := b.CreateBucket(bucketSteps)
		put := func(bk *bolt.Bucket, k []byte, v any) error {
			data, err := json.Marshal(v)
			if err != nil {
				return err
			}
			return bk.Put(k, data)
		}
		if err := put(b, keySession, doc.Session); err != nil {
			return err
		}
		if err := put(b, keySystems, doc.Systems); err != nil {
			return err
		}
		var order []string
		for _, f := range doc.Flows {
			order = append(order, f.ID)
			// A v1 flow record: the failure step without its levels.
			v1 := map[string]any{"id": f.ID, "name": f.Name, "domain": f.Domain, "from": f.From, "to": f.To, "via": f.Via,
				"source": f.Source, "contract": f.Contract, "owner": f.Owner,
				"failure": map[string]any{"retries": f.Failure.Retries, "monitoring": f.Failure.Monitoring, "notes": "", "done": false, "risks": []any{}}}
			if err := put(flows, []byte(f.ID), v1); err != nil {
				return err
			}
			if err := steps.Put([]byte(f.ID), []byte{0}); err != nil {
				return err
			}
		}
		return put(b, keyFlowOrder, order)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A v1 database opens, is backed up, migrates in one step and reads as v2:
// the levels come from the text, blanks stay unanswered.
func TestV1DatabaseMigrates(t *testing.T) {
	path := t.TempDir() + "/review.db"
	doc := &model.Document{Session: model.Session{ID: "old", Name: "Last year's review"},
		Systems: []model.System{{ID: "a", Name: "Shop", Kind: "storefront"}, {ID: "b", Name: "ERP", Kind: "erp"}},
		Flows: []model.Flow{
			{ID: "f1", Name: "Orders", Domain: "order", From: "a", To: "b", Failure: model.FailureStep{Monitoring: "none - customers complain", Retries: "No retries"}},
			{ID: "f2", Name: "Stock", Domain: "inventory", From: "b", To: "a", Failure: model.FailureStep{Monitoring: "PagerDuty alert to on-call"}},
		}}
	writeV1(t, path, doc)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := Check(path + ".v1.bak"); err != nil || v != 1 {
		t.Fatalf("no schema-1 backup beside the file: version %d, %v", v, err)
	}
	if fi, err := os.Stat(path + ".v1.bak"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v", err)
	}
	got, err := s.Load("old")
	if err != nil {
		t.Fatal(err)
	}
	if got.Schema != model.SchemaID {
		t.Errorf("loaded schema %q", got.Schema)
	}
	want := []struct {
		retry model.RetryLevel
		mon   model.MonitoringLevel
	}{{model.RetryNone, model.MonitorNone}, {"", model.MonitorNamedOwner}}
	for i, w := range want {
		f := got.Flows[i].Failure
		if f.RetryLevel != w.retry || f.MonitoringLevel != w.mon {
			t.Errorf("flow %s: levels %q/%q, want %q/%q", got.Flows[i].ID, f.RetryLevel, f.MonitoringLevel, w.retry, w.mon)
		}
		if f.Monitoring != doc.Flows[i].Failure.Monitoring {
			t.Errorf("flow %s lost its monitoring text: %q", got.Flows[i].ID, f.Monitoring)
		}
	}
	if ps := model.Validate(got); len(ps) > 0 {
		t.Errorf("the migrated session does not validate: %v", ps)
	}
}
