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

	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/plan/roster"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// Plan is what `ccsim plan` prints: the staffing per group and interval,
// the check simulation's figures, and the staffing blocks to paste into
// the scenario.
type Plan struct {
	// Model is the scenario the plan is for; its staffing is replaced by
	// the plan's in the blocks.
	Model  *sim.Model
	Result *plan.Result
	// Intervals adds the tables by interval to the table.
	Intervals bool
	// Written names the file the scenario with the plan in place was
	// written to (-o), so that the summary's last line points to it;
	// empty when none was.
	Written string
	// HTML holds what the HTML page adds: charts and provenance.
	HTML Report
}

// PlanFormat is the version of the plan's JSON and CSV layouts.
const PlanFormat = "ccsim-plan/1"

// staffing renders each planned group's staffing block, to paste under
// the group's key in the scenario, and the groups in plan order.
func (p Plan) staffing() (map[string]string, []string, error) {
	planned := p.Model.Clone()
	for _, g := range p.Result.Groups {
		if err := planned.SetStaffing(g.Name, g.Scheduled); err != nil {
			return nil, nil, err
		}
	}
	blocks := map[string]string{}
	var order []string
	for _, g := range p.Result.Groups {
		y, err := scenarios.StaffingYAML(planned, g.Name)
		if err != nil {
			return nil, nil, err
		}
		blocks[g.Name] = string(y)
		order = append(order, g.Name)
	}
	return blocks, order, nil
}

// rosterDays is the number of days a roster of the plan's horizon covers.
func (p Plan) rosterDays() int {
	per := int(math.Round(86400 / p.Result.IntervalSeconds))
	return (p.Result.Intervals + per - 1) / per
}

// rosterStaffing renders a group's roster as the staffing block a
// scenario takes: its shifts by weekday, or one day's when the horizon is
// one day.
func (p Plan) rosterStaffing(g *plan.GroupRoster) (string, error) {
	days := p.rosterDays()
	m := p.Model.Clone()
	gr := m.Group(g.Name)
	if gr == nil {
		return "", fmt.Errorf("output: no group %q", g.Name)
	}
	week := g.ScenarioShifts(days, m.StartWeekday)
	if days == 1 {
		// One day (or part of one): its shifts, which a scenario repeats
		// every day.
		y, err := scenarios.ShiftsYAML(g.Name, gr.Shrinkage, week[m.StartWeekday])
		return string(y), err
	}
	gr.Shifts = week
	paid := make([]float64, m.Intervals)
	copy(paid, g.Coverage)
	gr.Paid = paid
	y, err := scenarios.StaffingYAML(m, g.Name)
	return string(y), err
}

func indent(s, pad string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" && l != "\n" {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	return b.String()
}

// WriteYAML writes only the staffing blocks, under a groups key.
func (p Plan) WriteYAML(w io.Writer) error {
	blocks, order, err := p.staffing()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "# Staffing planned by ccsim plan: replace each group's staffing with its block.")
	fmt.Fprintln(w, "groups:")
	for _, name := range order {
		fmt.Fprintf(w, "  %s:\n%s", name, indent(blocks[name], "    "))
	}
	return nil
}

type planJSON struct {
	Format          string            `json:"format"`
	Name            string            `json:"name,omitempty"`
	Currency        string            `json:"currency,omitempty"`
	IntervalSeconds float64           `json:"interval_seconds"`
	Intervals       int               `json:"intervals"`
	Labels          []string          `json:"interval_labels"`
	Mode            string            `json:"mode"`
	Margin          float64           `json:"margin,omitempty"`
	Confidence      float64           `json:"confidence"`
	Replications    int               `json:"replications"`
	Seed            uint64            `json:"seed"`
	CheckSeed       uint64            `json:"check_seed"`
	Met             bool              `json:"met"`
	Groups          []groupPlanJSON   `json:"groups"`
	Channels        []channelPlanJSON `json:"channels"`
	Totals          planTotalsJSON    `json:"totals"`
	Misses          []missJSON        `json:"misses"`
	GaveUp          []missJSON        `json:"gave_up,omitempty"`
	Iterations      []iterationJSON   `json:"iterations"`
	Budget          *budgetJSON       `json:"budget,omitempty"`
	Roster          *rosterJSON       `json:"roster,omitempty"`
	StaffingYAML    map[string]string `json:"staffing_yaml"`
}

