package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/tui/live"

	tea "github.com/charmbracelet/bubbletea"
)

// next is the next change on the channel, or fails the test after a while.
func next(t *testing.T, ch <-chan model.Change) model.Change {
	t.Helper()
	select {
	case c, ok := <-ch:
		if !ok {
			t.Fatal("the subscription ended")
		}
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change arrived")
	}
	return model.Change{}
}

// A listener subscribed through the app sees a field typed into, the u
// that takes it back and an imported copy of the session, each as one
// change naming its flow and field, and nothing else: no change for
// opening the field, leaving it, or the saves in between.
func TestSubscribersGetAnEditAnUndoAndAnImport(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	defer cancel()
	d.keys("enter", "enter", "down", "down", "down", "enter") // the first flow's identifiers
	edited := d.app.ws.doc.Flows[0].ID
	was := d.app.ws.doc.Flows[0].Source.Identifiers
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" and the SKU")}) // typed fast: one message
	d.keys("esc")
	if got := d.app.ws.doc.Flows[0].Source.Identifiers; got != was+" and the SKU" {
		t.Fatalf("typing gave %q: the test types nowhere", got)
	}
	d.waitSaved()
	d.keys("u")
	if got := d.app.ws.doc.Flows[0].Source.Identifiers; got != was {
		t.Fatalf("u left %q, want %q", got, was)
	}
	d.waitSaved()
	copied := d.app.ws.doc.Clone()
	imported := copied.Flows[2].ID
	copied.Flows[2].Contract.Timing = "every five minutes"
	copied.Session.UpdatedAt = "2026-03-15T08:00:00Z" // when it was saved elsewhere is no change
	d.send(sessionImportedMsg{doc: copied})
	if !strings.Contains(d.app.c.Flash, "changed 1 flow") {
		t.Errorf("after the import the status line says %q", d.app.c.Flash)
	}

	want := []struct {
		kind  model.ChangeKind
		flow  string
		field []string
	}{
		{model.ChangeEdit, edited, []string{"source.identifiers"}},
		{model.ChangeUndo, edited, []string{"source.identifiers"}},
		{model.ChangeImport, imported, nil},
	}
	var first uint64
	for i, w := range want {
		c := next(t, ch)
		if i == 0 {
			first = c.Rev
		}
		if c.Kind != w.kind || c.Parts != model.PartFlows || !slices.Equal(c.Flows, []string{w.flow}) ||
			!slices.Equal(c.Fields, w.field) || c.Session != model.DemoSessionID || c.Rev != first+uint64(i) || c.Resync {
			t.Errorf("change %d is %+v, want %v of flow %s, fields %v, revision %d", i+1, c, w.kind, w.flow, w.field, first+uint64(i))
		}
	}
	select {
	case c := <-ch:
		t.Errorf("a fourth change arrived: %+v", c)
	case <-time.After(100 * time.Millisecond):
	}
	d.waitSaved()
	saved, err := d.st.Load(model.DemoSessionID)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Flows[2].Contract.Timing != "every five minutes" || saved.Flows[0].Source.Identifiers != was {
		t.Errorf("the database holds timing %q and identifiers %q after the import", saved.Flows[2].Contract.Timing, saved.Flows[0].Source.Identifiers)
	}
	cancel()
	if c, ok := <-ch; ok {
		t.Errorf("after cancel the channel gave %+v", c)
	}
}

// The listener reads on a goroutine of its own while the app is driven:
// run with -race.
func TestAListenerOnAnotherGoroutineSeesEveryKey(t *testing.T) {
	d := newDriver(t, true)
	ch, cancel := d.app.Subscribe()
	got := make(chan []model.Change)
	go func() {
		var cs []model.Change
		for c := range ch {
			cs = append(cs, c)
		}
		got <- cs
	}()
	d.keys("enter", "enter", "down", "down", "down", "enter", "abc", "esc", "u")
	rev := d.app.ws.rev
	cancel()
	cs := <-got
	if len(cs) != 4 || cs[3].Kind != model.ChangeUndo || cs[3].Rev != rev {
		t.Fatalf("the listener got %d changes (%v), want three keys and the undo, up to revision %d", len(cs), kinds(cs), rev)
	}
}

