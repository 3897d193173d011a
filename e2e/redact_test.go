//go:build unix

package e2e

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/archreview/archreview/model/report"
)

// typedCredentials are the credentials of issue 21 as a consultant types
// them into answers, each with the secret that must never leave the laptop.
var typedCredentials = []struct{ shape, text, secret string }{
	{"password is", `the SFTP password is "hunter2hunter2"`, "hunter2hunter2"},
	{"pw", "pw: S3cretValue9", "S3cretValue9"},
	{"login pair", "login celigo / Tr0ub4dorLogin9", "Tr0ub4dorLogin9"},
	{"curl -u", "curl -u admin:S3cr3tCurl7 https://api.example.com/orders", "S3cr3tCurl7"},
	{"aws secret beside its id", "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
	{"private_key_id", `"private_key_id": "a1b2c3d4e5f60718293a"`, "a1b2c3d4e5f60718293a"},
	{"address without a user", "postgresql://:onlypass42x@db/x", "onlypass42x"},
}

// secretPieces are the parts of a secret a format could show even where it
// escapes the characters between them (Mermaid writes / as #47;).
func secretPieces(secret string) []string {
	return regexp.MustCompile(`[A-Za-z0-9]{5,}`).FindAllString(secret, -1)
}

// markOf names the place shape i was typed into, after the credential, so a
// format that shows the mark showed the credential's place too.
func markOf(place string, i int) string { return fmt.Sprintf("%s%dmark", place, i) }

// credentialSession writes two versions of the demo review: as exported,
// and with every typed credential in a flow's name, an answer and a risk's
// fix, the way a hand-edited file or an older export would hold them.
func credentialSession(t *testing.T) (before, after string) {
	t.Helper()
	src, id := demoDB(t)
	doc := exportMap(t, src, id)
	dir := t.TempDir()
	before = filepath.Join(dir, "before.json")
	writeJSON(t, before, doc)
	flows := objects(doc["flows"])
	if len(flows) < len(typedCredentials) {
		t.Fatalf("the demo has %d flows, fewer than the %d credentials", len(flows), len(typedCredentials))
	}
	for i, c := range typedCredentials {
		f := flows[i]
		f["name"] = fmt.Sprintf("%s %s %s", f["name"], c.text, markOf("name", i))
		f["contract"].(map[string]any)["environments"] = c.text + " " + markOf("answer", i)
		failure := f["failure"].(map[string]any)
		risk := map[string]any{"id": fmt.Sprintf("typed-credential-%d", i), "title": "Credential in the notes " + markOf("title", i),
			"impact": 4, "likelihood": 3, "horizon": "immediate"}
		risk["fix"] = c.text + " " + markOf("fix", i)
		failure["risks"] = append(failure["risks"].([]any), risk)
	}
	after = filepath.Join(dir, "after.json")
	writeJSON(t, after, doc)
	return before, after
}

// leaksNoCredential checks that out, what archreview wrote somewhere, holds
// no piece of any secret, and (when marks is set) that it shows every
// shape's place, so the check has something to look at.
func leaksNoCredential(t *testing.T, where, out string, marks ...string) {
	t.Helper()
	if strings.TrimSpace(out) == "" {
		t.Errorf("%s: nothing written", where)
		return
	}
	for i, c := range typedCredentials {
		for _, p := range secretPieces(c.secret) {
			if strings.Contains(out, p) {
				t.Errorf("%s shows %q of the %s credential", where, p, c.shape)
			}
		}
		if len(marks) == 0 {
			continue
		}
		shown := false
		for _, m := range marks {
			shown = shown || strings.Contains(out, markOf(m, i))
		}
		if !shown {
			t.Errorf("%s shows none of the places (%v) the %s credential was typed into, so it proves nothing", where, marks, c.shape)
		}
	}
}

// xlsxText is the XML of every part of a workbook (or of a Word document
// or a deck, zips of XML too), as a spreadsheet reads it.
func xlsxText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s is not a workbook: %v", path, err)
	}
	defer zr.Close()
	var b strings.Builder
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// A credential typed into an answer, a flow's name or a risk never leaves
// the laptop: not in any export format, not in a diff, not in a follow-up's
// export, not quoted by an import's error, not in a merge of exports.
func TestTypedCredentialsNeverLeaveTheLaptop(t *testing.T) {
	t.Parallel()
	before, after := credentialSession(t)
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, nil, "import", after)
	var id string
	for _, e := range listJSON(t, db) {
		id, _ = e["id"].(string)
	}

	t.Run("every export format", func(t *testing.T) {
		dir := t.TempDir()
		for _, format := range report.Formats {
			out := filepath.Join(dir, "export"+report.FormatExtension[format])
			mustRun(t, db, nil, "export", id, "--format", format, "-o", out)
			var text string
			switch format {
			case report.FormatPNG:
				continue // a picture of the svg's figure, whose text the svg shows
			case report.FormatXLSX, report.FormatDOCX, report.FormatPPTX:
				text = xlsxText(t, out)
			case report.FormatPDF: // its text is compressed: read as printed
				text = pdfText(t, out)
			default:
				data, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				text = string(data)
			}
			switch format {
			case report.FormatMermaid, report.FormatDOT, report.FormatSVG: // the map: flow names
				leaksNoCredential(t, "export --format "+format, text, "name")
			case report.FormatPPTX: // the executive layer: no answer, fix or flow name as text
				leaksNoCredential(t, "export --format "+format, text)
			case report.FormatCSV, report.FormatJira, report.FormatXLSX: // the register
				leaksNoCredential(t, "export --format "+format, text, "fix")
			default:
				leaksNoCredential(t, "export --format "+format, text, "answer", "fix")
			}
		}
	})

	t.Run("private notes exported when asked", func(t *testing.T) {
		doc := exportMap(t, db, id)
		for i, c := range typedCredentials {
			objects(doc["flows"])[i]["source"].(map[string]any)["private_notes"] = c.text + " " + markOf("private", i)
		}
		// An export already redacted the answers; the private notes come in raw.
		file := filepath.Join(t.TempDir(), "private.json")
		writeJSON(t, file, doc)
		mustRun(t, db, nil, "import", "--replace", file)
		leaksNoCredential(t, "export --include-private", mustRun(t, db, nil, "export", id, "--include-private"), "private")
	})

	t.Run("diff", func(t *testing.T) {
		for _, format := range []string{"text", "markdown", "json"} {
			leaksNoCredential(t, "diff --format "+format, mustRun(t, "", nil, "diff", before, after, "--format", format), "answer", "name")
		}
	})

	t.Run("a follow-up's export", func(t *testing.T) {
		followUp := strings.TrimSpace(mustRun(t, db, nil, "new", "Autumn follow-up", "--from", id))
		leaksNoCredential(t, "the export of new --from", mustRun(t, db, nil, "export", followUp), "answer", "fix")
	})

	t.Run("an import's error", func(t *testing.T) {
		doc := exportMap(t, db, id)
		for i, c := range typedCredentials {
			objects(doc["flows"])[0]["contract"].(map[string]any)["pattern"] = c.text
			file := filepath.Join(t.TempDir(), "bad.json")
			writeJSON(t, file, doc)
			fresh := filepath.Join(t.TempDir(), "fresh.db")
			_, stderr, code := run(t, fresh, nil, "import", file)
			oneLineError(t, "import of a bad "+c.shape, stderr, code)
			if !strings.Contains(stderr, "pattern") {
				t.Errorf("import of a bad %s: error %q does not name the field", c.shape, stderr)
			}
			leaksNoCredential(t, fmt.Sprintf("the import error of shape %d", i), stderr)
		}
	})

	// merge redacts what it writes, as an export does: files edited by hand
	// (or written before a shape was known) hold credentials an export
	// would not. Each side typed a credential into the same answer, so the
	// conflict quotes both.
	for _, byHand := range []bool{false, true} {
		t.Run(fmt.Sprintf("a merge of exports, edited by hand %v", byHand), func(t *testing.T) {
			dir := t.TempDir()
			base := filepath.Join(dir, "base.json")
			writeJSON(t, base, exportMap(t, db, id))
			side := func(name string, typed int) string {
				raw := filepath.Join(dir, name+"-typed.json")
				copyFile(t, base, raw)
				jqEdit(t, raw, fmt.Sprintf(`.flows[0].contract.environments = %q`, name+": "+typedCredentials[typed].text+" answer0mark"))
				if byHand {
					return raw
				}
				laptop := filepath.Join(dir, name+".db")
				mustRun(t, laptop, nil, "import", raw)
				out := filepath.Join(dir, name+".json")
				mustRun(t, laptop, nil, "export", id, "-o", out)
				return out
			}
			ours, theirs := side("ours", 1), side("theirs", 2)
			merged := filepath.Join(dir, "merged.json")
			_, stderr, code := run(t, "", nil, "merge", base, ours, theirs, "-o", merged)
			if code != 1 {
				t.Fatalf("merge exited %d, want 1 for the conflict; stderr: %s", code, stderr)
			}
			data, err := os.ReadFile(merged)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), `"conflicts"`) {
				t.Fatalf("the merge holds no conflict to quote the answers:\n%s", data)
			}
			leaksNoCredential(t, "the merge", string(data), "answer", "fix")
		})
	}
}

