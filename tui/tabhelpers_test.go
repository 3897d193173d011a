package tui

import "github.com/archreview/archreview/model/review"

// What the tests read of the session's tabs. The router never asks which
// tab it holds; a test may, to check what a key did to one.

func (m *sessionModel) tabNamed(id tabID) sessionTab {
	for _, t := range m.tabs {
		if t.id() == id {
			return t
		}
	}
	panic("no tab " + string(id))
}

func (m *sessionModel) activeTab() tabID { return m.current().id() }

func (m *sessionModel) cursorOn(id tabID) int { return m.tabNamed(id).place().cursor }

func (m *sessionModel) setCursor(id tabID, cursor int) {
	t := m.tabNamed(id)
	l := t.place()
	l.cursor = cursor
	t.restore(l)
}

func (m *sessionModel) registerTab() *registerTab { return m.tabNamed(tabRegister).(*registerTab) }

func (m *sessionModel) summaryTab() *summaryTab { return m.tabNamed(tabSummary).(*summaryTab) }

func (m *sessionModel) domainRows() []review.DomainSource {
	return m.tabNamed(tabDomains).(*domainsTab).rows()
}

func (m *sessionModel) detailsOpen() bool {
	_, ok := m.owner.(detailsForm)
	return m.form != nil && ok
}
