package model

import (
	"fmt"
	"strings"
	"time"
)

// What the room's entries mean for the document, each rule written once: the
// app's forms ask here, and Validate says the same thing about a file.

// SystemOther is the kind of a system nobody has classified yet.
const SystemOther SystemKind = "other"

// NewSystem is a system named in the room, with a fresh id and the kind
// "other" until someone says what it is.
func NewSystem(name string) System {
	return System{ID: NewID(), Name: strings.TrimSpace(name), Kind: SystemOther}
}

// ImpactFlags says who feels a risk of the impact: the levels' meanings are
// 5 revenue and customers, 4 revenue, 3 customers, 2 and 1 neither. Setting
// an impact proposes these flags.
func ImpactFlags(impact int) (revenueCritical, customerVisible bool) {
	return impact >= 4, impact == 5 || impact == 3
}

// ImpactFlagProblem says why a risk of the impact cannot have the flag (the
// risk field revenue_critical or customer_visible) set to on, or "". The
// impact is the room's answer and the flags say what it means, so a flag
// that contradicts the impact is refused rather than changing the score
// behind the room's back: the sentence names the impact that would fit.
// An impact not yet scored takes either flag.
func ImpactFlagProblem(impact int, key string, on bool) string {
	if impact < 1 || impact >= len(ImpactLevels) {
		return ""
	}
	revenue, customers := ImpactFlags(impact)
	want, when := revenue, map[bool]string{true: "it is revenue-critical", false: "it is not revenue-critical"}
	switch key {
	case "revenue_critical":
	case "customer_visible":
		want, when = customers, map[bool]string{true: "customers see it", false: "customers do not see it"}
	default:
		return ""
	}
	if on == want {
		return ""
	}
	return fmt.Sprintf("Impact %d means %s; if %s, set the impact to %s.", impact, ImpactLevels[impact], when[on], impactWith(impact, key, on))
}

// impactWith names the impacts whose flags are those of impact with the
// flag key turned on or off.
func impactWith(impact int, key string, on bool) string {
	revenue, customers := ImpactFlags(impact)
	if key == "customer_visible" {
		customers = on
	} else {
		revenue = on
	}
	var fit []string
	for i := len(ImpactLevels) - 1; i >= 1; i-- {
		if r, c := ImpactFlags(i); r == revenue && c == customers {
			fit = append(fit, fmt.Sprint(i))
		}
	}
	return strings.Join(fit, " or ")
}

// TimeboxProblem says what is wrong with minutes per step, or "".
func TimeboxProblem(minutes int) string {
	return numberProblem(SessionDetailFields, "timebox_minutes", minutes)
}

// numberProblem says what is wrong with n as the number field key of
// fields, or "".
func numberProblem(fields []Field, key string, n int) string {
	f, _ := FieldByKey(fields, key)
	if n < f.Min || n > f.Max {
		return RangeWording(f)
	}
	return ""
}

// DateProblem says what is wrong with a session date, or "".
func DateProblem(date string) string {
	if _, err := time.Parse(DateLayout, date); err != nil || !dateShape.MatchString(date) {
		return fmt.Sprintf("%q is not a date such as 2026-03-14", date)
	}
	return ""
}

// SessionFieldProblem says why a session detail cannot be stored as typed,
// or "": a session needs a name, a real date and a timebox in range; its
// business case a currency code, a real start date (or none) and settings
// tables of the right size.
func SessionFieldProblem(key, value string) string {
	switch key {
	case "name":
		if strings.TrimSpace(value) == "" {
			return "the session needs a name"
		}
	case "date":
		return DateProblem(value)
	case "timebox_minutes", "slice_size", "capacity_days_per_week":
		f, _ := FieldByKey(SessionDetailFields, key)
		return NumberProblem(f, value)
	case "currency":
		return CurrencyProblem(cleanCurrency(value))
	case "start_date":
		if v := strings.TrimSpace(value); v != "" {
			return DateProblem(v)
		}
	}
	for _, t := range SettingsTables {
		if t.Key == key {
			_, p := t.ParseTable(value)
			return p
		}
	}
	return documentControlProblem(key, value)
}

// NewSessionProblem says why a new session cannot be made from the values
// typed (keyed as SessionFields), or "". The date may be left empty: it
// then is the day the session is made.
func NewSessionProblem(values map[string]string) string {
	for _, fd := range SessionFields {
		v := values[fd.Key]
		if fd.Key == "date" && v == "" {
			continue
		}
		if p := SessionFieldProblem(fd.Key, v); p != "" {
			return p
		}
	}
	return ""
}

// NewFlowProblem says what a new flow still lacks, or "": a name, a domain
// and two different systems.
func NewFlowProblem(f Flow) string {
	switch {
	case strings.TrimSpace(f.Name) == "":
		return "the flow needs a name"
	case f.Domain == "":
		return "the flow needs a domain: catalog, price, inventory, order, customer or another"
	case f.From == "" || f.To == "":
		return "pick the systems the flow goes from and to"
	case f.From == f.To:
		return "the flow goes from and to the same system; pick where the data goes"
	}
	return ""
}

// SystemNamed finds the system called name, whatever the case and spacing;
// a map holds each system once.
func (d *Document) SystemNamed(name string) (System, bool) {
	for _, s := range d.Systems {
		if sameName(s.Name, name) {
			return s, true
		}
	}
	return System{}, false
}

// NameProblem says why a system or flow may not take name, or "": two
// systems, or two flows, of one session never share a name. except is the
// id of the one being renamed.
func NameProblem(d *Document, what, name, except string) string {
	taken := false
	switch what {
	case "system":
		for _, s := range d.Systems {
			taken = taken || (s.ID != except && sameName(s.Name, name))
		}
	case "flow":
		for _, f := range d.Flows {
			taken = taken || (f.ID != except && sameName(f.Name, name))
		}
	}
	if taken {
		return fmt.Sprintf("there is already a %s called %q in this session; give this one another name", what, strings.TrimSpace(name))
	}
	return ""
}

// CopyName is a name for a copy of a flow that no flow of d has yet.
func CopyName(d *Document, name string) string {
	c := name + " (copy)"
	for n := 2; NameProblem(d, "flow", c, "") != ""; n++ {
		c = fmt.Sprintf("%s (copy %d)", name, n)
	}
	return c
}

func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
