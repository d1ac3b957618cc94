package output

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ccsim/ccsim/capacity"
)

// Capacity is what `ccsim capacity` prints: the hiring plan week by week,
// each group's requirement and supply with their bands, the risk of being
// short, and the costs (docs/capacity.md).
type Capacity struct {
	Result *capacity.Result
	// Weeks adds the tables by week to the table.
	Weeks bool
}

// CapacityFormat is the version of the capacity plan's JSON and CSV
// layouts.
const CapacityFormat = "ccsim-capacity/1"

// fte turns hours a week into full-time equivalents.
func (c Capacity) fte(hours float64) float64 { return hours / c.Result.FTEHours }

// weekLabel is the first day of week w (0-based).
func (c Capacity) weekLabel(w int) string { return c.Result.Weeks[w].Format(time.DateOnly) }

// riskHalfWidth is the half-width of the 95% interval of a share of the
// paths (normal approximation; 0 when no path or every path is short).
func (c Capacity) riskHalfWidth(p float64) float64 {
	return 1.959963984540054 * math.Sqrt(p*(1-p)/float64(c.Result.Paths))
}

// flex is the booked flexible hours of group g in week w.
func flex(g *capacity.GroupResult, w int) float64 { return g.Overtime[w] + g.Outsourced[w] }

// gap is the expected productive hours plus booked flexible hours less
// the requirement at the forecast volume: what the plan holds in hand.
func gap(g *capacity.GroupResult, w int) float64 {
	return g.Supply.Productive[w] + flex(g, w) - g.Requirement[w].Mid
}

type capacityJSON struct {
	Format         string               `json:"format"`
	Name           string               `json:"name,omitempty"`
	Scenario       string               `json:"scenario,omitempty"`
	Currency       string               `json:"currency,omitempty"`
	Weeks          []string             `json:"weeks"`
	FTEHours       float64              `json:"fte_hours"`
	Risk           float64              `json:"risk"`
	RiskScope      string               `json:"risk_scope"`
	Paths          int                  `json:"paths"`
	Seed           uint64               `json:"seed"`
	CheckSeed      uint64               `json:"check_seed"`
	BandLevel      float64              `json:"band_level"`
	Met            bool                 `json:"met"`
	Channels       []string             `json:"channels"`
	Volume         [][]float64          `json:"volume"`
	VolumeError    []float64            `json:"volume_error"`
	Representative []representativeJSON `json:"representative_weeks"`
	Groups         []capacityGroupJSON  `json:"groups"`
	CenterRisk     []float64            `json:"center_risk"`
	CenterAnyWeek  float64              `json:"center_any_week_risk"`
	Totals         capacityTotalsJSON   `json:"totals"`
	Shortcut       *shortcutJSON        `json:"shortcut,omitempty"`
}

type representativeJSON struct {
	Volumes  []float64 `json:"volumes"`
	Workload []float64 `json:"workload_hours"`
	Hours    []float64 `json:"requirement_hours"`
	Met      bool      `json:"met"`
	GaveUp   int       `json:"gave_up"`
}

type rangeJSON struct {
	Low  float64 `json:"low"`
	Mid  float64 `json:"mid"`
	High float64 `json:"high"`
}

type costJSON struct {
	Salaries    float64 `json:"salaries"`
	Hiring      float64 `json:"hiring"`
	Overtime    float64 `json:"overtime"`
	Outsourcing float64 `json:"outsourcing"`
	Total       float64 `json:"total"`
}

func costOf(c capacity.Cost) costJSON {
	return costJSON{Salaries: c.Salaries, Hiring: c.Hiring, Overtime: c.Overtime, Outsourcing: c.Outsourcing, Total: c.Total()}
}

type capacityGroupJSON struct {
	Name            string      `json:"name"`
	Met             bool        `json:"met"`
	Workload        []float64   `json:"workload_hours"`
	Requirement     []rangeJSON `json:"requirement_hours"`
	Target          []float64   `json:"target_hours"`
	Supply          []float64   `json:"supply_hours"`
	SupplyBand      []rangeJSON `json:"supply_band_hours"`
	People          []float64   `json:"people"`
	InTraining      []float64   `json:"in_training"`
	PaidHours       []float64   `json:"paid_hours"`
	Hires           []int       `json:"hires"`
	PlannedHires    []int       `json:"planned_hires"`
	OvertimeHours   []float64   `json:"overtime_hours"`
	OutsourcedHours []float64   `json:"outsourced_hours"`
	ShortHours      []float64   `json:"short_hours"`
	Risk            []float64   `json:"risk"`
	AnyWeekRisk     float64     `json:"any_week_risk"`
	Cost            []costJSON  `json:"cost"`
	TotalCost       costJSON    `json:"total_cost"`
	LowerBound      float64     `json:"lower_bound"`
	Gap             float64     `json:"gap"`
}

