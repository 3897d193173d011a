// Package redact finds credentials in the answers of a session (API keys,
// tokens, passwords written after "password=" or "password is", user and
// password pairs after a login word, basic auth in a command line or an
// address, private keys) and replaces them with a mark before a session
// leaves the laptop.
//
// It is a leaf: it works on text and imports no package of archreview's;
// model/report walks a document with it, and model/review is handed
// MentionsCredential to find the places SECRET_IN_NOTES names.
package redact

import (
	"regexp"
	"strconv"
	"strings"
)

// Mark stands in for a credential in exports. No credential shape matches
// it, so redacting a redacted text changes nothing.
const Mark = "[redacted]"

// The names a key-value shape knows a credential by. longKey ends a longer
// name (DB_PASSWORD, client_secret, "private_key_id"); shortKey is pw or
// pass, alone or after a prefix and a separator (sftp_pass), so bypass and
// compass are not keys.
const (
	longKey        = `\b[a-z0-9_.-]*?(?:password|passwd|passphrase|pwd|token|(?:secret|api[ _-]?key|apikey|access[ _-]?key|account[ _-]?key|private[ _-]?key|secret[ _-]?key|signing[ _-]?key|encryption[ _-]?key)(?:[_-]id)?)`
	shortKeyPrefix = `\b(?:[a-z0-9]+[_.-])*`
	shortKey       = shortKeyPrefix + `(?:pw|pass)`
	// value is what follows the key: quoted, or a bare word (the last group).
	value = `(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'<>]+))`
	// pairUser is the user half of "user / password": one word, no separator.
	pairUser = `([^\s/"'<>:=]+)[ \t]*/[ \t]*([^\s"'<>]+)`
)

// credentialShape is one way a credential is written down.
type credentialShape struct {
	re     *regexp.Regexp
	groups []int // submatches that hold the secret; the first that matched is it
	needs  hint
	accept func(secret string) bool // nil accepts any secret
	// bare, when set, also judges a secret found by the last group, the one
	// written without quotes, where prose is more likely than a password.
	bare func(secret string) bool
	// rest, when set, judges the text after the secret.
	rest func(after string) bool
	// again: a redaction by this shape can make another match of it (a
	// secret beside a redacted one), so it runs until nothing changes.
	again bool
}

