package model

// PlaceKind says what part of a document a text belongs to.
type PlaceKind uint8

const (
	PlaceSession PlaceKind = iota
	PlaceSystem
	PlaceFlow
	PlaceStep
	PlaceRisk
	PlaceQuestion
	PlaceDomain   // a domain decision, by Index
	PlaceTriage   // a triage verdict, by Index
	PlaceConflict // a merge conflict, by Index
)

// TextPlace says where a free-text answer lives.
type TextPlace struct {
	Kind  PlaceKind
	Flow  int // index in d.Flows, or -1 outside any flow
	Index int // of the system, risk, question, domain, triage or conflict
	Step  Step
	Key   string // the field's JSON name
}

// WalkText visits every free-text field of the document, private notes
// included: the fields a person types into, not ids, enumerations or dates.
func WalkText(d *Document, visit func(at TextPlace, text *string)) {
	ss := &d.Session
	session := func(key string, p *string) { visit(TextPlace{Kind: PlaceSession, Flow: -1, Key: key}, p) }
	session("name", &ss.Name)
	session("client", &ss.Client)
	session("facilitator", &ss.Facilitator)
	for i := range ss.Participants {
		session("participants", &ss.Participants[i])
	}
	session("notes", &ss.Notes)
	session("confidentiality", &ss.Confidentiality)
	for i := range ss.Distribution {
		session("distribution", &ss.Distribution[i])
	}
	for i := range ss.History {
		session("history", &ss.History[i].Note)
	}

	for i := range d.Systems {
		visit(TextPlace{Kind: PlaceSystem, Flow: -1, Index: i, Key: "name"}, &d.Systems[i].Name)
		visit(TextPlace{Kind: PlaceSystem, Flow: -1, Index: i, Key: "notes"}, &d.Systems[i].Notes)
	}

	flowAt := make(map[string]int, len(d.Flows))
	for fi := range d.Flows {
		f := &d.Flows[fi]
		if _, dup := flowAt[f.ID]; !dup {
			flowAt[f.ID] = fi
		}
		visit(TextPlace{Kind: PlaceFlow, Flow: fi, Key: "name"}, &f.Name)
		visit(TextPlace{Kind: PlaceFlow, Flow: fi, Key: "domain"}, &f.Domain)
		for _, st := range Steps {
			for _, fd := range StepFields(st) {
				if fd.Kind != FieldLine && fd.Kind != FieldText {
					continue
				}
				if p := f.stepText(st, fd.Key); p != nil {
					visit(TextPlace{Kind: PlaceStep, Flow: fi, Step: st, Key: fd.Key}, p)
				}
			}
		}
		for _, st := range Steps {
			walkEvidence(*f.StepEvidence(st), TextPlace{Kind: PlaceStep, Flow: fi, Step: st}, visit)
		}
		walkRisks(f.Failure.Risks, fi, visit)
	}
	// Risks of no single flow are PlaceRisk with Flow -1.
	walkRisks(d.Risks, -1, visit)

	for i := range d.OpenQuestions {
		q := &d.OpenQuestions[i]
		fi, ok := flowAt[q.Flow]
		if !ok {
			fi = -1
		}
		visit(TextPlace{Kind: PlaceQuestion, Flow: fi, Index: i, Key: "question"}, &q.Question)
		visit(TextPlace{Kind: PlaceQuestion, Flow: fi, Index: i, Key: "ask"}, &q.Ask)
		visit(TextPlace{Kind: PlaceQuestion, Flow: fi, Index: i, Key: "answer"}, &q.Answer)
		for j := range q.Options {
			visit(TextPlace{Kind: PlaceQuestion, Flow: fi, Index: i, Key: "options"}, &q.Options[j])
		}
		visit(TextPlace{Kind: PlaceQuestion, Flow: fi, Index: i, Key: "recommendation"}, &q.Recommendation)
		walkEvidence(q.Evidence, TextPlace{Kind: PlaceQuestion, Flow: fi, Index: i}, visit)
	}

	for i := range d.Domains {
		visit(TextPlace{Kind: PlaceDomain, Flow: -1, Index: i, Key: "rationale"}, &d.Domains[i].Rationale)
		visit(TextPlace{Kind: PlaceDomain, Flow: -1, Index: i, Key: "decided_by"}, &d.Domains[i].DecidedBy)
		visit(TextPlace{Kind: PlaceDomain, Flow: -1, Index: i, Key: "ask"}, &d.Domains[i].Ask)
		walkEvidence(d.Domains[i].Evidence, TextPlace{Kind: PlaceDomain, Flow: -1, Index: i}, visit)
	}
	for i := range d.Triage {
		visit(TextPlace{Kind: PlaceTriage, Flow: -1, Index: i, Key: "reason"}, &d.Triage[i].Reason)
	}
	// A conflict's values are JSON text that may quote any answer.
	for i := range d.Conflicts {
		c := &d.Conflicts[i]
		visit(TextPlace{Kind: PlaceConflict, Flow: -1, Index: i, Key: "base"}, &c.Base)
		visit(TextPlace{Kind: PlaceConflict, Flow: -1, Index: i, Key: "ours"}, &c.Ours)
		visit(TextPlace{Kind: PlaceConflict, Flow: -1, Index: i, Key: "theirs"}, &c.Theirs)
	}
}

func walkRisks(risks []Risk, fi int, visit func(at TextPlace, text *string)) {
	for ri := range risks {
		r := &risks[ri]
		visit(TextPlace{Kind: PlaceRisk, Flow: fi, Index: ri, Key: "title"}, &r.Title)
		visit(TextPlace{Kind: PlaceRisk, Flow: fi, Index: ri, Key: "fix"}, &r.Fix)
		visit(TextPlace{Kind: PlaceRisk, Flow: fi, Index: ri, Key: "owner"}, &r.Owner)
		visit(TextPlace{Kind: PlaceRisk, Flow: fi, Index: ri, Key: "ticket"}, &r.Ticket)
		walkEvidence(r.Evidence, TextPlace{Kind: PlaceRisk, Flow: fi, Index: ri}, visit)
	}
}
