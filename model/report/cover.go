package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// Headings of the pack's business-case sections.
const (
	HeadingAssumptions = "Assumptions"
	HeadingRoadmap     = "Roadmap"
)

// coverView is the pack's cover and its document control, as both packs
// print them.
type coverView struct {
	// Version is the version and the status: "0.3 · Final", or "Draft".
	Client, Title, Version, Date, PreparedBy, Confidentiality string
	Distribution                                              []string
	History                                                   []model.HistoryEntry
}

func coverOf(d *model.Document, firm *Firm) coverView {
	s := d.Session
	status := "Draft"
	if s.PackStatus() == model.DocumentFinal {
		status = "Final"
	}
	var by []string
	for _, p := range []string{s.Facilitator, firmName(firm)} {
		if p = oneLine(p); p != "" {
			by = append(by, p)
		}
	}
	if v := oneLine(s.Version); v != "" {
		status = v + " · " + status
	}
	return coverView{
		Client: orDash(oneLine(s.Client)), Title: oneLine(sessionTitle(d)), Version: status,
		Date: orDash(s.Date), PreparedBy: orDash(strings.Join(by, ", ")), Confidentiality: oneLine(s.ConfidentialityLine()),
		Distribution: s.Distribution, History: s.History,
	}
}

func firmName(f *Firm) string {
	if f == nil {
		return ""
	}
	return f.Name
}

// assumptionTable is one table of the business case's assumptions: what
// its rows are and the value of each, as the session has it or by default.
type assumptionTable struct {
	Title, By string
	Rows      []fact
}

// assumptionsOf are the business case's assumptions in words, with the
// currency and the team's capacity said before them.
func assumptionsOf(s model.Session) (intro string, tables []assumptionTable) {
	c := s.Costing()
	intro = "Money is in " + c.Currency + "; the team delivers " + model.FormatNumber(c.CapacityDaysPerWeek) + " person-days a week. " +
		"A risk's expected loss a year is its incidents a year times the hours an incident lasts, its flow's downtime cost an hour and the share of it its impact means (or the risk's own cost an incident); the range is half to twice that."
	scale := func(title, by string, v []float64, format func(float64) string) assumptionTable {
		t := assumptionTable{Title: title, By: by}
		for i, x := range v {
			t.Rows = append(t.Rows, fact{strconv.Itoa(i + 1), format(x)})
		}
		return t
	}
	pct := func(x float64) string { return model.FormatNumber(x*100) + "%" }
	tables = append(tables,
		scale("Incidents a year", "Likelihood", c.IncidentsPerYear[:], model.FormatNumber),
		scale("Share of downtime cost", "Impact", c.DowntimeShare[:], pct))
	hours := assumptionTable{Title: "Hours per incident", By: "Who learns of a failure"}
	for i, l := range []string{"An alert to a named owner", "An alert to a shared inbox", "A dashboard only", "Nobody, or not known"} {
		hours.Rows = append(hours.Rows, fact{l, model.FormatNumber(c.HoursPerIncident[i])})
	}
	effort := assumptionTable{Title: "Person-days by effort", By: "Effort"}
	for i, e := range model.Efforts {
		effort.Rows = append(effort.Rows, fact{string(e), model.FormatNumber(c.EffortDays[i][0]) + "-" + model.FormatNumber(c.EffortDays[i][1])})
	}
	return intro, append(tables, hours, effort)
}

// roadmapLine is one slice of the dated roadmap.
type roadmapLine struct {
	Phase, Slice, Dates, Days, Removed string
	Risks, Owners                      []string
	// StartDay and Days count from the start date, for the timeline.
	StartDay, LengthDays int
}

var phaseWords = map[string]string{review.PhaseNow: "Now", review.PhaseNext: "Next", review.PhaseLater: "Later"}

// roadmapOf is the roadmap's slices, with the risks each takes by number
// and their owners; dated is false when the session has no start date.
func roadmapOf(sum *review.Summary) (lines []roadmapLine, dated bool) {
	bc := &sum.BusinessCase
	var starts, ends []string
	for i, sc := range bc.Slices {
		l := roadmapLine{Phase: orDash(phaseWords[bc.Phase(i)]), Slice: "Slice " + strconv.Itoa(sc.Slice), Dates: "-",
			Days: "not sized", Removed: "not costed"}
		if sc.EffortDays > 0 {
			l.Days = model.FormatNumber(sc.EffortDays)
		}
		if bc.Exposure.Expected > 0 {
			l.Removed = model.FormatMoney(bc.Currency, sc.ExposureRemoved)
		}
		if sc.Start != "" {
			dated = true
			l.Dates = sc.Start + " to " + sc.End
		}
		for _, s := range sum.Slices {
			if s.Slice != sc.Slice {
				continue
			}
			for _, item := range s.Risks {
				if r := item.RegisterRank - 1; r >= 0 && r < len(sum.Risks) {
					l.Risks = append(l.Risks, sum.Risks[r].Number)
					if o := oneLine(sum.Risks[r].Owner); o != "" && !slices.Contains(l.Owners, o) {
						l.Owners = append(l.Owners, o)
					}
				}
			}
		}
		lines = append(lines, l)
		starts, ends = append(starts, sc.Start), append(ends, sc.End)
	}
	if dated {
		daysFrom(lines, starts, ends)
	}
	return lines, dated
}

// riskMoney is each register entry's expected loss a year with its range,
// and the person-days of its fix, in register order: "not costed" and "not
// sized" for an open risk without the figures, "-" for a risk mitigated or
// accepted, which is out of the business case.
type riskMoney struct{ Loss, Effort string }

func riskMoneyOf(sum *review.Summary) []riskMoney {
	bc := &sum.BusinessCase
	byID := make(map[string]*review.RiskCase, len(bc.Risks))
	for i := range bc.Risks {
		byID[bc.Risks[i].Risk] = &bc.Risks[i]
	}
	out := make([]riskMoney, len(sum.Risks))
	for i := range sum.Risks {
		rc, ok := byID[sum.Risks[i].ID]
		if !ok {
			out[i] = riskMoney{"-", "-"}
			continue
		}
		out[i] = riskMoney{"not costed", "not sized"}
		if rc.Costed() {
			out[i].Loss = model.FormatMoney(bc.Currency, rc.Expected.Value) + " (" + moneyShort(bc.Currency, rc.Low.Value) + " to " + moneyShort(bc.Currency, rc.High.Value) + ")"
		}
		if rc.EffortDays.Known {
			out[i].Effort = model.FormatNumber(rc.EffortDays.Low) + "-" + model.FormatNumber(rc.EffortDays.High) + " days"
		}
	}
	return out
}
