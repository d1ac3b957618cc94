package output

import (
	"math"
	"strconv"

	"github.com/ccsim/ccsim/sim"
)

// unitNames name the units in JSON and CSV documents.
var unitNames = map[sim.Unit]string{
	sim.Count: "count", sim.Share: "share", sim.Seconds: "seconds", sim.Minutes: "minutes",
	sim.Money: "money", sim.Agents: "agents", sim.Hours: "hours",
}

// UnitName is a unit's name in JSON and CSV documents: "share",
// "seconds".
func UnitName(u sim.Unit) string { return unitNames[u] }

// MetricUnit returns the unit of a metric key: a group metric's when
// group is set, a channel metric's otherwise; false when the key names
// no metric.
func MetricUnit(key string, group bool) (sim.Unit, bool) {
	if group {
		m, ok := sim.GroupMetricByKey(key)
		return m.Unit(), ok
	}
	m, ok := sim.MetricByKey(key)
	return m.Unit(), ok
}

// Value writes v in its unit as the tables of a check print it: shares
// in percent ("81.2%"), durations compactly ("24.3s"), money and counts
// with thousands separators. bare leaves out the percent sign of a share,
// for a half-width or a change in points ("81.2% ±1.1").
func Value(v float64, unit sim.Unit, bare bool) string {
	switch unit {
	case sim.Share:
		if bare {
			return points(v)
		}
		return points(v) + "%"
	case sim.Seconds:
		u := unitFor(v)
		return u.in(v) + u.short
	case sim.Money:
		return Money(v)
	}
	return Quantity(v)
}

// ValueCI writes a mean with its 95% half-width in its unit, "-" when no
// replication defined it: "81.2% ±1.1", "24.3s ±4.5s".
func ValueCI(s sim.Stat, unit sim.Unit) string {
	if s.N == 0 || math.IsNaN(s.Mean) {
		return "-"
	}
	out := Value(s.Mean, unit, false)
	if s.N >= 2 && !math.IsNaN(s.HalfWidth) {
		out += " ±" + Value(s.HalfWidth, unit, true)
	}
	return out
}

// Change writes a signed change in its unit; a share changes in
// percentage points: "+1.2 pp", "-3.0s".
func Change(v float64, unit sim.Unit) string {
	if math.IsNaN(v) {
		return "-"
	}
	s := signed(Value(math.Abs(v), unit, true), v)
	if unit == sim.Share {
		s += " pp"
	}
	return s
}

// Amount writes v in its unit with the unit's sign for prose and
// figures: "80.9%", "24.3 s", "10.1 min", "421.0 h", "7.17 USD". ref
// picks the scale, so that a half-width or a change reads like its
// value: a duration's unit and whether money shows cents.
func Amount(unit sim.Unit, v, ref float64, currency string) (num, sign string) {
	ref = math.Abs(ref)
	switch unit {
	case sim.Share:
		return points(v), "%"
	case sim.Seconds:
		u := unitFor(ref)
		return u.in(v), u.spaced
	case sim.Hours:
		return Number(v, 1), " h"
	case sim.Money:
		if currency != "" {
			currency = " " + currency
		}
		if ref >= 1000 {
			return Number(math.Round(v), 0), currency
		}
		return strconv.FormatFloat(v, 'f', 2, 64), currency
	}
	return Number(v, 1), ""
}
