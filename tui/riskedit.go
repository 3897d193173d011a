package tui

import "github.com/archreview/archreview/model"

// riskEdits is what setting a field of a risk to value means: the fields to
// write, or why the value is refused. An impact proposes the flags its level
// means; a flag that contradicts the impact is refused with the impact that
// would fit (model.ImpactFlagProblem), so the register never reads
// "revenue-critical, not visible" beside "customer-visible: yes".
func riskEdits(r model.Risk, key, value string) (edits [][2]string, problem string) {
	switch key {
	case "impact":
		revenue, customers := model.ImpactFlags(model.ParseScore(value))
		return [][2]string{{"impact", value}, {"revenue_critical", yesNo(revenue)}, {"customer_visible", yesNo(customers)}}, ""
	case "revenue_critical", "customer_visible":
		probe := r
		probe.Set(key, value)
		on := probe.Get(key) == "yes"
		if p := model.ImpactFlagProblem(r.Impact, key, on); p != "" {
			return nil, p
		}
	case "slice":
		if f, ok := model.FieldByKey(model.RiskFields, key); ok {
			if p := model.NumberProblem(f, value); p != "" {
				return nil, p
			}
		}
	}
	return [][2]string{{key, value}}, ""
}

// applyRiskEdit runs a change of the form's risk field through riskEdits:
// write is handed each field to store, and the form shows what was
// written, or keeps the value it had and says why.
func applyRiskEdit(f *form, r model.Risk, key, value string, write func(key, value string)) {
	edits, problem := riskEdits(r, key, value)
	if problem != "" {
		f.setValue(key, r.Get(key))
		f.err = problem
		return
	}
	f.err = ""
	for _, e := range edits {
		f.setValue(e[0], e[1])
		write(e[0], e[1])
	}
}
