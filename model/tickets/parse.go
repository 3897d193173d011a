// Package tickets reads what a tracker says back about the tickets a
// review's Jira CSV created: a Jira CSV export or GitHub's `gh issue list
// --json` output, matched to the session's risks by their ar- label, and
// works out what that changes (Apply). It imports model and model/review
// only and does no IO: the command reads the file and saves the session.
package tickets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"

	"github.com/go-json-experiment/json"
)

// Format is the kind of tracker file read.
type Format string

// The tracker files tickets import reads.
const (
	FormatJiraCSV Format = "Jira CSV export"
	FormatGitHub  Format = "gh issue list JSON"
)

// Ticket is one ticket as the tracker's file says it.
type Ticket struct {
	// Where names it in the file for a message: "row 3" or "issue #12".
	Where string
	// Key is what the risk's ticket becomes: the Jira issue key, or the
	// GitHub issue's URL.
	Key string
	// Status is the tracker's status as written; Category is Jira's status
	// category, which is read first when it is one the mapping knows.
	Status, Category string
	Labels           []string
}

// errNeither is the refusal of a file that is no tracker file this reads.
func errNeither(name string) error {
	return fmt.Errorf("%s is neither a Jira CSV export (with Issue key, Status and Labels columns) nor the output of gh issue list --json number,url,title,state,labels; nothing was written", name)
}

// Parse reads a tracker file: JSON (a list) is gh's output, anything else a
// Jira CSV export. name is the file as the user knows it, for messages.
func Parse(name string, data []byte) (Format, []Ticket, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return "", nil, errNeither(name)
	case trimmed[0] == '[':
		ts, err := parseGitHub(name, trimmed)
		return FormatGitHub, ts, err
	case trimmed[0] == '{':
		return "", nil, errNeither(name)
	}
	ts, err := parseJira(name, data)
	return FormatJiraCSV, ts, err
}

// parseJira reads a Jira CSV export: the Issue key, Status, Status Category
// and every Labels column (Jira writes one label a column, and repeats the
// header); a cell holding several labels is split at its spaces, which no
// Jira label contains.
func parseJira(name string, data []byte) ([]Ticket, error) {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, 1, err)
	}
	keyCol, statusCol, categoryCol := -1, -1, -1
	var labelCols []int
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "issue key":
			keyCol = first(keyCol, i)
		case "status":
			statusCol = first(statusCol, i)
		case "status category":
			categoryCol = first(categoryCol, i)
		case "labels":
			labelCols = append(labelCols, i)
		}
	}
	if keyCol < 0 || len(labelCols) == 0 || statusCol < 0 && categoryCol < 0 {
		return nil, errNeither(name)
	}
	var out []Ticket
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvError(name, row, err)
		}
		t := Ticket{Where: "row " + strconv.Itoa(row), Key: strings.TrimSpace(rec[keyCol]), Status: cell(rec, statusCol), Category: cell(rec, categoryCol)}
		for _, c := range labelCols {
			t.Labels = append(t.Labels, strings.Fields(rec[c])...)
		}
		if t.Key == "" {
			return nil, fmt.Errorf("row %d of %s has no Issue key; nothing was written", row, name)
		}
		out = append(out, t)
	}
}

// csvError says which row of the file could not be read, and why, in one
// line.
func csvError(name string, row int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		why := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			why = "a quote is not closed or stands inside an unquoted cell"
		case errors.Is(pe.Err, csv.ErrFieldCount):
			why = "it has a different number of cells from the header"
		}
		return fmt.Errorf("row %d of %s (line %d) cannot be read: %s; nothing was written", row, name, pe.StartLine, why)
	}
	if err == io.EOF {
		return errNeither(name)
	}
	return fmt.Errorf("row %d of %s cannot be read: %v; nothing was written", row, name, err)
}

func first(seen, i int) int {
	if seen >= 0 {
		return seen
	}
	return i
}

func cell(rec []string, col int) string {
	if col < 0 {
		return ""
	}
	return strings.TrimSpace(rec[col])
}

// ghIssue is one element of `gh issue list --json number,url,title,state,labels`.
type ghIssue struct {
	Number int    `json:"number"`
	URL    string `json:"url"`
	Title  string `json:"title"`
	State  string `json:"state"`
	Labels []struct {
		Name string `json:"name"`
	} `json:"labels"`
}

// parseGitHub reads gh's JSON: each issue's URL becomes the ticket, its
// state (OPEN, CLOSED) the status.
func parseGitHub(name string, data []byte) ([]Ticket, error) {
	var issues []ghIssue
	if err := json.Unmarshal(data, &issues); err != nil {
		return nil, fmt.Errorf("%s is not the output of gh issue list --json number,url,title,state,labels: %v; nothing was written", name, err)
	}
	out := make([]Ticket, 0, len(issues))
	for i, is := range issues {
		where := "issue " + strconv.Itoa(i+1)
		if is.Number > 0 {
			where = "issue #" + strconv.Itoa(is.Number)
		}
		key := strings.TrimSpace(is.URL)
		if key == "" && is.Number > 0 {
			key = "#" + strconv.Itoa(is.Number)
		}
		if key == "" || is.State == "" {
			return nil, fmt.Errorf("%s of %s has no url, number or state; list the issues with gh issue list --json number,url,title,state,labels; nothing was written", where, name)
		}
		t := Ticket{Where: where, Key: key, Status: is.State}
		for _, l := range is.Labels {
			t.Labels = append(t.Labels, strings.TrimSpace(l.Name))
		}
		out = append(out, t)
	}
	return out, nil
}

// StatusOf maps a tracker's status to a risk's: done and closed are
// mitigated, in progress is in progress, to do and open are open. Any other
// status is not known, and never guessed at.
func StatusOf(status string) (model.RiskStatus, bool) {
	s := strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(strings.ToLower(status))), " ")
	switch s {
	case "done", "closed":
		return model.RiskMitigated, true
	case "in progress":
		return model.RiskInProgress, true
	case "to do", "todo", "open":
		return model.RiskOpen, true
	}
	return "", false
}

// statusOf is a ticket's status as a risk's: Jira's category when it is
// one StatusOf knows, else its status.
func (t *Ticket) statusOf() (model.RiskStatus, bool) {
	if s, ok := StatusOf(t.Category); ok {
		return s, true
	}
	return StatusOf(t.Status)
}
