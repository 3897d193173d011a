package pack

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
)

// ediWords are what marks a question as one about EDI documents.
var ediWords = `\b(EDI|X12|EDIFACT|VAN|AS2|ASN|ORDRSP|PRICAT|850|855|856|810|832|846)\b`

// The built-in packs ask a flow what fits it: a storefront's webhook of
// orders into the ERP is asked nothing of EDI documents, an EDI partner's
// orders are; likewise punch-out, marketplace, till and redirect questions
// follow the systems they are about.
func TestBuiltinQuestionsFitTheFlow(t *testing.T) {
	l := Load()
	systems := systemsOf("storefront", "erp", "edi", "procurement", "marketplace", "pos", "oms", "pim", "ipaas", "file-drop", "connector", "wms")
	cases := []struct {
		pack   string
		flow   *model.Flow
		domain []string // every one of these domains, at every step
		never  string   // no question asked matches
		asked  []string // each is matched by some question asked
	}{
		{"b2b-distribution", flowOf("storefront", "erp", "", "event-driven", ""), Domains(), ediWords + `|punch-out|cXML|OCI`, nil},
		{"b2b-distribution", flowOf("storefront", "erp", "ipaas", "event-driven", "order"), []string{"order"}, ediWords + `|punch-out|trading partner`, []string{`portal order the order of record`}},
		{"b2b-distribution", flowOf("edi", "erp", "", "file", "order"), []string{"order"}, `punch-out`, []string{`EDI 850`, `X12 or EDIFACT`, `\b855\b`, `VAN`, `fails translation`, `ASN`}},
		{"b2b-distribution", flowOf("erp", "edi", "", "batch", "inventory"), []string{"inventory"}, `punch-out`, []string{`\(846\)`}},
		{"b2b-distribution", flowOf("procurement", "storefront", "", "real-time", "order"), []string{"order"}, ediWords, []string{`punch-out session`, `punch-out cart`}},
		{"marketplace-seller", flowOf("storefront", "erp", "", "event-driven", "order"), Domains(), `(?i)marketplace|Seller Central|SP-API|Buy Box|ASIN`, nil},
		{"marketplace-seller", flowOf("erp", "marketplace", "connector", "batch", "inventory"), []string{"inventory"}, ``, []string{`Seller Central`, `SP-API`, `stock reach each marketplace`, `channel manager or connector`}},
		{"omnichannel-pos", flowOf("storefront", "oms", "", "event-driven", "payment"), []string{"payment", "catalog", "customer"}, `(?i)\btills?\b|\bPOS\b|loyalty`, nil},
		{"omnichannel-pos", flowOf("pos", "erp", "ipaas", "batch", "inventory"), []string{"inventory"}, ``, []string{`tills work offline`, `sale by sale`, `busiest Saturday`}},
		{"headless-replatform", flowOf("erp", "oms", "", "event-driven", "order"), Domains(), `(?i)redirect|front end|search engines`, nil},
		{"headless-replatform", flowOf("pim", "storefront", "", "real-time", "catalog"), []string{"catalog"}, ``, []string{`redirects from old URLs`, `new front end`, `search engines`}},
	}
	for _, c := range cases {
		p := l.Get(c.pack)
		for _, d := range c.domain {
			f := *c.flow
			f.Domain = d
			name := fmt.Sprintf("%s: %s → %s via %q (%s, %s)", c.pack, f.From, f.To, f.Via, f.Contract.Pattern, d)
			var all []string
			for _, s := range model.Steps {
				qs := p.Questions(s, &f, systems)
				if len(qs) < 3 {
					t.Errorf("%s is asked %d questions at the %s step; a built-in pack asks every flow at least 3", name, len(qs), s)
				}
				all = append(all, qs...)
			}
			if c.never != "" {
				for _, q := range all {
					if matched(c.never, q) {
						t.Errorf("%s is asked %q", name, q)
					}
				}
			}
			for _, want := range c.asked {
				if !slices.ContainsFunc(all, func(q string) bool { return matched(want, q) }) {
					t.Errorf("%s is not asked anything matching %s; it is asked\n%s", name, want, strings.Join(all, "\n"))
				}
			}
		}
	}
}

func matched(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
