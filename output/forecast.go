package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// Forecast is a simulated forecast with the names a reader knows it by:
// what `ccsim run` prints, one plan of a comparison, the subject of a
// chart.
type Forecast struct {
	// Name names the forecast in titles and legends; empty means the
	// result's name.
	Name string
	// File is the scenario file the forecast came from, as given.
	File   string
	Result *sim.Result
	// Currency is the ISO code costs are counted in; empty when the
	// scenario names none.
	Currency string
	// Intervals adds to the table each channel's table by interval.
	Intervals bool
}

// Title is the forecast's name, or "forecast".
func (f Forecast) Title() string {
	switch {
	case f.Name != "":
		return f.Name
	case f.Result != nil && f.Result.Name != "":
		return f.Result.Name
	}
	return "forecast"
}

// Money names the unit of costs: the currency, or "cost".
func (f Forecast) Money() string {
	if f.Currency == "" {
		return "cost"
	}
	return f.Currency
}

// ForecastFormat is the version of the forecast's JSON and CSV layouts;
// it changes only when a field is renamed or removed.
const ForecastFormat = "ccsim-forecast/1"

type forecastJSON struct {
	Format          string        `json:"format"`
	IntervalLabels  []string      `json:"interval_labels"`
	Name            string        `json:"name,omitempty"`
	IntervalSeconds float64       `json:"interval_seconds"`
	Intervals       int           `json:"intervals"`
	StartWeekday    int           `json:"start_weekday"`
	Seed            uint64        `json:"seed"`
	Replications    int           `json:"replications"`
	Channels        []channelJSON `json:"channels"`
	Total           seriesJSON    `json:"total"`
	Groups          []groupJSON   `json:"groups"`
	Flows           []flowJSON    `json:"flows"`
}

type seriesJSON struct {
	Intervals []values `json:"intervals"`
	Total     values   `json:"total"`
}

type channelJSON struct {
	Name   string `json:"name"`
	Kind   kind   `json:"kind"`
	Target target `json:"target"`
	seriesJSON
	Classes []classJSON `json:"classes,omitempty"`
}

type classJSON struct {
	Name   string `json:"name"`
	Target target `json:"target"`
	Total  values `json:"total"`
}

type groupJSON struct {
	Name      string        `json:"name"`
	Intervals []groupValues `json:"intervals"`
	Total     groupValues   `json:"total"`
}

