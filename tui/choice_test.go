package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"

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
// natural-key, no is none. Text that names no option selects none, and
// enter then records nothing; backspace takes back a letter typed, and
// with none typed clears the answer to unanswered.
func TestChoiceTypeAhead(t *testing.T) {
	const was = "was" // the answer the field held before
	tests := []struct {
		name  string
		keys  []string
		burst string
		want  model.Idempotency
		flash string
	}{
		{"k is key", []string{"k"}, "", "key", ""},
		{"na is natural-key", []string{"n", "a"}, "", "natural-key", ""},
		{"no is none", []string{"n", "o"}, "", "none", ""},
		{"u is unknown", []string{"u"}, "", "unknown", ""},
		{"na read together", nil, "na", "natural-key", ""},
		{"a letter that fits nothing selects nothing", []string{"n", "k"}, "", was, `no option matches "nk"`},
		{"text that matches nothing records nothing", nil, "shared", was, `no option matches "shared"`},
		{"backspace takes back a letter", []string{"n", "k", "backspace"}, "", "natural-key", ""},
		{"backspace takes back every letter", []string{"k", "backspace"}, "", was, ""},
		{"ctrl+u takes back what was typed", []string{"k", "e", "ctrl+u"}, "", was, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := editStepField(t, "2", "idempotency")
			before := d.app.ws.doc.Flows[0].Contract.Idempotency
			d.keys(tt.keys...)
			if tt.burst != "" {
				d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(tt.burst)})
			}
			d.keys("enter")
			want := tt.want
			if want == was {
				want = before
			}
			if got := d.app.ws.doc.Flows[0].Contract.Idempotency; got != want {
				t.Errorf("idempotency = %q, want %q", got, want)
			}
			if tt.flash != "" {
				d.mustSee(tt.flash)
				if !d.app.walk.editing {
					t.Error("enter on text that matches nothing left the field")
				}
			}
		})
	}
}

// Backspace, delete and ctrl+u on a choice with nothing typed take the
// answer back to unanswered, at once: in a list with "not answered" the
// cursor goes there, in a system picker to nothing selected.
func TestChoiceClearsToUnanswered(t *testing.T) {
	for _, k := range []string{"backspace", "delete", "ctrl+u"} {
		t.Run(k, func(t *testing.T) {
			d := editStepField(t, "2", "idempotency")
			d.keys("k", "enter")
			d.keys("esc", "up", "enter") // back on idempotency: the walk moved on
			if got := d.app.ws.doc.Flows[0].Contract.Idempotency; got != "key" {
				t.Fatalf("idempotency = %q before clearing", got)
			}
			d.keys(k)
			if got := d.app.ws.doc.Flows[0].Contract.Idempotency; got != "" {
				t.Errorf("%s left idempotency %q, want it unanswered", k, got)
			}
			d.mustSee("> not answered")

			d = editStepField(t, "1", "system")
			if d.app.ws.doc.Flows[0].Source.System == "" {
				t.Fatal("the demo's first flow names no source of truth")
			}
			d.keys(k)
			if got := d.app.ws.doc.Flows[0].Source.System; got != "" {
				t.Errorf("%s left the source of truth %q, want it unanswered", k, got)
			}
			d.mustSee("not answered · ↑/↓ or type to pick one")
			d.keys("enter")
			if got := d.app.ws.doc.Flows[0].Source.System; got != "" {
				t.Errorf("enter after clearing recorded %q", got)
			}
		})
	}
}

// An exact name wins over a longer one it starts, symbols match only
// themselves, and a word inside an option is found: the room's word picks
// the option it names, never a neighbour.
func TestMatchOption(t *testing.T) {
	retry := choiceOptions(mustField(t, model.StepFields(model.StepFailure), "retry_level"))
	monitoring := choiceOptions(mustField(t, model.StepFields(model.StepFailure), "monitoring_level"))
	domain := domainOptions(nil, mustField(t, model.FlowFields, "domain"))
	tests := []struct {
		opts  []option
		typed string
		want  string // the value picked; "-" for nothing
	}{
		{retry, "automatic", "automatic"},
		{retry, "AUTOMATIC", "automatic"},
		{retry, "auto", "automatic-with-dead-letter"},
		{retry, "automatic-", "automatic-with-dead-letter"},
		{retry, "dead", "automatic-with-dead-letter"},
		{retry, "replay", "manual-replay"},
		{retry, "x", "-"},
		{retry, "not answered", ""},
		{retry, "no", "none"},
		{monitoring, "shared", "alert-to-shared-inbox"},
		{monitoring, "d", "dashboard-only"},
		{monitoring, "sharedx", "-"},
		{domain, "+", "+"},
		{domain, "c", "catalog"},
		{domain, "cu", "customer"},
		{domain, "*", "-"},
		{domain, " ", "-"},
	}
	for _, tt := range tests {
		i := matchOption(tt.opts, tt.typed)
		got := "-"
		if i >= 0 {
			got = tt.opts[i].value
			if tt.opts[i].create {
				got = "+"
			}
		}
		if got != tt.want {
			t.Errorf("%q picks %q, want %q", tt.typed, got, tt.want)
		}
	}
}

func mustField(t *testing.T, fields []model.Field, key string) model.Field {
	t.Helper()
	f, ok := model.FieldByKey(fields, key)
	if !ok {
		t.Fatalf("no field %q", key)
	}
	return f
}

// A system picker that takes unknown offers it, and records it; the ends of
// a flow name real systems and do not offer it.
func TestSystemPickerOffersUnknown(t *testing.T) {
	d := editStepField(t, "1", "system")
	d.mustSee("unknown — asked; nobody")
	d.keys("unk", "enter")
	if got := d.app.ws.doc.Flows[0].Source.System; got != model.UnknownSystem {
		t.Fatalf("source of truth = %q, want unknown", got)
	}
	for _, key := range []string{"from", "to", "via"} {
		f := mustField(t, model.FlowFields, key)
		for _, o := range optionsFor(d.app.ws.doc, f) {
			if o.value == model.UnknownSystem {
				t.Errorf("the flow's %s offers unknown", key)
			}
		}
	}
	for _, f := range []model.Field{mustField(t, model.StepFields(model.StepSource), "other_writers"), model.DecisionFields[0]} {
		if !slices.ContainsFunc(optionsFor(d.app.ws.doc, f), func(o option) bool { return o.value == model.UnknownSystem }) {
			t.Errorf("%s does not offer unknown", f.Key)
		}
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
		if step == "3" {
			// The risk is under the step's fields: the cursor takes the
			// window down to it.
			for _, fd := range model.StepFields(model.StepFailure) {
				if !fd.Private {
					d.keys("j")
				}
			}
		}
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
