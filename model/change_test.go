package model

import (
	"fmt"
	"slices"
	"testing"
)

func TestMergedChangesStandForBoth(t *testing.T) {
	var c Change
	c.Merge(Change{Session: "s", Rev: 3, Kind: ChangeEdit, What: "an answer", Parts: PartFlows, Flows: []string{"a"}, Fields: []string{"failure.notes"}})
	c.Merge(Change{Session: "s", Rev: 4, Kind: ChangeUndo, What: "a risk", Parts: PartFlows | PartDecided, Flows: []string{"b", "a"}, Risks: []string{"r"}})
	// The risk's change named no field: flows a and b are read whole.
	want := Change{Session: "s", Rev: 4, Kind: ChangeUndo, What: "a risk", Parts: PartFlows | PartDecided,
		Flows: []string{"a", "b"}, Risks: []string{"r"}}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Fatalf("merged %+v, want %+v", c, want)
	}
	if !c.Touches(PartDecided) || c.Touches(PartOrder) {
		t.Errorf("the merged change touches %b", c.Parts)
	}
	// Thousands of flows merged (an import) stay a set.
	var many Change
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprint("f", i)
	}
	many.Merge(Change{Flows: ids})
	many.Merge(Change{Flows: ids[1000:]})
	many.Merge(Change{Flows: []string{"new"}})
	if len(many.Flows) != 2001 || !slices.Contains(many.Flows, "new") {
		t.Errorf("merged %d flows, want 2001", len(many.Flows))
	}
}

// Typing on in fields keeps their keys; the first change merged into the
// zero Change is taken as it is, on lists of the accumulator's own.
func TestMergedFieldsStayNamedWhileEveryChangeNamesThem(t *testing.T) {
	first := Change{Rev: 1, Parts: PartFlows, Flows: make([]string, 1, 4), Fields: []string{"failure.notes"}}
	first.Flows[0] = "a"
	var c Change
	c.Merge(first)
	c.Merge(Change{Rev: 2, Parts: PartFlows, Flows: []string{"b"}, Fields: []string{"flow.name"}})
	if !slices.Equal(c.Fields, []string{"failure.notes", "flow.name"}) || !slices.Equal(c.Flows, []string{"a", "b"}) {
		t.Fatalf("merged %+v", c)
	}
	// The first change's list had room for "b": it must not have got it.
	if got := first.Flows[:2][1]; got != "" {
		t.Errorf("merging wrote %q into the first change's list", got)
	}
	c.Merge(Change{Rev: 3, Parts: PartSystems, Systems: []string{"s"}})
	if c.Fields != nil || c.Parts != PartFlows|PartSystems || c.Rev != 3 {
		t.Errorf("after a change of whole records the merge is %+v, want no fields", c)
	}
}

// A change that touched a part without naming its records (any flow, any
// system) is not narrowed by merging one that names a few, in either order.
func TestMergedAnyStaysAny(t *testing.T) {
	named := Change{Parts: PartFlows | PartSystems | PartQuestions, Flows: []string{"a"}, Systems: []string{"s"}, Questions: []string{"q"}}
	for _, p := range []Parts{PartFlows, PartSystems, PartQuestions} {
		anyOf := Change{Parts: p}
		for _, order := range [][2]Change{{anyOf, named}, {named, anyOf}} {
			var c Change
			c.Merge(order[0])
			c.Merge(order[1])
			var got []string
			switch p {
			case PartFlows:
				got = c.Flows
			case PartSystems:
				got = c.Systems
			case PartQuestions:
				got = c.Questions
			}
			if got != nil {
				t.Errorf("part %b: any merged with named gave %v, want nil (any)", p, got)
			}
		}
	}
	// Both naming: the union.
	var c Change
	c.Merge(named)
	c.Merge(Change{Parts: PartFlows, Flows: []string{"b"}})
	if !slices.Equal(c.Flows, []string{"a", "b"}) || !slices.Equal(c.Systems, []string{"s"}) {
		t.Errorf("named merged with named gave flows %v systems %v", c.Flows, c.Systems)
	}
}
