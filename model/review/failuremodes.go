package review

import "unicode"

// FailureMode is one way an integration fails, with the phrasings rooms use
// for it. Two rooms rarely log a failure in the same words ("DLQ not
// watched", "failed messages never replayed"); they do name the same
// failure, and DUPLICATE_RISK matches risks on that, not on shared words.
type FailureMode struct {
	ID string
	// Name says the failure as a finding's message does: "failed
	// messages parked in a dead-letter queue and never replayed".
	Name string
	// Symptom marks what many different failures look like (nobody
	// notices, nothing retries): two risks match on a symptom only when
	// neither names a more definite failure and their flows move the same
	// domain.
	Symptom bool
	// InTransit marks a failure of what carries the messages: a flow's
	// middleware (its via), or its two ends when it has none. Any other
	// failure can be of any system the flow touches.
	InTransit bool
	// Phrasings are matched at the start of a word, case and punctuation
	// aside: "retr" in "no retr" matches "no retry" and "no retries".
	Phrasings []string
}

// FailureModes are the failures DUPLICATE_RISK knows, each with its
// phrasings: the one place to add a failure or a way of saying one.
var FailureModes = []FailureMode{
	{ID: "dead-letter", Name: "failed messages parked in a dead-letter queue and never replayed", InTransit: true,
		Phrasings: []string{"dead letter", "deadletter", "dlq", "error queue", "failed queue", "poison message", "parked",
			"failed message", "failed record", "failed event", "never replayed", "not replayed", "never reprocessed",
			"not reprocessed", "never re-sent", "nobody replays", "no one replays", "stuck in", "stuck messages", "messages stuck"}},
	{ID: "replay-duplicates", Name: "a retry, rerun or replay creating duplicates",
		Phrasings: []string{"duplicate", "double order", "double post", "double book", "posted twice", "created twice",
			"sent twice", "charged twice", "refunded twice", "idempoten", "replay creates", "rerun creates", "re-run creates"}},
	{ID: "stale-stock", Name: "stale stock figures that oversell",
		Phrasings: []string{"stale stock", "stale inventory", "stale stock level", "oversell", "over-sell", "over sell",
			"out of date stock", "stock out of date", "stock is stale", "stock lag", "phantom stock", "sells stock"}},
	{ID: "rate-limit", Name: "an API's rate limit or throttling",
		Phrasings: []string{"rate limit", "rate-limit", "throttl", "429", "too many requests", "api limit", "api quota", "quota"}},
	{ID: "credential-expiry", Name: "an expired or revoked credential",
		Phrasings: []string{"token expir", "expired token", "expiring token", "token refresh", "credential expir",
			"credentials expir", "expired credential", "revoked", "certificate expir", "cert expir", "expired cert",
			"password expir", "expired password", "password change", "api key expir", "api key rotat", "key rotation",
			"oauth", "auth fail", "authentication fail", "unauthori", "401", "secret expir", "expired secret", "login expir", "login fail"}},
	{ID: "mapping-change", Name: "a field or mapping change breaking the payload",
		Phrasings: []string{"mapping", "unmapped", "field change", "field renamed", "renamed field", "new field", "field added",
			"missing field", "field missing", "schema change", "payload change", "breaking change", "contract change"}},
	{ID: "outage", Name: "the system being down or timing out",
		Phrasings: []string{"outage", "downtime", "goes down", "is down", "unavailable", "timeout", "time out", "times out",
			"timed out", "unreachable", "offline"}},
	{ID: "manual-step", Name: "a manual step done late or wrong",
		Phrasings: []string{"manual", "by hand", "hand-keyed", "rekey", "re-key", "copy paste", "copy-paste", "spreadsheet", "excel"}},
	{ID: "not-retried", Name: "failures that are not retried", Symptom: true, InTransit: true,
		Phrasings: []string{"no retr", "not retr", "never retr", "without retr", "doesn't retr", "does not retr",
			"isn't retried", "no automatic retr", "no backoff", "lost until", "fire and forget"}},
	{ID: "unnoticed", Name: "failures nobody notices", Symptom: true, InTransit: true,
		Phrasings: []string{"no alert", "not alerted", "without alert", "nobody notic", "no one notic", "nobody knows",
			"no one knows", "unnoticed", "silent", "not watched", "unwatched", "nobody watches", "not monitored",
			"unmonitored", "no monitoring", "found days later", "found late", "discovered late", "days later",
			"customers complain", "customer complain", "until someone notic"}},
}

