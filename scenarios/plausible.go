package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

// Implausible values are valid and load, with a warning that says what was
// probably meant: a number without a unit is seconds, so "handle: 4" is a
// handle time of 4 seconds, and a thousands separator is not part of YAML's
// numbers.

// minHandle is the shortest mean handle time that is plausible for a
// contact: even a call that only checks a balance takes longer.
const minHandle = 10

// minPatience is the shortest mean patience that does not warn, in
// seconds.
const minPatience = 10

// minDeferredTarget is the shortest plausible target time of an email or
// messaging channel, whose first replies are measured in minutes or hours.
const minDeferredTarget = 60

var (
	// groupedNumber is a number written with commas between groups of
	// three digits: 6,000 or 1,250,000.5.
	groupedNumber = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
	// digitGroup is what a flow mapping or list splits off such a number at
	// a comma: 000 or 250.5.
	digitGroup = regexp.MustCompile(`^[0-9]{3}(\.[0-9]+)?$`)
	plainInt   = regexp.MustCompile(`^[0-9]+$`)
	// dottedThousand is a whole number written with a dot before three
	// zeros, 16.000: where a dot groups thousands (de, fr, it...) it is
	// sixteen thousand, in YAML sixteen.
	dottedThousand = regexp.MustCompile(`^[1-9][0-9]{0,2}\.000$`)
)

// thousands reads numbers written with a thousands separator as the
// numbers they mean, with a warning. In block style, "per_day: 6,000" is
// the string "6,000"; in a flow mapping, "{per_day: 6,000}" splits at the
// comma into per_day: 6 and a key 000 without a value, which means nothing
// else: a digit group right after a whole number and its comma, with no
// space, is joined back to it. In a flow list, "[1,000, 2,000]" is four
// items, and [100,200] may well mean two: lists are only warned about.
// Quoted strings are left alone.
func (d *decoder) thousands(n *yaml.Node) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			d.thousands(c)
		}
	case yaml.ScalarNode:
		if n.Style == 0 && n.Tag == "!!float" && dottedThousand.MatchString(n.Value) {
			whole := strings.TrimSuffix(n.Value, ".000")
			d.warn(n, "", fmt.Sprintf("if %s thousand was meant, write %s000", whole, whole),
				"read %s as %s: in YAML a dot is a decimal point, not a thousands separator", n.Value, whole)
		}
		if n.Style == 0 && n.Tag == "!!str" && groupedNumber.MatchString(n.Value) {
			v := strings.ReplaceAll(n.Value, ",", "")
			d.warnGrouped(n, n.Value, v)
			n.Value, n.Tag = v, "!!int"
			if strings.Contains(v, ".") {
				n.Tag = "!!float"
			}
		}
	case yaml.MappingNode:
		if n.Style&yaml.FlowStyle != 0 {
			// Pairs: a value, then a key that is a digit group with no
			// value, right after the comma.
			for i := 1; i+2 < len(n.Content); i += 2 {
				v := n.Content[i]
				width := len(v.Value)
				text := v.Value
				for i+2 < len(n.Content) && joins(v, width, n.Content[i+1]) && n.Content[i+2].Tag == "!!null" && n.Content[i+2].Value == "" {
					k := n.Content[i+1]
					text += "," + k.Value
					width += 1 + len(k.Value)
					v.Value += k.Value
					n.Content = slices.Delete(n.Content, i+1, i+3)
				}
				if text != v.Value {
					d.warnGrouped(v, text, v.Value)
					v.Tag = numberTag(v.Value)
				}
			}
		}
		for _, c := range n.Content {
			d.thousands(c)
		}
	case yaml.SequenceNode:
		// In a list, [100,200] may be two values written without a space:
		// the items are left as they are, with a warning.
		if n.Style&yaml.FlowStyle != 0 {
			for i := 0; i+1 < len(n.Content); i++ {
				if v, next := n.Content[i], n.Content[i+1]; joins(v, len(v.Value), next) {
					d.warn(v, "", fmt.Sprintf("if %s,%s is one number, write %s%s; if two, put a space after the comma", v.Value, next.Value, v.Value, next.Value),
						"%s,%s is read as two values, %s and %s", v.Value, next.Value, v.Value, next.Value)
				}
			}
		}
		for _, c := range n.Content {
			d.thousands(c)
		}
	}
}

// joins reports whether next is a digit group written right after the
// comma that follows v, whose text so far is width characters long.
func joins(v *yaml.Node, width int, next *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Style == 0 && v.Tag == "!!int" && plainInt.MatchString(v.Value) &&
		next.Kind == yaml.ScalarNode && next.Style == 0 && digitGroup.MatchString(next.Value) &&
		next.Line == v.Line && next.Column == v.Column+width+1
}

func numberTag(v string) string {
	if strings.Contains(v, ".") {
		return "!!float"
	}
	return "!!int"
}

func (d *decoder) warnGrouped(n *yaml.Node, text, v string) {
	d.warn(n, "", "write "+v+" without a thousands separator",
		"read %s as %s: a comma is not a thousands separator in YAML", text, v)
}