var credentialShapes = []credentialShape{
	{ // PEM private key blocks: the body is the secret, the armour lines stay
		re:     regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----([\s\S]*?)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\z)`),
		groups: []int{1},
		needs:  hintPEM,
		accept: func(s string) bool { return strings.TrimSpace(s) != "" },
	},
	{ // user:password@ in a connection string or URL, the user possibly empty
		re:     regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@]*:([^\s/@]+)@`),
		groups: []int{1},
		needs:  hintURLUser,
	},
	{ // curl -u admin:S3cr3t, --user=admin:S3cr3t (and -U, the proxy's)
		re:     regexp.MustCompile(`(?i)(?:^|[\s;|&(])(?:-u|--user)(?:[ \t]+|=)["']?[^\s:"']+:([^\s"']+)`),
		groups: []int{1},
		needs:  hintUserOption,
		accept: credentialValue,
	},
	// A user and password written as "user / password" are a pair only after
	// a word that says so: a pair label (user/password:, username/pw, u/p),
	// which takes any value, or a login word (login, log in, sign-in, creds,
	// credentials), after which the password must look like one (secretLike),
	// since "credentials: Shopify / ERP" is prose. "Shopify / ERP" alone is
	// never a pair. Both run before the key-value shape, which would take the
	// user for the password of "user/password: celigo / hunter2".
	{
		re:     regexp.MustCompile(`(?i)(?:^|[^a-z0-9_])(?:user(?:name)?|login|u)[ \t]*/[ \t]*(?:password|passwd|pass|pwd|pw|p)(?:[ \t]*[:=][ \t]*|[ \t]+(?:is|are)[ \t]+|[ \t]+)` + pairUser),
		groups: []int{2},
		needs:  hintLoginPair,
		accept: credentialValue,
	},
	{
		re:     regexp.MustCompile(`(?i)(?:^|[^a-z0-9_])(?:log[ -]?in|logon|sign[ -]?in|creds?|credentials?)(?:[ \t]*[:=][ \t]*|[ \t]+(?:is|are|as)[ \t]+|[ \t]+)` + pairUser),
		groups: []int{2},
		needs:  hintLoginPair,
		accept: secretLike,
	},
	{ // password=..., "api_key": "...", client_secret: ..., "private_key_id": "..."
		re:     regexp.MustCompile(`(?i)` + longKey + `["']?[ \t]*[:=][ \t]*` + value),
		groups: []int{1, 2, 3},
		needs:  hintKeyValue,
		accept: credentialValue,
		rest:   notUserOfPair,
	},
	{ // pw: ..., sftp-pw=...
		re:     regexp.MustCompile(`(?i)` + shortKeyPrefix + `pw["']?[ \t]*[:=][ \t]*` + value),
		groups: []int{1, 2, 3},
		needs:  hintPW,
		accept: credentialValue,
		rest:   notUserOfPair,
	},
	{ // pass: ..., sftp_pass=...; bare, only a value that looks like a
		// password, for "first pass: match by EAN"
		re:     regexp.MustCompile(`(?i)` + shortKeyPrefix + `pass["']?[ \t]*[:=][ \t]*` + value),
		groups: []int{1, 2, 3},
		needs:  hintPass,
		accept: credentialValue,
		bare:   secretLike,
		rest:   notUserOfPair,
	},
	{ // the password is "hunter2", the API key is K3y2024x: quoted, any value;
		// bare, only one that looks like a password, for "the token is valid"
		re:     regexp.MustCompile(`(?i)(?:` + longKey + `|` + shortKey + `)["']?[ \t]+(?-i:[iI][sS]):?[ \t]+` + value),
		groups: []int{1, 2, 3},
		needs:  hintIs,
		accept: credentialValue,
		bare:   secretLike,
		rest:   notUserOfPair,
	},
	{ // the signature of a shared access signature URL
		re:     regexp.MustCompile(`(?i)[?&;]sig=([^&\s;]+)`),
		groups: []int{1},
		needs:  hintKeyValue,
	},
	{
		re:     regexp.MustCompile(`(?i)\bbearer[ \t]+([A-Za-z0-9._~+/=-]{16,})`),
		groups: []int{1},
		needs:  hintAuthScheme,
		accept: tokenLike,
	},
	{
		re:     regexp.MustCompile(`(?i)\bbasic[ \t]+([A-Za-z0-9+/]{16,}={0,2})`),
		groups: []int{1},
		needs:  hintAuthScheme,
		accept: tokenLike,
	},
	{ // vendor token formats recognisable on their own, plus JWTs
		re: regexp.MustCompile(`\b(?:` +
			`(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}\b` + // AWS access key ids
			`|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}` + // Stripe secret and restricted keys
			`|whsec_[A-Za-z0-9]{16,}` + // Stripe webhook secrets
			`|sk-[A-Za-z0-9_-]{20,}` + // AI-provider style secret keys
			`|AIza[0-9A-Za-z_-]{35}` + // Google API keys
			`|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}` + // GitHub tokens
			`|xox[abposre]-[A-Za-z0-9-]{12,}` + // Slack tokens
			`|shp(?:at|ss|ca|pa)_[A-Fa-f0-9]{32}` + // Shopify app tokens
			`|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}` + // SendGrid keys
			`|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}` + // Square tokens
			`|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*` + // JWTs
			`)`),
		groups: []int{0},
		needs:  hintToken,
	},
	{ // the secret path of a Slack incoming webhook
		re:     regexp.MustCompile(`hooks\.slack\.com/services/([A-Za-z0-9_/]+)`),
		groups: []int{1},
		needs:  hintSlackHook,
	},
	{ // an AWS secret access key written beside its key id: 40 characters of
		// base64 shortly after the id or, once the id is redacted (by the
		// token shape above, or in an export written before this shape),
		// after the mark. Last, so it sees every mark the others leave.
		re: regexp.MustCompile(`(?:(?:AKIA|ASIA)[A-Z0-9]{16}|` + regexp.QuoteMeta(Mark) + `)[^\n]{0,40}?` +
			`[^A-Za-z0-9/+=\n]([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`),
		groups: []int{1},
		needs:  hintAWSSecret,
		accept: mixedCase,
		again:  true,
	},
}

// notCredentials are words people write after "password:" or "token:" that
// say where a credential is rather than what it is.
var notCredentials = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "at": true, "by": true, "changed": true,
	"empty": true, "for": true, "from": true, "held": true, "in": true, "is": true, "kept": true,
	"managed": true, "missing": true, "n/a": true, "na": true, "needed": true, "nil": true,
	"no": true, "none": true, "not": true, "null": true, "of": true, "on": true, "only": true,
	"or": true, "per": true, "required": true, "rotated": true, "see": true, "set": true,
	"shared": true, "stored": true, "tbd": true, "the": true, "to": true, "unknown": true,
	"unset": true, "vault": true, "via": true, "was": true, "with": true, "yes": true,
}

// envReference is a value that names an environment variable ($SFTP_PASS)
// rather than holding the secret.
var envReference = regexp.MustCompile(`^\$[A-Z_][A-Z0-9_]*$`)

// credentialValue tells a value written after a sensitive key from a word,
// a placeholder, a mask or an earlier redaction.
func credentialValue(v string) bool {
	switch {
	case strings.TrimSpace(v) == "",
		strings.HasPrefix(v, Mark),
		strings.HasPrefix(v, "${"), strings.HasPrefix(v, "{{"), envReference.MatchString(v),
		strings.Trim(v, "*•xX.-_") == "",
		notCredentials[strings.ToLower(strings.TrimRight(v, ".,;:!?)"))]:
		return false
	}
	return true
}

