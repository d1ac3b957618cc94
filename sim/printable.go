package sim

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character that is not printable written
// as a Go escape: control characters (ESC as \x1b, CR as \r, LF as \n, tab
// as \t), bidirectional overrides (\u202e) and other invisible format
// characters, and bytes that are not UTF-8 (\xff). Names and text that come
// from a file (a scenario's name, a baseline's version, a log's queues)
// pass through it wherever they are printed, so that a file cannot move
// the cursor, rewrite a terminal's title, start a new line that a CI
// runner reads as its own command, or reverse what a reader sees. Printable
// text, accents and other scripts included, is left as it is.
func Printable(s string) string {
	if isPrintable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&15, 16))
		case !unicode.IsPrint(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isPrintable(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !unicode.IsPrint(r) {
			return false
		}
		i += size
	}
	return true
}
