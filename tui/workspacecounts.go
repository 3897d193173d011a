package tui

import "github.com/archreview/archreview/model"

// sessionCounts are the counts the session screen shows (steps done, the
// register's size, how many flows use each system, where each flow is),
// kept per revision so a frame's work depends on what is on screen, not on
// the size of the session. A change to a few flows updates their share
// only; a change that may have touched any flow, or moved them, counts the
// session again.
type sessionCounts struct {
	rev   uint64
	doc   *model.Document // the document counted: another one is counted whole
	since model.Change    // every change since the counts were last brought up to date

	stepsDone int
	flowRisks int // the flows' risks; the session's own are len(doc.Risks)
	usedBy    map[string]int
	flowAt    map[string]int
	perFlow   map[string]flowCount
}

// flowCount is one flow's share of the counts.
type flowCount struct {
	steps, risks int
	refs         []string
}

func countFlow(f *model.Flow) flowCount {
	return flowCount{steps: f.StepsDone(), risks: len(f.Failure.Risks), refs: f.SystemRefs()}
}

func (c *sessionCounts) add(id string, fc flowCount, sign int) {
	c.stepsDone += sign * fc.steps
	c.flowRisks += sign * fc.risks
	for _, sys := range fc.refs {
		c.usedBy[sys] += sign
		if c.usedBy[sys] == 0 {
			delete(c.usedBy, sys)
		}
	}
	if sign > 0 {
		c.perFlow[id] = fc
	} else {
		delete(c.perFlow, id)
	}
}

// counts brings the session screen's counts up to date if the answers
// changed since; the screen calls it as it settles, so the readers below,
// called from View, only read.
func (w *workspace) counts() {
	c := &w.tally
	if c.doc == w.doc && c.rev == w.rev {
		return
	}
	if !c.update(w.doc) {
		c.recount(w.doc)
	}
	c.rev, c.doc, c.since = w.rev, w.doc, model.Change{}
}

// update redoes the share of the flows the changes since named, and says
// whether it could: not when the changes may have touched any flow or
// moved them, or when they are not known.
func (c *sessionCounts) update(d *model.Document) bool {
	ch := c.since
	if c.doc != d || c.perFlow == nil || ch.Parts == 0 || ch.Resync || ch.Touches(model.PartOrder) ||
		ch.Touches(model.PartFlows) && len(ch.Flows) == 0 {
		return false
	}
	for _, id := range ch.Flows {
		i, ok := c.flowAt[id]
		if !ok || i >= len(d.Flows) || d.Flows[i].ID != id {
			return false // not where it was: count again
		}
	}
	for _, id := range ch.Flows {
		c.add(id, c.perFlow[id], -1)
		c.add(id, countFlow(&d.Flows[c.flowAt[id]]), +1)
	}
	return true
}

func (c *sessionCounts) recount(d *model.Document) {
	c.stepsDone, c.flowRisks = 0, 0
	c.usedBy = make(map[string]int, len(d.Systems))
	c.flowAt = make(map[string]int, len(d.Flows))
	c.perFlow = make(map[string]flowCount, len(d.Flows))
	for i := range d.Flows {
		f := &d.Flows[i]
		c.flowAt[f.ID] = i
		c.add(f.ID, countFlow(f), +1)
	}
}

// progress is the steps done and the steps there are.
func (w *workspace) progress() (done, total int) {
	return w.tally.stepsDone, 4 * len(w.doc.Flows)
}

// flowIndex is the position of the flow with the id, or -1.
func (w *workspace) flowIndex(id string) int {
	if i, ok := w.tally.flowAt[id]; ok {
		return i
	}
	return -1
}

// riskCount is how many risks the register holds: every flow's and the
// session's own.
func (w *workspace) riskCount() int { return w.tally.flowRisks + len(w.doc.Risks) }

// usage is how many flows use a system.
func (w *workspace) usage(systemID string) int { return w.tally.usedBy[systemID] }
