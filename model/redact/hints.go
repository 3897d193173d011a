package redact

import (
	"math/bits"
	"strings"
)

// hint is a cheap property of a text that a credential shape needs before its
// regular expression is worth running; every derivation of the summary (for
// each export, and when the app draws its summary tab after the answers
// changed) scans every answer, and most answers have none of these.
type hint uint16

const (
	hintKeyValue   hint = 1 << iota // "=" or ":" after a word such as password or token
	hintPW                          // "=" or ":" after pw, and a value
	hintPass                        // "=" or ":" after pass, and a value that may be a password
	hintToken                       // a long run of token characters holding a vendor prefix
	hintAuthScheme                  // "Bearer" or "Basic" before a long run of token characters
	hintSlackHook                   // a Slack webhook address
	hintURLUser                     // "://" followed later by "@"
	hintPEM                         // "-----BEGIN"
	hintIs                          // "is" after a word such as password or token
	hintLoginPair                   // "/" after a word and a login word before it
	hintUserOption                  // "-u" or "--user", as curl takes a user and password
	hintAWSSecret                   // a run of 40 token characters beside a credential
)

// awsSecretRun is the length of an AWS secret access key.
const awsSecretRun = 40

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

// longKeySuffixes end every long key name the key-value shapes recognise
// (and sig, the signature of an address), once an "_id" is taken off; a
// name ending in key counts only after one of keyKinds, so the idempotency
// key and a natural key cost nothing.
var (
	longKeySuffixes = []string{"password", "passwd", "passphrase", "pwd", "secret", "token", "sig"}
	keyKinds        = []string{"api", "access", "account", "private", "secret", "signing", "encryption"}
)

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
	if eq := strings.IndexByte(s, '='); eq >= 0 {
		h |= keysIn(s, eq, '=', 0)
	}
	if colon := strings.IndexByte(s, ':'); colon >= 0 {
		h |= keysIn(s, colon, ':', h)
		if i := strings.Index(s[colon:], "://"); i >= 0 && strings.IndexByte(s[colon+i:], '@') >= 0 {
			h |= hintURLUser
		}
	}
	if dash := strings.IndexByte(s, '-'); dash >= 0 {
		if strings.Contains(s[dash:], "-----BEGIN") {
			h |= hintPEM
		}
		if userOptionIn(s[dash:]) {
			h |= hintUserOption
		}
	}
	if slash := strings.IndexByte(s, '/'); slash >= 0 && loginPairIn(s, slash) {
		h |= hintLoginPair
	}
	h |= chunkHints(s)
	// An AWS secret counts beside a key id or a mark, and every other shape
	// leaves a mark where it redacts, so any of their hints will do.
	if h == hintAWSSecret && !strings.Contains(s, Mark) {
		h = 0
	}
	return h
}

// userOptionIn reports whether s, from a "-" on, holds an option that could
// be curl's -u or --user (or -U) followed by its value.
func userOptionIn(s string) bool {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], '-')
		if i < 0 || off+i+2 >= len(s) {
			return false
		}
		off += i + 1
		if c := s[off]; c == 'u' || c == 'U' {
			if n := s[off+1]; n == ' ' || n == '\t' || n == '=' || n == 's' || n == 'S' {
				return true
			}
		}
	}
}

// isKeyIsAt reports whether s[i:] starts the "is" of "password is ...".
func isKeyIsAt(s string, i int) bool {
	if i == 0 || i+2 >= len(s) || s[i]|0x20 != 'i' || s[i+1]|0x20 != 's' || s[i-1] != ' ' && s[i-1] != '\t' {
		return false
	}
	n := s[i+2]
	if n != ' ' && n != '\t' && n != ':' {
		return false
	}
	// After "is" only a quoted value or one like a password counts, so
	// "the token is valid" costs no regular expression.
	return valueAfter(s, i+3, secretLike) && keyBefore(s, i) != 0
}

