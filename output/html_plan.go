package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/sim"
)

// planVerdict is the plan's verdict in a sentence, as its table says it,
// and whether it is good news.
func planVerdict(res *plan.Result) (string, bool) {
	switch {
	case res.Mode == "budget":
		return fmt.Sprintf("Budget plan: the best service level %s paid hours buy (Erlang expects %s on the real-time channels it bought agents for).",
			Float(res.Budget.Hours, 1), Share(res.Budget.ErlangServiceLevel)), true
	case len(res.GaveUp) > 0:
		return fmt.Sprintf("%d targets cannot be met by adding agents; the plan meets the others.", len(res.GaveUp)), false
	case !res.Met:
		return "No staffing met every target: the last one tried is shown.", false
	case len(res.Misses) == 0:
		return "Every target is met at the confidence of the search, and the check (a fresh simulation) finds none missed.", true
	}
	return fmt.Sprintf("Every target is met in the search, but the check (a fresh simulation) finds %d missed.", len(res.Misses)), false
}

// WriteHTML writes the plan as a report page: the verdict, paid hours and
// cost against the Erlang seed, each channel's figures against its
// targets, the groups' staffing (by interval, folded away), the misses,
// the search, the shifts and staffing blocks, the planned forecast by day
// and week, the charts, and the definitions.
func (p Plan) WriteHTML(w io.Writer) error {
	res := p.Result
	r := res.Forecast
	if r == nil {
		return fmt.Errorf("output: a plan without its check simulation has no page")
	}
	money := res.Currency
	d := &defs{}
	title := res.Name
	if title == "" {
		title = "the scenario"
	}
	text, good := planVerdict(res)
	pg := &page{Kind: "Staffing plan", Title: title, Lead: p.Model.Description, Verdict: &pageVerdict{Good: good, Text: text}}
	pg.Facts = append(pg.Facts, horizonFacts(r)...)
	pg.Facts[len(pg.Facts)-1] = fact{"seeds", fmt.Sprintf("search %d, check %d", res.Seed, res.CheckSeed)}
	pg.Facts = append(pg.Facts, fact{"confidence", Percent(res.Confidence)}, fact{"mode", res.Mode})
	pg.withReport(p.HTML)
	t := res.Totals
	pg.KPIs = append(pg.KPIs,
		kpiCard{Label: "paid hours", Value: Number(t.PaidHours, 1) + " h", Target: "Erlang seed " + Number(t.SeedHours, 1) + " h", Def: d.use("paid_hours")},
		kpiCard{Label: "cost", Value: Money(t.Cost.Mean) + moneySuffix(money), Interval: intervalText(t.Cost, sim.Money), Def: d.use("group_cost")},
		kpiCard{Label: "cost per contact", Value: Money(t.CostPerContact.Mean) + moneySuffix(money), Def: d.use("cost_per_contact")},
	)
	cards := forecastCards(r, money, d)
	// The forecast's last four cards (occupancy, hours, cost) repeat the
	// plan's totals but for occupancy.
	pg.KPIs = append(pg.KPIs, cards[:len(cards)-3]...)

	var groupRows [][]cell
	for _, g := range res.Groups {
		groupRows = append(groupRows, []cell{{Text: g.Name}, num(Percent(g.Shrinkage), g.Shrinkage), num(Money(g.HourlyCost), g.HourlyCost),
			num(Number(g.PaidHours, 1), g.PaidHours), num(Number(g.SeedHours, 1), g.SeedHours),
			num(signed(Number(abs(g.PaidHours-g.SeedHours), 1), g.PaidHours-g.SeedHours), g.PaidHours-g.SeedHours)})
	}
	pg.Sections = append(pg.Sections, section{ID: "staffing", Title: "Staffing by group",
		Intro: "Paid hours of the plan against the Erlang seed it was corrected from by simulation.",
		Tables: []table{{Head: []column{{Label: "group"}, {Label: "shrinkage", Numeric: true}, {Label: "hourly cost", Numeric: true},
			d.column("paid hours", "paid_hours"), {Label: "Erlang seed hours", Numeric: true},
			{Label: "vs seed", Numeric: true}}, Rows: groupRows}}})

	if len(res.Misses) > 0 || len(res.GaveUp) > 0 {
		s := section{ID: "misses", Title: "Targets not met"}
		if len(res.GaveUp) > 0 {
			s.Tables = append(s.Tables, missTable("Given up by the search (agents added in 8 simulations in a row did not meet them)", res.GaveUp))
		}
		if len(res.Misses) > 0 {
			s.Tables = append(s.Tables, missTable("Missed in the check (the bound on the favourable side is beyond the limit)", res.Misses))
		}
		pg.Sections = append(pg.Sections, s)
	}
	pg.Sections = append(pg.Sections, forecastSections(r, money, d)...)
	if len(p.HTML.Figures) > 0 {
		pg.Sections = append(pg.Sections, section{ID: "charts", Title: "Charts",
			Intro:   "The planned forecast (the check simulation) and the staffing. Point at a chart for the figures of an interval or day.",
			Figures: p.HTML.Figures})
	}
	if r.Intervals <= maxIntervalRows {
		pg.Sections = append(pg.Sections, p.staffingIntervals())
	}
	if len(res.Iterations) > 0 {
		var rows [][]cell
		for k, it := range res.Iterations {
			rows = append(rows, []cell{num(strconv.Itoa(k+1)+" "+it.Step, float64(k)), num(strconv.Itoa(it.Changed), float64(it.Changed)),
				num(Number(it.PaidHours, 1), it.PaidHours), num(Money(it.Cost), it.Cost), num(strconv.Itoa(it.Failing), float64(it.Failing))})
		}
		pg.Sections = append(pg.Sections, section{ID: "search", Title: "The search", Collapsed: true,
			Intro: "Each simulation of the correction: agent-intervals added or removed, the paid hours and cost, and the targets not yet met.",
			Tables: []table{{Head: []column{{Label: "step"}, {Label: "agent-intervals", Numeric: true}, {Label: "paid hours", Numeric: true},
				{Label: "cost", Numeric: true}, {Label: "targets not met", Numeric: true}}, Rows: rows}}})
	}
	blocks, order, err := p.staffing()
	if err != nil {
		return err
	}
	var yaml strings.Builder
	for _, name := range order {
		fmt.Fprintf(&yaml, "  %s:\n%s", name, indent(blocks[name], "    "))
	}
	pg.Sections = append(pg.Sections, section{ID: "yaml", Title: "Staffing to paste into the scenario",
		Intro: "Replace each group's staffing with its block.", Pre: "groups:\n" + yaml.String()})
	pg.Defs = d.list()
	return pg.write(w)
}

