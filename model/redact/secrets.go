// Package redact finds credentials in the answers of a session (API keys,
// tokens, passwords written after "password=", private keys) and replaces
// them with a mark before a session leaves the laptop.
//
// It is a leaf: it works on text and imports no package of archreview's;
// model/report walks a document with it, and model/review is handed
// MentionsCredential to find the places SECRET_IN_NOTES names.
package redact

import (
	"regexp"
	"strings"
)

// Mark stands in for a credential in exports. No credential shape matches
// it, so redacting a redacted text changes nothing.
const Mark = "[redacted]"

// hint is a cheap property of a text that a credential shape needs before its
// regular expression is worth running; every derivation of the summary (for
// each export, and when the app draws its summary tab after the answers
// changed) scans every answer, and most answers have none of these.
type hint uint8

const (
	hintKeyValue   hint = 1 << iota // "=" or ":" after a word such as password or token
	hintToken                       // a long run of token characters holding a vendor prefix
	hintAuthScheme                  // "Bearer" or "Basic" before a long run of token characters
	hintSlackHook                   // a Slack webhook address
	hintURLUser                     // "://" followed later by "@"
	hintPEM                         // "-----BEGIN"
)

// minTokenRun is the shortest run of token characters any token shape below
// can match; keep it no longer than the shortest of them.
const minTokenRun = 16

// tokenPrefixes start the vendor token formats of the token shape below,
// filed under their first byte.
var tokenPrefixes = func() (t [256][]string) {
	for _, p := range []string{
		"AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA", "AIza",
		"sk_", "rk_", "sk-", "whsec_", "gh", "github_pat_", "xox", "shp", "SG.", "sq0", "eyJ",
	} {
		t[p[0]] = append(t[p[0]], p)
	}
	return t
}()

// sensitiveSuffixes end every key the key-value shapes recognise.
var sensitiveSuffixes = []string{"password", "passwd", "passphrase", "pwd", "secret", "token", "key", "sig"}

// credentialShape is one way a credential is written down.
type credentialShape struct {
	re     *regexp.Regexp
	groups []int // submatches that hold the secret; the first that matched is it
	needs  hint
	accept func(secret string) bool // nil accepts any secret
}

