package review

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
)

func TestDiffEvidence(t *testing.T) {
	runbook := model.Evidence{Label: "Runbook", URL: "https://wiki.example.com/runbook"}
	ticket := model.Evidence{URL: "INC-42"}
	cases := []struct {
		name         string
		before, edit func(d *model.Document)
		want         []string
	}{
		{"a link added to an answer", nil, func(d *model.Document) {
			flowOf(d, "web").Contract.Evidence = []model.Evidence{runbook}
		}, []string{`answer web contract.evidence ""->"Runbook <https://wiki.example.com/runbook>"`}},
		{"a link removed from an answer", func(d *model.Document) {
			flowOf(d, "stock").Owner.Evidence = []model.Evidence{runbook, ticket}
		}, func(d *model.Document) {
			flowOf(d, "stock").Owner.Evidence = []model.Evidence{runbook}
		}, []string{`answer stock owner.evidence "INC-42"->""`}},
		{"a link relabelled is no change", func(d *model.Document) {
			flowOf(d, "web").Source.Evidence = []model.Evidence{runbook}
		}, func(d *model.Document) {
			flowOf(d, "web").Source.Evidence = []model.Evidence{{Label: "Order runbook", URL: runbook.URL}}
		}, nil},
		{"links added to and removed from a risk", func(d *model.Document) {
			flowOf(d, "web").Failure.Risks[0].Evidence = []model.Evidence{ticket}
		}, func(d *model.Document) {
			flowOf(d, "web").Failure.Risks[0].Evidence = []model.Evidence{runbook}
		}, []string{
			"risk evidence-added stuck@web ->Runbook <https://wiki.example.com/runbook>",
			"risk evidence-removed stuck@web INC-42->",
		}},
		{"a link added to a session risk", nil, func(d *model.Document) {
			d.Risks[0].Evidence = []model.Evidence{ticket}
		}, []string{"risk evidence-added cutover@ ->INC-42"}},
		{"a link added to a decision", nil, func(d *model.Document) {
			d.Domains[0].Evidence = []model.Evidence{{Label: "ADR-7", URL: "ADR-7"}}
		}, []string{"domain changed price [evidence] ERP system->ERP system"}},
	}
	for _, c := range cases {
		before := diffBase()
		if c.before != nil {
			c.before(before)
		}
		after := before.Clone()
		c.edit(after)
		got := Diff(before, after, nil)
		if lines := changeLines(got); !slices.Equal(lines, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, lines, c.want)
		}
	}
	before := diffBase()
	after := before.Clone()
	after.Domains[0].Evidence = []model.Evidence{{Label: "ADR-7", URL: "ADR-7"}, runbook}
	if got := Diff(before, after, nil).Domains; len(got) != 1 || !slices.Equal(got[0].Evidence, []string{"added ADR-7", "added Runbook <https://wiki.example.com/runbook>"}) {
		t.Errorf("the decision's links read %+v", got)
	}
}