func kinds(cs []model.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Kind.String()
	}
	return out
}

// changeCase is one workspace method: do makes its change and returns the
// change it must make known.
type changeCase struct {
	name string
	doc  func(t *testing.T) *model.Document // nil: the demo
	do   func(t *testing.T, ws *workspace) model.Change
}

func changeCases() []changeCase {
	flowID := func(ws *workspace, i int) string { return ws.doc.Flows[i].ID }
	riskOf := func(ws *workspace, i, r int) string { return ws.doc.Flows[i].Failure.Risks[r].ID }
	return []changeCase{
		{name: "an answer", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setFlowField(0, model.StepContract, "timing", "hourly")
			return model.Change{Parts: model.PartFlows, Flows: []string{flowID(ws, 0)}, Fields: []string{"contract.timing"}}
		}},
		{name: "a flow's name", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setFlowHeader(1, "name", "Stock to the shop")
			return model.Change{Parts: model.PartFlows, Flows: []string{flowID(ws, 1)}, Fields: []string{"flow.name"}}
		}},
		{name: "a done mark", do: func(t *testing.T, ws *workspace) model.Change {
			ws.toggleStepDone(2, model.StepOwner)
			return model.Change{Parts: model.PartFlows, Flows: []string{flowID(ws, 2)}, Fields: []string{"owner.done"}}
		}},
		{name: "a new flow", do: func(t *testing.T, ws *workspace) model.Change {
			ws.addFlow(model.Flow{ID: "f-new", Name: "Returns to ERP"})
			return model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{"f-new"}}
		}},
		{name: "a copied flow", do: func(t *testing.T, ws *workspace) model.Change {
			at := ws.duplicateFlow(0)
			return model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{flowID(ws, at)},
				Risks: riskIDs(ws.doc.Flows[at].Failure.Risks)}
		}},
		{name: "a moved flow", do: func(t *testing.T, ws *workspace) model.Change {
			ws.moveFlow(3, -1)
			return model.Change{Parts: model.PartOrder}
		}},
		{name: "a deleted flow and its parked question", do: func(t *testing.T, ws *workspace) model.Change {
			id, risks := flowID(ws, 1), riskIDs(ws.doc.Flows[1].Failure.Risks)
			ws.deleteFlow(1)
			return model.Change{Parts: model.PartOrder | model.PartFlows | model.PartQuestions, Flows: []string{id},
				Risks: risks, Questions: []string{"01HR4B1YM000000000000001YG"}}
		}},
		{name: "a deleted flow another flow's risk was about", do: func(t *testing.T, ws *workspace) model.Change {
			keep, gone := riskOf(ws, 1, 0), riskOf(ws, 0, 0)
			if err := ws.mergeRisks(keep, gone); err != nil {
				t.Fatal(err)
			}
			next := ws.rev + 1
			id, risks := flowID(ws, 0), riskIDs(ws.doc.Flows[0].Failure.Risks)
			ws.deleteFlow(0)
			if ws.rev != next {
				t.Fatal("the deletion was more than one change")
			}
			return model.Change{Parts: model.PartOrder | model.PartFlows, Flows: []string{id, flowID(ws, 0)}, Risks: append(risks, keep)}
		}},
		{name: "a new risk", do: func(t *testing.T, ws *workspace) model.Change {
			ws.addRisk(2, model.Risk{ID: "r-new", Title: "Listings go stale"})
			return model.Change{Parts: model.PartFlows, Flows: []string{flowID(ws, 2)}, Risks: []string{"r-new"}}
		}},
		{name: "a risk's impact", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setRiskField(0, 1, "impact", "1")
			return model.Change{Parts: model.PartFlows, Flows: []string{flowID(ws, 0)}, Risks: []string{riskOf(ws, 0, 1)}, Fields: []string{"risk.impact"}}
		}},
		{name: "a deleted risk", do: func(t *testing.T, ws *workspace) model.Change {
			id := riskOf(ws, 0, 2)
			ws.deleteRisk(0, 2)
			return model.Change{Parts: model.PartFlows, Flows: []string{flowID(ws, 0)}, Risks: []string{id}}
		}},
		{name: "a new system", do: func(t *testing.T, ws *workspace) model.Change {
			ws.addSystem(model.System{ID: "s-new", Name: "Returns portal"})
			return model.Change{Parts: model.PartSystems, Systems: []string{"s-new"}}
		}},
		{name: "a system's kind", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setSystemField(2, "kind", string(model.SystemOther))
			return model.Change{Parts: model.PartSystems, Systems: []string{ws.doc.Systems[2].ID}, Fields: []string{"system.kind"}}
		}},
		{name: "a deleted system", do: func(t *testing.T, ws *workspace) model.Change {
			id := ws.doc.Systems[9].ID
			ws.deleteSystem(9)
			return model.Change{Parts: model.PartSystems, Systems: []string{id}}
		}},
		{name: "a parked question", do: func(t *testing.T, ws *workspace) model.Change {
			ws.addQuestion(model.OpenQuestion{ID: "q-new", Question: "Who replays?"})
			return model.Change{Parts: model.PartQuestions, Questions: []string{"q-new"}}
		}},
		{name: "a question's answer", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setQuestionField(2, "answer", "The integration lead")
			return model.Change{Parts: model.PartQuestions, Questions: []string{ws.doc.OpenQuestions[2].ID}, Fields: []string{"question.answer"}}
		}},
		{name: "a deleted question", do: func(t *testing.T, ws *workspace) model.Change {
			id := ws.doc.OpenQuestions[0].ID
			ws.deleteQuestion(0)
			return model.Change{Parts: model.PartQuestions, Questions: []string{id}}
		}},
		{name: "the session's client", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setSessionField("client", "Quokka Outdoor")
			return model.Change{Parts: model.PartSession, Fields: []string{"session.client"}}
		}},
		{name: "a finding accepted", do: func(t *testing.T, ws *workspace) model.Change {
			f := openFinding(t, ws)
			id := ws.acceptFinding(f)
			return model.Change{Kind: model.ChangeTriage, Parts: model.PartDecided | model.PartFlows, Flows: []string{f.Flow}, Risks: []string{id}}
		}},
		{name: "a finding merged into a risk", do: func(t *testing.T, ws *workspace) model.Change {
			f, id := openFinding(t, ws), riskOf(ws, 0, 0)
			ws.mergeFinding(f.Key, id)
			return model.Change{Kind: model.ChangeTriage, Parts: model.PartDecided | model.PartFlows, Flows: []string{flowID(ws, 0)}, Risks: []string{id}}
		}},
		{name: "a finding dismissed", do: func(t *testing.T, ws *workspace) model.Change {
			ws.dismissFinding(openFinding(t, ws).Key, "the vendor owns it")
			return model.Change{Kind: model.ChangeTriage, Parts: model.PartDecided}
		}},
		{name: "a finding reopened from risks of two flows", do: func(t *testing.T, ws *workspace) model.Change {
			f := openFinding(t, ws)
			a, b := riskOf(ws, 0, 0), riskOf(ws, 1, 0)
			ws.mergeFinding(f.Key, a)
			ws.mergeFinding(f.Key, b)
			ws.reopenFinding(f.Key)
			return model.Change{Kind: model.ChangeTriage, Parts: model.PartDecided | model.PartFlows, Flows: []string{flowID(ws, 0), flowID(ws, 1)}, Risks: []string{a, b}}
		}},
		{name: "a dismissal reopened", do: func(t *testing.T, ws *workspace) model.Change {
			ws.reopenFinding(ws.doc.Triage[0].Finding)
			return model.Change{Kind: model.ChangeTriage, Parts: model.PartDecided}
		}},
		{name: "two risks merged", do: func(t *testing.T, ws *workspace) model.Change {
			keep, gone := riskOf(ws, 4, 0), riskOf(ws, 0, 0)
			if err := ws.mergeRisks(keep, gone); err != nil {
				t.Fatal(err)
			}
			return model.Change{Parts: model.PartDecided | model.PartFlows, Flows: []string{flowID(ws, 4), flowID(ws, 0)}, Risks: []string{keep, gone}}
		}},
		{name: "a register risk's owner", do: func(t *testing.T, ws *workspace) model.Change {
			id := riskOf(ws, 3, 0)
			ws.setRegisterRiskField(id, "owner", "Ops")
			return model.Change{Parts: model.PartDecided | model.PartFlows, Flows: []string{flowID(ws, 3)}, Risks: []string{id}, Fields: []string{"risk.owner"}}
		}},
		{name: "a session risk's title", do: func(t *testing.T, ws *workspace) model.Change {
			id := ws.doc.Risks[0].ID
			ws.setRegisterRiskField(id, "title", "Peak season")
			return model.Change{Parts: model.PartDecided, Risks: []string{id}, Fields: []string{"risk.title"}}
		}},
		{name: "a register risk deleted", do: func(t *testing.T, ws *workspace) model.Change {
			id := ws.doc.Risks[0].ID
			ws.deleteRegisterRisk(id)
			return model.Change{Parts: model.PartDecided, Risks: []string{id}}
		}},
		{name: "a session risk added", do: func(t *testing.T, ws *workspace) model.Change {
			ws.addSessionRisk(model.Risk{ID: "r-session", Title: "Nobody owns cutover"})
			return model.Change{Parts: model.PartDecided, Risks: []string{"r-session"}}
		}},
		{name: "a domain decided", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setDecision(model.DomainDecision{Name: "stock", SourceOfTruth: ws.doc.Systems[3].ID, Rationale: "the WMS counts it"})
			return model.Change{Parts: model.PartDecided, Domains: []string{"stock"}}
		}},
		{name: "a decision dropped", do: func(t *testing.T, ws *workspace) model.Change {
			ws.dropDecision("price")
			return model.Change{Parts: model.PartDecided, Domains: []string{"price"}}
		}},
		{name: "the question pack", do: func(t *testing.T, ws *workspace) model.Change {
			ws.setPack(builtinPacks().Packs()[0])
			return model.Change{Parts: model.PartDecided}
		}},
		{name: "a merge conflict resolved", doc: twoCopiesMerged, do: func(t *testing.T, ws *workspace) model.Change {
			flow := conflictFlow(ws.doc.Conflicts[0].Path)
			if err := ws.resolveConflict(0, "theirs"); err != nil {
				t.Fatal(err)
			}
			return model.Change{Kind: model.ChangeResolve, Parts: model.PartSession | model.PartSystems | model.PartQuestions | model.PartDecided | model.PartOrder | model.PartFlows, Flows: []string{flow}}
		}},
		{name: "the merge note read", doc: twoCopiesMerged, do: func(t *testing.T, ws *workspace) model.Change {
			ws.readMergeNote()
			return model.Change{Parts: model.PartDecided}
		}},
		{name: "an import", do: func(t *testing.T, ws *workspace) model.Change {
			doc := ws.doc.Clone()
			doc.Flows[5].Owner.FlowOwner = "CRM team"
			doc.Systems[0].Name = "Shopify"
			if _, err := ws.importDocument(doc); err != nil {
				t.Fatal(err)
			}
			return model.Change{Kind: model.ChangeImport, Parts: model.PartFlows | model.PartSystems, Flows: []string{flowID(ws, 5)}, Systems: []string{ws.doc.Systems[0].ID}}
		}},
	}
}

