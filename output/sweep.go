package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
	"github.com/ccsim/ccsim/sweep"
)

// Sweep is what `ccsim sweep` prints: the headline KPIs of every point of
// a what-if sweep, with the parameters' values and whether the point
// meets the scenario's targets.
type Sweep struct {
	*sweep.Result
}

// SweepFormat is the version of the sweep's JSON and CSV layouts.
const SweepFormat = "ccsim-sweep/1"

// SweepKPI is one KPI of a sweep's points and how to read it from a
// point's totals.
type SweepKPI struct {
	KPI
	Value func(t *sweep.Totals) sim.Stat
}

// SweepKPIs lists the KPIs a sweep reports for a model: service level
// and ASA per channel; abandonment of the real-time channels and per
// real-time channel; occupancy and paid hours of all groups; cost and
// cost per contact.
func SweepKPIs(m *sim.Model) []SweepKPI {
	var out []SweepKPI
	channel := func(key string, metric sim.Metric, c int) {
		out = append(out, SweepKPI{KPI{Key: key, Channel: m.Channels[c].Name, Unit: metric.Unit()},
			func(t *sweep.Totals) sim.Stat { return t.Channels[c][metric] }})
	}
	for c := range m.Channels {
		channel("service_level", sim.ServiceLevel, c)
	}
	for c := range m.Channels {
		channel("asa_seconds", sim.ASA, c)
	}
	realtime, deferred := false, false
	for _, c := range m.Channels {
		realtime, deferred = realtime || c.Realtime(), deferred || !c.Realtime()
	}
	if realtime {
		abandon := SweepKPI{KPI{Key: "abandon_rate", Unit: sim.Share}, func(t *sweep.Totals) sim.Stat { return t.RealTime[sim.AbandonRate] }}
		if deferred {
			abandon.Timing = "real-time"
		}
		out = append(out, abandon)
		for c := range m.Channels {
			if m.Channels[c].Realtime() {
				channel("abandon_rate", sim.AbandonRate, c)
			}
		}
	}
	out = append(out,
		SweepKPI{KPI{Key: "occupancy", Unit: sim.Share}, func(t *sweep.Totals) sim.Stat { return t.AllGroups[sim.Occupancy] }},
		SweepKPI{KPI{Key: "paid_hours", Unit: sim.Hours}, func(t *sweep.Totals) sim.Stat { return t.AllGroups[sim.PaidHours] }},
		SweepKPI{KPI{Key: "cost", Unit: sim.Money}, func(t *sweep.Totals) sim.Stat { return t.All[sim.Cost] }},
		SweepKPI{KPI{Key: "cost_per_contact", Unit: sim.Money}, func(t *sweep.Totals) sim.Stat { return t.All[sim.CostPerContact] }},
	)
	return out
}

// Missed lists the targets of the scenario a point's means miss, each as
// "phone service level", "chat abandonment", "email urgent service
// level"; none when it meets them all. A service level is judged on the
// share answered within its threshold, as the target defines it.
func Missed(m *sim.Model, t *sweep.Totals) []string {
	var out []string
	judge := func(name string, tg sim.Target, v *sim.Values) {
		if tg.Threshold > 0 && tg.Goal > 0 && v[sim.ServiceLevel].Mean < tg.Goal {
			out = append(out, name+" service level")
		}
		if tg.ASA > 0 && v[sim.ASA].Mean > tg.ASA {
			out = append(out, name+" ASA")
		}
		if tg.MaxAbandon > 0 && v[sim.AbandonRate].Mean > tg.MaxAbandon {
			out = append(out, name+" abandonment")
		}
	}
	for c := range m.Channels {
		ch := &m.Channels[c]
		judge(ch.Name, ch.Target, &t.Channels[c])
		if c < len(t.Classes) {
			for k := range t.Classes[c] {
				judge(ch.Name+" "+ch.Classes[k].Name, ch.Classes[k].Target, &t.Classes[c][k])
			}
		}
	}
	return out
}

// ParamValue writes a parameter's value for a reader: a factor as
// "×1.1", a change with its sign ("+15s", "-2 agents"), a share as a
// percentage, "as given" where the point leaves it as the scenario has
// it.
func ParamValue(u sweep.Unit, v float64) string {
	if math.IsNaN(v) {
		return "as given"
	}
	num := strconv.FormatFloat(v, 'g', 10, 64)
	switch u {
	case sweep.Factor:
		return "×" + num
	case sweep.Seconds:
		return signed(FormatSeconds(math.Abs(v)), v)
	case sweep.Share:
		return Percent(v)
	case sweep.Agents:
		return signed(strconv.FormatFloat(math.Abs(v), 'g', 10, 64), v)
	case sweep.Money:
		return Money(v)
	}
	return num
}

