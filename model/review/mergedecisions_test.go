package review

import (
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// The lists the pack's cover and its decisions add merge as the room
// expects: recipients and options as sets, the version history by version,
// a system's target field by field.
func TestMergeDocumentControlDecisionsAndTargets(t *testing.T) {
	b := base(t, 5)
	b.Session.Distribution = []string{"CIO", "CFO"}
	b.Session.History = []model.HistoryEntry{{Version: "0.1", Date: "2026-03-14", Note: "after the workshop"}}
	b.OpenQuestions[0].DecisionAsk = model.DecisionAsk{Decision: true, Options: []string{"March"}}
	sysA, sysB, sysC := b.Systems[0].ID, b.Systems[1].ID, b.Systems[2].ID

	t.Run("both rooms add recipients, one takes one off", func(t *testing.T) {
		x, y := b.Clone(), b.Clone()
		x.Session.Distribution = append(x.Session.Distribution, "Head of e-commerce")
		y.Session.Distribution = []string{"CIO", "Steering committee"} // CFO taken off
		got, cs := mustMerge(t, b, x, y)
		if want := []string{"CIO", "Head of e-commerce", "Steering committee"}; !slices.Equal(got.Session.Distribution, want) || len(cs) > 0 {
			t.Errorf("distribution %v (conflicts %+v), want %v", got.Session.Distribution, cs, want)
		}
		two, cs := mustMerge(t, nil, x, y)
		if want := []string{"CIO", "CFO", "Head of e-commerce", "Steering committee"}; !slices.Equal(two.Session.Distribution, want) || len(cs) > 0 {
			t.Errorf("two ways: distribution %v (conflicts %+v), want every name either has", two.Session.Distribution, cs)
		}
	})
	t.Run("both rooms add options", func(t *testing.T) {
		x, y := b.Clone(), b.Clone()
		x.OpenQuestions[0].Options = append(x.OpenQuestions[0].Options, "After peak")
		y.OpenQuestions[0].Options = append(y.OpenQuestions[0].Options, "Never")
		got, cs := mustMerge(t, b, x, y)
		if want := []string{"March", "After peak", "Never"}; !slices.Equal(got.OpenQuestions[0].Options, want) || len(cs) > 0 {
			t.Errorf("options %v (conflicts %+v), want %v", got.OpenQuestions[0].Options, cs, want)
		}
	})
	t.Run("history rows by version", func(t *testing.T) {
		x, y := b.Clone(), b.Clone()
		x.Session.History = append(x.Session.History, model.HistoryEntry{Version: "0.2", Date: "2026-03-18", Note: "ours"})
		y.Session.History = append(y.Session.History, model.HistoryEntry{Version: "0.3", Date: "2026-03-20", Note: "theirs"})
		got, cs := mustMerge(t, b, x, y)
		var versions []string
		for _, h := range got.Session.History {
			versions = append(versions, h.Version)
		}
		if !slices.Equal(versions, []string{"0.1", "0.2", "0.3"}) || len(cs) > 0 {
			t.Errorf("history %v (conflicts %+v), want both rooms' versions", versions, cs)
		}
		x, y = b.Clone(), b.Clone()
		x.Session.History[0].Note = "sent to the CIO"
		y.Session.History[0].Note = "held back"
		got, cs = mustMerge(t, b, x, y)
		if len(cs) != 1 || cs[0].Path != `session.history["0.1"].note` || got.Session.History[0].Note != "sent to the CIO" {
			t.Fatalf("one version's note changed in both: conflicts %+v, note %q", cs, got.Session.History[0].Note)
		}
		r, err := Resolve(got, slices.IndexFunc(got.Conflicts, func(c model.Conflict) bool { return c.Path == cs[0].Path }), KeepTheirs)
		if err != nil || r.Session.History[0].Note != "held back" || len(r.Session.History) != 1 {
			t.Errorf("keeping theirs: %v, history %+v", err, r.Session.History)
		}
	})
	t.Run("a target set differently in each room", func(t *testing.T) {
		x, y := b.Clone(), b.Clone()
		x.Systems[0].Target = model.Target{Action: model.TargetReplace, By: sysB, Slice: 2}
		y.Systems[0].Target = model.Target{Action: model.TargetRetire, Slice: 2}
		got, cs := mustMerge(t, b, x, y)
		var paths []string
		for _, c := range cs {
			paths = append(paths, c.Path)
		}
		slices.Sort(paths)
		at := `systems["` + sysA + `"].target.`
		if !slices.Equal(paths, []string{at + "action", at + "by"}) || got.Systems[0].Target != x.Systems[0].Target {
			t.Fatalf("conflicts at %v, target %+v", paths, got.Systems[0].Target)
		}
		for range 20 { // two conflicts in one record come in one order
			if _, again, _ := Merge(b, x, y); !slices.Equal(again, cs) {
				t.Fatalf("merged again, the conflicts come %+v, first %+v", again, cs)
			}
		}
		i := slices.IndexFunc(got.Conflicts, func(c model.Conflict) bool { return c.Path == at+"action" })
		r, err := Resolve(got, i, KeepTheirs)
		if err != nil || r.Systems[0].Target.Action != model.TargetRetire {
			t.Errorf("keeping their action: %v, target %+v", err, r.Systems[0].Target)
		}
		if text := DescribeConflict(got, got.Conflicts[slices.IndexFunc(got.Conflicts, func(c model.Conflict) bool { return c.Path == at+"by" })]); text.Ours != b.Systems[1].Name {
			t.Errorf("the replacement reads %+v, want the system's name", text)
		}
	})
	t.Run("a system one room deletes is the other's replacement", func(t *testing.T) {
		b := b.Clone()
		b.Systems = append(b.Systems, model.System{ID: "sys-new", Name: "New OMS", Kind: "oms"})
		x, y := b.Clone(), b.Clone()
		x.Systems[0].Target = model.Target{Action: model.TargetReplace, By: "sys-new"}
		y.Systems = y.Systems[:len(y.Systems)-1]
		got, cs := mustMerge(t, b, x, y)
		if !slices.ContainsFunc(got.Systems, func(s model.System) bool { return s.ID == "sys-new" }) ||
			!slices.ContainsFunc(cs, func(c model.Conflict) bool { return c.Path == `systems["sys-new"]` && c.Theirs == "" }) {
			t.Errorf("the replacement deleted in their copy: systems %d, conflicts %+v", len(got.Systems), cs)
		}
		if ps := model.Validate(got); len(ps) > 0 {
			t.Errorf("the merge is not valid: %v", ps)
		}
	})
	t.Run("two rooms replacing two systems by each other", func(t *testing.T) {
		x, y := b.Clone(), b.Clone()
		x.Systems[1].Target = model.Target{Action: model.TargetReplace, By: sysC}
		y.Systems[2].Target = model.Target{Action: model.TargetReplace, By: sysB}
		_, _, err := Merge(b, x, y)
		if err == nil || !strings.Contains(err.Error(), "go round in a circle") || !strings.Contains(err.Error(), "merge it by hand") {
			t.Errorf("a circle made by the merge: %v", err)
		}
	})
}
