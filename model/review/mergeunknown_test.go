package review

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
)

// unknown names no system: a merge of copies that answer it keeps the
// answer, and still puts back a system one side deleted and the other uses.
func TestMergeKeepsUnknownAndWhatIsUsed(t *testing.T) {
	b := base(t, 3)
	b.Systems = append(b.Systems, model.System{ID: "sys-spare", Name: "Legacy FTP drop", Kind: "file-drop"})
	ours, theirs := b.Clone(), b.Clone()
	ours.Flows[0].Source.System = model.UnknownSystem
	ours.Flows[0].Source.OtherWriters = []string{model.UnknownSystem}
	ours.Domains = append(ours.Domains, model.DomainDecision{Name: "returns", SourceOfTruth: model.UnknownSystem})
	ours.Domains = append(ours.Domains, model.DomainDecision{Name: "shipment", Status: model.DomainParked, Ask: "COO", Due: "2026-04-01"})
	theirs.Systems = slices.DeleteFunc(theirs.Systems, func(s model.System) bool { return s.ID == "sys-spare" })
	ours.Flows[1].From = "sys-spare"

	got, cs := mustMerge(t, b, ours, theirs)
	if ps := model.Validate(got); len(ps) > 0 {
		t.Fatalf("the merge is not valid: %v", ps)
	}
	if got.Flows[0].Source.System != model.UnknownSystem || !slices.Equal(got.Flows[0].Source.OtherWriters, []string{model.UnknownSystem}) {
		t.Errorf("the merge lost the unknown answers: %+v", got.Flows[0].Source)
	}
	if !slices.ContainsFunc(got.Systems, func(s model.System) bool { return s.ID == "sys-spare" }) {
		t.Errorf("the system theirs deleted and ours uses is not kept; conflicts %+v", cs)
	}
	if slices.ContainsFunc(got.Systems, func(s model.System) bool { return s.ID == model.UnknownSystem }) {
		t.Error("the merge made a system of unknown")
	}
	parked := slices.IndexFunc(got.Domains, func(d model.DomainDecision) bool { return d.Name == "shipment" })
	if parked < 0 || !got.Domains[parked].Parked() || got.Domains[parked].Ask != "COO" {
		t.Errorf("the parked domain did not merge: %+v", got.Domains)
	}
}
