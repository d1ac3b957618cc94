package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
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
	// OmitIntervals leaves the figures of each interval out of JSON and
	// CSV: the totals over the horizon (and any roll-up) stay, and the
	// interval_labels and intervals lists of JSON are empty, for a
	// horizon too long to print whole or when only days are wanted.
	OmitIntervals bool
	// Rollup adds the forecast by day or by week to every format.
	Rollup Rollup
	// Description is the scenario's, for the HTML page.
	Description string
	// HTML holds what the HTML page adds: charts and provenance.
	HTML Report
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
	// Sites merge each site's groups; absent without sites.
	Sites  []groupJSON `json:"sites,omitempty"`
	Flows  []flowJSON  `json:"flows"`
	Rollup *rollupJSON `json:"rollup,omitempty"`
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

func series(s sim.Series, h *hidden) seriesJSON {
	return seriesJSON{Intervals: each(s.Intervals, func(v sim.Values) values { return values{v, h} }), Total: values{s.Total, h}}
}

func classes(cs []sim.ClassResult, h *hidden) []classJSON {
	return each(cs, func(c sim.ClassResult) classJSON {
		return classJSON{Name: c.Name, Target: target(c.Target), Total: values{c.Total, h}}
	})
}

// WriteJSON writes the forecast with the interval labels a reader needs
// to plot it (docs/output.md).
func (f Forecast) WriteJSON(w io.Writer) error {
	r := f.Result
	h := hiddenInResult(r)
	labels := r.Timeline().Labels()
	if f.OmitIntervals {
		r, labels = totalsOnly(r), []string{}
	}
	doc := forecastJSON{
		Format: ForecastFormat, IntervalLabels: labels,
		Name: r.Name, IntervalSeconds: r.IntervalSeconds, Intervals: r.Intervals, StartWeekday: r.StartWeekday,
		Seed: r.Seed, Replications: r.Replications,
		Channels: each(r.Channels, func(c sim.ChannelResult) channelJSON {
			return channelJSON{Name: c.Name, Kind: kind(c.Kind), Target: target(c.Target), seriesJSON: series(c.Series, h),
				Classes: classes(c.Classes, h)}
		}),
		Total:  series(r.Total, h),
		Groups: each(r.Groups, groupDoc(h)),
		Sites:  each(r.Sites, groupDoc(h)),
		Flows: each(r.Flows, func(f sim.FlowResult) flowJSON {
			return flowJSON{Kind: f.Kind, From: f.From, To: f.To, Count: stat(f.Count)}
		}),
		Rollup: f.rollup(),
	}
	return writeJSON(w, doc)
}

// totalsOnly is a copy of r without the figures of each interval.
func totalsOnly(r *sim.Result) *sim.Result {
	c := *r
	c.Channels = slices.Clone(r.Channels)
	for i := range c.Channels {
		c.Channels[i].Intervals = []sim.Values{}
	}
	c.Total.Intervals = []sim.Values{}
	noIntervals := func(gs []sim.GroupResult) []sim.GroupResult {
		gs = slices.Clone(gs)
		for i := range gs {
			gs[i].Intervals = []sim.GroupValues{}
		}
		return gs
	}
	c.Groups, c.Sites = noIntervals(r.Groups), noIntervals(r.Sites)
	return &c
}

func groupDoc(h *hidden) func(sim.GroupResult) groupJSON {
	return func(g sim.GroupResult) groupJSON {
		return groupJSON{Name: g.Name, Total: groupValues{g.Total, h},
			Intervals: each(g.Intervals, func(v sim.GroupValues) groupValues { return groupValues{v, h} })}
	}
}