// sameChange compares what two changes name, in any order.
func sameChange(a, b model.Change) bool {
	set := func(ids []string) string { s := slices.Clone(ids); slices.Sort(s); return strings.Join(s, " ") }
	return a.Kind == b.Kind && a.Parts == b.Parts && set(a.Flows) == set(b.Flows) && set(a.Risks) == set(b.Risks) &&
		set(a.Systems) == set(b.Systems) && set(a.Questions) == set(b.Questions) && set(a.Domains) == set(b.Domains) &&
		set(a.Fields) == set(b.Fields)
}

func describe(c model.Change) string {
	return fmt.Sprintf("%v parts %06b flows %v risks %v systems %v questions %v domains %v fields %v",
		c.Kind, c.Parts, c.Flows, c.Risks, c.Systems, c.Questions, c.Domains, c.Fields)
}

// Each method of the workspace makes exactly one change known, naming
// what it touched, with the next revision; u and ctrl+r after it make one
// change each, naming the same records.
func TestEveryWorkspaceMethodMakesOneChange(t *testing.T) {
	for _, tc := range changeCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc := model.DemoAnswers(testNow)
			if tc.doc != nil {
				doc = tc.doc(t)
			}
			ws := newWorkspace(doc)
			ws.feed = &live.Feed{}
			ch, cancel := ws.feed.SubscribeBuffer(100)
			defer cancel()
			want := tc.do(t, ws)
			all := drain(ch)
			if len(all) == 0 {
				t.Fatal("no change was made known")
			}
			got := all[len(all)-1] // a case may set the session up with changes first
			if !sameChange(got, want) {
				t.Errorf("made known %s\nwant        %s", describe(got), describe(want))
			}
			if got.Rev != ws.rev || got.Session != doc.Session.ID || got.What == "" {
				t.Errorf("the change is revision %d of %q (%q), want revision %d of %q, in words", got.Rev, got.Session, got.What, ws.rev, doc.Session.ID)
			}
			if ws.sinceSummary.Rev != ws.rev || !ws.sinceSummary.Touches(got.Parts) {
				t.Errorf("the summary's tally is %s at revision %d", describe(ws.sinceSummary), ws.sinceSummary.Rev)
			}
			if tc.name == "the merge note read" {
				return // nothing to undo
			}
			for _, step := range []struct {
				kind model.ChangeKind
				do   func() (string, bool)
			}{{model.ChangeUndo, ws.undo}, {model.ChangeRedo, ws.redo}} {
				if _, ok := step.do(); !ok {
					t.Fatalf("nothing to %v", step.kind)
				}
				cs := drain(ch)
				if len(cs) != 1 || cs[0].Kind != step.kind || cs[0].Rev != ws.rev {
					t.Fatalf("%v made %d changes known: %v", step.kind, len(cs), kinds(cs))
				}
				back := cs[0]
				for _, ids := range [][2][]string{{back.Flows, got.Flows}, {back.Risks, got.Risks}, {back.Systems, got.Systems},
					{back.Questions, got.Questions}, {back.Domains, got.Domains}} {
					if missing := slices.DeleteFunc(slices.Clone(ids[1]), func(id string) bool { return slices.Contains(ids[0], id) }); len(missing) > 0 {
						t.Errorf("%v does not name %v the change touched: %s", step.kind, missing, describe(back))
					}
				}
				if !back.Touches(got.Parts) || !slices.Equal(back.Fields, got.Fields) {
					t.Errorf("%v is %s, want the parts and fields of %s", step.kind, describe(back), describe(got))
				}
			}
		})
	}
}

