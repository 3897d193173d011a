package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archreview/archreview/model/review"
)

// RiskCSVHeader is the first row of the risk register CSV. id is the risk's
// stable id, so a tracker that imported the register once updates its
// tickets on the next import instead of duplicating them; status and ticket
// say where the work stands, label is the ar- label its ticket carries.
var RiskCSVHeader = []string{
	"id", "rank", "score", "severity", "flow", "domain", "title", "description", "impact", "likelihood",
	"revenue_critical", "customer_visible", "fix", "horizon", "owner", "slice", "origin", "flags",
	"status", "ticket", "label",
	"evidence",
}

// WriteRiskCSV writes the ranked risk register, one risk a row, for a tracker
// or a spreadsheet. Give it an export, whose text is already redacted; an
// export without a summary gets one derived. Rows go to w as they are made,
// through the CSV writer's buffer.
func WriteRiskCSV(w io.Writer, e *Exported) error {
	cw := csv.NewWriter(bufio.NewWriterSize(w, writeBuffer))
	if err := cw.Write(RiskCSVHeader); err != nil {
		return err
	}
	sum := summaryOf(e)
	for i := range sum.Risks {
		r := &sum.Risks[i]
		row := []string{
			r.ID, strconv.Itoa(r.Rank), strconv.Itoa(r.Score), r.Severity, r.FlowName, r.Domain, r.Title,
			riskFacts(sum, r).plain(),
			strconv.Itoa(r.Impact), strconv.Itoa(r.Likelihood),
			yesNo(r.RevenueCritical), yesNo(r.CustomerVisible),
			r.Fix, string(r.Horizon), r.Owner, strconv.Itoa(r.Slice), r.Origin, strings.Join(r.Flags, " "),
			riskStatus(r), r.Ticket, review.TrackerLabel(r.ID),
			evidenceCell(r.Evidence),
		}
		if err := writeSafeRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSafeRow writes a CSV row with every cell made safe for a spreadsheet.
func writeSafeRow(cw *csv.Writer, row []string) error {
	for i := range row {
		row[i] = spreadsheetSafe(row[i])
	}
	return cw.Write(row)
}

// spreadsheetSafe keeps a spreadsheet from running a cell as a formula.
// OWASP's list of characters that start one (=, +, -, @, tab, carriage
// return, line feed, NUL) and their full-width forms are caught however
// much blank or control text comes first (LibreOffice skips a leading NUL
// and runs what follows); such a cell gets a leading quote, which makes it
// text. Otherwise the text stays as stored; invalid UTF-8 is made valid.
func spreadsheetSafe(cell string) string {
	if !utf8.ValidString(cell) {
		cell = strings.ToValidUTF8(cell, "\uFFFD")
	}
	for _, r := range cell {
		switch {
		case strings.ContainsRune("=+-@\t\r\n＝＋－＠", r):
			return "'" + cell
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B':
			continue // a spreadsheet may skip it and read what follows
		}
		return cell
	}
	return cell
}