// Titles are matched against every phrasing at once, in one pass over
// the title: the phrasings, each with a space before it, make an
// Aho-Corasick automaton over folded characters (a-z, 0-9, a space for any
// run of other characters, and one class for letters beyond ASCII, which no
// phrasing has). The summary reads every risk's title whenever the answers
// change, so a title costs a step per character, not a search per phrasing.

const (
	classSpace = 36 // a run of characters that are not letters or digits
	classOther = 37 // a letter or digit beyond ASCII
	classes    = 38
)

// charClass folds a character for matching: 0-25 a-z, 26-35 0-9.
func charClass(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return int(r - 'a')
	case r >= 'A' && r <= 'Z':
		return int(r - 'A')
	case r >= '0' && r <= '9':
		return 26 + int(r-'0')
	case r < 0x80:
		return classSpace
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return classOther
	}
	return classSpace
}

// modeAutomaton matches the phrasings of FailureModes: next is the
// transition table by state and class, found the modes (a bit each, by
// index) whose phrasings end at a state.
type modeAutomaton struct {
	next  [][classes]int32
	found []uint64
}

var failureMatcher = buildModeAutomaton(FailureModes)

func buildModeAutomaton(modes []FailureMode) *modeAutomaton {
	a := &modeAutomaton{next: make([][classes]int32, 1), found: make([]uint64, 1)}
	for mi, m := range modes {
		for _, p := range m.Phrasings {
			state, space := int32(0), false
			for _, r := range " " + p {
				c := charClass(r)
				if c == classSpace {
					if space {
						continue
					}
					space = true
				} else {
					space = false
				}
				if a.next[state][c] == 0 {
					a.next = append(a.next, [classes]int32{})
					a.found = append(a.found, 0)
					a.next[state][c] = int32(len(a.next) - 1)
				}
				state = a.next[state][c]
			}
			a.found[state] |= 1 << mi
		}
	}
	// Breadth first, each state's missing transitions become those of its
	// longest proper suffix that is a state, and it finds what that finds.
	fail := make([]int32, len(a.next))
	queue := []int32{}
	for c := range classes {
		if s := a.next[0][c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.found[s] |= a.found[fail[s]]
		for c := range classes {
			t := a.next[s][c]
			if t == 0 {
				a.next[s][c] = a.next[fail[s]][c]
				continue
			}
			fail[t] = a.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	return a
}

// match is the modes whose phrasings a text holds, as bits by index.
func (a *modeAutomaton) match(text string) uint64 {
	state := a.next[0][classSpace]
	found := a.found[state]
	space := true
	for _, r := range text {
		c := charClass(r)
		if c == classSpace {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		state = a.next[state][c]
		found |= a.found[state]
	}
	return found
}

// failuresOf lists the failure modes a risk's title names: the definite
// ones if it names any, else its symptoms.
func failuresOf(title string) []*FailureMode {
	found := failureMatcher.match(title)
	if found == 0 {
		return nil
	}
	var definite, symptoms []*FailureMode
	for i := range FailureModes {
		if found&(1<<i) == 0 {
			continue
		}
		if FailureModes[i].Symptom {
			symptoms = append(symptoms, &FailureModes[i])
		} else {
			definite = append(definite, &FailureModes[i])
		}
	}
	if len(definite) > 0 {
		return definite
	}
	return symptoms
}