// FormatSeconds writes a duration the way scenarios write one: 15s,
// 1m30s, and 2.5s for a fraction of a second.
func FormatSeconds(v float64) string {
	if v != math.Trunc(v) {
		return strconv.FormatFloat(v, 'g', 10, 64) + "s"
	}
	return scenarios.FormatDuration(v)
}

// ParamPhrase says in words what an axis varies: "phone volume",
// "agents added to voice", "escalations phone → email".
func ParamPhrase(a *sweep.CheckedAxis) string {
	t := a.Target
	own := t + " "
	of := " of " + t
	if t == "" {
		word := "every channel"
		switch a.Param {
		case "staff_delta", "staff", "shrinkage", "hourly_cost", "contact_cost":
			word = "every group"
		}
		t, own, of = word, word+"'s ", " of "+word
	}
	switch a.Param {
	case "volume":
		return own + "volume"
	case "handle":
		return own + "handle time"
	case "handle_delta":
		return "change in handle time" + of
	case "wrap_delta":
		return "change in wrap time" + of
	case "patience":
		return own + "patience"
	case "concurrency":
		return "chats per agent" + of
	case "staff_delta":
		return "agents added to " + t
	case "staff":
		return own + "staffing"
	case "shrinkage":
		return own + "shrinkage"
	case "hourly_cost":
		return own + "hourly cost"
	case "contact_cost":
		return own + "cost per contact"
	case "escalation":
		if a.Target == "" {
			return "every escalation share"
		}
		from, to, _ := strings.Cut(a.Target, ":")
		return "escalations " + from + " → " + to
	case "repeat":
		if a.Target == "" {
			return "every repeat share"
		}
		return a.Target + " repeat share"
	}
	return a.Label()
}

var sweepUnitNames = [...]string{sweep.Factor: "factor", sweep.Seconds: "seconds", sweep.Share: "share",
	sweep.Agents: "agents", sweep.Count: "count", sweep.Money: "money"}

// SweepUnitName names a parameter's unit in JSON and CSV.
func SweepUnitName(u sweep.Unit) string { return sweepUnitNames[u] }

type sweepParamJSON struct {
	Name   string    `json:"name"`
	Target string    `json:"target,omitempty"`
	Unit   string    `json:"unit"`
	Base   *float64  `json:"base"`
	Values []float64 `json:"values"`
}

type sweepKPIJSON struct {
	Key      string `json:"key"`
	Channel  string `json:"channel,omitempty"`
	Channels string `json:"channels,omitempty"`
	Unit     string `json:"unit"`
}

type sweepPointJSON struct {
	Point  int        `json:"point"`
	Values []*float64 `json:"values"`
	// Varied names the axis a one-at-a-time point varies; empty for the
	// base and for factorial points.
	Varied     string   `json:"varied,omitempty"`
	TargetsMet bool     `json:"targets_met"`
	Missed     []string `json:"missed"`
	KPIs       []stat   `json:"kpis"`
}

