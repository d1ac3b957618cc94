package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// jsonReport is the JSON output of a forecast: the result with the
// interval labels a reader needs to plot it.
type jsonReport struct {
	Format         string   `json:"format"`
	IntervalLabels []string `json:"interval_labels"`
	*sim.Result
}

// reportFormat is the version of the JSON and CSV layouts; it changes only
// when a field is renamed or removed.
const reportFormat = "ccsim-forecast/1"

func writeJSON(w io.Writer, r *sim.Result) error {
	rep := jsonReport{Format: reportFormat, Result: r, IntervalLabels: r.Timeline().Labels()}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// writeCSV writes the forecast in long form, one row per measure:
// scope, name, interval (index, or "total"), start, metric, mean, ci95, n.
// Long form keeps the columns fixed whatever the scenario holds.
func writeCSV(w io.Writer, r *sim.Result) error {
	cw := csv.NewWriter(w)
	labels := r.Timeline().Labels()
	if err := cw.Write([]string{"scope", "name", "interval", "start", "metric", "mean", "ci95", "n"}); err != nil {
		return err
	}
	num := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	row := func(scope, name, iv, start, metric string, s sim.Stat) {
		cw.Write([]string{scope, name, iv, start, metric, num(s.Mean), num(s.HalfWidth), strconv.Itoa(s.N)})
	}
	series := func(scope, name string, s *sim.Series) {
		for i := range s.Intervals {
			for k := range sim.NumMetrics {
				row(scope, name, strconv.Itoa(i), labels[i], sim.Metric(k).Key(), s.Intervals[i][k])
			}
		}
		for k := range sim.NumMetrics {
			row(scope, name, "total", "", sim.Metric(k).Key(), s.Total[k])
		}
	}
	for c := range r.Channels {
		ch := &r.Channels[c]
		series("channel", ch.Name, &ch.Series)
		for _, cl := range ch.Classes {
			for k := range sim.NumMetrics {
				row("class", ch.Name+"/"+cl.Name, "total", "", sim.Metric(k).Key(), cl.Total[k])
			}
		}
	}
	series("total", "all", &r.Total)
	for _, g := range r.Groups {
		for i := range g.Intervals {
			for k := range sim.NumGroupMetrics {
				row("group", g.Name, strconv.Itoa(i), labels[i], sim.GroupMetric(k).Key(), g.Intervals[i][k])
			}
		}
		for k := range sim.NumGroupMetrics {
			row("group", g.Name, "total", "", sim.GroupMetric(k).Key(), g.Total[k])
		}
	}
	for _, f := range r.Flows {
		row("flow", f.Kind+":"+f.From+">"+f.To, "total", "", "count", f.Count)
	}
	cw.Flush()
	return cw.Error()
}

// tableOptions choose what the readable table shows.
type tableOptions struct {
	intervals bool // per-interval tables for each channel
}

// writeTable prints a forecast for a person: totals per channel, groups,
// flows, then per-interval tables.
func writeTable(w io.Writer, r *sim.Result, opt tableOptions) error {
	bw := bufio.NewWriter(w)
	days := r.IntervalSeconds * float64(r.Intervals) / 86400
	title := r.Name
	if title == "" {
		title = "Forecast"
	}
	fmt.Fprintf(bw, "%s: %s, %d intervals of %s, %d replications, seed %d\n", title,
		plural(days, "day"), r.Intervals, scenarios.FormatDuration(r.IntervalSeconds), r.Replications, r.Seed)
	fmt.Fprintln(bw, "Means over replications; ± is the half-width of the 95% confidence interval.")
	fmt.Fprintln(bw)

	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "channel\toffered\tanswered\tabandoned\tservice level\ttarget\tASA\twait p90\tAHT\tbacklog at end\tcost/contact\t")
	line := func(name string, v *sim.Values, target sim.Target) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			fmtCount(v[sim.Offered]), fmtCount(v[sim.Answered]), fmtShareCI(v[sim.AbandonRate]),
			fmtShareCI(v[sim.ServiceLevel]), fmtTarget(target), fmtSecondsCI(v[sim.ASA]),
			fmtSeconds(v[sim.WaitP90].Mean), fmtSeconds(v[sim.AHT].Mean), fmtCount(v[sim.QueueEnd]),
			fmtMoney(v[sim.CostPerContact].Mean))
	}
	for c := range r.Channels {
		ch := &r.Channels[c]
		line(ch.Name+" ("+ch.Kind.String()+")", &ch.Total, ch.Target)
		for _, cl := range ch.Classes {
			line("  "+cl.Name, &cl.Total, cl.Target)
		}
	}
	line("all channels", &r.Total.Total, sim.Target{})
	tw.Flush()

	fmt.Fprintln(bw)
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\ton floor (mean over horizon)\tpaid (mean)\toccupancy\tbusy hours\tpaid hours\thandled\tcost\t")
	for _, g := range r.Groups {
		v := &g.Total
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", g.Name, fmtFloat(v[sim.Staff].Mean, 1),
			fmtFloat(v[sim.Paid].Mean, 1), fmtShareCI(v[sim.Occupancy]), fmtFloat(v[sim.BusyHours].Mean, 1),
			fmtFloat(v[sim.PaidHours].Mean, 1), fmtCount(v[sim.Handled]), fmtMoney(v[sim.GroupCost].Mean))
	}
	tw.Flush()

	if len(r.Flows) > 0 {
		fmt.Fprintln(bw)
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "flow\tfrom\tto\tcontacts\t")
		for _, f := range r.Flows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", f.Kind, f.From, f.To, fmtCount(f.Count))
		}
		tw.Flush()
	}

	if opt.intervals {
		labels := r.Timeline().Labels()
		for c := range r.Channels {
			ch := &r.Channels[c]
			fmt.Fprintf(bw, "\n%s by interval (contacts counted where they arrived)\n", ch.Name)
			tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "start\toffered\tabandoned\tservice level\tASA\twait p90\tqueue at end\toldest waiting\tcost\t")
			for i := range ch.Intervals {
				v := &ch.Intervals[i]
				if v[sim.Offered].Mean == 0 && v[sim.QueueEnd].Mean == 0 && v[sim.HandledMinutes].Mean == 0 {
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", labels[i],
					fmtCount(v[sim.Offered]), fmtShareCI(v[sim.AbandonRate]), fmtShareCI(v[sim.ServiceLevel]),
					fmtSecondsCI(v[sim.ASA]), fmtSeconds(v[sim.WaitP90].Mean), fmtFloat(v[sim.QueueEnd].Mean, 1),
					fmtSeconds(v[sim.OldestAge].Mean), fmtMoney(v[sim.Cost].Mean))
			}
			tw.Flush()
		}
	}
	return bw.Flush()
}

