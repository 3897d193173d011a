package pack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
)

// Marshal writes the pack as a pack file, with what it extends folded in,
// so `archreview packs show ID > mine.yaml` starts a pack of one's own.
// Every text is a double-quoted scalar, which YAML reads back exactly.
func Marshal(p *Pack) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# The question pack %s, version %s, from %s", p.ID, quote(p.Version), quote(p.From))
	if p.Extends != "" {
		fmt.Fprintf(&b, "; what it extends (%s) is folded in", p.Extends)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "id: %s\nname: %s\nversion: %s\n", quote(p.ID), quote(p.Name), quote(p.Version))
	if p.Description != "" {
		fmt.Fprintf(&b, "description: %s\n", quote(p.Description))
	}
	if len(p.AppliesTo) > 0 {
		b.WriteString("applies_to:\n")
		for _, a := range p.AppliesTo {
			fmt.Fprintf(&b, "  - %s\n", quote(a))
		}
	}
	wroteSteps := false
	for _, s := range model.Steps {
		st := p.Steps[s]
		if len(st.Questions)+len(st.Domains)+len(st.Risks) == 0 {
			continue
		}
		if !wroteSteps {
			b.WriteString("steps:\n")
			wroteSteps = true
		}
		fmt.Fprintf(&b, "  %s:\n", s)
		list(&b, "    ", "questions", st.Questions)
		if len(st.Domains) > 0 {
			b.WriteString("    domains:\n")
			for _, d := range sortedDomains(st.Domains) {
				list(&b, "      ", d, st.Domains[d])
			}
		}
		if len(st.Risks) > 0 {
			b.WriteString("    risks:\n")
			for _, r := range st.Risks {
				fmt.Fprintf(&b, "      - title: %s\n        impact: %d\n        likelihood: %d\n", quote(r.Title), r.Impact, r.Likelihood)
			}
		}
	}
	if len(p.Rules) > 0 {
		b.WriteString("rules:\n")
		for _, id := range RuleIDs() {
			r, ok := p.Rules[id]
			if !ok {
				continue
			}
			fmt.Fprintf(&b, "  %s:", id)
			if r == (model.RuleSetting{}) {
				b.WriteString(" {}\n")
				continue
			}
			b.WriteString("\n")
			if r.Disabled {
				b.WriteString("    disabled: true\n")
			}
			if r.Impact != 0 {
				fmt.Fprintf(&b, "    impact: %d\n", r.Impact)
			}
			if r.Likelihood != 0 {
				fmt.Fprintf(&b, "    likelihood: %d\n", r.Likelihood)
			}
		}
	}
	return b.Bytes()
}

// list writes questions: a question asked of every flow as its text, as
// packs have always written it; one asked of some flows as text: and
// applies_to:.
func list(b *bytes.Buffer, indent, key string, items []Question) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "%s%s:\n", indent, key)
	for _, q := range items {
		if q.AppliesTo.IsZero() {
			fmt.Fprintf(b, "%s  - %s\n", indent, quote(q.Text))
			continue
		}
		fmt.Fprintf(b, "%s  - text: %s\n%s    applies_to: {", indent, quote(q.Text), indent)
		sep := ""
		for _, l := range []struct {
			key    string
			values []string
		}{{"kinds", q.AppliesTo.Kinds}, {"patterns", q.AppliesTo.Patterns}, {"domains", q.AppliesTo.Domains}} {
			if len(l.values) == 0 {
				continue
			}
			quoted := make([]string, len(l.values))
			for i, v := range l.values {
				quoted[i] = quote(v)
			}
			fmt.Fprintf(b, "%s%s: [%s]", sep, l.key, strings.Join(quoted, ", "))
			sep = ", "
		}
		b.WriteString("}\n")
	}
}

// sortedDomains lists a step's domains in the order Domains gives them.
func sortedDomains(m map[string][]Question) []string {
	var out []string
	for _, d := range Domains() {
		if _, ok := m[d]; ok {
			out = append(out, d)
		}
	}
	return slices.Clip(out)
}

// quote is a JSON string, which is also a YAML double-quoted scalar.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic("pack: " + err.Error()) // unreachable: a string always encodes
	}
	return string(bytes.TrimRight(b.Bytes(), "\n"))
}