// valueAfter reports whether what follows blanks from s[from] on can be the
// secret of a key-value shape: a quoted value, or a bare one bare accepts.
func valueAfter(s string, from int, bare func(string) bool) bool {
	j := from
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		return true
	}
	k := j
	for k < len(s) && strings.IndexByte(" \t\n\f\r\"'<>", s[k]) < 0 {
		k++
	}
	return bare(s[j:k])
}

// loginWords end the word before a user and password written "user /
// password" (login, log-in, creds, credentials; and pass, password, pw, p
// ending a pair label such as user/password).
var loginWords = []string{"login", "log-in", "logon", "signin", "sign-in", "cred", "creds", "credential", "credentials",
	"password", "passwd", "pass", "pwd", "pw"}

// loginPairIn reports whether any "/" in s, from s[from] on, parts a word
// from the one before it after a login word: the pair shapes' start.
func loginPairIn(s string, from int) bool {
	for off := from; ; {
		i := strings.IndexByte(s[off:], '/')
		if i < 0 {
			return false
		}
		if loginPairBefore(s, off+i) {
			return true
		}
		off += i + 1
	}
}

// pairUserByte marks the bytes the user of a pair is written with: all but
// white space, the slash, quotes, angle brackets and key separators.
var pairUserByte = func() (t [256]bool) {
	for c := range t {
		t[c] = strings.IndexByte(" \t\n\f\r/\"'<>:=", byte(c)) < 0
	}
	return t
}()

// loginPairBefore walks back from the slash at s[slash] over the user, the
// separator (":", "=", "is", "are", "as" or spaces) and the word before it,
// as the pair shapes read forwards.
func loginPairBefore(s string, slash int) bool {
	j := skipBlanksBack(s, slash)
	k := j
	for k > 0 && pairUserByte[s[k-1]] {
		k--
	}
	if k == j {
		return false
	}
	k = skipBlanksBack(s, k)
	if k > 0 && (s[k-1] == ':' || s[k-1] == '=') {
		k = skipBlanksBack(s, k-1)
	}
	w := letterWordBefore(s, k)
	if strings.EqualFold(w, "is") || strings.EqualFold(w, "are") || strings.EqualFold(w, "as") {
		w = letterWordBefore(s, skipBlanksBack(s, k-len(w)))
	}
	switch {
	case strings.EqualFold(w, "in"), strings.EqualFold(w, "p"):
		return true // log in, sign in; u/p
	}
	for _, lw := range loginWords {
		if len(w) >= len(lw) && strings.EqualFold(w[len(w)-len(lw):], lw) {
			return true
		}
	}
	return false
}

func skipBlanksBack(s string, j int) int {
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	return j
}

// letterWordBefore is the run of letters and hyphens ending at s[j].
func letterWordBefore(s string, j int) string {
	k := j
	for k > 0 {
		c := s[k-1] | 0x20
		if !(c >= 'a' && c <= 'z') && s[k-1] != '-' {
			break
		}
		k--
	}
	return s[k:j]
}

// keysIn is the hints of the keys before any sep in s, from s[from] on,
// given the hints found so far.
func keysIn(s string, from int, sep byte, found hint) hint {
	const all = hintKeyValue | hintPW | hintPass
	var h hint
	for off := from; (h|found)&all != all; {
		i := strings.IndexByte(s[off:], sep)
		if i < 0 {
			break
		}
		at := off + i
		switch k := keyBefore(s, at); k {
		case hintPW:
			if valueAfter(s, at+1, credentialValue) {
				h |= k
			}
		case hintPass:
			// A bare value after pass must look like a password: "first
			// pass: by EAN" costs no regular expression.
			if valueAfter(s, at+1, secretLike) {
				h |= k
			}
		default:
			h |= k
		}
		off = at + 1
	}
	return h
}