type capacityTotalsJSON struct {
	Hires      int      `json:"hires"`
	Cost       costJSON `json:"cost"`
	LowerBound float64  `json:"lower_bound"`
}

type shortcutJSON struct {
	Planned      [][]float64 `json:"planned_hours"`
	Interpolated [][]float64 `json:"interpolated_hours"`
	MeanAbs      []float64   `json:"mean_abs_error"`
	MaxAbs       []float64   `json:"max_abs_error"`
}

func bands(bs []capacity.Band) []rangeJSON {
	return each(bs, func(b capacity.Band) rangeJSON { return rangeJSON(b) })
}

// totals sums the groups' hires and costs and their lower bounds.
func (c Capacity) totals() (hires int, cost capacity.Cost, lower float64) {
	for i := range c.Result.Groups {
		g := &c.Result.Groups[i]
		for _, h := range g.Hires {
			hires += h
		}
		t := g.TotalCost()
		cost.Salaries += t.Salaries
		cost.Hiring += t.Hiring
		cost.Overtime += t.Overtime
		cost.Outsourcing += t.Outsourcing
		lower += g.LowerBound
	}
	return hires, cost, lower
}

// WriteJSON writes the plan (docs/capacity.md).
func (c Capacity) WriteJSON(w io.Writer) error {
	r := c.Result
	hires, cost, lower := c.totals()
	doc := capacityJSON{Format: CapacityFormat, Name: r.Name, Scenario: r.Scenario, Currency: r.Currency,
		Weeks: make([]string, len(r.Weeks)), FTEHours: r.FTEHours, Risk: r.Risk, RiskScope: r.Scope.String(),
		Paths: r.Paths, Seed: r.Seed, CheckSeed: r.CheckSeed, BandLevel: capacity.BandLevel, Met: r.Met,
		Channels: r.Channels, Volume: r.Volume, VolumeError: r.VolumeError,
		Representative: each(r.Representative, func(rw capacity.RepresentativeWeek) representativeJSON {
			return representativeJSON{Volumes: rw.Volumes, Workload: rw.Workload, Hours: rw.Hours, Met: rw.Met, GaveUp: rw.GaveUp}
		}),
		CenterRisk: r.CenterRisk, CenterAnyWeek: r.CenterAnyWeek,
		Totals: capacityTotalsJSON{Hires: hires, Cost: costOf(cost), LowerBound: lower},
	}
	for i := range r.Weeks {
		doc.Weeks[i] = c.weekLabel(i)
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		doc.Groups = append(doc.Groups, capacityGroupJSON{Name: g.Name, Met: g.Met, Workload: g.Workload,
			Requirement: bands(g.Requirement), Target: g.Target, Supply: g.Supply.Productive, SupplyBand: bands(g.SupplyBand),
			People: g.Supply.People, InTraining: g.Supply.Training, PaidHours: g.Supply.Paid, Hires: g.Hires,
			PlannedHires: g.Planned, OvertimeHours: g.Overtime, OutsourcedHours: g.Outsourced, ShortHours: g.Short,
			Risk: g.Risk, AnyWeekRisk: g.AnyWeek, Cost: each(g.Cost, costOf), TotalCost: costOf(g.TotalCost()),
			LowerBound: g.LowerBound, Gap: g.Gap})
	}
	if s := r.Shortcut; s != nil {
		doc.Shortcut = &shortcutJSON{Planned: s.Planned, Interpolated: s.Interpolated, MeanAbs: s.MeanAbs, MaxAbs: s.MaxAbs}
	}
	return writeJSON(w, doc)
}

