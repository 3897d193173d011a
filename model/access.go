package model

import "strings"

// The accessors below read and write one answer as text, by its field's
// JSON name, for the screens that edit fields from the catalogue. Each
// field's row in fields.go says which answer it is and how its text
// converts; Get and Set only look the key up.

// access reads and writes one answer of a T as text.
type access[T any] struct {
	get func(*T) string
	set func(*T, string)
	// addr is the answer's own string, for the text fields search and
	// replace edit in place; nil for the others.
	addr func(*T) *string
}

// row is one field of a table and the answer of a T it edits.
type row[T any] struct {
	Field
	access[T]
}

// asText is an answer kept as typed.
func asText[T any](p func(*T) *string) access[T] {
	return access[T]{
		get:  func(t *T) string { return *p(t) },
		set:  func(t *T, v string) { *p(t) = v },
		addr: p,
	}
}

// asCleaned is an answer kept as clean makes it.
func asCleaned[T any](p func(*T) *string, clean func(string) string) access[T] {
	return access[T]{
		get: func(t *T) string { return *p(t) },
		set: func(t *T, v string) { *p(t) = clean(v) },
	}
}

// asChoice is one value of an enumeration, kept as typed: the forms offer
// the choices and Validate judges a file.
func asChoice[T any, E ~string](p func(*T) *E) access[T] {
	return access[T]{
		get: func(t *T) string { return string(*p(t)) },
		set: func(t *T, v string) { *p(t) = E(v) },
	}
}

// asNumber is a whole number; text that is none reads as 0.
func asNumber[T any](p func(*T) *int) access[T] {
	return access[T]{
		get: func(t *T) string { return intString(*p(t)) },
		set: func(t *T, v string) { *p(t) = parseInt(v) },
	}
}

// asDecimal is a number that may have a fraction; text that is none reads
// as 0.
func asDecimal[T any](p func(*T) *float64) access[T] {
	return access[T]{
		get: func(t *T) string { return FormatNumber(*p(t)) },
		set: func(t *T, v string) {
			n, _ := parseDecimal(v)
			*p(t) = n
		},
	}
}

// asYesNo is a flag written "yes" or "no".
func asYesNo[T any](p func(*T) *bool) access[T] {
	return access[T]{
		get: func(t *T) string { return boolString(*p(t)) },
		set: func(t *T, v string) { *p(t) = parseBool(v) },
	}
}

// asIDs is a list of system ids, comma-separated.
func asIDs[T any](p func(*T) *[]string) access[T] {
	return access[T]{
		get: func(t *T) string { return JoinIDs(*p(t)) },
		set: func(t *T, v string) { *p(t) = SplitIDs(v) },
	}
}

// asNames is a list of names, shown separated by ", ".
func asNames[T any](p func(*T) *[]string) access[T] {
	return access[T]{
		get: func(t *T) string { return strings.Join(*p(t), ", ") },
		set: func(t *T, v string) { *p(t) = SplitList(v) },
	}
}

