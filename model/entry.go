package model

import (
	"fmt"
	"strconv"
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
// 5 revenue and customers, 4 revenue, 3 customers. The flags follow a score
// as it is set, and stay editable.
func ImpactFlags(impact int) (revenueCritical, customerVisible bool) {
	return impact >= 4, impact == 5 || impact == 3
}

// TimeboxProblem says what is wrong with minutes per step, or "".
func TimeboxProblem(minutes int) string {
	if minutes < 0 || minutes > MaxTimeboxMinutes {
		return fmt.Sprintf("minutes per step must be a number from 0 to %d (0 means the default of %d)", MaxTimeboxMinutes, DefaultTimeboxMinutes)
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
// or "": a session needs a name, a real date and a timebox in range.
func SessionFieldProblem(key, value string) string {
	switch key {
	case "name":
		if strings.TrimSpace(value) == "" {
			return "the session needs a name"
		}
	case "date":
		return DateProblem(value)
	case "timebox_minutes":
		if value == "" {
			return ""
		}
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return TimeboxProblem(-1)
		}
		return TimeboxProblem(n)
	}
	return ""
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
