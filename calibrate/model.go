package calibrate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// Notes are the comment lines a fitted model's scenario file carries, by
// key path of the scenario format ("" for the head of the file,
// "channels.phone.handle" for a channel's handle time): Comments go above
// a key, After below its entry. They have the form that package scenarios
// writes them in (scenarios.WriteOptions); package calibrate does not write YAML.
type Notes struct {
	Comments, After map[string][]string
}

func (n *Notes) add(path string, lines ...string) {
	n.Comments[path] = append(n.Comments[path], lines...)
}

// Model is the calibration as a model to write as a scenario file, with
// notes that state each fit: what it was fitted from, the alternatives,
// and the figures behind the choice.
//
// The model is a week from a Sunday at the table's interval with one
// channel and one agent group. Arrivals are the mean daily volume of each
// weekday (or day type) spread by its own intraday profile: a custom
// profile whose rate is constant within each interval (with a one-minute
// ramp between intervals, since profiles are piecewise linear), scaled so
// that each interval's share of the day is the one measured. Staffing is
// the mean on-duty headcount per interval, rounded, and the shrinkage is
// the share of on-duty agents not taking calls. Figures are rounded to
// what a reader of the file needs (volumes to a tenth, durations to a
// hundredth of a second, profile rates to four digits), so that the model
// is the one its file loads into.
func (c *Calibration) Model() (*sim.Model, Notes) {
	o := c.Options
	L := c.IntervalSeconds
	per := 86400 / L
	notes := Notes{Comments: map[string][]string{}, After: map[string][]string{}}
	m := &sim.Model{
		Name:            o.Name,
		Description:     "Fitted by ccsim calibrate from a contact log; the comments state each fit.",
		Seed:            o.Seed,
		Replications:    o.Replications,
		IntervalSeconds: float64(L),
		Intervals:       7 * per,
		StartWeekday:    int(time.Sunday),
	}

	head := []string{"Calibrated by \"ccsim calibrate\": every figure below was fitted from the contact log alone; the comments state each fit."}
	if c.Report != nil {
		m.Description = "Fitted by ccsim calibrate from interval reports; the comments state each fit and what the reports could not tell."
		head = []string{"Calibrated by \"ccsim calibrate --report\": every figure below was fitted from interval reports alone; the comments",
			"state each fit, and what a report cannot tell (it has no single contacts)."}
	}
	head = append(head, o.Credit...)
	head = append(head, "")
	head = append(head, o.Sources...)
	head = append(head, fmt.Sprintf("Days used: %s to %s, %d with contacts; %s contacts of %s pooled into one channel.",
		c.First.Format(time.DateOnly), c.Last.Format(time.DateOnly), c.Days, thousands(c.Total.Offered), queueList(c.Queues)))
	if c.Report != nil {
		head = append(head, c.reportHeadNotes()...)
	} else {
		head = append(head, fmt.Sprintf("Observed: %.1f%% abandoned, %.1f%% answered within %s (over all offered), ASA %.1f s.",
			100*c.Total.AbandonRate(), 100*c.Total.ServiceLevel(), durationText(c.Threshold), c.Total.ASA()))
	}
	notes.add("", head...)

	// Arrivals.
	arrivals := []string{"Arrivals: the mean contacts a day of each day type (days counted, standard deviation):"}
	for _, f := range c.DayTypes {
		if f.Days == 0 {
			arrivals = append(arrivals, fmt.Sprintf("  %s: no day in the %s; zero contacts (set by hand)", f.Name, c.source()))
			continue
		}
		days := fmt.Sprintf("%d days, %s contacts; sd %.1f", f.Days, thousands(f.Contacts), f.VolumeSD)
		if f.Days == 1 {
			days = "1 day"
		}
		arrivals = append(arrivals, fmt.Sprintf("  %s: %.1f a day (%s)", f.Name, f.Volume, days))
	}
	arrivals = append(arrivals,
		fmt.Sprintf("and its intraday profile: each %d-minute interval's share of the day type's contacts, as a custom", L/60),
		"profile (rates in contacts an hour on a mean day, constant within each interval, with one-minute ramps).")
	profiles := map[string]*sim.Profile{}
	for _, f := range c.DayTypes {
		if f.Days == 0 || f.Contacts == 0 {
			continue
		}
		p := &sim.Profile{Name: o.Channel + "_" + f.Name}
		for _, pt := range stepProfile(f.Shares, f.Volume, L) {
			p.Points = append(p.Points, sim.ProfilePoint{At: pt.At, Rate: sig4(pt.Rate)})
		}
		profiles[f.Name] = p
	}
	daily := &sim.DailyArrivals{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		f := c.DayTypes[dayTypeIndex(c.DayTypes, d)]
		daily.Volume[d] = math.Round(f.Volume*10) / 10
		daily.Profile[d] = profiles[f.Name]
	}
	if len(profiles) > 0 {
		notes.add("profiles", arrivals...)
	} else {
		notes.add("channels", arrivals...)
	}

	ch := sim.Channel{Name: o.Channel, Kind: o.Kind,
		Arrivals: sim.Arrivals{Daily: daily, Rates: daily.Rates(m.IntervalSeconds, m.Intervals, m.StartWeekday)}}
	at := "channels." + o.Channel + "."
	demand := c.demandNotes()
	if d := c.Demand; d.Why == "" && !o.NoVariation {
		if v := math.Round(d.Dispersion*100) / 100; v > 1 {
			ch.Arrivals.Dispersion = v
		}
		ch.Arrivals.DayCV = math.Round(d.DayCV*1000) / 1000
	}
	if o.NoVariation && c.Demand.Why == "" {
		demand = append(demand, "Not applied (--no-variation): arrivals are Poisson at the mean volumes.")
	}
	notes.After[at+"arrivals"] = demand
	if c.Report != nil {
		notes.add(at+"handle", c.reportHandleNotes()...)
		ch.Handle = sim.Exp(hundredths(c.AHT))
	} else {
		notes.add(at+"handle", c.handleNotes()...)
		ch.Handle = roundDist(c.Handle.BestFit().Dist)
	}
	if o.HandleByTime {
		ch.HandleByTime = c.HandleFactors()
	}
	if c.Wrap.N > 0 {
		notes.add(at+"wrap", fmt.Sprintf("After-contact work: %s answered contacts with some; mean %.1f s, CV %.2f; best by AIC: %v.",
			thousands(c.Wrap.N), c.Wrap.Mean, c.Wrap.CV, c.Wrap.BestFit().Dist.Kind))
		ch.Wrap = roundDist(c.Wrap.BestFit().Dist)
	}
	if r := c.Report; r != nil {
		key := at + "target"
		if r.Patience > 0 && !math.IsInf(r.Patience, 1) {
			p := sim.Exp(hundredths(r.Patience))
			ch.Patience, key = &p, at+"patience"
		}
		notes.add(key, c.reportPatienceNotes()...)
	} else if o.Kind == sim.Call || o.Kind == sim.Chat {
		if c.Patience == nil {
			notes.add(at+"target", fmt.Sprintf("Patience: nobody of the %s waits abandoned, so the scenario has no patience (nobody abandons).", thousands(c.Waits)))
		} else {
			notes.add(at+"patience", c.patienceNotes()...)
			p := c.Patience.Dist
			patience := sim.Dist{Kind: sim.Empirical, TailMean: hundredths(p.TailMean)}
			for _, pt := range p.Points {
				patience.Points = append(patience.Points, sim.CDFPoint{X: hundredths(pt.X), P: math.Round(pt.P*1e5) / 1e5})
			}
			ch.Patience = &patience
		}
	}
	ch.Target = sim.Target{Goal: math.Round(1000*c.Total.ServiceLevel()) / 10 / 100, Threshold: hundredths(c.Threshold)}
	switch {
	case c.Report == nil:
		notes.add(at+"target", fmt.Sprintf("The service-level threshold is %s; the goal is the share the log shows, a placeholder", durationText(c.Threshold)),
			"for the center's own goal.")
	case slices.Contains(c.Report.Present, "sl"):
		notes.add(at+"target", fmt.Sprintf("The service-level threshold is %s (--sl: the one the reports' service level was measured at);",
			durationText(c.Threshold)), "the goal is the share the reports show, a placeholder for the center's own goal.")
	default:
		notes.add(at+"target", fmt.Sprintf("The service-level threshold is %s (--sl); the reports have no service level: the goal is 80%%,", durationText(c.Threshold)),
			"a placeholder for the center's own goal.")
		ch.Target.Goal = 0.8
	}
	priorities, classes := c.priorities()
	if c.Report != nil {
		priorities = []string{"An interval report shows no priorities: one class."}
	}
	if classes {
		notes.add(at+"classes", priorities...)
		high := math.Round(c.HighShare*1e6) / 1e4
		ch.Classes = []sim.Class{
			{Name: "priority", Share: high / 100, Target: ch.Target},
			{Name: "regular", Share: math.Round((100-high)*1e4) / 1e4 / 100, Target: ch.Target},
		}
	} else {
		notes.After[at+"target"] = priorities
	}
	m.Channels = []sim.Channel{ch}

	g := sim.Group{Name: o.Group, Skills: []sim.Skill{{Channel: 0}}}
	at = "groups." + o.Group + "."
	staffing, shrinkage := c.staffingNotes()
	if c.Report != nil {
		staffing, shrinkage = c.reportStaffingNotes()
	}
	if a := o.Availability; (a.Share > 0 && a.WaitingSeconds > 0) || c.Fitted != nil || (c.Report != nil && c.Shrinkage > 0) {
		// As a percentage to three decimals, the way the file reads it.
		g.Shrinkage = math.Round(c.Shrinkage*1e5) / 1e3 / 100
	}
	if g.Shrinkage > 0 {
		notes.add(at+"shrinkage", append(staffing, shrinkage...)...)
	} else {
		notes.add(at+"staffing", append(staffing, shrinkage...)...)
	}
	absence := c.absenceNotes()
	if c.Report != nil {
		absence = []string{"Absence: not measured (a report names no agent); none applied."}
	}
	scale := 1.0
	if o.NoVariation {
		absence = append(absence, "Not applied (--no-variation): the staffing is the agents on duty.")
	}
	if a := c.Absence; a.Why == "" && a.Rate > 0 && !o.NoVariation {
		// As a percentage to two decimals, the way the file reads it.
		g.Absence = math.Round(a.Rate*1e4) / 1e4
		scale = 1 / (1 - g.Absence)
		notes.add(at+"absence", absence...)
		notes.add(at+"staffing", fmt.Sprintf("Agents scheduled per %d-minute interval from 00:00: on duty / (1 - absence), so that those", c.IntervalSeconds/60),
			"present are on duty's mean:")
	} else {
		notes.add(at+"staffing", absence...)
		notes.add(at+"staffing", fmt.Sprintf("Agents on duty per %d-minute interval from 00:00:", c.IntervalSeconds/60))
	}
	paid := make([]float64, 0, m.Intervals)
	for d := time.Sunday; d <= time.Saturday; d++ {
		f := c.DayTypes[dayTypeIndex(c.DayTypes, d)]
		for i := range per {
			v := 0.0
			if f.Days > 0 {
				v = math.Round(f.OnDuty[i] * scale)
			}
			paid = append(paid, v)
		}
	}
	g.SetScheduled(paid)
	m.Groups = []sim.Group{g}
	return m, notes
}

