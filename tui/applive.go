package tui

import (
	"fmt"
	"strings"

	"github.com/archreview/archreview/model"
)

// The app's side of the session's listeners: other goroutines subscribe to
// the changes the workspace makes known (workspacechange.go), and a copy of
// the open session imported elsewhere reaches the app as a message.

// Subscribe listens to the changes of whichever session the app has open,
// from now on, until cancel is called: one model.Change a change, in order,
// published on the app's goroutine as it makes them. It is safe to call
// from any goroutine, and the app never waits for a listener: one that
// falls behind is sent a change marked Resync (see live.Feed).
func (a *App) Subscribe() (<-chan model.Change, func()) { return a.feed.Subscribe() }

// sessionImportedMsg brings a copy of a session, read into the database
// elsewhere (an import --merge), to the running app.
type sessionImportedMsg struct{ doc *model.Document }

// takeImport puts the imported copy in place of the open session, if it is
// that session; any other the database holds already.
func (a *App) takeImport(doc *model.Document) {
	if a.ws == nil || doc == nil || doc.Session.ID != a.ws.doc.Session.ID {
		return
	}
	c, err := a.ws.importDocument(doc)
	switch {
	case err != nil:
		a.c.Flash = "! " + err.Error()
	case c.Parts == 0:
		a.c.Flash = "An imported copy of this session arrived: it changes nothing here."
	default:
		a.c.Flash = fmt.Sprintf("An imported copy of this session changed %s · u undoes, ctrl+r redoes", importedWhat(c))
	}
}

// importedWhat words what an import changed, for the status line.
func importedWhat(c model.Change) string {
	var parts []string
	if len(c.Flows) > 0 {
		parts = append(parts, plural(len(c.Flows), "flow"))
	}
	for _, p := range []struct {
		part model.Parts
		name string
	}{{model.PartSession, "the session's details"}, {model.PartSystems, "the systems"}, {model.PartQuestions, "the open questions"}, {model.PartDecided, "the room's decisions"}} {
		if c.Touches(p.part) {
			parts = append(parts, p.name)
		}
	}
	if len(parts) == 0 {
		return "the order of the flows"
	}
	return strings.Join(parts, ", ")
}
