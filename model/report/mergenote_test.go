package report

import (
	"bytes"
	"testing"

	"github.com/archreview/archreview/model"
)

// The note of this database's last merge is its own: no export carries it,
// and it names no revision, so a copy with it and one without are the same.
func TestExportsLeaveTheMergeNoteOut(t *testing.T) {
	plain := model.DemoAnswers(testNow)
	noted := plain.Clone()
	noted.MergeNote = &model.MergeNote{Conflicts: 2}
	noted.MergeNote.Theirs.Add(model.NotedFlow, plain.Flows[0].ID)
	for _, private := range []bool{false, true} {
		b := written(t, WriteJSON, Export(noted, ExportOptions{IncludePrivate: private, Now: testNow}))
		if bytes.Contains(b, []byte("merge_note")) {
			t.Errorf("an export (private notes %v) carries the merge note", private)
		}
	}
	r1, _, err := Snapshot(plain)
	if err != nil {
		t.Fatal(err)
	}
	r2, _, err := Snapshot(noted)
	if err != nil {
		t.Fatal(err)
	}
	if r1 != r2 {
		t.Error("the merge note changes the session's revision")
	}
	if noted.MergeNote == nil {
		t.Error("exporting took the note off the session itself")
	}
}
