//go:build unix

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// returnsQuestion is the one question the consultant's own pack adds, for
// returns flows only.
const returnsQuestion = "Who signs off a refund for a parcel the warehouse has not received back?"

const returnsPack = `# A consultant's own pack: retail, and one more question for returns flows.
id: acme-returns
name: Acme returns practice
version: "0.3"
extends: retail
steps:
  owner:
    domains:
      returns:
        - ` + returnsQuestion + `
`

// packsEnv is cleanEnv with a config folder of the test's own, and the
// user's packs folder in it holding the named files.
func packsEnv(t *testing.T, files map[string]string) (env []string, dir string) {
	t.Helper()
	config := filepath.Join(t.TempDir(), "config")
	dir = filepath.Join(config, "archreview", "packs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range cleanEnv(t) {
		if !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "XDG_CONFIG_HOME="+config), dir
}

// `archreview packs` lists the built-in packs and the user's, and names the
// pack it skipped, with where in the file it went wrong.
func TestPacksList(t *testing.T) {
	t.Parallel()
	env, dir := packsEnv(t, map[string]string{
		"returns.yaml": returnsPack,
		"broken.yaml":  "id: broken\nname: Broken\nversion: \"1\"\nsteps:\n  failures:\n    questions: [Who notices?]\n",
	})
	db := filepath.Join(t.TempDir(), "review.db")
	out, errOut, err := runCLI(env, db, "packs")
	if err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, []byte(strings.ReplaceAll(out, dir, "$XDG_CONFIG_HOME/archreview/packs")))
	want := "archreview: skipped the question pack " + filepath.Join(dir, "broken.yaml") + `:5:3: unknown step "failures"`
	if !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr is %q, want one line starting %q", errOut, want)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("listing packs created the database")
	}
}

