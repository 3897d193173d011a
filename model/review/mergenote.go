package review

import "github.com/archreview/archreview/model"

// NoteMerge is what a merge of theirs into ours brought in, as the session
// says it when it next opens (model.MergeNote): the records of merged only
// theirs had, those only ours had, by kind, and the conflicts left. A
// record one side deleted and the other left alone is gone from merged and
// is not noted.
func NoteMerge(ours, theirs, merged *model.Document) *model.MergeNote {
	note := &model.MergeNote{Conflicts: len(merged.Conflicts)}
	side := func(kind string, in func(d *model.Document) []string) {
		o, t := set(in(ours)), set(in(theirs))
		kept := set(in(merged))
		for _, id := range in(merged) {
			switch {
			case !kept[id]:
			case t[id] && !o[id]:
				note.Theirs.Add(kind, id)
			case o[id] && !t[id]:
				note.Ours.Add(kind, id)
			}
			delete(kept, id) // an id once
		}
	}
	side(model.NotedSystem, func(d *model.Document) []string {
		return ids(d.Systems, func(s *model.System) string { return s.ID })
	})
	side(model.NotedFlow, func(d *model.Document) []string {
		return ids(d.Flows, func(f *model.Flow) string { return f.ID })
	})
	side(model.NotedRisk, func(d *model.Document) []string {
		var out []string
		for i := range d.Flows {
			out = append(out, ids(d.Flows[i].Failure.Risks, func(r *model.Risk) string { return r.ID })...)
		}
		return append(out, ids(d.Risks, func(r *model.Risk) string { return r.ID })...)
	})
	side(model.NotedQuestion, func(d *model.Document) []string {
		return ids(d.OpenQuestions, func(q *model.OpenQuestion) string { return q.ID })
	})
	side(model.NotedDomain, func(d *model.Document) []string {
		return ids(d.Domains, func(dd *model.DomainDecision) string { return normalDomain(dd.Name) })
	})
	return note
}

func ids[T any](items []T, id func(*T) string) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = id(&items[i])
	}
	return out
}

func set(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}
