package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// RiskCSVHeader is the first row of the risk register CSV.
var RiskCSVHeader = []string{
	"rank", "score", "severity", "flow", "domain", "title", "impact", "likelihood",
	"revenue_critical", "customer_visible", "fix", "horizon", "owner", "slice", "origin", "flags",
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
	for _, r := range summaryOf(e).Risks {
		row := []string{
			strconv.Itoa(r.Rank), strconv.Itoa(r.Score), r.Severity, r.FlowName, r.Domain, r.Title,
			strconv.Itoa(r.Impact), strconv.Itoa(r.Likelihood),
			yesNo(r.RevenueCritical), yesNo(r.CustomerVisible),
			r.Fix, string(r.Horizon), r.Owner, strconv.Itoa(r.Slice), r.Origin, strings.Join(r.Flags, " "),
		}
		for i := range row {
			row[i] = spreadsheetSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// spreadsheetSafe keeps a spreadsheet from running a cell as a formula: a
// leading quote makes it text.
func spreadsheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
