package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// PlanColors are the colours of plans in a comparison's charts, in plan
// order (the Okabe-Ito palette plots draws with): a page marks each plan
// with its colour so that its name reads as the legend.
var PlanColors = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}

func planColor(i int) string { return PlanColors[i%len(PlanColors)] }

// WriteHTML writes the comparison as a report page: the plans, the
// headline KPIs side by side with each plan's difference from the first
// and each channel's service level against its goal, the plans by day
// over several days, the charts, each plan's own tables (folded away),
// and the definitions.
func (c Comparison) WriteHTML(w io.Writer) error {
	d := &defs{}
	var names []string
	for _, p := range c.Plans {
		names = append(names, p.Name)
	}
	pg := &page{Kind: "Plans compared", Title: strings.Join(names, " against ")}
	pg.Facts = append(pg.Facts, fact{"plans", strconv.Itoa(len(c.Plans))}, fact{"Δ", "each plan's difference from " + c.Plans[0].Name})
	pg.withReport(c.HTML)

	var planRows [][]cell
	for i, p := range c.Plans {
		r := p.Result
		planRows = append(planRows, []cell{{Text: p.Name, Swatch: planColor(i)}, {Text: p.File, Class: "path"}, {Text: p.Description, Class: "prose"},
			{Text: HorizonText(r.Timeline().Seconds()) + " of " + HorizonText(r.IntervalSeconds) + " intervals"},
			num(strconv.Itoa(r.Replications), float64(r.Replications)), num(strconv.FormatUint(r.Seed, 10), float64(r.Seed))})
	}
	pg.Sections = append(pg.Sections, section{ID: "plans", Title: "Plans",
		Intro: "Plans with the same seed see the same customers (common random numbers): their differences come from the staffing alone.",
		Tables: []table{{Head: []column{{Label: "plan"}, {Label: "file"}, {Label: "description"}, {Label: "horizon"},
			{Label: "replications", Numeric: true}, {Label: "seed", Numeric: true}}, Rows: planRows}}})

	head := []column{{Label: "KPI, whole horizon"}}
	for i, p := range c.Plans {
		head = append(head, column{Label: p.Name, Numeric: true})
		if i > 0 {
			head = append(head, d.column("Δ "+p.Name, "delta"))
		}
	}
	head = append(head, column{Label: "target", Numeric: true})
	var rows [][]cell
	for _, row := range c.Rows {
		line := []cell{label(row.Label(), row.Channel != "")}
		line[0].Text = strings.TrimSpace(line[0].Text)
		target, goal, higher := kpiTarget(c.Plans, row)
		for i, p := range c.Plans {
			v := num(row.FormatValue(i, p.Currency, true), row.Values[i].Mean)
			switch status(row.Values[i], goal, higher) {
			case "met":
				v.Class = "good"
			case "missed":
				v.Class = "bad"
			}
			line = append(line, v)
			if i > 0 {
				line = append(line, num(row.FormatDelta(i, p.Currency), row.Deltas[i]))
			}
		}
		line = append(line, num(target, goal))
		rows = append(rows, line)
	}
	d.use("service_level")
	d.use("asa_seconds")
	d.use("abandon_rate")
	d.use("occupancy")
	d.use("paid_hours")
	d.use("cost_per_contact")
	pg.Sections = append(pg.Sections, section{ID: "kpis", Title: "Headline KPIs against targets",
		Intro:  "Means over each plan's replications with their 95% half-widths; a value in green meets its channel's target with 95% confidence, in red misses it.",
		Tables: []table{{Head: head, Rows: rows, Note: "pp: percentage points. Channels are indented under the KPI of all channels."}}})

	if multiDay(c.Plans) {
		pg.Sections = append(pg.Sections, c.daysSection(d))
	}
	if len(c.HTML.Figures) > 0 {
		pg.Sections = append(pg.Sections, section{ID: "charts", Title: "Charts",
			Intro:   "One line per plan, each in its colour in every panel. Point at a chart for every plan's figures in an interval or day.",
			Figures: c.HTML.Figures})
	}
	for i, p := range c.Plans {
		secs := forecastSections(p.Result, p.Currency, d)
		s := section{ID: fmt.Sprintf("plan-%d", i+1), Title: "Plan " + p.Name, Collapsed: true,
			Intro: "This plan's channels and groups over its horizon."}
		for _, x := range secs[:2] {
			for _, t := range x.Tables {
				t.Caption = x.Title
				s.Tables = append(s.Tables, t)
			}
		}
		pg.Sections = append(pg.Sections, s)
	}
	pg.Defs = d.list()
	return pg.write(w)
}

