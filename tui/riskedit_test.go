package tui

import (
	"testing"

	"github.com/archreview/archreview/model"
)

// openNewRisk walks the demo's first flow and adds a risk titled title,
// its form open on the title; the risk is the flow's last.
func openNewRisk(t *testing.T, title string) (*driver, func() model.Risk) {
	t.Helper()
	d := newDriver(t, true)
	d.keys("enter", "enter", "r", title)
	last := func() model.Risk {
		rs := d.app.ws.doc.Flows[0].Failure.Risks
		return rs[len(rs)-1]
	}
	return d, last
}

// tabTo moves the editor of the form open now to the field with the key.
func tabTo(t *testing.T, d *driver, open func() *form, key string) {
	t.Helper()
	for range open().fields {
		if f := open(); f.fields[f.focus].Key == key {
			return
		}
		d.keys("tab")
	}
	t.Fatalf("the form has no field %q", key)
}

func (d *driver) riskForm() *form    { return d.app.walk.risk }
func (d *driver) sessionForm() *form { return d.app.session.form }

// The Slice field takes digits only: the first replaces the 0 shown, a
// letter or a number out of range is refused with the range in one line.
func TestNumberFieldsTakeDigitsOnly(t *testing.T) {
	d, last := openNewRisk(t, "Stock feed stalls")
	tabTo(t, d, d.riskForm, "slice")
	d.paste("0IT ops, I think")
	d.mustSee("! Slice (0 = auto) takes a whole number from 0 to 99")
	if got := d.app.walk.risk.ed.value(); got != "0" {
		t.Fatalf("a letter went into the Slice field: %q", got)
	}
	d.keys("0")
	if got := d.app.walk.risk.ed.value(); got != "0" {
		t.Errorf("typing 0 over the 0 shown gives %q, want 0", got)
	}
	d.keys("3")
	if got := d.app.walk.risk.ed.value(); got != "3" {
		t.Errorf("3 typed after the 0 gives %q, want 3", got)
	}
	d.keys("0", "0")
	if got := d.app.walk.risk.ed.value(); got != "30" {
		t.Errorf("a third digit past 99 was taken: %q", got)
	}
	d.mustSee("from 0 to 99")
	d.keys("enter")
	if got := last().Slice; got != 30 {
		t.Errorf("slice = %d, want 30", got)
	}
	if got := last().Title; got != "Stock feed stalls" {
		t.Errorf("title = %q", got)
	}
}

// The session's numbers refuse out of range the same way, in the same
// words the file's validation uses.
func TestSessionNumbersKeepTheirRange(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "i")
	tabTo(t, d, d.sessionForm, "slice_size")
	d.keys("9", "9")
	size, _ := model.FieldByKey(model.SessionDetailFields, "slice_size")
	d.mustSee("! " + model.RangeWording(size)[:40])
	d.keys("enter")
	if got := d.app.ws.doc.Session.SliceSize; got != 9 {
		t.Errorf("slice size = %d, want the 9 that fits", got)
	}
}

// Setting the impact proposes the flags its level means; a flag that
// contradicts the impact is refused with one line naming the impact that
// fits, and the flag stays as it was.
func TestImpactAndFlagsAgree(t *testing.T) {
	d, last := openNewRisk(t, "Orders stuck before the ERP")
	tabTo(t, d, d.riskForm, "impact")
	d.keys("4", "enter")
	if r := last(); r.Impact != 4 || !r.RevenueCritical || r.CustomerVisible {
		t.Fatalf("impact 4 gave %+v", r)
	}
	tabTo(t, d, d.riskForm, "customer_visible")
	d.keys("yes", "enter")
	if r := last(); r.CustomerVisible {
		t.Fatalf("customer-visible was set on an impact 4 risk: %+v", r)
	}
	want := model.ImpactFlagProblem(4, "customer_visible", true)
	d.mustSee("! " + want[:50])
	// The register's risk form asks the same question.
	d.keys("esc", "esc", "esc", "tab", "tab", "tab", "tab")
	if d.app.session.activeTab() != tabRegister {
		t.Fatalf("not on the Register tab: %v", d.app.session.activeTab())
	}
	id := last().ID
	d.app.session.registerTab().focus = id
	d.send(nil)
	d.keys("enter")
	if d.app.session.form == nil || d.app.session.registerTab().editing != id {
		t.Fatalf("enter did not open the risk %s", id)
	}
	tabTo(t, d, d.sessionForm, "customer_visible")
	d.keys("yes", "enter")
	if r := last(); r.CustomerVisible {
		t.Fatalf("the register set customer-visible on an impact 4 risk: %+v", r)
	}
	tabTo(t, d, d.sessionForm, "impact")
	d.keys("5", "enter")
	if r := last(); r.Impact != 5 || !r.RevenueCritical || !r.CustomerVisible {
		t.Fatalf("impact 5 on the register gave %+v", r)
	}
}
