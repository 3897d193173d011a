package tui

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/report"
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

// The app's export prints the pack to PDF with the printer it was given,
// the cover carrying the firm profile's name; without a printer it writes
// every other file and says the PDF is missing and why.
func TestExportPrintsAPDFWhenItHasAPrinter(t *testing.T) {
	for _, withPrinter := range []bool{true, false} {
		d := newDriver(t, true)
		var printed []byte
		d.app.lib.firm = &report.Firm{Name: "Northwind Advisory"}
		if withPrinter {
			d.app.lib.printer = func(w io.Writer, html []byte) error {
				printed = html
				_, err := io.WriteString(w, "%PDF-1.7 test\n")
				return err
			}
		}
		d.run(d.app.lib.listCmd())
		d.keys("enter", "e")
		d.mustSee("Export to folder:")
		d.keys("enter")
		flash := d.app.c.Flash
		_, folder, _ := strings.Cut(flash, " to ")
		base := filepath.Join(folder, filepath.Base(folder))
		pdf, err := os.ReadFile(base + ".pdf")
		html, herr := os.ReadFile(base + ".html")
		if herr != nil {
			t.Fatalf("printer %v: no HTML pack: %v (flash %q)", withPrinter, herr, flash)
		}
		if !strings.Contains(string(html), "Northwind Advisory") {
			t.Errorf("printer %v: the HTML cover does not name the firm", withPrinter)
		}
		if withPrinter {
			if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
				t.Errorf("no PDF written: %v (flash %q)", err, flash)
			}
			if !strings.Contains(string(printed), "Northwind Advisory") || !strings.Contains(flash, "pdf") || strings.Contains(flash, "no PDF") {
				t.Errorf("the printer did not get the pack with the firm, or the flash %q is wrong", flash)
			}
			continue
		}
		if err == nil {
			t.Error("a PDF was written without a printer")
		}
		if !strings.Contains(flash, "no PDF: "+noPrinter) {
			t.Errorf("the flash %q does not say why there is no PDF", flash)
		}
	}
}
