package main

import (
	"fmt"
	"strings"

	"github.com/archreview/archreview/model/report"
	"github.com/archreview/archreview/model/review"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// The export command's words for its formats all come from the format
// table (report.ExportFormats): what --format takes, its help and its
// completion.

// exportFormat is the format --format names; an unknown one is a usage
// error (exit 2) that names every format.
func exportFormat(name string) (report.Format, error) {
	f, err := report.LookupFormat(name)
	if err != nil {
		return f, badInput(err)
	}
	return f, nil
}

// formatList names every format as a sentence does: "json, …, mermaid and
// dot".
func formatList() string { return review.JoinNames(report.Formats) }

// formatSummary is export's line in the list of commands: how many
// formats there are and the first few, so it stays one line as the table
// grows.
func formatSummary() string {
	names := report.Formats
	if len(names) <= 3 {
		return formatList()
	}
	return fmt.Sprintf("any of %d formats: %s, …", len(names), strings.Join(names[:3], ", "))
}

// formatHelp is export --help's list of formats: one line each, and under
// it the format's other names and where a format that is not text can go.
func formatHelp() string {
	formats := report.ExportFormats()
	width := 0
	for _, f := range formats {
		width = max(width, len(f.Name))
	}
	var b strings.Builder
	for _, f := range formats {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, f.Name, f.Description)
		var notes []string
		if len(f.Aliases) > 0 {
			notes = append(notes, "also "+strings.Join(f.Aliases, ", "))
		}
		if f.Binary {
			notes = append(notes, "not text: to a file only, -o FILE"+f.Extension)
		}
		if len(notes) > 0 {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, "", strings.Join(notes, "; "))
		}
	}
	return b.String()
}

// helpWidth is the column a paragraph of help text wraps at.
const helpWidth = 76

// helpParagraph wraps one paragraph of help text, so that a sentence that
// names every format still fits a terminal as the table grows.
func helpParagraph(s string) string { return ansi.Wordwrap(s, helpWidth, "") }

// completeFormats offers every format to shell completion, with what it
// holds.
func completeFormats(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, f := range report.ExportFormats() {
		out = append(out, cobra.CompletionWithDesc(f.Name, f.Description))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// partHelp is export --help's paragraph on --part, its parts from the
// table (report.PictureParts).
func partHelp() string {
	var names []string
	for _, p := range report.PictureParts() {
		names = append(names, p.Name+" ("+p.Description+")")
	}
	return helpParagraph("--part names the figure the picture formats draw: " + review.JoinNames(names) + "; the first when it is not given.")
}

// checkPart refuses a --part the table does not have, and a part given to
// a format that draws no figure: usage errors (exit 2).
func checkPart(f report.Format, part string, given bool) error {
	if !f.Pictured {
		if given {
			return badInput(fmt.Errorf("--part names a figure for --format %s; --format %s writes no single figure", pictureFormats(), f.Name))
		}
		return nil
	}
	if _, err := report.LookupPart(part); err != nil {
		return badInput(err)
	}
	return nil
}

// pictureFormats names the formats that draw one figure: "svg or png".
func pictureFormats() string {
	var names []string
	for _, f := range report.ExportFormats() {
		if f.Pictured {
			names = append(names, f.Name)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// completeParts offers every part to shell completion, with what it shows.
func completeParts(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, p := range report.PictureParts() {
		out = append(out, cobra.CompletionWithDesc(p.Name, p.Description))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
