//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The sequence that used to lose a local edit: export for a colleague, edit
// in the app, export again (a backup, a look), then merge the colleague's
// copy back. The base is the revision the colleague's file came from, not
// whatever was exported last, so the local edit survives, and so does the
// colleague's.
func TestMergeAfterALaterExportKeepsTheLocalEdit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mine := fixtureDB(t)
	theirs := filepath.Join(dir, "colleague.db")

	shared := filepath.Join(dir, "for-colleague.json")
	mustRun(t, mine, nil, "export", "e2e-session", "-o", shared)

	// The colleague imports it, answers a field on their laptop, sends it back.
	mustRun(t, theirs, nil, "import", shared)
	edited := filepath.Join(dir, "edited.json")
	mustRun(t, theirs, nil, "export", "e2e-session", "-o", edited)
	jqEdit(t, edited, `.flows[0].owner.runbooks = "Runbook in the colleague's wiki"`)
	mustRun(t, theirs, nil, "import", "--replace", edited)
	back := filepath.Join(dir, "back.json")
	mustRun(t, theirs, nil, "export", "e2e-session", "-o", back)

	// Here, the facilitator types an answer in the app.
	app := startApp(t, mine, true)
	app.openWalk()
	const local = "EAN on the shop, item no. in the ERP"
	app.answer("Identifier matching", local)
	app.quitFromWalk()

	// Exports in between: to nowhere, and to a file.
	mustRun(t, mine, nil, "export", "e2e-session", "-o", os.DevNull)
	mustRun(t, mine, nil, "export", "e2e-session", "-o", filepath.Join(dir, "backup.json"))

	out, stderr, code := run(t, mine, nil, "import", "--merge", back)
	if code != 0 {
		t.Fatalf("import --merge: exit %d: %s %s", code, out, stderr)
	}
	if !strings.Contains(out, "three ways") {
		t.Errorf("import --merge did not find the version both copies started at: %q", out)
	}
	got := exportSession(t, mine, "e2e-session")
	if got.Flows[0].Source.Identifiers != local {
		t.Errorf("the local edit was reverted: identifiers = %q, want %q", got.Flows[0].Source.Identifiers, local)
	}
	if got.Flows[0].Owner.Runbooks != "Runbook in the colleague's wiki" {
		t.Errorf("the colleague's answer did not arrive: runbooks = %q", got.Flows[0].Owner.Runbooks)
	}
}

// A file that names no revision this database has seen (a copy of a copy
// from another laptop, or one written before revisions) merges two ways:
// every field that differs is a conflict, and ours stays in place.
func TestMergeFromAnUnknownRevisionIsTwoWay(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mine := fixtureDB(t)
	file := filepath.Join(dir, "stranger.json")
	mustRun(t, mine, nil, "export", "e2e-session", "-o", file)
	jqEdit(t, file, `del(.revision, .base_revision, .ancestors) | .flows[0].source.identifiers = "theirs"`)
	other := filepath.Join(dir, "ours.json")
	mustRun(t, mine, nil, "export", "e2e-session", "-o", other)
	jqEdit(t, other, `.flows[0].source.identifiers = "ours"`)
	mustRun(t, mine, nil, "import", "--replace", other)

	out, stderr, code := run(t, mine, nil, "import", "--merge", file)
	if code != 1 || !strings.Contains(out, "two ways") {
		t.Fatalf("import --merge of a file of unknown origin: exit %d (want 1, conflicts), %q %s", code, out, stderr)
	}
	got := exportSession(t, mine, "e2e-session")
	if got.Flows[0].Source.Identifiers != "ours" {
		t.Errorf("ours was replaced without a conflict: %q", got.Flows[0].Source.Identifiers)
	}
	found := false
	for _, c := range got.Conflicts {
		if strings.HasSuffix(c.Path, ".source.identifiers") && c.Ours == `"ours"` && c.Theirs == `"theirs"` {
			found = true
		}
	}
	if !found {
		t.Errorf("no conflict for the differing answer: %+v", got.Conflicts)
	}
}

// One room deletes a system while the other adds a flow that uses it: both
// copies are valid, so the merge is written, with a conflict saying so, and
// both the flow and the system are in it (exit 1: conflicts to resolve).
func TestMergeDeleteAgainstUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := fixtureDB(t)
	base := filepath.Join(dir, "base.json")
	mustRun(t, db, nil, "export", "e2e-session", "-o", base)
	jqEdit(t, base, `.systems += [{"id": "sys-spare", "name": "Legacy FTP drop", "kind": "file-drop", "notes": ""}]`)
	ours, theirs := filepath.Join(dir, "ours.json"), filepath.Join(dir, "theirs.json")
	for _, p := range []string{ours, theirs} {
		data, err := os.ReadFile(base)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	jqEdit(t, ours, `.systems |= map(select(.id != "sys-spare"))`)
	jqEdit(t, theirs, `.flows += [.flows[0] | .id = "flow-ftp" | .name = "Returns by FTP" | .from = "sys-spare" | .failure.risks = []]`)
	out := filepath.Join(dir, "merged.json")
	stdout, stderr, code := run(t, db, nil, "merge", base, ours, theirs, "-o", out)
	if code != 1 {
		t.Fatalf("merge: exit %d (want 1, a conflict): %s %s", code, stdout, stderr)
	}
	if got := jqGet(t, out, `[.systems[] | select(.id == "sys-spare")] | length`); got != "1" {
		t.Errorf("the system one side deleted and the other uses is not in the merge (%s)", got)
	}
	if got := jqGet(t, out, `[.flows[] | select(.id == "flow-ftp")] | length`); got != "1" {
		t.Errorf("the flow added on the other side is not in the merge (%s)", got)
	}
	if got := jqGet(t, out, `[.conflicts[] | select(.path == "systems[\"sys-spare\"]" and .ours == "")] | length`); got != "1" {
		t.Errorf("no conflict says ours deleted the system: %s", jqGet(t, out, `.conflicts`))
	}
	// The result imports: it is a valid session.
	mustRun(t, filepath.Join(dir, "other.db"), nil, "import", out)
}

// Text typed, exported with the private notes, then erased leaves no copy
// in the database: not in a page, and not inside a compressed record (the
// revisions kept to merge from are fingerprints, and hold no text).
func TestErasedTextLeavesNoCopy(t *testing.T) {
	t.Parallel()
	db := fixtureDB(t)
	const answer, private = "ERASEDANSWERMARKER7731", "ERASEDPRIVATEMARKER4410"
	walk := func(identifiers, notes string) {
		t.Helper()
		app := startApp(t, db, true)
		app.openWalk()
		app.answer("Identifier matching", identifiers)
		app.answer("Private notes", notes)
		app.quitFromWalk()
	}
	walk(answer, private)
	exported := mustRun(t, db, nil, "export", "e2e-session", "--include-private")
	if !strings.Contains(exported, answer) || !strings.Contains(exported, private) {
		t.Fatal("the typed markers are not in the export with the private notes")
	}
	walk("", "")
	if after := mustRun(t, db, nil, "export", "e2e-session", "--include-private"); strings.Contains(after, answer) || strings.Contains(after, private) {
		t.Fatal("the markers were not erased in the app")
	}

	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, marker := range []string{answer, private} {
		if where := findInStreams(raw, []byte(marker)); where != "" {
			t.Errorf("erased text %q is still in the database: %s", marker, where)
		}
	}
}