// WriteCSV writes the forecast in long form, one row per measure:
// scope, name, interval (index, or "total"), start, metric, mean, ci95, n.
// Long form keeps the columns fixed whatever the scenario holds.
func (f Forecast) WriteCSV(w io.Writer) error {
	r := f.Result
	h := hiddenInResult(r)
	cw := csv.NewWriter(w)
	labels := r.Timeline().Labels()
	if err := cw.Write([]string{"scope", "name", "interval", "start", "metric", "mean", "ci95", "n"}); err != nil {
		return err
	}
	row := func(scope, name, iv, start, metric string, s sim.Stat) {
		cw.Write([]string{scope, name, iv, start, metric, csvNumber(s.Mean), csvNumber(s.HalfWidth), strconv.Itoa(s.N)})
	}
	every := func(n int) int {
		if f.OmitIntervals {
			return 0
		}
		return n
	}
	series := func(scope, name string, s *sim.Series) {
		for i := range every(len(s.Intervals)) {
			for k := range sim.NumMetrics {
				if !h.metric[k] {
					row(scope, name, strconv.Itoa(i), labels[i], sim.Metric(k).Key(), s.Intervals[i][k])
				}
			}
		}
		for k := range sim.NumMetrics {
			if !h.metric[k] {
				row(scope, name, "total", "", sim.Metric(k).Key(), s.Total[k])
			}
		}
	}
	for c := range r.Channels {
		ch := &r.Channels[c]
		series("channel", ch.Name, &ch.Series)
		for _, cl := range ch.Classes {
			for k := range sim.NumMetrics {
				if !h.metric[k] {
					row("class", ch.Name+"/"+cl.Name, "total", "", sim.Metric(k).Key(), cl.Total[k])
				}
			}
		}
	}
	series("total", "all", &r.Total)
	groups := func(scope string, gs []sim.GroupResult) {
		for _, g := range gs {
			for i := range every(len(g.Intervals)) {
				for k := range sim.NumGroupMetrics {
					if !h.group[k] {
						row(scope, g.Name, strconv.Itoa(i), labels[i], sim.GroupMetric(k).Key(), g.Intervals[i][k])
					}
				}
			}
			for k := range sim.NumGroupMetrics {
				if !h.group[k] {
					row(scope, g.Name, "total", "", sim.GroupMetric(k).Key(), g.Total[k])
				}
			}
		}
	}
	groups("group", r.Groups)
	groups("site", r.Sites)
	for _, f := range r.Flows {
		row("flow", f.Kind+":"+f.From+">"+f.To, "total", "", "count", f.Count)
	}
	f.writeRollupCSV(row)
	cw.Flush()
	return cw.Error()
}

// newTable starts a table of right-aligned columns two spaces apart.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

