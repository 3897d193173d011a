package model

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The business case's inputs (DESIGN §7): what a session's risks cost and
// what their fixes take are worked out from a few answers (a flow's
// downtime cost, a risk's effort) and a session's settings, tables of
// assumptions the room may change. model/review derives the figures.

// DefaultCurrency is the currency of a session that names none.
const DefaultCurrency = "EUR"

// DefaultCapacityDaysPerWeek is the person-days a week the team that
// delivers the slices has, unless the session says otherwise.
const DefaultCapacityDaysPerWeek = 10

// Limits on the business case's numbers.
const (
	MaxAmount              = 1_000_000_000_000 // money: an amount an hour or an incident
	MaxHoursPerIncident    = 8760              // a year
	MaxCapacityDaysPerWeek = 10_000
)

// Settings are the assumptions of a session's business case. A table left
// out takes its defaults (SettingsTables), and so does a level or size left
// out of a table that is given.
type Settings struct {
	// IncidentsPerYear is how often a risk happens, by its likelihood
	// 1…5: five numbers.
	IncidentsPerYear []float64 `json:"incidents_per_year,omitzero"`
	// DowntimeShare is the part of its flow's downtime cost an incident
	// costs, by the risk's impact 1…5: five numbers from 0 to 1.
	DowntimeShare []float64 `json:"downtime_share,omitzero"`
	// HoursPerIncident is how long an incident lasts, by the monitoring
	// level of its flow (HoursLevels); none also counts for unknown and
	// unanswered.
	HoursPerIncident map[MonitoringLevel]float64 `json:"hours_per_incident,omitzero"`
	// EffortDays are the person-days of a fix, low and high, by effort.
	EffortDays map[Effort][2]float64 `json:"effort_days,omitzero"`
}

// Clone returns a deep copy.
func (s *Settings) Clone() *Settings {
	if s == nil {
		return nil
	}
	c := Settings{IncidentsPerYear: slices.Clone(s.IncidentsPerYear), DowntimeShare: slices.Clone(s.DowntimeShare)}
	if s.HoursPerIncident != nil {
		c.HoursPerIncident = make(map[MonitoringLevel]float64, len(s.HoursPerIncident))
		for k, v := range s.HoursPerIncident {
			c.HoursPerIncident[k] = v
		}
	}
	if s.EffortDays != nil {
		c.EffortDays = make(map[Effort][2]float64, len(s.EffortDays))
		for k, v := range s.EffortDays {
			c.EffortDays[k] = v
		}
	}
	return &c
}

// HoursLevels are the rows of the hours-per-incident table: the monitoring
// levels that say who learns of a failure, the last one (none) standing
// also for unknown and unanswered.
var HoursLevels = []MonitoringLevel{MonitorNamedOwner, MonitorSharedInbox, MonitorDashboard, MonitorNone}

// hoursRow is the row of the hours table that counts for a level.
func hoursRow(level MonitoringLevel) int {
	if i := slices.Index(HoursLevels, level); i >= 0 {
		return i
	}
	return len(HoursLevels) - 1
}

// Efforts are the effort sizes, smallest first.
var Efforts = []Effort{EffortS, EffortM, EffortL, EffortXL}

// SettingsTable is one table of the business-case settings: its name in
// the document and the session details, its rows and their defaults, and
// the range of its numbers.
type SettingsTable struct {
	Key   string
	Label string
	// Rows name the rows in order, for people: "likelihood 1", "S"; Per
	// says them in a few words.
	Rows []string
	Per  string
	// Pair: each row is a low–high range, two numbers.
	Pair bool
	// Default holds the defaults row by row, two numbers a row for a pair.
	Default  []float64
	Min, Max float64
	// get is the table as given, row by row with the defaults in the gaps,
	// or nil when the session gives none; set writes it, nil for none.
	get func(*Settings) []float64
	set func(*Settings, []float64)
}

// scaleRows names the rows of a 1…5 scale.
func scaleRows(scale string) []string {
	out := make([]string, 5)
	for i := range out {
		out[i] = fmt.Sprintf("%s %d", scale, i+1)
	}
	return out
}

// asScale reads and writes a table kept as a list by score.
func asScale(p func(*Settings) *[]float64) (func(*Settings) []float64, func(*Settings, []float64)) {
	return func(s *Settings) []float64 { return slices.Clone(*p(s)) },
		func(s *Settings, v []float64) { *p(s) = slices.Clone(v) }
}

