package report

import (
	"testing"

	"github.com/archreview/archreview/model"
)

// Every page but the cover is headed by the confidentiality line, naming
// the client once: the default line names it, a line of the session's own
// that does not gets it in front.
func TestTheRunningHeadNamesTheClientAndTheConfidentiality(t *testing.T) {
	for _, c := range []struct {
		client, line, want string
	}{
		{"Harbour & Pine", "", "Confidential — prepared for Harbour & Pine"},
		{"", "", "Confidential"},
		{"Harbour & Pine", "Strictly confidential", "Harbour & Pine · Strictly confidential"},
		{"Harbour & Pine", "Harbour & Pine internal use", "Harbour & Pine internal use"},
		{"Harbour\n& Pine", "", "Confidential — prepared for Harbour & Pine"},
	} {
		got := runningHead(model.Session{Client: c.client, DocumentControl: model.DocumentControl{Confidentiality: c.line}})
		if got != c.want {
			t.Errorf("client %q, line %q: the head is %q, want %q", c.client, c.line, got, c.want)
		}
	}
}