// kpiTarget is the target a KPI row is judged by: a channel's
// service-level goal, largest abandonment or ASA target, as the first
// plan with the channel sets it; none for the KPIs of all channels.
func kpiTarget(plans []Forecast, row KPIRow) (text string, goal float64, higher bool) {
	if row.Channel == "" {
		return "-", nan, false
	}
	for _, p := range plans {
		ch := ChannelByName(p.Result, row.Channel)
		if ch == nil {
			continue
		}
		t := ch.Target
		switch row.Key {
		case "service_level":
			if t.Threshold > 0 {
				return Target(t), t.Goal, true
			}
		case "abandon_rate":
			if t.MaxAbandon > 0 {
				return "at most " + Percent(t.MaxAbandon), t.MaxAbandon, false
			}
		case "asa_seconds":
			if t.ASA > 0 {
				return "at most " + Seconds(t.ASA), t.ASA, false
			}
		}
		break
	}
	return "-", nan, false
}

// multiDay reports whether every plan spans several days.
func multiDay(plans []Forecast) bool {
	for _, p := range plans {
		if p.Result == nil || len(p.Result.Days) < 2 {
			return false
		}
	}
	return len(plans) > 0
}

// daysSection compares the plans day by day: each channel's service
// level, then paid hours and cost.
func (c Comparison) daysSection(d *defs) section {
	s := section{ID: "by-day", Title: "By day",
		Intro: "Each day's contacts measured as one in every replication: shares are ratios of the day's counts, hours and cost its sums."}
	d.use("days")
	names, _ := ChannelUnion(c.Plans)
	first := c.Plans[0].Result
	for _, p := range c.Plans[1:] {
		if len(p.Result.Days) > len(first.Days) {
			first = p.Result
		}
	}
	measure := func(caption string, value func(r *sim.Result, p *sim.PeriodResult) sim.Stat, format func(sim.Stat) string, unit sim.Unit, def string) table {
		head := []column{{Label: "day"}}
		for i, p := range c.Plans {
			head = append(head, column{Label: p.Name, Def: d.use(def), Numeric: true})
			if i > 0 {
				head = append(head, column{Label: "Δ " + p.Name, Numeric: true})
			}
		}
		var rows [][]cell
		for k := range first.Days {
			line := []cell{num(PeriodLabel(first, first.Days[k], ByDay), float64(k))}
			var base float64
			for i, p := range c.Plans {
				v := sim.Stat{Mean: nan, HalfWidth: nan}
				if k < len(p.Result.Days) {
					v = value(p.Result, &p.Result.Days[k])
				}
				line = append(line, num(format(v), v.Mean))
				if i == 0 {
					base = v.Mean
					continue
				}
				delta := v.Mean - base
				line = append(line, num(Change(delta, unit), delta))
			}
			rows = append(rows, line)
		}
		return table{Caption: caption, Head: head, Rows: rows}
	}
	for _, name := range names {
		s.Tables = append(s.Tables, measure(name+": service level by day", func(r *sim.Result, p *sim.PeriodResult) sim.Stat {
			if ci := channelIndex(r, name); ci >= 0 {
				return p.Channels[ci][sim.ServiceLevel]
			}
			return sim.Stat{Mean: nan, HalfWidth: nan}
		}, ShareCI, sim.Share, "service_level"))
	}
	s.Tables = append(s.Tables, measure("paid hours by day, all groups", func(_ *sim.Result, p *sim.PeriodResult) sim.Stat {
		return p.AllGroups[sim.PaidHours]
	}, func(v sim.Stat) string { return Number(v.Mean, 1) }, sim.Hours, "paid_hours"))
	s.Tables = append(s.Tables, measure("cost by day, all channels", func(_ *sim.Result, p *sim.PeriodResult) sim.Stat {
		return p.Total[sim.Cost]
	}, func(v sim.Stat) string { return Money(v.Mean) }, sim.Money, "cost"))
	return s
}

// channelIndex is the index of the forecast's channel of that name, or -1.
func channelIndex(r *sim.Result, name string) int {
	for c := range r.Channels {
		if r.Channels[c].Name == name {
			return c
		}
	}
	return -1
}
