package inventory

import (
	"strings"
	"unicode"

	"github.com/archreview/archreview/model"
)

// Guesses from names: what a product or a word in a name says a system is,
// or what a flow moves. They are shown as guesses for the room to confirm.

// kindNames are the products and words that name a kind of system. The
// longest one a name holds wins, so "SAP Commerce" is a storefront and
// "SAP" alone an ERP.
var kindNames = []struct {
	kind  model.SystemKind
	names []string
}{
	{"storefront", []string{"shopify", "magento", "adobe commerce", "salesforce commerce", "sfcc", "commercetools", "bigcommerce",
		"woocommerce", "shopware", "spryker", "vtex", "sap commerce", "hybris", "storefront", "webshop", "web shop", "ecommerce",
		"e commerce", "website", "web store", "online store"}},
	{"erp", []string{"sap", "s 4", "s4", "s4hana", "s 4hana", "m3", "infor m3", "business central", "dynamics 365 finance", "dynamics nav",
		"navision", "netsuite", "oracle", "jd edwards", "sage", "odoo", "infor", "erp", "visma", "exact", "epicor", "acumatica"}},
	{"oms", []string{"oms", "order management", "fluent commerce", "kibo", "manhattan active omni", "deck commerce"}},
	{"pim", []string{"akeneo", "salsify", "inriver", "pimcore", "stibo", "pim", "plytix", "syndigo", "contentserv"}},
	{"wms", []string{"wms", "warehouse", "manhattan", "blue yonder", "3pl"}},
	{"pos", []string{"pos", "point of sale", "lightspeed", "till"}},
	{"marketplace", []string{"amazon", "ebay", "zalando", "marketplace", "mirakl", "bol com", "etsy"}},
	{"payment", []string{"adyen", "stripe", "paypal", "klarna", "worldpay", "checkout com", "braintree", "psp", "payment", "payments"}},
	{"crm", []string{"salesforce", "hubspot", "crm", "dynamics 365 sales", "loyalty", "customer service"}},
	{"ipaas", []string{"boomi", "dell boomi", "mulesoft", "celigo", "workato", "jitterbit", "ipaas", "logic apps", "sap cpi",
		"integration suite", "tray io", "zapier", "integration platform", "alumio"}},
	{"middleware", []string{"esb", "kafka", "rabbitmq", "service bus", "event hub", "eventbridge", "middleware", "message broker",
		"queue", "biztalk", "tibco", "message bus", "event bus", "sqs", "pub sub"}},
	{"connector", []string{"connector", "plugin", "app connector"}},
	{"batch-job", []string{"batch", "cron", "job", "script", "scheduler"}},
	{"file-drop", []string{"sftp", "ftp", "s3", "bucket", "file share", "blob storage", "file drop"}},
	{"manual-workaround", []string{"excel", "spreadsheet", "manual", "email", "re keying"}},
	{"edi", []string{"edi", "van", "sps commerce", "truecommerce"}},
	{"tax", []string{"avalara", "vertex", "taxjar", "tax", "tax engine"}},
	{"procurement", []string{"ariba", "coupa", "punch out", "punchout", "jaggaer", "procurement"}},
	{"cpq", []string{"cpq", "quote", "quoting"}},
	{"search", []string{"algolia", "elasticsearch", "bloomreach", "search", "klevu", "coveo", "constructor io"}},
	{"shipping", []string{"shipstation", "sendcloud", "easypost", "ups", "dhl", "fedex", "carrier", "shipping", "nshift", "metapack"}},
}

// guessKind is the kind a system's name (or a shape's style) suggests, or
// other when it suggests none.
func guessKind(text string) model.SystemKind {
	kind, longest := model.SystemOther, 0
	w := words(text)
	for _, k := range kindNames {
		for _, n := range k.names {
			if len(n) > longest && strings.Contains(w, " "+n+" ") {
				kind, longest = k.kind, len(n)
			}
		}
	}
	return kind
}

// domainWords are the words that say which data a flow moves, in the
// order they are tried: "return orders" are returns, "order payments"
// payments.
var domainWords = []struct {
	domain string
	words  []string
}{
	{"returns", []string{"return", "returns", "rma", "refunds"}},
	{"payment", []string{"payment", "payments", "capture", "captures", "authorisation", "authorization", "settlement", "settlements"}},
	{"shipment", []string{"shipment", "shipments", "shipping", "tracking", "delivery", "deliveries", "dispatch", "asn", "fulfilment", "fulfillment"}},
	{"price", []string{"price", "prices", "pricing", "promotion", "promotions", "discount", "discounts", "pricelist"}},
	{"inventory", []string{"stock", "stocks", "inventory", "availability", "ats", "atp", "levels"}},
	{"customer", []string{"customer", "customers", "account", "accounts", "address", "addresses", "consent", "contact", "contacts", "member", "members"}},
	{"order", []string{"order", "orders", "checkout", "sales", "invoice", "invoices"}},
	{"catalog", []string{"product", "products", "catalog", "catalogue", "item", "items", "sku", "skus", "assortment", "content", "attributes", "media"}},
}

// unknownDomain is the domain of a flow whose name says nothing of its
// data: the room says which it is.
const unknownDomain = "unknown"

// guessDomain is the domain a flow's name suggests.
func guessDomain(text string) string {
	w := words(text)
	for _, d := range domainWords {
		for _, n := range d.words {
			if strings.Contains(w, " "+n+" ") {
				return d.domain
			}
		}
	}
	return unknownDomain
}

// patternWords are the words that say how a flow moves its data.
var patternWords = []struct {
	pattern model.Pattern
	words   []string
}{
	{model.PatternEventDriven, []string{"event", "events", "event driven", "webhook", "webhooks", "queue", "asynchronous", "async", "kafka", "pub sub", "message"}},
	{model.PatternRealTime, []string{"real time", "realtime", "api", "rest", "graphql", "soap", "synchronous", "sync", "http", "https", "online"}},
	{model.PatternBatch, []string{"batch", "scheduled", "nightly", "daily", "hourly", "cron", "etl"}},
	{model.PatternFile, []string{"file", "files", "sftp", "ftp", "csv", "xml file", "flat file"}},
	{model.PatternManual, []string{"manual", "manually", "email", "spreadsheet", "re keyed"}},
}

// parsePattern is the pattern a cell or a technology names, or "".
func parsePattern(text string) model.Pattern {
	w := words(text)
	if w == " " {
		return ""
	}
	for _, c := range model.PatternChoices {
		if strings.Contains(w, " "+strings.ReplaceAll(c.Value, "-", " ")+" ") {
			return model.Pattern(c.Value)
		}
	}
	for _, p := range patternWords {
		for _, n := range p.words {
			if strings.Contains(w, " "+n+" ") {
				return p.pattern
			}
		}
	}
	return ""
}

// parseKind is the kind a cell names: one of archreview's kinds, said as
// the file says it; else what the words in it suggest, as a guess.
func parseKind(text string) (kind model.SystemKind, guessed bool) {
	key := columnKey(text)
	if key == "" {
		return "", true
	}
	for _, c := range model.SystemKindChoices {
		if columnKey(c.Value) == key {
			return model.SystemKind(c.Value), false
		}
	}
	return guessKind(text), true
}

// isVia reports whether a system of the kind carries other systems' flows.
func isVia(k model.SystemKind) bool { return k == "ipaas" || k == "middleware" }

// words is text in lower case with every run of other characters than
// letters and digits one space, between spaces, so a phrase is found whole.
func words(text string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// columnKey is how headers match: case, spaces and punctuation aside.
func columnKey(s string) string { return strings.ReplaceAll(words(s), " ", "") }
