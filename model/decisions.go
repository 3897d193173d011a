package model

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// What the room records for the pack a partner signs, beyond the review
// itself: the decisions it asks of people outside the room, the target
// state of the systems, and the document control of the pack. Every field
// here is left out of the JSON while it is empty, so a session that uses
// none of them keeps the revision it had before they existed.

// DecisionAsk is what makes an open question a decision asked: Decision
// set, of the question's Ask (who decides), by Due, between Options, with
// the room's Recommendation. An answer, once it comes back, is the
// decision taken.
type DecisionAsk struct {
	Decision       bool     `json:"decision,omitzero"`
	Due            string   `json:"due,omitempty"` // YYYY-MM-DD, by when
	Options        []string `json:"options,omitempty"`
	Recommendation string   `json:"recommendation,omitempty"`
}

// DecisionPending reports whether the question is a decision asked and not
// yet answered.
func (q OpenQuestion) DecisionPending() bool {
	return q.Decision && strings.TrimSpace(q.Answer) == ""
}

// QuestionFieldProblem says why an open question's field cannot hold
// value, or "": the date a decision is due by must be a real date.
func QuestionFieldProblem(key, value string) string {
	if key == "due" && strings.TrimSpace(value) != "" {
		return DateProblem(strings.TrimSpace(value))
	}
	return ""
}

// TargetAction is what becomes of a system in the target state.
type TargetAction string

const (
	TargetKeep      TargetAction = "keep"
	TargetRetire    TargetAction = "retire"
	TargetReplace   TargetAction = "replace"
	TargetIntroduce TargetAction = "introduce"
)

// TargetActionChoices are the fates of a system; "" is not decided yet,
// and such a system stays on the target map as it is.
var TargetActionChoices = []Choice{
	{string(TargetKeep), "stays in the target state"},
	{string(TargetRetire), "switched off; flows ending in it end with it"},
	{string(TargetReplace), "its flows move to the system that replaces it"},
	{string(TargetIntroduce), "new: not in today's landscape"},
}

// Target is the room's plan for a system: its action, the system that
// replaces it (By, for TargetReplace) and the delivery slice in which that
// happens (0: not planned yet).
type Target struct {
	Action TargetAction `json:"action"`
	By     string       `json:"by"`
	Slice  int          `json:"slice"`
}

// Leaves reports whether the system is gone from the target state.
func (t Target) Leaves() bool { return t.Action == TargetRetire || t.Action == TargetReplace }

// TargetsUsing lists the systems whose replacement is the system, so a
// system a target names is not deleted from under it.
func (d *Document) TargetsUsing(systemID string) []string {
	var names []string
	for _, s := range d.Systems {
		if s.Target.Action == TargetReplace && s.Target.By == systemID && s.ID != systemID {
			names = append(names, "the target of "+s.Name)
		}
	}
	return names
}

// The system form picks a target as one choice: an action, or for a
// replacement the action and the system that replaces it, written
// "replace:ID".
const replaceBy = string(TargetReplace) + ":"

// TargetChoice is the target as the system form's one choice holds it.
func TargetChoice(t Target) string {
	if t.Action == TargetReplace && t.By != "" {
		return replaceBy + t.By
	}
	return string(t.Action)
}

// ReplaceChoice is the choice of a replacement by the system id.
func ReplaceChoice(id string) string { return replaceBy + id }

// TargetOfChoice is the action, and the replacement, a TargetChoice names;
// any other action names no replacement.
func TargetOfChoice(v string) Target {
	action, by, _ := strings.Cut(strings.TrimSpace(v), ":")
	t := Target{Action: TargetAction(action)}
	if t.Action == TargetReplace {
		t.By = by
	}
	return t
}

// setTargetChoice sets the target a TargetChoice names, its slice kept.
func (t *Target) setTargetChoice(v string) {
	c := TargetOfChoice(v)
	t.Action, t.By = c.Action, c.By
}

// TargetWords says a system's target for people: "replace by ERP",
// "retire", or "" while it is not decided.
func (d *Document) TargetWords(t Target) string {
	if t.Action == TargetReplace {
		if t.By == "" {
			return "replace"
		}
		return "replace by " + d.SystemName(t.By)
	}
	return string(t.Action)
}

