package tickets

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// Change is what a tracker file changes of one risk.
type Change struct {
	Risk, Title          string
	OldTicket, NewTicket string
	OldStatus, NewStatus model.RiskStatus
	// Kept says why the tracker's status was not taken, when it was not.
	Kept string
}

// Unknown is a ticket whose status the mapping does not know: its ticket is
// set, its risk's status left as it was.
type Unknown struct{ Where, Key, Status string }

// Result is what Apply found: the changes, the statuses it did not know,
// how many tickets carry no ar- label (another team's, left alone), and
// the flows whose risks changed (indexes into the document's flows) and
// whether the session's own risks did.
type Result struct {
	Changes      []Change
	Unknown      []Unknown
	Unlabelled   int
	Flows        []int
	SessionRisks bool
}

// placed is a risk of the document and where it sits: a flow's index, -1
// for the session's own.
type placed struct {
	risk *model.Risk
	flow int
}

// risksByID are the document's risks by id, and by the id of each risk
// merged into them: a ticket of a merged risk is the survivor's.
func risksByID(d *model.Document) map[string]placed {
	var all []placed
	for fi := range d.Flows {
		for ri := range d.Flows[fi].Failure.Risks {
			all = append(all, placed{&d.Flows[fi].Failure.Risks[ri], fi})
		}
	}
	for ri := range d.Risks {
		all = append(all, placed{&d.Risks[ri], -1})
	}
	byID := map[string]placed{}
	for _, p := range all {
		byID[strings.ToLower(p.risk.ID)] = p
	}
	for _, p := range all {
		for _, m := range p.risk.Merged {
			if _, ok := byID[strings.ToLower(m)]; !ok {
				byID[strings.ToLower(m)] = p
			}
		}
	}
	return byID
}

// statusRank orders the tracker's statuses by how far the work went: a risk
// with several tickets is only as far as its least advanced one.
var statusRank = map[model.RiskStatus]int{model.RiskOpen: 0, model.RiskInProgress: 1, model.RiskMitigated: 2}

// Apply sets each risk its tickets name (by the ar- label) to the ticket's
// key and maps the tracker's status onto the risk's: an accepted risk stays
// accepted, a status not known leaves the status as it was and is listed. A
// risk several tickets name gets their keys joined and the least advanced
// status. A label that names no risk of the document is an error naming
// its row, and then d is left as it was. Applying the same file twice
// changes nothing the second time.
func Apply(d *model.Document, ts []Ticket) (Result, error) {
	byID := risksByID(d)
	type named struct {
		keys    []string
		status  model.RiskStatus
		known   bool
		unknown bool
	}
	var order []placed
	want := map[*model.Risk]*named{}
	var res Result
	var strays []string
	for i := range ts {
		t := &ts[i]
		labelled := false
		for _, l := range t.Labels {
			id, ours := review.RiskOfLabel(l)
			if !ours {
				continue
			}
			labelled = true
			p, ok := byID[strings.ToLower(id)]
			if !ok {
				strays = append(strays, t.Where+" ("+t.Key+", "+l+")")
				continue
			}
			n := want[p.risk]
			if n == nil {
				n = &named{}
				want[p.risk] = n
				order = append(order, p)
			}
			if !slices.Contains(n.keys, t.Key) {
				n.keys = append(n.keys, t.Key)
			}
			s, ok := t.statusOf()
			switch {
			case !ok:
				n.unknown = true
				res.Unknown = append(res.Unknown, Unknown{Where: t.Where, Key: t.Key, Status: statusText(t)})
			case !n.known || statusRank[s] < statusRank[n.status]:
				n.status, n.known = s, true
			}
		}
		if !labelled {
			res.Unlabelled++
		}
	}
	if len(strays) > 0 {
		return Result{}, fmt.Errorf("%s %s no risk of this session; nothing was written", strings.Join(strays, ", "), plural(len(strays), "names", "name"))
	}
	changedFlow := map[int]bool{}
	for _, p := range order {
		n, r := want[p.risk], p.risk
		c := Change{Risk: r.ID, Title: r.Title, OldTicket: r.Ticket, NewTicket: strings.Join(n.keys, ", "), OldStatus: r.Status, NewStatus: r.Status}
		switch {
		case n.unknown:
			c.Kept = "a status not known"
		case r.Status == model.RiskAccepted && n.status != model.RiskAccepted:
			c.Kept = "the room accepted it"
		case n.known && statusOrOpen(r.Status) != n.status:
			c.NewStatus = n.status
		}
		if c.NewTicket == c.OldTicket && c.NewStatus == c.OldStatus {
			continue
		}
		r.Ticket, r.Status = c.NewTicket, c.NewStatus
		res.Changes = append(res.Changes, c)
		if p.flow < 0 {
			res.SessionRisks = true
		} else if !changedFlow[p.flow] {
			changedFlow[p.flow] = true
			res.Flows = append(res.Flows, p.flow)
		}
	}
	slices.Sort(res.Flows)
	return res, nil
}

// statusOrOpen reads an empty status as open, as the register does.
func statusOrOpen(s model.RiskStatus) model.RiskStatus {
	if s == "" {
		return model.RiskOpen
	}
	return s
}

func statusText(t *Ticket) string {
	switch {
	case t.Category != "" && t.Status != "":
		return t.Status + " (" + t.Category + ")"
	case t.Status == "":
		return t.Category
	}
	return t.Status
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