func listJSON(t *testing.T, db string) []map[string]any {
	t.Helper()
	var entries []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, db, nil, "list", "--json")), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("list --json has %d sessions, want 1", len(entries))
	}
	return entries
}

// presenterSession holds a password in the notes of its only flow's first
// step, as a room types it.
const presenterSession = `{"schema": "archreview/v2",
 "session": {"id": "e2e-presenter", "name": "Screen-share review", "client": "Fictional Outfitters", "date": "2026-01-15"},
 "systems": [{"id": "sys-shop", "name": "Shopfront", "kind": "storefront"},
             {"id": "sys-erp", "name": "Ledger ERP", "kind": "erp"}],
 "flows": [{"id": "flow-orders", "name": "Web orders to ERP", "domain": "order", "from": "sys-shop", "to": "sys-erp",
   "source": {"notes": "Celigo sync user; the password is \"hunter2hunter2\" until go-live."}}]}`

// On a shared screen the stored password never shows: not in the step,
// not once its field is opened for editing, not after typing at it. Off
// the shared screen the facilitator opens it as typed.
func TestPresenterModeNeverShowsAStoredPassword(t *testing.T) {
	t.Parallel()
	const secret = "hunter2hunter2"
	db := filepath.Join(t.TempDir(), "review.db")
	mustRun(t, db, []byte(presenterSession), "import", "-")
	a := startApp(t, db, true)
	a.waitFor("Screen-share review", appWait)
	a.sendKeys("Enter")
	a.waitFor("[ Flows 1 ]", appWait)
	a.sendKeys("Enter")
	a.waitFor("[1 Source", appWait)
	if !strings.Contains(a.capture(), "hunter2") {
		t.Fatalf("the facilitator's screen does not show the notes as typed:\n%s", a.capture())
	}

	a.sendKeys("p")
	a.waitFor("p leave presenter mode", appWait)
	screens := map[string]string{"presenting": a.capture()}
	a.moveTo("Notes", false)
	a.sendKeys("Enter")
	screens["presenting, the notes open for editing"] = a.waitFor("esc stop editing", appWait)
	a.typeText("typed over")
	a.sendKeys("BSpace")
	screens["presenting, after typing at them"] = a.capture()
	a.sendKeys("Tab")
	a.sendKeys("BTab")
	back, ok := a.waitForOK("Holds a credential", appWait)
	if !ok {
		t.Errorf("the notes opened again do not say why they cannot be edited while presenting:\n%s", back)
	}
	screens["presenting, back with shift+tab"] = back
	for what, screen := range screens {
		if strings.Contains(screen, "hunter2") {
			t.Errorf("%s: the pane shows the password:\n%s", what, screen)
		}
		if !strings.Contains(screen, "[redacted]") {
			t.Errorf("%s: the pane does not show where the password is:\n%s", what, screen)
		}
	}

	a.sendKeys("Escape", "p")
	a.waitFor("[1 Source", appWait)
	a.moveTo("Notes", false)
	a.sendKeys("Enter")
	a.waitFor("esc stop editing", appWait)
	if screen := a.capture(); !strings.Contains(screen, secret) {
		t.Errorf("out of presenter mode the open notes do not read as typed:\n%s", screen)
	}
	a.sendKeys("Escape", "C-c")
	a.checkCleanExit("ctrl+c")
	// Typing at the sealed notes changed nothing; the export redacts them.
	notes := objects(exportMap(t, db, "e2e-presenter")["flows"])[0]["source"].(map[string]any)["notes"]
	if want := `Celigo sync user; the password is "[redacted]" until go-live.`; notes != want {
		t.Errorf("the notes export as %q, want %q", notes, want)
	}
}