// TargetProblem says why the system at index i cannot take value in its
// target field key (SystemDetailFields), or "": a replacement must be
// another system of the session, no chain of replacements may come back
// to where it started, and the slice must be in range.
func TargetProblem(d *Document, i int, key, value string) string {
	if i < 0 || i >= len(d.Systems) {
		return ""
	}
	switch key {
	case "target.slice":
		f, _ := FieldByKey(SystemDetailFields, key)
		return NumberProblem(f, value)
	case "target":
	default:
		return ""
	}
	systems := slices.Clone(d.Systems)
	systems[i].Set(key, value)
	t := systems[i].Target
	switch {
	case t.Action == TargetReplace && t.By == "":
		return "pick the system that replaces it"
	case t.Action == TargetReplace && t.By == systems[i].ID:
		return "a system cannot replace itself; pick the system that takes its place"
	case t.Action == TargetReplace && !slices.ContainsFunc(systems, func(s System) bool { return s.ID == t.By }):
		return "the system picked to replace it is no longer in the session"
	}
	return replaceCycle(systems, i)
}

// indexByID is each system's index by id; the first wins an id used twice.
func indexByID(systems []System) map[string]int {
	at := make(map[string]int, len(systems))
	for j, s := range systems {
		if _, dup := at[s.ID]; !dup {
			at[s.ID] = j
		}
	}
	return at
}

// replaceCycle says how the replacements starting at systems[i] come back
// to a system already passed, or "" when they end.
func replaceCycle(systems []System, i int) string {
	at := indexByID(systems)
	seen := map[int]bool{}
	var names []string
	for j := i; ; {
		s := systems[j]
		if seen[j] {
			return fmt.Sprintf("the replacements go round in a circle (%s); a chain of replacements must end in a system that stays or is retired", strings.Join(append(names, s.Name), " → "))
		}
		seen[j] = true
		names = append(names, s.Name)
		next, ok := at[s.Target.By]
		if s.Target.Action != TargetReplace || !ok {
			return ""
		}
		j = next
	}
}

// onCircleFirst reports whether systems[i] is on a circle of replacements
// and comes first in the list among the systems of that circle, so that a
// circle is reported once, where it starts.
func onCircleFirst(systems []System, i int) bool {
	at := indexByID(systems)
	j := i
	for range systems {
		next, ok := at[systems[j].Target.By]
		if systems[j].Target.Action != TargetReplace || !ok || next < i {
			return false
		}
		if j = next; j == i {
			return true
		}
	}
	return false
}

// DocumentControl is the pack's cover and control: its version and status,
// who it is for and who receives it, and what each version changed. It
// sits among the session's own members in the JSON.
type DocumentControl struct {
	Version string         `json:"version,omitempty"` // e.g. 0.3
	Status  DocumentStatus `json:"status,omitempty"`
	// Confidentiality is the cover's confidentiality line; empty, the
	// pack prints DefaultConfidentiality for the session's client.
	Confidentiality string         `json:"confidentiality,omitempty"`
	Distribution    []string       `json:"distribution,omitempty"`
	History         []HistoryEntry `json:"history,omitempty"`
}

// HistoryEntry is one row of the pack's version history.
type HistoryEntry struct {
	Version string `json:"version"`
	Date    string `json:"date"` // YYYY-MM-DD
	Note    string `json:"note"`
}

func (c DocumentControl) clone() DocumentControl {
	c.Distribution = cloneStrings(c.Distribution)
	c.History = slices.Clone(c.History)
	return c
}

// DocumentStatus is how far the pack is from signed off.
type DocumentStatus string

const (
	DocumentDraft DocumentStatus = "draft"
	DocumentFinal DocumentStatus = "final"
)

// DocumentStatusChoices are the states of the pack; "" reads as draft.
var DocumentStatusChoices = []Choice{
	{string(DocumentDraft), "for comment; may still change"},
	{string(DocumentFinal), "signed off; changes make a new version"},
}

// PackStatus is the pack's status, draft until it is set.
func (c DocumentControl) PackStatus() DocumentStatus {
	if c.Status == "" {
		return DocumentDraft
	}
	return c.Status
}

// DefaultConfidentiality is the confidentiality line of a pack for client
// when the session sets none.
func DefaultConfidentiality(client string) string {
	if client = strings.TrimSpace(client); client != "" {
		return "Confidential — prepared for " + client
	}
	return "Confidential"
}

// ConfidentialityLine is the line the pack's cover prints: the session's
// own, or the default for its client.
func (s Session) ConfidentialityLine() string {
	if strings.TrimSpace(s.Confidentiality) != "" {
		return s.Confidentiality
	}
	return DefaultConfidentiality(s.Client)
}

