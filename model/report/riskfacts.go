package report

import (
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// fact is one labelled line of what the register says about a risk.
type fact struct{ Label, Value string }

// facts are a risk's details in reading order; every format that shows a
// risk's detail (the CSV description, the Jira ticket, the packs' detail
// under the register, the workbook) takes them from here, so they say the
// same.
type facts []fact

// riskFacts lists what the register knows of an entry beyond its title: the
// flow, the score, the fix, the owner, the horizon and slice, where it came
// from and the finding behind it, and what is missing.
func riskFacts(sum *review.Summary, r *review.RegisterEntry) facts {
	fs := facts{
		{"ID", r.ID},
		{"Flow", where(r.FlowName, r.Domain) + domainSuffix(r)},
		{"Score", scoreText(r)},
		{"Fix", orDash(r.Fix)},
		{"Owner", orDash(r.Owner)},
		{"Status", riskStatus(r)},
		{"Horizon", string(r.Horizon)},
		{"Slice", sliceText(r)},
		{"Revenue-critical", yesNo(r.RevenueCritical)},
		{"Customer-visible", yesNo(r.CustomerVisible)},
		{"Origin", originLabel(r.Origin)},
	}
	if strings.TrimSpace(r.Ticket) != "" {
		fs = append(fs, fact{"Ticket", r.Ticket})
	}
	for _, msg := range findingsCovered(sum, r) {
		fs = append(fs, fact{"Finding", msg})
	}
	if len(r.Flags) > 0 {
		fs = append(fs, fact{"Flags", strings.Join(r.Flags, ", ")})
	}
	return fs
}

// plain is the facts as lines of "Label: value", for a CSV cell or a
// spreadsheet note.
func (fs facts) plain() string {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(f.Label + ": " + f.Value)
	}
	return b.String()
}

// without is the facts less the labelled ones a view already shows.
func (fs facts) without(labels ...string) facts {
	out := make(facts, 0, len(fs))
	for _, f := range fs {
		skip := false
		for _, l := range labels {
			skip = skip || f.Label == l
		}
		if !skip {
			out = append(out, f)
		}
	}
	return out
}

func domainSuffix(r *review.RegisterEntry) string {
	if r.FlowName != "" && r.Domain != "" {
		return " (" + r.Domain + ")"
	}
	return ""
}

// scoreText is a score with how it is made: "25 = impact 5 × likelihood 5, critical".
func scoreText(r *review.RegisterEntry) string {
	return itoa(r.Score) + " = impact " + itoa(r.Impact) + " × likelihood " + itoa(r.Likelihood) + ", " + r.Severity
}

func sliceText(r *review.RegisterEntry) string {
	switch {
	case r.Slice <= 0:
		return "-"
	case r.SliceByHand:
		return itoa(r.Slice) + " (set by hand)"
	}
	return itoa(r.Slice)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// findingsCovered are the rule findings a register entry stands for (its
// covers, or the rule that raised it), as "KEY: message".
func findingsCovered(sum *review.Summary, r *review.RegisterEntry) []string {
	var out []string
	for _, key := range r.Covers {
		msg := key
		for _, f := range sum.Findings {
			if f.Key == key {
				msg = key + ": " + f.Message
				break
			}
		}
		out = append(out, msg)
	}
	if rule, ok := review.RuleOfOrigin(r.Origin); ok && len(out) == 0 {
		for _, f := range sum.Findings {
			if f.Rule == rule && f.Flow == r.Flow && (r.Flow != "" || f.Domain == r.Domain) {
				out = append(out, f.Key+": "+f.Message)
			}
		}
	}
	return out
}

// riskStatus is where the work on a risk stands; a risk nobody tracked yet
// is open.
func riskStatus(r *review.RegisterEntry) string {
	if r.Status == "" {
		return string(model.RiskOpen)
	}
	return string(r.Status)
}

// originLabel says where a register entry came from in words.
func originLabel(origin string) string {
	if rule, ok := review.RuleOfOrigin(origin); ok {
		return "review rule " + rule
	}
	if origin == review.OriginFacilitator {
		return "the room"
	}
	return origin
}
