package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// A follow-up's pack, exported from the app, says what changed since the
// review it follows when that review is in the database, and is still
// written when it is not.
func TestExportOfAFollowUpSaysWhatChanged(t *testing.T) {
	d := newDriver(t, true)
	demo, err := d.st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	followUp := review.FollowUp(demo, model.Session{ID: "follow-up", Name: "Autumn follow-up"}, testNow)
	followUp.Flows[0].Failure.Risks[0].Status = model.RiskMitigated
	if err := d.st.Create(followUp); err != nil {
		t.Fatal(err)
	}
	exportPack := func() string {
		t.Helper()
		d.run(d.app.lib.listCmd())
		d.mustSee("Autumn follow-up")
		d.keys("enter", "e")
		d.mustSee("Export to folder:")
		d.keys("enter")
		flash := d.app.c.Flash
		_, folder, ok := strings.Cut(flash, " to ")
		if !strings.HasPrefix(flash, "Exported ") || !ok {
			t.Fatalf("flash %q", flash)
		}
		md, err := os.ReadFile(filepath.Join(folder, filepath.Base(folder)+".md"))
		if err != nil {
			t.Fatal(err)
		}
		d.keys("esc")
		return string(md)
	}
	md := exportPack()
	want := "## What changed since " + demo.Session.Name
	if !strings.Contains(md, want) || !strings.Contains(md, `closed: mitigated`) {
		t.Errorf("the follow-up's pack does not say %q with the mitigated risk", want)
	}

	if err := d.st.DeleteSession(model.DemoSessionID); err != nil {
		t.Fatal(err)
	}
	if md := exportPack(); strings.Contains(md, "What changed since") || !strings.Contains(md, "Risk register") {
		t.Error("with the previous review gone, the pack is not the plain pack")
	}
}
