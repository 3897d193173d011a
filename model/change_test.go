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
	want := Change{Session: "s", Rev: 4, Kind: ChangeUndo, What: "a risk", Parts: PartFlows | PartDecided,
		Flows: []string{"a", "b"}, Risks: []string{"r"}, Fields: []string{"failure.notes"}}
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
