package tui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/inventory"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// The Systems tab's inventory import, as archreview inventory import does
// it: I asks for the file, a command reads it, the preview lists what the
// import adds, updates and leaves out, enter takes it as one change that u
// undoes, esc leaves the session as it was.

var inventoryImportKey = key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "import inventory"))

// inventoryPreviewKeys are the keys while the import asks or previews.
var inventoryPreviewKeys = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "import")),
	key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// inventoryImport is where the tab's import is: asking for the file
// (path), waiting for it to be read, or previewing it (inv).
type inventoryImport struct {
	path    *textinput.Model
	reading string // the file being read
	inv     *inventory.Inventory
	outcome inventory.Outcome
	lines   []string   // the outcome's, made once for every frame
	list    scrollList // over lines
}

func (i inventoryImport) active() bool { return i.path != nil || i.reading != "" || i.inv != nil }

// inventoryReadMsg brings the file read for the session's import.
type inventoryReadMsg struct {
	session, path string
	inv           *inventory.Inventory
	err           error
}

// readInventoryCmd reads and parses the file outside the update loop.
func readInventoryCmd(session, path string) tea.Cmd {
	return func() tea.Msg {
		inv, err := readInventoryFile(path)
		return inventoryReadMsg{session: session, path: path, inv: inv, err: err}
	}
}

func readInventoryFile(path string) (*inventory.Inventory, error) {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read: %w", filepath.Base(path), errorsCause(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case fi.IsDir():
		return nil, fmt.Errorf("%s is a folder; give the inventory file", filepath.Base(path))
	}
	if err := inventory.CheckSize(path, fi.Size()); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, inventory.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	return inventory.Parse(path, data, inventory.Options{})
}

// errorsCause is an os error without the path it repeats.
func errorsCause(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// startImport asks for the file.
func (t *systemsTab) startImport() {
	ti := textinput.New()
	ti.Prompt = "Import inventory (CSV, xlsx, draw.io, Structurizr JSON) from: "
	ti.CharLimit = 4096
	ti.Width = max(t.width-len(ti.Prompt)-2, 10)
	ti.Focus()
	t.imp = inventoryImport{path: &ti}
}

// updateImport runs a key while the import asks or previews.
func (t *systemsTab) updateImport(km tea.KeyMsg) tabReply {
	imp := &t.imp
	switch {
	case km.Type == tea.KeyEsc:
		t.imp = inventoryImport{}
		t.c.flash("No inventory imported; the session is as it was.")
	case imp.path != nil && km.Type == tea.KeyEnter:
		// A file dropped on the terminal arrives quoted.
		path := strings.Trim(strings.TrimSpace(imp.path.Value()), `'"`)
		if path == "" {
			t.c.flash("! Type the path of the inventory file, or esc to cancel.")
			break
		}
		t.imp = inventoryImport{reading: path}
		return tabReply{cmd: readInventoryCmd(t.ws.doc.Session.ID, path)}
	case imp.path != nil:
		ti, _ := imp.path.Update(km)
		imp.path = &ti
	case imp.inv != nil && km.Type == tea.KeyEnter:
		t.acceptImport()
	case imp.inv != nil:
		imp.list.move(km)
	}
	return tabReply{}
}

// receive takes the file read, and shows its preview; a file that adds
// and updates nothing needs no preview.
func (t *systemsTab) receive(msg tea.Msg) tabReply {
	m, ok := msg.(inventoryReadMsg)
	if !ok || m.path != t.imp.reading || m.session != t.ws.doc.Session.ID {
		return tabReply{}
	}
	t.imp = inventoryImport{}
	if m.err != nil {
		t.c.flash("! " + m.err.Error())
		return tabReply{}
	}
	_, o := inventory.Import(t.ws.doc, m.inv, model.NewID)
	if !o.Changes() {
		t.c.flash(fmt.Sprintf("Nothing new in %s: the session already has its systems and flows.", m.inv.File))
		return tabReply{}
	}
	t.imp = inventoryImport{inv: m.inv, outcome: o, lines: o.Lines()}
	return tabReply{}
}

// acceptImport imports the file into the session as it is now, which a
// colleague's merge may have changed since the preview, as one change.
func (t *systemsTab) acceptImport() {
	inv := t.imp.inv
	t.imp = inventoryImport{}
	doc, o := inventory.Import(t.ws.doc, inv, model.NewID)
	if !o.Changes() {
		t.c.flash(fmt.Sprintf("Nothing new in %s: the session already has its systems and flows.", inv.File))
		return
	}
	if _, err := t.ws.importAs(doc, "importing "+inv.File); err != nil {
		t.c.flash("! " + err.Error())
		return
	}
	t.c.flash(fmt.Sprintf("Imported %s: %d added, %d updated · u undoes", inv.File, len(o.Added), len(o.Updated)))
}

func (t *systemsTab) settleImport(f tabFrame) {
	t.imp.list.fit(len(t.imp.lines), t.height-3-f.prompt)
}

// importView is the prompt over the list, or the preview in its place.
func (t *systemsTab) importView(list []string) []string {
	st := t.c.Styles
	switch {
	case t.imp.path != nil:
		return append([]string{t.imp.path.View()}, list...)
	case t.imp.reading != "":
		return append([]string{st.Muted.Render(line("Reading "+t.imp.reading+"…", t.width))}, list...)
	}
	o, lines := t.imp.outcome, t.imp.lines
	head := fmt.Sprintf("Import %s: %s?", t.imp.inv.File, o.Counts("to add", "to update"))
	out := []string{st.Header.Render(line(st.client(head), t.width)), st.Muted.Render(line("enter imports · esc cancels · ↑↓ scroll", t.width)), ""}
	return append(out, drawRows(st, t.imp.list, t.width, func(i int) string { return line(st.client(lines[i]), t.width-2) })...)
}
