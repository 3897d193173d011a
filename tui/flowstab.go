package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The Flows tab lists the session's flows with their route, pattern and
// steps done: enter walks the flow under the cursor, a adds one, c copies
// it, K and J move it up and down, x deletes it.

const tabFlows tabID = "flows"

type flowsKeys struct {
	Open, Add, Delete, Copy, MoveUp, MoveDown key.Binding
}

var flowsKeyMap = flowsKeys{
	Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "walk flow")),
	Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add flow")),
	Delete:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
	Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy flow")),
	MoveUp:   key.NewBinding(key.WithKeys("K"), key.WithHelp("K/J", "move flow up/down")),
	MoveDown: key.NewBinding(key.WithKeys("J")),
}

type flowsTab struct{ listTab }

func newFlowsTab(c *Common, ws *workspace) *flowsTab {
	return &flowsTab{listTab{c: c, ws: ws}}
}

func (t *flowsTab) id() tabID     { return tabFlows }
func (t *flowsTab) label() string { return "Flows " + strconv.Itoa(len(t.ws.doc.Flows)) }

func (t *flowsTab) ShortHelp() []key.Binding {
	k := flowsKeyMap
	return []key.Binding{k.Open, k.Add, k.Delete}
}

func (t *flowsTab) FullHelp() [][]key.Binding {
	k := flowsKeyMap
	return [][]key.Binding{listMoves(), {k.Open, k.Add, k.Delete, k.Copy, k.MoveUp}}
}

func (t *flowsTab) settle(f tabFrame) { t.fit(len(t.ws.doc.Flows), f, 0) }

func (t *flowsTab) update(km tea.KeyMsg) tabReply {
	k, l := flowsKeyMap, &t.list
	switch {
	case l.move(km):
	case key.Matches(km, k.Copy):
		l.cursor = t.ws.duplicateFlow(l.cursor)
	case key.Matches(km, k.MoveUp, k.MoveDown):
		delta := 1
		if key.Matches(km, k.MoveUp) {
			delta = -1
		}
		l.cursor = t.ws.moveFlow(l.cursor, delta)
	case key.Matches(km, k.Add):
		return t.add()
	case l.cursor >= len(t.ws.doc.Flows):
	case key.Matches(km, k.Open):
		i := l.cursor
		return tabReply{cmd: func() tea.Msg { return walkMsg{flow: i} }}
	case key.Matches(km, k.Delete):
		i := l.cursor
		return tabReply{ask: &pendingDelete{
			what: fmt.Sprintf("flow %q with all its answers and risks", t.ws.doc.Flows[i].Name),
			yes:  func() { t.ws.deleteFlow(i) },
		}}
	}
	return tabReply{}
}

func (t *flowsTab) add() tabReply {
	return tabReply{form: t.form(newForm("New flow", model.FlowFields, nil, true, t.ws.doc, t.c.Presenter)), owner: t}
}

// goTo puts the cursor on the flow, and walks it when the match is in its
// answers or asks for it; the walkthrough coming back only moves the cursor.
func (t *flowsTab) goTo(h searchHit) tea.Cmd {
	t.list.cursor = h.index
	if !h.walk {
		return nil
	}
	flow, at := h.index, h.at
	return func() tea.Msg { return walkMsg{flow: flow, at: at} }
}

// create adds the flow the new-flow form describes.
func (t *flowsTab) create(v map[string]string) string {
	f := model.Flow{ID: model.NewID()}
	for _, fd := range model.FlowFields {
		f.SetHeader(fd.Key, v[fd.Key])
	}
	if p := model.NewFlowProblem(f); p != "" {
		return p
	}
	if p := model.NameProblem(t.ws.doc, "flow", f.Name, ""); p != "" {
		return p
	}
	t.list.cursor = t.ws.addFlow(f)
	return ""
}

// changed and closed have nothing to do: the tab opens only the new-flow
// form, and a flow's answers are edited in the walkthrough.
func (t *flowsTab) changed(*form, string, string) {}
func (t *flowsTab) closed()                       {}

func (t *flowsTab) view() []string {
	doc := t.ws.doc
	if len(doc.Flows) == 0 {
		return []string{"", "No flows yet. Press a to add the first one: orders to the ERP is a good start.",
			"", t.c.Styles.Muted.Render("Add the systems as you go, or list them first on the Systems tab.")}
	}
	// Name and route share what the fixed columns leave, the route a little
	// more because it holds two system names.
	free := t.width - 2 - 10 - 13 - 5 - 4
	nameW := free * 9 / 20
	routeW := free - nameW
	header := "  " + pad("FLOW", nameW) + " " + pad("DOMAIN", 10) + " " + pad("FROM → TO", routeW) + " " + pad("PATTERN", 13) + " STEPS"
	return t.rows(header, func(i int) string {
		f := &doc.Flows[i]
		route := t.c.Styles.client(doc.SystemName(f.From) + " → " + doc.SystemName(f.To))
		return pad(line(t.c.Styles.client(f.Name), nameW), nameW) + " " + pad(line(f.Domain, 10), 10) + " " +
			pad(line(route, routeW), routeW) + " " + pad(line(orDash(string(f.Contract.Pattern)), 13), 13) + " " + stepMarks(f)
	})
}

// stepMarks shows a flow's four steps as done or not, readable without colour.
func stepMarks(f *model.Flow) string {
	var b strings.Builder
	for _, s := range model.Steps {
		if f.StepDone(s) {
			b.WriteString("●")
		} else {
			b.WriteString("○")
		}
	}
	return b.String()
}
