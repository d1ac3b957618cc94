package output

import (
	"fmt"
	"io"
	"math"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// WriteHTML writes the forecast as a report page: the headline figures
// against their targets, the channels, groups and flows over the horizon,
// the forecast by day and by week over several days, the charts of the
// report, each channel by interval (folded away), and the definitions.
func (f Forecast) WriteHTML(w io.Writer) error {
	r := f.Result
	d := &defs{}
	p := &page{Kind: "Forecast", Title: f.Title(), Lead: f.Description}
	if f.File != "" {
		p.Facts = append(p.Facts, fact{"scenario", f.File})
	}
	p.Facts = append(p.Facts, horizonFacts(r)...)
	p.withReport(f.HTML)
	p.KPIs = forecastCards(r, f.Currency, d)
	p.Sections = append(p.Sections, forecastSections(r, f.Currency, d)...)
	if len(f.HTML.Figures) > 0 {
		p.Sections = append(p.Sections, section{ID: "charts", Title: "Charts",
			Intro: "Point at a chart for the figures of an interval or day.", Figures: f.HTML.Figures})
	}
	p.Sections = append(p.Sections, intervalSections(r, d)...)
	p.Defs = d.list()
	return p.write(w)
}

// forecastCards are a forecast's headline figures: each channel's service
// level, ASA and abandonment against its targets, then the center's
// occupancy, paid hours and cost.
func forecastCards(r *sim.Result, money string, d *defs) []kpiCard {
	var cards []kpiCard
	for c := range r.Channels {
		ch := &r.Channels[c]
		v := &ch.Total
		cards = append(cards, serviceLevelCard(ch.Name, v[sim.ServiceLevel], ch.Target, d))
		for _, cl := range ch.Classes {
			cards = append(cards, serviceLevelCard(ch.Name+" "+cl.Name, cl.Total[sim.ServiceLevel], cl.Target, d))
		}
		what := "ASA"
		if ch.Kind.Deferred() {
			what = "first reply"
		}
		asa := kpiCard{Label: ch.Name + " " + what, Value: Seconds(v[sim.ASA].Mean), Interval: intervalText(v[sim.ASA], sim.Seconds),
			Def: d.use("asa_seconds")}
		if ch.Target.ASA > 0 {
			asa.Target = "target at most " + scenarios.FormatDuration(ch.Target.ASA)
			asa.Status = status(v[sim.ASA], ch.Target.ASA, false)
		}
		cards = append(cards, asa)
		if !ch.Kind.Deferred() {
			ab := kpiCard{Label: ch.Name + " abandonment", Value: Share(v[sim.AbandonRate].Mean),
				Interval: intervalText(v[sim.AbandonRate], sim.Share), Def: d.use("abandon_rate")}
			if ch.Target.MaxAbandon > 0 {
				ab.Target = "at most " + Percent(ch.Target.MaxAbandon)
				ab.Status = status(v[sim.AbandonRate], ch.Target.MaxAbandon, false)
			}
			cards = append(cards, ab)
		}
	}
	all := &r.AllGroups.Total
	cards = append(cards,
		kpiCard{Label: "occupancy, all groups", Value: Share(all[sim.Occupancy].Mean), Interval: intervalText(all[sim.Occupancy], sim.Share), Def: d.use("occupancy")},
		kpiCard{Label: "paid hours", Value: Number(all[sim.PaidHours].Mean, 1) + " h", Def: d.use("paid_hours")},
		kpiCard{Label: "cost", Value: Money(r.Total.Total[sim.Cost].Mean) + moneySuffix(money), Def: d.use("cost")},
		kpiCard{Label: "cost per contact", Value: Money(r.Total.Total[sim.CostPerContact].Mean) + moneySuffix(money), Def: d.use("cost_per_contact")},
	)
	return cards
}

// serviceLevelCard is the headline card of a channel's or class's (who)
// service level, against its target when it has one.
func serviceLevelCard(who string, s sim.Stat, t sim.Target, d *defs) kpiCard {
	card := kpiCard{Label: who + " service level", Value: Share(s.Mean), Interval: intervalText(s, sim.Share),
		Def: d.use("service_level")}
	if t.Threshold > 0 {
		card.Target = "target " + Target(t)
		card.Status = status(s, t.Goal, true)
	}
	return card
}

// forecastSections are the tables of a forecast over its horizon, and by
// day and week when it has several days.
func forecastSections(r *sim.Result, money string, d *defs) []section {
	var rows [][]cell
	for c := range r.Channels {
		ch := &r.Channels[c]
		rows = append(rows, channelCells(label(ch.Name+" ("+ch.Kind.String()+")", false), &ch.Total, ch.Target, ch.Kind.Deferred()))
		for _, cl := range ch.Classes {
			rows = append(rows, channelCells(label(cl.Name, true), &cl.Total, cl.Target, ch.Kind.Deferred()))
		}
	}
	var realtime, deferred int
	for _, ch := range r.Channels {
		if ch.Kind.Deferred() {
			deferred++
		} else {
			realtime++
		}
	}
	if realtime > 1 {
		rows = append(rows, channelCells(label("all real-time", false), &r.RealTime, sim.Target{}, false))
	}
	if deferred > 1 {
		rows = append(rows, channelCells(label("all deferred", false), &r.Deferred, sim.Target{}, true))
	}
	channels := section{ID: "channels", Title: "Channels over the horizon",
		Intro: "Contacts are counted in the interval they arrived in. For email and messaging the waits are first-reply times.",
		Tables: []table{{Head: channelHead(d, money), Rows: rows,
			Note: "Abandonment is for calls and chats only; email and messaging never abandon. Classes are indented under their channel."}}}
	groups := section{ID: "groups", Title: "Agent groups over the horizon", Tables: []table{groupTable(r, money, d)}}
	out := []section{channels, groups}
	if len(r.Flows) > 0 {
		var rows [][]cell
		for _, fl := range r.Flows {
			rows = append(rows, []cell{{Text: fl.Kind}, {Text: fl.From}, {Text: fl.To}, countCell(fl.Count)})
		}
		out = append(out, section{ID: "flows", Title: "Flows between channels",
			Tables: []table{{Head: []column{{Label: "flow"}, {Label: "from"}, {Label: "to"}, {Label: "contacts", Numeric: true}}, Rows: rows}}})
	}
	if len(r.Days) > 1 {
		out = append(out, periodSection(r, ByDay, money, d))
	}
	if len(r.Weeks) > 1 {
		out = append(out, periodSection(r, ByWeek, money, d))
	}
	return out
}

// channelHead heads a table of channels.
func channelHead(d *defs, money string) []column {
	return []column{
		{Label: "channel"},
		d.column("offered", "offered"),
		d.column("answered", "answered"),
		d.column("abandoned", "abandon_rate"),
		d.column("service level", "service_level"),
		{Label: "target", Numeric: true},
		d.column("ASA / first reply", "asa_seconds"),
		d.column("wait p90", "wait_p90_seconds"),
		d.column("AHT", "aht_seconds"),
		d.column("backlog at end", "queue_end"),
		d.column(withUnit("cost per contact", money), "cost_per_contact"),
	}
}

// channelCells is one row of a channel table.
func channelCells(name cell, v *sim.Values, t sim.Target, deferred bool) []cell {
	sl := shareCell(v[sim.ServiceLevel])
	if t.Threshold > 0 {
		switch status(v[sim.ServiceLevel], t.Goal, true) {
		case "met":
			sl.Class = "good"
		case "missed":
			sl.Class = "bad"
		}
	}
	ab := shareCell(v[sim.AbandonRate])
	if deferred {
		ab = num("-", nan)
	} else if t.MaxAbandon > 0 && status(v[sim.AbandonRate], t.MaxAbandon, false) == "missed" {
		ab.Class = "bad"
	}
	backlog := num("-", nan)
	if deferred {
		backlog = countCell(v[sim.QueueEnd])
	}
	return []cell{name, countCell(v[sim.Offered]), countCell(v[sim.Answered]), ab, sl, num(Target(t), t.Goal),
		secondsCell(v[sim.ASA], true), secondsCell(v[sim.WaitP90], false), secondsCell(v[sim.AHT], false), backlog,
		moneyCell(v[sim.CostPerContact])}
}

// groupTable lists the groups over the horizon.
func groupTable(r *sim.Result, money string, d *defs) table {
	head := []column{{Label: "group"},
		d.column("on floor (mean while scheduled)", "staff"),
		d.column("paid (mean while scheduled)", "paid"),
		d.column("occupancy", "occupancy"),
		d.column("busy hours", "busy_hours"),
		d.column("paid hours", "paid_hours"),
		d.column("handled", "handled"),
		d.column(withUnit("cost", money), "group_cost")}
	var rows [][]cell
	row := func(name string, g *sim.GroupResult, whileScheduled bool) {
		v := &g.Total
		floor, paid := WhileStaffed(g)
		if !whileScheduled {
			floor, paid = math.NaN(), math.NaN()
		}
		rows = append(rows, []cell{{Text: name}, num(Float(floor, 1), floor), num(Float(paid, 1), paid), shareCell(v[sim.Occupancy]),
			hoursCell(v[sim.BusyHours]), hoursCell(v[sim.PaidHours]), countCell(v[sim.Handled]), moneyCell(v[sim.GroupCost])})
	}
	for g := range r.Groups {
		row(r.Groups[g].Name, &r.Groups[g], true)
	}
	if len(r.Groups) > 1 {
		// Each group's means are over its own scheduled hours, so they do
		// not add up to one figure for all groups: the row leaves them
		// out and keeps the columns that do add up.
		row("all groups", &r.AllGroups, false)
	}
	return table{Head: head, Rows: rows}
}

// periodSection is the forecast by day or by week: a table per channel
// and one of the groups.
func periodSection(r *sim.Result, ro Rollup, money string, d *defs) section {
	ps := ro.Periods(r)
	s := section{ID: "by-" + string(ro), Title: "By " + string(ro),
		Intro: fmt.Sprintf("Each %s's contacts measured as one in every replication: counts are sums, shares ratios of the %s's counts "+
			"(never means of its intervals), percentiles those of the %s's waits.", ro, ro, ro)}
	d.use("days")
	for c := range r.Channels {
		ch := &r.Channels[c]
		deferred := ch.Kind.Deferred()
		head := []column{{Label: string(ro)}, d.column("offered", "offered"),
			d.column("abandoned", "abandon_rate"),
			d.column("service level", "service_level"),
			d.column("ASA / first reply", "asa_seconds"),
			d.column("wait p90", "wait_p90_seconds"),
			d.column("backlog at end", "queue_end"),
			d.column(withUnit("cost", money), "cost")}
		var rows [][]cell
		for k, p := range ps {
			v := &p.Channels[c]
			cells := channelCells(num(PeriodLabel(r, p, ro), float64(k)), v, ch.Target, deferred)
			backlog := countCell(v[sim.QueueEnd])
			rows = append(rows, []cell{cells[0], cells[1], cells[3], cells[4], cells[6], cells[7], backlog,
				moneyCell(v[sim.Cost])})
		}
		s.Tables = append(s.Tables, table{Caption: ch.Name + " by " + string(ro), Head: head, Rows: rows})
	}
	head := []column{{Label: string(ro)}, {Label: "group"},
		d.column("paid hours", "paid_hours"),
		d.column("busy hours", "busy_hours"),
		d.column("occupancy", "occupancy"),
		d.column("handled", "handled"),
		d.column(withUnit("cost", money), "group_cost")}
	var rows [][]cell
	add := func(k int, name string, v *sim.GroupValues) {
		rows = append(rows, []cell{num(PeriodLabel(r, ps[k], ro), float64(k)), {Text: name}, hoursCell(v[sim.PaidHours]),
			hoursCell(v[sim.BusyHours]), shareCell(v[sim.Occupancy]), countCell(v[sim.Handled]), moneyCell(v[sim.GroupCost])})
	}
	for k := range ps {
		for g := range r.Groups {
			add(k, r.Groups[g].Name, &ps[k].Groups[g])
		}
		if len(r.Groups) > 1 {
			add(k, "all groups", &ps[k].AllGroups)
		}
	}
	s.Tables = append(s.Tables, table{Caption: "Groups by " + string(ro), Head: head, Rows: rows})
	return s
}

// maxIntervalRows bounds the per-interval tables of a page: a week of
// half-hours per channel. Longer horizons are read by day and week, and
// in full from `ccsim run --format csv`.
const maxIntervalRows = 7 * 48

// intervalSections are each channel's intervals, folded away, for
// horizons short enough to read them.
func intervalSections(r *sim.Result, d *defs) []section {
	if r.Intervals > maxIntervalRows {
		// The page has a table by week only over more than a week.
		periods := "by day"
		if len(r.Weeks) > 1 {
			periods = "by day and by week"
		}
		return []section{{ID: "intervals", Title: "By interval",
			Intro: fmt.Sprintf("%s intervals are too many to read on a page: the charts show them, the tables above sum them up %s, "+
				"and ccsim run --format csv lists every one.", Int(r.Intervals), periods)}}
	}
	labels := r.Timeline().Labels()
	s := section{ID: "intervals", Title: "By interval", Collapsed: true,
		Intro: "Each channel's intervals with anything to show; contacts are counted where they arrived."}
	for c := range r.Channels {
		ch := &r.Channels[c]
		head := []column{{Label: "start"}, d.column("offered", "offered"),
			d.column("abandoned", "abandon_rate"),
			d.column("service level", "service_level"),
			d.column("ASA / first reply", "asa_seconds"),
			d.column("wait p90", "wait_p90_seconds"),
			d.column("queue at end", "queue_end"),
			d.column("oldest waiting", "oldest_age_seconds")}
		var rows [][]cell
		for i := range ch.Intervals {
			v := &ch.Intervals[i]
			if v[sim.Offered].Mean == 0 && v[sim.QueueEnd].Mean == 0 && v[sim.HandledMinutes].Mean == 0 {
				continue
			}
			ab := shareCell(v[sim.AbandonRate])
			if ch.Kind.Deferred() {
				ab = num("-", nan)
			}
			rows = append(rows, []cell{num(labels[i], float64(i)), countCell(v[sim.Offered]), ab,
				shareCell(v[sim.ServiceLevel]), secondsCell(v[sim.ASA], true), secondsCell(v[sim.WaitP90], false),
				num(Float(v[sim.QueueEnd].Mean, 1), v[sim.QueueEnd].Mean), secondsCell(v[sim.OldestAge], false)})
		}
		s.Tables = append(s.Tables, table{Caption: ch.Name + " by interval", Head: head, Rows: rows})
	}
	return []section{s}
}
