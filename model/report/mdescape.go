package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// mdLineBreak stands for a line break inside a table cell or a list item:
// raw HTML such as <br> is dropped by pandoc's docx writer and by
// cmark-gfm's safe mode, and a real line break would end the row.
const mdLineBreak = " ¶ "

// wordJoiner is invisible; put after an @ it keeps an address or a handle
// from turning into a link (cmark-gfm and GitHub link e-mail addresses
// whatever backslashes they carry).
const wordJoiner = '\u2060'

// mdText makes text typed in the room safe wherever the pack writes it
// inline: a table cell, a list item, a heading. pandoc, cmark-gfm and GitHub
// then render the same text and the same cells from it:
//
//   - control and direction-override characters are dropped, blank runs
//     become one space, and line breaks become " ¶ ";
//   - text with right-to-left letters is isolated between U+2068 and
//     U+2069, and the isolates of a sentence built around user text are
//     kept, balanced (see bidi.go);
//   - every character that starts markup in one of them is escaped with a
//     backslash: \ ` * _ [ { } # | ~ ^ $ @ " (pandoc's smart quotes can
//     eat a space between nested ones), and a "--" pair (smart dashes);
//   - < and > become entities, and so does an & that would start one, so
//     no tag or entity typed in an answer reaches the renderer, nor a
//     "<script>" the raw file;
//   - bare URLs stay text: the ":" of "://" and the "." of "www." are
//     escaped, and an @ followed by a word gets an invisible word joiner.
func mdText(s string) string {
	if mayNeedIsolation(s) {
		s = isolated(sanitize(s, true))
	} else {
		s = sanitizeText(s)
	}
	if plainMarkdown(s) {
		return s // most text needs nothing: skip the copy
	}
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	s = strings.Join(lines, "\n")
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		rest := s[i+size:]
		switch {
		case r == '\n':
			b.WriteString(mdLineBreak)
		case r == '&' && startsEntity(rest):
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '@':
			b.WriteString(`\@`)
			if next, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(next) || unicode.IsDigit(next) {
				b.WriteRune(wordJoiner)
			}
		case strings.ContainsRune("\\`*_[{}#|~^$\"", r),
			r == ':' && strings.HasPrefix(rest, "//"),
			r == '-' && strings.HasPrefix(rest, "-"),
			r == '.' && afterWWW(s[:i]):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// plainMarkdown reports whether text reads the same in every renderer as it
// is: one line, single spaces, nothing that starts markup.
func plainMarkdown(s string) bool {
	if strings.ContainsAny(s, "\n\t<>@\\`*_[{}#|~^$\"") || strings.Contains(s, "  ") ||
		strings.Contains(s, "://") || strings.Contains(s, "--") || hasWWW(s) {
		return false
	}
	return strings.TrimSpace(s) == s && !anyEntity(s)
}

// hasWWW reports whether the text holds "www." in any case, without the
// lowered copy of every cell that strings.ToLower would make.
func hasWWW(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if s[i+3] == '.' && strings.EqualFold(s[i:i+3], "www") {
			return true
		}
	}
	return false
}

// startsEntity reports whether the text after an & would make it an entity
// (&amp; &#38; &#x26;), which renderers would turn into its character.
func startsEntity(rest string) bool {
	rest = strings.TrimPrefix(rest, "#")
	n := 0
	for n < len(rest) && n < 32 && (rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z' || rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	return n > 0 && n < len(rest) && rest[n] == ';'
}

func anyEntity(s string) bool {
	for i := strings.IndexByte(s, '&'); i >= 0; {
		if startsEntity(s[i+1:]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '&')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// afterWWW reports whether the text before a "." ends in the word "www", the
// start of a link cmark-gfm and GitHub make on their own.
func afterWWW(before string) bool {
	if len(before) < 3 || !strings.EqualFold(before[len(before)-3:], "www") {
		return false
	}
	if len(before) == 3 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before[:len(before)-3])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