// WriteCSV writes the plan in long form: scope, name, week (from 1, or
// "total"), start (the week's first day), field, value, ci95.
func (c Capacity) WriteCSV(w io.Writer) error {
	r := c.Result
	doc := newFieldCSV(w, "week", func(wk int) (string, string) { return strconv.Itoa(wk + 1), c.weekLabel(wk) })
	nan := math.NaN()
	row := doc.row
	for k, ch := range r.Channels {
		for wk := range r.Weeks {
			row("channel", ch, wk, "volume", r.Volume[wk][k], nan)
		}
	}
	for wk := range r.Weeks {
		row("center", "all", wk, "volume_error", r.VolumeError[wk], nan)
		row("center", "all", wk, "risk", r.CenterRisk[wk], c.riskHalfWidth(r.CenterRisk[wk]))
	}
	row("center", "all", -1, "any_week_risk", r.CenterAnyWeek, c.riskHalfWidth(r.CenterAnyWeek))
	for i := range r.Groups {
		g := &r.Groups[i]
		for wk := range r.Weeks {
			for _, f := range []struct {
				field string
				v     float64
			}{
				{"requirement_hours", g.Requirement[wk].Mid}, {"requirement_low_hours", g.Requirement[wk].Low},
				{"requirement_high_hours", g.Requirement[wk].High}, {"requirement_fte", c.fte(g.Requirement[wk].Mid)},
				{"target_hours", g.Target[wk]}, {"supply_hours", g.Supply.Productive[wk]},
				{"supply_low_hours", g.SupplyBand[wk].Low}, {"supply_high_hours", g.SupplyBand[wk].High},
				{"supply_fte", c.fte(g.Supply.Productive[wk] + flex(g, wk))}, {"gap_fte", c.fte(gap(g, wk))},
				{"people", g.Supply.People[wk]}, {"in_training", g.Supply.Training[wk]},
				{"hires", float64(g.Hires[wk])}, {"planned_hires", float64(g.Planned[wk])},
				{"overtime_hours", g.Overtime[wk]}, {"outsourced_hours", g.Outsourced[wk]}, {"short_hours", g.Short[wk]},
				{"cost", g.Cost[wk].Total()}, {"cost_salaries", g.Cost[wk].Salaries}, {"cost_hiring", g.Cost[wk].Hiring},
				{"cost_overtime", g.Cost[wk].Overtime}, {"cost_outsourcing", g.Cost[wk].Outsourcing},
			} {
				row("group", g.Name, wk, f.field, f.v, nan)
			}
			row("group", g.Name, wk, "risk", g.Risk[wk], c.riskHalfWidth(g.Risk[wk]))
		}
		t := g.TotalCost()
		hires := 0
		for _, h := range g.Hires {
			hires += h
		}
		row("group", g.Name, -1, "hires", float64(hires), nan)
		row("group", g.Name, -1, "any_week_risk", g.AnyWeek, c.riskHalfWidth(g.AnyWeek))
		row("group", g.Name, -1, "cost", t.Total(), nan)
		row("group", g.Name, -1, "lower_bound", g.LowerBound, nan)
		row("group", g.Name, -1, "gap", g.Gap, nan)
	}
	hires, cost, lower := c.totals()
	row("total", "all", -1, "hires", float64(hires), nan)
	row("total", "all", -1, "cost", cost.Total(), nan)
	row("total", "all", -1, "lower_bound", lower, nan)
	return doc.close()
}

