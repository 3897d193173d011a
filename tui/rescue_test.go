package tui

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"
)

// With the last save failed and the text nowhere but in the app, the first
// ctrl+c asks; anything else stays; the second one quits, and the session
// goes to a rescue file because the database still takes nothing.
func TestQuitWhileNotSavedAsksThenRescues(t *testing.T) {
	d := newDriver(t, true)
	fs := &failingStore{sessionStore: d.app.saver.store, full: true}
	d.app.saver.store = fs
	d.keys("enter", "enter", "j", "j", "j", "enter", " UNSAVED-WORDS")
	d.waitSaved()
	d.mustSee("NOT SAVED")
	d.keys("ctrl+c")
	if d.quit {
		t.Fatal("ctrl+c quit at once while the text was saved nowhere")
	}
	d.mustSee("Press the same key again to quit")
	d.keys("x") // any other key: the question is dropped (and x is text here)
	d.keys("ctrl+c")
	if d.quit {
		t.Fatal("a ctrl+c after another key quit without asking again")
	}
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("the second ctrl+c in a row did not quit")
	}
	err := d.app.FinalSave()
	var rescued *RescuedError
	if !errors.As(err, &rescued) {
		t.Fatalf("final save with the disk still full: %v, want the session in a rescue file", err)
	}
	data, rerr := os.ReadFile(rescued.Path)
	if rerr != nil {
		t.Fatal(rerr)
	}
	doc, derr := model.DecodeDocument(data)
	if derr != nil {
		t.Fatalf("the rescue file does not import: %v", derr)
	}
	if !strings.HasSuffix(doc.Flows[0].Source.Identifiers, " UNSAVED-WORDSx") {
		t.Fatalf("the rescue file holds %q", doc.Flows[0].Source.Identifiers)
	}
}

// detachedStore is a database that stopped taking saves (swapped under the
// app): every save says so.
type detachedStore struct{ sessionStore }

func (detachedStore) Save(string, store.Changes) error {
	return &store.DetachedError{Path: "review.db", Why: "was replaced by another file while archreview had it open"}
}

// Once the database is detached every save writes the rescue file, the
// banner names it, and quitting does not ask: the text is safe there.
func TestDetachedDatabaseWritesTheRescueFile(t *testing.T) {
	d := newDriver(t, true)
	d.app.saver.store = detachedStore{d.app.saver.store}
	d.keys("enter", "enter", "j", "j", "j", "enter", " AFTER-SWAP")
	d.waitSaved()
	d.mustSee("NOT SAVED: ", "was replaced by another file", "beside it")
	path := d.app.autosave.rescuedAt
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "AFTER-SWAP") {
		t.Fatalf("rescue file %s: %v", path, err)
	}
	d.keys(" MORE")
	d.waitSaved()
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "AFTER-SWAP MORE") {
		t.Fatal("a later save did not rewrite the rescue file")
	}
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c asked although the rescue file holds the text")
	}
}
