package model

// Questions is the bank of guiding questions the facilitator reads from, per
// step. They are written to be asked out loud to the people who run the
// systems, and to surface what nobody wrote down.
var Questions = map[Step][]string{
	StepSource: {
		"Which system is the master for this data today, the one whose record you would trust in a dispute?",
		"If two systems disagree about this record, which one wins today? Who decided that?",
		"Who else writes to it: store staff, customer service, a marketplace, a spreadsheet upload?",
		"How do you match a record across systems: SKU, order number, email? Where does that break?",
		"What do people clean up by hand every week, and who does it?",
	},
	StepContract: {
		"Why is this real-time, batch or file today: a decision, or how it happened to be built?",
		"What triggers a send, and how stale can the receiving side afford to be?",
		"Where is the payload contract written down, and what happens when a field is added?",
		"Who owns the field mappings, and where do they live: iPaaS, code, a spreadsheet?",
		"What are the API rate limits on both ends, and what happens on peak day when you hit them?",
		"If the same message arrives twice, what happens: a duplicate order, or nothing?",
		"How do sandbox and production differ, and where do the credentials live and who rotates them?",
	},
	StepFailure: {
		"If this flow stopped silently at 9 pm Friday, when would someone notice, and who?",
		"What retries today, how many times, and what happens to a message that never succeeds?",
		"Is there a dead-letter queue or an error log someone actually reads? Can you replay from it?",
		"What was the last incident on this flow, and how was it found?",
		"What does the customer see when this fails, and what does it cost per hour?",
	},
	StepOwner: {
		"Who is the one named person or team accountable for this flow end to end?",
		"Who gets paged when it fails, and who can safely replay or fix the data?",
		"Which dashboard shows this flow's health, and who looks at it?",
		"Is there a runbook, and could someone new follow it at 2 am?",
		"Who signs off a release that changes either end, and how is the handoff to support done?",
		"What is the support model: hours, tiers, vendor SLAs, escalation path?",
	},
}

// RiskPrompts help the room find risks during the failure step.
var RiskPrompts = []string{
	"What happens on peak day: Black Friday volume, a flash sale, a price change across the catalogue?",
	"What happens if one side is down for an hour and comes back?",
}