func (c *Calibration) handleNotes() []string {
	h := c.Handle
	out := []string{
		fmt.Sprintf("Handle time: %s answered contacts with a handle time (%s with none left out); mean %.1f s, CV %.2f.",
			thousands(h.N), thousands(h.Zero), h.Mean, h.CV),
		"Maximum-likelihood fits, the lowest AIC chosen (KS: Kolmogorov-Smirnov distance to the data):",
	}
	names := []string{"exponential", "lognormal", "gamma"}
	for i, f := range h.Fits {
		var params string
		switch i {
		case 0:
			params = fmt.Sprintf("rate %.5f/s", f.Params[0])
		case 1:
			params = fmt.Sprintf("mu %.3f, sigma %.3f", f.Params[0], f.Params[1])
		case 2:
			params = fmt.Sprintf("shape %.3f, rate %.5f/s", f.Params[0], f.Params[1])
		}
		mark := ""
		if i == h.Best {
			mark = "  <- chosen"
		}
		out = append(out, fmt.Sprintf("  %-11s %-27s mean %6.1f s, CV %.2f, log-likelihood %s, KS %.3f%s",
			names[i], params, f.Dist.Average(), distCV(f.Dist), thousands(int(math.Round(f.LogLik))), f.KS, mark))
	}
	if len(c.Queue) > 1 {
		var parts []string
		for _, q := range c.Queue {
			if q.HandleErr != nil {
				parts = append(parts, fmt.Sprintf("%s too few", q.Queue))
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %v %.0f s (%s)", q.Queue, q.Handle.BestFit().Dist.Kind, q.Handle.Mean, thousands(q.Handle.N)))
		}
		out = append(out, wrapped(4, "By queue (best family, mean, contacts): "+strings.Join(parts, "; ")+".")...)
	}
	var hours []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for hr, v := range c.HourlyAHT {
		if math.IsNaN(v) || c.HourlyAnswered[hr] < minHourly {
			continue
		}
		hours = append(hours, fmt.Sprintf("%02d:00 %.0f", hr, v))
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if len(hours) > 0 {
		tail := "the scenario format holds one distribution per channel, so the all-day fit stands for every hour."
		if c.Options.HandleByTime {
			tail = fmt.Sprintf("handle_by_time scales the fit by each hour's mean over the mean of all, %.1f s (hours with fewer answered keep the factor before them).", c.AHT)
		}
		out = append(out, wrapped(4, fmt.Sprintf("Mean handle time by hour of arrival (hours with at least %d answered), s: %s. It ranges from %.0f to %.0f s; %s",
			minHourly, strings.Join(hours, ", "), lo, hi, tail))...)
	}
	return out
}

func (c *Calibration) patienceNotes() []string {
	p := c.Patience
	var marks []string
	for _, t := range []float64{10, 30, 60, 120, 300, 600} {
		if t <= p.Horizon {
			marks = append(marks, fmt.Sprintf("S(%s) %.3f", durationText(t), p.survival(t)))
		}
	}
	median := "beyond the horizon"
	if !math.IsNaN(p.Median) {
		median = durationText(p.Median)
	}
	out := []string{
		fmt.Sprintf("Patience, from censored waits (an answered caller would have waited at least as long): %s waits,", thousands(p.Waits)),
		fmt.Sprintf("%s abandoned.", thousands(p.Abandoned)),
		fmt.Sprintf("  exponential estimate (abandonments over the time everyone waited): mean %.1f s", p.ExpMean),
		fmt.Sprintf("  Kaplan-Meier: %s; median %s;", strings.Join(marks, ", "), median),
		fmt.Sprintf("  followed to %s (the last time with at least %d callers still waiting), then an exponential", durationText(p.Horizon), minAtRisk(c.Options.Patience)),
		fmt.Sprintf("  tail of mean %s; mean %.1f s.", durationText(p.TailMean), p.Dist.Average()),
		"The simulator takes the Kaplan-Meier estimate (its hazard falls with time, which the exponential",
		"cannot show); Erlang A in \"ccsim backtest\" takes its mean unless --erlang-patience says otherwise.",
	}
	if len(c.Queue) > 1 {
		var parts []string
		for _, q := range c.Queue {
			if math.IsInf(q.PatienceMean, 1) {
				parts = append(parts, fmt.Sprintf("%s none abandoned", q.Queue))
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %.0f s (%.1f%% abandoned)", q.Queue, q.PatienceMean, 100*share(q.Abandoned, q.Offered)))
		}
		out = append(out, wrapped(4, "Exponential estimate by queue: "+strings.Join(parts, "; ")+".")...)
	}
	return out
}

// priorities are the notes on the log's priorities, and whether they make
// classes.
func (c *Calibration) priorities() ([]string, bool) {
	if len(c.Priorities) == 0 || (len(c.Priorities) == 1 && c.Priorities[0].Priority == "") {
		return []string{"The log shows no priorities."}, false
	}
	var parts []string
	for _, p := range c.Priorities {
		name := p.Priority
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s: %s contacts, %.1f%% abandoned, ASA %.0f s", name, thousands(p.Offered),
			100*p.AbandonRate(), p.ASA()))
	}
	out := wrapped(4, "Priorities in the log: "+strings.Join(parts, "; ")+".")
	if len(c.Options.HighPriority) == 0 {
		return append(out, "Not written as classes (the simulator serves a higher class strictly first); calibrate with",
			"--priority VALUES to make those contacts a class of their own."), false
	}
	return append(out, fmt.Sprintf("Contacts of priority %s form the class served first.", strings.Join(c.Options.HighPriority, ", "))), true
}

// staffingNotes are the notes on the staffing, and on the shrinkage.
func (c *Calibration) staffingNotes() (staffing, shrinkage []string) {
	gap := durationText(c.AgentGap)
	if int(c.AgentGap)%60 == 0 {
		gap = fmt.Sprintf("%dm", int(c.AgentGap)/60)
	}
	staffing = []string{
		"Staffing: agents on duty, inferred from agent activity. Each agent's busy periods (handle time and",
		fmt.Sprintf("after-contact work) are joined into spells across idle gaps of up to %s, and the agents", gap),
		"in a spell are averaged over each interval; contacts without a named agent count while they are",
		"handled. The mean over the days of each day type is rounded to whole agents.",
		"Agents who served a contact in an interval overstate the staff taking contacts; spells narrow that",
		"but still count breaks and other work shorter than the gap. Agent-hours a day: on duty / busy / served a contact:",
	}
	for _, f := range c.DayTypes {
		if f.Days == 0 {
			continue
		}
		var on, busy, agents float64
		for i := range f.OnDuty {
			on += f.OnDuty[i]
			busy += f.Busy[i]
			agents += f.Agents[i]
		}
		h := float64(c.IntervalSeconds) / 3600
		staffing = append(staffing, fmt.Sprintf("  %s: %.1f / %.1f / %.1f", f.Name, on*h, busy*h, agents*h))
	}
	a := c.Options.Availability
	var lines []string
	measured := c.Shrinkage
	if f := c.Fitted; f != nil {
		measured = f.Measured
	}
	if a.Share > 0 && a.WaitingSeconds > 0 {
		lines = []string{
			fmt.Sprintf("Shrinkage: while at least one caller waited (%.0f hours in all), %.2f of %.2f agents on duty",
				a.WaitingSeconds/3600, a.Busy, a.OnDuty),
			fmt.Sprintf("were busy (%.1f%%): a waiting call goes to any free agent, so the other %.1f%% were not taking", 100*a.Share, 100*measured),
			"calls.",
		}
	} else {
		lines = []string{"Shrinkage: not measured (no caller waited while an agent was on duty)."}
	}
	if f := c.Fitted; f != nil {
		days := fmt.Sprintf("%d days", f.Days)
		if f.Days == 1 {
			days = "day"
		}
		lines = append(lines, wrapped(0, fmt.Sprintf("Fitted by replaying the log's %s through the simulator (ccsim backtest, same staffing): at %.1f%% "+
			"the simulator abandons %.1f%% of the contacts, as the log did (%.1f%%); the measured %.1f%% stands aside.",
			days, 100*c.Shrinkage, 100*f.Predicted, 100*f.Observed, 100*measured))...)
	} else if !(a.Share > 0 && a.WaitingSeconds > 0) {
		return staffing, append(lines, "None applied.")
	}
	return staffing, append(lines, "The simulator staffs round(on duty x (1 - shrinkage)).")
}

// demandNotes are the notes on the demand's variation beyond Poisson.
func (c *Calibration) demandNotes() []string {
	d := c.Demand
	if d.Why != "" {
		return []string{"Demand variation: not measured (" + d.Why + "); arrivals are Poisson at the mean volumes."}
	}
	out := wrapped(4, fmt.Sprintf("Demand variation: the %d-minute counts vary %.2f times as much as Poisson around their share of the day's "+
		"volume (dispersion: Pearson chi-square over %s degrees of freedom, the D of negative binomial counts of variance "+
		"D x mean).", c.IntervalSeconds/60, d.Dispersion, thousands(d.DF)))
	if n := len(d.Outliers); n > 0 {
		var dates []string
		for _, t := range d.Outliers {
			dates = append(dates, t.Format(time.DateOnly))
		}
		out = append(out, wrapped(4, fmt.Sprintf("Left out of both figures: %d days with a volume below %.0f%% or above %.0f%% of their day "+
			"type's median (holidays and the like, which a planner plans apart): %s. With them the dispersion is %.2f.",
			n, 100*outlierLow, 100*outlierHigh, strings.Join(dates, ", "), d.AllDays))...)
	}
	if d.Days == 0 {
		return append(out, fmt.Sprintf("Day-to-day variation not measured (no day type has %d days); day_cv 0.", minDemandDays))
	}
	return append(out, wrapped(4, fmt.Sprintf("Days vary around their day type's mean by a coefficient of variation of %.1f%% beyond that "+
		"(day_cv, over %d days); it holds the log's trend as well as chance, which a forecast of each day (ccsim forecast) "+
		"would leave less of.", 100*d.DayCV, d.Days))...)
}

// absenceNotes are the notes on absence.
func (c *Calibration) absenceNotes() []string {
	a := c.Absence
	if a.Why != "" {
		return []string{"Absence: not measured (" + a.Why + "); none applied."}
	}
	var days []string
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if v := a.ByWeekday[wd]; !math.IsNaN(v) {
			days = append(days, fmt.Sprintf("%s %.1f%%", weekdayShort[wd], 100*v))
		}
	}
	out := []string{
		fmt.Sprintf("Absence: of %d named agents, %d usually worked some weekday (on %.0f%% of its days with contacts or more,", a.Agents, a.Regular, 100*regularShare),
		fmt.Sprintf("%d of them at least, between the first and last day the log shows them at work). Of the %s agent-days", minAbsenceWeeks, thousands(a.Expected)),
		fmt.Sprintf("so expected, %s were missed in runs of two or more (leave, a changed rota: planned, left out) and", thousands(a.Leave)),
	}
	out = append(out, wrapped(4, fmt.Sprintf("%s alone, between days worked: %.2f%% of the rest, by weekday %s. The log cannot tell a sick "+
		"day from a day swapped; both count.", thousands(a.Missed), 100*a.Rate, strings.Join(days, ", ")))...)
	return out
}

