package tui

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"
	"github.com/archreview/archreview/model/review"
)

func openFinding(t *testing.T, ws *workspace) review.Finding {
	t.Helper()
	sum := review.Summarize(ws.doc, redact.MentionsCredential)
	i := slices.IndexFunc(sum.Findings, func(f review.Finding) bool { return f.Status == review.FindingOpen && f.Flow != "" })
	if i < 0 {
		t.Fatal("the demo has no open flow finding")
	}
	return sum.Findings[i]
}

func statusOf(ws *workspace, key string) string {
	for _, f := range review.Summarize(ws.doc, redact.MentionsCredential).Findings {
		if f.Key == key {
			return f.Status
		}
	}
	return ""
}

// Every verdict on a finding is one change: u puts the session back as it
// was, ctrl+r makes the verdict again, and each marks what it touched for
// the next save.
func TestTriageUndoesAsOneChange(t *testing.T) {
	verdicts := []struct {
		name string
		do   func(ws *workspace, f review.Finding)
		want string
	}{
		{"accept", func(ws *workspace, f review.Finding) { ws.acceptFinding(f) }, review.FindingCovered},
		{"merge", func(ws *workspace, f review.Finding) { ws.mergeFinding(f.Key, ws.doc.Flows[0].Failure.Risks[0].ID) }, review.FindingCovered},
		{"dismiss", func(ws *workspace, f review.Finding) { ws.dismissFinding(f.Key, "the vendor owns it") }, review.FindingDismissed},
	}
	for _, v := range verdicts {
		t.Run(v.name, func(t *testing.T) {
			ws := newWorkspace(model.DemoAnswers(testNow))
			f := openFinding(t, ws)
			before := ws.doc.Clone()
			v.do(ws, f)
			if got := statusOf(ws, f.Key); got != v.want {
				t.Fatalf("after %s the finding is %q, want %q", v.name, got, v.want)
			}
			if !ws.dirty() {
				t.Error("the verdict is not marked for saving")
			}
			ws.takeChanges(testNow)
			ws.reopenFinding(f.Key)
			if got := statusOf(ws, f.Key); got != review.FindingOpen {
				t.Fatalf("reopened, the finding is %q", got)
			}
			ws.undo() // the reopening
			ws.undo() // the verdict
			if got := statusOf(ws, f.Key); got != review.FindingOpen {
				t.Errorf("after undoing the %s the finding is %q, want open", v.name, got)
			}
			if !same(ws.doc, before) {
				t.Errorf("undoing the %s did not give the session back as it was", v.name)
			}
			ws.redo()
			if got := statusOf(ws, f.Key); got != v.want {
				t.Errorf("redone, the finding is %q, want %q", got, v.want)
			}
		})
	}
}

func same(a, b *model.Document) bool {
	x, err1 := model.EncodeDocument(a)
	y, err2 := model.EncodeDocument(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
