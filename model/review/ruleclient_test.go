package review

import (
	"strings"
	"testing"
)

// Every rule has a plain title and one sentence for a client, and neither
// names a rule's id or a setting's name; no words are left for a rule that
// is gone.
func TestEveryRuleHasClientWords(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules {
		ids[r.ID] = true
	}
	for _, r := range Rules {
		w, ok := WordsOf(r.ID)
		if !ok {
			t.Errorf("rule %s has no client words", r.ID)
			continue
		}
		if w.Title == "" || strings.ContainsAny(w.Title, ".:") || strings.ToUpper(w.Title[:1]) != w.Title[:1] {
			t.Errorf("rule %s's title %q is not a plain title (a capital first, no full stop)", r.ID, w.Title)
		}
		body, ended := strings.CutSuffix(w.Sentence, ".")
		if !ended || strings.Contains(body, ". ") || strings.ToUpper(w.Sentence[:1]) != w.Sentence[:1] {
			t.Errorf("rule %s's client words %q are not one sentence", r.ID, w.Sentence)
		}
		for id := range ids {
			if strings.Contains(w.Title, id) || strings.Contains(w.Sentence, id) {
				t.Errorf("rule %s's client words name the rule %s", r.ID, id)
			}
		}
		if strings.Contains(w.Title+w.Sentence, "_") {
			t.Errorf("rule %s's client words hold a setting's or field's name: %q", r.ID, w.Title+" "+w.Sentence)
		}
	}
	for id := range ruleWords {
		if !ids[id] {
			t.Errorf("client words for %s, which is no rule", id)
		}
	}
	if _, ok := WordsOf("NO_SUCH_RULE"); ok {
		t.Error("WordsOf found words for a rule that does not exist")
	}
}
