package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/store"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// sessionsModel is the first screen: every session in the file, a filter,
// the new-session form and the delete confirmation.
type sessionsModel struct {
	c        *Common
	lib      *library
	keys     sessionsKeys
	all      []store.SessionInfo
	shown    []store.SessionInfo
	damaged  []string // the labels of the sessions that cannot be read
	list     scrollList
	filter   textinput.Model
	filterOn bool
	form     *form
	confirm  *store.SessionInfo
	width    int
	height   int
}

func newSessionsModel(c *Common, lib *library) *sessionsModel {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "type to filter by name or client"
	return &sessionsModel{c: c, lib: lib, keys: newSessionsKeys(), filter: f}
}

func (m *sessionsModel) setSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form.setSize(w, h)
	}
}

func (m *sessionsModel) setList(list []store.SessionInfo) {
	m.all = list
	m.damaged = m.damaged[:0]
	for _, s := range list {
		if s.Damaged != nil {
			m.damaged = append(m.damaged, s.Damaged.Label())
		}
	}
	m.applyFilter()
}

// damagedNotice says which sessions cannot be read and what saves the
// others, in two lines, or nothing when every session reads.
func (m sessionsModel) damagedNotice() []string {
	var which string
	switch len(m.damaged) {
	case 0:
		return nil
	case 1:
		which = "! Session " + m.damaged[0] + " is damaged and cannot be read."
	default:
		which = fmt.Sprintf("! %d sessions are damaged and cannot be read: %s.", len(m.damaged), strings.Join(m.damaged, ", "))
	}
	return []string{which, "  archreview export --all -o DIR saves the others; the rest open as ever."}
}

// sessionLabel is how a session is named on this screen: a damaged one
// whose name cannot be read goes by its id.
func sessionLabel(s store.SessionInfo) string {
	if s.Damaged != nil && s.Name == "" {
		return s.Damaged.Label()
	}
	return s.Name
}

func (m *sessionsModel) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	m.shown = m.shown[:0]
	for _, s := range m.all {
		if q == "" || strings.Contains(strings.ToLower(s.Name), q) || strings.Contains(strings.ToLower(s.Client), q) {
			m.shown = append(m.shown, s)
		}
	}
	m.settle()
}

// settle fits the list's window to the rows the screen has for it now.
func (m *sessionsModel) settle() { m.list.fit(len(m.shown), m.listRows()) }

// listRows is how many sessions fit under what the screen shows above them.
func (m sessionsModel) listRows() int {
	above := 3 // title, a blank line, the column header
	if m.filterOn || m.filter.Value() != "" {
		above++
	}
	above += len(m.damagedNotice())
	if m.confirm != nil {
		above += 4
	}
	return m.height - above
}

func (m sessionsModel) capturing() bool {
	return m.filterOn || m.form != nil || m.confirm != nil
}

// typing says what the field being edited does with typed text, in
// update's order: a pending delete takes no text.
func (m *sessionsModel) typing() typingKind {
	switch {
	case m.confirm != nil:
		return typingNone
	case m.form != nil:
		return m.form.typing()
	case m.filterOn:
		return typingLine
	}
	return typingNone
}

func (m *sessionsModel) update(msg tea.Msg) (screen, tea.Cmd) {
	next, cmd := m.handle(msg)
	*m = next
	m.settle()
	return m, cmd
}

func (m sessionsModel) handle(msg tea.Msg) (sessionsModel, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	switch {
	case m.confirm != nil:
		return m.updateConfirm(km)
	case m.form != nil:
		return m.updateForm(km)
	case m.filterOn:
		switch km.Type {
		case tea.KeyEsc:
			m.filter.SetValue("")
			m.filterOn = false
			m.filter.Blur()
		case tea.KeyEnter:
			m.filterOn = false
			m.filter.Blur()
		default:
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(km)
			m.applyFilter()
			return m, cmd
		}
		m.applyFilter()
		return m, nil
	}

	if m.list.move(km) {
		return m, nil
	}
	switch {
	case key.Matches(km, m.keys.Open):
		if s, ok := m.selected(); ok {
			id := s.ID
			return m, func() tea.Msg { return openMsg{id: id} }
		}
	case key.Matches(km, m.keys.New):
		f := newForm("New session", model.SessionFields, []string{"", "", "", "", m.c.Now().Format(model.DateLayout), ""}, true, nil, m.c.Presenter)
		f.setSize(m.width, m.height)
		m.form = &f
	case key.Matches(km, m.keys.Filter):
		m.filterOn = true
		return m, m.filter.Focus()
	case key.Matches(km, m.keys.Demo):
		return m, m.lib.demoCmd(m.c.Now())
	case key.Matches(km, m.keys.Delete):
		if s, ok := m.selected(); ok {
			m.confirm = &s
		}
	case key.Matches(km, globalKeyMap.Back) && m.filter.Value() != "":
		m.filter.SetValue("")
		m.applyFilter()
	}
	return m, nil
}