type flowJSON struct {
	Kind  string `json:"kind"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count stat   `json:"count"`
}

func series(s sim.Series) seriesJSON {
	return seriesJSON{Intervals: each(s.Intervals, func(v sim.Values) values { return values(v) }), Total: values(s.Total)}
}

func classes(cs []sim.ClassResult) []classJSON {
	return each(cs, func(c sim.ClassResult) classJSON {
		return classJSON{Name: c.Name, Target: target(c.Target), Total: values(c.Total)}
	})
}

// WriteJSON writes the forecast with the interval labels a reader needs
// to plot it (docs/output.md).
func (f Forecast) WriteJSON(w io.Writer) error {
	r := f.Result
	doc := forecastJSON{
		Format: ForecastFormat, IntervalLabels: r.Timeline().Labels(),
		Name: r.Name, IntervalSeconds: r.IntervalSeconds, Intervals: r.Intervals, StartWeekday: r.StartWeekday,
		Seed: r.Seed, Replications: r.Replications,
		Channels: each(r.Channels, func(c sim.ChannelResult) channelJSON {
			return channelJSON{Name: c.Name, Kind: kind(c.Kind), Target: target(c.Target), seriesJSON: series(c.Series),
				Classes: classes(c.Classes)}
		}),
		Total: series(r.Total),
		Groups: each(r.Groups, func(g sim.GroupResult) groupJSON {
			return groupJSON{Name: g.Name, Total: groupValues(g.Total),
				Intervals: each(g.Intervals, func(v sim.GroupValues) groupValues { return groupValues(v) })}
		}),
		Flows: each(r.Flows, func(f sim.FlowResult) flowJSON {
			return flowJSON{Kind: f.Kind, From: f.From, To: f.To, Count: stat(f.Count)}
		}),
	}
	return writeJSON(w, doc)
}

// WriteCSV writes the forecast in long form, one row per measure:
// scope, name, interval (index, or "total"), start, metric, mean, ci95, n.
// Long form keeps the columns fixed whatever the scenario holds.
func (f Forecast) WriteCSV(w io.Writer) error {
	r := f.Result
	cw := csv.NewWriter(w)
	labels := r.Timeline().Labels()
	if err := cw.Write([]string{"scope", "name", "interval", "start", "metric", "mean", "ci95", "n"}); err != nil {
		return err
	}
	row := func(scope, name, iv, start, metric string, s sim.Stat) {
		cw.Write([]string{scope, name, iv, start, metric, csvNumber(s.Mean), csvNumber(s.HalfWidth), strconv.Itoa(s.N)})
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

// newTable starts a table of right-aligned columns two spaces apart.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

// WriteTable prints the forecast for a person: totals per channel,
// groups, flows, then (with Intervals) each channel by interval.
func (f Forecast) WriteTable(w io.Writer) error {
	r := f.Result
	bw := bufio.NewWriter(w)
	days := r.IntervalSeconds * float64(r.Intervals) / 86400
	title := r.Name
	if title == "" {
		title = "Forecast"
	}
	fmt.Fprintf(bw, "%s: %s, %d intervals of %s, %d replications, seed %d\n", title,
		Plural(days, "day"), r.Intervals, scenarios.FormatDuration(r.IntervalSeconds), r.Replications, r.Seed)
	fmt.Fprintln(bw, "Means over replications; ± is the half-width of the 95% confidence interval.")
	fmt.Fprintln(bw)

	tw := newTable(bw)
	fmt.Fprintln(tw, "channel\toffered\tanswered\tabandoned\tservice level\ttarget\tASA\twait p90\tAHT\tbacklog at end\tcost/contact\t")
	line := func(name string, v *sim.Values, t sim.Target) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			Count(v[sim.Offered].Mean), Count(v[sim.Answered].Mean), ShareCI(v[sim.AbandonRate]),
			ShareCI(v[sim.ServiceLevel]), Target(t), SecondsCI(v[sim.ASA]),
			Seconds(v[sim.WaitP90].Mean), Seconds(v[sim.AHT].Mean), Count(v[sim.QueueEnd].Mean),
			Money(v[sim.CostPerContact].Mean))
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
	tw = newTable(bw)
	fmt.Fprintln(tw, "group\ton floor (mean over horizon)\tpaid (mean)\toccupancy\tbusy hours\tpaid hours\thandled\tcost\t")
	for _, g := range r.Groups {
		v := &g.Total
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", g.Name, Float(v[sim.Staff].Mean, 1),
			Float(v[sim.Paid].Mean, 1), ShareCI(v[sim.Occupancy]), Float(v[sim.BusyHours].Mean, 1),
			Float(v[sim.PaidHours].Mean, 1), Count(v[sim.Handled].Mean), Money(v[sim.GroupCost].Mean))
	}
	tw.Flush()

	if len(r.Flows) > 0 {
		fmt.Fprintln(bw)
		tw = newTable(bw)
		fmt.Fprintln(tw, "flow\tfrom\tto\tcontacts\t")
		for _, f := range r.Flows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", f.Kind, f.From, f.To, Count(f.Count.Mean))
		}
		tw.Flush()
	}

	if f.Intervals {
		labels := r.Timeline().Labels()
		for c := range r.Channels {
			ch := &r.Channels[c]
			fmt.Fprintf(bw, "\n%s by interval (contacts counted where they arrived)\n", ch.Name)
			tw = newTable(bw)
			fmt.Fprintln(tw, "start\toffered\tabandoned\tservice level\tASA\twait p90\tqueue at end\toldest waiting\tcost\t")
			for i := range ch.Intervals {
				v := &ch.Intervals[i]
				if v[sim.Offered].Mean == 0 && v[sim.QueueEnd].Mean == 0 && v[sim.HandledMinutes].Mean == 0 {
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", labels[i],
					Count(v[sim.Offered].Mean), ShareCI(v[sim.AbandonRate]), ShareCI(v[sim.ServiceLevel]),
					SecondsCI(v[sim.ASA]), Seconds(v[sim.WaitP90].Mean), Float(v[sim.QueueEnd].Mean, 1),
					Seconds(v[sim.OldestAge].Mean), Money(v[sim.Cost].Mean))
			}
			tw.Flush()
		}
	}
	return bw.Flush()
}

// Target writes a service-level target: "80% in 20s", "-" for none.
func Target(t sim.Target) string {
	if t.Threshold <= 0 {
		return "-"
	}
	return Percent(t.Goal) + " in " + scenarios.FormatDuration(t.Threshold)
}
