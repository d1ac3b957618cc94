package output

import (
	"fmt"
	"io"
	"strconv"

	"github.com/ccsim/ccsim/sim"
)

// Rollup says how a forecast's intervals are summed up for a reader: by
// day or by week of the horizon, or not at all.
type Rollup string

// Roll-ups.
const (
	NoRollup Rollup = ""
	ByDay    Rollup = "day"
	ByWeek   Rollup = "week"
)

// ParseRollup reads a roll-up as --rollup takes it: "day" or "week".
func ParseRollup(s string) (Rollup, error) {
	switch r := Rollup(s); r {
	case ByDay, ByWeek:
		return r, nil
	}
	return NoRollup, fmt.Errorf("%q: want day or week", s)
}

// Periods returns the forecast's days or weeks (sim.Result.Days, Weeks);
// none without a roll-up.
func (ro Rollup) Periods(r *sim.Result) []sim.PeriodResult {
	switch ro {
	case ByDay:
		return r.Days
	case ByWeek:
		return r.Weeks
	}
	return nil
}

// PeriodLabel names a day or week of a forecast for a reader: "Tue" up
// to a week and "d9 Tue" past one (sim.Timeline.DayTitle); "week 2
// (Mon-Sun)" with the weekdays it runs from and to.
func PeriodLabel(r *sim.Result, p sim.PeriodResult, ro Rollup) string {
	t := r.Timeline()
	first := t.DayOf(p.From)
	if ro == ByDay {
		return t.DayTitle(first)
	}
	last := t.DayOf(p.To - 1)
	wd := sim.Timeline{StartWeekday: t.StartWeekday}
	span := wd.DayTitle(first)
	if last != first {
		span += "-" + wd.DayTitle(last)
	}
	return fmt.Sprintf("week %d (%s)", first/7+1, span)
}

// periodKey names a period in the CSV's interval column: "day 3",
// "week 1".
func periodKey(ro Rollup, k int) string { return string(ro) + " " + strconv.Itoa(k+1) }

// rollupJSON is a forecast by day or by week.
type rollupJSON struct {
	Period    string              `json:"period"`
	Periods   []periodJSON        `json:"periods"`
	Channels  []channelPeriodJSON `json:"channels"`
	Total     []values            `json:"total"`
	RealTime  []values            `json:"real_time"`
	Deferred  []values            `json:"deferred"`
	Groups    []groupPeriodJSON   `json:"groups"`
	AllGroups []groupValues       `json:"all_groups"`
}

type periodJSON struct {
	Label         string `json:"label"`
	Start         string `json:"start"`
	FirstInterval int    `json:"first_interval"`
	Intervals     int    `json:"intervals"`
}

type channelPeriodJSON struct {
	Name    string   `json:"name"`
	Periods []values `json:"periods"`
}

type groupPeriodJSON struct {
	Name    string        `json:"name"`
	Periods []groupValues `json:"periods"`
}

// rollup builds the forecast's roll-up for JSON; nil without one.
func (f Forecast) rollup() *rollupJSON {
	r := f.Result
	ps := f.Rollup.Periods(r)
	if ps == nil {
		return nil
	}
	t := r.Timeline()
	h := hiddenInResult(r)
	doc := &rollupJSON{Period: string(f.Rollup)}
	for _, p := range ps {
		doc.Periods = append(doc.Periods, periodJSON{Label: PeriodLabel(r, p, f.Rollup), Start: t.Label(p.From),
			FirstInterval: p.From, Intervals: p.To - p.From})
		doc.Total = append(doc.Total, values{p.Total, h})
		doc.RealTime = append(doc.RealTime, values{p.RealTime, h})
		doc.Deferred = append(doc.Deferred, values{p.Deferred, h})
		doc.AllGroups = append(doc.AllGroups, groupValues{p.AllGroups, h})
	}
	for c, ch := range r.Channels {
		cp := channelPeriodJSON{Name: ch.Name}
		for _, p := range ps {
			cp.Periods = append(cp.Periods, values{p.Channels[c], h})
		}
		doc.Channels = append(doc.Channels, cp)
	}
	for g, gr := range r.Groups {
		gp := groupPeriodJSON{Name: gr.Name}
		for _, p := range ps {
			gp.Periods = append(gp.Periods, groupValues{p.Groups[g], h})
		}
		doc.Groups = append(doc.Groups, gp)
	}
	return doc
}

