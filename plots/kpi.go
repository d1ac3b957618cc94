package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// KPI names one headline measure of a plan over its whole horizon.
type KPI struct {
	// Key is a stable snake_case name: service_level, asa_seconds,
	// abandon_rate, occupancy, paid_hours, cost or cost_per_contact.
	Key string
	// Channel is the channel measured; empty means all channels (or, for
	// occupancy and paid hours, all agent groups).
	Channel string
	Unit    sim.Unit
}

var kpiNames = map[string]string{
	"service_level":    "service level",
	"asa_seconds":      "ASA",
	"abandon_rate":     "abandonment",
	"occupancy":        "occupancy",
	"paid_hours":       "paid hours",
	"cost":             "cost",
	"cost_per_contact": "cost per contact",
}

// Name is the KPI's name for people: "service level", "ASA".
func (k KPI) Name() string { return kpiNames[k.Key] }

// Label names the row of a KPI table: the KPI for all channels, the
// channel's name indented beneath it.
func (k KPI) Label() string {
	if k.Channel != "" {
		return "  " + k.Channel
	}
	return k.Name()
}

// KPIRow is one KPI for several plans, in the order the plans were given.
type KPIRow struct {
	KPI
	// Values holds each plan's value; Mean is NaN where a plan does not
	// define the KPI (it lacks the channel, or had no contacts).
	Values []sim.Stat
	// Deltas holds each plan's mean minus the first plan's; NaN for the
	// first plan and wherever either value is undefined.
	Deltas []float64
}

// headlineMetrics are the per-channel KPIs, each for all channels first
// and then per channel.
var headlineMetrics = []struct {
	key      string
	metric   sim.Metric
	realtime bool // only real-time channels abandon
}{
	{"service_level", sim.ServiceLevel, false},
	{"asa_seconds", sim.ASA, false},
	{"abandon_rate", sim.AbandonRate, true},
}