func plural(v float64, unit string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v == 1 {
		return s + " " + unit
	}
	return s + " " + unit + "s"
}

func fmtFloat(v float64, prec int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// fmtCount prints a mean count with thousands separators, one decimal
// when the mean is not whole.
func fmtCount(s sim.Stat) string {
	v := s.Mean
	if math.IsNaN(v) {
		return "-"
	}
	if math.Abs(v-math.Round(v)) < 0.05 || math.Abs(v) >= 1000 {
		return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func fmtShareCI(s sim.Stat) string {
	if math.IsNaN(s.Mean) {
		return "-"
	}
	out := strconv.FormatFloat(100*s.Mean, 'f', 1, 64) + "%"
	if !math.IsNaN(s.HalfWidth) {
		out += "±" + strconv.FormatFloat(100*s.HalfWidth, 'f', 1, 64)
	}
	return out
}

func fmtSecondsCI(s sim.Stat) string {
	if math.IsNaN(s.Mean) {
		return "-"
	}
	out := fmtSeconds(s.Mean)
	if !math.IsNaN(s.HalfWidth) && s.Mean < 600 {
		out += "±" + strconv.FormatFloat(s.HalfWidth, 'f', 1, 64)
	}
	return out
}

// fmtSeconds prints a duration in the unit a planner reads it in: seconds
// below ten minutes, minutes below two hours, hours beyond.
func fmtSeconds(v float64) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case v < 600:
		return strconv.FormatFloat(v, 'f', 1, 64) + "s"
	case v < 7200:
		return strconv.FormatFloat(v/60, 'f', 1, 64) + "m"
	default:
		return strconv.FormatFloat(v/3600, 'f', 1, 64) + "h"
	}
}

func fmtTarget(t sim.Target) string {
	if t.Threshold <= 0 {
		return "-"
	}
	return strconv.FormatFloat(100*t.Goal, 'f', -1, 64) + "% in " + scenarios.FormatDuration(t.Threshold)
}

func fmtMoney(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	if math.Abs(v) >= 1000 {
		return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
