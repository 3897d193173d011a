package tui

import (
	"strings"

	"github.com/archreview/archreview/model"
)

// What a field offers to choose from, and how a stored answer reads to
// people: the options an editor lists and the names shown for ids.

// choiceOptions lists the choices of an enumeration field, with "not
// answered" first so an answer can be taken back.
func choiceOptions(f model.Field) []option {
	switch f.Kind {
	case model.FieldBool:
		return []option{{value: "no", label: "no"}, {value: "yes", label: "yes"}}
	case model.FieldChoice:
		var out []option
		if !strings.HasPrefix(f.Choices[0].Value, "1") && !f.Open {
			out = append(out, option{value: "", label: "not answered"})
		}
		for _, c := range f.Choices {
			out = append(out, option{value: c.Value, label: c.Value, meaning: c.Meaning})
		}
		if f.Open {
			out = append(out, option{label: "+ another…", create: true})
		}
		return out
	}
	return nil
}

// systemOptions lists the session's systems, with "none" for optional
// fields, unknown where the room may not know (asked, and nobody could
// say), and a last entry to create a system on the spot.
func systemOptions(doc *model.Document, f model.Field) []option {
	var out []option
	if f.Kind == model.FieldSystem && !f.Required {
		out = append(out, option{value: "", label: "none"})
	}
	for _, s := range doc.Systems {
		out = append(out, option{value: s.ID, label: s.Name, meaning: string(s.Kind)})
	}
	if f.Unknown {
		out = append(out, option{value: model.UnknownSystem, label: model.UnknownSystem, meaning: model.UnknownSystemMeaning})
	}
	return append(out, option{label: "+ new system…", create: true})
}

// domainOptions lists the core domains, the known ones (payment, shipment,
// returns), every other domain the session already uses, then "another…".
func domainOptions(doc *model.Document, f model.Field) []option {
	out := choiceOptions(f)
	another := out[len(out)-1]
	out = out[:len(out)-1]
	have := map[string]bool{}
	for _, o := range out {
		have[o.value] = true
	}
	add := func(value, meaning string) {
		if value != "" && !have[value] {
			have[value] = true
			out = append(out, option{value: value, label: value, meaning: meaning})
		}
	}
	for _, c := range model.KnownDomainChoices {
		add(c.Value, c.Meaning)
	}
	if doc != nil {
		for i := range doc.Flows {
			add(doc.Flows[i].Domain, "used in this session")
		}
	}
	return append(out, another)
}

// optionsFor gives the choices an editor of the field needs.
func optionsFor(doc *model.Document, f model.Field) []option {
	switch {
	case f.Kind == model.FieldSystem, f.Kind == model.FieldSystems:
		return systemOptions(doc, f)
	case f.Key == "domain" && f.Open:
		return domainOptions(doc, f)
	case f.Key == "pack":
		return packOptions(f)
	case f.Key == "target":
		return targetOptions(doc, f)
	}
	return choiceOptions(f)
}

// targetOptions lists what may become of a system, "not decided" first and
// a replacement by each system the field offers (systemFields) by name.
func targetOptions(doc *model.Document, f model.Field) []option {
	out := []option{{value: "", label: "not decided", meaning: "stays on the target map as it is"}}
	for _, c := range f.Choices {
		out = append(out, option{value: c.Value, label: doc.TargetWords(model.TargetOfChoice(c.Value)), meaning: c.Meaning})
	}
	return out
}

// displayValue shows a stored answer on one line for people: system names
// instead of ids, a choice with its meaning.
func displayValue(doc *model.Document, f model.Field, value string) string {
	if f.Key == "target" && value != "" {
		t := model.TargetOfChoice(value)
		for _, c := range model.TargetActionChoices {
			if c.Value == string(t.Action) {
				return doc.TargetWords(t) + " — " + c.Meaning
			}
		}
		return doc.TargetWords(t)
	}
	switch f.Kind {
	case model.FieldSystem:
		switch value {
		case "":
			return ""
		case model.UnknownSystem:
			return model.UnknownSystem + " — " + model.UnknownSystemMeaning
		}
		return doc.SystemName(value)
	case model.FieldSystems:
		var names []string
		for _, id := range model.SplitIDs(value) {
			names = append(names, doc.SystemName(id))
		}
		return strings.Join(names, ", ")
	case model.FieldChoice:
		for _, c := range f.Choices {
			if c.Value == value && value != "" {
				return c.Value + " — " + c.Meaning
			}
		}
	}
	return value
}
