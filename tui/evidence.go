package tui

import (
	"slices"

	"github.com/archreview/archreview/model"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Evidence links. l on a step's field adds a link to that step's answers,
// l on a risk (in the walkthrough or the register) to the risk: a small
// create form takes what the link is and where, and the link goes in
// through the workspace, so undo takes it back and every listener hears
// of it. A link's address is checked as it is committed and never opened.

var linkKey = key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link evidence"))

// newLinkForm is the form for a link to what; room says the room is
// watching.
func newLinkForm(what string, doc *model.Document, room bool, width, height int) *form {
	f := newForm("Link evidence to "+what, model.EvidenceFields, nil, true, doc, room)
	f.setSize(width, height)
	return &f
}

// linkedFlash is what the room is told once a link is in.
func linkedFlash(list []model.Evidence) string {
	return "Linked: " + model.EvidenceCount(list) + " now; u undoes."
}

// addStepLink adds a link to the answers of step st of flow i, or says why
// it cannot.
func (w *workspace) addStepLink(i int, st model.Step, e model.Evidence) string {
	f := w.flow(i)
	if f == nil {
		return "the flow is gone"
	}
	list := f.StepEvidence(st)
	if p := model.AddEvidenceProblem(*list, e); p != "" {
		return p
	}
	what := "a link on " + f.Name
	w.remember(what, "", partFlow, f.ID)
	*list = append(slices.Clone(*list), e)
	w.changed(flowChange(what, f.ID, answerKey(st, model.EvidenceKey)))
	return ""
}

// addRiskLink adds a link to the risk with the id, of a flow or of the
// session, or says why it cannot.
func (w *workspace) addRiskLink(id string, e model.Evidence) string {
	list, fi, ri := w.risksOf(id)
	if ri < 0 {
		return "the risk is gone"
	}
	if p := model.AddEvidenceProblem((*list)[ri].Evidence, e); p != "" {
		return p
	}
	c := model.Change{What: "a link on a risk", Risks: []string{id}, Fields: []string{recordKey("risk", model.EvidenceKey)}}
	w.changeRisks(c, "", fi, func(*model.Change) {
		r := &(*list)[ri]
		r.Evidence = append(slices.Clone(r.Evidence), e)
	})
	return ""
}

// riskLinkForm is the owner of the register's link form: the link goes to
// the risk with the id.
type riskLinkForm struct {
	ws *workspace
	c  *Common
	id string
}

func (o riskLinkForm) changed(*form, string, string) {}

func (o riskLinkForm) create(values map[string]string) string {
	if p := o.ws.addRiskLink(o.id, model.NewEvidence(values)); p != "" {
		return p
	}
	if list, _, ri := o.ws.risksOf(o.id); ri >= 0 {
		o.c.flash(linkedFlash((*list)[ri].Evidence))
	}
	return ""
}

func (o riskLinkForm) closed() {}

// openLink opens the link form on the field or risk under the cursor.
func (m *walkModel) openLink() {
	f := m.current()
	what := m.step.Title() + " of " + model.Printable(f.Name, false)
	m.linkRisk = ""
	if i := m.cursor - len(m.fields()); i >= 0 && i < len(m.risks()) {
		r := m.risks()[i]
		m.linkRisk, what = r.ID, "risk "+model.Printable(r.Title, false)
	}
	m.link = newLinkForm(what, m.ws.doc, m.c.Presenter, m.width, m.height-m.headerHeight()-3)
}

func (m walkModel) updateLink(km tea.KeyMsg) (walkModel, tea.Cmd) {
	cmd, _ := stepForm(&m.link, km, m.c.Presenter, func(v map[string]string) string {
		e := model.NewEvidence(v)
		if m.linkRisk != "" {
			if p := m.ws.addRiskLink(m.linkRisk, e); p != "" {
				return p
			}
			if list, _, ri := m.ws.risksOf(m.linkRisk); ri >= 0 {
				m.c.flash(linkedFlash((*list)[ri].Evidence))
			}
			return ""
		}
		if p := m.ws.addStepLink(m.flow, m.step, e); p != "" {
			return p
		}
		m.c.flash(linkedFlash(*m.current().StepEvidence(m.step)))
		return ""
	})
	return m, cmd
}
