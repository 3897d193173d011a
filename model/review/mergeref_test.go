package review

import "testing"

// A record's ref (its id in an imported inventory) merges as any other
// value: set on one side it is taken, set differently on both a conflict.
func TestMergeRefs(t *testing.T) {
	b := base(t, 1)
	x, y := b.Clone(), b.Clone()
	x.Systems[0].Ref = "drawio:v1"
	y.Flows[0].Ref = "structurizr:r1"
	got, cs := mustMerge(t, b, x, y)
	if len(cs) != 0 || got.Systems[0].Ref != "drawio:v1" || got.Flows[0].Ref != "structurizr:r1" {
		t.Fatalf("one-sided refs: system %q, flow %q, conflicts %+v", got.Systems[0].Ref, got.Flows[0].Ref, cs)
	}

	x, y = b.Clone(), b.Clone()
	x.Systems[0].Ref, y.Systems[0].Ref = "drawio:v1", "sheet:a-1"
	got, cs = mustMerge(t, b, x, y)
	want := `systems["` + b.Systems[0].ID + `"].ref`
	if len(cs) != 1 || cs[0].Path != want || cs[0].Ours != `"drawio:v1"` || cs[0].Theirs != `"sheet:a-1"` || got.Systems[0].Ref != "drawio:v1" {
		t.Errorf("refs set differently: conflicts %+v, ref %q; want one at %s with ours in place", cs, got.Systems[0].Ref, want)
	}
}
