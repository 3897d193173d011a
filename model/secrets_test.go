package model

import (
	"strings"
	"testing"
)

// Credentials below are made up in the shapes vendors use; none is real.
var credentialCases = []struct {
	name, text, secret, redacted string
}{
	{"aws access key id", "key id AKIAIOSFODNN7EXAMPLE in the script", "AKIAIOSFODNN7EXAMPLE", "key id [redacted] in the script"},
	{"aws session key id", "ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A", "[redacted]"},
	{"aws secret", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key=[redacted]"},
	{"stripe live key", "Stripe: sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe: [redacted]"},
	{"stripe test key", "sk_test_51H8xYzAbCdEfGhIjKlMn", "sk_test_51H8xYzAbCdEfGhIjKlMn", "[redacted]"},
	{"stripe restricted key", "rk_live_51H8xYzAbCdEfGhIjKlMn00", "rk_live_51H8xYzAbCdEfGhIjKlMn00", "[redacted]"},
	{"google api key", "maps key AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe.", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "maps key [redacted]."},
	{"github token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "[redacted]"},
	{"slack bot token", "xoxb-2354-1234567890-AbCdEfGhIjKl", "xoxb-2354-1234567890-AbCdEfGhIjKl", "[redacted]"},
	{"bearer token", "curl -H 'Authorization: Bearer 8f3Kq92LmZx7Pw1Rt6Yv' ...", "8f3Kq92LmZx7Pw1Rt6Yv", "curl -H 'Authorization: Bearer [redacted]' ..."},
	{"jwt", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "token [redacted] ok"},
	{"password equals", "SFTP user ops, password=Harbour2024! in the doc", "Harbour2024!", "SFTP user ops, password=[redacted] in the doc"},
	{"passwd colon", "passwd: s3cr3t-pass", "s3cr3t-pass", "passwd: [redacted]"},
	{"pwd", "PWD=Qwerty12", "Qwerty12", "PWD=[redacted]"},
	{"secret", "webhook secret=whk_8843aa", "whk_8843aa", "webhook secret=[redacted]"},
	{"api_key", "api_key=abcd1234efgh", "abcd1234efgh", "api_key=[redacted]"},
	{"apikey colon", "apikey: 9f8e7d6c5b4a", "9f8e7d6c5b4a", "apikey: [redacted]"},
	{"api key with a space", "API key: KLAV-77aa-99bb", "KLAV-77aa-99bb", "API key: [redacted]"},
	{"token", "token=tok_998877665544", "tok_998877665544", "token=[redacted]"},
	{"client secret", "client_secret: Zx8-Yw7-Vu6", "Zx8-Yw7-Vu6", "client_secret: [redacted]"},
	{"prefixed key name", "DB_PASSWORD=hunter22", "hunter22", "DB_PASSWORD=[redacted]"},
	{"quoted json value", `{"password": "correct horse battery"}`, "correct horse battery", `{"password": "[redacted]"}`},
	{"connection string", "postgres://app:Sup3rS3cret@db.internal:5432/shop", "Sup3rS3cret", "postgres://app:[redacted]@db.internal:5432/shop"},
	{"pem private key", "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA75vQ\n-----END RSA PRIVATE KEY-----\nend",
		"MIIEpAIBAAKCAQEA75vQ", "key:\n-----BEGIN RSA PRIVATE KEY-----[redacted]-----END RSA PRIVATE KEY-----\nend"},
	{"unterminated pem", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0", "MIIEvQIBADANBgkqhkiG9w0", "-----BEGIN PRIVATE KEY-----[redacted]"},
}

func TestRedactSecrets(t *testing.T) {
	for _, c := range credentialCases {
		t.Run(c.name, func(t *testing.T) {
			if !ContainsSecret(c.text) {
				t.Fatalf("ContainsSecret(%q) = false", c.text)
			}
			got := RedactSecrets(c.text)
			if got != c.redacted {
				t.Errorf("RedactSecrets(%q)\n got %q\nwant %q", c.text, got, c.redacted)
			}
			if strings.Contains(got, c.secret) {
				t.Errorf("the secret survived: %q", got)
			}
			if again := RedactSecrets(got); again != got {
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
		Redacted,
		"password=" + Redacted,
		"Bearer " + Redacted,
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
		if got := RedactSecrets(s); got != s {
			t.Errorf("RedactSecrets(%q) = %q", s, got)
		}
	}
}

func TestRedactSeveralInOneText(t *testing.T) {
	in := "user=ops password=abc123 and token: tk_999 plus AKIAIOSFODNN7EXAMPLE"
	want := "user=ops password=[redacted] and token: [redacted] plus [redacted]"
	if got := RedactSecrets(in); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestMentionsCredentialAfterRedaction(t *testing.T) {
	if !mentionsCredential(RedactSecrets("password=abc123")) {
		t.Fatal("a redacted credential no longer counts for SECRET_IN_NOTES, so a re-export would lose the finding")
	}
	if mentionsCredential("nothing to see") {
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
	for _, c := range credentialCases {
		texts = append(texts, c.text, "prefix "+c.text+" suffix", strings.ToUpper(c.text))
	}
	for _, d := range []*Document{Demo(testNow), largeSession(40, 3)} {
		walkText(d, func(_ textPlace, p *string) { texts = append(texts, *p) })
	}
	texts = append(texts, "Bearer\t0123456789abcdefXYZ", "x-api-key = 'k3y-v4lue'", "url https://hooks.slack.com/services/T000/B000/XXXX",
		"sas ?sv=2020&sig=abc%2Bdef&se=1", "ftp://u:p@h", "passphrase:open-sesame-42")
	for _, s := range texts {
		if got, want := ContainsSecret(s), containsSecretUnhinted(s); got != want {
			t.Errorf("ContainsSecret(%q) = %v, but trying every shape says %v", s, got, want)
		}
		if got, want := RedactSecrets(s), redactUnhinted(s); got != want {
			t.Errorf("RedactSecrets(%q) = %q, but trying every shape gives %q", s, got, want)
		}
	}
}

func FuzzRedactSecretsIsIdempotent(f *testing.F) {
	for _, c := range credentialCases {
		f.Add(c.text)
	}
	f.Add("password=[redacted]x token=[redacted][redacted] Bearer [redacted]AAAAAAAAAAAAAAAA1")
	f.Fuzz(func(t *testing.T, s string) {
		if ContainsSecret(s) != containsSecretUnhinted(s) || RedactSecrets(s) != redactUnhinted(s) {
			t.Fatalf("the hints change the answer for %q", s)
		}
		once := RedactSecrets(s)
		if twice := RedactSecrets(once); twice != once {
			t.Fatalf("RedactSecrets is not idempotent on %q: %q then %q", s, once, twice)
		}
		if ContainsSecret(once) {
			t.Fatalf("redacted text %q of %q still holds a credential", once, s)
		}
	})
}