// secretLike tells a password written into a sentence ("the password is
// Winter2024", "login ops / P@ssw0rd!") from the words prose puts there
// ("expired", "AES-256-GCM", "ERP"): at least eight characters, letters
// with digits or symbols, and no hyphen, which technical terms have.
func secretLike(v string) bool {
	if len(v) < 8 || strings.IndexByte(v, '-') >= 0 || !credentialValue(v) {
		return false
	}
	var letter, other bool
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9' || strings.IndexByte("!@#$%^&*+=~?", c) >= 0:
			other = true
		}
	}
	return letter && other
}

// notUserOfPair refuses a value followed by "/ [redacted]": it is the user
// of a pair whose password a pair shape redacted (user/password: celigo /
// [redacted]), not a password itself.
func notUserOfPair(after string) bool {
	after = strings.TrimLeft(after, " \t")
	if !strings.HasPrefix(after, "/") {
		return true
	}
	return !strings.HasPrefix(strings.TrimLeft(after[1:], " \t"), Mark)
}

// mixedCase is what a random 40-character AWS secret has and a hex digest
// or a word does not: capitals, small letters and digits.
func mixedCase(v string) bool {
	var upper, lower, digit bool
	for i := 0; i < len(v); i++ {
		c := v[i]
		upper = upper || c >= 'A' && c <= 'Z'
		lower = lower || c >= 'a' && c <= 'z'
		digit = digit || c >= '0' && c <= '9'
	}
	return upper && lower && digit
}

// tokenLike keeps "Bearer authentication" prose apart from a real token: a
// token has a digit, or capitals after its first letter.
func tokenLike(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || i > 0 && c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// secretAt returns where the secret of one match is, if the match holds one.
func (c *credentialShape) secretAt(s string, m []int) (start, end int, ok bool) {
	for i, g := range c.groups {
		if m[2*g] < 0 {
			continue
		}
		start, end = m[2*g], m[2*g+1]
		v := s[start:end]
		switch {
		case strings.HasPrefix(v, Mark),
			c.accept != nil && !c.accept(v),
			c.bare != nil && i == len(c.groups)-1 && !c.bare(v),
			c.rest != nil && !c.rest(s[end:]):
			return 0, 0, false
		}
		return start, end, true
	}
	return 0, 0, false
}

// ContainsSecret reports whether s holds something shaped like a credential:
// an API key, a token, a password after "password=", a private key. Text
// already redacted holds none.
func ContainsSecret(s string) bool {
	h := hintsOf(s)
	if h == 0 {
		return false
	}
	for i := range credentialShapes {
		c := &credentialShapes[i]
		if h&c.needs == 0 {
			continue
		}
		for _, m := range c.re.FindAllStringSubmatchIndex(s, -1) {
			if _, _, ok := c.secretAt(s, m); ok {
				return true
			}
		}
	}
	return false
}

// Text replaces each credential in s with Mark, keeping what names it
// ("password=[redacted]"), so the reader still knows a credential was there.
// Redacting twice gives the same text as redacting once.
func Text(s string) string {
	h := hintsOf(s)
	if h == 0 {
		return s
	}
	for i := range credentialShapes {
		c := &credentialShapes[i]
		if h&c.needs != 0 {
			s = c.redact(s)
		}
	}
	return s
}

func (c *credentialShape) redact(s string) string {
	for {
		r := c.redactOnce(s)
		if !c.again || r == s {
			return r
		}
		s = r
	}
}

func (c *credentialShape) redactOnce(s string) string {
	var b strings.Builder
	last, changed := 0, false
	for _, m := range c.re.FindAllStringSubmatchIndex(s, -1) {
		start, end, ok := c.secretAt(s, m)
		if !ok {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(Mark)
		last, changed = end, true
	}
	if !changed {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// MentionsCredential is what SECRET_IN_NOTES looks for: a credential, or the
// mark a redaction left, so re-exporting an export reports the same finding.
func MentionsCredential(s string) bool {
	return strings.Contains(s, Mark) || ContainsSecret(s)
}

// Message redacts an error message that may quote what a file held. Go's
// %q escapes the quotes inside a value (password is \"hunter2\"), which
// hides the value from the shapes, so each quoted value is unquoted,
// redacted and quoted again before the whole message is.
func Message(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			break
		}
		i += j
		q, err := strconv.QuotedPrefix(s[i:])
		if err != nil {
			continue
		}
		if v, err := strconv.Unquote(q); err == nil {
			if r := Text(v); r != v {
				b.WriteString(s[last:i])
				b.WriteString(strconv.Quote(r))
				last = i + len(q)
			}
		}
		i += len(q) - 1
	}
	if last == 0 {
		return Text(s)
	}
	b.WriteString(s[last:])
	return Text(b.String())
}