// WriteTable prints the forecast for a person: the real-time channels
// and the deferred ones in tables of their own (an ASA of seconds and one
// of hours mean nothing summed or side by side), groups, flows, then (with
// Intervals) each channel by interval. Each duration column has one unit,
// named in its header; a blocked column appears wherever contacts were
// blocked (lines full, or turned away while closed).
func (f Forecast) WriteTable(w io.Writer) error {
	r := f.Result
	bw := bufio.NewWriter(w)
	title := sim.Printable(r.Name)
	if title == "" {
		title = "Forecast"
	}
	fmt.Fprintf(bw, "%s: %s, %d intervals of %s, %d replications, seed %d\n", title,
		HorizonText(r.IntervalSeconds*float64(r.Intervals)), r.Intervals, scenarios.FormatDuration(r.IntervalSeconds),
		r.Replications, r.Seed)
	fmt.Fprintln(bw, "Means over replications; ± is the half-width of the 95% confidence interval.")

	for _, deferred := range []bool{false, true} {
		var rows []channelRow
		for c := range r.Channels {
			ch := &r.Channels[c]
			if ch.Kind.Deferred() != deferred {
				continue
			}
			rows = append(rows, channelRow{ch.Name + " (" + ch.Kind.String() + ")", &ch.Total, ch.Target})
			for j := range ch.Classes {
				cl := &ch.Classes[j]
				rows = append(rows, channelRow{"  " + cl.Name, &cl.Total, cl.Target})
			}
		}
		if len(rows) == 0 {
			continue
		}
		channels := 0
		for c := range r.Channels {
			if r.Channels[c].Kind.Deferred() == deferred {
				channels++
			}
		}
		if channels > 1 {
			all := &r.RealTime
			name := "all real-time"
			if deferred {
				all, name = &r.Deferred, "all deferred"
			}
			rows = append(rows, channelRow{name, all, sim.Target{}})
		}
		fmt.Fprintln(bw)
		if deferred {
			fmt.Fprintln(bw, "Deferred channels (waits are first-reply times)")
		} else {
			fmt.Fprintln(bw, "Real-time channels")
		}
		writeChannelTable(bw, rows, deferred)
	}

	writeCallbacks(bw, r)
	writeSelfService(bw, r)

	fmt.Fprintln(bw)
	writeGroupTable(bw, "group", r.Groups)
	if len(r.Sites) > 0 {
		fmt.Fprintln(bw)
		writeGroupTable(bw, "site", r.Sites)
		overflows := 0.0
		for c := range r.Channels {
			overflows += r.Channels[c].Total[sim.SiteOverflows].Mean
		}
		fmt.Fprintf(bw, "Contacts answered at another site than the one they were routed to: %s.\n", Count(overflows))
	}
	var tw *tabwriter.Writer

	if len(r.Flows) > 0 {
		fmt.Fprintln(bw)
		tw = newTable(bw)
		fmt.Fprintln(tw, "flow\tfrom\tto\tcontacts\t")
		for _, f := range r.Flows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", f.Kind, f.From, f.To, Count(f.Count.Mean))
		}
		tw.Flush()
	}

	f.writeRollupTables(bw)
	if f.Intervals {
		labels := r.Timeline().Labels()
		for c := range r.Channels {
			writeIntervalTable(bw, &r.Channels[c], labels)
		}
	}
	return bw.Flush()
}

