package tui

import (
	"strings"
	"testing"

	"archreview/model"
	"archreview/model/redact"

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

// What an export redacts, the room never sees: in presenter mode a
// credential in an answer or a risk shows as the redaction mark, while the
// facilitator's own screen keeps the text they typed.
func TestPresenterModeRedacts(t *testing.T) {
	const key = "AKIAIOSFODNN7EXAMPLE"
	d := newDriver(t, true)
	d.keys("enter", "enter")
	d.app.ws.setFlowField(0, model.StepSource, "data_quality", "the sync user is "+key)
	d.app.ws.setRiskField(0, 0, "title", "Leaked "+key)
	for _, step := range []string{"1", "3"} {
		d.keys(step)
		if !strings.Contains(d.view(), key) {
			t.Fatalf("step %s: the facilitator's screen does not show the text as typed:\n%s", step, d.view())
		}
		d.keys("p")
		if v := d.view(); strings.Contains(v, "AKIAIOSFODNN7") || !strings.Contains(v, redact.Mark) {
			t.Errorf("presenter mode, step %s, shows the credential or no mark:\n%s", step, v)
		}
		d.keys("p")
	}
}

// The domain picker offers the core domains, then payment, shipment and
// returns, then any other domain the session uses; letters type ahead.
func TestDomainPickerOffersKnownAndUsedDomains(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	d.app.ws.doc.Flows[0].Domain = "loyalty"
	d.keys("a", "Refunds to the PSP", "enter")
	for _, want := range []string{"payment", "shipment", "returns", "loyalty — used in this session", "+ another…"} {
		d.mustSee(want)
	}
	d.keys("sh", "enter")
	if got := d.app.session.form.values[1]; got != "shipment" {
		t.Fatalf("typing sh picked %q, want shipment", got)
	}
}

// A system made on the spot from a picker is asked its kind, with
// type-ahead, instead of becoming "other" to be fixed later.
func TestNewSystemFromAPickerAsksItsKind(t *testing.T) {
	d := editStepField(t, "1", "system")
	d.keys("up", "enter") // "+ new system…" is the last option
	d.mustSee("New system name")
	d.keys("Stock sheet", "enter")
	d.mustSee("What kind of system is Stock sheet?")
	d.keys("fi", "enter") // file-drop; the new system is then picked
	d.keys("enter")
	doc := d.app.ws.doc
	s := doc.Systems[len(doc.Systems)-1]
	if s.Name != "Stock sheet" || s.Kind != "file-drop" || doc.Flows[0].Source.System != s.ID {
		t.Fatalf("made %+v; source of truth %q", s, doc.Flows[0].Source.System)
	}
}

// A session's systems, and its flows, each have a name of their own: a new
// system named as an existing one is refused on the systems tab, and made
// on the spot from a picker it is the existing one, picked.
func TestDuplicateNamesAreRefused(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter")
	n := len(d.app.ws.doc.Systems)
	d.keys("tab", "a", "business central erp", "enter", "enter", "enter")
	d.mustSee("already a system called")
	if len(d.app.ws.doc.Systems) != n {
		t.Fatal("a second system of the same name was added")
	}

	d = editStepField(t, "1", "system")
	d.keys("up", "enter", "Akeneo PIM", "enter", "enter", "enter")
	doc := d.app.ws.doc
	if len(doc.Systems) != n || doc.SystemName(doc.Flows[0].Source.System) != "Akeneo PIM" {
		t.Fatalf("a new system named as an existing one: %d systems, source %q", len(doc.Systems), doc.SystemName(doc.Flows[0].Source.System))
	}
}
