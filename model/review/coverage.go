package review

import (
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
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

// coverageAreas are, for each coverage field, the indices in model.Areas of
// the areas it counts towards.
var coverageAreas = func() [][]int {
	index := make(map[model.Area]int, len(model.Areas))
	for i, a := range model.Areas {
		index[a.ID] = i
	}
	out := make([][]int, len(coverageFields))
	for ci, cf := range coverageFields {
		for _, a := range cf.areas {
			if ai, ok := index[a]; ok {
				out[ci] = append(out[ci], ai)
			}
		}
	}
	if len(coverageFields) > 64 {
		panic("review: more coverage fields than a coverMask holds") // unreachable: the step tables have a few dozen fields
	}
	return out
}()

// coverMask is the coverage fields a flow answered, a bit each by index in
// coverageFields.
type coverMask uint64

func coverageOf(f *model.Flow) coverMask {
	var m coverMask
	for ci, cf := range coverageFields {
		if answered(f, cf.step, cf.key) {
			m |= 1 << ci
		}
	}
	return m
}

// areas is the areas (bits by index in model.Areas) the answered fields
// count towards.
func (m coverMask) areas() uint64 {
	var out uint64
	for ci := range coverageFields {
		if m&(1<<ci) != 0 {
			for _, ai := range coverageAreas[ci] {
				out |= 1 << ai
			}
		}
	}
	return out
}

func (s *summarizer) coverage() []AreaCoverage {
	out := make([]AreaCoverage, len(model.Areas))
	for i, a := range model.Areas {
		out[i] = AreaCoverage{Area: a.ID, Title: a.Title, Fields: []string{}, Flows: []string{}}
	}
	var seen coverMask
	for fi := range s.d.Flows {
		m := coverageOf(&s.d.Flows[fi])
		seen |= m
		areas := m.areas()
		for ai := range out {
			if areas&(1<<ai) != 0 {
				out[ai].Flows = append(out[ai].Flows, s.d.Flows[fi].ID)
			}
		}
	}
	for ai := range out {
		out[ai].Fields = appendAreaFields(out[ai].Fields, ai, func(ci int) bool { return seen&(1<<ci) != 0 })
		out[ai].count(len(s.d.Flows))
	}
	return out
}

// appendAreaFields appends the names of the fields of area ai that some
// flow answered, in coverageFields order.
func appendAreaFields(names []string, ai int, answered func(ci int) bool) []string {
	for ci, areas := range coverageAreas {
		if slices.Contains(areas, ai) && answered(ci) {
			names = append(names, coverageFields[ci].name)
		}
	}
	return names
}

// count sets the area's counts and state from its flows, of total.
func (a *AreaCoverage) count(total int) {
	a.Answered, a.Total = len(a.Flows), total
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
		out = s.appendGaps(out, i)
	}
	return out
}

// appendGaps appends flow i's gaps, in step and field order.
func (s *summarizer) appendGaps(out []Gap, i int) []Gap {
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
	return out
}
