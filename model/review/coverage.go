package review

import (
	"strings"

	"archreview/model"
)

// coverageField is one answer that counts towards inspection areas.
type coverageField struct {
	step  model.Step
	key   string
	name  string // "contract.transport"
	areas []model.Area
}

// coverageFields are the step fields mapped to areas, plus the flow's via.
var coverageFields = func() []coverageField {
	var out []coverageField
	for _, st := range model.Steps {
		for _, f := range model.StepFields(st) {
			if len(f.Areas) > 0 {
				out = append(out, coverageField{st, f.Key, st.String() + "." + f.Key, f.Areas})
			}
		}
	}
	for _, f := range model.FlowFields {
		if len(f.Areas) > 0 {
			out = append(out, coverageField{-1, f.Key, "flow." + f.Key, f.Areas})
		}
	}
	return out
}()

func (s *summarizer) coverage() []AreaCoverage {
	index := make(map[model.Area]int, len(model.Areas))
	out := make([]AreaCoverage, len(model.Areas))
	for i, a := range model.Areas {
		index[a.ID] = i
		out[i] = AreaCoverage{Area: a.ID, Title: a.Title, Fields: []string{}, Flows: []string{}}
	}
	fieldSeen := make([][]bool, len(model.Areas))
	for i := range fieldSeen {
		fieldSeen[i] = make([]bool, len(coverageFields))
	}
	lastFlow := make([]int, len(model.Areas))
	for i := range lastFlow {
		lastFlow[i] = -1
	}
	for fi := range s.d.Flows {
		f := &s.d.Flows[fi]
		for ci, cf := range coverageFields {
			if !answered(f, cf.step, cf.key) {
				continue
			}
			for _, a := range cf.areas {
				ai, ok := index[a]
				if !ok {
					continue
				}
				fieldSeen[ai][ci] = true
				if lastFlow[ai] != fi {
					lastFlow[ai] = fi
					out[ai].Flows = append(out[ai].Flows, f.ID)
				}
			}
		}
	}
	for ai := range out {
		for ci, seen := range fieldSeen[ai] {
			if seen {
				out[ai].Fields = append(out[ai].Fields, coverageFields[ci].name)
			}
		}
		a := &out[ai]
		a.Answered, a.Total = len(a.Flows), len(s.d.Flows)
		a.Touched = a.Answered > 0
		switch {
		case a.Answered == 0:
			a.State = CoverageUntouched
		case 2*a.Answered < a.Total:
			a.State = CoverageThin
		default:
			a.State = CoverageCovered
		}
	}
	return out
}

// answered reports whether a field of a flow has a non-blank answer; step -1
// means the flow's own fields.
func answered(f *model.Flow, st model.Step, key string) bool {
	switch {
	case st < 0:
		return strings.TrimSpace(f.GetHeader(key)) != ""
	case st == model.StepSource && key == "other_writers":
		return len(f.Source.OtherWriters) > 0
	}
	return strings.TrimSpace(f.Get(st, key)) != ""
}

func (s *summarizer) gaps() []Gap {
	out := make([]Gap, 0, 2*len(s.d.Flows))
	for i := range s.d.Flows {
		f := &s.d.Flows[i]
		for _, st := range model.Steps {
			if !f.StepDone(st) {
				out = append(out, Gap{Flow: f.ID, FlowName: s.flowName(i), Step: st.String(), Label: st.Title() + " step not marked done"})
			}
			for _, fd := range model.StepFields(st) {
				if fd.Required && !answered(f, st, fd.Key) {
					out = append(out, Gap{Flow: f.ID, FlowName: s.flowName(i), Step: st.String(), Field: fd.Key, Label: fd.Label})
				}
			}
		}
	}
	return out
}
