package output

import (
	"math"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// Thousands puts commas between groups of three digits of an integer
// written in digits: "1234567" becomes "1,234,567".
func Thousands(digits string) string {
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Int writes n with thousands separators.
func Int(n int) string { return Thousands(strconv.Itoa(n)) }

// Number writes v with the given decimals and thousands separators from
// 1,000: "12,500", "2,500.5". Past a trillion nobody reads the digits, so
// the number is kept short; "-" when it is undefined, like every other
// figure.
func Number(v float64, decimals int) string {
	if math.IsNaN(v) {
		return "-"
	}
	if math.Abs(v) < 1e-12 {
		v = 0
	}
	if math.Abs(v) >= 1e12 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if math.Abs(v) >= 1000 {
		whole, frac, _ := strings.Cut(s, ".")
		s = Thousands(whole)
		if frac != "" {
			s += "." + frac
		}
	}
	return s
}

// Float writes v with prec decimals, "-" when it is undefined.
func Float(v float64, prec int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// FloatCI writes a mean with prec decimals and the half-width of its 95%
// confidence interval: "4.2±0.3"; "-" when it is undefined.
func FloatCI(s sim.Stat, prec int) string {
	if math.IsNaN(s.Mean) {
		return "-"
	}
	out := Float(s.Mean, prec)
	if !math.IsNaN(s.HalfWidth) {
		out += "±" + Float(s.HalfWidth, prec)
	}
	return out
}

// Count writes a mean count: whole, with thousands separators, when it
// is within 0.05 of a whole number or 1,000 or more; with one decimal
// otherwise.
func Count(v float64) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case math.Abs(v-math.Round(v)) < 0.05:
		return whole(v)
	}
	return Quantity(v)
}

// Quantity writes a count or an amount in a check or a delta: whole with
// thousands separators from 1,000, one decimal below.
func Quantity(v float64) string { return wholeFrom1000(v, 1) }

// withUnit names a column of money with its currency: "cost (USD)".
func withUnit(label, currency string) string {
	if currency == "" {
		return label
	}
	return label + " (" + currency + ")"
}

// moneySuffix puts the currency after an amount: " USD", or nothing.
func moneySuffix(currency string) string {
	if currency == "" {
		return ""
	}
	return " " + currency
}

// Money writes an amount of the scenario's currency: whole with thousands
// separators from 1,000, with cents below.
func Money(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return wholeFrom1000(v, 2)
}

// wholeFrom1000 writes v whole with thousands separators from 1,000, and
// with the given decimals below: past a thousand, decimals are noise.
func wholeFrom1000(v float64, decimals int) string {
	if math.Abs(v) >= 1000 {
		return whole(v)
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// whole writes v rounded, with thousands separators.
func whole(v float64) string { return Thousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64)) }

// Share writes a fraction as a percentage with one decimal: "80.9%".
func Share(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return points(v) + "%"
}

// points writes a fraction in percentage points with one decimal, the
// unit of a share's half-width and of its change.
func points(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) }

// ShareCI writes a share with the half-width of its 95% confidence
// interval in points: "80.9%±1.3".
func ShareCI(s sim.Stat) string {
	if math.IsNaN(s.Mean) {
		return "-"
	}
	out := Share(s.Mean)
	if !math.IsNaN(s.HalfWidth) {
		out += "±" + points(s.HalfWidth)
	}
	return out
}

// Percent writes a fraction as a percentage with the digits it needs:
// "99.9%", "80%". It is for settings (a confidence level, a shrinkage),
// not for measured shares. It rounds to a millionth of a point, so that
// 0.57 reads "57%", not 100*0.57's "56.99999999999999%".
func Percent(v float64) string { return strconv.FormatFloat(math.Round(v*1e8)/1e6, 'f', -1, 64) + "%" }

// A durationUnit is the unit a duration is read in.
type durationUnit struct {
	seconds       float64 // its length
	short, spaced string  // its sign in tables ("m") and in prose (" min")
}

var (
	secondUnit = durationUnit{1, "s", " s"}
	minuteUnit = durationUnit{60, "m", " min"}
	hourUnit   = durationUnit{3600, "h", " h"}
)

// unitFor picks the unit of a duration of about ref seconds: seconds
// below ten minutes, minutes below two hours, hours beyond.
func unitFor(ref float64) durationUnit {
	switch ref = math.Abs(ref); {
	case ref < 600:
		return secondUnit
	case ref < 7200:
		return minuteUnit
	}
	return hourUnit
}

// in writes v seconds in the unit, with one decimal.
func (u durationUnit) in(v float64) string {
	return strconv.FormatFloat(v/u.seconds, 'f', 1, 64)
}

// durationColumn picks one unit for a column of durations: the unit of
// its largest value, so that a column never mixes seconds and minutes.
func durationColumn(vs []float64) durationUnit {
	ref := math.NaN()
	for _, v := range vs {
		if finite(v) && !(math.Abs(v) <= ref) {
			ref = math.Abs(v)
		}
	}
	if math.IsNaN(ref) {
		return secondUnit
	}
	return unitFor(ref)
}

// header names a column of durations with its unit: "ASA (s)".
func (u durationUnit) header(name string) string {
	return name + " (" + strings.TrimSpace(u.spaced) + ")"
}

// cell writes a duration in the column's unit, "-" when undefined.
func (u durationUnit) cell(v float64) string {
	if !finite(v) {
		return "-"
	}
	return u.in(v)
}

// cellCI writes a duration with the half-width of its 95% confidence
// interval, both in the column's unit: "24.3±4.5".
func (u durationUnit) cellCI(s sim.Stat) string {
	out := u.cell(s.Mean)
	if out != "-" && finite(s.HalfWidth) {
		out += "±" + u.in(s.HalfWidth)
	}
	return out
}

// HorizonText names a horizon's length: "1 day", "7 days" when it is
// whole days, else hours and minutes as scenarios write them ("8h",
// "1h30m", "36h"), never a long fraction of a day.
func HorizonText(seconds float64) string {
	if days := seconds / 86400; days >= 1 && days == math.Trunc(days) {
		return Plural(days, "day")
	}
	return scenarios.FormatDuration(seconds)
}

// Seconds writes a duration compactly with one decimal, in the unit
// unitFor picks: "24.3s", "12.1m", "2.1h".
func Seconds(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	u := unitFor(v)
	return u.in(v) + u.short
}

// SecondsCI writes a duration with the half-width of its 95% confidence
// interval in seconds, below ten minutes: "24.3s±4.5".
func SecondsCI(s sim.Stat) string {
	if math.IsNaN(s.Mean) {
		return "-"
	}
	out := Seconds(s.Mean)
	if !math.IsNaN(s.HalfWidth) && s.Mean < 600 {
		out += "±" + strconv.FormatFloat(s.HalfWidth, 'f', 1, 64)
	}
	return out
}

// Plural writes v with a noun in the right number: "1 day", "2.5 days".
func Plural(v float64, noun string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v == 1 {
		return s + " " + noun
	}
	return s + " " + noun + "s"
}

// Signed writes a signed change: a change that rounds to zero gets no
// sign, so that it reads as none.
func signed(abs string, v float64) string {
	if !strings.ContainsAny(abs, "123456789") {
		return abs
	}
	if v < 0 {
		return "-" + abs
	}
	return "+" + abs
}

// jsonNumber writes a value of a JSON document with ten significant
// digits, more than replications can tell apart and few enough to read;
// null where it is undefined, as JSON has no NaN.
func jsonNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

// csvNumber writes a value of a CSV document as jsonNumber does, empty
// where it is undefined.
func csvNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}
