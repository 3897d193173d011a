package report

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archreview/archreview/model"
)

// Right-to-left names (a system called "نظام الطلبات", an owner called
// "דנה") must not reorder the sentence or the table cell around them. The
// packs isolate user text that holds right-to-left letters: the Markdown
// pack between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL
// ISOLATE, the HTML pack in <bdi> elements. Text without such letters
// cannot change the direction of what surrounds it and goes as it is, so
// the packs of most sessions are the bytes they always were.
//
// A sentence the packs build around user text (a key message, a route, a
// claim) isolates each piece as it builds it (isolate); the writers keep
// those isolates, and isolate the whole of a text that still holds
// right-to-left letters outside them.

const (
	fsi = '\u2068' // FIRST STRONG ISOLATE
	pdi = '\u2069' // POP DIRECTIONAL ISOLATE
)

// rtlScripts are the scripts written right to left.
var rtlScripts = []*unicode.RangeTable{
	unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko, unicode.Samaritan,
	unicode.Mandaic, unicode.Adlam, unicode.Hanifi_Rohingya, unicode.Mende_Kikakui, unicode.Yezidi,
}

// rtlRune reports whether a letter is written right to left.
func rtlRune(r rune) bool { return r >= 0x0590 && unicode.IsOneOf(rtlScripts, r) }

// mayNeedIsolation reports whether the text holds anything the isolation
// acts on: a right-to-left letter or an isolate mark. ASCII text never does.
func mayNeedIsolation(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if r == fsi || r == pdi || rtlRune(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// isolate is user text ready to go inside a sentence: its controls
// dropped, and between FSI and PDI when it holds right-to-left letters.
func isolate(s string) string {
	if !mayNeedIsolation(s) {
		return s
	}
	return isolated(sanitize(s, true))
}

// isolated wraps text that holds right-to-left letters outside any isolate
// in one isolate of its own; text whose isolates are balanced (sanitize
// with its isolates kept) and already hold every such letter is returned as
// it is.
func isolated(s string) string {
	depth := 0
	for _, r := range s {
		switch {
		case r == fsi:
			depth++
		case r == pdi:
			depth--
		case depth == 0 && rtlRune(r):
			return string(fsi) + s + string(pdi)
		}
	}
	return s
}

// balanceIsolates is what sanitize does with the isolate marks it keeps:
// a PDI with no FSI open is dropped and every FSI left open is closed at
// the end, so no isolate runs past the text into the pack's own words.
type balanceIsolates struct{ depth int }

// keep reports whether the mark goes into the text.
func (bi *balanceIsolates) keep(r rune) bool {
	if r == fsi {
		bi.depth++
		return true
	}
	if bi.depth == 0 {
		return false
	}
	bi.depth--
	return true
}

func (bi *balanceIsolates) close(b *strings.Builder) {
	for ; bi.depth > 0; bi.depth-- {
		b.WriteRune(pdi)
	}
}

// sanitize drops what a terminal or renderer would act on: control and
// direction-override characters, bytes that are not UTF-8. Tabs become
// spaces, carriage returns are dropped; line breaks stay. With
// keepIsolates, FSI and PDI stay too, balanced.
func sanitize(s string, keepIsolates bool) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if clean && r != '\n' && model.IsTerminalControl(r) {
			clean = false
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	var bi balanceIsolates
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case keepIsolates && (r == fsi || r == pdi):
			if bi.keep(r) {
				b.WriteRune(r)
			}
		case model.IsTerminalControl(r):
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	bi.close(&b)
	return b.String()
}

// whereIsolated is where, its flow or domain isolated.
func whereIsolated(flowName, domain string) string {
	if flowName == "" && domain != "" {
		return isolate(domain) + " domain"
	}
	return isolate(where(flowName, domain))
}

// joinIsolated joins user texts with sep, each isolated.
func joinIsolated(elems []string, sep string) string {
	parts := make([]string, len(elems))
	for i, e := range elems {
		parts[i] = isolate(e)
	}
	return strings.Join(parts, sep)
}

// userHTML is user text for an element's content: escaped, and in a
// <bdi> when it holds right-to-left letters; the isolates of a sentence
// built around user text become <bdi> elements of their own.
func userHTML(s string) template.HTML {
	if !strings.ContainsAny(s, "\x00\"&'+<>") && !mayNeedIsolation(s) {
		return template.HTML(s) // nothing in it to escape or isolate
	}
	if !mayNeedIsolation(s) {
		var b strings.Builder
		writeHTMLText(&b, s)
		return template.HTML(b.String()) // escaped just above
	}
	var b strings.Builder
	writeUserHTML(&b, s)
	return template.HTML(b.String()) // escaped by writeUserHTML
}

// writeUserHTML writes user text as userHTML makes it.
func writeUserHTML(b *strings.Builder, s string) {
	if !mayNeedIsolation(s) {
		writeHTMLText(b, s)
		return
	}
	s = isolated(sanitize(s, true))
	start := 0
	for i, r := range s {
		if r != fsi && r != pdi {
			continue
		}
		writeHTMLText(b, s[start:i])
		if r == fsi {
			b.WriteString("<bdi>")
		} else {
			b.WriteString("</bdi>")
		}
		start = i + utf8.RuneLen(r)
	}
	writeHTMLText(b, s[start:])
}
