package review

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/archreview/archreview/model"
)

// The business case (DESIGN §7): what each open risk of the register is
// expected to cost a year, what its fix takes, and for each delivery slice
// the effort it takes, the exposure it removes and its dates.
//
// A risk's expected annual loss is incidents a year (its likelihood) times
// what one incident costs: the risk's own cost per incident, or the hours
// an incident lasts (the risk's own, or the default of its flow's
// monitoring level) times its flow's downtime cost per hour times the
// share of that cost its impact means. It is shown as a range, half to
// twice the expected. A risk that has neither a cost per incident nor a
// flow with a downtime cost (or whose likelihood, or impact for the
// downtime route, is not scored) is not costed: listed with no figures and
// counted, never taken as 0. A risk's own flow counts; the other flows a
// merged risk is about do not add to it.
//
// Mitigated and accepted risks are no exposure: they are out of the
// business case as they are out of the plan. Money is rounded to whole
// units of the currency, risk by risk, so the sums add up as printed.
//
// A slice's effort is the sum of its risks' effort midpoints (a risk not
// sized adds nothing), and the exposure it removes the sum of its risks'
// expected losses. From the session's start date the slices follow one
// another in order, each lasting its effort divided by the team's days a
// week, in whole weeks and at least one (a slice nobody sized still takes
// the team a week); a slice ends the day before the next starts. Without a
// start date the slices have no dates. The roadmap's phases (Phase) count
// from the start date: now within 30 days, next within 90, later after.

// BusinessCase is the review's business case, as the summary carries it.
type BusinessCase struct {
	Currency string `json:"currency"`
	// Exposure is the expected annual loss of the open risks that are
	// costed, with its range.
	Exposure Exposure `json:"exposure"`
	// NotCosted counts the open risks with no cost data, listed in Risks
	// with no figures.
	NotCosted int `json:"not_costed"`
	// Risks are the open risks, in register order.
	Risks  []RiskCase  `json:"risks"`
	Slices []SliceCase `json:"slices"`
}

// Exposure is a sum of expected annual losses and its range.
type Exposure struct {
	Low      int64 `json:"low"`
	Expected int64 `json:"expected"`
	High     int64 `json:"high"`
}

// RiskCase is one open risk's expected annual loss, its range, and the
// person-days of its fix.
type RiskCase struct {
	Risk       string   `json:"risk"`
	Expected   Amount   `json:"expected"`
	Low        Amount   `json:"low"`
	High       Amount   `json:"high"`
	EffortDays DayRange `json:"effort_days"`
}

// Costed reports whether the risk has the figures to be costed.
func (r RiskCase) Costed() bool { return r.Expected.Known }

// SliceCase is one delivery slice of the roadmap: its dates (YYYY-MM-DD,
// both days in it; "" when the session has no start date), its effort in
// person-days and the expected annual loss it removes.
type SliceCase struct {
	Slice           int     `json:"slice"`
	Start           string  `json:"start"`
	End             string  `json:"end"`
	EffortDays      float64 `json:"effort_days"`
	ExposureRemoved int64   `json:"exposure_removed"`
}

// Amount is a sum of money in whole units of the session's currency, or
// none (Known false), which the JSON writes as null.
type Amount struct {
	Value int64
	Known bool
}

// MarshalJSON writes the amount, or null.
func (a Amount) MarshalJSON() ([]byte, error) {
	if !a.Known {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, a.Value, 10), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *Amount) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*a = Amount{}
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	*a = Amount{Value: n, Known: err == nil}
	return err
}

// DayRange is the person-days of a fix, low and high, or none for a fix
// nobody sized (Known false); the JSON writes [low, high] or null.
type DayRange struct {
	Low, High float64
	Known     bool
}

// MarshalJSON writes [low, high], or null.
func (r DayRange) MarshalJSON() ([]byte, error) {
	if !r.Known {
		return []byte("null"), nil
	}
	return []byte("[" + model.FormatNumber(r.Low) + ", " + model.FormatNumber(r.High) + "]"), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *DayRange) UnmarshalJSON(b []byte) error {
	*r = DayRange{}
	s := string(b)
	if s == "null" {
		return nil
	}
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return strconv.ErrSyntax
	}
	lo, hi, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return strconv.ErrSyntax
	}
	var err1, err2 error
	r.Low, err1 = strconv.ParseFloat(strings.TrimSpace(lo), 64)
	r.High, err2 = strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if err1 != nil || err2 != nil {
		return strconv.ErrSyntax
	}
	r.Known = true
	return nil
}