type groupPlanJSON struct {
	Name          string    `json:"name"`
	Shrinkage     float64   `json:"shrinkage"`
	HourlyCost    float64   `json:"hourly_cost"`
	Erlang        []float64 `json:"erlang"`
	SeedAgents    []int     `json:"seed_agents"`
	SeedScheduled []int     `json:"seed_scheduled"`
	Agents        []int     `json:"agents"`
	Scheduled     []int     `json:"scheduled"`
	Occupancy     []stat    `json:"occupancy"`
	Cost          []stat    `json:"cost"`
	PaidHours     float64   `json:"paid_hours"`
	SeedHours     float64   `json:"seed_paid_hours"`
}

type channelPlanJSON struct {
	Name         string      `json:"name"`
	Kind         kind        `json:"kind"`
	Target       target      `json:"target"`
	Offered      []stat      `json:"offered"`
	ServiceLevel []stat      `json:"service_level"`
	ASA          []stat      `json:"asa_seconds"`
	Abandonment  []stat      `json:"abandon_rate"`
	Total        values      `json:"total"`
	Classes      []classJSON `json:"classes,omitempty"`
}

type planTotalsJSON struct {
	PaidHours      float64 `json:"paid_hours"`
	Cost           stat    `json:"cost"`
	Handled        stat    `json:"handled"`
	CostPerContact stat    `json:"cost_per_contact"`
	ServiceLevel   stat    `json:"service_level"`
	SeedHours      float64 `json:"seed_paid_hours"`
	SeedCost       float64 `json:"seed_cost"`
}

type iterationJSON struct {
	Step      string  `json:"step"`
	Changed   int     `json:"changed"`
	PaidHours float64 `json:"paid_hours"`
	Cost      float64 `json:"cost"`
	Failing   int     `json:"failing"`
}

type missJSON struct {
	Scope    string  `json:"scope"`
	Name     string  `json:"name"`
	Interval int     `json:"interval"`
	Start    string  `json:"start,omitempty"`
	Pooled   string  `json:"pooled,omitempty"`
	Metric   string  `json:"metric"`
	Mean     float64 `json:"mean"`
	Bound    float64 `json:"bound"`
	Limit    float64 `json:"limit"`
	Why      string  `json:"why,omitempty"`
}

type budgetJSON struct {
	Hours              float64    `json:"hours"`
	Used               float64    `json:"used"`
	ErlangServiceLevel float64    `json:"erlang_service_level"`
	FirstServiceLevel  float64    `json:"erlang_simulated_service_level"`
	ServiceLevel       float64    `json:"simulated_service_level"`
	Moves              int        `json:"moves"`
	Traded             []missJSON `json:"traded"`
}

type rosterJSON struct {
	Groups        []groupRosterJSON `json:"groups"`
	PaidHours     float64           `json:"paid_hours"`
	BoundHours    float64           `json:"bound_paid_hours"`
	Gap           float64           `json:"gap"`
	Cost          float64           `json:"cost"`
	BoundCost     float64           `json:"bound_cost"`
	Met           bool              `json:"met"`
	CheckSeed     uint64            `json:"check_seed"`
	ServiceLevel  stat              `json:"service_level"`
	SimulatedCost stat              `json:"simulated_cost"`
	Rounds        []rosterRoundJSON `json:"rounds"`
	Short         []missJSON        `json:"short"`
	Misses        []missJSON        `json:"misses"`
}

type rosterRoundJSON struct {
	Seed      uint64  `json:"seed"`
	PaidHours float64 `json:"paid_hours"`
	Short     int     `json:"short"`
	Raised    int     `json:"raised"`
}

// groupRosterJSON is a group's roster with its staffing block.
type groupRosterJSON struct {
	Name       string      `json:"name"`
	Lines      []lineJSON  `json:"lines"`
	Shifts     []shiftJSON `json:"shifts"`
	Required   []float64   `json:"required"`
	Coverage   []float64   `json:"coverage"`
	OnFloor    []int       `json:"on_floor"`
	PaidHours  float64     `json:"paid_hours"`
	BoundHours float64     `json:"bound_paid_hours"`
	ExtraHours float64     `json:"extra_hours"`
	Cost       float64     `json:"cost"`
	Problems   []string    `json:"problems,omitempty"`
	YAML       string      `json:"yaml"`
}

