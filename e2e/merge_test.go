//go:build unix

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitIn runs git in dir with a fixed identity, failing the test on error
// unless allowFail.
func gitIn(t *testing.T, dir string, allowFail bool, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(t), "GIT_AUTHOR_NAME=Facilitator", "GIT_AUTHOR_EMAIL=f@example.invalid",
		"GIT_COMMITTER_NAME=Facilitator", "GIT_COMMITTER_EMAIL=f@example.invalid", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil && !allowFail {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), err
}

// jqEdit rewrites a JSON file through a jq filter, as a facilitator's copy
// changes on their laptop.
func jqEdit(t *testing.T, path, filter string) {
	t.Helper()
	requireTool(t, "jq", "the merge test edits exports with it")
	out, err := exec.Command("jq", filter, path).Output()
	if err != nil {
		t.Fatalf("jq %s: %v", filter, err)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

func jqGet(t *testing.T, path, filter string) string {
	t.Helper()
	out, err := exec.Command("jq", "-r", filter, path).Output()
	if err != nil {
		t.Fatalf("jq %s: %v", filter, err)
	}
	return strings.TrimSpace(string(out))
}

// Two facilitators' copies of one review merge through git with archreview
// as the merge driver, set up as the README says: edits to different
// records merge cleanly; one field changed differently stops the merge, and
// the app shows the conflict and resolves it.
func TestGitMergesTwoFacilitators(t *testing.T) {
	t.Parallel()
	requireTool(t, "git", "the merge test runs a real repository")
	dir := t.TempDir()
	repo := filepath.Join(dir, "review")
	db := filepath.Join(dir, "laptop.db")
	mustRun(t, db, nil, "demo")
	if err := os.MkdirAll(repo, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(repo, "harbour.archreview.json")
	mustRun(t, db, nil, "export", "Demo", "--stable", "-o", file)

	gitIn(t, repo, false, "init", "-q", "-b", "main")
	// The two lines the README gives.
	if err := os.WriteFile(filepath.Join(repo, ".gitattributes"), []byte("*.archreview.json merge=archreview\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, false, "config", "merge.archreview.driver", binary+" merge %O %A %B %P")
	gitIn(t, repo, false, "add", ".")
	gitIn(t, repo, false, "commit", "-q", "-m", "the review as the workshop left it")

	// Room A adds a risk to the first flow; room B answers another flow.
	gitIn(t, repo, false, "checkout", "-q", "-b", "room-b")
	jqEdit(t, file, `.flows[1].contract.timing = "Every 5 minutes from the 3PL"`)
	gitIn(t, repo, false, "commit", "-q", "-am", "room B: stock timing")
	gitIn(t, repo, false, "checkout", "-q", "main")
	jqEdit(t, file, `.flows[0].failure.risks += [{"id": "risk-room-a", "title": "Gift cards double-redeemed on replay", "impact": 4, "likelihood": 2}]`)
	gitIn(t, repo, false, "commit", "-q", "-am", "room A: a risk")

	if out, err := gitIn(t, repo, true, "merge", "--no-edit", "room-b"); err != nil {
		t.Fatalf("git merge of disjoint edits stopped: %v\n%s", err, out)
	}
	if got := jqGet(t, file, `.flows[1].contract.timing`); got != "Every 5 minutes from the 3PL" {
		t.Errorf("the merge lost room B's answer: %q", got)
	}
	if got := jqGet(t, file, `[.flows[0].failure.risks[].id] | index("risk-room-a")`); got == "null" {
		t.Error("the merge lost room A's risk")
	}
	if got := jqGet(t, file, `.conflicts | length`); got != "0" {
		t.Errorf("a clean merge left %s conflicts", got)
	}

	// Both rooms change one field differently: git stops, the file holds
	// ours in place and the conflict as data.
	gitIn(t, repo, false, "checkout", "-q", "-b", "room-b2")
	jqEdit(t, file, `.flows[0].contract.timing = "Nightly at 02:00"`)
	gitIn(t, repo, false, "commit", "-q", "-am", "room B: nightly")
	gitIn(t, repo, false, "checkout", "-q", "main")
	jqEdit(t, file, `.flows[0].contract.timing = "On every order, by webhook"`)
	gitIn(t, repo, false, "commit", "-q", "-am", "room A: webhook")
	out, err := gitIn(t, repo, true, "merge", "--no-edit", "room-b2")
	if err == nil || !strings.Contains(out, "CONFLICT") {
		t.Fatalf("git merge of one field changed twice did not stop:\n%s", out)
	}
	// The driver's message names the file in the repository (%P), never
	// git's temporary copy, gone by the time anyone reads it.
	if !strings.Contains(out, "import harbour.archreview.json with --replace") || strings.Contains(out, ".merge_file_") {
		t.Errorf("the driver's message does not name the file in the repository:\n%s", out)
	}
	if got := jqGet(t, file, `.conflicts | length`); got != "1" {
		t.Fatalf("the conflicted file lists %s conflicts, want 1", got)
	}
	if got := jqGet(t, file, `.flows[0].contract.timing`); got != "On every order, by webhook" {
		t.Errorf("the conflicted file does not keep ours in place: %q", got)
	}

	// The facilitator takes the file into the app and keeps theirs.
	mustRun(t, db, nil, "import", "--replace", file)
	app := startApp(t, db, true)
	app.waitFor("Demo: Harbour", appWait)
	app.sendKeys("Enter")
	app.waitFor("What the merge brought in", appWait)
	app.sendKeys("Enter")
	screen := app.waitFor("1 merge conflict to resolve", appWait)
	for _, want := range []string{`ours:   On every order, by webhook`, `theirs: Nightly at 02:00`, "Contract · Trigger and timing"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the Conflicts view does not show %q:\n%s", want, screen)
		}
	}
	app.sendKeys("t")
	app.waitFor("Every merge conflict is resolved", appWait)
	pid := app.pid()
	app.sendKeys("C-c")
	waitGone(t, pid, exitWithin, "ctrl+c after resolving")
	app.checkCleanExit("ctrl+c")
	var doc struct {
		Flows []struct {
			Contract struct{ Timing string } `json:"contract"`
		} `json:"flows"`
		Conflicts []json.RawMessage `json:"conflicts"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "export", "Demo")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Flows[0].Contract.Timing != "Nightly at 02:00" || len(doc.Conflicts) != 0 {
		t.Errorf("after keeping theirs: timing %q, %d conflicts", doc.Flows[0].Contract.Timing, len(doc.Conflicts))
	}
}

// The merge driver refuses what it cannot merge with status 2 and one
// line, and writes nothing.
func TestMergeRefusesBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	mustRun(t, db, nil, "demo")
	a := filepath.Join(dir, "a.json")
	mustRun(t, db, nil, "export", "Demo", "-o", a)
	other := filepath.Join(dir, "other.json")
	mustRun(t, db, nil, "new", "Another review")
	mustRun(t, db, nil, "export", "Another review", "-o", other)
	notes := filepath.Join(dir, "notes.json")
	if err := os.WriteFile(notes, []byte(`{"meeting": "notes"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.json")
	data, _ := os.ReadFile(a)
	if err := os.WriteFile(newer, bytes.Replace(data, []byte(`"archreview/v3"`), []byte(`"archreview/v9"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"not an export":      {a, notes, a},
		"another session":    {a, a, other},
		"a newer schema":     {a, newer, a},
		"a missing file":     {a, a, filepath.Join(dir, "nope.json")},
		"too few arguments":  {a, a},
		"a conflicting flag": {a},
	} {
		before, _ := os.ReadFile(args[min(1, len(args)-1)])
		if name == "a conflicting flag" {
			_, stderr, code := run(t, db, nil, "import", "--merge", "--replace", a)
			if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("%s: exit %d, stderr %q", name, code, stderr)
			}
			continue
		}
		_, stderr, code := run(t, db, nil, append([]string{"merge"}, args...)...)
		want := 2
		if code != want || strings.Count(strings.TrimSpace(stderr), "\n") > 0 || stderr == "" {
			t.Errorf("%s: exit %d (want %d), stderr %q", name, code, want, stderr)
		}
		if after, _ := os.ReadFile(args[min(1, len(args)-1)]); !bytes.Equal(before, after) {
			t.Errorf("%s: the merge wrote over %s", name, args[1])
		}
	}
}

// Merging the same colleague's file twice changes nothing the second time,
// and --stable exports of the same content are the same bytes.
func TestImportMergeTwiceAndStableExport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.db")
	theirs := filepath.Join(dir, "theirs.db")
	mustRun(t, mine, nil, "demo")
	shared := filepath.Join(dir, "shared.json")
	mustRun(t, mine, nil, "export", "Demo", "--stable", "-o", shared)
	again := filepath.Join(dir, "again.json")
	mustRun(t, mine, nil, "export", "Demo", "--stable", "-o", again)
	a, _ := os.ReadFile(shared)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Error("two --stable exports of the same session differ")
	}

	// The colleague imports the shared file, adds an answer, exports.
	mustRun(t, theirs, nil, "import", shared)
	jqEdit(t, shared, `.flows[2].owner.runbooks = "Confluence: Amazon stock runbook"`)
	mustRun(t, theirs, nil, "import", "--replace", shared)
	back := filepath.Join(dir, "back.json")
	mustRun(t, theirs, nil, "export", "Demo", "--stable", "-o", back)

	mustRun(t, mine, nil, "import", "--merge", back)
	first := mustRun(t, mine, nil, "export", "Demo", "--stable")
	if !strings.Contains(first, "Confluence: Amazon stock runbook") {
		t.Fatal("import --merge did not bring the colleague's answer")
	}
	out := mustRun(t, mine, nil, "import", "--merge", back)
	if !strings.Contains(out, "Nothing new") {
		t.Errorf("the second import --merge says %q", out)
	}
	if second := mustRun(t, mine, nil, "export", "Demo", "--stable"); second != first {
		t.Error("the second import --merge of the same file changed the session")
	}
}