type sweepJSON struct {
	Format       string           `json:"format"`
	Scenario     string           `json:"scenario"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
	Currency     string           `json:"currency"`
	Mode         string           `json:"mode"`
	Parameters   []sweepParamJSON `json:"parameters"`
	KPIs         []sweepKPIJSON   `json:"kpis"`
	Points       []sweepPointJSON `json:"points"`
}

func optional(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// WriteJSON writes the parameters, the KPIs' keys, and every point's
// values and KPIs in the KPIs' order.
func (s Sweep) WriteJSON(w io.Writer) error {
	p := s.Plan
	m := p.Base
	doc := sweepJSON{Format: SweepFormat, Scenario: m.Name, Seed: m.Seed, Replications: m.Replications,
		Currency: m.Currency, Mode: p.Mode.String(), Points: []sweepPointJSON{}}
	for _, a := range p.Axes {
		doc.Parameters = append(doc.Parameters, sweepParamJSON{Name: a.Param, Target: a.Target, Unit: SweepUnitName(a.Unit),
			Base: optional(a.Base), Values: a.Values})
	}
	kpis := SweepKPIs(m)
	for _, k := range kpis {
		doc.KPIs = append(doc.KPIs, sweepKPIJSON{Key: k.Key, Channel: k.Channel, Channels: k.Timing, Unit: UnitName(k.Unit)})
	}
	for i := range s.Totals {
		pt := p.Point(i)
		t := &s.Totals[i]
		pj := sweepPointJSON{Point: i + 1, Missed: Missed(m, t)}
		if pj.Missed == nil {
			pj.Missed = []string{}
		}
		pj.TargetsMet = len(pj.Missed) == 0
		for _, v := range pt.Values {
			pj.Values = append(pj.Values, optional(v))
		}
		if pt.Varied >= 0 {
			pj.Varied = p.Axes[pt.Varied].Label()
		}
		for _, k := range kpis {
			pj.KPIs = append(pj.KPIs, stat(k.Value(t)))
		}
		doc.Points = append(doc.Points, pj)
	}
	return writeJSON(w, doc)
}

// WriteCSV writes one row per point and KPI: point, each parameter's
// value (a column named as --vary names it), kpi, channel, unit, mean,
// ci95, n, targets_met.
func (s Sweep) WriteCSV(w io.Writer) error {
	p := s.Plan
	cw := csv.NewWriter(w)
	header := []string{"point"}
	for _, a := range p.Axes {
		header = append(header, a.Label())
	}
	cw.Write(append(header, "kpi", "channel", "unit", "mean", "ci95", "n", "targets_met"))
	kpis := SweepKPIs(p.Base)
	for i := range s.Totals {
		pt := p.Point(i)
		t := &s.Totals[i]
		lead := []string{strconv.Itoa(i + 1)}
		for _, v := range pt.Values {
			lead = append(lead, csvNumber(v))
		}
		met := strconv.FormatBool(len(Missed(p.Base, t)) == 0)
		for _, k := range kpis {
			st := k.Value(t)
			cw.Write(append(append([]string(nil), lead...), k.Key, k.Scope(), UnitName(k.Unit),
				csvNumber(st.Mean), csvNumber(st.HalfWidth), strconv.Itoa(st.N), met))
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the parameters, then one row per point: its values,
// each channel's service level, the abandonment of the real-time
// channels, occupancy, cost, and the targets it misses.
func (s Sweep) WriteTable(w io.Writer) error {
	p := s.Plan
	m := p.Base
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "What-if sweep of %s: %s (%s), %s each, seed %d\n", ScenarioName(m.Name),
		counted(p.Len(), "point"), p.Mode, counted(m.Replications, "replication"), m.Seed)
	fmt.Fprintln(bw, "Every point draws the same random numbers, so the differences between points are the parameters' doing.")
	fmt.Fprintln(bw, "Means over replications; ± is the half-width of the 95% confidence interval; targets are judged on the means.")
	fmt.Fprintln(bw)
	list := [][]string{{"parameter", "varies", "values", "scenario's"}}
	for i := range p.Axes {
		a := &p.Axes[i]
		vals := make([]string, len(a.Values))
		for k, v := range a.Values {
			vals[k] = ParamValue(a.Unit, v)
		}
		list = append(list, []string{a.Label(), ParamPhrase(a), shorten(vals), ParamValue(a.Unit, a.Base)})
	}
	writeColumns(bw, list, 4)
	fmt.Fprintln(bw)

	type column struct {
		head string
		cell func(t *sweep.Totals) string
	}
	var cols []column
	for c := range m.Channels {
		cols = append(cols, column{m.Channels[c].Name + " SL", func(t *sweep.Totals) string { return ShareCI(t.Channels[c][sim.ServiceLevel]) }})
	}
	abandon := "abandoned"
	for _, c := range m.Channels {
		if !c.Realtime() {
			abandon = "abandoned (real-time)"
		}
	}
	cols = append(cols,
		column{abandon, func(t *sweep.Totals) string { return ShareCI(t.RealTime[sim.AbandonRate]) }},
		column{"occupancy", func(t *sweep.Totals) string { return ShareCI(t.AllGroups[sim.Occupancy]) }},
		column{withUnit("cost", m.Currency), func(t *sweep.Totals) string { return Money(t.All[sim.Cost].Mean) }},
	)
	header := []string{"#"}
	for _, a := range p.Axes {
		header = append(header, a.Label())
	}
	for _, c := range cols {
		header = append(header, c.head)
	}
	table := [][]string{append(header, "targets")}
	for i := range s.Totals {
		pt := p.Point(i)
		t := &s.Totals[i]
		row := []string{strconv.Itoa(i + 1)}
		for a, v := range pt.Values {
			cell := ParamValue(p.Axes[a].Unit, v)
			if p.Mode == sweep.OneAtATime && pt.Varied != a {
				cell = "·"
			}
			row = append(row, cell)
		}
		for _, c := range cols {
			row = append(row, c.cell(t))
		}
		verdict := "met"
		if missed := Missed(m, t); len(missed) > 0 {
			verdict = "missed: " + strings.Join(missed, ", ")
		}
		table = append(table, append(row, verdict))
	}
	writeColumns(bw, table, 0)
	if p.Mode == sweep.OneAtATime {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "· is the scenario's value: point 1 is the base, and each other point changes one parameter.")
	}
	return bw.Flush()
}

// counted writes a whole number with thousands separators and its noun:
// "1 point", "1,000 points".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Int(n) + " " + noun + "s"
}

// shorten lists values, eliding the middle of a long list.
func shorten(vals []string) string {
	if len(vals) > 8 {
		return strings.Join(vals[:3], ", ") + ", … " + strings.Join(vals[len(vals)-2:], ", ") +
			" (" + strconv.Itoa(len(vals)) + " values)"
	}
	return strings.Join(vals, ", ")
}
