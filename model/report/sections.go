package report

import (
	"io"
	"slices"
	"strings"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
)

// The pack's sections are one list, in the order both packs hold them: the
// HTML and the Markdown write each section the list names, in its order,
// so they never drift apart. The sections before the annex are the
// client's: they name risks by their R-number, rules by their plain title,
// and no id, rule code or setting name. The annex at the end is the review
// team's: the findings the room has not triaged, the dismissed ones and
// every flow's answers, keys and all. `export --annex FILE` writes the
// annex as a file of its own (SplitAnnex).

// Headings of the sections the two packs share beyond those named with
// the Markdown pack.
const (
	HeadingHeatMap = "Heat map"
	// HeadingAnnex is the annex's first heading: what comes before it is
	// the client's.
	HeadingAnnex         = HeadingAnnexFindings
	HeadingAnnexFindings = "Annex A: Findings for the review team"
	HeadingAppendix      = "Annex B: Every flow's answers"
)

// PackHeadings are the pack's second-level headings after its contents,
// in order. A follow-up's "What changed" comes after the executive
// summary, and the target-state map is there only when the room retired,
// replaced or introduced a system (packHeadings).
var PackHeadings = []string{
	HeadingExecutive, HeadingSystems, HeadingTargetMap, HeadingHeatMap, HeadingRegister, HeadingAssumptions,
	HeadingSourceOfTruth, HeadingPatterns, HeadingOwnership, HeadingDecisions, HeadingDelivery, HeadingRoadmap,
	HeadingCoverage, HeadingQuestions, HeadingScoring, HeadingAnnexFindings, HeadingAppendix,
}

// packPart is which part of the pack a writer writes.
type packPart int

const (
	wholePack  packPart = iota // the pack, its annex at the end
	packAlone                  // the pack without its annex, which is a file of its own
	annexAlone                 // the annex alone
)

// inAnnex reports whether a section is the annex's.
func inAnnex(heading string) bool {
	return heading == HeadingAnnexFindings || heading == HeadingAppendix
}

// packHeadings are the sections of an export's pack, in order, for the
// part written.
func packHeadings(d *model.Document, sum *review.Summary, changes *review.Changes, part packPart) []string {
	out := make([]string, 0, len(PackHeadings)+1)
	for _, h := range PackHeadings {
		switch {
		case h == HeadingTargetMap && !hasTargets(d):
		case part == packAlone && inAnnex(h), part == annexAlone && !inAnnex(h):
		default:
			out = append(out, h)
		}
		if h == HeadingExecutive && changes != nil && part != annexAlone {
			out = append(out, ChangesTitle(changes))
		}
	}
	return out
}

// slicingSentence says how the delivery slices are filled, with the
// number of risks a slice holds.
func slicingSentence(sum *review.Summary) string {
	return "A slice the room chose wins; otherwise open immediate fixes fill the first slices in score order and roadmap items follow, up to " +
		itoa(sum.Scoring.SliceSize) + " risks a slice. Mitigated and accepted risks leave the plan."
}

// placedBy says who put a risk in its slice.
func placedBy(byHand bool) string {
	if byHand {
		return "the room"
	}
	return "score order"
}

// riskNumber is the R-number of the risk at a register rank, "-" for none.
func riskNumber(rank int) string {
	if rank <= 0 {
		return "-"
	}
	return review.RiskNumber(rank)
}

// clientFacts are a risk's details as the client's pages give them: no id,
// the rule that raised it by its plain title, the findings it stands for
// by their message, and what is still missing in words. It reworks
// riskFacts' list in place: the packs list thousands of risks.
func clientFacts(sum *review.Summary, r *review.RegisterEntry) facts {
	fs := slices.DeleteFunc(riskFacts(sum, r), func(f fact) bool {
		return f.Label == "ID" || f.Label == "Origin" || f.Label == "Finding" || f.Label == "Flags"
	})
	if mayNeedIsolation(r.FlowName) || mayNeedIsolation(r.Domain) {
		for i := range fs {
			if fs[i].Label == "Flow" {
				fs[i].Value = whereIsolated(r.FlowName, r.Domain)
				if r.FlowName != "" && r.Domain != "" {
					fs[i].Value += " (" + isolate(r.Domain) + ")"
				}
			}
		}
	}
	origin := "the room"
	if rule, ok := review.RuleOfOrigin(r.Origin); ok {
		origin = "the review's check " + ruleTitle(rule)
	}
	fs = append(fs, fact{"Raised by", origin})
	fs = appendFindingMessages(fs, sum, r)
	if len(r.Flags) > 0 {
		missing := make([]string, len(r.Flags))
		for i, f := range r.Flags {
			missing[i] = flagWords[f]
			if missing[i] == "" {
				missing[i] = strings.ReplaceAll(f, "-", " ")
			}
		}
		fs = append(fs, fact{"Still missing", strings.Join(missing, ", ")})
	}
	return fs
}

