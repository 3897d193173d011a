package review

// What a client reads of the review's rules. A rule's id and its
// FiresWhen are the review team's words; the pack a client is handed names
// a rule by its plain title and says in one sentence what it guards
// against, in business terms. A test holds every rule of Rules to having
// both.

// RuleWords are a rule as a client reads it: a plain title and one
// sentence on what it looks for and why it matters.
type RuleWords struct {
	Title    string
	Sentence string
}

// ruleWords are every rule's client words, by rule id.
var ruleWords = map[string]RuleWords{
	RuleSOTConflict: {"Two systems claim the same data",
		"When two systems each hold the master copy of the same data, they overwrite each other and nobody can say which figure is right."},
	RuleSOTMissing: {"Nobody owns the data",
		"When no system is named as the master of a core kind of data, every team trusts its own copy and the copies drift apart."},
	RuleLastWriterWins: {"The last update silently wins",
		"When several systems write the same records and the latest write simply wins, a correct change can be lost without anyone noticing."},
	RuleNoIdempotency: {"A retry can do the work twice",
		"When a message sent again is processed again, a retry creates a second order, payment or refund."},
	RuleStaleInventory: {"Stock figures arrive late where customers buy",
		"When stock reaches a shop or marketplace in batches, customers can buy items that are already gone."},
	RuleNoMonitoring: {"Failures go unnoticed",
		"When nobody is alerted that a flow failed, the problem is found by customers or in the books days later."},
	RuleNoRetry: {"Failed messages are not sent again",
		"When a flow does not retry after a failure, a short outage turns into lost data that someone must rebuild by hand."},
	RuleNoOwner: {"Nobody owns the flow",
		"When no one is named as a flow's owner, its failures and changes land with whoever happens to notice."},
	RuleManualCritical: {"Money or stock moves by hand",
		"When orders, prices, stock or payments travel by file or by a person, a late or mistyped step costs money directly."},
	RuleSourceNotMaster: {"Data sent from the wrong system",
		"When a flow takes its data from a system that is not the master, it spreads copies that may already be out of date."},
	RuleSecretInNotes: {"A password written down in the notes",
		"When a credential is written into the review's notes, anyone with the document can use it; the pack hides it, but it should be changed."},
	RuleDuplicateRisk: {"The same risk raised twice",
		"When two rooms name the same failure in different words, the register counts it twice until the two are merged."},
}

// WordsOf is a rule's client words; ok is false for an id no rule has.
func WordsOf(rule string) (w RuleWords, ok bool) {
	w, ok = ruleWords[rule]
	return w, ok
}