var credentialShapes = []credentialShape{
	{ // PEM private key blocks: the body is the secret, the armour lines stay
		re:     regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----([\s\S]*?)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\z)`),
		groups: []int{1},
		needs:  hintPEM,
		accept: func(s string) bool { return strings.TrimSpace(s) != "" },
	},
	{ // user:password@ in a connection string or URL
		re:     regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s/@]+)@`),
		groups: []int{1},
		needs:  hintURLUser,
	},
	{ // password=..., "api_key": "...", client_secret: ..., aws_secret_access_key=...
		re:     regexp.MustCompile(`(?i)\b[a-z0-9_.-]*?(?:password|passwd|passphrase|pwd|secret|token|api[ _-]?key|apikey|access[ _-]?key|account[ _-]?key|private[ _-]?key|secret[ _-]?key|signing[ _-]?key|encryption[ _-]?key)["']?[ \t]*[:=][ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'<>]+))`),
		groups: []int{1, 2, 3},
		needs:  hintKeyValue,
		accept: credentialValue,
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

// credentialValue tells a value written after a sensitive key from a word,
// a placeholder, a mask or an earlier redaction.
func credentialValue(v string) bool {
	switch {
	case strings.TrimSpace(v) == "",
		strings.HasPrefix(v, Mark),
		strings.HasPrefix(v, "${"), strings.HasPrefix(v, "{{"),
		strings.Trim(v, "*•xX.-_") == "",
		notCredentials[strings.ToLower(strings.TrimRight(v, ".,;:!?)"))]:
		return false
	}
	return true
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

// tokenByte marks the bytes a token is written with.
var tokenByte = func() (t [256]bool) {
	for c := range t {
		t[c] = wordByte(byte(c)) || strings.IndexByte("-+/.=~", byte(c)) >= 0
	}
	return t
}()

// keyByte marks the bytes of a key name such as db_password or x-api-key.
var keyByte = func() (t [256]bool) {
	for c := range t {
		t[c] = wordByte(byte(c)) || c == '.' || c == '-'
	}
	return t
}()

// hintsOf finds which credential shapes could match s. It leans on the
// vectorised byte searches of the strings package and reads long texts eight
// bytes at a time, because the summary runs it over every answer.
func hintsOf(s string) hint {
	var h hint
	if eq := strings.IndexByte(s, '='); eq >= 0 && sensitiveKeyIn(s, eq, '=') {
		h |= hintKeyValue
	}
	if colon := strings.IndexByte(s, ':'); colon >= 0 {
		if h&hintKeyValue == 0 && sensitiveKeyIn(s, colon, ':') {
			h |= hintKeyValue
		}
		if i := strings.Index(s[colon:], "://"); i >= 0 && strings.IndexByte(s[colon+i:], '@') >= 0 {
			h |= hintURLUser
		}
	}
	if dash := strings.IndexByte(s, '-'); dash >= 0 && strings.Contains(s[dash:], "-----BEGIN") {
		h |= hintPEM
	}
	return h | longRunHints(s)
}

// sensitiveKeyIn reports whether any sep in s, from s[from] on, follows a
// sensitive key.
func sensitiveKeyIn(s string, from int, sep byte) bool {
	for off := from; ; {
		i := strings.IndexByte(s[off:], sep)
		if i < 0 {
			return false
		}
		if sensitiveKeyBefore(s, off+i) {
			return true
		}
		off += i + 1
	}
}

// longRunHints finds the runs of at least minTokenRun token bytes and looks
// inside them. Such a run holds a whole aligned 8-byte chunk, so only chunks
// without a space are looked at byte by byte.
func longRunHints(s string) hint {
	const spaces, ones, highs = 0x2020202020202020, 0x0101010101010101, 0x8080808080808080
	var h hint
	for k := 0; k+8 <= len(s); k += 8 {
		x := uint64(s[k]) | uint64(s[k+1])<<8 | uint64(s[k+2])<<16 | uint64(s[k+3])<<24 |
			uint64(s[k+4])<<32 | uint64(s[k+5])<<40 | uint64(s[k+6])<<48 | uint64(s[k+7])<<56
		if v := x ^ spaces; (v-ones)&^v&highs != 0 {
			continue // the chunk holds a space
		}
		start, end := k, k
		for end < len(s) && tokenByte[s[end]] {
			end++
		}
		if end < k+8 {
			continue // the chunk holds another separator
		}
		for start > 0 && tokenByte[s[start-1]] {
			start--
		}
		if end-start >= minTokenRun {
			h |= runHints(s[start:end])
			if authSchemeBefore(s, start) {
				h |= hintAuthScheme
			}
		}
		k = (end - 1) &^ 7 // resume at the chunk holding the run's end
	}
	return h
}

// runHints looks inside one run of token characters for the start of a
// vendor token or a Slack webhook.
func runHints(run string) hint {
	var h hint
	for j := 0; j < len(run); j++ {
		if j > 0 && wordByte(run[j-1]) {
			continue // a token starts at a word boundary
		}
		for _, p := range tokenPrefixes[run[j]] {
			if strings.HasPrefix(run[j:], p) {
				h |= hintToken
				break
			}
		}
	}
	if strings.Contains(run, "hooks.slack.com/services/") {
		h |= hintSlackHook
	}
	return h
}

func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// authSchemeBefore reports whether "Bearer" or "Basic" and a space come just
// before the run starting at s[start].
func authSchemeBefore(s string, start int) bool {
	j := start
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j == start {
		return false
	}
	for _, scheme := range []string{"bearer", "basic"} {
		if j >= len(scheme) && strings.EqualFold(s[j-len(scheme):j], scheme) {
			return true
		}
	}
	return false
}

// sensitiveKeyBefore reports whether the separator at s[sep] follows a key
// ending in a sensitive word, allowing a closing quote and spaces between.
func sensitiveKeyBefore(s string, sep int) bool {
	j := sep
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	k := j
	for k > 0 && keyByte[s[k-1]] {
		k--
	}
	key := s[k:j]
	for _, suffix := range sensitiveSuffixes {
		if len(key) >= len(suffix) && strings.EqualFold(key[len(key)-len(suffix):], suffix) {
			return true
		}
	}
	return false
}

// secretAt returns where the secret of one match is, if the match holds one.
func (c *credentialShape) secretAt(s string, m []int) (start, end int, ok bool) {
	for _, g := range c.groups {
		if m[2*g] < 0 {
			continue
		}
		v := s[m[2*g]:m[2*g+1]]
		if strings.HasPrefix(v, Mark) || c.accept != nil && !c.accept(v) {
			return 0, 0, false
		}
		return m[2*g], m[2*g+1], true
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
