package review

import "strings"

// TrackerLabelPrefix starts the label every tracker format gives a risk's
// ticket; the risk's id follows.
const TrackerLabelPrefix = "ar-"

// TrackerLabel is the label that ties a ticket to its risk in every tracker
// format (Jira CSV, plain CSV, workbook), and what a tracker's export is
// matched back by.
func TrackerLabel(riskID string) string { return TrackerLabelPrefix + riskID }

// RiskOfLabel is the risk id a tracker label names, if it is one of ours;
// trackers may change a label's case, so the prefix is matched in any case.
func RiskOfLabel(label string) (string, bool) {
	label = strings.TrimSpace(label)
	if len(label) <= len(TrackerLabelPrefix) || !strings.EqualFold(label[:len(TrackerLabelPrefix)], TrackerLabelPrefix) {
		return "", false
	}
	return label[len(TrackerLabelPrefix):], true
}
