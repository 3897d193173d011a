package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/redact"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
)

// The demo's stock-file flow keeps its SFTP password in the contract's
// environments answer, as rooms do.
const (
	sftpFlow     = 1
	sftpPassword = "Harbour2024!"
)

// walkToField opens the demo's stock-file flow at step, in presenter mode
// when presenting, with the cursor on the field key.
func walkToField(t *testing.T, step string, key string, presenting bool) *driver {
	t.Helper()
	d := newDriver(t, true)
	d.keys("enter", "j", "enter", step)
	if presenting {
		d.keys("p")
	}
	at := slices.IndexFunc(d.app.walk.fields(), func(f model.Field) bool { return f.Key == key })
	if at < 0 {
		t.Fatalf("step %s shows no %s field", step, key)
	}
	for range at {
		d.keys("j")
	}
	return d
}

func (d *driver) mustNotShow(what, secret string) {
	d.t.Helper()
	if v := d.view(); strings.Contains(v, secret) {
		d.t.Fatalf("%s: the screen shows the credential %q:\n%s", what, secret, v)
	}
}

// In presenter mode a field whose answer holds a credential opens sealed:
// the answer redacted, a line saying why and how to edit it, and no key
// changes it. The facilitator's own screen opens it as typed.
func TestPresenterSealsAStoredCredential(t *testing.T) {
	d := walkToField(t, "2", "environments", true)
	stored := d.app.ws.doc.Flows[sftpFlow].Contract.Environments
	if !strings.Contains(stored, sftpPassword) {
		t.Fatalf("the demo's stock-file flow no longer keeps its password in environments: %q", stored)
	}
	d.mustNotShow("presenting, before opening", sftpPassword)

	d.keys("enter")
	if !d.app.walk.editing {
		t.Fatal("enter did not open the field")
	}
	d.mustNotShow("presenting, the field open", sftpPassword)
	d.mustSee(redact.Mark, "Holds a credential", "leaves presenter mode")
	golden.RequireEqual(t, d.view())
	if first, second := d.app.View(), d.app.View(); first != second {
		t.Fatal("drawing the sealed field twice gave two screens")
	}

	d.keys("x", "backspace", "backspace", "delete me")
	d.paste("pasted over")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlJ})
	d.mustNotShow("presenting, after typing into the sealed field", sftpPassword)
	if got := d.app.ws.doc.Flows[sftpFlow].Contract.Environments; got != stored {
		t.Fatalf("typing into a sealed field changed the answer to %q", got)
	}

	d.keys("esc", "p", "enter")
	if !strings.Contains(d.view(), sftpPassword) {
		t.Fatalf("out of presenter mode the field does not open as typed:\n%s", d.view())
	}
	d.keys("!")
	if got := d.app.ws.doc.Flows[sftpFlow].Contract.Environments; got != stored+"!" {
		t.Fatalf("out of presenter mode typing gave %q, want the answer with ! added", got)
	}
}

// tab and shift+tab open the next field sealed too, and enter on a sealed
// field moves on without writing it.
func TestPresenterSealsTheFieldsTabReaches(t *testing.T) {
	d := walkToField(t, "2", "environments", true)
	stored := d.app.ws.doc.Flows[sftpFlow].Contract.Environments
	d.keys("k", "enter", "tab")
	d.mustNotShow("tab into the field", sftpPassword)
	d.mustSee("Holds a credential")
	d.keys("tab", "shift+tab")
	d.mustNotShow("shift+tab back into the field", sftpPassword)
	for range len(d.app.walk.fields()) + 1 {
		d.keys("tab")
		d.mustNotShow("tabbing round the step", sftpPassword)
	}
	d.keys("enter")
	d.mustNotShow("enter on the sealed field", sftpPassword)
	if got := d.app.ws.doc.Flows[sftpFlow].Contract.Environments; got != stored {
		t.Fatalf("moving through a sealed field changed it to %q", got)
	}
}

// A risk's fix and a system's name hold credentials too: the risk form
// seals its field, and a system picker lists the system redacted.
func TestPresenterSealsFormsAndPickers(t *testing.T) {
	const secret = "S3cretValue9"
	d := walkToField(t, "3", "notes", true)
	d.app.ws.setRiskField(sftpFlow, 0, "fix", "rotate it; pw: "+secret)
	for d.app.walk.cursor < len(d.app.walk.fields()) { // on to the first risk
		d.keys("down")
	}
	at := slices.IndexFunc(model.RiskFields, func(f model.Field) bool { return f.Key == "fix" })
	d.keys("enter")
	if d.app.walk.risk == nil {
		t.Fatal("enter on the risk did not open it")
	}
	d.mustNotShow("the risk form", secret)
	d.openFormField(func() *form { return d.app.walk.risk }, at)
	d.mustNotShow("the risk's fix open", secret)
	d.mustSee("Holds a credential")
	d.keys("esc", "esc")
	if d.app.walk.risk != nil {
		t.Fatal("esc twice left the risk form open")
	}

	// Presenter mode turned on while the risk form is open seals it too.
	d.keys("p") // presenter mode off: the private notes show again
	for d.app.walk.cursor < len(d.app.walk.fields()) {
		d.keys("down")
	}
	d.keys("enter") // the risk, open
	if d.app.walk.risk.editing {
		d.keys("esc") // browsing the form, where p is a command
	}
	d.keys("p")
	d.openFormField(func() *form { return d.app.walk.risk }, at)
	if !d.app.walk.c.Presenter || d.app.walk.risk == nil || !d.app.walk.risk.editing {
		t.Fatalf("could not open the risk's fix after turning presenter mode on in its form:\n%s", d.view())
	}
	d.mustNotShow("the risk's fix, presenter mode turned on in the form", secret)
	d.keys("esc", "esc")

	// The picker opens on the flow's source of truth, so that one is in view.
	doc := d.app.ws.doc
	sys := slices.IndexFunc(doc.Systems, func(s model.System) bool { return s.ID == doc.Flows[sftpFlow].Source.System })
	if sys < 0 {
		t.Fatal("the stock-file flow names no source of truth")
	}
	d.app.ws.setSystemField(sys, "name", "WMS pw: "+secret)
	d.keys("1")
	d.keys("enter") // the source-of-truth picker, the first field
	if d.app.walk.ed.kind != inputChoice {
		t.Fatalf("the first source field opened as %v, not a system picker", d.app.walk.ed.kind)
	}
	d.mustNotShow("the system picker", secret)
	d.mustSee("WMS pw: " + redact.Mark)
}

// openFormField opens field at of the form f gives for editing, however the
// form opened: browsing it goes down with j and opens with enter, and a
// form already editing moves on with tab, opening each field on the way.
func (d *driver) openFormField(f func() *form, at int) {
	d.t.Helper()
	for range len(f().fields) {
		if f().focus == at {
			break
		}
		if f().editing {
			d.keys("tab")
		} else {
			d.keys("j")
		}
	}
	if !f().editing {
		d.keys("enter")
	}
	if f().focus != at || !f().editing {
		d.t.Fatalf("could not open field %d of the form:\n%s", at, d.view())
	}
}
