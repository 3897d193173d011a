package report

import (
	"strconv"
	"strings"

	"github.com/archreview/archreview/model"
)

// Evidence in the Word document: beside what it backs, a web address as a
// real hyperlink (Word's Hyperlink style, an external relationship of the
// document), a file path or a ticket key as text with its address after
// the label, as the HTML pack shows them. Nothing is fetched.

// relHyperlink is the relationship type of a hyperlink's address.
const relHyperlink = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

// TargetMode is how the package reads a relationship's target: a
// hyperlink's address lies outside it; every other target is a part.
func (r relationship) TargetMode() string {
	if r.Type == relHyperlink {
		return "External"
	}
	return ""
}

// docxLink is one address the document links to, and its relationship.
type docxLink struct{ id, target string }

// references writes links as a paragraph of the Fact style: the label in
// bold ("Evidence"), then each link, a web address as a hyperlink. It
// writes nothing without links.
func (d *docxBody) references(label string, links []model.Evidence) {
	if len(links) == 0 {
		return
	}
	d.paraRuns("Fact", func() {
		d.run(label+": ", "<w:b/>")
		for i, ref := range evidenceRefs(links) {
			if i > 0 {
				d.run("; ", "")
			}
			switch {
			case ref.Web && webAddress(ref.URL):
				d.hyperlink(ref.Title, ref.URL)
			case ref.Web || ref.Shown == "":
				d.run(ref.Title, "")
			default:
				d.run(ref.Title+" ("+ref.Shown+")", "")
			}
		}
	})
}

// hyperlink writes text as a hyperlink to a web address. An address the
// document links to already keeps its relationship, so each address is
// one line of the relationships, in the order the document first names it.
func (d *docxBody) hyperlink(text, address string) {
	target := linkTarget(address)
	id := ""
	for _, l := range d.links {
		if l.target == target {
			id = l.id
			break
		}
	}
	if id == "" {
		id = "rIdLink" + strconv.Itoa(len(d.links)+1)
		d.links = append(d.links, docxLink{id, target})
	}
	d.b.WriteString(`<w:hyperlink r:id="` + id + `" w:history="1">`)
	d.run(oneLine(text), `<w:rStyle w:val="Hyperlink"/>`)
	d.b.WriteString("</w:hyperlink>")
}

// linkRelationships are the document's relationships to the addresses it
// links to.
func (d *docxBody) linkRelationships() []relationship {
	out := make([]relationship, len(d.links))
	for i, l := range d.links {
		out[i] = relationship{l.id, relHyperlink, l.target}
	}
	return out
}

// webAddress says whether an address is one a hyperlink may hold: http or
// https only. The session's validation refuses every other scheme already;
// this keeps a link the document writes from ever being another.
func webAddress(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// linkTarget is a web address as a relationship's target, which must be a
// URI: a byte a URI may not hold (a space, a bracket outside the host, a
// letter beyond ASCII, a "%" that starts no escape) is percent-encoded;
// every other byte is the address as it was typed. The XML escaping of the
// relationships part is the template's.
func linkTarget(u string) string {
	u = strings.TrimSpace(u)
	host := -1 // where the host starts, past "scheme://" and any user
	if i := strings.Index(u, "://"); i >= 0 {
		host = i + 3
		rest := u[host:]
		if end := strings.IndexAny(rest, "/?#"); end >= 0 {
			rest = rest[:end]
		}
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			host += at + 1
		}
	}
	hostEnd := len(u)
	if host >= 0 {
		if end := strings.IndexAny(u[host:], "/?#"); end >= 0 {
			hostEnd = host + end
		}
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		inHost := i >= host && i < hostEnd
		if uriByte(c) || ((c == '[' || c == ']') && inHost) || (c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2])) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)>>4, 16)+strconv.FormatUint(uint64(c)&15, 16)))
	}
	return b.String()
}

// uriByte says whether a URI holds the byte as it is: a letter, a digit,
// or one of RFC 3986's unreserved and reserved characters but the
// brackets, which only an IPv6 host may hold.
func uriByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#@!$&'()*+,;=", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
