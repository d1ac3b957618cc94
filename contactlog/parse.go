package contactlog

import (
	"errors"
	"math"
	"strconv"
	"time"
)

// Field parsers. They work on byte slices so that reading a row does not
// allocate; each returns false on anything it does not recognise, and the
// caller words the problem.

// digits reads b as a non-negative decimal integer of at most 9 digits.
func digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseClock reads a time of day H:MM, H:MM:SS or H:MM:SS.fff and returns
// seconds since midnight. 24:00:00 is accepted as the end of the day.
func parseClock(b []byte) (float64, bool) {
	h, rest, ok := clockPart(b)
	if !ok || len(rest) == 0 || rest[0] != ':' {
		return 0, false
	}
	m, rest, ok := clockPart(rest[1:])
	if !ok || m > 59 || (len(rest) != 0 && rest[0] != ':') {
		return 0, false
	}
	s := 0.0
	if len(rest) > 0 {
		whole, frac, ok := clockPart(rest[1:])
		if !ok || whole > 59 {
			return 0, false
		}
		s = float64(whole)
		if len(frac) > 0 {
			if frac[0] != '.' && frac[0] != ',' {
				return 0, false
			}
			f, ok := fraction(frac[1:])
			if !ok {
				return 0, false
			}
			s += f
		}
	}
	t := float64(h*3600+m*60) + s
	if h > 24 || t > 86400 {
		return 0, false
	}
	return t, true
}

// clockPart reads one or two leading digits.
func clockPart(b []byte) (int, []byte, bool) {
	n, i := 0, 0
	for i < len(b) && i < 2 && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int(b[i]-'0')
		i++
	}
	return n, b[i:], i > 0
}

// fraction reads the digits after a decimal point as a fraction.
func fraction(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n, ok := digits(b)
	if !ok {
		return 0, false
	}
	return float64(n) / math.Pow10(len(b)), true
}

// parseDate reads a date in one of the forms a Mapping recognises and
// returns it as Unix seconds of its midnight (UTC container).
func parseDate(b []byte) (int64, bool) {
	var y, mo, d int
	var ok1, ok2, ok3 bool
	switch {
	case len(b) == 10 && (b[4] == '-' || b[4] == '/') && b[7] == b[4]:
		y, ok1 = digits(b[:4])
		mo, ok2 = digits(b[5:7])
		d, ok3 = digits(b[8:])
	case len(b) == 10 && b[2] == '.' && b[5] == '.':
		d, ok1 = digits(b[:2])
		mo, ok2 = digits(b[3:5])
		y, ok3 = digits(b[6:])
	case len(b) == 8:
		y, ok1 = digits(b[:4])
		mo, ok2 = digits(b[4:6])
		d, ok3 = digits(b[6:])
	case len(b) == 6:
		y, ok1 = digits(b[:2])
		mo, ok2 = digits(b[2:4])
		d, ok3 = digits(b[4:])
		// The pivot of Go's "06" layout: 69-99 are 19xx, 00-68 are 20xx.
		if y >= 69 {
			y += 1900
		} else {
			y += 2000
		}
	default:
		return 0, false
	}
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	return civilDay(y, mo, d)
}

// civilDay returns the Unix time of midnight of y-m-d, rejecting dates that
// do not exist (time.Date would roll 30 February over into March).
func civilDay(y, m, d int) (int64, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return t.Unix(), true
}

// parseDateTime reads a date and a time of day joined by 'T' or a space,
// optionally followed by Z or a UTC offset (+hh, +hhmm, +hh:mm). It returns
// the wall-clock Unix seconds as written and the offset in seconds, with
// hasZone false when none was given.
func parseDateTime(b []byte) (wall float64, offset int, hasZone, ok bool) {
	sep := -1
	for i, c := range b {
		if c == 'T' || c == ' ' {
			sep = i
			break
		}
	}
	if sep < 0 {
		return 0, 0, false, false
	}
	day, ok := parseDate(b[:sep])
	if !ok {
		return 0, 0, false, false
	}
	clock := b[sep+1:]
	for len(clock) > 0 && clock[0] == ' ' {
		clock = clock[1:]
	}
	// A zone suffix starts at Z, + or a '-' after the time's digits.
	end := len(clock)
	for i := len(clock) - 1; i > 0; i-- {
		c := clock[i]
		if c == 'Z' || c == 'z' || c == '+' || c == '-' {
			end = i
			break
		}
	}
	sec, ok := parseClock(trimSpace(clock[:end]))
	if !ok {
		return 0, 0, false, false
	}
	if end < len(clock) {
		offset, ok = parseOffset(clock[end:])
		if !ok {
			return 0, 0, false, false
		}
		hasZone = true
	}
	return float64(day) + sec, offset, hasZone, true
}