// staffingIntervals is each group's staffing by interval, folded away.
func (p Plan) staffingIntervals() section {
	res := p.Result
	s := section{ID: "staffing-intervals", Title: "Staffing by interval", Collapsed: true,
		Intro: "Erlang: the seed's fractional on-floor agents; seed: its scheduled headcount; required: on-floor agents of the plan; scheduled: its paid headcount after shrinkage."}
	for _, g := range res.Groups {
		var rows [][]cell
		for i := range res.Intervals {
			if g.Agents[i] == 0 && g.SeedAgents[i] == 0 {
				continue
			}
			rows = append(rows, []cell{num(res.Labels[i], float64(i)), num(Float(g.Erlang[i], 2), g.Erlang[i]),
				num(strconv.Itoa(g.SeedScheduled[i]), float64(g.SeedScheduled[i])), num(strconv.Itoa(g.Agents[i]), float64(g.Agents[i])),
				num(strconv.Itoa(g.Scheduled[i]), float64(g.Scheduled[i])), shareCell(g.Occupancy[i]), moneyCell(g.Cost[i])})
		}
		s.Tables = append(s.Tables, table{Caption: "group " + g.Name, Head: []column{{Label: "start"}, {Label: "Erlang", Numeric: true},
			{Label: "seed", Numeric: true}, {Label: "required", Numeric: true}, {Label: "scheduled", Numeric: true},
			{Label: "occupancy", Numeric: true}, {Label: "cost", Numeric: true}}, Rows: rows})
	}
	return s
}

// missTable lists targets not met.
func missTable(caption string, ms []plan.Miss) table {
	var rows [][]cell
	for _, m := range ms {
		start := m.Start
		if m.Interval < 0 {
			start = "whole horizon"
		}
		format := missFormat(m)
		rows = append(rows, []cell{{Text: m.Scope + " " + m.Name}, num(start, float64(m.Interval)), {Text: m.Metric},
			num(format(m.Mean), m.Mean), num(format(m.Bound), m.Bound), num(format(m.Limit), m.Limit)})
	}
	return table{Caption: caption, Head: []column{{Label: "where"}, {Label: "start"}, {Label: "metric"}, {Label: "mean", Numeric: true},
		{Label: "bound", Numeric: true}, {Label: "limit", Numeric: true}}, Rows: rows}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