// writeGroupTable prints groups (or sites, the groups of each merged);
// agents absent and away get columns when there are any.
func writeGroupTable(w io.Writer, what string, gs []sim.GroupResult) {
	missing := false
	for i := range gs {
		missing = missing || gs[i].Total[sim.Absent].Mean > 0 || gs[i].Total[sim.Away].Mean > 0
	}
	tw := newTable(w)
	head := what + "\ton floor (mean while scheduled)\tpaid (mean while scheduled)\toccupancy\tbusy hours\tpaid hours\thandled\tcost\t"
	if missing {
		head += "absent (mean while scheduled)\taway (mean while scheduled)\t"
	}
	fmt.Fprintln(tw, head)
	for i := range gs {
		g := &gs[i]
		v := &g.Total
		floor, paid := WhileStaffed(g)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", g.Name, Number(floor, 1),
			Number(paid, 1), ShareCI(v[sim.Occupancy]), Number(v[sim.BusyHours].Mean, 1),
			Number(v[sim.PaidHours].Mean, 1), Count(v[sim.Handled].Mean), Money(v[sim.GroupCost].Mean))
		if missing {
			fmt.Fprintf(tw, "%s\t%s\t", Number(meanWhileStaffed(g, sim.Absent), 1), Number(meanWhileStaffed(g, sim.Away), 1))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// writeChannelsWith prints, under title, a table of the channels whose
// totals over the horizon have what has looks for: a table of a behaviour
// lists only those that show it, and is left out when none does. head
// names the columns after the channel's, cells fills them.
func writeChannelsWith(w io.Writer, r *sim.Result, has func(v *sim.Values) bool, title, head string, cells func(v *sim.Values) []string) {
	var rows []*sim.ChannelResult
	for c := range r.Channels {
		if has(&r.Channels[c].Total) {
			rows = append(rows, &r.Channels[c])
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, title)
	tw := newTable(w)
	fmt.Fprintln(tw, "channel\t"+head)
	for _, ch := range rows {
		fmt.Fprintln(tw, ch.Name+"\t"+strings.Join(cells(&ch.Total), "\t")+"\t")
	}
	tw.Flush()
}

// writeCallbacks prints the callbacks of the channels that offered any.
func writeCallbacks(w io.Writer, r *sim.Result) {
	writeChannelsWith(w, r, func(v *sim.Values) bool { return v[sim.CallbacksOffered].Mean > 0 },
		"Callbacks (kept: made within the promise, of those accepted)",
		"offered\taccepted\tmade\tkept\tcallback wait (s)\tlive ASA (s)\t",
		func(v *sim.Values) []string {
			kept := "-"
			if a := v[sim.CallbacksAccepted].Mean; a > 0 && v[sim.CallbacksKept].Mean > 0 {
				kept = Count(v[sim.CallbacksKept].Mean) + " (" + Share(v[sim.CallbacksKept].Mean/a) + ")"
			}
			return []string{Count(v[sim.CallbacksOffered].Mean), Count(v[sim.CallbacksAccepted].Mean),
				Count(v[sim.CallbacksMade].Mean), kept, FloatCI(v[sim.CallbackWait], 1), FloatCI(v[sim.LiveASA], 1)}
		})
}

// writeSelfService prints the self-service of the channels that have it.
func writeSelfService(w io.Writer, r *sim.Result) {
	writeChannelsWith(w, r, func(v *sim.Values) bool { return v[sim.SelfServed].Mean > 0 || v[sim.SelfServiceFailed].Mean > 0 },
		"Self-service (came through: tried it and reached the channel later)",
		"self-served\tcame through\tself-service cost\tcost/contact assisted\tcost/contact blended\t",
		func(v *sim.Values) []string {
			return []string{Count(v[sim.SelfServed].Mean), Count(v[sim.SelfServiceFailed].Mean),
				Money(v[sim.SelfServiceCost].Mean), Money(v[sim.CostPerContact].Mean), Money(v[sim.CostPerContactBlended].Mean)}
		})
}

// channelRow is one line of a channel table: a channel, a class or the
// channels of one kind together.
type channelRow struct {
	name   string
	v      *sim.Values
	target sim.Target
}

// writeChannelTable prints the horizon's figures of real-time or deferred
// channels, each duration column in one unit.
func writeChannelTable(w io.Writer, rows []channelRow, deferred bool) {
	col := func(m sim.Metric) durationUnit {
		var vs []float64
		for _, r := range rows {
			vs = append(vs, r.v[m].Mean)
		}
		return durationColumn(vs)
	}
	blocked := false
	for _, r := range rows {
		blocked = blocked || r.v[sim.Blocked].Mean > 0
	}
	asa, p90, aht := col(sim.ASA), col(sim.WaitP90), col(sim.AHT)
	head := []string{"channel", "offered", "answered"}
	if blocked {
		head = append(head, "blocked")
	}
	if !deferred {
		head = append(head, "abandoned")
	}
	head = append(head, "service level", "target")
	if deferred {
		head = append(head, asa.header("first reply"), p90.header("p90"), aht.header("AHT"), "backlog at end")
	} else {
		head = append(head, asa.header("ASA"), p90.header("wait p90"), aht.header("AHT"))
	}
	head = append(head, "cost/contact")
	tw := newTable(w)
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range rows {
		v := r.v
		cells := []string{r.name, Count(v[sim.Offered].Mean), Count(v[sim.Answered].Mean)}
		if blocked {
			cells = append(cells, Count(v[sim.Blocked].Mean))
		}
		if !deferred {
			cells = append(cells, ShareCI(v[sim.AbandonRate]))
		}
		cells = append(cells, ShareCI(v[sim.ServiceLevel]), Target(r.target),
			asa.cellCI(v[sim.ASA]), p90.cell(v[sim.WaitP90].Mean), aht.cell(v[sim.AHT].Mean))
		if deferred {
			cells = append(cells, Count(v[sim.QueueEnd].Mean))
		}
		cells = append(cells, Money(v[sim.CostPerContact].Mean))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

// writeIntervalTable prints one channel by interval; intervals with
// nothing to show (no arrival, no queue, no handling) are left out.
func writeIntervalTable(w io.Writer, ch *sim.ChannelResult, labels []string) {
	writeSeriesTable(w, fmt.Sprintf("\n%s by interval (contacts counted where they arrived)\n", ch.Name),
		ch.Kind.Deferred(), "start", labels, ch.Intervals, true)
}

// writeSeriesTable prints one channel's rows, intervals or periods, under
// a heading; with skipIdle it leaves out rows with nothing to show.
func writeSeriesTable(w io.Writer, heading string, deferred bool, first string, labels []string, rows []sim.Values, skipIdle bool) {
	var shown []int
	blocked := false
	var asaV, p90V, oldV []float64
	for i := range rows {
		v := &rows[i]
		if skipIdle && v[sim.Offered].Mean == 0 && v[sim.QueueEnd].Mean == 0 && v[sim.HandledMinutes].Mean == 0 {
			continue
		}
		shown = append(shown, i)
		blocked = blocked || v[sim.Blocked].Mean > 0
		asaV, p90V, oldV = append(asaV, v[sim.ASA].Mean), append(p90V, v[sim.WaitP90].Mean), append(oldV, v[sim.OldestAge].Mean)
	}
	asa, p90, old := durationColumn(asaV), durationColumn(p90V), durationColumn(oldV)
	fmt.Fprint(w, heading)
	head := []string{first, "offered"}
	if blocked {
		head = append(head, "blocked")
	}
	if !deferred {
		head = append(head, "abandoned")
	}
	head = append(head, "service level", asa.header("ASA"), p90.header("wait p90"), "queue at end", old.header("oldest waiting"), "cost")
	tw := newTable(w)
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, i := range shown {
		v := &rows[i]
		cells := []string{labels[i], Count(v[sim.Offered].Mean)}
		if blocked {
			cells = append(cells, Count(v[sim.Blocked].Mean))
		}
		if !deferred {
			cells = append(cells, ShareCI(v[sim.AbandonRate]))
		}
		cells = append(cells, ShareCI(v[sim.ServiceLevel]), asa.cellCI(v[sim.ASA]), p90.cell(v[sim.WaitP90].Mean),
			Float(v[sim.QueueEnd].Mean, 1), old.cell(v[sim.OldestAge].Mean), Money(v[sim.Cost].Mean))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

// WhileStaffed returns a group's mean agents on the floor and paid over
// the intervals in which it was scheduled (paid agents; for an outsourcer
// paid per contact, the intervals it handled something): the figures of
// its working hours, not diluted by the night. NaN when it never had any.
func WhileStaffed(g *sim.GroupResult) (floor, paid float64) {
	return meanWhileStaffed(g, sim.Staff), meanWhileStaffed(g, sim.Paid)
}

// meanWhileStaffed is a group metric's mean over the intervals WhileStaffed
// counts.
func meanWhileStaffed(g *sim.GroupResult, m sim.GroupMetric) float64 {
	scheduled := false
	for i := range g.Intervals {
		scheduled = scheduled || g.Intervals[i][sim.Paid].Mean > 0
	}
	n, sum := 0, 0.0
	for i := range g.Intervals {
		v := &g.Intervals[i]
		if v[sim.Paid].Mean > 0 || (!scheduled && v[sim.Staff].Mean > 0) {
			sum += v[m].Mean
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// Target writes a service-level target: "80% in 20s", "-" for none.
func Target(t sim.Target) string {
	if t.Threshold <= 0 {
		return "-"
	}
	return Percent(t.Goal) + " in " + scenarios.FormatDuration(t.Threshold)
}
