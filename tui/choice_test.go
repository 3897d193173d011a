package tui

import (
	"testing"

	"archreview/model"

	tea "github.com/charmbracelet/bubbletea"
)

// editStepField opens the walkthrough of the demo's first flow on a step
// and starts editing the field with the key.
func editStepField(t *testing.T, step string, key string) *driver {
	t.Helper()
	d := newDriver(t, true)
	d.keys("enter", "enter", step)
	for i, fd := range d.app.walk.fields() {
		if fd.Key == key {
			for range i {
				d.keys("down")
			}
			d.keys("enter")
			return d
		}
	}
	t.Fatalf("the step has no field %q", key)
	return nil
}

// Letters in a choice are type-ahead on the options' names, whether they
// come one key at a time or read together: k is key (not "move up"), na is
// natural-key, no is none; backspace goes back to unanswered.
func TestChoiceTypeAhead(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		burst string
		want  model.Idempotency
	}{
		{"k is key", []string{"k"}, "", "key"},
		{"na is natural-key", []string{"n", "a"}, "", "natural-key"},
		{"no is none", []string{"n", "o"}, "", "none"},
		{"u is unknown", []string{"u"}, "", "unknown"},
		{"na read together", nil, "na", "natural-key"},
		{"a letter that fits nothing after others starts afresh", []string{"n", "k"}, "", "key"},
		{"backspace clears", []string{"k", "backspace"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := editStepField(t, "2", "idempotency")
			d.keys(tt.keys...)
			if tt.burst != "" {
				d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(tt.burst)})
			}
			d.keys("enter")
			if got := d.app.ws.doc.Flows[0].Contract.Idempotency; got != tt.want {
				t.Errorf("idempotency = %q, want %q", got, tt.want)
			}
		})
	}
}

// A system picker types ahead on the systems' names.
func TestChoiceTypeAheadOnSystems(t *testing.T) {
	d := editStepField(t, "1", "system")
	d.keys("bus", "enter")
	if got := d.app.ws.doc.SystemName(d.app.ws.doc.Flows[0].Source.System); got != "Business Central ERP" {
		t.Errorf("source of truth = %q, want Business Central ERP", got)
	}
}