type lineJSON struct {
	Contract  string  `json:"contract,omitempty"`
	Days      []int   `json:"days"`
	PaidHours float64 `json:"paid_hours"`
	Cost      float64 `json:"cost"`
}

type shiftJSON struct {
	Line      int         `json:"line"`
	Contract  string      `json:"contract,omitempty"`
	Day       int         `json:"day"`
	Template  string      `json:"template"`
	Start     float64     `json:"start_seconds"`
	Length    float64     `json:"length_seconds"`
	PaidHours float64     `json:"paid_hours"`
	Breaks    []breakJSON `json:"breaks,omitempty"`
}

type breakJSON struct {
	Name   string  `json:"name,omitempty"`
	After  float64 `json:"after_seconds"`
	Length float64 `json:"length_seconds"`
	Paid   bool    `json:"paid"`
}

func misses(ms []plan.Miss) []missJSON {
	return each(ms, func(m plan.Miss) missJSON { return missJSON(m) })
}

// WriteJSON writes the plan with its staffing blocks (docs/planning.md).
func (p Plan) WriteJSON(w io.Writer) error {
	r := p.Result
	// A plan has channel totals only; it has sites when a channel had
	// contacts answered at another site.
	h := hiddenIn(each(r.Channels, func(c plan.ChannelPlan) sim.Values { return c.Total }), nil, false)
	blocks, _, err := p.staffing()
	if err != nil {
		return err
	}
	doc := planJSON{
		Format: PlanFormat, Name: r.Name, Currency: r.Currency, IntervalSeconds: r.IntervalSeconds,
		Intervals: r.Intervals, Labels: r.Labels, Mode: r.Mode, Margin: r.Margin, Confidence: r.Confidence,
		Replications: r.Replications, Seed: r.Seed, CheckSeed: r.CheckSeed, Met: r.Met,
		Groups: each(r.Groups, func(g plan.GroupPlan) groupPlanJSON {
			return groupPlanJSON{Name: g.Name, Shrinkage: g.Shrinkage, HourlyCost: g.HourlyCost, Erlang: g.Erlang,
				SeedAgents: g.SeedAgents, SeedScheduled: g.SeedScheduled, Agents: g.Agents, Scheduled: g.Scheduled,
				Occupancy: stats(g.Occupancy), Cost: stats(g.Cost), PaidHours: g.PaidHours, SeedHours: g.SeedHours}
		}),
		Channels: each(r.Channels, func(c plan.ChannelPlan) channelPlanJSON {
			return channelPlanJSON{Name: c.Name, Kind: kind(c.Kind), Target: target(c.Target), Offered: stats(c.Offered),
				ServiceLevel: stats(c.ServiceLevel), ASA: stats(c.ASA), Abandonment: stats(c.Abandonment),
				Total: values{c.Total, h}, Classes: classes(c.Classes, h)}
		}),
		Totals: planTotalsJSON{PaidHours: r.Totals.PaidHours, Cost: stat(r.Totals.Cost), Handled: stat(r.Totals.Handled),
			CostPerContact: stat(r.Totals.CostPerContact), ServiceLevel: stat(r.Totals.ServiceLevel),
			SeedHours: r.Totals.SeedHours, SeedCost: r.Totals.SeedCost},
		Misses:       misses(r.Misses),
		GaveUp:       misses(r.GaveUp),
		Iterations:   each(r.Iterations, func(it plan.Iteration) iterationJSON { return iterationJSON(it) }),
		StaffingYAML: blocks,
	}
	if b := r.Budget; b != nil {
		doc.Budget = &budgetJSON{Hours: b.Hours, Used: b.Used, ErlangServiceLevel: b.ErlangServiceLevel,
			FirstServiceLevel: b.FirstServiceLevel, ServiceLevel: b.ServiceLevel, Moves: b.Moves, Traded: misses(b.Traded)}
		if doc.Budget.Traded == nil {
			doc.Budget.Traded = []missJSON{}
		}
	}
	if rp := r.Roster; rp != nil {
		doc.Roster = &rosterJSON{PaidHours: rp.PaidHours, BoundHours: rp.BoundHours, Gap: rp.Gap, Cost: rp.Cost,
			BoundCost: rp.BoundCost, Met: rp.Met, CheckSeed: rp.CheckSeed, ServiceLevel: stat(rp.ServiceLevel),
			SimulatedCost: stat(rp.SimulatedCost), Short: misses(rp.Short), Misses: misses(rp.Misses),
			Rounds: each(rp.Rounds, func(x plan.RosterRound) rosterRoundJSON { return rosterRoundJSON(x) })}
		for i := range rp.Groups {
			g := &rp.Groups[i]
			y, err := p.rosterStaffing(g)
			if err != nil {
				return err
			}
			doc.Roster.Groups = append(doc.Roster.Groups, groupRosterJSON{Name: g.Name,
				Lines: each(g.Lines, func(l roster.Line) lineJSON {
					return lineJSON{Contract: l.Contract, Days: l.Days, PaidHours: l.PaidHours, Cost: l.Cost}
				}),
				Shifts: each(g.Shifts, func(s roster.Shift) shiftJSON {
					return shiftJSON{Line: s.Line, Contract: s.Contract, Day: s.Day, Template: s.Template, Start: s.Start,
						Length: s.Length, PaidHours: s.PaidHours, Breaks: each(s.Breaks, func(b roster.Break) breakJSON { return breakJSON(b) })}
				}),
				Required: g.Required, Coverage: g.Coverage, OnFloor: g.OnFloor, PaidHours: g.PaidHours,
				BoundHours: g.BoundHours, ExtraHours: g.ExtraHours, Cost: g.Cost, Problems: g.Problems, YAML: y})
		}
	}
	return writeJSON(w, doc)
}