// writeRollupTables prints each channel, then the groups, by day or week.
func (f Forecast) writeRollupTables(w io.Writer) {
	r := f.Result
	ps := f.Rollup.Periods(r)
	if ps == nil {
		return
	}
	labels := make([]string, len(ps))
	for k, p := range ps {
		labels[k] = PeriodLabel(r, p, f.Rollup)
	}
	for c := range r.Channels {
		ch := &r.Channels[c]
		vals := make([]sim.Values, len(ps))
		for k, p := range ps {
			vals[k] = p.Channels[c]
		}
		writeSeriesTable(w, fmt.Sprintf("\n%s by %s (a %s's contacts as one; shares are ratios of its counts)\n", ch.Name, f.Rollup, f.Rollup),
			ch.Kind.Deferred(), string(f.Rollup), labels, vals, false)
	}
	fmt.Fprintf(w, "\nGroups by %s\n", f.Rollup)
	tw := newTable(w)
	fmt.Fprintf(tw, "%s\tgroup\ton floor (mean)\tpaid (mean)\toccupancy\tbusy hours\tpaid hours\thandled\tcost\t\n", f.Rollup)
	row := func(label, name string, v *sim.GroupValues) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", label, name, Number(v[sim.Staff].Mean, 1),
			Number(v[sim.Paid].Mean, 1), ShareCI(v[sim.Occupancy]), Number(v[sim.BusyHours].Mean, 1),
			Number(v[sim.PaidHours].Mean, 1), Count(v[sim.Handled].Mean), Money(v[sim.GroupCost].Mean))
	}
	for k, p := range ps {
		for g := range r.Groups {
			row(labels[k], r.Groups[g].Name, &p.Groups[g])
		}
		if len(r.Groups) > 1 {
			row(labels[k], r.AllGroups.Name, &p.AllGroups)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "On floor and paid are means over the whole %s, closed hours included.\n", f.Rollup)
}

// writeRollupCSV writes the roll-up in the CSV's long form: the interval
// column holds "day 1" or "week 1", start the label of its first
// interval; scopes as for intervals, plus "real-time" and "deferred" for
// the channels of each kind.
func (f Forecast) writeRollupCSV(row func(scope, name, iv, start, metric string, s sim.Stat)) {
	r := f.Result
	ps := f.Rollup.Periods(r)
	t := r.Timeline()
	h := hiddenInResult(r)
	for k, p := range ps {
		key, start := periodKey(f.Rollup, k), t.Label(p.From)
		metrics := func(scope, name string, v *sim.Values) {
			for m := range sim.NumMetrics {
				if !h.metric[m] {
					row(scope, name, key, start, sim.Metric(m).Key(), v[m])
				}
			}
		}
		for c := range r.Channels {
			metrics("channel", r.Channels[c].Name, &p.Channels[c])
		}
		metrics("total", "all", &p.Total)
		metrics("real-time", "all", &p.RealTime)
		metrics("deferred", "all", &p.Deferred)
		groups := func(name string, v *sim.GroupValues) {
			for m := range sim.NumGroupMetrics {
				if !h.group[m] {
					row("group", name, key, start, sim.GroupMetric(m).Key(), v[m])
				}
			}
		}
		for g := range r.Groups {
			groups(r.Groups[g].Name, &p.Groups[g])
		}
		groups(r.AllGroups.Name, &p.AllGroups)
	}
}
