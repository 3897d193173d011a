package report

import (
	"strings"
	"testing"
)

func TestFileStem(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Race 17", "race-17"},
		{"  Spring replatform: ERP & OMS!  ", "spring-replatform-erp-oms"},
		{"Überprüfung 2026", "berpr-fung-2026"},
		{"../../etc/passwd", "etc-passwd"},
		{"", "session"},
		{"!!!", "session"},
		{strings.Repeat("ab ", 40), strings.TrimSuffix(strings.Repeat("ab-", 16), "-")},
	}
	for _, c := range cases {
		if got := FileStem(c.name); got != c.want {
			t.Errorf("FileStem(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