// The defaults of the tables, row by row.
var (
	defaultIncidents = []float64{0.1, 0.25, 1, 4, 12}
	defaultShare     = []float64{0.01, 0.05, 0.2, 0.5, 1}
	defaultHourRows  = []float64{2, 8, 12, 24}
	defaultDayRows   = []float64{1, 5, 5, 15, 15, 40, 40, 100}
)

// SettingsTables are the four tables, in the order the session details
// ask them.
var SettingsTables = func() []SettingsTable {
	incidentsGet, incidentsSet := asScale(func(s *Settings) *[]float64 { return &s.IncidentsPerYear })
	shareGet, shareSet := asScale(func(s *Settings) *[]float64 { return &s.DowntimeShare })
	levels := make([]string, len(HoursLevels))
	for i, l := range HoursLevels {
		levels[i] = string(l)
	}
	levels[len(levels)-1] = "none, unknown or unanswered"
	efforts := make([]string, len(Efforts))
	for i, e := range Efforts {
		efforts[i] = string(e)
	}
	return []SettingsTable{
		{Key: "incidents_per_year", Label: "Incidents a year", Rows: scaleRows("likelihood"), Per: "likelihood 1 to 5",
			Default: defaultIncidents, Max: 10_000, get: incidentsGet, set: incidentsSet},
		{Key: "downtime_share", Label: "Share of downtime cost", Rows: scaleRows("impact"), Per: "impact 1 to 5",
			Default: defaultShare, Max: 1, get: shareGet, set: shareSet},
		{Key: "hours_per_incident", Label: "Hours per incident", Rows: levels, Per: "monitoring: alert to a named owner, to a shared inbox, dashboard only, none",
			Default: defaultHourRows, Max: MaxHoursPerIncident,
			get: func(s *Settings) []float64 { return mapRows(s.HoursPerIncident, HoursLevels, defaultHours, 1) },
			set: func(s *Settings, v []float64) {
				s.HoursPerIncident = nil
				if v != nil {
					s.HoursPerIncident = make(map[MonitoringLevel]float64, len(HoursLevels))
					for i, l := range HoursLevels {
						s.HoursPerIncident[l] = v[i]
					}
				}
			}},
		{Key: "effort_days", Label: "Person-days by effort", Rows: efforts, Per: "effort S, M, L, XL", Pair: true,
			Default: defaultDayRows, Max: 10_000,
			get: func(s *Settings) []float64 { return mapRows(s.EffortDays, Efforts, defaultDays, 2) },
			set: func(s *Settings, v []float64) {
				s.EffortDays = nil
				if v != nil {
					s.EffortDays = make(map[Effort][2]float64, len(Efforts))
					for i, e := range Efforts {
						s.EffortDays[e] = [2]float64{v[2*i], v[2*i+1]}
					}
				}
			}},
	}
}()

// The tables by their place in SettingsTables.
const (
	tableIncidents = iota
	tableShare
	tableHours
	tableEffort
)

func defaultHours(row int) []float64 { return defaultHourRows[row : row+1] }
func defaultDays(row int) []float64  { return defaultDayRows[2*row : 2*row+2] }

// mapRows flattens a table kept by name, row by row in the order of rows,
// with the defaults where it has no row; nil when there is no table.
func mapRows[K comparable, V any](m map[K]V, rows []K, def func(int) []float64, width int) []float64 {
	if m == nil {
		return nil
	}
	out := make([]float64, 0, width*len(rows))
	for i, k := range rows {
		v, ok := m[k]
		if !ok {
			out = append(out, def(i)...)
			continue
		}
		switch v := any(v).(type) {
		case float64:
			out = append(out, v)
		case [2]float64:
			out = append(out, v[0], v[1])
		}
	}
	return out
}

// defaultDaysWording says an effort's default person-days, for its choice.
func defaultDaysWording(row int) string {
	d := defaultDays(row)
	return fmt.Sprintf("%s–%s person-days by default", FormatNumber(d[0]), FormatNumber(d[1]))
}

// Table is the table as the session gives it, row by row with defaults in
// its gaps, or nil when it gives none.
func (t SettingsTable) Table(s *Settings) []float64 {
	if s == nil {
		return nil
	}
	return t.get(s)
}

// Effective is the table the business case is worked out with: the
// session's, or the defaults.
func (t SettingsTable) Effective(s *Settings) []float64 {
	if v := t.Table(s); v != nil {
		return v
	}
	return slices.Clone(t.Default)
}

// SetTable writes the table into the session's settings; nil takes the
// defaults again. Settings with no table left are none.
func (s *Session) SetTable(t SettingsTable, v []float64) {
	if s.Settings == nil {
		if v == nil {
			return
		}
		s.Settings = &Settings{}
	}
	t.set(s.Settings, v)
	if st := s.Settings; st.IncidentsPerYear == nil && st.DowntimeShare == nil && st.HoursPerIncident == nil && st.EffortDays == nil {
		s.Settings = nil
	}
}

