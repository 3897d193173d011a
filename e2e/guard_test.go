//go:build linux

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// No write lands on a database. merge -o, merge in place and export -o onto
// the database, its lock file, a link to it or another archreview database
// are refused, exit non-zero and leave every byte of all of them as it was,
// whether the app has the database open or not: merge takes no lock, so
// only the guard stands between it and the file.
func TestNoWriteOntoADatabase(t *testing.T) {
	t.Parallel()
	for _, appOpen := range []bool{false, true} {
		name := "app closed"
		if appOpen {
			name = "app open"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db, id := demoDB(t)
			other, _ := demoDB(t)
			elsewhere := t.TempDir()
			shared := filepath.Join(elsewhere, "demo.json")
			mustRun(t, db, nil, "export", id, "-o", shared)
			link := filepath.Join(elsewhere, "link.json")
			if err := os.Symlink(db, link); err != nil {
				t.Fatal(err)
			}
			if appOpen {
				app := startApp(t, db, true)
				app.waitFor("Demo: Harbour", appWait)
				if _, err := os.Stat(db + ".lock"); err != nil {
					t.Fatalf("the open app holds no lock file: %v", err)
				}
			}
			watched := []string{db, db + ".lock", other, other + ".lock", link}
			states := func() map[string]fileState {
				m := map[string]fileState{}
				for _, p := range watched {
					m[p] = stateOf(t, p)
				}
				return m
			}
			listing := func(dir string) string {
				entries, _ := os.ReadDir(dir)
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				return strings.Join(names, " ")
			}
			before, dbDir, otherDir := states(), listing(filepath.Dir(db)), listing(filepath.Dir(other))

			type attempt struct {
				args []string
				code int
				says string
			}
			var attempts []attempt
			for _, target := range []string{db, db + ".lock", link, other} {
				attempts = append(attempts,
					attempt{[]string{"merge", shared, shared, shared, "-o", target}, 2, "write the merge to another file"},
					attempt{[]string{"export", id, "-o", target}, 1, "write the export to another file"},
					attempt{[]string{"export", id, "--format", "csv", "-o", target}, 1, "write the export to another file"})
			}
			// In place, as a git merge driver: OURS is itself a database.
			for _, ours := range []string{db, other, link} {
				attempts = append(attempts, attempt{[]string{"merge", shared, ours, shared}, 2, "write the merge to another file"})
			}
			for _, a := range attempts {
				what := "archreview " + strings.Join(a.args, " ")
				_, stderr, code := run(t, db, nil, a.args...)
				oneLineError(t, what, stderr, code)
				if code != a.code || !strings.Contains(stderr, a.says) {
					t.Errorf("%s: exit %d, %q; want exit %d saying %q", what, code, stderr, a.code, a.says)
				}
				for p, was := range before {
					if now := stateOf(t, p); now != was {
						t.Fatalf("%s changed %s: before %s, after %s", what, p, was, now)
					}
				}
			}
			if got := listing(filepath.Dir(db)); got != dbDir {
				t.Errorf("beside the database before: %s; after: %s", dbDir, got)
			}
			if got := listing(filepath.Dir(other)); got != otherDir {
				t.Errorf("beside the other database before: %s; after: %s", otherDir, got)
			}
			// The same merge to a file of its own is written.
			out := filepath.Join(elsewhere, "merged.json")
			mustRun(t, db, nil, "merge", shared, shared, shared, "-o", out)
			if text := readText(t, out); !strings.Contains(text, `"schema"`) {
				t.Errorf("the merge to a file of its own wrote %.200q", text)
			}
		})
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
