package output

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// Timing, for a KPI of all channels, narrows it to the real-time
	// channels ("real-time") or the deferred ones ("deferred"): plans with
	// both kinds get a service level and an ASA for each, never one that
	// sums the seconds of calls with the hours of emails.
	Timing string
	Unit   sim.Unit
}

var kpiNames = map[string]string{
	"service_level":    "service level",
	"asa_seconds":      "ASA",
	"abandon_rate":     "abandonment",
	"occupancy":        "occupancy",
	"paid_hours":       "paid hours",
	"cost":             "cost",
	"cost_per_contact": "cost per contact",
	"blocked":          "blocked",
}

// Name is the KPI's name for people: "service level", "ASA".
func (k KPI) Name() string { return kpiNames[k.Key] }

// Label names the row of a KPI table: the KPI for all channels, the
// channel's name indented beneath it.
func (k KPI) Label() string {
	switch {
	case k.Channel != "":
		return "  " + k.Channel
	case k.Timing != "":
		return k.Name() + ", " + k.Timing
	}
	return k.Name()
}

// Scope names what a KPI measures in the CSV's channel column: the
// channel, "real-time channels" or "deferred channels" (no channel name
// has a space), or empty for all.
func (k KPI) Scope() string {
	if k.Timing != "" {
		return k.Timing + " channels"
	}
	return k.Channel
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
	{"blocked", sim.Blocked, true},
}