// asLines is a list of texts, one a line; blank lines are dropped.
func asLines[T any](p func(*T) *[]string) access[T] {
	return access[T]{
		get: func(t *T) string { return strings.Join(*p(t), "\n") },
		set: func(t *T, v string) {
			var out []string
			for _, l := range strings.Split(v, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
			*p(t) = out
		},
	}
}

// answers finds the answers of a T by key.
type answers[T any] map[string]access[T]

// answersOf indexes the rows of one or more tables by key. A key in two
// tables is one answer asked in two forms; the first table's row serves it.
func answersOf[T any](tables ...[]row[T]) answers[T] {
	a := answers[T]{}
	for _, rows := range tables {
		for _, r := range rows {
			if _, dup := a[r.Key]; !dup && r.get != nil && r.set != nil {
				a[r.Key] = r.access
			}
		}
	}
	return a
}

// fieldsOf is the fields of rows, in their order.
func fieldsOf[T any](rows []row[T]) []Field {
	out := make([]Field, len(rows))
	for i, r := range rows {
		out[i] = r.Field
	}
	return out
}

// get reads the answer under key as text; "" when no field has that key.
func (a answers[T]) get(t *T, key string) string {
	if acc, ok := a[key]; ok {
		return acc.get(t)
	}
	return ""
}

// set writes the answer under key from text; a key no field has is ignored.
func (a answers[T]) set(t *T, key, value string) {
	if acc, ok := a[key]; ok {
		acc.set(t, value)
	}
}

// answersOfStep is the answers of a step, or none for a step that is not
// one.
func answersOfStep(s Step) answers[Flow] {
	if s < 0 || int(s) >= len(stepAnswers) {
		return nil
	}
	return stepAnswers[s]
}

// stepText returns the address of a step's text field, or nil when the key
// is not a text field of that step.
func (f *Flow) stepText(s Step, key string) *string {
	if acc, ok := answersOfStep(s)[key]; ok && acc.addr != nil {
		return acc.addr(f)
	}
	return nil
}

// Get returns a step field's answer as text.
func (f *Flow) Get(s Step, key string) string { return answersOfStep(s).get(f, key) }

// Set stores a step field's answer given as text; unknown keys are ignored.
func (f *Flow) Set(s Step, key, value string) { answersOfStep(s).set(f, key, value) }

// StepDone reports whether the room has finished a step of the flow.
func (f *Flow) StepDone(s Step) bool {
	switch s {
	case StepSource:
		return f.Source.Done
	case StepContract:
		return f.Contract.Done
	case StepFailure:
		return f.Failure.Done
	case StepOwner:
		return f.Owner.Done
	}
	return false
}

// SetStepDone marks a step of the flow finished or not.
func (f *Flow) SetStepDone(s Step, done bool) {
	switch s {
	case StepSource:
		f.Source.Done = done
	case StepContract:
		f.Contract.Done = done
	case StepFailure:
		f.Failure.Done = done
	case StepOwner:
		f.Owner.Done = done
	}
}

// StepsDone counts the finished steps of the flow.
func (f *Flow) StepsDone() int {
	n := 0
	for _, s := range Steps {
		if f.StepDone(s) {
			n++
		}
	}
	return n
}

// Get returns a risk field as text.
func (r *Risk) Get(key string) string { return riskAnswers.get(r, key) }

// Set stores a risk field given as text; unknown keys are ignored.
func (r *Risk) Set(key, value string) { riskAnswers.set(r, key, value) }

// Get returns a system field as text.
func (s *System) Get(key string) string { return systemAnswers.get(s, key) }

// Set stores a system field given as text; unknown keys are ignored.
func (s *System) Set(key, value string) { systemAnswers.set(s, key, value) }

// Get returns an open question's field as text.
func (q *OpenQuestion) Get(key string) string { return questionAnswers.get(q, key) }

// Set stores an open question's field given as text.
func (q *OpenQuestion) Set(key, value string) { questionAnswers.set(q, key, value) }

// Get returns a session field as text; participants are comma-separated.
func (s *Session) Get(key string) string { return sessionAnswers.get(s, key) }

// Set stores a session field given as text.
func (s *Session) Set(key, value string) { sessionAnswers.set(s, key, value) }

// SplitList splits comma-separated names, dropping empty ones.
func SplitList(s string) []string { return SplitIDs(s) }

// GetHeader returns a flow header field as text.
func (f *Flow) GetHeader(key string) string { return headerAnswers.get(f, key) }

// SetHeader stores a flow header field given as text.
func (f *Flow) SetHeader(key, value string) { headerAnswers.set(f, key, value) }

// Get returns a domain decision's field as text.
func (d *DomainDecision) Get(key string) string { return decisionAnswers.get(d, key) }

// Set stores a domain decision's field given as text.
func (d *DomainDecision) Set(key, value string) { decisionAnswers.set(d, key, value) }

// ParkFieldProblem says why a parked domain's field cannot hold value, or
// "": the date it is due by must be a real date.
func ParkFieldProblem(key, value string) string {
	if key == "due" && strings.TrimSpace(value) != "" {
		return DateProblem(strings.TrimSpace(value))
	}
	return ""
}

// DecisionsUsing lists the domains whose decision names the system, so a
// system still decided on is not deleted from under them.
func (d *Document) DecisionsUsing(systemID string) []string {
	var names []string
	for _, dd := range d.Domains {
		if dd.SourceOfTruth == systemID {
			names = append(names, "the "+dd.Name+" decision")
		}
	}
	return names
}