// chunkHints reads s eight bytes at a time for what a byte search cannot
// find cheaply. It finds the runs of at least minTokenRun token bytes and
// looks inside them: such a run holds a whole aligned 8-byte chunk, so only
// chunks without a space are looked at byte by byte. And it finds the "is"
// of "the password is ...": the letter i is too common to search for one at
// a time, while a chunk holding "is" is rare enough to look at.
func chunkHints(s string) hint {
	const spaces = 0x2020202020202020
	var h hint
	k := 0
	for ; k+8 <= len(s); k += 8 {
		x := load64(s, k)
		if h&hintIs == 0 && isInChunk(s, k, x) {
			h |= hintIs
		}
		if zeroBytes(x^spaces) != 0 {
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
			if end-start >= awsSecretRun {
				h |= hintAWSSecret
			}
			if authSchemeBefore(s, start) {
				h |= hintAuthScheme
			}
		}
		// Resume after the chunk holding the run's end; the chunks passed
		// over hold no blank, so no "is" after a blank starts in them but in
		// that last one.
		next := (end - 1) &^ 7
		if next > k && next+8 <= len(s) && h&hintIs == 0 && isInChunk(s, next, load64(s, next)) {
			h |= hintIs
		}
		k = next
	}
	for ; k+1 < len(s) && h&hintIs == 0; k++ {
		if isKeyIsAt(s, k) {
			h |= hintIs
		}
	}
	return h
}

func load64(s string, k int) uint64 {
	return uint64(s[k]) | uint64(s[k+1])<<8 | uint64(s[k+2])<<16 | uint64(s[k+3])<<24 |
		uint64(s[k+4])<<32 | uint64(s[k+5])<<40 | uint64(s[k+6])<<48 | uint64(s[k+7])<<56
}

// zeroBytes has the high bit set of each zero byte of v (and maybe of a
// byte above one), so whatever it flags is checked again.
func zeroBytes(v uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (v - ones) &^ v & highs
}

// isInChunk reports whether an "is" of "password is" starts in the chunk
// x = s[k:k+8]: an i or I with an s or S after it, the last byte's s being
// the next chunk's first.
func isInChunk(s string, k int, x uint64) bool {
	const lower = 0x2020202020202020
	y := x | lower
	is := zeroBytes(y^0x6969696969696969) & (zeroBytes(y^0x7373737373737373) >> 8)
	if y>>56 == 'i' && k+8 < len(s) && s[k+8]|0x20 == 's' {
		is |= 1 << 63
	}
	for ; is != 0; is &= is - 1 {
		if isKeyIsAt(s, k+bits.TrailingZeros64(is)/8) {
			return true
		}
	}
	return false
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

// keyBefore says which kind of sensitive key the separator at s[sep]
// follows, allowing a closing quote and blanks between: hintKeyValue for a
// long name (DB_PASSWORD, client_secret, "API key", private_key_id),
// hintPW or hintPass for pw or pass alone or after a separator (sftp_pass,
// not bypass), or none.
func keyBefore(s string, sep int) hint {
	j := skipBlanksBack(s, sep)
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	k := j
	for k > 0 && keyByte[s[k-1]] {
		k--
	}
	key := s[k:j]
	if n := len(key); n > 3 && (key[n-3] == '_' || key[n-3] == '-') && strings.EqualFold(key[n-2:], "id") {
		key = key[:n-3]
	}
	for _, short := range [...]struct {
		name string
		h    hint
	}{{"pw", hintPW}, {"pass", hintPass}} {
		if n, m := len(key), len(short.name); hasSuffixFold(key, short.name) && (n == m || strings.IndexByte("_.-", key[n-m-1]) >= 0) {
			return short.h
		}
	}
	for _, suffix := range longKeySuffixes {
		if hasSuffixFold(key, suffix) {
			return hintKeyValue
		}
	}
	if !hasSuffixFold(key, "key") {
		return 0
	}
	kind := key[:len(key)-3]
	switch {
	case kind == "" && k > 0 && s[k-1] == ' ': // "API key": the word before the space
		m := k - 1
		for m > 0 && keyByte[s[m-1]] {
			m--
		}
		kind = s[m : k-1]
	case strings.HasSuffix(kind, "_") || strings.HasSuffix(kind, "-"):
		kind = kind[:len(kind)-1]
	}
	for _, w := range keyKinds {
		if hasSuffixFold(kind, w) {
			return hintKeyValue
		}
	}
	return 0
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