// parseOffset reads Z, +hh, +hhmm or +hh:mm (or with '-').
func parseOffset(b []byte) (int, bool) {
	if len(b) == 1 && (b[0] == 'Z' || b[0] == 'z') {
		return 0, true
	}
	if len(b) < 3 {
		return 0, false
	}
	sign := 1
	if b[0] == '-' {
		sign = -1
	}
	h, ok := digits(b[1:3])
	if !ok || h > 14 {
		return 0, false
	}
	rest := b[3:]
	if len(rest) > 0 && rest[0] == ':' {
		rest = rest[1:]
	}
	m := 0
	if len(rest) > 0 {
		if len(rest) != 2 {
			return 0, false
		}
		if m, ok = digits(rest); !ok || m > 59 {
			return 0, false
		}
	}
	return sign * (h*3600 + m*60), true
}

// errNotDuration explains what a duration cell may hold.
var errNotDuration = errors.New("is not a duration (seconds, H:MM:SS or M:SS)")

// parseDuration reads seconds (decimals with '.' or, when comma is true,
// ',' too) or clock form H:MM:SS or M:SS. Empty reads as 0. Negative
// durations are errors.
func parseDuration(b []byte, comma bool) (float64, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if n, ok := digits(b); ok {
		return float64(n), nil
	}
	colons := 0
	for _, c := range b {
		if c == ':' {
			colons++
		}
	}
	switch colons {
	case 0:
		s := b
		if comma {
			for i, c := range b {
				if c == ',' {
					// Copy to swap the decimal comma; short cells only.
					var tmp [32]byte
					if len(b) > len(tmp) {
						return 0, errNotDuration
					}
					n := copy(tmp[:], b)
					tmp[i] = '.'
					s = tmp[:n]
					break
				}
			}
		}
		v, err := strconv.ParseFloat(string(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, errNotDuration
		}
		if v < 0 {
			return 0, errors.New("is negative")
		}
		return v, nil
	case 1:
		m, rest, ok := leadingInt(b)
		if !ok || len(rest) == 0 || rest[0] != ':' {
			return 0, errNotDuration
		}
		s, ok := seconds(rest[1:])
		if !ok {
			return 0, errNotDuration
		}
		return float64(m)*60 + s, nil
	case 2:
		h, rest, ok := leadingInt(b)
		if !ok || len(rest) < 3 || rest[0] != ':' {
			return 0, errNotDuration
		}
		m, ok := digits(rest[1:3])
		if !ok || m > 59 || len(rest) < 4 || rest[3] != ':' {
			return 0, errNotDuration
		}
		s, ok := seconds(rest[4:])
		if !ok {
			return 0, errNotDuration
		}
		return float64(h)*3600 + float64(m)*60 + s, nil
	}
	return 0, errNotDuration
}

// leadingInt reads the digits before the first non-digit (at most 6).
func leadingInt(b []byte) (int, []byte, bool) {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 || i > 6 {
		return 0, b, false
	}
	n, _ := digits(b[:i])
	return n, b[i:], true
}

// seconds reads SS or SS.fff with SS below 60.
func seconds(b []byte) (float64, bool) {
	if len(b) < 2 {
		return 0, false
	}
	s, ok := digits(b[:2])
	if !ok || s > 59 {
		return 0, false
	}
	if len(b) == 2 {
		return float64(s), true
	}
	if b[2] != '.' && b[2] != ',' {
		return 0, false
	}
	f, ok := fraction(b[3:])
	return float64(s) + f, ok
}

// trimSpace trims ASCII spaces and tabs at both ends.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// wallTime turns wall-clock Unix seconds into the UTC container time.
func wallTime(sec float64) time.Time {
	whole := math.Floor(sec)
	return time.Unix(int64(whole), int64(math.Round((sec-whole)*1e9))).UTC()
}