// A pack shown is a pack file: saved under another id, it validates, and
// a broken one is refused with its file, line and column and exit 1.
func TestPacksShowAndValidate(t *testing.T) {
	t.Parallel()
	env, _ := packsEnv(t, map[string]string{"returns.yaml": returnsPack})
	db := filepath.Join(t.TempDir(), "review.db")
	shown, _, err := runCLI(env, db, "packs", "show", "acme-returns")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, returnsQuestion) || !strings.Contains(shown, "If two systems disagree about this record") {
		t.Errorf("the shown pack lacks its own or retail's questions:\n%s", shown)
	}
	copied := filepath.Join(t.TempDir(), "mine.yaml")
	if err := os.WriteFile(copied, []byte(strings.Replace(shown, `id: "acme-returns"`, `id: "mine"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(env, db, "packs", "validate", copied)
	if err != nil || !strings.Contains(out, "the pack mine (Acme returns practice, version 0.3) is valid: 32 questions") {
		t.Errorf("validate printed %q (%v)", out, err)
	}

	broken := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(broken, []byte(returnsPack+"rules:\n  STALE_INVENTORY:\n    impact: 7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := runCLI(env, db, "packs", "validate", broken)
	want := "archreview: " + broken + `:13:13: expected a score from 1 to 5 here, not "7"`
	if err == nil || strings.TrimSpace(errOut) != want {
		t.Errorf("validate of a broken pack: %v, stderr %q, want %q", err, errOut, want)
	}
	if _, _, err := runCLI(env, db, "packs", "show", "no-such-pack"); err == nil || !strings.Contains(err.Error(), `there is no question pack "no-such-pack"`) {
		t.Errorf("show of a missing pack: %v", err)
	}
}

// A question asked of some flows only is shown with its applies_to, the
// shown pack validates and says how many such questions it has, and an
// unknown kind is refused with its file, line and column.
func TestPacksShowAndValidateAppliesTo(t *testing.T) {
	t.Parallel()
	env, _ := packsEnv(t, nil)
	db := filepath.Join(t.TempDir(), "review.db")
	shown, _, err := runCLI(env, db, "packs", "show", "b2b-distribution")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`      - text: "Which EDI standard and version does each partner use, X12 or EDIFACT, and who holds the implementation guides?"` + "\n" +
			`        applies_to: {kinds: ["edi"]}` + "\n",
		`        applies_to: {kinds: ["edi", "procurement"], domains: ["order"]}` + "\n",
		`      - "Which units of measure are the truth, each, inner or case, and where is the conversion kept?"` + "\n",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("the shown pack lacks\n%s\nin\n%s", want, shown)
		}
	}
	copied := filepath.Join(t.TempDir(), "mine.yaml")
	if err := os.WriteFile(copied, []byte(strings.Replace(shown, `id: "b2b-distribution"`, `id: "mine"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(env, db, "packs", "validate", copied)
	if err != nil || !regexp.MustCompile(`is valid: \d+ questions \(\d+ of them asked of some flows only\), 4 risk prompts`).MatchString(out) {
		t.Errorf("validate printed %q (%v)", out, err)
	}

	broken := filepath.Join(t.TempDir(), "broken.yaml")
	text := "id: broken\nname: Broken\nversion: \"1\"\nsteps:\n  contract:\n    questions:\n      - Why this pattern?\n      - text: Which VAN do you use?\n        applies_to:\n          kinds: [edi, van]\n"
	if err := os.WriteFile(broken, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := runCLI(env, db, "packs", "validate", broken)
	want := "archreview: " + broken + `:10:24: unknown kind "van" in applies_to; the kinds are storefront, erp,`
	if err == nil || !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("validate of a pack with an unknown kind: %v, stderr %q, want one line starting %q", err, errOut, want)
	}
}

// A pack that sets STALE_INVENTORY to 5 × 4 changes that finding's
// suggested score in the export; on a laptop without the pack the export
// has the rule's own score and says the pack is missing.
func TestPackRuleSettingsReachTheExport(t *testing.T) {
	t.Parallel()
	stale := "id: stale-stock\nname: Stock matters\nversion: \"1\"\nextends: retail\nrules:\n  STALE_INVENTORY: {impact: 5, likelihood: 4}\n"
	env, _ := packsEnv(t, map[string]string{"stale.yaml": stale})
	db, id := demoDB(t)
	export := mustRun(t, db, nil, "export", id)
	var doc map[string]any
	if err := json.Unmarshal([]byte(export), &doc); err != nil {
		t.Fatal(err)
	}
	doc["pack"] = map[string]any{"id": "stale-stock", "version": "1", "sha256": ""}
	file := filepath.Join(t.TempDir(), "with-pack.json")
	writeJSON(t, file, doc)
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if _, _, err := runCLI(env, fresh, "import", file); err != nil {
		t.Fatal(err)
	}

	score := func(env []string) (int, string) {
		t.Helper()
		out, errOut, err := runCLI(env, fresh, "export", id)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Summary struct {
				Findings []struct {
					Rule       string `json:"rule"`
					Impact     int    `json:"impact"`
					Likelihood int    `json:"likelihood"`
					Score      int    `json:"score"`
				} `json:"findings"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(out), &e); err != nil {
			t.Fatal(err)
		}
		for _, f := range e.Summary.Findings {
			if f.Rule == "STALE_INVENTORY" {
				if f.Score != f.Impact*f.Likelihood {
					t.Errorf("STALE_INVENTORY scores %d, not %d × %d", f.Score, f.Impact, f.Likelihood)
				}
				return f.Score, errOut
			}
		}
		t.Fatalf("the export has no STALE_INVENTORY finding:\n%s", out)
		return 0, ""
	}
	if got, errOut := score(env); got != 20 || errOut != "" {
		t.Errorf("with the pack, STALE_INVENTORY scores %d (stderr %q), want 5 × 4 = 20", got, errOut)
	}
	without, _ := packsEnv(t, nil)
	got, errOut := score(without)
	if got != 15 || !strings.Contains(errOut, `question pack "stale-stock" is not on this laptop`) {
		t.Errorf("without the pack, STALE_INVENTORY scores %d (stderr %q), want the rule's 5 × 3 = 15 and a notice", got, errOut)
	}
}

// The consultant's own pack, extending retail with one question for returns
// flows: a session made with it shows that question on a returns flow it
// walks, and not on an order flow.
func TestOwnPackQuestionShowsOnReturnsFlows(t *testing.T) {
	t.Parallel()
	env, dir := packsEnv(t, map[string]string{"returns.yaml": returnsPack})
	db := filepath.Join(t.TempDir(), "review.db")
	out, _, err := runCLI(env, db, "new", "Returns review", "--pack", "acme-returns")
	if err != nil {
		t.Fatal(err)
	}
	if id := strings.TrimSpace(out); !idPattern.MatchString(id) {
		t.Fatalf("new printed %q", out)
	}
	config := filepath.Dir(filepath.Dir(dir))
	app := startIn(t, "exec env ARCHREVIEW_THEME=dark XDG_CONFIG_HOME="+shellQuote(config)+" "+shellQuote(binary)+" --db "+shellQuote(db), 100, 30)
	app.waitFor("Returns review", appWait)
	app.sendKeys("Enter")
	app.waitFor("[ Flows 0 ]", appWait)

	app.sendKeys("Tab")
	app.waitFor("[ Systems 0 ]", appWait)
	for i, sys := range []struct{ name, kindKey, kind string }{{"Shopfront", "s", "storefront"}, {"Ledger ERP", "e", "erp"}} {
		app.sendKeys("a")
		app.waitFor("New system", appWait)
		app.typeText(sys.name)
		app.sendKeys("Enter")
		app.waitFor("manual-workaround", appWait)
		app.sendKeys(sys.kindKey)
		app.waitFor("> "+sys.kind+" — ", appWait)
		app.sendKeys("Enter")
		app.waitFor("> Notes", appWait)
		app.sendKeys("Enter")
		app.waitFor("[ Systems "+string(rune('1'+i))+" ]", appWait)
	}
	app.sendKeys("BTab")
	app.waitFor("[ Flows 0 ]", appWait)

	walkOwner := func(name, domain string, n int) string {
		t.Helper()
		app.sendKeys("a")
		app.waitFor("New flow", appWait)
		app.typeText(name)
		app.sendKeys("Enter")
		app.pickDomain(domain)
		app.waitFor("+ new system", appWait)
		app.sendKeys("Enter") // from: Shopfront
		app.waitFor("> To", appWait)
		app.sendKeys("L", "Enter") // to: Ledger ERP
		app.waitFor("> Via", appWait)
		app.sendKeys("Enter")
		app.waitFor("[ Flows "+string(rune('0'+n))+" ]", appWait)
		app.sendKeys("Enter")
		app.waitFor("[1 Source", appWait)
		app.sendKeys("4")
		return app.waitFor("[4 Owner", appWait)
	}

	screen := walkOwner("Web returns to ERP", "returns", 1)
	if !strings.Contains(screen, returnsQuestion) {
		t.Fatalf("the returns flow's owner step does not show the pack's question; screen:\n%s", screen)
	}
	app.sendKeys("Escape")
	app.waitFor("enter walk flow", appWait)
	screen = walkOwner("Web orders to ERP", "order", 2)
	if !strings.Contains(screen, "Who is the one named person or team accountable") {
		t.Fatalf("the order flow's owner step does not show retail's questions; screen:\n%s", screen)
	}
	if strings.Contains(screen, returnsQuestion) {
		t.Errorf("the order flow shows the returns question; screen:\n%s", screen)
	}
}