// roundDist rounds a fitted distribution to what its file shows: the mean
// to a hundredth of a second, the coefficient of variation to four
// decimals.
func roundDist(d sim.Dist) sim.Dist {
	switch d.Kind {
	case sim.Exponential:
		return sim.Exp(hundredths(d.Mean))
	case sim.LogNormal, sim.Gamma:
		return sim.Dist{Kind: d.Kind, Mean: hundredths(d.Mean), CV: math.Round(d.CV*1e4) / 1e4}
	}
	return sim.Exp(hundredths(d.Average()))
}

func hundredths(s float64) float64 { return math.Round(s*100) / 100 }

// stepProfile turns interval shares into profile points (a rate in
// contacts an hour at whole minutes after midnight): the rate is constant
// within each interval, with a one-minute ramp to the next placed inside
// the interval of the two with the higher rate, so that an empty interval
// stays empty and a quiet one next to a busy one keeps its own level. The
// ramps move a little of each interval's area; a few rounds of rescaling
// put every interval's share back.
func stepProfile(shares []float64, volume float64, L int) []sim.ProfilePoint {
	n := len(shares)
	rate := make([]float64, n)
	for i, s := range shares {
		rate[i] = s * volume * 3600 / float64(L)
	}
	// rampInside[i] says whether the ramp between intervals i and i+1
	// lies in interval i (else in i+1); decided once, from the shares.
	rampInside := make([]bool, n)
	for i := 0; i+1 < n; i++ {
		rampInside[i] = shares[i] >= shares[i+1]
	}
	build := func() []sim.ProfilePoint {
		var out []sim.ProfilePoint
		for i := range n {
			from, to := i*L, (i+1)*L
			if i > 0 && !rampInside[i-1] {
				from += 60
			}
			if i+1 < n && rampInside[i] {
				to -= 60
			}
			out = append(out, sim.ProfilePoint{At: float64(from), Rate: rate[i]}, sim.ProfilePoint{At: float64(to), Rate: rate[i]})
		}
		// Drop the middle of three points at one rate: the line runs
		// through it anyway.
		kept := out[:1]
		for j := 1; j < len(out)-1; j++ {
			if out[j].Rate == kept[len(kept)-1].Rate && out[j].Rate == out[j+1].Rate {
				continue
			}
			kept = append(kept, out[j])
		}
		return append(kept, out[len(out)-1])
	}
	var points []sim.ProfilePoint
	for range 100 {
		points = build()
		p := sim.Profile{Points: points}
		got := p.Shares(float64(L))
		worst := 0.0
		for i := range n {
			if rate[i] == 0 || got[i] == 0 {
				continue
			}
			f := shares[i] / got[i]
			worst = math.Max(worst, math.Abs(f-1))
			rate[i] *= f
		}
		if worst < 1e-12 {
			break
		}
	}
	return points
}

