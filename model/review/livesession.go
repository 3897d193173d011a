package review

import (
	"slices"

	"github.com/archreview/archreview/model"
)

// readDecided reads again what the room decided for the session as a
// whole: domain decisions, the session's own risks, triage.
func (l *Live) readDecided() {
	d := l.s.d
	now := map[string]model.DomainDecision{}
	for dom, dd := range firstDecisions(d) {
		now[dom] = *dd
	}
	for dom, dd := range now {
		if was, ok := l.decisions[dom]; !ok || !was.Equal(dd) {
			l.dirty.domains[dom] = true
		}
	}
	for dom := range l.decisions {
		if _, ok := now[dom]; !ok {
			l.dirty.domains[dom] = true
		}
	}
	l.decisions = now
	l.sessionKeys = l.updateRisks(len(d.Flows), d.Risks, l.sessionKeys)
	dismissed := dismissedFindings(d)
	if l.diffKeys(l.s.dismissed, dismissed) {
		l.dirty.session = true
	}
	l.s.dismissed = dismissed
}

// diffKeys marks the finding keys whose value differs between two maps
// for their status to be set again, and reports whether any did.
func (l *Live) diffKeys(was, now map[string]string) bool {
	changed := false
	for k, v := range now {
		if w, ok := was[k]; !ok || w != v {
			l.dirty.statuses[k], changed = true, true
		}
	}
	for k := range was {
		if _, ok := now[k]; !ok {
			l.dirty.statuses[k], changed = true, true
		}
	}
	return changed
}

// readOtherPlaces finds again the credentials written outside the flows'
// own answers: in the session's details, systems, risks, decisions, triage
// and conflicts, and in the open questions, which count for the flow they
// are about.
func (l *Live) readOtherPlaces() {
	s := l.s
	others := *s.d
	others.Flows = nil
	asked := map[int][]string{}
	var session []string
	for _, p := range CredentialPlaces(&others, l.isCredential) {
		if p.Kind == model.PlaceQuestion {
			if fi, ok := l.at[s.d.OpenQuestions[p.Index].Flow]; ok {
				p.Flow = fi
				asked[fi] = appendLabel(asked[fi], s.placeLabel(p))
				continue
			}
		}
		session = appendLabel(session, s.placeLabel(p))
	}
	for i := range l.flows {
		if st := &l.flows[i]; len(st.asked) > 0 || len(asked[i]) > 0 {
			if !slices.Equal(st.asked, asked[i]) {
				st.asked = asked[i]
				l.relabel(i)
			}
		}
	}
	if !slices.Equal(session, s.credentials[-1]) {
		if len(session) == 0 {
			delete(s.credentials, -1)
		} else {
			s.credentials[-1] = session
		}
		l.dirty.session = true
	}
}

// refreshDomains builds the touched rows of the source-of-truth map again
// (all of them when a row comes or goes), and checks again the flows of
// any domain whose decided source changed.
func (l *Live) refreshDomains() {
	s, sum := l.s, l.sum
	doms := sotDomains(l.members, l.decisions)
	rows := sum.SourceOfTruth
	same := len(doms) == len(rows)
	for j := 0; same && j < len(doms); j++ {
		same = doms[j] == rows[j].Domain
	}
	changed := make([]bool, len(doms))
	if !same {
		rows = make([]DomainSource, len(doms))
	}
	for j, dom := range doms {
		if same && !l.dirty.domains[dom] {
			continue
		}
		var dd *model.DomainDecision
		if v, ok := l.decisions[dom]; ok {
			dd = &v
		}
		rows[j] = s.domainRow(dom, l.members[dom], dd)
		changed[j] = true
	}
	sum.SourceOfTruth, s.sot = rows, rows
	decided := decidedSources(rows)
	for dom, sys := range decided {
		if s.decided[dom] != sys {
			l.checkDomainFlows(dom)
		}
	}
	for dom := range s.decided {
		if _, ok := decided[dom]; !ok {
			l.checkDomainFlows(dom)
		}
	}
	s.decided = decided
	l.refreshDomainFindings(changed, !same)
}

func (l *Live) checkDomainFlows(dom string) {
	for _, i := range l.members[dom] {
		l.checkFlow(i)
	}
}
