package model

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Evidence is what backs an answer, a risk, a domain decision or an open
// question: the log, dashboard, runbook or ticket the room pointed to. A
// link is only ever written down and shown, never fetched: archreview
// works offline.
type Evidence struct {
	Label string `json:"label"`
	// URL is an http(s) address, a file path or a ticket key (ABC-123).
	URL string `json:"url"`
}

// EvidenceKind says what a link's URL is, and so how a pack shows it: only
// a web address becomes a hyperlink.
type EvidenceKind int

const (
	EvidenceWeb    EvidenceKind = iota // http:// or https://
	EvidenceFile                       // a file path
	EvidenceTicket                     // a tracker's key
)

// MaxEvidenceURL bounds a link's address; a longer one is not a link a
// person typed or pasted.
const MaxEvidenceURL = 2048

// MaxEvidence bounds the links one answer, risk, decision or question
// holds.
const MaxEvidence = 50

var (
	schemePrefix = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
	ticketKey    = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,19}-[0-9]{1,9}$`)
	driveLetter  = regexp.MustCompile(`^[A-Za-z]:[\\/]`)
	fileName     = regexp.MustCompile(`\.[A-Za-z0-9]{1,8}$`)
)

// EvidenceWording says once what a link's address may be.
const EvidenceWording = "an http(s) address, a file path or a ticket key such as ABC-123"

// ClassifyEvidence says what kind of link url is, or why it is none: the
// problem is one sentence, "" when the address is taken.
func ClassifyEvidence(raw string) (EvidenceKind, string) {
	u := strings.TrimSpace(raw)
	switch {
	case u == "":
		return 0, "the address is empty; give " + EvidenceWording
	case len(u) > MaxEvidenceURL:
		return 0, fmt.Sprintf("the address is %d characters; at most %d are kept", len(u), MaxEvidenceURL)
	case strings.IndexFunc(u, unicode.IsControl) >= 0:
		return 0, "the address holds a control character; give " + EvidenceWording
	case ticketKey.MatchString(u):
		return EvidenceTicket, ""
	case driveLetter.MatchString(u):
		return EvidenceFile, ""
	}
	if m := schemePrefix.FindStringSubmatch(u); m != nil {
		scheme := strings.ToLower(m[1])
		if scheme != "http" && scheme != "https" {
			return 0, fmt.Sprintf("%q links are refused; give %s", scheme+":", EvidenceWording)
		}
		if webHost(u[len(m[0]):]) == "" || strings.ContainsAny(u, " \t") {
			return 0, fmt.Sprintf("%q is not a web address a browser opens; give %s", u, EvidenceWording)
		}
		return EvidenceWeb, ""
	}
	if strings.ContainsAny(u, `/\`) || strings.HasPrefix(u, "~") || fileName.MatchString(u) {
		return EvidenceFile, ""
	}
	return 0, fmt.Sprintf("%q is not %s", u, EvidenceWording)
}

// webHost is the host of a web address after its scheme ("//host/path"),
// or "". It reads the address as a person wrote it rather than as a strict
// parser would, so an address redacted on export ("//ann:[redacted]@host")
// still reads back as the link it was.
func webHost(rest string) string {
	rest, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	return rest
}

// EvidenceProblem says why url cannot be a link's address, or "".
func EvidenceProblem(url string) string {
	_, p := ClassifyEvidence(url)
	return p
}

// Kind is what the link's address is; an address that is none reads as a
// file path, so it is shown as text and never as a hyperlink.
func (e Evidence) Kind() EvidenceKind {
	k, p := ClassifyEvidence(e.URL)
	if p != "" {
		return EvidenceFile
	}
	return k
}

// Title is what a reader sees of the link: its label, or its address.
func (e Evidence) Title() string {
	if l := strings.TrimSpace(e.Label); l != "" {
		return l
	}
	return strings.TrimSpace(e.URL)
}

// AddEvidenceProblem says why link cannot join list, or "": its address
// must be one, and not one the list holds already.
func AddEvidenceProblem(list []Evidence, link Evidence) string {
	if p := EvidenceProblem(link.URL); p != "" {
		return p
	}
	u := strings.TrimSpace(link.URL)
	for _, e := range list {
		if strings.TrimSpace(e.URL) == u {
			return fmt.Sprintf("%q is already linked here", u)
		}
	}
	if len(list) >= MaxEvidence {
		return fmt.Sprintf("%d links are the most one record holds", MaxEvidence)
	}
	return ""
}

// EvidenceCount says how many links there are, "2 links", or "" for none.
func EvidenceCount(list []Evidence) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return "1 link"
	}
	return fmt.Sprintf("%d links", len(list))
}

// EvidenceText writes links one a line, "label <url>", as the Get of an
// evidence answer reads them.
func EvidenceText(list []Evidence) string {
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = "<" + e.URL + ">"
		if l := strings.TrimSpace(e.Label); l != "" {
			lines[i] = l + " " + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// ParseEvidence reads EvidenceText back: a line "label <url>", or a bare
// address; blank lines are dropped. It does not judge the addresses:
// Validate does.
func ParseEvidence(text string) []Evidence {
	var out []Evidence
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		e := Evidence{URL: line}
		if strings.HasSuffix(line, ">") {
			if i := strings.LastIndex(line, "<"); i >= 0 {
				e = Evidence{Label: strings.TrimSpace(line[:i]), URL: strings.TrimSpace(line[i+1 : len(line)-1])}
			}
		}
		out = append(out, e)
	}
	return out
}

// asEvidence is a list of links, one a line (EvidenceText).
func asEvidence[T any](p func(*T) *[]Evidence) access[T] {
	return access[T]{
		get: func(t *T) string { return EvidenceText(*p(t)) },
		set: func(t *T, v string) { *p(t) = ParseEvidence(v) },
	}
}

// EvidenceKey is the key the evidence of a step, a risk, a domain decision
// or an open question is read and written by (Get, Set); it is no field of
// the forms, which add links one at a time.
const EvidenceKey = "evidence"

// evidenceField describes the evidence answer of every record.
var evidenceField = Field{Key: EvidenceKey, Label: "Evidence", Kind: FieldText, Hint: "one link a line: label <url>"}

func evidenceRow[T any](p func(*T) *[]Evidence) []row[T] {
	return []row[T]{{evidenceField, asEvidence(p)}}
}

// stepEvidenceRows are the evidence answers of the four steps, by step.
var stepEvidenceRows = [...][]row[Flow]{
	StepSource:   evidenceRow(func(f *Flow) *[]Evidence { return &f.Source.Evidence }),
	StepContract: evidenceRow(func(f *Flow) *[]Evidence { return &f.Contract.Evidence }),
	StepFailure:  evidenceRow(func(f *Flow) *[]Evidence { return &f.Failure.Evidence }),
	StepOwner:    evidenceRow(func(f *Flow) *[]Evidence { return &f.Owner.Evidence }),
}

var (
	riskEvidenceRows     = evidenceRow(func(r *Risk) *[]Evidence { return &r.Evidence })
	questionEvidenceRows = evidenceRow(func(q *OpenQuestion) *[]Evidence { return &q.Evidence })
	decisionEvidenceRows = evidenceRow(func(d *DomainDecision) *[]Evidence { return &d.Evidence })
)

// StepEvidence returns the address of a step's links, or nil for a step
// that is not one.
func (f *Flow) StepEvidence(s Step) *[]Evidence {
	switch s {
	case StepSource:
		return &f.Source.Evidence
	case StepContract:
		return &f.Contract.Evidence
	case StepFailure:
		return &f.Failure.Evidence
	case StepOwner:
		return &f.Owner.Evidence
	}
	return nil
}

func cloneEvidence(list []Evidence) []Evidence {
	if list == nil {
		return nil
	}
	return append([]Evidence(nil), list...)
}

// cloneFlowEvidence gives a copied flow its own lists of links.
func cloneFlowEvidence(f *Flow) {
	for _, s := range Steps {
		p := f.StepEvidence(s)
		*p = cloneEvidence(*p)
	}
}

// validateEvidence checks every link of the document: an address of a kind
// archreview takes, in a list within bounds.
func (v *validator) validateEvidence(d *Document) {
	list := func(path string, links []Evidence) {
		if len(links) > MaxEvidence {
			v.add(path, "holds %d links; at most %d are kept", len(links), MaxEvidence)
		}
		// Two links to one address are not refused here: two addresses
		// that differ only in a credential are one once exported, and an
		// export must import back. The app adds no such second link.
		for i, e := range links {
			if problem := EvidenceProblem(e.URL); problem != "" {
				v.add(fmt.Sprintf("%s[%d].url", path, i), "%s", problem)
			}
		}
	}
	risks := func(path string, rs []Risk) {
		for i := range rs {
			list(fmt.Sprintf("%s[%d].evidence", path, i), rs[i].Evidence)
		}
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		for _, s := range Steps {
			list(fmt.Sprintf("flows[%d].%s.evidence", i, s), *f.StepEvidence(s))
		}
		risks(fmt.Sprintf("flows[%d].failure.risks", i), f.Failure.Risks)
	}
	risks("risks", d.Risks)
	for i := range d.Domains {
		list(fmt.Sprintf("domains[%d].evidence", i), d.Domains[i].Evidence)
	}
	for i := range d.OpenQuestions {
		list(fmt.Sprintf("open_questions[%d].evidence", i), d.OpenQuestions[i].Evidence)
	}
}

// walkEvidence visits the labels and addresses of links as text, so that
// what is typed into them is sanitized and redacted like any answer.
func walkEvidence(links []Evidence, at TextPlace, visit func(TextPlace, *string)) {
	at.Key = EvidenceKey
	for i := range links {
		visit(at, &links[i].Label)
		visit(at, &links[i].URL)
	}
}

// Equal reports whether two domain decisions record the same, their links
// included.
func (d DomainDecision) Equal(o DomainDecision) bool {
	return d.Name == o.Name && d.SourceOfTruth == o.SourceOfTruth && d.Rationale == o.Rationale &&
		d.DecidedBy == o.DecidedBy && d.Status == o.Status && d.Ask == o.Ask && d.Due == o.Due &&
		slices.Equal(d.Evidence, o.Evidence)
}

// EvidenceFields are what the room gives of a link it adds: what it is,
// and where.
var EvidenceFields = []Field{
	{Key: "label", Label: "What it is", Kind: FieldLine, Hint: "runbook, dashboard, incident, mapping sheet"},
	{Key: "url", Label: "Link", Kind: FieldLine, Required: true, Hint: EvidenceWording},
}

// NewEvidence is the link the fields of EvidenceFields describe, trimmed.
func NewEvidence(values map[string]string) Evidence {
	return Evidence{Label: strings.TrimSpace(values["label"]), URL: strings.TrimSpace(values["url"])}
}
