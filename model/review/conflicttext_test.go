package review

import (
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

// A conflict is read in the room's words: the flow, system, risk or
// question by its name, the field by its label, the value plainly.
func TestDescribeConflict(t *testing.T) {
	d := fixture.NewBuilder().
		Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
		Flow("returns", "returns", "storefront", "erp").Doc
	d.Risks = []model.Risk{{ID: "s1", Title: "No cutover plan", Impact: 3, Likelihood: 3}}
	d.OpenQuestions = []model.OpenQuestion{{ID: "q1", Question: "Who replays the queue?"}}
	cases := []struct {
		c    model.Conflict
		want ConflictText
	}{
		{model.Conflict{Path: `flows["orders"].owner.flow_owner`, Base: `""`, Ours: `"Ops"`, Theirs: `"Integration lead"`},
			ConflictText{"Flow orders · Owner · Flow owner", "(empty)", "Ops", "Integration lead"}},
		{model.Conflict{Path: `flows["orders"].contract.timing`, Ours: `"hourly"`, Theirs: `"nightly"`},
			ConflictText{Place: "Flow orders · Contract · Trigger and timing", Ours: "hourly", Theirs: "nightly"}},
		{model.Conflict{Path: `flows["orders"].via`, Ours: `"ipaas"`, Theirs: `""`},
			ConflictText{Place: "Flow orders · Via", Ours: "IPAAS system", Theirs: "(empty)"}},
		{model.Conflict{Path: `flows["orders"].source.other_writers`, Ours: `["erp","pos"]`, Theirs: `[]`},
			ConflictText{Place: "Flow orders · Source · Other writers", Ours: "ERP system, POS system", Theirs: "(none)"}},
		{model.Conflict{Path: `flows["orders"].failure.risks["r1"].impact`, Base: `4`, Ours: `5`, Theirs: `2`},
			ConflictText{`Flow orders · risk "DLQ not watched" · Impact`, "4", "5", "2"}},
		{model.Conflict{Path: `flows["orders"].failure.risks["r1"].flows`, Ours: `["returns"]`, Theirs: `[]`},
			ConflictText{Place: `Flow orders · risk "DLQ not watched" · Also on flows`, Ours: "Flow returns", Theirs: "(none)"}},
		{model.Conflict{Path: `flows["orders"].failure.risks["r1"].customer_visible`, Ours: `true`, Theirs: `false`},
			ConflictText{Place: `Flow orders · risk "DLQ not watched" · Customer-visible`, Ours: "yes", Theirs: "no"}},
		{model.Conflict{Path: `flows["returns"]`, Base: `{"id":"returns","name":"Returns"}`, Ours: ``, Theirs: `{"id":"returns","name":"Returns to ERP"}`},
			ConflictText{"the flow Flow returns", "Returns", NotThere, "Returns to ERP"}},
		{model.Conflict{Path: `systems["erp"].notes`, Ours: `"upgraded"`, Theirs: `"partner-hosted"`},
			ConflictText{Place: "system ERP system · Notes", Ours: "upgraded", Theirs: "partner-hosted"}},
		{model.Conflict{Path: `risks["s1"].owner`, Ours: `"PMO"`, Theirs: `"CIO"`},
			ConflictText{Place: `session risk "No cutover plan" · Owner`, Ours: "PMO", Theirs: "CIO"}},
		{model.Conflict{Path: `open_questions["q1"].answer`, Ours: `"Ops"`, Theirs: `"nobody"`},
			ConflictText{Place: `open question "Who replays the queue?" · Answer`, Ours: "Ops", Theirs: "nobody"}},
		{model.Conflict{Path: `domains["price"].source_of_truth`, Ours: `"erp"`, Theirs: `"pim"`},
			ConflictText{Place: "the price decision · Source of truth", Ours: "ERP system", Theirs: "PIM system"}},
		{model.Conflict{Path: `session.timebox_minutes`, Ours: `10`, Theirs: `15`},
			ConflictText{Place: "session · Minutes per step", Ours: "10", Theirs: "15"}},
		{model.Conflict{Path: `systems["erp"].target.by`, Ours: `"crm"`, Theirs: `"pim"`},
			ConflictText{Place: "system ERP system · Replaced by", Ours: "CRM system", Theirs: "PIM system"}},
		{model.Conflict{Path: `systems["erp"].target.action`, Ours: `"retire"`, Theirs: `"keep"`},
			ConflictText{Place: "system ERP system · Target", Ours: "retire", Theirs: "keep"}},
		{model.Conflict{Path: `systems["erp"].target.slice`, Ours: `2`, Theirs: `3`},
			ConflictText{Place: "system ERP system · Target in slice", Ours: "2", Theirs: "3"}},
		{model.Conflict{Path: `open_questions["q1"].options`, Ours: `["March","After peak"]`, Theirs: `[]`},
			ConflictText{Place: `open question "Who replays the queue?" · Options`, Ours: "March, After peak", Theirs: "(none)"}},
		{model.Conflict{Path: `session.history["0.3"].note`, Ours: `"sent"`, Theirs: `"held back"`},
			ConflictText{Place: "session · Version history", Ours: "sent", Theirs: "held back"}},
		{model.Conflict{Path: `session.capacity_days_per_week`, Ours: `5`, Theirs: `7.5`},
			ConflictText{Place: "session · Team days a week", Ours: "5", Theirs: "7.5"}},
		{model.Conflict{Path: `session.settings.hours_per_incident.alert-to-named-owner`, Ours: `1`, Theirs: `3`},
			ConflictText{Place: "session · Hours per incident · alert to named owner", Ours: "1", Theirs: "3"}},
		{model.Conflict{Path: `session.settings.incidents_per_year`, Ours: `[0.1,0.2,1,4,12]`, Theirs: `[0.1,0.3,1,4,12]`},
			ConflictText{Place: "session · Incidents a year", Ours: "0.1, 0.2, 1, 4, 12", Theirs: "0.1, 0.3, 1, 4, 12"}},
		{model.Conflict{Path: `flows["orders"].failure.downtime_cost_per_hour`, Base: `0`, Ours: `20000`, Theirs: `15000`},
			ConflictText{"Flow orders · Failure · Downtime cost per hour", "0", "20000", "15000"}},
		{model.Conflict{Path: `flows["orders"].failure.risks["r1"].effort`, Ours: `"S"`, Theirs: `"M"`},
			ConflictText{Place: `Flow orders · risk "DLQ not watched" · Effort`, Ours: "S", Theirs: "M"}},
	}
	for _, c := range cases {
		if got := DescribeConflict(d, c.c); got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.c.Path, got, c.want)
		}
	}
}
