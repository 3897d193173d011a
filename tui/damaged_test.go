package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	tea "github.com/charmbracelet/bubbletea"
)

// TestDamagedSessionIsNamedInThePicker: a file with one session damaged in
// place (one byte of an answer, with no archreview running) opens; the
// picker lists the others, marks the damaged one and says which it is and
// what saves the others; opening it says it cannot be read, and the others
// still open.
func TestDamagedSessionIsNamedInThePicker(t *testing.T) {
	path := filepath.Join(t.TempDir(), "review.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*model.Document
	for n := 1; n <= 3; n++ {
		d := model.DemoAnswers(testNow)
		d.Session.ID = model.NewIDAt(testNow, uint64(500+n))
		d.Session.Name = fmt.Sprintf("Race %d", n)
		d.Flows[0].Source.Notes = fmt.Sprintf("answer-of-race-%d", n)
		if err := st.Create(d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte("answer-of-race-2"))
	if at < 0 || bytes.Count(data, []byte("answer-of-race-2")) != 1 {
		t.Fatal("the answer to damage is not in the file once")
	}
	data[at+3] ^= 0x04
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	st, err = store.Open(path)
	if err != nil {
		t.Fatalf("the file with one damaged session is refused whole: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	d := &driver{t: t, st: st, path: path}
	d.app = NewApp(st, Options{Version: "test", Now: func() time.Time { return testNow }, ExportDir: t.TempDir()})
	d.app.c.DBPath = "review.db"
	d.run(d.app.Init())
	d.send(tea.WindowSizeMsg{Width: 100, Height: 24})

	victim := docs[1].Session
	d.mustSee("Race 1", "Race 3", "Race 2", "! cannot be read",
		"! Session Race 2 ("+victim.ID+") is damaged and cannot be read.", "archreview export --all -o DIR saves the others")
	for _, l := range strings.Split(d.view(), "\n") {
		if strings.Contains(l, "Race 1") || strings.Contains(l, "Race 3") {
			if strings.Contains(l, "cannot be read") {
				t.Errorf("a sound session is marked damaged: %q", l)
			}
		}
	}

	// The list is by name: Race 1, Race 2, Race 3.
	d.keys("j", "enter")
	if d.app.screen != screenSessions {
		t.Fatalf("opening the damaged session left the picker:\n%s", d.view())
	}
	d.mustSee("session Race 2 (" + victim.ID + ") is damaged and cannot be read")
	d.keys("j", "enter")
	if d.app.screen != screenSession || d.app.ws == nil || d.app.ws.doc.Session.ID != docs[2].Session.ID {
		t.Fatalf("Race 3 does not open beside the damaged one:\n%s", d.view())
	}
}