// WriteTable prints the plan for a person: what was asked, how the
// requirement was found, the totals, each group's classes and, with
// Weeks, its figures week by week.
func (c Capacity) WriteTable(w io.Writer) error {
	r := c.Result
	bw := bufio.NewWriter(w)
	title := r.Name
	if title == "" {
		title = "the center"
	}
	cur := moneySuffix(r.Currency)
	fmt.Fprintf(bw, "Capacity plan for %s: %d weeks from %s\n", title, len(r.Weeks), c.weekLabel(0))
	scope := "in each week"
	if r.Scope == capacity.AnyWeek {
		scope = "in any week of the horizon"
	}
	fmt.Fprintf(bw, "Risk: at most %s of being short %s, measured on %s paths of attrition and volume (seed %d; the figures below\n",
		Percent(r.Risk), scope, Int(r.Paths), r.Seed)
	fmt.Fprintf(bw, "come from %s fresh paths, seed %d). Hours are paid hours a week; an FTE is %s hours.\n",
		Int(r.Paths), r.CheckSeed, Float(r.FTEHours, 0))
	if r.Met {
		fmt.Fprintln(bw, "The plan holds the risk in every week.")
	} else {
		fmt.Fprintln(bw, "THE PLAN CANNOT HOLD THE RISK in some weeks: see each group's verdict and its weeks short.")
	}

	fmt.Fprintf(bw, "\nRequirement: scenario %q planned by simulation at %d representative weeks\n", r.Scenario, len(r.Representative))
	tw := newTable(bw)
	head := "week\t"
	for _, ch := range r.Channels {
		head += ch + "/week\t"
	}
	for _, g := range r.Groups {
		head += g.Name + " h\t"
	}
	fmt.Fprintln(tw, head+"targets met\t")
	for i, rw := range r.Representative {
		line := fmt.Sprintf("%d\t", i+1)
		for _, v := range rw.Volumes {
			line += Count(v) + "\t"
		}
		for _, h := range rw.Hours {
			line += Number(h, 0) + "\t"
		}
		met := "yes"
		if !rw.Met {
			met = fmt.Sprintf("no (%d given up)", rw.GaveUp)
		}
		fmt.Fprintln(tw, line+met+"\t")
	}
	tw.Flush()
	if s := r.Shortcut; s != nil {
		fmt.Fprintln(bw, "Every week planned too: the representative weeks' requirement against each week's own plan")
		for g := range r.Groups {
			fmt.Fprintf(bw, "  %s: mean error %s, largest %s\n", r.Groups[g].Name, Share(s.MeanAbs[g]), Share(s.MaxAbs[g]))
		}
	}

	hires, cost, lower := c.totals()
	fmt.Fprintf(bw, "\nTotal over %d weeks: %s hires; cost %s%s (salaries %s, hiring %s, overtime %s, outsourcing %s);\n",
		len(r.Weeks), Int(hires), Money(cost.Total()), cur, Money(cost.Salaries), Money(cost.Hiring), Money(cost.Overtime),
		Money(cost.Outsourcing))
	fmt.Fprintf(bw, "lower bound %s (linear relaxation), gap %s. Probability that some group is short: in the worst week %s, in some week %s.\n",
		Money(lower), Share(math.Max(0, cost.Total()-lower)/lower), Share(maxOf(r.CenterRisk)), Share(r.CenterAnyWeek))

	for i := range r.Groups {
		g := &r.Groups[i]
		t := g.TotalCost()
		var classes []string
		total := 0
		for wk, h := range g.Hires {
			if h > 0 {
				s := fmt.Sprintf("%s: %d", c.weekLabel(wk), h)
				if g.Planned[wk] > 0 {
					s += " (planned)"
				}
				classes = append(classes, s)
				total += h
			}
		}
		verdict := "holds the risk"
		if !g.Met {
			verdict = "DOES NOT HOLD THE RISK"
		}
		fmt.Fprintf(bw, "\ngroup %s: %s; cost %s%s (lower bound %s, gap %s); worst week's risk %s, some week %s\n",
			g.Name, verdict, Money(t.Total()), cur, Money(g.LowerBound), Share(g.Gap), Share(maxOf(g.Risk)), Share(g.AnyWeek))
		if len(classes) == 0 {
			fmt.Fprintln(bw, "  no classes")
		} else {
			noun := "classes"
			if len(classes) == 1 {
				noun = "class"
			}
			fmt.Fprintf(bw, "  %s in %d %s: %s\n", Plural(float64(total), "hire"), len(classes), noun, strings.Join(classes, ", "))
		}
		short := 0.0
		for _, s := range g.Short {
			short += s
		}
		if short > 0 {
			fmt.Fprintf(bw, "  %s hours short that no hire, overtime or outsourcing within their limits can cover\n", Number(short, 0))
		}
		if !c.Weeks {
			continue
		}
		tw := newTable(bw)
		fmt.Fprintln(tw, "week\tstart\trequired FTE\t(p10-p90)\tsupply FTE\t(p10-p90)\tgap FTE\tpeople\ttraining\thires\tovertime h\toutsourced h\trisk\tcost\t")
		for wk := range r.Weeks {
			req, sb := g.Requirement[wk], g.SupplyBand[wk]
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s-%s\t%s\t%s-%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", wk+1, c.weekLabel(wk),
				Float(c.fte(req.Mid), 1), Float(c.fte(req.Low), 1), Float(c.fte(req.High), 1),
				Float(c.fte(g.Supply.Productive[wk]+flex(g, wk)), 1), Float(c.fte(sb.Low), 1), Float(c.fte(sb.High), 1),
				signed(Float(math.Abs(c.fte(gap(g, wk))), 1), c.fte(gap(g, wk))),
				Float(g.Supply.People[wk], 1), Float(g.Supply.Training[wk], 1), hiresText(g.Hires[wk]),
				Number(g.Overtime[wk], 0), Number(g.Outsourced[wk], 0), Share(g.Risk[wk]), Money(g.Cost[wk].Total()))
		}
		tw.Flush()
	}
	if c.Weeks {
		fmt.Fprintln(bw, "\nrequired: FTE the targets need at the forecast volume, with its 10th-90th percentiles; supply: expected")
		fmt.Fprintln(bw, "productive FTE (after shrinkage and ramp-up) plus booked overtime and outsourcing, with the paths'")
		fmt.Fprintln(bw, "10th-90th percentiles; gap: supply less required; people: on the payroll, trainees included; risk: the")
		fmt.Fprintln(bw, "share of paths on which supply falls below the requirement.")
	}
	return bw.Flush()
}

func hiresText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}
