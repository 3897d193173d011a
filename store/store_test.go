package store

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"

	bolt "go.etcd.io/bbolt"
)

func TestMain(m *testing.M) {
	RunCheckerIfAsked()
	lockTimeout = 300 * time.Millisecond
	// Notes of files found sound go to a cache folder of the run's own.
	cache, err := os.MkdirTemp("", "archreview-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "review.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestCreateLoadRoundTrip(t *testing.T) {
	s, path := openTemp(t)
	demo := model.DemoAnswers(testNow)
	if err := s.Create(demo); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(demo); err == nil || !strings.Contains(err.Error(), "already in this database") {
		t.Fatalf("second create: %v", err)
	}
	s.Close()

	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Load(demo.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := model.EncodeDocument(demo)
	b, _ := model.EncodeDocument(got)
	if !bytes.Equal(a, b) {
		t.Fatalf("loaded session differs from the one stored:\n%s\n---\n%s", a, b)
	}
}

func TestSaveWritesOneFlowAndKeepsOrder(t *testing.T) {
	s, _ := openTemp(t)
	demo := model.DemoAnswers(testNow)
	if err := s.Create(demo); err != nil {
		t.Fatal(err)
	}
	f := demo.Flows[2]
	f.Contract.Timing = "every five minutes"
	f.SetStepDone(model.StepOwner, true)
	if err := s.Save(demo.Session.ID, Changes{Flows: []model.Flow{f}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(demo.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Flows[2].Contract.Timing != "every five minutes" || got.Flows[0].ID != demo.Flows[0].ID {
		t.Fatalf("save did not land in place: %+v", got.Flows[2].Contract)
	}

	// Delete a flow and add one at the end.
	added := model.Flow{ID: model.NewID(), Name: "Returns", Domain: "returns", From: demo.Systems[0].ID, To: demo.Systems[1].ID}
	order := []string{}
	for _, fl := range demo.Flows[1:] {
		order = append(order, fl.ID)
	}
	order = append(order, added.ID)
	err = s.Save(demo.Session.ID, Changes{Flows: []model.Flow{added}, DeletedFlows: []string{demo.Flows[0].ID}, FlowOrder: order})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.Load(demo.Session.ID)
	if len(got.Flows) != len(demo.Flows) || got.Flows[0].ID != demo.Flows[1].ID || got.Flows[len(got.Flows)-1].ID != added.ID {
		t.Fatalf("flow order after delete and add is wrong: first %s last %s", got.Flows[0].Name, got.Flows[len(got.Flows)-1].Name)
	}

	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, fl := range got.Flows {
		want += fl.StepsDone()
	}
	if len(list) != 1 || list[0].Flows != len(got.Flows) || list[0].StepsDone != want || list[0].StepsTotal != 4*len(got.Flows) {
		t.Fatalf("list progress = %+v, want %d done of %d", list, want, 4*len(got.Flows))
	}
}

func TestFileModes(t *testing.T) {
	_, path := openTemp(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(path))
	if di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", di.Mode().Perm())
	}
}

func TestSecondOpenIsRefusedQuickly(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	_, err := Open(path)
	if !IsKind(err, KindInUse) {
		t.Fatalf("second open: %v, want in use", err)
	}
	if !strings.Contains(err.Error(), "is open in another archreview; close it and try again") {
		t.Fatalf("message %q", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("refusal took %v", d)
	}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// validDB returns the bytes of a database holding the demo.
func validDB(t *testing.T) []byte {
	t.Helper()
	s, path := openTemp(t)
	if err := s.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func foreignBolt(t *testing.T) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(p, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("widgets"))
		return b.Put([]byte("k"), []byte("v"))
	})
	db.Close()
	b, _ := os.ReadFile(p)
	return b
}

func TestRefusesBadFilesUntouched(t *testing.T) {
	good := validDB(t)
	pageSize := os.Getpagesize()
	zeroMeta := append([]byte(nil), good...)
	clear(zeroMeta[:2*pageSize])
	flipped := append([]byte(nil), good...)
	for i := 2 * pageSize; i < len(flipped); i += 97 {
		flipped[i] ^= 0xA5
	}
	cases := []struct {
		name string
		data []byte
		kind Kind
	}{
		{"empty file", nil, KindEmpty},
		{"text file", []byte("meeting notes\nnot a database\n"), KindNotDatabase},
		{"zeroed meta pages", zeroMeta, KindNotDatabase},
		{"another program's bbolt file", foreignBolt(t), KindNotDatabase},
		{"damaged pages", flipped, KindDamaged},
		// Cut past the meta and freelist pages, into the pages the tree uses:
		// half the file may be free space bbolt grew into.
		{"truncated", good[:3*pageSize], KindDamaged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, "review.db", c.data)
			before := hashFile(t, p)
			_, err := Open(p)
			if err == nil {
				t.Fatal("opened")
			}
			if !IsKind(err, c.kind) {
				t.Fatalf("got %v, want kind %s", err, c.kind)
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), p) {
				t.Fatalf("error %q is not one line naming the file", err)
			}
			if hashFile(t, p) != before {
				t.Fatal("the refused file was changed")
			}
		})
	}
}

func TestRefusesNewerSchemaUntouched(t *testing.T) {
	s, path := openTemp(t)
	s.mu.Lock()
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("99")) })
	s.mu.Unlock()
	s.Close()
	before := hashFile(t, path)
	_, err := Open(path)
	if !IsKind(err, KindNewer) || !strings.Contains(err.Error(), "schema 99") {
		t.Fatalf("got %v, want a newer-schema refusal", err)
	}
	if hashFile(t, path) != before {
		t.Fatal("the refused file was changed")
	}
}

