package tui

import (
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The Questions tab lists what nobody in the room could answer, parked with
// who to ask: enter edits one (its answer too), a parks one, x deletes one,
// l links what backs it (the thread it was asked in, the answer's source).

const tabQuestions tabID = "questions"

type questionsKeys struct{ Open, Add, Delete, Link key.Binding }

var questionsKeyMap = questionsKeys{
	Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")),
	Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add question")),
	Delete: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
	Link:   linkKey,
}

type questionsTab struct {
	listTab
	editing int // the question the edit form is on
}

func newQuestionsTab(c *Common, ws *workspace) *questionsTab {
	return &questionsTab{listTab: listTab{c: c, ws: ws}}
}

func (t *questionsTab) id() tabID { return tabQuestions }
func (t *questionsTab) label() string {
	return "Questions " + strconv.Itoa(len(t.ws.doc.OpenQuestions))
}

func (t *questionsTab) ShortHelp() []key.Binding {
	k := questionsKeyMap
	return []key.Binding{k.Open, k.Add, k.Delete, k.Link}
}

func (t *questionsTab) FullHelp() [][]key.Binding {
	return [][]key.Binding{listMoves(), t.ShortHelp()}
}

// settle leaves two lines under the list: a blank and the selected
// question's links.
func (t *questionsTab) settle(f tabFrame) { t.fit(len(t.ws.doc.OpenQuestions), f, 2) }

func (t *questionsTab) update(km tea.KeyMsg) tabReply {
	k, i := questionsKeyMap, t.list.cursor
	switch {
	case t.list.move(km):
	case key.Matches(km, k.Add):
		return t.add()
	case i >= len(t.ws.doc.OpenQuestions):
	case key.Matches(km, k.Open):
		q := t.ws.doc.OpenQuestions[i]
		t.editing = i
		f := newForm("Open question", model.QuestionFields, valuesOf(model.QuestionFields, q.Get), false, t.ws.doc, t.c.Presenter)
		return tabReply{form: t.form(f), owner: t}
	case key.Matches(km, k.Delete):
		return tabReply{ask: &pendingDelete{what: "this open question", yes: func() { t.ws.deleteQuestion(i) }}}
	case key.Matches(km, k.Link):
		q := t.ws.doc.OpenQuestions[i]
		return tabReply{links: newLinkPanel(t.c, t.ws.doc, t.ws.questionLinks(q.ID, q.Question), t.width, t.height)}
	}
	return tabReply{}
}

func (t *questionsTab) add() tabReply {
	f := newForm("New open question", model.QuestionFields, nil, true, t.ws.doc, t.c.Presenter)
	return tabReply{form: t.form(f), owner: t}
}

// changed writes a field of the question through; a date it is due by
// that is no date is refused.
func (t *questionsTab) changed(f *form, k, v string) {
	if p := model.QuestionFieldProblem(k, v); p != "" {
		f.err = p + "; the last one stays until it is fixed"
		return
	}
	f.err = ""
	t.ws.setQuestionField(t.editing, k, v)
}

// create parks the question the form describes.
func (t *questionsTab) create(v map[string]string) string {
	if v["question"] == "" {
		return "write the question down first"
	}
	if p := model.QuestionFieldProblem("due", v["due"]); p != "" {
		return p
	}
	t.list.cursor = t.ws.addQuestion(filled(model.OpenQuestion{ID: model.NewID()}, model.QuestionFields, v))
	return ""
}

func (t *questionsTab) closed() {}

func (t *questionsTab) view() []string {
	doc := t.ws.doc
	if len(doc.OpenQuestions) == 0 {
		return []string{"", "No open questions. Press o during a walkthrough to park one, or a here."}
	}
	askW := 20
	flowW := 22
	qW := t.width - 2 - askW - flowW - 3 - 10
	header := "  " + pad("QUESTION", qW) + " " + pad("ASK", askW) + " " + pad("FLOW", flowW) + " STATUS"
	st := t.c.Styles
	out := t.rows(header, func(i int) string {
		q := doc.OpenQuestions[i]
		where := "session"
		if fi := t.ws.flowIndex(q.Flow); fi >= 0 {
			where = doc.Flows[fi].Name
			if q.Step != "" {
				where += " · " + q.Step
			}
		}
		return pad(line(st.client(q.Question), qW), qW) + " " + pad(line(orDash(st.client(q.Ask)), askW), askW) + " " + pad(line(where, flowW), flowW) + " " + questionStatus(q)
	})
	if c := t.list.cursor; c < len(doc.OpenQuestions) {
		out = append(out, "", st.Muted.Render(evidenceLine(doc.OpenQuestions[c].Evidence)))
	}
	return out
}

// questionStatus is where a question stands, in ten columns: answered,
// open, or a decision asked, by the date it is due when it has one.
func questionStatus(q model.OpenQuestion) string {
	switch {
	case strings.TrimSpace(q.Answer) != "":
		return "answered"
	case q.Decision && q.Due != "":
		return line(q.Due, 10)
	case q.Decision:
		return "decide"
	}
	return "open"
}