// WriteCSV writes the plan in long form: scope, name, interval (index or
// "total"), start, field, value, ci95.
func (p Plan) WriteCSV(w io.Writer) error {
	res := p.Result
	doc := newFieldCSV(w, "interval", func(i int) (string, string) { return strconv.Itoa(i), res.Labels[i] })
	row := doc.row
	nan := math.NaN()
	for _, g := range res.Groups {
		for i := range res.Intervals {
			row("group", g.Name, i, "erlang", g.Erlang[i], nan)
			row("group", g.Name, i, "seed_agents", float64(g.SeedAgents[i]), nan)
			row("group", g.Name, i, "seed_scheduled", float64(g.SeedScheduled[i]), nan)
			row("group", g.Name, i, "agents", float64(g.Agents[i]), nan)
			row("group", g.Name, i, "scheduled", float64(g.Scheduled[i]), nan)
			row("group", g.Name, i, "occupancy", g.Occupancy[i].Mean, g.Occupancy[i].HalfWidth)
			row("group", g.Name, i, "cost", g.Cost[i].Mean, g.Cost[i].HalfWidth)
		}
		row("group", g.Name, -1, "paid_hours", g.PaidHours, nan)
		row("group", g.Name, -1, "seed_paid_hours", g.SeedHours, nan)
	}
	for _, c := range res.Channels {
		for i := range res.Intervals {
			row("channel", c.Name, i, "offered", c.Offered[i].Mean, c.Offered[i].HalfWidth)
			row("channel", c.Name, i, "service_level", c.ServiceLevel[i].Mean, c.ServiceLevel[i].HalfWidth)
			row("channel", c.Name, i, "asa_seconds", c.ASA[i].Mean, c.ASA[i].HalfWidth)
			row("channel", c.Name, i, "abandon_rate", c.Abandonment[i].Mean, c.Abandonment[i].HalfWidth)
		}
		for _, m := range []sim.Metric{sim.Offered, sim.ServiceLevel, sim.ASA, sim.AbandonRate} {
			row("channel", c.Name, -1, m.Key(), c.Total[m].Mean, c.Total[m].HalfWidth)
		}
	}
	t := res.Totals
	row("total", "all", -1, "paid_hours", t.PaidHours, nan)
	row("total", "all", -1, "seed_paid_hours", t.SeedHours, nan)
	row("total", "all", -1, "cost", t.Cost.Mean, t.Cost.HalfWidth)
	row("total", "all", -1, "handled", t.Handled.Mean, t.Handled.HalfWidth)
	row("total", "all", -1, "cost_per_contact", t.CostPerContact.Mean, t.CostPerContact.HalfWidth)
	row("total", "all", -1, "service_level", t.ServiceLevel.Mean, t.ServiceLevel.HalfWidth)
	for _, m := range res.Misses {
		row("miss", m.Scope+":"+m.Name, m.Interval, m.Metric, m.Mean, nan)
	}
	return doc.close()
}