// share is part over whole (0 when whole is).
func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// minHourly is the fewest answered contacts an hour needs for its mean
// handle time to be shown.
const minHourly = 100

func distCV(d sim.Dist) float64 {
	if d.Kind == sim.Exponential {
		return 1
	}
	return d.CV
}

// sig4 rounds v to four significant digits (0 for 0, NaN and infinities).
func sig4(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	e := math.Floor(math.Log10(math.Abs(v)))
	scale := math.Pow(10, 3-e)
	return math.Round(v*scale) / scale
}

// durationText writes seconds as a scenario duration, to the hundredth.
func durationText(s float64) string {
	return strconv.FormatFloat(hundredths(s), 'f', -1, 64) + "s"
}

// wrapped breaks a long comment into lines that, written under a key
// indented by indent spaces ("# " included), keep to about 110
// characters.
func wrapped(indent int, text string) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && indent+2+len(line)+1+len(w) > 110 {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

func queueList(q []string) string {
	switch {
	case len(q) == 0:
		return "no queue"
	case len(q) == 1 && q[0] == "":
		return "the log"
	case len(q) == 1:
		return "queue " + q[0]
	}
	return "queues " + strings.Join(q, ", ")
}

// survival is the Kaplan–Meier estimate S(t), a step function.
func (p *Patience) survival(t float64) float64 {
	s := 1.0
	for _, pt := range p.Curve {
		if pt.T > t {
			break
		}
		s = pt.Survival
	}
	return s
}

func minAtRisk(o PatienceOptions) int64 {
	if o.MinAtRisk > 0 {
		return o.MinAtRisk
	}
	return 30
}

// source names what the calibration read: "log" or "reports".
func (c *Calibration) source() string {
	if c.Report != nil {
		return "reports"
	}
	return "log"
}
