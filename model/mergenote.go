package model

import "slices"

// MergeNote is what the last merge of a colleague's copy into this
// database brought in, for the facilitator to read as the session next
// opens: the records only theirs had, those only ours had, and how many
// conflicts it left. It is this laptop's own note, in this laptop's sense
// of ours and theirs: exports and merges leave it out.
type MergeNote struct {
	Theirs    MergeSide `json:"theirs"`
	Ours      MergeSide `json:"ours"`
	Conflicts int       `json:"conflicts"`
}

// MergeSide is what one side of a merge had that the other did not: how
// many records of each kind, and the first MaxNoted of them by id.
type MergeSide struct {
	Systems   int           `json:"systems"`
	Flows     int           `json:"flows"`
	Risks     int           `json:"risks"`
	Questions int           `json:"questions"`
	Domains   int           `json:"domains"`
	Named     []NotedRecord `json:"named"`
}

// MaxNoted bounds the records a merge note names on each side: the note
// is read on one screen, and a merge of a programme can add thousands.
const MaxNoted = 12

// Kinds of record a merge note names.
const (
	NotedSystem   = "system"
	NotedFlow     = "flow"
	NotedRisk     = "risk"
	NotedQuestion = "question"
	NotedDomain   = "domain" // by the domain's name
)

// NotedRecord is one record a merge note names: its kind and its id.
type NotedRecord struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Add counts a record of the kind, and names it while there is room.
func (s *MergeSide) Add(kind, id string) {
	switch kind {
	case NotedSystem:
		s.Systems++
	case NotedFlow:
		s.Flows++
	case NotedRisk:
		s.Risks++
	case NotedQuestion:
		s.Questions++
	case NotedDomain:
		s.Domains++
	default:
		return
	}
	if len(s.Named) < MaxNoted {
		s.Named = append(s.Named, NotedRecord{Kind: kind, ID: id})
	}
}

// Total is how many records the side had that the other did not.
func (s MergeSide) Total() int { return s.Systems + s.Flows + s.Risks + s.Questions + s.Domains }

func (n *MergeNote) clone() *MergeNote {
	if n == nil {
		return nil
	}
	c := *n
	c.Theirs.Named = slices.Clone(n.Theirs.Named)
	c.Ours.Named = slices.Clone(n.Ours.Named)
	return &c
}
