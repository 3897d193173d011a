package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Evidence links. l opens the evidence form of what is under the cursor: a
// step's answers or a risk in the walkthrough, a risk in the register, a
// domain's decision, an open question. The form takes what a new link is
// and where, and under it lists the links the record holds; tab past the
// last field goes to that list, where x removes the link under the cursor
// once y confirms it. Every link goes in and out through the workspace, so
// undo takes it back and every listener hears of it. A link's address is
// checked as it is committed and never opened.

var linkKey = key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link evidence"))

type linkListKeys struct{ Remove, Add, Close key.Binding }

// linkListKeyMap are the keys of the links listed under the evidence form.
var linkListKeyMap = linkListKeys{
	Remove: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove link")),
	Add:    key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "add a link")),
	Close:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
}

func (k linkListKeys) ShortHelp() []key.Binding {
	return []key.Binding{globalKeyMap.Up, globalKeyMap.Down, k.Remove, k.Add, k.Close}
}
func (k linkListKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// linkTarget is the record an evidence form is about: what it is called in
// the form's title (cut to fit one line), its links as they are now (nil once it is gone), and
// the workspace change that adds a link to it or, with drop, removes one.
type linkTarget struct {
	what   string
	links  func() []model.Evidence
	relink func(e model.Evidence, drop bool) string
}

// linkPanel is the evidence form of one record: the new link's fields and,
// under them, the record's links, with the one under the cursor asked
// about before it goes.
type linkPanel struct {
	c       *Common
	to      linkTarget
	form    *form
	inList  bool            // the list has the keys, not the fields
	list    scrollList      // over to.links()
	confirm *model.Evidence // the link x asked to remove, until y or n
	width   int
	height  int
}

func newLinkPanel(c *Common, doc *model.Document, to linkTarget, width, height int) *linkPanel {
	f := newForm("Link evidence to "+to.what, model.EvidenceFields, nil, true, doc, c.Presenter)
	p := &linkPanel{c: c, to: to, form: &f}
	p.setSize(width, height)
	return p
}

// linkFormLines are the most lines the form takes above the list: its
// title, a blank line, its fields, a refusal under a blank line, and the
// blank line and header of the list.
const linkFormLines = 8

func (p *linkPanel) setSize(width, height int) {
	p.width, p.height = width, height
	p.form.setSize(width, min(height, linkFormLines))
	p.list.fit(len(p.to.links()), height-linkFormLines)
}

// typing says what the panel does with typed text: the fields take it; the
// list and the question take none.
func (p *linkPanel) typing() typingKind {
	if p.inList || p.confirm != nil {
		return typingNone
	}
	return p.form.typing()
}

func (p *linkPanel) helpKeys() help.KeyMap {
	switch {
	case p.confirm != nil:
		return confirmKeyMap
	case p.inList:
		return linkListKeyMap
	}
	return p.form.helpKeys()
}

// update runs a key through the panel, and reports whether it is done: a
// link added, a link removed, or the form left.
func (p *linkPanel) update(km tea.KeyMsg) (tea.Cmd, bool) {
	defer func() {
		n := len(p.to.links())
		p.list.fit(n, p.height-linkFormLines)
		// Links taken from elsewhere (a peer, an undo) leave nothing to
		// pick: the fields have the keys again.
		p.inList = p.inList && n > 0
	}()
	switch {
	case p.confirm != nil:
		return nil, p.updateConfirm(km)
	case p.inList:
		return nil, p.updateList(km)
	}
	from := p.form.focus
	cmd, res := stepForm(&p.form, km, p.c.Presenter, func(v map[string]string) string {
		if problem := p.to.relink(model.NewEvidence(v), false); problem != "" {
			return problem
		}
		p.c.flash("Linked: " + linksNow(p.to.links()) + "; u undoes.")
		return ""
	})
	if p.form == nil {
		return cmd, true
	}
	// tab past the last field, or shift+tab before the first, goes to the
	// links rather than round the form; what was typed stays in it.
	last := len(p.form.fields) - 1
	wrapped := (key.Matches(km, editKeyMap.Next) && from == last && p.form.focus == 0) ||
		(key.Matches(km, editKeyMap.Prev) && from == 0 && p.form.focus == last)
	if res != formSubmit && wrapped && len(p.to.links()) > 0 {
		p.inList = true
	}
	return cmd, false
}

func (p *linkPanel) updateList(km tea.KeyMsg) bool {
	links := p.to.links()
	switch {
	case p.list.move(km):
	case key.Matches(km, linkListKeyMap.Remove):
		if c := p.list.cursor; c < len(links) {
			e := links[c]
			p.confirm = &e
		}
	case key.Matches(km, linkListKeyMap.Add):
		// tab goes on to the first field, shift+tab back to the last.
		p.inList = false
		at := 0
		if key.Matches(km, editKeyMap.Prev) {
			at = len(p.form.fields) - 1
		}
		if p.form.focus != at {
			p.form.focus = at
			p.form.startEditing()
		}
	case key.Matches(km, linkListKeyMap.Close):
		if p.form.typed() {
			// What was typed for a new link is not dropped from here: the
			// form's own esc asks first.
			p.inList = false
			return false
		}
		return true
	}
	return false
}

// updateConfirm removes the link asked about on y, and closes the panel so
// u undoes it at once; n or esc keeps it.
func (p *linkPanel) updateConfirm(km tea.KeyMsg) bool {
	switch {
	case key.Matches(km, confirmKeyMap.Yes):
		e := *p.confirm
		p.confirm = nil
		if problem := p.to.relink(e, true); problem != "" {
			p.c.flash("! " + problem)
			return false
		}
		p.c.flash("Removed the link: " + linksNow(p.to.links()) + "; u undoes.")
		return true
	case key.Matches(km, confirmKeyMap.No):
		p.confirm = nil
	}
	return false
}

// evidenceLine is what a tab says under a record of its links, and how to
// add one.
func evidenceLine(list []model.Evidence) string {
	if n := model.EvidenceCount(list); n != "" {
		return "  Evidence: " + n + " · l links another"
	}
	return "  No evidence linked · l links some"
}

// linksNow says how many links a record holds: "2 links", "no links".
func linksNow(list []model.Evidence) string {
	if n := model.EvidenceCount(list); n != "" {
		return n + " now"
	}
	return "no links now"
}

// linkName names a link in a question about it: its label and address.
func linkName(e model.Evidence) string {
	if l := strings.TrimSpace(e.Label); l != "" {
		return fmt.Sprintf("the link %q to %s", l, strings.TrimSpace(e.URL))
	}
	return fmt.Sprintf("the link to %s", strings.TrimSpace(e.URL))
}

// view draws the form and, under it, the record's links; it changes
// nothing.
func (p *linkPanel) view() []string {
	st := p.c.Styles
	links := p.to.links()
	f := *p.form
	if (p.inList && len(links) > 0) || p.confirm != nil {
		f.editing, f.focus = false, -1 // the list's cursor is the one focus
	}
	out := strings.Split(f.view(p.c), "\n")
	if p.confirm != nil {
		out = append(deletePrompt(st, linkName(*p.confirm), p.width), out...)
	}
	if len(links) == 0 {
		return out
	}
	hint := "tab past the last field goes to them"
	if p.inList {
		hint = "x removes the one under the cursor · tab adds another"
	}
	out = append(out, "", st.Label.Render("Linked here")+st.Muted.Render(" · "+hint))
	l := p.list
	l.fit(len(links), p.height-linkFormLines)
	if !p.inList && p.confirm == nil {
		l.cursor = -1 // no row is marked while the fields have the keys
	}
	return append(out, drawRows(st, l, p.width, func(i int) string {
		e := links[i]
		text := "<" + e.URL + ">"
		if lbl := strings.TrimSpace(e.Label); lbl != "" {
			text = lbl + " " + text
		}
		return line(st.client(text), p.width-2)
	})...)
}

// deletePrompt is the question over whatever a delete waits on: what goes,
// and the keys that answer.
func deletePrompt(st Styles, what string, width int) []string {
	return []string{st.Bad.Render(line(st.clientQuoted("Delete "+what+"?"), width)), "y delete · n keep it", ""}
}

// relinked is list with e added, or with drop taken out, or why it cannot
// be: an address that is none or linked already, a link gone already.
func relinked(list []model.Evidence, e model.Evidence, drop bool) ([]model.Evidence, string) {
	if !drop {
		if p := model.AddEvidenceProblem(list, e); p != "" {
			return nil, p
		}
		return append(slices.Clone(list), e), ""
	}
	i := slices.Index(list, e)
	if i < 0 {
		return nil, "that link is gone already"
	}
	out := slices.Delete(slices.Clone(list), i, i+1)
	if len(out) == 0 {
		out = nil
	}
	return out, ""
}

// linkChange is what the history calls adding or removing a link on what.
func linkChange(what string, drop bool) string {
	if drop {
		return "removing a link on " + what
	}
	return "a link on " + what
}

// stepLinks are the links of the answers of step st of flow i.
func (w *workspace) stepLinks(i int, st model.Step) linkTarget {
	what := st.Title()
	if f := w.flow(i); f != nil {
		what += " of " + line(f.Name, 40)
	}
	return linkTarget{what: what, links: func() []model.Evidence {
		if f := w.flow(i); f != nil {
			return *f.StepEvidence(st)
		}
		return nil
	}, relink: func(e model.Evidence, drop bool) string { return w.relinkStep(i, st, e, drop) }}
}

// relinkStep adds a link to the answers of step st of flow i, or with drop
// removes it, or says why it cannot.
func (w *workspace) relinkStep(i int, st model.Step, e model.Evidence, drop bool) string {
	f := w.flow(i)
	if f == nil {
		return "the flow is gone"
	}
	list := f.StepEvidence(st)
	next, p := relinked(*list, e, drop)
	if p != "" {
		return p
	}
	what := linkChange(f.Name, drop)
	w.remember(what, "", partFlow, f.ID)
	*list = next
	w.compact = w.compact || drop // the text removed would stay in the file's free pages
	w.changed(flowChange(what, f.ID, answerKey(st, model.EvidenceKey)))
	return ""
}

// riskLinks are the links of the risk with the id, of a flow or of the
// session.
func (w *workspace) riskLinks(id, title string) linkTarget {
	return linkTarget{what: "risk " + line(title, 50), links: func() []model.Evidence {
		if list, _, ri := w.risksOf(id); ri >= 0 {
			return (*list)[ri].Evidence
		}
		return nil
	}, relink: func(e model.Evidence, drop bool) string { return w.relinkRisk(id, e, drop) }}
}

// relinkRisk adds a link to the risk with the id, or with drop removes it,
// or says why it cannot.
func (w *workspace) relinkRisk(id string, e model.Evidence, drop bool) string {
	list, fi, ri := w.risksOf(id)
	if ri < 0 {
		return "the risk is gone"
	}
	next, p := relinked((*list)[ri].Evidence, e, drop)
	if p != "" {
		return p
	}
	c := model.Change{What: linkChange("a risk", drop), Risks: []string{id}, Fields: []string{recordKey("risk", model.EvidenceKey)}}
	w.changeRisks(c, "", fi, func(*model.Change) {
		(*list)[ri].Evidence = next
		w.compact = w.compact || drop
	})
	return ""
}

// decisionLinks are the links of what the room recorded on the domain: its
// decision or its parking.
func (w *workspace) decisionLinks(domain string) linkTarget {
	return linkTarget{what: "the " + line(domain, 40) + " decision", links: func() []model.Evidence {
		if i := w.decisionOf(domain); i >= 0 {
			return w.doc.Domains[i].Evidence
		}
		return nil
	}, relink: func(e model.Evidence, drop bool) string { return w.relinkDecision(domain, e, drop) }}
}

// relinkDecision adds a link to the domain's decision, or with drop
// removes it, or says why it cannot.
func (w *workspace) relinkDecision(domain string, e model.Evidence, drop bool) string {
	i := w.decisionOf(domain)
	if i < 0 {
		return "the room has recorded nothing on " + domain + " any more"
	}
	next, p := relinked(w.doc.Domains[i].Evidence, e, drop)
	if p != "" {
		return p
	}
	name := w.doc.Domains[i].Name
	c := model.Change{What: linkChange("the "+name+" decision", drop), Domains: []string{name}, Fields: []string{recordKey("domain", model.EvidenceKey)}}
	w.changeRisks(c, "", -1, func(*model.Change) {
		w.doc.Domains[i].Evidence = next
		w.compact = w.compact || drop
	})
	return ""
}

// questionLinks are the links of the open question with the id.
func (w *workspace) questionLinks(id, question string) linkTarget {
	return linkTarget{what: "the question " + line(question, 40), links: func() []model.Evidence {
		if i := w.questionOf(id); i >= 0 {
			return w.doc.OpenQuestions[i].Evidence
		}
		return nil
	}, relink: func(e model.Evidence, drop bool) string { return w.relinkQuestion(id, e, drop) }}
}

// questionOf is the index of the open question with the id, or -1.
func (w *workspace) questionOf(id string) int {
	return slices.IndexFunc(w.doc.OpenQuestions, func(q model.OpenQuestion) bool { return q.ID == id })
}

// relinkQuestion adds a link to the open question with the id, or with
// drop removes it, or says why it cannot.
func (w *workspace) relinkQuestion(id string, e model.Evidence, drop bool) string {
	i := w.questionOf(id)
	if i < 0 {
		return "the question is gone"
	}
	q := &w.doc.OpenQuestions[i]
	next, p := relinked(q.Evidence, e, drop)
	if p != "" {
		return p
	}
	c := model.Change{What: linkChange("an open question", drop), Parts: model.PartQuestions, Questions: []string{id},
		Fields: []string{recordKey("question", model.EvidenceKey)}}
	w.remember(c.What, "", partQuestions, "")
	q.Evidence = next
	w.compact = w.compact || drop
	w.changed(c)
	return ""
}

// openLink opens the evidence form on the field or risk under the cursor.
func (m *walkModel) openLink() {
	to := m.ws.stepLinks(m.flow, m.step)
	if i := m.cursor - len(m.fields()); i >= 0 && i < len(m.risks()) {
		r := m.risks()[i]
		to = m.ws.riskLinks(r.ID, r.Title)
	}
	m.link = newLinkPanel(m.c, m.ws.doc, to, m.width, m.height-m.headerHeight()-3)
}

func (m walkModel) updateLink(km tea.KeyMsg) (walkModel, tea.Cmd) {
	cmd, done := m.link.update(km)
	if done {
		m.link = nil
	}
	return m, cmd
}

// updateLinks runs a key through the evidence form open on a tab's row.
func (m sessionModel) updateLinks(km tea.KeyMsg) (sessionModel, tea.Cmd) {
	cmd, done := m.links.update(km)
	if done {
		m.links = nil
	}
	return m, cmd
}