// WriteTable prints the plan for a person: the verdict, the totals, each
// group's staffing and each channel's figures (by interval with
// Intervals), the targets missed, the search, the shifts and the staffing
// blocks.
func (p Plan) WriteTable(w io.Writer) error {
	res, intervals := p.Result, p.Intervals
	bw := bufio.NewWriter(w)
	title := res.Name
	if title == "" {
		title = "the scenario"
	}
	switch res.Mode {
	case "budget":
		fmt.Fprintf(bw, "Budget plan for %s: %s paid hours to spend\n", title, Number(res.Budget.Hours, 1))
	default:
		fmt.Fprintf(bw, "Plan for %s\n", title)
	}
	fmt.Fprintf(bw, "%d intervals of %s; %d replications; search seed %d, check seed %d; confidence %s\n",
		res.Intervals, scenarios.FormatDuration(res.IntervalSeconds), res.Replications, res.Seed, res.CheckSeed,
		Percent(res.Confidence))
	switch {
	case res.Mode == "budget":
		b := res.Budget
		fmt.Fprintf(bw, "Erlang expects a service level of %s on the real-time channels it bought agents for; simulated, %s,\n",
			Share(b.ErlangServiceLevel), Share(b.FirstServiceLevel))
		fmt.Fprintf(bw, "and %s after %d moves of agents the simulation kept. The budget trades off %d targets (listed below).\n",
			Share(b.ServiceLevel), b.Moves, len(b.Traded))
	case len(res.GaveUp) > 0:
		fmt.Fprintf(bw, "%d TARGETS CANNOT BE MET by adding agents (see below); the plan meets the others.\n", len(res.GaveUp))
	case !res.Met && len(res.Misses) > 0:
		fmt.Fprintf(bw, "THE CHECK MISSES %d TARGETS beyond their confidence bound (see below): the last staffing tried is shown.\n", len(res.Misses))
	case !res.Met:
		fmt.Fprintln(bw, "NO STAFFING MET EVERY TARGET: the last one tried is shown.")
	default:
		fmt.Fprintln(bw, "Every target is met: the check, a fresh simulation no decision of the search saw, misses none beyond its confidence bound.")
	}
	fmt.Fprintln(bw, "Figures are means of the check simulation; ± is the half-width of the 95% confidence interval.")
	fmt.Fprintln(bw)
	t := res.Totals
	cur := moneySuffix(res.Currency)
	fmt.Fprintf(bw, "Paid hours %s (Erlang seed %s); cost %s%s; %s contacts handled, %s per contact; service level %s\n",
		Number(t.PaidHours, 1), Number(t.SeedHours, 1), Money(t.Cost.Mean), cur, Count(t.Handled.Mean),
		Money(t.CostPerContact.Mean), ShareCI(t.ServiceLevel))

	for _, g := range res.Groups {
		fmt.Fprintf(bw, "\ngroup %s (shrinkage %s, %s per paid hour): paid hours %s (seed %s)\n", g.Name,
			Percent(g.Shrinkage), Money(g.HourlyCost), Number(g.PaidHours, 1), Number(g.SeedHours, 1))
		if !intervals {
			continue
		}
		tw := newTable(bw)
		fmt.Fprintln(tw, "start\tErlang\tseed\trequired\tscheduled\tvs seed\toccupancy\tcost\t")
		for i := range res.Intervals {
			if g.Agents[i] == 0 && g.SeedAgents[i] == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t\n", res.Labels[i], Float(g.Erlang[i], 2),
				g.SeedScheduled[i], g.Agents[i], g.Scheduled[i], delta(g.Scheduled[i]-g.SeedScheduled[i]),
				ShareCI(g.Occupancy[i]), Money(g.Cost[i].Mean))
		}
		tw.Flush()
	}
	if intervals {
		fmt.Fprintln(bw, "\nErlang: the seed's fractional on-floor agents; seed: its scheduled headcount; required: on-floor agents")
		fmt.Fprintln(bw, "of the plan; scheduled: its paid headcount after shrinkage; vs seed: scheduled minus the seed's.")
	}

	for _, c := range res.Channels {
		fmt.Fprintf(bw, "\nchannel %s (%s): service level %s", c.Name, c.Kind, ShareCI(c.Total[sim.ServiceLevel]))
		if len(c.Classes) == 0 {
			fmt.Fprintf(bw, ", target %s", Target(c.Target))
		}
		if c.Target.MaxAbandon > 0 {
			fmt.Fprintf(bw, ", abandoned %s (at most %s)", ShareCI(c.Total[sim.AbandonRate]), Share(c.Target.MaxAbandon))
		}
		fmt.Fprintln(bw)
		for _, cl := range c.Classes {
			fmt.Fprintf(bw, "  class %s: service level %s, target %s\n", cl.Name, ShareCI(cl.Total[sim.ServiceLevel]), Target(cl.Target))
		}
		if !intervals {
			continue
		}
		tw := newTable(bw)
		fmt.Fprintln(tw, "start\toffered\tservice level\tASA\tabandoned\t")
		for i := range res.Intervals {
			if c.Offered[i].Mean == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", res.Labels[i], Count(c.Offered[i].Mean), ShareCI(c.ServiceLevel[i]),
				SecondsCI(c.ASA[i]), ShareCI(c.Abandonment[i]))
		}
		tw.Flush()
	}

	var tried, blocked []plan.Miss
	for _, m := range res.GaveUp {
		if m.Why == "" {
			tried = append(tried, m)
		} else {
			blocked = append(blocked, m)
		}
	}
	if len(tried) > 0 {
		fmt.Fprintf(bw, "\nGiven up by the search (agents added in %d simulations in a row did not meet them):\n", plan.GiveUpTries)
		writeMisses(bw, tried)
	}
	if len(blocked) > 0 {
		fmt.Fprintln(bw, "\nCannot be met by adding agents, whatever the staffing (why, for each):")
		writeMisses(bw, blocked)
	}
	if b := res.Budget; b != nil && len(b.Traded) > 0 {
		fmt.Fprintln(bw, "\nTraded off by the budget (the estimate falls short of the limit):")
		writeMisses(bw, b.Traded)
	}
	if len(res.Misses) > 0 {
		fmt.Fprintln(bw, "\nMissed in the check (the bound on the favourable side is beyond the limit):")
		writeMisses(bw, res.Misses)
	}

	if len(res.Iterations) > 0 {
		fmt.Fprintf(bw, "\nSearch: %d steps\n", len(res.Iterations))
		tw := newTable(bw)
		fmt.Fprintln(tw, "step\tagent-intervals\tpaid hours\tcost\ttargets short\t")
		for _, it := range res.Iterations {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t\n", it.Step, it.Changed, Number(it.PaidHours, 1), Money(it.Cost), it.Failing)
		}
		tw.Flush()
		// A target whose mean falls short may still be met within its
		// confidence bound; only one short beyond it is missed.
		fmt.Fprintln(bw, "(short: the mean is on the wrong side of the limit, those given up included; missed, above, only when beyond the confidence bound)")
	}

	if rp := res.Roster; rp != nil {
		fmt.Fprintf(bw, "\nRoster: %s paid hours, %s above the least any roster of these shifts could pay (%s); cost %s%s\n",
			Number(rp.PaidHours, 1), Share(rp.Gap), Number(rp.BoundHours, 1), Money(rp.Cost), cur)
		gaveUp := ""
		if len(res.GaveUp) > 0 {
			// The roster's check leaves out the targets the plan gave up.
			gaveUp = fmt.Sprintf(" (besides the %d the plan gave up, above)", len(res.GaveUp))
		}
		fmt.Fprintf(bw, "Simulated with seed %d: service level %s; %d targets short of their limit, %d missed beyond the confidence bound%s\n",
			rp.CheckSeed, ShareCI(rp.ServiceLevel), len(rp.Short), len(rp.Misses), gaveUp)
		for _, g := range rp.Groups {
			fmt.Fprintf(bw, "  %s: %d agents, %d shifts, %s paid hours (bound %s, extra %s)\n", g.Name, len(g.Lines), len(g.Shifts),
				Number(g.PaidHours, 1), Number(g.BoundHours, 1), Number(g.ExtraHours, 1))
			for _, pr := range g.Problems {
				fmt.Fprintf(bw, "    problem: %s\n", pr)
			}
		}
		if len(rp.Misses) > 0 {
			fmt.Fprintln(bw, "\nMissed by the roster:")
			writeMisses(bw, rp.Misses)
		}
	}

	fmt.Fprintln(bw)
	if !intervals {
		// The summary fits a screen: the staffing itself is in -o, --yaml
		// and the tables by interval.
		written := "-o FILE"
		if p.Written != "" {
			written = "written to " + p.Written
		}
		fmt.Fprintf(bw, "Per interval: --intervals; the scenario with the staffing in place: %s; the staffing blocks alone: --yaml.\n", written)
		return bw.Flush()
	}
	if err := p.WriteYAML(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// delta writes a change of headcount with its sign: "+2", "-1", "0".
func delta(d int) string { return signed(strconv.Itoa(max(d, -d)), float64(d)) }

// missFormat formats the figures of a missed target in its metric's unit.
func missFormat(m plan.Miss) func(float64) string {
	if u, _ := MetricUnit(m.Metric, m.Scope == "group"); u == sim.Seconds {
		return Seconds
	}
	return Share
}

// writeMisses lists targets not met, each figure in its metric's unit.
func writeMisses(w io.Writer, ms []plan.Miss) {
	tw := newTable(w)
	why := slices.ContainsFunc(ms, func(m plan.Miss) bool { return m.Why != "" })
	head := "scope\tname\tstart\tmetric\tmean\tbound\tlimit\t"
	if why {
		head += "why\t"
	}
	fmt.Fprintln(tw, head)
	for _, m := range ms {
		start := m.Start
		if m.Interval < 0 {
			start = "all day"
		}
		format := missFormat(m)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t", m.Scope, m.Name, start, m.Metric,
			format(m.Mean), format(m.Bound), format(m.Limit))
		if why {
			fmt.Fprintf(tw, "%s\t", m.Why)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// WriteRosterCSV writes the plan's roster, one row per shift: group,
// contract, agent line (1-based within the group), day of the horizon
// (1-based) and its weekday, start and end (clock times; an end past
// midnight is the next day's), paid hours and the breaks, each as
// start-end with "paid" or "unpaid", then the shift's template and
// whether it is extra: worked so that its line keeps its contract's days,
// beyond what the cover needs. It errs when the plan has no roster.
func (p Plan) WriteRosterCSV(w io.Writer) error {
	rp := p.Result.Roster
	if rp == nil {
		return fmt.Errorf("output: the plan has no roster (plan with --shifts)")
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"group", "contract", "line", "day", "weekday", "start", "end", "paid_hours", "breaks", "template", "extra"})
	days := []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	clock := func(sec float64) string { return sim.Clock(math.Mod(sec, 86400)) }
	for _, g := range rp.Groups {
		for _, s := range g.Shifts {
			var br []string
			for _, b := range s.Breaks {
				kind := "unpaid"
				if b.Paid {
					kind = "paid"
				}
				br = append(br, fmt.Sprintf("%s-%s %s", clock(s.Start+b.After), clock(s.Start+b.After+b.Length), kind))
			}
			cw.Write([]string{g.Name, s.Contract, strconv.Itoa(s.Line + 1), strconv.Itoa(s.Day + 1),
				days[(p.Model.StartWeekday+s.Day)%7], clock(s.Start), clock(s.Start + s.Length),
				strconv.FormatFloat(s.PaidHours, 'f', -1, 64), strings.Join(br, "; "), s.Template, strconv.FormatBool(s.Extra)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// Planned returns the model with the plan's staffing in place of its
// own: the roster's shifts by weekday when the plan has one, else the
// scheduled headcount per interval.
func (p Plan) Planned() (*sim.Model, error) {
	m := p.Model.Clone()
	r := p.Result
	if rp := r.Roster; rp != nil {
		days := p.rosterDays()
		for i := range rp.Groups {
			g := &rp.Groups[i]
			gr := m.Group(g.Name)
			if gr == nil {
				return nil, fmt.Errorf("output: no group %q", g.Name)
			}
			gr.Paid = slices.Clone(g.Coverage)
			gr.Staff = slices.Clone(g.OnFloor)
			gr.Shifts = g.ScenarioShifts(days, m.StartWeekday)
		}
		return m, nil
	}
	for _, g := range r.Groups {
		if err := m.SetStaffing(g.Name, g.Scheduled); err != nil {
			return nil, err
		}
	}
	return m, nil
}
