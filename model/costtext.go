package model

import (
	"regexp"
	"strconv"
	"strings"
)

// Reading a v1 or v2 answer on the cost of downtime as an amount an hour.
// Only an answer that says it plainly is read: one sum of money with its
// currency ("EUR 20k", "€20,000", "20k EUR", "USD 1.5m"), then a few words
// at most and an hour ("per hour", "an hour", "/h", "hourly"). A sum a day
// or a week is not divided into hours: what an hour of it costs depends on
// when the orders come, which the room knows and the text does not say.
// A number without a currency is not money ("40 orders an hour"), and a
// range, a bound ("up to EUR 20k an hour"), two sums an hour, or an hour
// followed by another "per" ("EUR 500 an hour per store") is not plain.

// currencyWords are the ways of naming a currency the reading knows, by
// the ISO 4217 code they name.
var currencyWords = map[string]string{
	"€": "EUR", "euro": "EUR", "euros": "EUR",
	"£": "GBP", "$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD",
}

// currencyCodes are the codes the reading takes written out.
var currencyCodes = []string{"eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", "czk", "huf",
	"cad", "aud", "nzd", "jpy", "cny", "inr", "brl", "mxn", "zar", "sgd", "hkd", "aed"}

const (
	// A number with its thousands grouped (20,000; 20.000; 1'500; 20 000)
	// and perhaps a fraction, or plain digits with perhaps a fraction.
	moneyNumber = `(\d{1,3}(?:[,.' \x{a0}\x{202f}]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)`
	moneyScale  = `(?:\s?(thousand|million|billion|mn|bn|k|m)\b)?`
)

var (
	currencyBefore = `(€|£|us\$|a\$|c\$|\$|\b(?:` + strings.Join(currencyCodes, "|") + `))`
	currencyAfter  = `(€|£|\$|\b(?:` + strings.Join(currencyCodes, "|") + `|euros?)\b)`
	moneyPattern   = regexp.MustCompile(currencyBefore + `\s?` + moneyNumber + moneyScale + `|` + moneyNumber + moneyScale + `\s?` + currencyAfter)
	// anHour is the hour after a sum: a few words, none a number or a
	// link to another thing, then the hour.
	anHour = regexp.MustCompile(`^((?:\s+[a-z'-]+){0,4}?)\s*(?:\b(?:per|an|a|each|every)\s+(?:hour|hr)\b|/\s*(?:hour|hr|h)\b|\bhourly\b|\bp/h\b)`)
	// linking words end the phrase a sum belongs to.
	linkingWords = map[string]bool{"and": true, "or": true, "but": true, "plus": true, "then": true, "if": true, "per": true, "each": true, "vs": true, "versus": true}
	perMore      = regexp.MustCompile(`^\s*(?:per|each|for each|a|an)\s+[a-z]`)
	boundBefore  = regexp.MustCompile(`(?:\bup to|\bless than|\bmore than|\bover|\bunder|\bbelow|\babove|\bat least|\bat most|\bmax(?:imum)?|\bmin(?:imum)?|<|>|≤|≥)\s*$`)
	rangeBefore  = regexp.MustCompile(`\d[\d.,']*\s*(?:k|m|mn|bn)?\s*(?:[€£$]|[a-z]{3})?\s*(?:[-–—]|\bto)\s*$`)
	rangeAfter   = regexp.MustCompile(`^\s*(?:[-–—]|to\b)\s*[€£$]?\s*\d`)
)

// DowntimeCostFromText reads an answer on the cost of downtime as an
// amount an hour and the ISO 4217 code of its currency; ok is false unless
// the answer says both plainly (see above).
func DowntimeCostFromText(text string) (perHour float64, currency string, ok bool) {
	t := strings.ToLower(text)
	found := 0
	for _, m := range moneyPattern.FindAllStringSubmatchIndex(t, -1) {
		start, end := m[0], m[1]
		before, after := t[:start], t[end:]
		hour := anHour.FindStringSubmatch(after)
		if hour == nil || linking(hour[1]) {
			continue
		}
		found++
		if boundBefore.MatchString(before) || rangeBefore.MatchString(before) || rangeAfter.MatchString(after) ||
			perMore.MatchString(after[len(hour[0]):]) {
			return 0, "", false
		}
		// The sum is a currency then a number, or a number then a
		// currency: groups 1-3 or 4-6 of moneyPattern.
		sym, num, scale := group(t, m, 1), group(t, m, 2), group(t, m, 3)
		if sym == "" {
			num, scale, sym = group(t, m, 4), group(t, m, 5), group(t, m, 6)
		}
		n, good := moneyAmount(num, scale)
		if !good {
			return 0, "", false
		}
		perHour, currency = n, currencyCode(sym)
	}
	if found != 1 || perHour <= 0 {
		return 0, "", false
	}
	return perHour, currency, true
}

// group is the text of a submatch, by its number, or "".
func group(t string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return t[m[2*i]:m[2*i+1]]
}

func linking(words string) bool {
	for _, w := range strings.Fields(words) {
		if linkingWords[w] {
			return true
		}
	}
	return false
}

func currencyCode(sym string) string {
	if c, ok := currencyWords[sym]; ok {
		return c
	}
	return strings.ToUpper(sym)
}

// moneyAmount reads a sum's number and its scale: a separator followed by
// three digits groups thousands, any other separator starts a fraction.
func moneyAmount(num, scale string) (float64, bool) {
	ungroup := strings.NewReplacer(",", "", ".", "", "'", "", " ", "", "\u00a0", "", "\u202f", "")
	digits := ungroup.Replace(num)
	if i := strings.LastIndexAny(num, ",."); i >= 0 && len(num)-i-1 != 3 {
		digits = ungroup.Replace(num[:i]) + "." + num[i+1:]
	}
	n, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, false
	}
	switch scale {
	case "k", "thousand":
		n *= 1e3
	case "m", "mn", "million":
		n *= 1e6
	case "bn", "billion":
		n *= 1e9
	}
	return n, n <= MaxAmount
}