// Roadmap phases of a slice, by when it starts after the start date.
const (
	PhaseNow   = "now"   // within 30 days
	PhaseNext  = "next"  // within 90 days
	PhaseLater = "later" // after that
)

// Phase is the roadmap phase of slice i, counted from the first slice's
// start (the session's start date); "" when the roadmap has no dates.
func (bc *BusinessCase) Phase(i int) string {
	if i < 0 || i >= len(bc.Slices) || bc.Slices[0].Start == "" {
		return ""
	}
	first, err1 := time.Parse(model.DateLayout, bc.Slices[0].Start)
	start, err2 := time.Parse(model.DateLayout, bc.Slices[i].Start)
	if err1 != nil || err2 != nil {
		return ""
	}
	switch days := start.Sub(first).Hours() / 24; {
	case days < 30:
		return PhaseNow
	case days < 90:
		return PhaseNext
	}
	return PhaseLater
}

// ExposureAfter is the expected annual loss left once slices 0 to i are
// delivered.
func (bc *BusinessCase) ExposureAfter(i int) int64 {
	left := bc.Exposure.Expected
	for j := 0; j <= i && j < len(bc.Slices); j++ {
		left -= bc.Slices[j].ExposureRemoved
	}
	return left
}

// riskFigures are what the business case knows of one register entry:
// its expected loss and range when costed, and the person-days of its fix
// when sized, in hundredths of a day so that sums are exact.
type riskFigures struct {
	costed              bool
	expected, low, high int64
	sized               bool
	effortLow, effortHi int64
}

// figuresOf works out the figures of risk r of flow f (nil for a risk of
// the session as a whole).
func figuresOf(c *model.Costing, r *model.Risk, f *model.Flow) riskFigures {
	var fig riskFigures
	if lo, hi, ok := c.Days(r.Effort); ok {
		fig.sized, fig.effortLow, fig.effortHi = true, hundredths(lo), hundredths(hi)
	}
	incidents, ok := c.Incidents(r.Likelihood)
	if !ok {
		return fig
	}
	perIncident := r.CostPerIncident
	if perIncident <= 0 {
		share, scored := c.Share(r.Impact)
		if f == nil || f.Failure.DowntimeCostPerHour <= 0 || !scored {
			return fig
		}
		hours := r.HoursPerIncident
		if hours <= 0 {
			hours = c.Hours(f.Failure.MonitoringLevel)
		}
		perIncident = hours * f.Failure.DowntimeCostPerHour * share
	}
	loss := incidents * perIncident
	fig.costed = true
	fig.expected, fig.low, fig.high = money(loss), money(loss/2), money(loss*2)
	return fig
}

// maxLoss bounds one risk's figures, a trillion a year, so that the sums
// of the largest session cannot wrap.
const maxLoss = 1e12

// money rounds a loss to whole units, at most maxLoss.
func money(v float64) int64 { return int64(math.Round(min(v, maxLoss))) }

func hundredths(days float64) int64 { return int64(math.Round(days * 100)) }

// riskCase is the business case's line for an entry of the figures.
func (fig *riskFigures) riskCase(id string) RiskCase {
	rc := RiskCase{Risk: id}
	if fig.costed {
		rc.Expected, rc.Low, rc.High = Amount{fig.expected, true}, Amount{fig.low, true}, Amount{fig.high, true}
	}
	if fig.sized {
		rc.EffortDays = DayRange{float64(fig.effortLow) / 100, float64(fig.effortHi) / 100, true}
	}
	return rc
}

// count adds (by 1) or takes away (by -1) the figures of an open risk.
func (bc *BusinessCase) count(fig *riskFigures, by int64) {
	if !fig.costed {
		bc.NotCosted += int(by)
		return
	}
	bc.Exposure.Low += by * fig.low
	bc.Exposure.Expected += by * fig.expected
	bc.Exposure.High += by * fig.high
}

