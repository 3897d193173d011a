package review

import (
	"slices"
	"testing"

	"github.com/archreview/archreview/model"
)

func TestMergeEvidenceAsASetByURL(t *testing.T) {
	runbook := model.Evidence{Label: "Runbook", URL: "https://wiki.example.com/runbook"}
	dashboard := model.Evidence{Label: "Dashboard", URL: "https://grafana.example.com/d/orders"}
	ticket := model.Evidence{Label: "Incident", URL: "INC-42"}
	relabel := func(e model.Evidence, label string) model.Evidence { e.Label = label; return e }
	cases := []struct {
		name               string
		base, ours, theirs []model.Evidence
		twoWays            bool
		want               []model.Evidence
		conflicts          int
	}{
		{"each copy adds a link", []model.Evidence{runbook}, []model.Evidence{runbook, dashboard}, []model.Evidence{runbook, ticket}, false,
			[]model.Evidence{runbook, dashboard, ticket}, 0},
		{"one copy adds the first link", nil, []model.Evidence{runbook}, nil, false, []model.Evidence{runbook}, 0},
		{"one copy removes a link the other kept", []model.Evidence{runbook, ticket}, []model.Evidence{ticket}, []model.Evidence{runbook, ticket}, false,
			[]model.Evidence{ticket}, 0},
		{"both add the same link", nil, []model.Evidence{ticket}, []model.Evidence{ticket}, false, []model.Evidence{ticket}, 0},
		{"one copy relabels a link", []model.Evidence{runbook}, []model.Evidence{relabel(runbook, "Order runbook")}, []model.Evidence{runbook}, false,
			[]model.Evidence{relabel(runbook, "Order runbook")}, 0},
		{"both relabel one link differently", []model.Evidence{runbook}, []model.Evidence{relabel(runbook, "ours")}, []model.Evidence{relabel(runbook, "theirs")}, false,
			[]model.Evidence{relabel(runbook, "ours")}, 1},
		{"two ways: every link either has", nil, []model.Evidence{runbook}, []model.Evidence{ticket}, true, []model.Evidence{runbook, ticket}, 0},
	}
	for _, c := range cases {
		b := base(t, 3)
		b.Flows[0].Source.Evidence = c.base
		b.Flows[0].Failure.Risks[0].Evidence = c.base
		x, y := b.Clone(), b.Clone()
		x.Flows[0].Source.Evidence, x.Flows[0].Failure.Risks[0].Evidence = c.ours, c.ours
		y.Flows[0].Source.Evidence, y.Flows[0].Failure.Risks[0].Evidence = c.theirs, c.theirs
		var got *model.Document
		var cs []model.Conflict
		if c.twoWays {
			var err error
			if got, cs, err = Merge(nil, x, y); err != nil {
				t.Fatal(err)
			}
		} else {
			got, cs = mustMerge(t, b, x, y)
		}
		for what, links := range map[string][]model.Evidence{"answer": got.Flows[0].Source.Evidence, "risk": got.Flows[0].Failure.Risks[0].Evidence} {
			if !slices.Equal(links, c.want) {
				t.Errorf("%s: the %s's links are %v, want %v", c.name, what, links, c.want)
			}
		}
		if len(cs) != 2*c.conflicts {
			t.Errorf("%s: %d conflicts %+v, want %d", c.name, len(cs), cs, 2*c.conflicts)
		}
		if ps := model.Validate(got); len(ps) > 0 {
			t.Errorf("%s: the merge does not validate: %v", c.name, ps)
		}
	}
}