func (m sessionsModel) selected() (store.SessionInfo, bool) {
	if m.list.cursor < 0 || m.list.cursor >= len(m.shown) {
		return store.SessionInfo{}, false
	}
	return m.shown[m.list.cursor], true
}

func (m sessionsModel) updateConfirm(km tea.KeyMsg) (sessionsModel, tea.Cmd) {
	switch {
	case key.Matches(km, confirmKeyMap.Yes):
		s := *m.confirm
		m.confirm = nil
		return m, m.lib.deleteCmd(s.ID, s.Name)
	case key.Matches(km, confirmKeyMap.No):
		m.confirm = nil
	}
	return m, nil
}

func (m sessionsModel) updateForm(km tea.KeyMsg) (sessionsModel, tea.Cmd) {
	var create tea.Cmd
	cmd, _ := stepForm(&m.form, km, m.c.Presenter, func(v map[string]string) string {
		doc, err := sessionFromForm(v, m.c.Now())
		if err != nil {
			return err.Error()
		}
		create = m.lib.createCmd(doc)
		return ""
	})
	return m, tea.Batch(cmd, create)
}

// sessionFromForm checks the new-session form and builds the session.
func sessionFromForm(v map[string]string, now time.Time) (*model.Document, error) {
	if p := model.NewSessionProblem(v); p != "" {
		return nil, errors.New(p)
	}
	s := model.Session{ID: model.NewID()}
	for _, fd := range model.SessionFields {
		s.Set(fd.Key, v[fd.Key])
	}
	return model.NewSessionDocument(s, now), nil
}

func (m sessionsModel) helpKeys() help.KeyMap {
	switch {
	case m.form != nil:
		return m.form.helpKeys()
	case m.confirm != nil:
		return confirmKeyMap
	case m.filterOn:
		return editHelp{kind: inputLine}
	}
	return m.keys
}

func (m sessionsModel) view() string {
	st := m.c.Styles
	if m.form != nil {
		return m.form.view(m.c)
	}
	var lines []string
	title := st.Title.Render("archreview") + st.Muted.Render(" · integration architecture review")
	count := st.Muted.Render(plural(len(m.all), "session"))
	lines = append(lines, spread(title, count, m.width), "")
	for _, l := range m.damagedNotice() {
		lines = append(lines, st.Bad.Render(line(l, m.width)))
	}
	if m.filterOn || m.filter.Value() != "" {
		lines = append(lines, m.filter.View())
	}
	if m.confirm != nil {
		lines = append(lines,
			st.Bad.Render(line(fmt.Sprintf("Delete session %q and every answer in it?", sessionLabel(*m.confirm)), m.width)),
			st.Muted.Render("This cannot be undone. The file is compacted so the text is gone from disk."),
			"y delete · n keep it", "")
	}
	if len(m.all) == 0 {
		lines = append(lines,
			"No sessions yet.",
			"",
			"  n  start a session for a client workshop",
			"  D  add a demo session (a fictional outdoor retailer) to explore",
			"",
			st.Muted.Render(line("Answers are saved as you type to "+m.c.DBPath, m.width)))
		return strings.Join(lines, "\n")
	}
	nameW := m.width - 2 - 20 - 12 - 18 - 3
	header := "  " + pad("SESSION", nameW) + " " + pad("CLIENT", 20) + " " + pad("DATE", 12) + " " + "PROGRESS"
	lines = append(lines, st.Muted.Render(header))
	lines = append(lines, drawRows(st, m.list, m.width, func(i int) string {
		s := m.shown[i]
		progress := progressBar(s.StepsDone, s.StepsTotal, 8) + fmt.Sprintf(" %d/%d", s.StepsDone, s.StepsTotal)
		if s.Damaged != nil {
			progress = "! cannot be read"
		}
		return pad(line(sessionLabel(s), nameW), nameW) + " " + pad(line(s.Client, 20), 20) + " " +
			pad(line(s.Date, 12), 12) + " " + progress
	})...)
	if len(m.shown) == 0 {
		lines = append(lines, st.Muted.Render("  No session matches the filter; esc clears it."))
	}
	return strings.Join(lines, "\n")
}

// progressBar draws done of total as a bar that reads without colour.
func progressBar(done, total, width int) string {
	if total == 0 {
		return strings.Repeat("░", width)
	}
	n := done * width / total
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// spread puts left and right on one line of width cells.
func spread(left, right string, width int) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}
