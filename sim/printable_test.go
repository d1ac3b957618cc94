package sim

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Tuesday plan":                   "Tuesday plan",
		"Crème brûlée 中心":                "Crème brûlée 中心",
		"0.1\x1b[2J\r\n::warning::pwned": `0.1\x1b[2J\r\n::warning::pwned`,
		"a\tb\x7fc":                      `a\tb\x7fc`,
		"left\u202eright":                `left\u202eright`,
		"bad \xff byte":                  `bad \xff byte`,
		"\u0085next line":                `\u0085next line`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
