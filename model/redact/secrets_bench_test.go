package redact

import (
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

// notes are answers as consultants write them: slashes between systems,
// "is" sentences, colons, addresses, command lines, and no credential; the
// shapes' hints must keep text like this cheap.
var notes = []string{
	"Shopify / ERP / WMS all write stock; the ERP is the master, Shopify is not.",
	"Password reset flow is owned by the storefront team; the token bucket rate limit is 40 requests/s.",
	"Login via SSO for the Celigo admin; credentials are in the vault, see https://wiki.example.com/it/ipaas.",
	"The 3PL drops stock_YYYYMMDD.csv at 01:00 on sftp://files.example.com/in/ and the import runs at 02:00.",
	"First pass: match SKUs by EAN; second pass: by supplier code. Idempotency key is the order id.",
	"Run curl -s -X POST https://api.example.com/v2/orders -H 'Content-Type: application/json' to replay one.",
	"Retries: 3 with backoff 1/5/25 minutes, then the dead-letter queue that nobody reads on weekends.",
	"Key user: Dana (trading). Owner is the e-commerce lead; release handoff is the Tuesday CAB.",
}

// corpora are the texts the benchmarks scan: the demo session's answers,
// a generated programme-scale session's, the notes above, and credentials.
func corpora() []struct {
	name  string
	texts []string
} {
	collect := func(d *model.Document) (out []string) {
		model.WalkText(d, func(_ model.TextPlace, p *string) { out = append(out, *p) })
		return out
	}
	var creds []string
	for _, c := range fixture.Credentials {
		creds = append(creds, c.Text)
	}
	return []struct {
		name  string
		texts []string
	}{
		{"demo", collect(model.DemoAnswers(fixture.Now))},
		{"generated-1000flows", collect(fixture.BenchSizes[1].Session())},
		{"notes", notes},
		{"credentials", creds},
	}
}

// BenchmarkMentionsCredential is the summary's scan of every answer.
func BenchmarkMentionsCredential(b *testing.B) {
	for _, c := range corpora() {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range c.texts {
					MentionsCredential(s)
				}
			}
		})
	}
}

// BenchmarkText is an export's redaction of every answer.
func BenchmarkText(b *testing.B) {
	for _, c := range corpora() {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range c.texts {
					Text(s)
				}
			}
		})
	}
}