// FormatMoney writes an amount for people: its currency, then the whole
// units grouped by thousands ("EUR 1,920,000"); no currency writes the
// units alone.
func FormatMoney(currency string, v int64) string {
	digits := strconv.FormatInt(max(v, -v), 10)
	var b strings.Builder
	if currency != "" {
		b.WriteString(currency + " ")
	}
	if v < 0 {
		b.WriteByte('-')
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// settingsRows are the session details' lines for the tables: each reads
// as its FormatTable line and takes a ParseTable one. A line that is none
// takes the defaults; the forms refuse it before it is written.
func settingsRows() []row[Session] {
	out := make([]row[Session], len(SettingsTables))
	for i, t := range SettingsTables {
		out[i] = row[Session]{
			Field{Key: t.Key, Label: t.Label, Kind: FieldLine, Hint: t.FormatTable(t.Default) + " (by " + t.Per + ")"},
			access[Session]{
				get: func(s *Session) string { return t.FormatTable(t.Table(s.Settings)) },
				set: func(s *Session, v string) {
					table, _ := t.ParseTable(v)
					s.SetTable(t, table)
				},
			},
		}
	}
	return out
}

// FormatNumber writes a number as archreview shows one: no exponent, no
// trailing zeros.
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// FormatTable writes a table on one line as the session details show it:
// "0.1, 0.25, 1, 4, 12", a pair as "1-5"; "" for none.
func (t SettingsTable) FormatTable(v []float64) string {
	if v == nil {
		return ""
	}
	var parts []string
	for i := 0; i < len(v); i++ {
		p := FormatNumber(v[i])
		if t.Pair && i+1 < len(v) {
			p += "-" + FormatNumber(v[i+1])
			i++
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// Wording says what the table's line takes, the one way it is said in
// the app and in a refused file.
func (t SettingsTable) Wording() string {
	what := "numbers"
	if t.Pair {
		what = "ranges low-high"
	}
	return fmt.Sprintf("%s takes %d %s from %s to %s, by %s, such as %s; empty keeps those defaults",
		t.Label, len(t.Rows), what, FormatNumber(t.Min), FormatNumber(t.Max), t.Per, t.FormatTable(t.Default))
}

var (
	rangeDash  = regexp.MustCompile(`\s*[-–—]\s*`)
	plainFloat = regexp.MustCompile(`^(\d+(\.\d*)?|\.\d+)$`)
)

// ParseTable reads a table's line; "" is none (the defaults), and a line
// that is not the table's is refused with its Wording.
func (t SettingsTable) ParseTable(text string) ([]float64, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, ""
	}
	if t.Pair {
		text = rangeDash.ReplaceAllString(text, "-")
	}
	tokens := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
	if len(tokens) != len(t.Rows) {
		return nil, t.Wording()
	}
	out := make([]float64, 0, len(t.Default))
	for _, tok := range tokens {
		parts := []string{tok}
		if t.Pair {
			parts = strings.Split(tok, "-")
			if len(parts) != 2 {
				return nil, t.Wording()
			}
		}
		for _, p := range parts {
			n, ok := parseDecimal(p)
			if !ok || n < t.Min || n > t.Max {
				return nil, t.Wording()
			}
			out = append(out, n)
		}
		if t.Pair && out[len(out)-2] > out[len(out)-1] {
			return nil, t.Wording()
		}
	}
	return out, ""
}

// parseDecimal reads digits with a decimal point, nothing else: no sign,
// exponent or words such as "inf".
func parseDecimal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if !plainFloat.MatchString(s) {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

// Costing is what a session's business case is worked out with: its
// settings and defaults, every gap filled.
type Costing struct {
	Currency string
	// StartDate is the day the roadmap starts (YYYY-MM-DD), "" for none.
	StartDate           string
	CapacityDaysPerWeek float64
	IncidentsPerYear    [5]float64    // by likelihood 1…5
	DowntimeShare       [5]float64    // by impact 1…5
	HoursPerIncident    [4]float64    // by HoursLevels
	EffortDays          [4][2]float64 // by Efforts
}

// Costing is the session's business-case assumptions, defaults filled in.
func (s Session) Costing() Costing {
	c := Costing{Currency: s.Currency, StartDate: strings.TrimSpace(s.StartDate), CapacityDaysPerWeek: s.CapacityDaysPerWeek}
	if c.Currency == "" {
		c.Currency = DefaultCurrency
	}
	if c.CapacityDaysPerWeek <= 0 {
		c.CapacityDaysPerWeek = DefaultCapacityDaysPerWeek
	}
	copy(c.IncidentsPerYear[:], SettingsTables[tableIncidents].Effective(s.Settings))
	copy(c.DowntimeShare[:], SettingsTables[tableShare].Effective(s.Settings))
	copy(c.HoursPerIncident[:], SettingsTables[tableHours].Effective(s.Settings))
	days := SettingsTables[tableEffort].Effective(s.Settings)
	for i := range c.EffortDays {
		c.EffortDays[i] = [2]float64{days[2*i], days[2*i+1]}
	}
	return c
}

// Incidents is how many incidents a year a risk of the likelihood has; ok
// is false for a likelihood not scored 1…5.
func (c *Costing) Incidents(likelihood int) (float64, bool) {
	if likelihood < 1 || likelihood > 5 {
		return 0, false
	}
	return c.IncidentsPerYear[likelihood-1], true
}

// Share is the part of a flow's downtime cost an incident of the impact
// costs; ok is false for an impact not scored 1…5.
func (c *Costing) Share(impact int) (float64, bool) {
	if impact < 1 || impact > 5 {
		return 0, false
	}
	return c.DowntimeShare[impact-1], true
}

// Hours is how long an incident of a flow monitored at the level lasts.
func (c *Costing) Hours(level MonitoringLevel) float64 { return c.HoursPerIncident[hoursRow(level)] }

// Days are the person-days, low and high, of a fix of the effort; ok is
// false for a fix nobody sized.
func (c *Costing) Days(e Effort) (low, high float64, ok bool) {
	i := slices.Index(Efforts, e)
	if i < 0 {
		return 0, 0, false
	}
	return c.EffortDays[i][0], c.EffortDays[i][1], true
}

var currencyShape = regexp.MustCompile(`^[A-Z]{3}$`)

// CurrencyProblem says what is wrong with a session's currency, or "": an
// ISO 4217 code such as EUR, or empty for EUR.
func CurrencyProblem(code string) string {
	if code != "" && !currencyShape.MatchString(code) {
		return fmt.Sprintf("%q is not a currency code such as EUR, USD or GBP (three capital letters, ISO 4217); empty means %s", code, DefaultCurrency)
	}
	return ""
}

// cleanCurrency is a currency code as typed, in capitals.
func cleanCurrency(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// settings checks a session's settings tables against their ranges.
func (v *validator) settings(path string, s *Settings) {
	if s == nil {
		return
	}
	scale := func(t SettingsTable, list []float64) {
		p := path + "." + t.Key
		if list == nil {
			return
		}
		if len(list) != len(t.Rows) {
			v.add(p, "holds %d numbers; %s", len(list), t.Wording())
			return
		}
		for i, n := range list {
			v.tableNumber(fmt.Sprintf("%s[%d]", p, i), t, n)
		}
	}
	scale(SettingsTables[tableIncidents], s.IncidentsPerYear)
	scale(SettingsTables[tableShare], s.DowntimeShare)
	hours := SettingsTables[tableHours]
	for _, l := range slices.Sorted(maps.Keys(s.HoursPerIncident)) {
		p := path + "." + hours.Key + "." + string(l)
		if !slices.Contains(HoursLevels, l) {
			v.add(p, "%q is not one of %s", l, strings.Join(levelNames(), ", "))
			continue
		}
		v.tableNumber(p, hours, s.HoursPerIncident[l])
	}
	effort := SettingsTables[tableEffort]
	for _, e := range slices.Sorted(maps.Keys(s.EffortDays)) {
		p := path + "." + effort.Key + "." + string(e)
		if !slices.Contains(Efforts, e) {
			v.add(p, "%q is not one of %s", e, strings.Join(values(EffortChoices), ", "))
			continue
		}
		r := s.EffortDays[e]
		v.tableNumber(p+"[0]", effort, r[0])
		v.tableNumber(p+"[1]", effort, r[1])
		if r[0] > r[1] {
			v.add(p, "the low %s is above the high %s", FormatNumber(r[0]), FormatNumber(r[1]))
		}
	}
}

func (v *validator) tableNumber(path string, t SettingsTable, n float64) {
	if n < t.Min || n > t.Max {
		v.add(path, "%s is outside %s to %s", FormatNumber(n), FormatNumber(t.Min), FormatNumber(t.Max))
	}
}

func levelNames() []string {
	out := make([]string, len(HoursLevels))
	for i, l := range HoursLevels {
		out[i] = string(l)
	}
	return out
}