// pretendNextSchema makes this test's build one schema newer than the
// files it has made, with apply as the step to it, and returns the schema
// the files are at.
func pretendNextSchema(t *testing.T, apply func(tx *bolt.Tx) error) int {
	t.Helper()
	from := CurrentSchema()
	saved := migrations
	migrations = append(slices.Clip(migrations), migration{to: from + 1, apply: apply})
	t.Cleanup(func() { migrations = saved })
	return from
}

func TestMigratesOlderSchemaAfterBackup(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Create(model.DemoAnswers(testNow)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ran := 0
	from := pretendNextSchema(t, func(tx *bolt.Tx) error {
		ran++
		return tx.Bucket(bucketMeta).Put([]byte("migrated"), []byte("yes"))
	})
	backup := fmt.Sprintf("%s.v%d.bak", path, from)

	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if ran != 1 {
		t.Fatalf("migration ran %d times", ran)
	}
	fi, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	if v, err := Check(backup); err != nil || v != from {
		t.Errorf("backup is not the schema-%d database: version %d, %v", from, v, err)
	}
	s2.view(func(tx *bolt.Tx) error {
		if v, want := string(tx.Bucket(bucketMeta).Get(keySchema)), strconv.Itoa(from+1); v != want {
			t.Errorf("schema is %s after migrating, want %s", v, want)
		}
		return nil
	})
	if _, err := s2.Load(model.DemoSessionID); err != nil {
		t.Fatalf("session lost in migration: %v", err)
	}
}

func TestDeleteSessionLeavesNoText(t *testing.T) {
	s, path := openTemp(t)
	demo := model.DemoAnswers(testNow)
	marker := "UNIQUE-MARKER-7f3a91"
	demo.Flows[0].Source.Notes = strings.Repeat(marker, 50)
	if err := s.Create(demo); err != nil {
		t.Fatal(err)
	}
	keep := model.DemoAnswers(testNow)
	keep.Session.ID = model.NewID()
	if err := s.Create(keep); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(demo.Session.ID); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte(marker)) {
		t.Fatal("deleted text is still readable in the file")
	}
	if _, err := s.Load(keep.Session.ID); err != nil {
		t.Fatalf("the other session did not survive compaction: %v", err)
	}
	if err := s.Save(keep.Session.ID, Changes{Session: &keep.Session}); err != nil {
		t.Fatalf("save after compaction: %v", err)
	}
	if err := s.DeleteSession(demo.Session.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("compacted file mode %v", fi.Mode().Perm())
	}
}

func TestResolve(t *testing.T) {
	s, _ := openTemp(t)
	mk := func(id, name string, client ...string) {
		d := &model.Document{Schema: model.SchemaID, Session: model.Session{ID: id, Name: name, Date: "2026-03-14", Client: strings.Join(client, "")}}
		if err := s.Create(d); err != nil {
			t.Fatal(err)
		}
	}
	mk("01AAA", "Spring review")
	mk("01AAB", "Spring replatform")
	mk("01BBB", "Autumn")
	mk("01CCC", "Kick-off", "Harbour & Pine")
	mk("01DDD", "Follow-up", "Harbour Freight")
	cases := []struct{ ref, want, err string }{
		{"01AAA", "01AAA", ""},
		{"spring review", "01AAA", ""},
		{"aut", "01BBB", ""},
		{"01B", "01BBB", ""},
		{"spring", "", "matches 2 sessions"},
		{"harbour & pine", "01CCC", ""},
		{"Harbour F", "01DDD", ""},
		{"harbour", "", "matches 2 sessions"},
		{"nope", "", "no session matches"},
		{"", "", "name a session"},
	}
	for _, c := range cases {
		got, err := s.Resolve(c.ref)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Resolve(%q) error = %v, want %q", c.ref, err, c.err)
			}
			continue
		}
		if err != nil || got.ID != c.want {
			t.Errorf("Resolve(%q) = %s, %v; want %s", c.ref, got.ID, err, c.want)
		}
	}
}

func TestLooseModesAreTightened(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v after opening, want 0600", fi.Mode().Perm())
	}
	if len(s2.Notices) != 1 || !strings.Contains(s2.Notices[0], "could be read by other users") {
		t.Fatalf("notices %v", s2.Notices)
	}
}