// riskFigures works out the figures of every register entry, by rank.
func (s *summarizer) riskFigures() []riskFigures {
	out := make([]riskFigures, len(s.rankKeys))
	for i, k := range s.rankKeys {
		out[i] = s.figuresAt(k)
	}
	return out
}

// figuresAt works out the figures of the risk k orders.
func (s *summarizer) figuresAt(k rankKey) riskFigures {
	if k.flow < len(s.d.Flows) {
		f := &s.d.Flows[k.flow]
		return figuresOf(&s.costing, &f.Failure.Risks[k.seq], f)
	}
	return figuresOf(&s.costing, &s.d.Risks[k.seq], nil)
}

// businessCase derives the business case from the register as placed in
// slices, the figures of its entries by rank, and its delivery slices; it
// also gives what a Live keeps to follow it: the register rank of each of
// the case's risks, and each slice's sums.
func businessCase(c *model.Costing, reg []RegisterEntry, figs []riskFigures, ds []DeliverySlice) (BusinessCase, []int, []sliceSum) {
	open := 0
	for i := range reg {
		if !reg[i].Status.Closed() {
			open++
		}
	}
	bc := BusinessCase{Currency: c.Currency, Risks: make([]RiskCase, 0, open), Slices: make([]SliceCase, len(ds))}
	ranks := make([]int, 0, open)
	for i := range reg {
		if reg[i].Status.Closed() {
			continue
		}
		bc.Risks = append(bc.Risks, figs[i].riskCase(reg[i].ID))
		ranks = append(ranks, reg[i].Rank)
		bc.count(&figs[i], 1)
	}
	sums := make([]sliceSum, len(ds))
	for i := range ds {
		for _, it := range ds[i].Risks {
			sums[i].add(&figs[it.RegisterRank-1], 1)
		}
		bc.Slices[i] = sums[i].sliceCase(ds[i].Slice)
	}
	dateSlices(c, bc.Slices)
	return bc, ranks, sums
}

// sliceSum is what a delivery slice's risks add up to: their effort in
// fiftieths of a day (each risk's low and high days, in hundredths), and
// their expected losses.
type sliceSum struct{ twice, removed int64 }

// add adds (by 1) or takes away (by -1) a risk's figures.
func (s *sliceSum) add(fig *riskFigures, by int64) {
	if fig.sized {
		s.twice += by * (fig.effortLow + fig.effortHi)
	}
	if fig.costed {
		s.removed += by * fig.expected
	}
}

// sliceCase is slice n's line, without its dates.
func (s sliceSum) sliceCase(n int) SliceCase {
	return SliceCase{Slice: n, EffortDays: float64(s.twice) / 200, ExposureRemoved: s.removed}
}

// weeks is how long a slice of the effort lasts at the capacity: whole
// weeks, at least one.
func weeks(c *model.Costing, effortDays float64) int64 {
	capacity := int64(math.Round(c.CapacityDaysPerWeek * 200))
	twice := int64(math.Round(effortDays * 200))
	return max(1, (twice+max(capacity, 1)-1)/max(capacity, 1))
}

// lastDate is the last day a roadmap can name; slices past it go undated.
var lastDate = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// dateSlices dates the slices, each starting when the one before ends
// (the first at the start date); without a start date they have none.
func dateSlices(c *model.Costing, ss []SliceCase) {
	start, err := time.Parse(model.DateLayout, c.StartDate)
	if err != nil {
		for i := range ss {
			ss[i].Start, ss[i].End = "", ""
		}
		return
	}
	var before int64 // weeks of the slices before this one
	for i := range ss {
		w := weeks(c, ss[i].EffortDays)
		first := addWeeks(start, before)
		last := addWeeks(start, before+w).AddDate(0, 0, -1)
		ss[i].Start, ss[i].End = "", ""
		if !last.After(lastDate) {
			ss[i].Start, ss[i].End = first.Format(model.DateLayout), last.Format(model.DateLayout)
		}
		before += w
	}
}

// addWeeks is the day n weeks after t, or a day past lastDate when that is
// further than a calendar can say.
func addWeeks(t time.Time, n int64) time.Time {
	if n > 52*10000 {
		return lastDate.AddDate(0, 0, 1)
	}
	return t.AddDate(0, 0, int(7*n))
}