// CompareKPIs returns the headline KPIs of several plans side by side:
// service level, ASA and abandonment for all channels and per channel,
// then occupancy and paid hours of all groups, cost and cost per contact.
// Channels are matched by name; a channel missing from a plan leaves its
// value undefined. Plans must use one currency.
func CompareKPIs(plans []Forecast) ([]KPIRow, error) {
	if len(plans) == 0 {
		return nil, fmt.Errorf("plots: no plans to compare")
	}
	for i, p := range plans {
		if err := checkResult(p.Result); err != nil {
			return nil, fmt.Errorf("plan %q: %w", p.name(), err)
		}
		if p.Currency != plans[0].Currency {
			return nil, fmt.Errorf("plots: plan %q counts cost in %s and plan %q in %s; compare plans in one currency",
				plans[0].name(), plans[0].Currency, plans[i].name(), p.Currency)
		}
	}
	names, kinds := channelUnion(plans)
	var rows []KPIRow
	add := func(k KPI, value func(r *sim.Result) sim.Stat) {
		row := KPIRow{KPI: k, Values: make([]sim.Stat, len(plans)), Deltas: make([]float64, len(plans))}
		for i, p := range plans {
			row.Values[i] = value(p.Result)
		}
		for i := range plans {
			row.Deltas[i] = math.NaN()
			if i > 0 && finite(row.Values[i].Mean) && finite(row.Values[0].Mean) {
				row.Deltas[i] = row.Values[i].Mean - row.Values[0].Mean
			}
		}
		rows = append(rows, row)
	}
	for _, m := range headlineMetrics {
		add(KPI{Key: m.key, Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat { return r.Total.Total[m.metric] })
		for c, name := range names {
			if m.realtime && kinds[c].Deferred() {
				continue
			}
			add(KPI{Key: m.key, Channel: name, Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat {
				if ch := channelByName(r, name); ch != nil {
					return ch.Total[m.metric]
				}
				return undefined
			})
		}
	}
	add(KPI{Key: "occupancy", Unit: sim.Share}, Occupancy)
	add(KPI{Key: "paid_hours", Unit: sim.Hours}, PaidHours)
	add(KPI{Key: "cost", Unit: sim.Money}, func(r *sim.Result) sim.Stat { return r.Total.Total[sim.Cost] })
	add(KPI{Key: "cost_per_contact", Unit: sim.Money}, func(r *sim.Result) sim.Stat { return r.Total.Total[sim.CostPerContact] })
	return rows, nil
}

var undefined = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}

// channelUnion lists the channels of all plans by name, in the order
// they first appear.
func channelUnion(plans []Forecast) (names []string, kinds []sim.Kind) {
	seen := map[string]bool{}
	for _, p := range plans {
		for _, c := range p.Result.Channels {
			if !seen[c.Name] {
				seen[c.Name] = true
				names = append(names, c.Name)
				kinds = append(kinds, c.Kind)
			}
		}
	}
	return names, kinds
}

func channelByName(r *sim.Result, name string) *sim.ChannelResult {
	for c := range r.Channels {
		if r.Channels[c].Name == name {
			return &r.Channels[c]
		}
	}
	return nil
}

// Occupancy is the occupancy of all agent groups together over the
// horizon (sim.Result.AllGroups): their busy hours over their hours on
// the floor, with its confidence interval.
func Occupancy(r *sim.Result) sim.Stat { return r.AllGroups.Total[sim.Occupancy] }

// PaidHours is the paid agent hours of all groups together, with its
// confidence interval.
func PaidHours(r *sim.Result) sim.Stat { return r.AllGroups.Total[sim.PaidHours] }

// FormatValue prints plan i's value of the row for a reader, in the
// row's unit: "80.9%", "24.3 s", "421.0 h", "7.17 USD". With ci it adds
// the 95% half-width in the same unit: "80.9%±1.3", "24.3±4.5 s".
// Undefined values print "-".
func (r KPIRow) FormatValue(i int, currency string, ci bool) string {
	s := r.Values[i]
	if !finite(s.Mean) {
		return "-"
	}
	num, unit := amount(r.Unit, s.Mean, s.Mean, currency)
	if ci && finite(s.HalfWidth) {
		hw, _ := amount(r.Unit, s.HalfWidth, s.Mean, currency)
		if r.Unit == sim.Share {
			return num + unit + "±" + hw
		}
		num += "±" + hw
	}
	return num + unit
}

// FormatDelta prints plan i's difference from the first plan with its
// sign, in the unit of the larger value: "+4.2 pp" for shares (percentage
// points), "-3.1 s", "+12.0 h", "+0.52 USD". The first plan and
// undefined deltas print "", a difference that rounds to zero no sign.
func (r KPIRow) FormatDelta(i int, currency string) string {
	d := r.Deltas[i]
	if !finite(d) {
		return ""
	}
	// The larger value picks the unit: 24.9 s against 10.1 min differ
	// by minutes.
	ref := math.Max(math.Abs(r.Values[0].Mean), math.Abs(r.Values[i].Mean))
	num, unit := amount(r.Unit, math.Abs(d), ref, currency)
	if r.Unit == sim.Share {
		unit = " pp"
	}
	if strings.Trim(num, "0.,") == "" {
		return num + unit
	}
	if d < 0 {
		return "-" + num + unit
	}
	return "+" + num + unit
}

// amount prints v in unit as a number and its unit suffix. ref picks the
// scale, so that a half-width or a delta reads like its value: durations
// in seconds below 10 minutes, minutes below 2 hours, hours beyond; money
// in whole units from 1,000.
func amount(unit sim.Unit, v, ref float64, currency string) (num, suffix string) {
	ref = math.Abs(ref)
	switch unit {
	case sim.Share:
		return strconv.FormatFloat(100*v, 'f', 1, 64), "%"
	case sim.Seconds:
		switch {
		case ref < 600:
			return strconv.FormatFloat(v, 'f', 1, 64), " s"
		case ref < 7200:
			return strconv.FormatFloat(v/60, 'f', 1, 64), " min"
		default:
			return strconv.FormatFloat(v/3600, 'f', 1, 64), " h"
		}
	case sim.Hours:
		return numberLabel(v, 1), " h"
	case sim.Money:
		if currency != "" {
			currency = " " + currency
		}
		if ref >= 1000 {
			return numberLabel(math.Round(v), 0), currency
		}
		return strconv.FormatFloat(v, 'f', 2, 64), currency
	default:
		return numberLabel(v, 1), ""
	}
}