// plausibleHandle warns when a channel's mean handle time is implausibly
// short for a contact.
func (b *builder) plausibleHandle(n *yaml.Node, path string, d sim.Dist) {
	b.shortMean(n, path, d, minHandle, "a mean handle time of %s is implausibly short for a contact")
}

// plausiblePatience warns when callers' mean patience is implausibly
// short: seconds are the unit of a bare number, and "patience: 6" meant in
// minutes makes nearly every caller abandon.
func (b *builder) plausiblePatience(n *yaml.Node, path string, d sim.Dist) {
	b.shortMean(n, path, d, minPatience, "a mean patience of %s is implausibly short: nearly every caller who waits would hang up")
}

// shortMean warns, with format, when the mean of d is above zero and
// below least seconds, as a number of minutes written without its unit
// would be.
func (b *builder) shortMean(n *yaml.Node, path string, d sim.Dist, least float64, format string) {
	mean := d.Average()
	if !(mean > 0 && mean < least) {
		return
	}
	b.warn(resolve(n), path, meantHint(mean, "m"), format, secondsText(mean))
}

// plausibleDeferredTarget warns when the target time of an email or
// messaging channel is under a minute.
func (b *builder) plausibleDeferredTarget(n *yaml.Node, path string, threshold float64) {
	if !(threshold > 0 && threshold < minDeferredTarget) {
		return
	}
	b.warn(resolve(n), path, meantHint(threshold, "h"),
		"a first-reply target of %s is implausibly short for a deferred channel", secondsText(threshold))
}

// meantHint says how to write v in the unit that was probably meant.
func meantHint(v float64, unit string) string {
	return fmt.Sprintf("a number without a unit is seconds; if %s %s was meant, write %s%s", fmtNumber(v), unitName(unit), fmtNumber(v), unit)
}

func unitName(unit string) string {
	switch unit {
	case "h":
		return "hours"
	case "m":
		return "minutes"
	}
	return unit
}

func fmtNumber(v float64) string { return fmt.Sprintf("%g", v) }

func secondsText(v float64) string {
	if v == 1 {
		return "1 second"
	}
	return fmtNumber(v) + " seconds"
}

// arrivalsWhileOpen fits a real-time channel's arrivals to its opening
// hours. A volume a day spread by a profile is spread over the open time
// alone (sim.DailyArrivals.RatesWhileOpen), so that the day's volume
// arrives while the channel is open; a warning says so when part of it
// would have fallen in closed hours, and when a day's volume cannot arrive
// at all. Volumes given per interval and recorded arrivals are kept as
// given: those in closed hours do not arrive (rates) or are turned away
// (recorded arrivals), with a warning that counts them.
func (b *builder) arrivalsWhileOpen(c *sim.Channel, n *yaml.Node, path string) {
	a := &c.Arrivals
	if n == nil || !b.sized {
		return
	}
	n = resolve(n)
	ilen := b.step
	closedSeconds := func(i int) float64 {
		return ilen - c.OpenSeconds(float64(i)*ilen, float64(i+1)*ilen)
	}
	// closedVolume is the volume that rates per second put in closed hours.
	closedVolume := func(rates []float64) float64 {
		v := 0.0
		for i, r := range rates {
			v += r * closedSeconds(i)
		}
		return v
	}
	days := float64(b.intervals) * ilen / 86400
	switch {
	case a.Daily != nil:
		before := closedVolume(a.Rates)
		var lost [7]int
		a.Rates, lost = a.Daily.RatesWhileOpen(ilen, b.intervals, b.s.StartWeekday, c.Hours)
		for wd, days := range lost {
			if days > 0 {
				b.warn(n, path, "open the channel that day, or give it no volume",
					"the %s contacts of each %s would arrive while the channel is closed: they are lost",
					fmtNumber(a.Daily.Volume[wd]), weekdayName(time.Weekday(wd)))
				before -= float64(days) * a.Daily.Volume[wd]
			}
		}
		if before > 0.5 {
			b.warn(n, path, "arrivals follow the opening hours: the day's volume arrives while open",
				"the profile puts %s contacts a day in closed hours; they are spread over the open hours instead", fmtNumber(roundTo(before/days, 1)))
		}
	case a.Rates != nil:
		if closed := closedVolume(a.Rates); closed > 0.5 {
			b.warn(n, path, "give no volume while closed, or open the channel then",
				"%s contacts a day fall in closed hours and will not arrive", fmtNumber(roundTo(closed/days, 1)))
		}
	case a.Counts != nil:
		closed := 0.0
		for i, k := range a.Counts {
			closed += float64(k) * closedSeconds(i) / ilen
		}
		if closed > 0.5 {
			b.warn(n, path, "recorded arrivals while closed are turned away (counted as blocked)",
				"about %s recorded arrivals fall in closed hours", fmtNumber(roundTo(closed, 1)))
		}
	case a.Times != nil:
		closed := 0
		for _, t := range a.Times {
			if c.NextOpen(t) != t {
				closed++
			}
		}
		if closed > 0 {
			b.warn(n, path, "recorded arrivals while closed are turned away (counted as blocked)",
				"%d recorded arrivals fall in closed hours", closed)
		}
	}
}

func roundTo(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
