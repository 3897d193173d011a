//go:build unix

package e2e

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A programme of 10,000 flows goes out and comes back: demo makes it,
// export writes it (176 MB, most of it the summary), import reads it into
// a fresh file, and the export of the imported session is the same, but
// for the time it was written and its provenance (it came from that file).
func TestProgrammeRoundTrip(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.db"), filepath.Join(dir, "second.db")
	id := strings.TrimSpace(mustRun(t, first, nil, "demo", "--flows", "10000"))
	out := filepath.Join(dir, "programme.json")
	mustRun(t, first, nil, "export", id, "-o", out)
	if fi, err := os.Stat(out); err != nil || fi.Size() < 64<<20 {
		t.Fatalf("the export of 10,000 flows: %v, %d bytes; want more than the old 64 MB limit", err, fi.Size())
	}
	mustRun(t, second, nil, "import", out)
	again := filepath.Join(dir, "again.json")
	mustRun(t, second, nil, "export", id, "-o", again)
	if line, a, b := firstExportDifference(t, out, again); line > 0 {
		t.Fatalf("the export after the round trip differs at line %d:\n  %.200s\n  %.200s", line, a, b)
	}
}

// withoutProvenance scans an export's lines, skipping where the copy came
// from (base_revision and ancestors), which an import adds: a re-export of
// an imported file names that file as its origin. The revision, which names
// the content, is compared like any line.
func withoutProvenance(s *bufio.Scanner) func() bool {
	return func() bool {
		inAncestors := false
		for s.Scan() {
			l := bytes.TrimSpace(s.Bytes())
			switch {
			case inAncestors:
				inAncestors = !bytes.HasPrefix(l, []byte("]"))
			case bytes.HasPrefix(l, []byte(`"base_revision"`)):
			case bytes.HasPrefix(l, []byte(`"ancestors": [`)):
				inAncestors = !bytes.HasSuffix(l, []byte("],")) && !bytes.HasSuffix(l, []byte("]"))
			default:
				return true
			}
		}
		return false
	}
}

// firstExportDifference compares two exports line by line, leaving out when they
// were written and where they came from, and returns the first line that
// differs (0 if none).
func firstExportDifference(t *testing.T, a, b string) (int, string, string) {
	t.Helper()
	open := func(p string) (*os.File, *bufio.Scanner) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		s := bufio.NewScanner(f)
		s.Buffer(make([]byte, 1<<20), 64<<20)
		return f, s
	}
	fa, sa := open(a)
	defer fa.Close()
	fb, sb := open(b)
	defer fb.Close()
	na, nb := withoutProvenance(sa), withoutProvenance(sb)
	for line := 1; ; line++ {
		ma, mb := na(), nb()
		if !ma && !mb {
			if err := sa.Err(); err != nil {
				t.Fatal(err)
			}
			return 0, "", ""
		}
		la, lb := sa.Bytes(), sb.Bytes()
		if ma != mb || (!bytes.Equal(la, lb) && !(bytes.Contains(la, []byte(`"exported_at"`)) && bytes.Contains(lb, []byte(`"exported_at"`)))) {
			return line, string(la), string(lb)
		}
	}
}
