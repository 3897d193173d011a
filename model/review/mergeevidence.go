package review

import "strings"

// evidenceLists are the lists of links, by shape. They merge as sets of
// links, like the lists of names: a link either copy added is in, one
// either removed is out; so a fingerprint, which hashes every link, merges
// them as well as a full base does. A link whose label the two copies
// changed differently would then be there twice; oneLinkPerURL keeps
// ours and makes it a conflict.
var evidenceLists = map[string]bool{
	"flows[].source.evidence":          true,
	"flows[].contract.evidence":        true,
	"flows[].failure.evidence":         true,
	"flows[].owner.evidence":           true,
	"flows[].failure.risks[].evidence": true,
	"risks[].evidence":                 true,
	"open_questions[].evidence":        true,
	"domains[].evidence":               true,
}

// oneLinkPerURL drops the second of two merged links to one address, and
// records the two copies' lists as a conflict at path when it does.
func (m *merger) oneLinkPerURL(path string, merged []any, base, ours, theirs any, hasBase bool) []any {
	seen := map[string]bool{}
	out := merged[:0:0]
	for _, v := range merged {
		u := ""
		if link, ok := v.(map[string]any); ok {
			u, _ = link["url"].(string)
		}
		u = strings.TrimSpace(u)
		if seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, v)
	}
	if len(out) < len(merged) {
		m.conflict(path, base, ours, theirs, hasBase)
	}
	return out
}
