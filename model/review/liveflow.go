package review

import (
	"slices"

	"github.com/archreview/archreview/model"
)

// readFlow reads flow i again: its header, answers and risks.
func (l *Live) readFlow(i int) {
	s, st, f := l.s, &l.flows[i], &l.s.d.Flows[i]
	was := *st
	s.domains[i] = normalDomain(f.Domain)
	l.readHeader(i)
	if st.domain != was.domain {
		l.moveMember(i, was.domain, st.domain)
	}
	if st.name != was.name || st.domain != was.domain || st.source != was.source {
		l.dirty.domains[was.domain] = true
		l.dirty.domains[st.domain] = true
	}
	if st.name != was.name {
		l.dirty.questions = true
	}
	if st.name != was.name || st.domain != was.domain || st.from != was.from || st.to != was.to || st.via != was.via {
		l.dirty.session = true
	}
	l.sum.Patterns[i] = s.pattern(i)
	l.sum.Ownership[i] = s.ownershipRow(i)
	if done := stepsDone(f); done != st.done {
		l.sum.Progress.count(st.done, -1)
		l.sum.Progress.count(done, 1)
		st.done = done
	}
	l.readCoverage(i, coverageOf(f))
	l.readGaps(i)
	st.own = nil
	one := model.Document{Flows: s.d.Flows[i : i+1]}
	for _, p := range CredentialPlaces(&one, l.isCredential) {
		p.Flow = i
		st.own = appendLabel(st.own, s.placeLabel(p))
	}
	l.relabel(i)
	st.keys = l.updateRisks(i, f.Failure.Risks, st.keys)
	l.readTargetFlow(i)
	l.checkFlow(i)
}

// moveMember moves flow i from one domain's flows to another's.
func (l *Live) moveMember(i int, from, to string) {
	if from != "" {
		m := l.members[from]
		if j, ok := slices.BinarySearch(m, i); ok {
			m = slices.Delete(m, j, j+1)
		}
		if len(m) == 0 {
			delete(l.members, from)
		} else {
			l.members[from] = m
		}
	}
	if to != "" {
		m := l.members[to]
		j, _ := slices.BinarySearch(m, i)
		l.members[to] = slices.Insert(m, j, i)
	}
}

// relabel sets flow i's credential places from its answers and its open
// questions.
func (l *Live) relabel(i int) {
	st := &l.flows[i]
	labels := slices.Clone(st.own)
	for _, label := range st.asked {
		labels = appendLabel(labels, label)
	}
	if slices.Equal(labels, l.s.credentials[i]) {
		return
	}
	if len(labels) == 0 {
		delete(l.s.credentials, i)
	} else {
		l.s.credentials[i] = labels
	}
	l.checkFlow(i)
}

// readCoverage counts flow i's answered coverage fields as m.
func (l *Live) readCoverage(i int, m coverMask) {
	st := &l.flows[i]
	was := st.cover
	if m == was {
		return
	}
	st.cover = m
	var fieldsChanged uint64
	for ci := range coverageFields {
		bit := coverMask(1) << ci
		switch {
		case m&bit != 0 && was&bit == 0:
			l.fieldFlows[ci]++
			if l.fieldFlows[ci] == 1 {
				fieldsChanged |= coverMask(bit).areas()
			}
		case m&bit == 0 && was&bit != 0:
			l.fieldFlows[ci]--
			if l.fieldFlows[ci] == 0 {
				fieldsChanged |= coverMask(bit).areas()
			}
		}
	}
	now, before := m.areas(), was.areas()
	for ai := range l.sum.Coverage {
		a, bit := &l.sum.Coverage[ai], uint64(1)<<ai
		if (now^before)&bit != 0 {
			fw := &l.areaFlows[ai]
			at := fw.before(i)
			if now&bit != 0 {
				a.Flows = slices.Insert(a.Flows, at, st.id)
				fw.set(i, 1)
			} else {
				a.Flows = slices.Delete(a.Flows, at, at+1)
				fw.set(i, 0)
			}
			a.count(len(l.flows))
		}
		if fieldsChanged&bit != 0 {
			a.Fields = appendAreaFields(a.Fields[:0], ai, func(ci int) bool { return l.fieldFlows[ci] > 0 })
		}
	}
}

// readGaps puts flow i's gaps in place of those it had.
func (l *Live) readGaps(i int) {
	gaps := l.s.appendGaps(nil, i)
	at := l.gapsAt.before(i)
	l.sum.Gaps = slices.Replace(l.sum.Gaps, at, at+l.gapsAt.value(i), gaps...)
	l.gapsAt.set(i, len(gaps))
}
