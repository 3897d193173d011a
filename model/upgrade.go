package model

import "strings"

// UpgradeV1 brings an archreview/v1 or v2 document to the current schema
// (v2 lacks only the provenance envelope, which stays empty, and the
// business case's amounts). Version 1 had only free text for retries and
// monitoring; the rules now read the levels, so each flow's level is read
// from its text where the text says it plainly, and left unanswered (a
// gap, never a finding) where it does not. Likewise a v1 or v2 answer on
// the cost of downtime that says plainly an amount an hour fills the
// flow's downtime cost per hour (DowntimeCostFromText), and names the
// session's currency if the session has none; the text stays as it was.
// A document already at the current schema is left as it is.
func UpgradeV1(d *Document) {
	switch d.Schema {
	case SchemaV1:
		for i := range d.Flows {
			f := &d.Flows[i].Failure
			if f.RetryLevel == "" {
				f.RetryLevel = RetryLevelFromText(f.Retries)
			}
			if f.MonitoringLevel == "" {
				f.MonitoringLevel = MonitoringLevelFromText(f.Monitoring)
			}
		}
		fallthrough
	case SchemaV2:
		readDowntimeCosts(d)
		d.Schema = SchemaID
	}
}

// readDowntimeCosts fills each flow's downtime cost per hour from its
// answer in words where that says it plainly in the session's currency;
// the first currency named is the session's when it names none. An amount
// in another currency is left to the room, as is an amount already given.
func readDowntimeCosts(d *Document) {
	for i := range d.Flows {
		f := &d.Flows[i].Failure
		if f.DowntimeCostPerHour != 0 {
			continue
		}
		amount, currency, ok := DowntimeCostFromText(f.CostOfDowntime)
		if !ok {
			continue
		}
		if d.Session.Currency == "" {
			d.Session.Currency = currency
		}
		if currency == d.Session.Currency {
			f.DowntimeCostPerHour = amount
		}
	}
}

// What people say when there is nothing, or when nobody knows, folded to
// lower case. Each is matched as whole words at the start of the answer, so
// "none - found by customers complaining" says none, and "nonetheless" does
// not.
var (
	nothingOpenings = []string{"none", "nothing", "nil", "n/a", "na", "-", "--", "—", "not yet", "not really", "not at all"}
	unknownOpenings = []string{"unknown", "not sure", "don't know", "dont know", "do not know", "no idea", "nobody knows", "no one knows", "unclear", "?", "tbc", "tbd"}
)

// Phrases anywhere in a monitoring answer that mean nobody is alerted.
var unmonitoredPhrases = []string{
	"no alert", "no monitoring", "not monitored", "no one is alerted", "nobody is alerted", "nobody notices", "no one notices",
	"customers tell us", "customers complain", "customer complaints", "customers call", "customers email",
	"found by customers", "when customers", "store staff tell us", "stores tell us", "we find out when",
	"manual check", "manually checked", "someone checks", "eyeball",
}

// Phrases anywhere in a retry answer that mean a failed transfer is lost.
var unretriedPhrases = []string{"no retry", "no retries", "not retried", "never retried", "does not retry", "doesn't retry", "is lost", "are lost", "gets lost", "get lost", "dropped"}

// MonitoringLevelFromText reads a v1 monitoring answer as a level: none when
// it says nobody is alerted, unknown when nobody knows, otherwise the level
// its words name, or "" when it names none plainly.
func MonitoringLevelFromText(text string) MonitoringLevel {
	t := foldAnswer(text)
	switch {
	case t == "":
		return ""
	case opensWith(t, unknownOpenings):
		return MonitorUnknown
	case t == "no" || opensWith(t, nothingOpenings) || containsAny(t, unmonitoredPhrases):
		return MonitorNone
	case containsAny(t, []string{"shared inbox", "shared mailbox", "distribution list", "team inbox", "slack channel", "teams channel", "group email"}):
		return MonitorSharedInbox
	case containsAny(t, []string{"pagerduty", "opsgenie", "on-call", "on call", "pager", "paged"}):
		return MonitorNamedOwner
	case containsAny(t, []string{"dashboard", "grafana", "kibana", "datadog"}) && !strings.Contains(t, "alert"):
		return MonitorDashboard
	}
	return ""
}

// RetryLevelFromText reads a v1 retries answer as a level, as
// MonitoringLevelFromText reads monitoring.
func RetryLevelFromText(text string) RetryLevel {
	t := foldAnswer(text)
	switch {
	case t == "":
		return ""
	case opensWith(t, unknownOpenings):
		return RetryUnknown
	case t == "no" || opensWith(t, nothingOpenings) || containsAny(t, unretriedPhrases):
		return RetryNone
	case containsAny(t, []string{"dead letter", "dead-letter", "dlq", "parked", "error queue", "poison queue"}):
		return RetryDeadLetter
	case containsAny(t, []string{"re-run by hand", "rerun by hand", "re-sent by hand", "resend by hand", "manually", "by hand", "manual replay", "manual re"}):
		return RetryManualReplay
	case containsAny(t, []string{"retry", "retries", "retried", "backoff", "back-off"}):
		return RetryAutomatic
	}
	return ""
}

func foldAnswer(s string) string {
	return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), ".!")
}

// opensWith reports whether t starts with one of the openings as a whole
// word: followed by nothing, a space or punctuation.
func opensWith(t string, openings []string) bool {
	for _, o := range openings {
		rest, ok := strings.CutPrefix(t, o)
		if !ok {
			continue
		}
		if rest == "" || strings.ContainsRune(" ,;:-–—.(/!", []rune(rest)[0]) {
			return true
		}
	}
	return false
}

func containsAny(t string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}
