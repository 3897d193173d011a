package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/model/pack"

	"github.com/adrg/xdg"
)

// `packs --json` gives the packs `packs` lists, in its order, with what a
// script needs of each: the built-in ones, then the user's own.
func TestPacksJSONListsWhatPacksLists(t *testing.T) {
	t.Cleanup(xdg.Reload) // runs after XDG_CONFIG_HOME is restored
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	xdg.Reload()
	dir := filepath.Join(config, "archreview", "packs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(own, []byte("id: mine\nname: Mine\nversion: \"0.2\"\nextends: retail\nsteps:\n  owner:\n    questions: [Who is paged at night?]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runOK := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 {
			t.Fatalf("archreview %s exited %d: %s", strings.Join(args, " "), code, errOut.String())
		}
		return out.String()
	}
	var got []packEntry
	if err := json.Unmarshal([]byte(runOK("packs", "--json")), &got); err != nil {
		t.Fatalf("packs --json is not JSON: %v", err)
	}
	table := strings.Split(strings.TrimSpace(runOK("packs")), "\n")[1:]
	if len(got) != len(table) || len(got) != len(pack.Load().Packs())+1 {
		t.Fatalf("packs --json gave %d packs, packs %d, and there are %d built in and one own", len(got), len(table), len(pack.Load().Packs()))
	}
	for i, e := range got {
		if id := strings.Fields(table[i])[0]; e.ID != id {
			t.Errorf("pack %d is %s in the JSON and %s in the table", i, e.ID, id)
		}
		if e.BuiltIn != (e.From == pack.BuiltIn) || e.SHA256 == "" || e.Questions == 0 {
			t.Errorf("pack %s: %+v", e.ID, e)
		}
	}
	mine := got[len(got)-1]
	if mine.ID != "mine" || mine.From != own || mine.BuiltIn || mine.Extends != "retail" || mine.Version != "0.2" {
		t.Errorf("the user's pack reads %+v", mine)
	}
	var retail packEntry
	for _, e := range got {
		if e.ID == "retail" {
			retail = e
		}
	}
	if mine.Questions != retail.Questions+1 {
		t.Errorf("mine extends retail by one question: %d questions, retail %d", mine.Questions, retail.Questions)
	}
}
