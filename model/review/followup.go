package review

import (
	"strings"
	"time"

	"github.com/archreview/archreview/model"
)

// FollowUp starts the next review of the same landscape from the previous
// one: its systems, its flows with the same ids and every answer, its domain
// decisions, its risks with their status and ticket, its triage (the room's
// dismissals stand until it says otherwise), its question pack and any
// merge conflict still to resolve, and the open questions nobody has
// answered yet. Every step starts not done, because the room walks the
// flows again; the new document follows the previous session.
//
// s is the new session: its id and name, and the client and facilitator
// when they change (empty keeps the previous ones). Participants and the
// session's notes are the meeting's and start empty; the timebox and the
// slice size carry over. The session is dated and stamped now.
func FollowUp(prev *model.Document, s model.Session, now time.Time) *model.Document {
	p := prev.Clone()
	if strings.TrimSpace(s.Client) == "" {
		s.Client = p.Session.Client
	}
	if strings.TrimSpace(s.Facilitator) == "" {
		s.Facilitator = p.Session.Facilitator
	}
	if s.TimeboxMinutes == 0 {
		s.TimeboxMinutes = p.Session.TimeboxMinutes
	}
	if s.SliceSize == 0 {
		s.SliceSize = p.Session.SliceSize
	}
	s.Date = "" // today
	d := model.NewSessionDocument(s, now)
	d.Systems = p.Systems
	d.Flows = p.Flows
	for i := range d.Flows {
		for _, st := range model.Steps {
			d.Flows[i].SetStepDone(st, false)
		}
	}
	for _, q := range p.OpenQuestions {
		if strings.TrimSpace(q.Answer) == "" {
			d.OpenQuestions = append(d.OpenQuestions, q)
		}
	}
	d.Decided = p.Decided
	d.MergeNote = nil // the previous review's last merge is not this one's news
	d.Follows = p.Session.ID
	return d
}
