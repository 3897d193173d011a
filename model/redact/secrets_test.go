package redact

import (
	"strings"
	"testing"

	"archreview/model"
	"archreview/model/internal/fixture"
)

func TestRedactSecrets(t *testing.T) {
	for _, c := range fixture.Credentials {
		t.Run(c.Name, func(t *testing.T) {
			if !ContainsSecret(c.Text) {
				t.Fatalf("ContainsSecret(%q) = false", c.Text)
			}
			got := Text(c.Text)
			if got != c.Redacted {
				t.Errorf("Text(%q)\n got %q\nwant %q", c.Text, got, c.Redacted)
			}
			if strings.Contains(got, c.Secret) {
				t.Errorf("the secret survived: %q", got)
			}
			if again := Text(got); again != got {
				t.Errorf("redacting twice changed %q to %q", got, again)
			}
			if ContainsSecret(got) {
				t.Errorf("the redacted text still looks like a credential: %q", got)
			}
		})
	}
}

func TestNotACredential(t *testing.T) {
	texts := []string{
		"",
		Mark,
		"password=" + Mark,
		"Bearer " + Mark,
		"Credentials live in the Celigo vault and are rotated yearly.",
		"password: stored in 1Password",
		"Secret: see the vault",
		"token: none",
		"password=${SFTP_PASSWORD}",
		"password: ********",
		"Idempotency key: the Shopify order id",
		"Uses Bearer authentication over TLS.",
		"File at 01:00, import at 02:00; stock is up to 25 hours old by evening.",
		"https://example.com/docs/integration-guide",
		"SKU-000123-BLUE-XL and SKU-000124-RED-XL",
		"passwords: nobody knows where they are",
		"The ERP partner keeps the API keys.",
	}
	for _, s := range texts {
		if ContainsSecret(s) {
			t.Errorf("ContainsSecret(%q) = true", s)
		}
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q", s, got)
		}
	}
}

func TestRedactSeveralInOneText(t *testing.T) {
	in := "user=ops password=abc123 and token: tk_999 plus AKIAIOSFODNN7EXAMPLE"
	want := "user=ops password=[redacted] and token: [redacted] plus [redacted]"
	if got := Text(in); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestMentionsCredentialAfterRedaction(t *testing.T) {
	if !MentionsCredential(Text("password=abc123")) {
		t.Fatal("a redacted credential no longer counts for SECRET_IN_NOTES, so a re-export would lose the finding")
	}
	if MentionsCredential("nothing to see") {
		t.Fatal("plain text counts as a credential")
	}
}

// The hints only skip work: without them every shape is tried on every text,
// and the answers must be the same.
func containsSecretUnhinted(s string) bool {
	for i := range credentialShapes {
		c := &credentialShapes[i]
		for _, m := range c.re.FindAllStringSubmatchIndex(s, -1) {
			if _, _, ok := c.secretAt(s, m); ok {
				return true
			}
		}
	}
	return false
}

func redactUnhinted(s string) string {
	for i := range credentialShapes {
		s = credentialShapes[i].redact(s)
	}
	return s
}

func TestHintsNeverHideACredential(t *testing.T) {
	var texts []string
	for _, c := range fixture.Credentials {
		texts = append(texts, c.Text, "prefix "+c.Text+" suffix", strings.ToUpper(c.Text))
	}
	for _, d := range []*model.Document{model.Demo(fixture.Now), fixture.LargeSession(40, 3)} {
		model.WalkText(d, func(_ model.TextPlace, p *string) { texts = append(texts, *p) })
	}
	texts = append(texts, "Bearer\t0123456789abcdefXYZ", "x-api-key = 'k3y-v4lue'", "url https://hooks.slack.com/services/T000/B000/XXXX",
		"sas ?sv=2020&sig=abc%2Bdef&se=1", "ftp://u:p@h", "passphrase:open-sesame-42")
	for _, s := range texts {
		if got, want := ContainsSecret(s), containsSecretUnhinted(s); got != want {
			t.Errorf("ContainsSecret(%q) = %v, but trying every shape says %v", s, got, want)
		}
		if got, want := Text(s), redactUnhinted(s); got != want {
			t.Errorf("Text(%q) = %q, but trying every shape gives %q", s, got, want)
		}
	}
}

func FuzzRedactSecretsIsIdempotent(f *testing.F) {
	for _, c := range fixture.Credentials {
		f.Add(c.Text)
	}
	f.Add("password=[redacted]x token=[redacted][redacted] Bearer [redacted]AAAAAAAAAAAAAAAA1")
	f.Fuzz(func(t *testing.T, s string) {
		if ContainsSecret(s) != containsSecretUnhinted(s) || Text(s) != redactUnhinted(s) {
			t.Fatalf("the hints change the answer for %q", s)
		}
		once := Text(s)
		if twice := Text(once); twice != once {
			t.Fatalf("Text is not idempotent on %q: %q then %q", s, once, twice)
		}
		if ContainsSecret(once) {
			t.Fatalf("redacted text %q of %q still holds a credential", once, s)
		}
	})
}
