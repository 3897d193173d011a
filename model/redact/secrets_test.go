package redact

import (
	"fmt"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
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
		for n := 1; n <= 8; n++ { // the hints read eight bytes at a time: every alignment
			texts = append(texts, strings.Repeat(" ", n)+c.Text)
		}
	}
	for _, d := range []*model.Document{model.DemoAnswers(fixture.Now), fixture.LargeSession(40, 3)} {
		model.WalkText(d, func(_ model.TextPlace, p *string) { texts = append(texts, *p) })
	}
	texts = append(texts, "Bearer\t0123456789abcdefXYZ", "x-api-key = 'k3y-v4lue'", "url https://hooks.slack.com/services/T000/B000/XXXX",
		"sas ?sv=2020&sig=abc%2Bdef&se=1", "ftp://u:p@h", "passphrase:open-sesame-42",
		"TOKEN\tIS:\t'k3y'", "x.pw is Winter2024", "creds=ops/Winter2024", "Sign-In\tAS ops/P@ss!word1", "u/p:ops/x",
		"curl -U proxy:S3cret", "curl --USER=a:b", "[redacted] wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"token=abc wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ",
		`"Private-Key-ID" = 'abc'`, "user/password: celigo / [redacted]", "re-login ops / Winter2024")
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
	f.Add("user/password: celigo / [redacted] login a / b is c")
	f.Add("[redacted] wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ")
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

// Credentials written the way a consultant types them into a note, each
// shape of issue 21 in its variants, and the prose beside them that must
// come out as it went in.
func TestCredentialsWrittenInNotes(t *testing.T) {
	cases := []struct{ shape, in, want string }{
		{"is, quoted", `password is "hunter2hunter2"`, `password is "[redacted]"`},
		{"is, single quotes", `the API key is 'K3y-2024-x'`, `the API key is '[redacted]'`},
		{"is, bare", "The Celigo password is Winter2024 until go-live.", "The Celigo password is [redacted] until go-live."},
		{"is, bare with symbols", "sftp_pass is P@ssword!", "sftp_pass is [redacted]"},
		{"pw", "pw: S3cretValue9", "pw: [redacted]"},
		{"pwd", "sftp pwd=S3cretValue9", "sftp pwd=[redacted]"},
		{"pass", "pass: S3cretValue9", "pass: [redacted]"},
		{"passwd", "passwd = S3cretValue9", "passwd = [redacted]"},
		{"prefixed pass", "DB_PASS=Tr0ub4dor&3", "DB_PASS=[redacted]"},
		{"quoted pass", `{"pass": "letmein"}`, `{"pass": "[redacted]"}`},
		{"login pair", "login celigo / hunter2hunter2", "login celigo / [redacted]"},
		{"login pair, no spaces", "Login: celigo/hunter2hunter2.", "Login: celigo/[redacted]"},
		{"log in pair", "log in as ops@client.example / Winter2024", "log in as ops@client.example / [redacted]"},
		{"creds pair", "creds: celigo / hunter2hunter2", "creds: celigo / [redacted]"},
		{"credentials pair", "Credentials are svc_erp / Harbour2024!", "Credentials are svc_erp / [redacted]"},
		{"labelled pair", "user/password: celigo / hunter2hunter2", "user/password: celigo / [redacted]"},
		{"labelled pair, plain password", "username / password celigo / letmein", "username / password celigo / [redacted]"},
		{"u/p pair", "u/p = ops / letmein", "u/p = ops / [redacted]"},
		{"curl -u", "curl -u admin:S3cr3t https://api.example.com", "curl -u admin:[redacted] https://api.example.com"},
		{"curl --user", `curl --user="admin:S3cr3t" https://api.example.com`, `curl --user="admin:[redacted]" https://api.example.com`},
		{"user in an address", "https://admin:S3cr3t@shop.example.com/admin", "https://admin:[redacted]@shop.example.com/admin"},
		{"aws pair", "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "[redacted] [redacted]"},
		{"aws pair, labelled", "id AKIAIOSFODNN7EXAMPLE, key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.", "id [redacted], key [redacted]."},
		// An export written before the AWS pair shape redacted the id only.
		{"aws secret of an older export", "[redacted] wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "[redacted] [redacted]"},
		{"private_key_id", `"private_key_id": "a1b2c3d4e5f6"`, `"private_key_id": "[redacted]"`},
		{"client_secret", `"client_secret": "Zx8Yw7Vu6"`, `"client_secret": "[redacted]"`},
		{"secret_id", "vault secret_id=9f8e7d6c", "vault secret_id=[redacted]"},
		{"address without a user", "postgresql://:onlypass@db/x", "postgresql://:[redacted]@db/x"},
	}
	for _, c := range cases {
		t.Run(c.shape, func(t *testing.T) {
			if !ContainsSecret(c.in) {
				t.Errorf("ContainsSecret(%q) = false", c.in)
			}
			got := Text(c.in)
			if got != c.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
			if again := Text(got); again != got {
				t.Errorf("redacting twice changed %q to %q", got, again)
			}
			if got != c.in && ContainsSecret(got) {
				t.Errorf("the redacted text still looks like a credential: %q", got)
			}
		})
	}

	nearMisses := []string{
		"Shopify / ERP",
		"Orders flow Shopify / Celigo / ERP; stock ERP / WMS / Shopify.",
		"Login via Shopify / ERP single sign-on.",
		"Credentials: Shopify / ERP each keep their own.",
		"login page / checkout",
		"password reset flow",
		"The password reset flow is owned by the storefront team.",
		"token bucket rate limit",
		"Rate limit: a token bucket of 40, refilled 2/s.",
		"pw: see vault",
		"pass: see vault",
		"First pass: match SKUs by EAN; second pass: by supplier code.",
		"bypass: manual upload to the storefront",
		"The password is expired.",
		"The token is valid for 24 hours.",
		"The API key is rotated yearly by the vendor.",
		"The secret is AES-256-GCM encrypted at rest.",
		"The token is HS256-signed.",
		"The client secret is stored in the vault.",
		"curl -u $CELIGO_USER:$CELIGO_PASS https://api.example.com",
		"Re-use the user id, re-upload the file; use -u for unbuffered output.",
		"AKIA keys rotate quarterly; the commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it.",
		"private_key_id: see the service account",
		"postgresql://db.internal:5432/shop",
		"See https://wiki.example.com/it/ipaas/runbook for the replay steps.",
	}
	for _, s := range nearMisses {
		if ContainsSecret(s) {
			t.Errorf("ContainsSecret(%q) = true", s)
		}
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q", s, got)
		}
	}
}

// An import error quotes the bad value with %q, escaping the quotes inside
// it; the credential in it is redacted all the same.
func TestMessageRedactsQuotedValues(t *testing.T) {
	for _, c := range fixture.Credentials {
		msg := fmt.Sprintf("flows[0].contract.pattern: %q is not one of real-time, batch", c.Text)
		got := Message(msg)
		if strings.Contains(got, c.Secret) {
			t.Errorf("%s: Message(%s) = %s, the secret survived", c.Name, msg, got)
		}
		if !strings.HasPrefix(got, "flows[0].contract.pattern: \"") || !strings.HasSuffix(got, "\" is not one of real-time, batch") {
			t.Errorf("%s: Message(%s) = %s, the sentence around the value changed", c.Name, msg, got)
		}
	}
	for _, msg := range []string{`session.date: "2026-13-01" is not a date`, `not valid JSON at byte 12: invalid character 'x'`, `"unterminated`} {
		if got := Message(msg); got != msg {
			t.Errorf("Message(%s) = %s", msg, got)
		}
	}
}