// flagWords say what a register flag marks as missing.
var flagWords = map[string]string{
	review.FlagNoScore: "a score", review.FlagNoFix: "a fix", review.FlagNoOwner: "an owner", review.FlagNoHorizon: "a horizon the room chose",
}

// ruleTitle is a rule's plain title in quotes, or "a review check" for an
// id no rule has.
func ruleTitle(rule string) string {
	if w, ok := review.WordsOf(rule); ok {
		return "“" + w.Title + "”"
	}
	return "a review check"
}

// appendFindingMessages adds the messages of the findings a risk stands
// for, each a "Finding" fact.
func appendFindingMessages(fs facts, sum *review.Summary, r *review.RegisterEntry) facts {
	for _, key := range r.Covers {
		if i := slices.IndexFunc(sum.Findings, func(f review.Finding) bool { return f.Key == key }); i >= 0 {
			fs = append(fs, fact{"Finding", sum.Findings[i].Message})
		}
	}
	if rule, ok := review.RuleOfOrigin(r.Origin); ok && len(r.Covers) == 0 {
		for i := range sum.Findings {
			if f := &sum.Findings[i]; f.Rule == rule && f.Flow == r.Flow && (r.Flow != "" || f.Domain == r.Domain) {
				fs = append(fs, fact{"Finding", f.Message})
			}
		}
	}
	return fs
}

// AnnexSplit writes a pack and its annex as two files.
type AnnexSplit struct {
	// Pack writes the pack without its annex, saying which file holds it.
	Pack func(w io.Writer, e *Exported) error
	// Annex writes the annex alone.
	Annex func(w io.Writer, e *Exported) error
}

// annexFormats are the formats whose pack has an annex to split off.
var annexFormats = map[string]func(annexFile string) AnnexSplit{
	FormatHTML: func(annexFile string) AnnexSplit {
		return AnnexSplit{
			Pack:  func(w io.Writer, e *Exported) error { return writeHTMLPart(w, e, packAlone, annexFile) },
			Annex: func(w io.Writer, e *Exported) error { return writeHTMLPart(w, e, annexAlone, "") },
		}
	},
	FormatMarkdown: func(annexFile string) AnnexSplit {
		return AnnexSplit{
			Pack:  func(w io.Writer, e *Exported) error { return writeMarkdownPart(w, e, packAlone, annexFile) },
			Annex: func(w io.Writer, e *Exported) error { return writeMarkdownPart(w, e, annexAlone, "") },
		}
	},
}

// AnnexFormats names the formats whose annex --annex can write apart, in
// the format table's order.
func AnnexFormats() []string {
	var out []string
	for _, f := range exportFormats {
		if _, ok := annexFormats[f.Name]; ok {
			out = append(out, f.Name)
		}
	}
	return out
}

// SplitAnnex is the format's pack and annex as two writers, the pack
// naming annexFile (a file name, as a reader finds it beside the pack) as
// where its annex is; ok is false for a format with no annex.
func SplitAnnex(format, annexFile string) (split AnnexSplit, ok bool) {
	mk, ok := annexFormats[format]
	if !ok {
		return AnnexSplit{}, false
	}
	return mk(annexFile), true
}

// annexSubtitle says what the annex written apart is, under the session's
// name.
const annexSubtitle = "Annex to the decision pack, for the review team"

// annexNote is what the pack's contents say of an annex written apart.
func annexNote(annexFile string) string {
	return "The annex (the findings for the review team and every flow's answers) is the separate file " + annexFile + "."
}
