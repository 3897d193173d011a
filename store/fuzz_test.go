package store

// `archreview import FILE` puts whatever a file holds into the consultant's
// database. FuzzImport holds it to DESIGN §5 and §6: a refused file writes
// nothing, an accepted one is stored so that its export is the export of
// what was imported, and no import changes a session already there.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"

	bolt "go.etcd.io/bbolt"
)

// importExisting is the session already in the database when a file is
// imported; its export is one of the seeds, so "already there" is tried.
func importExisting() *model.Document {
	d := model.DemoAnswers(testNow)
	d.Session.ID = model.NewIDAt(testNow, 4242)
	d.Session.Name = "Existing synthetic review"
	return d
}

// importSeeds are whole exports, since mutations of a valid document are
// what reach Create.
func importSeeds(t testing.TB) [][]byte {
	render := func(d *model.Document, private bool) []byte {
		b, err := report.Render(d, report.FormatJSON, report.ExportOptions{Now: testNow, IncludePrivate: private})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	hostile := model.DemoAnswers(testNow)
	hostile.Session.ID = "hostile-1"
	hostile.Session.Notes = "\x1b]0;owned\x07\u009b2J\u202e\r\x00 password=hunter2"
	hostile.Flows[0].Contract.Payload = "api_key: sk_live_0123456789abcdefghij"
	clash := importExisting()
	clash.Session.Name = "Same id, other content"
	clash.Flows = clash.Flows[:1]
	clash.OpenQuestions = nil
	empty := model.NewSessionDocument(model.Session{ID: "empty-1", Name: "Empty session"}, testNow)
	return [][]byte{
		render(model.DemoAnswers(testNow), true),
		render(importExisting(), false),
		render(clash, false),
		render(hostile, true),
		render(empty, false),
		[]byte(`{"schema":"archreview/v1","session":{"id":"min-1","name":"Minimal"}}`),
		[]byte(`{"schema":"archreview/v1","session":{"id":"min-2","name":"Minimal"},"flows":[{"id":"f","name":"n","domain":"order","from":"x","to":"x"}]}`),
		[]byte(`not json at all`),
	}
}

// fingerprint is everything a user can see of the database: the list and
// every session's document.
func fingerprint(t testing.TB, s *Store) [32]byte {
	t.Helper()
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%+v\n", list)
	for _, info := range list {
		d, err := s.Load(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := model.EncodeDocument(d)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// exportedAtLine is the one line two exports of the same session may differ in.
var exportedAtLine = regexp.MustCompile(`(?m)^  "exported_at": "[^"]*",$`)

func FuzzImport(f *testing.F) {
	for _, s := range importSeeds(f) {
		f.Add(s)
	}
	// One store per fuzzing process: opening a file per input would spend the
	// time on fsyncs and checks rather than on inputs.
	s, err := Open(filepath.Join(f.TempDir(), "review.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	s.db.NoSync = true // a test file: durability is not what is tested here
	existing := importExisting()
	if err := s.Create(existing); err != nil {
		f.Fatal(err)
	}
	base := fingerprint(f, s)
	exportOf := func(t *testing.T, d *model.Document, now time.Time) []byte {
		b, err := report.Render(d, report.FormatJSON, report.ExportOptions{Now: now})
		if err != nil {
			t.Fatalf("export failed: %v", err)
		}
		return b
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := model.DecodeDocument(data)
		if err != nil {
			if fingerprint(t, s) != base {
				t.Fatal("a refused import changed the database")
			}
			t.Logf("refused: %v", err)
			return
		}
		want := exportOf(t, doc, testNow) // before Create, which must not matter
		err = s.Create(doc)
		if err != nil {
			var exists *ExistsError
			if !errors.As(err, &exists) || !strings.Contains(err.Error(), "already") {
				t.Fatalf("a valid document was refused: %v", err)
			}
			if fingerprint(t, s) != base {
				t.Fatal("an import of an id already there changed the database")
			}
			t.Logf("refused as already there: %v", err)
			return
		}
		defer func() {
			// Taken out without compacting, so the next input meets the same
			// database quickly.
			err := s.update(true, func(tx *bolt.Tx) error {
				return tx.Bucket(bucketSessions).DeleteBucket([]byte(doc.Session.ID))
			})
			if err != nil {
				t.Fatal(err)
			}
		}()
		if again := exportOf(t, doc, testNow); !bytes.Equal(want, again) {
			t.Fatal("Create changed the document it was given")
		}
		loaded, err := s.Load(doc.Session.ID)
		if err != nil {
			t.Fatalf("the imported session cannot be loaded: %v", err)
		}
		got := exportOf(t, loaded, testNow.Add(time.Hour))
		if _, err := model.DecodeDocument(got); err != nil {
			t.Fatalf("the export of an imported session cannot be imported: %v", err)
		}
		w := exportedAtLine.ReplaceAll(want, nil)
		g := exportedAtLine.ReplaceAll(got, nil)
		if bytes.Equal(g, got) {
			t.Fatal("the export has no exported_at line where one was expected")
		}
		if !bytes.Equal(w, g) {
			t.Fatalf("the export of the stored session differs from the export of the import:\n%s\n---\n%s", want, got)
		}
		t.Logf("imported %s with %d flows", doc.Session.ID, len(doc.Flows))
		other, err := s.Load(existing.Session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(exportOf(t, other, testNow), exportOf(t, existing, testNow)) {
			t.Fatal("an import changed the session already there")
		}
	})
}

// TestSoakFuzz runs the long fuzz runs for `make soak`: each target fuzzes for
// a minute in a `go test -fuzz` of its own, since one go test may fuzz only one
// target. A crasher is written by go test under the package's testdata/fuzz,
// where the next `make test` replays it.
func TestSoakFuzz(t *testing.T) {
	if !soakRun() {
		t.Skip("long fuzz runs are part of make soak (ARCHREVIEW_SOAK=1)")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the soak's fuzz runs need the go command on PATH: %v", err)
	}
	fuzzTime := "60s"
	if v := os.Getenv("ARCHREVIEW_FUZZTIME"); v != "" {
		fuzzTime = v
	}
	execs := regexp.MustCompile(`execs: (\d+)`)
	interesting := regexp.MustCompile(`new interesting: (\d+)`)
	var figures []string
	defer func() { fmt.Printf("soak: fuzz fuzztime=%s %s\n", fuzzTime, strings.Join(figures, " ")) }()
	for _, target := range []struct{ name, pkg string }{
		{"FuzzDecodeDocument", "./model"},
		{"FuzzImport", "./store"},
		{"FuzzLoadPack", "./model/pack"},
	} {
		t.Run(target.name, func(t *testing.T) {
			start := time.Now()
			// Minimizing each new input of a large export would spend most of
			// the minute; a bounded minimization keeps the minute for inputs.
			cmd := exec.Command(goBin, "test", "-run", "^$", "-fuzz", "^"+target.name+"$",
				"-fuzztime", fuzzTime, "-fuzzminimizetime", "100x", target.pkg)
			cmd.Dir = ".." // the module root: this test runs in store/
			out, err := cmd.CombinedOutput()
			last := func(re *regexp.Regexp) string {
				m := re.FindAllSubmatch(out, -1)
				if len(m) == 0 {
					return "0"
				}
				return string(m[len(m)-1][1])
			}
			figures = append(figures, fmt.Sprintf("%s: execs=%s new-interesting=%s took=%s ok=%v",
				target.name, last(execs), last(interesting), time.Since(start).Round(time.Second), err == nil))
			if err != nil {
				tail := out
				if len(tail) > 4000 {
					tail = tail[len(tail)-4000:]
				}
				t.Fatalf("go test -fuzz %s failed (%v); a failing input is saved under %s/testdata/fuzz/%s:\n%s",
					target.name, err, strings.TrimPrefix(target.pkg, "./"), target.name, tail)
			}
		})
	}
}