// versionShape is a version of the pack: one short word of letters,
// digits, dots, dashes, underscores and pluses, such as 0.3 or 1.0-rc1.
var versionShape = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,19}$`)

// VersionProblem says why v cannot be a version of the pack, or "".
func VersionProblem(v string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return "the version is empty; write one such as 0.3"
	case !versionShape.MatchString(v):
		return fmt.Sprintf("%q is not a version; a version is one word of at most 20 letters, digits, dots or dashes, such as 0.3", v)
	}
	return ""
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// HistoryText writes the version history as the form edits it: one
// version a line, "VERSION DATE NOTE".
func HistoryText(h []HistoryEntry) string {
	lines := make([]string, len(h))
	for i, e := range h {
		lines[i] = strings.TrimSpace(e.Version + " " + e.Date + " " + e.Note)
	}
	return strings.Join(lines, "\n")
}

// ParseHistory reads HistoryText back: blank lines are skipped, and each
// other line is a version, a date and a note, split at the first two runs
// of spaces. HistoryProblem says whether each part is what it should be.
func ParseHistory(text string) []HistoryEntry {
	var out []HistoryEntry
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		version, rest := cutWord(l)
		date, note := cutWord(rest)
		out = append(out, HistoryEntry{Version: version, Date: date, Note: note})
	}
	return out
}

// cutWord is s's first word and what follows it, trimmed.
func cutWord(s string) (word, rest string) {
	if i := strings.IndexFunc(s, isSpace); i >= 0 {
		return s[:i], strings.TrimSpace(s[i:])
	}
	return s, ""
}

// HistoryProblem says why text cannot be the version history, or "":
// each line a version, a real date and what changed, each version once.
func HistoryProblem(text string) string {
	seen := map[string]bool{}
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n++
		e := ParseHistory(l)[0]
		p := historyEntryProblem(e, seen)
		if p != "" {
			return fmt.Sprintf("history line %d: %s; write each line as VERSION DATE NOTE, e.g. 0.2 2026-03-20 comments from the CIO", n, p)
		}
	}
	return ""
}

// historyEntryProblem says what is wrong with one history row, or "";
// seen are the versions of the rows before it.
func historyEntryProblem(e HistoryEntry, seen map[string]bool) string {
	defer func() { seen[e.Version] = true }()
	switch {
	case VersionProblem(e.Version) != "":
		return VersionProblem(e.Version)
	case seen[e.Version]:
		return fmt.Sprintf("version %s is listed twice", e.Version)
	case e.Date == "":
		return "the date is missing"
	case DateProblem(e.Date) != "":
		return DateProblem(e.Date)
	case strings.ContainsAny(e.Note, "\n\r"):
		return "the note is more than one line"
	}
	return ""
}

// documentControlProblem says why a document control field of the session
// details cannot be stored as typed, or "".
func documentControlProblem(key, value string) string {
	switch key {
	case "version":
		if strings.TrimSpace(value) != "" {
			return VersionProblem(strings.TrimSpace(value))
		}
	case "history":
		return HistoryProblem(value)
	}
	return ""
}

// targets checks the systems' targets; ids are the systems of the map.
func (v *validator) targets(systems []System, ids map[string]bool) {
	for i, s := range systems {
		p := fmt.Sprintf("systems[%d].target", i)
		t := s.Target
		v.enum(p+".action", string(t.Action), TargetActionChoices)
		switch {
		case t.By == "" && t.Action == TargetReplace:
			v.add(p+".by", "is empty; name the system that replaces it")
		case t.By != "" && t.By == s.ID:
			v.add(p+".by", "%q is the system itself; a system is replaced by another", t.By)
		case t.By != "" && !ids[t.By]:
			v.add(p+".by", "%q is not the id of any system in this session", t.By)
		case t.Action == TargetReplace && onCircleFirst(systems, i):
			v.add(p+".by", "%s", replaceCycle(systems, i))
		}
		if n := numberProblem(SystemDetailFields, "target.slice", t.Slice); n != "" {
			v.add(p+".slice", "%d is out of range: %s", t.Slice, n)
		}
	}
}

// decisionAsk checks what makes an open question a decision asked.
func (v *validator) decisionAsk(path string, a DecisionAsk) {
	if a.Due != "" {
		if p := DateProblem(a.Due); p != "" {
			v.add(path+".due", "%s", p)
		}
	}
	// Options may repeat: a redacted export can make two of them one text.
	for i, o := range a.Options {
		v.required(fmt.Sprintf("%s.options[%d]", path, i), o)
	}
}

// documentControl checks the session's cover and control.
func (v *validator) documentControl(c *DocumentControl) {
	if c.Version != "" {
		if p := VersionProblem(c.Version); p != "" {
			v.add("session.version", "%s", p)
		}
	}
	v.enum("session.status", string(c.Status), DocumentStatusChoices)
	for i, name := range c.Distribution {
		v.required(fmt.Sprintf("session.distribution[%d]", i), name)
	}
	seen := map[string]bool{}
	for i, e := range c.History {
		if p := historyEntryProblem(e, seen); p != "" {
			v.add(fmt.Sprintf("session.history[%d]", i), "%s", p)
		}
	}
}