// CompareKPIs returns the headline KPIs of several plans side by side:
// service level, ASA and abandonment for all channels and per channel,
// then occupancy and paid hours of all groups, cost and cost per contact.
// Channels are matched by name; a channel missing from a plan leaves its
// value undefined. Plans must use one currency.
func CompareKPIs(plans []Forecast) ([]KPIRow, error) {
	if len(plans) == 0 {
		return nil, errors.New("output: no plans to compare")
	}
	for i, p := range plans {
		if err := checkTotals(p.Result); err != nil {
			return nil, fmt.Errorf("plan %q: %w", p.Title(), err)
		}
		if p.Currency != plans[0].Currency {
			return nil, fmt.Errorf("output: plan %q counts cost in %s and plan %q in %s; compare plans in one currency",
				plans[0].Title(), plans[0].Currency, plans[i].Title(), p.Currency)
		}
	}
	names, kinds := ChannelUnion(plans)
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
	realtime, deferred := false, false
	for _, k := range kinds {
		realtime, deferred = realtime || !k.Deferred(), deferred || k.Deferred()
	}
	for _, m := range headlineMetrics {
		if m.metric == sim.Blocked && !anyBlocked(plans) {
			// Shown wherever contacts were blocked, and only there.
			continue
		}
		perChannel := func(wantDeferred bool) {
			for c, name := range names {
				if kinds[c].Deferred() != wantDeferred {
					continue
				}
				add(KPI{Key: m.key, Channel: name, Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat {
					if ch := ChannelByName(r, name); ch != nil {
						return ch.Total[m.metric]
					}
					return undefined
				})
			}
		}
		switch {
		case m.realtime && deferred:
			// Abandonment and blocking are the real-time channels': the
			// headline is theirs, not diluted by email.
			add(KPI{Key: m.key, Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat { return r.RealTime[m.metric] })
			perChannel(false)
		case realtime && deferred:
			add(KPI{Key: m.key, Timing: "real-time", Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat { return r.RealTime[m.metric] })
			perChannel(false)
			add(KPI{Key: m.key, Timing: "deferred", Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat { return r.Deferred[m.metric] })
			perChannel(true)
		default:
			add(KPI{Key: m.key, Unit: m.metric.Unit()}, func(r *sim.Result) sim.Stat { return r.Total.Total[m.metric] })
			perChannel(false)
			perChannel(true)
		}
	}
	add(KPI{Key: "occupancy", Unit: sim.Share}, func(r *sim.Result) sim.Stat { return r.AllGroups.Total[sim.Occupancy] })
	add(KPI{Key: "paid_hours", Unit: sim.Hours}, func(r *sim.Result) sim.Stat { return r.AllGroups.Total[sim.PaidHours] })
	add(KPI{Key: "cost", Unit: sim.Money}, func(r *sim.Result) sim.Stat { return r.Total.Total[sim.Cost] })
	add(KPI{Key: "cost_per_contact", Unit: sim.Money}, func(r *sim.Result) sim.Stat { return r.Total.Total[sim.CostPerContact] })
	return rows, nil
}

var undefined = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}

// anyBlocked reports whether any plan blocked a contact.
func anyBlocked(plans []Forecast) bool {
	for _, p := range plans {
		if p.Result.Total.Total[sim.Blocked].Mean > 0 {
			return true
		}
	}
	return false
}

// finite reports whether v is a number to show.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkTotals refuses a forecast without the totals the KPIs read: the
// all-groups figures (occupancy, paid hours) must be those of every
// interval, as sim merges them.
func checkTotals(r *sim.Result) error {
	switch {
	case r == nil:
		return errors.New("output: no forecast")
	case len(r.AllGroups.Intervals) != r.Intervals:
		return fmt.Errorf("output: all groups: %d intervals, want %d", len(r.AllGroups.Intervals), r.Intervals)
	}
	return nil
}

// ChannelUnion lists the channels of all plans by name, in the order
// they first appear, with their kinds.
func ChannelUnion(plans []Forecast) (names []string, kinds []sim.Kind) {
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

// ChannelByName returns the forecast's channel with the given name, or
// nil.
func ChannelByName(r *sim.Result, name string) *sim.ChannelResult {
	for c := range r.Channels {
		if r.Channels[c].Name == name {
			return &r.Channels[c]
		}
	}
	return nil
}

// FormatValue writes plan i's value of the row for a reader, in the
// row's unit: "80.9%", "24.3 s", "421.0 h", "7.17 USD". With ci it adds
// the 95% half-width in the same unit: "80.9%±1.3", "24.3±4.5 s".
// Undefined values print "-".
func (r KPIRow) FormatValue(i int, currency string, ci bool) string {
	s := r.Values[i]
	if !finite(s.Mean) {
		return "-"
	}
	num, unit := Amount(r.Unit, s.Mean, s.Mean, currency)
	if ci && finite(s.HalfWidth) {
		hw, _ := Amount(r.Unit, s.HalfWidth, s.Mean, currency)
		if r.Unit == sim.Share {
			return num + unit + "±" + hw
		}
		num += "±" + hw
	}
	return num + unit
}

// FormatDelta writes plan i's difference from the first plan with its
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
	num, unit := Amount(r.Unit, math.Abs(d), ref, currency)
	if r.Unit == sim.Share {
		unit = " pp"
	}
	return signed(num, d) + unit
}

// NamePlans names each plan for a comparison: by its scenario's name;
// plans whose names are empty or clash take their file's base name, and
// their path when even those clash. The same file given twice is told
// apart by a number.
func NamePlans(plans []Forecast) {
	count := func(name func(Forecast) string) map[string]int {
		n := map[string]int{}
		for _, p := range plans {
			n[name(p)]++
		}
		return n
	}
	byName := count(func(p Forecast) string { return p.Name })
	byBase := count(func(p Forecast) string { return filepath.Base(p.File) })
	for i := range plans {
		p := &plans[i]
		switch {
		case p.Name != "" && byName[p.Name] == 1:
		case byBase[filepath.Base(p.File)] == 1:
			p.Name = filepath.Base(p.File)
		default:
			p.Name = p.File
		}
	}
	seen := map[string]int{}
	for i := range plans {
		// A scenario's name and its file's are text from outside.
		plans[i].Name = sim.Printable(plans[i].Name)
		seen[plans[i].Name]++
		if n := seen[plans[i].Name]; n > 1 {
			plans[i].Name += " (" + strconv.Itoa(n) + ")"
		}
	}
}

// Comparison is what `ccsim compare` prints: the headline KPIs of several
// plans side by side, with their differences from the first.
type Comparison struct {
	Plans []Forecast
	Rows  []KPIRow
	// HTML holds what the HTML page adds: charts and provenance.
	HTML Report
}

// Compare compares plans named for a reader (NamePlans).
func Compare(plans []Forecast) (Comparison, error) {
	rows, err := CompareKPIs(plans)
	return Comparison{Plans: plans, Rows: rows}, err
}

// CompareFormat is the version of the comparison's JSON and CSV layouts.
const CompareFormat = "ccsim-compare/1"

type comparedPlanJSON struct {
	Name         string `json:"name"`
	File         string `json:"file"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Currency     string `json:"currency"`
}

type kpiJSON struct {
	Key     string `json:"key"`
	Channel string `json:"channel,omitempty"`
	// Channels narrows a KPI of all channels: "real-time" or "deferred".
	Channels string `json:"channels,omitempty"`
	Unit     string `json:"unit"`
	Values   []stat `json:"values"`
	// Deltas are against the first plan; null where undefined.
	Deltas []*float64 `json:"deltas"`
}

type comparisonJSON struct {
	Format string             `json:"format"`
	Plans  []comparedPlanJSON `json:"plans"`
	KPIs   []kpiJSON          `json:"kpis"`
}

// WriteJSON writes the plans and each KPI's values and deltas.
func (c Comparison) WriteJSON(w io.Writer) error {
	doc := comparisonJSON{Format: CompareFormat}
	for _, p := range c.Plans {
		r := p.Result
		doc.Plans = append(doc.Plans, comparedPlanJSON{p.Name, p.File, r.Seed, r.Replications, p.Currency})
	}
	for _, row := range c.Rows {
		k := kpiJSON{Key: row.Key, Channel: row.Channel, Channels: row.Timing, Unit: UnitName(row.Unit), Values: stats(row.Values)}
		for _, d := range row.Deltas {
			if finite(d) {
				k.Deltas = append(k.Deltas, &d)
			} else {
				k.Deltas = append(k.Deltas, nil)
			}
		}
		doc.KPIs = append(doc.KPIs, k)
	}
	return writeJSON(w, doc)
}

// WriteCSV writes one row per KPI and plan: kpi, channel, unit, plan,
// mean, ci95, n, delta (against the first plan).
func (c Comparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kpi", "channel", "unit", "plan", "mean", "ci95", "n", "delta"})
	for _, row := range c.Rows {
		for i, p := range c.Plans {
			s := row.Values[i]
			cw.Write([]string{row.Key, row.Scope(), UnitName(row.Unit), p.Name,
				csvNumber(s.Mean), csvNumber(s.HalfWidth), strconv.Itoa(s.N), csvNumber(row.Deltas[i])})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the plans, then the KPIs with a column per plan and
// the differences.
func (c Comparison) WriteTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d plans compared over their whole horizons; Δ is the difference from %s.\n", len(c.Plans), c.Plans[0].Name)
	fmt.Fprintln(bw, "Means over replications; ± is the half-width of the 95% confidence interval; pp: percentage points.")
	fmt.Fprintln(bw)
	list := [][]string{{"plan", "file", "replications", "seed"}}
	for _, p := range c.Plans {
		r := p.Result
		list = append(list, []string{p.Name, sim.Printable(p.File), strconv.Itoa(r.Replications), strconv.FormatUint(r.Seed, 10)})
	}
	writeColumns(bw, list, 2)
	fmt.Fprintln(bw)

	header := []string{"KPI"}
	for i, p := range c.Plans {
		header = append(header, p.Name)
		if i > 0 {
			header = append(header, "Δ")
		}
	}
	table := [][]string{header}
	for _, row := range c.Rows {
		line := []string{row.Label()}
		for i, p := range c.Plans {
			line = append(line, row.FormatValue(i, p.Currency, true))
			if i > 0 {
				line = append(line, row.FormatDelta(i, p.Currency))
			}
		}
		table = append(table, line)
	}
	writeColumns(bw, table, 1)
	return bw.Flush()
}

// writeColumns prints a table two spaces apart, its first left columns
// aligned left and the others, numbers, aligned right.
func writeColumns(w io.Writer, table [][]string, left int) {
	var widths []int
	for _, row := range table {
		for c, cell := range row {
			if c == len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range table {
		var b strings.Builder
		for c, cell := range row {
			pad := strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell))
			if c > 0 {
				b.WriteString("  ")
			}
			if c < left {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(pad + cell)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