// drain is every change the channel holds now.
func drain(ch <-chan model.Change) []model.Change {
	var out []model.Change
	for {
		select {
		case c := <-ch:
			out = append(out, c)
		default:
			return out
		}
	}
}

// The summary's tally is every change since the summary was last derived,
// merged: what an incremental summary has to derive again.
func TestTheSummarysTallyIsTheChangesSinceIt(t *testing.T) {
	ws := newWorkspace(model.DemoAnswers(testNow))
	ws.setFlowField(0, model.StepSource, "notes", "first")
	ws.currentSummary()
	if c := ws.sinceSummary; c.Parts != 0 || c.Rev != 0 || c.Flows != nil {
		t.Fatalf("after the summary was derived its tally is %s", describe(ws.sinceSummary))
	}
	ws.setFlowField(1, model.StepOwner, "runbooks", "in the wiki")
	ws.setSystemField(0, "name", "Shopify")
	want := model.Change{Parts: model.PartFlows | model.PartSystems, Flows: []string{ws.doc.Flows[1].ID}, Systems: []string{ws.doc.Systems[0].ID}, Fields: []string{"owner.runbooks", "system.name"}}
	if got := ws.sinceSummary; !sameChange(got, want) || got.Rev != ws.rev {
		t.Errorf("the tally is %s at revision %d, want %s at %d", describe(got), got.Rev, describe(want), ws.rev)
	}
}
