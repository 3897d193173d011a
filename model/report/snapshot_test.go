package report

import (
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// The revision the database keeps before a save is the one an export of
// the same session names, whatever the export includes, so a colleague's
// copy of that export finds it; and what is kept merges as the shareable
// session does.
func TestSnapshotNamesWhatTheExportNames(t *testing.T) {
	d := model.Generate(600, 2, 5) // more than a batch of flows
	d.Flows[3].Contract.Environments = "prod key sk_live_4eC39HqLyjWDarjtT1zdp7dc"
	d.Flows[599].Source.PrivateNotes = "the CFO does not trust this number"
	rev, fp, err := Snapshot(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, private := range []bool{false, true} {
		if got := Export(d, ExportOptions{Now: testNow, IncludePrivate: private}).Revision; got != rev {
			t.Errorf("include private %v: the export names %s, the snapshot %s", private, got, rev)
		}
	}
	d.Flows[10].Owner.Runbooks = "edited"
	if other, _, _ := Snapshot(d); other == rev {
		t.Error("an edit did not change the revision")
	}
	d.Flows[10].Owner.Runbooks = ""

	base, err := review.ParseFingerprint(fp)
	if err != nil {
		t.Fatal(err)
	}
	theirs := Shareable(d)
	theirs.Flows[20].Owner.Dashboards = "Grafana, board 12"
	ours := d.Clone()
	ours.Flows[30].Owner.Runbooks = "Confluence page"
	merged, conflicts, err := review.MergeFrom(base, ours, theirs)
	if err != nil || len(conflicts) > 0 {
		t.Fatalf("merge from the kept fingerprint: %v, %+v", err, conflicts)
	}
	if merged.Flows[20].Owner.Dashboards != "Grafana, board 12" || merged.Flows[30].Owner.Runbooks != "Confluence page" {
		t.Error("the merge from the kept fingerprint lost an edit")
	}
	if merged.Flows[3].Contract.Environments != d.Flows[3].Contract.Environments || merged.Flows[599].Source.PrivateNotes == "" {
		t.Error("the merge took the redacted copy's text over ours")
	}
}
