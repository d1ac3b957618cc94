package capacity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/sim"
)

// BandLevel is the coverage of the requirement and supply bands a plan
// reports: from the 10th to the 90th percentile, the level of the volume
// forecasts' prediction intervals.
const BandLevel = 0.8

// Options tune a capacity plan.
type Options struct {
	// Planner plans the representative weeks; it is required. The
	// command's planner is package plan's simulation-corrected search (see
	// Planner).
	Planner Planner
	// EveryWeek also plans every week of the horizon at its forecast
	// volume and reports the error of the representative-week shortcut
	// against it (Result.Shortcut). It costs a plan per week.
	EveryWeek bool
	// Progress, if set, is called now and then with the share of the work
	// done, 0..1.
	Progress func(done float64)
}

// Band is a figure with the 10th and 90th percentiles around its middle.
type Band struct {
	Low, Mid, High float64
}

// Cost is a week's cost by kind.
type Cost struct {
	// Salaries of everyone on the payroll, trainees included.
	Salaries float64
	// Hiring: recruiting and training of the classes starting in the week.
	Hiring      float64
	Overtime    float64
	Outsourcing float64
}

// Total is the week's cost.
func (c Cost) Total() float64 { return c.Salaries + c.Hiring + c.Overtime + c.Outsourcing }

// Result is a capacity plan.
type Result struct {
	Name     string
	Scenario string
	Currency string
	// Weeks are the first days of the weeks of the horizon.
	Weeks    []time.Time
	FTEHours float64
	Risk     float64
	Scope    Scope
	Paths    int
	// Seed drew the paths the plan was decided on; CheckSeed the fresh
	// paths every reported risk and supply band comes from.
	Seed, CheckSeed uint64
	// Channels are the channels with arrivals of their own; Volume their
	// median contacts a week, by week then channel, and VolumeError the
	// log-scale error of each week.
	Channels    []string
	Volume      [][]float64
	VolumeError []float64
	// Representative are the weeks planned by simulation, lowest volume
	// first.
	Representative []RepresentativeWeek
	Groups         []GroupResult
	// CenterRisk is each week's probability that some group is short,
	// CenterAnyWeek that some group is short in some week.
	CenterRisk    []float64
	CenterAnyWeek float64
	// Met reports that every group's plan holds the risk on the paths it
	// was decided on, with no week short for want of any way to cover it.
	Met bool
	// Shortcut compares the representative-week requirement with a plan
	// of every week (Options.EveryWeek).
	Shortcut *Shortcut
}

// GroupResult is one group's capacity plan. Hours are paid hours a week;
// divide by Result.FTEHours for FTE.
type GroupResult struct {
	Name string
	// Workload is the agent time of the group's contacts in each week at
	// the forecast volume, in hours: the index the requirement is
	// interpolated in.
	Workload []float64
	// Requirement are the paid hours the targets need each week: at the
	// forecast volume (Mid) and at its 10th and 90th percentiles.
	Requirement []Band
	// Target is what the plan provides for each week: expected productive
	// hours plus booked overtime and outsourcing reach it. It exceeds the
	// requirement by the buffer the risk asks for.
	Target []float64
	// Supply is the expected supply with the plan's hires.
	Supply Weekly
	// SupplyBand are the productive hours plus booked flexible hours, on
	// the check paths.
	SupplyBand []Band
	// Hires are the people starting each week; Planned those of them in
	// classes decided before the plan.
	Hires   []int
	Planned []int
	// Overtime and Outsourced are the hours booked each week; Short the
	// hours no hire, overtime or outsourcing within their limits can cover.
	Overtime   []float64
	Outsourced []float64
	Short      []float64
	// Risk is each week's probability of being short on the check paths;
	// AnyWeek the probability of being short in some week.
	Risk    []float64
	AnyWeek float64
	// Met reports that the plan held the risk on the decision paths.
	Met  bool
	Cost []Cost
	// LowerBound is the least cost of any plan, in fractional people, that
	// provides the same targets: the linear relaxation's optimum plus the
	// costs no decision changes. The plan's cost is within Gap of it.
	LowerBound float64
	Gap        float64
	// Iterations counts the solves of the hiring problem.
	Iterations int
}

// TotalCost is the group's cost over the horizon.
func (g *GroupResult) TotalCost() Cost {
	var c Cost
	for _, w := range g.Cost {
		c.Salaries += w.Salaries
		c.Hiring += w.Hiring
		c.Overtime += w.Overtime
		c.Outsourcing += w.Outsourcing
	}
	return c
}

// Shortcut is the error of the representative-week requirement against
// planning every week by simulation.
type Shortcut struct {
	// Planned[g][w] are the paid hours a plan of week w gives group g;
	// Interpolated[g][w] the representative weeks' figure.
	Planned, Interpolated [][]float64
	// MeanAbs and MaxAbs are per group the mean and largest relative
	// error, |interpolated - planned| / planned.
	MeanAbs, MaxAbs []float64
}

// Plan makes a capacity plan for the model (a scenario of one to seven
// days, whose targets the requirement meets) and the input. Neither is
// changed.
func Plan(ctx context.Context, m *sim.Model, input *Input, opts Options) (*Result, error) {
	if m == nil || input == nil {
		return nil, errors.New("capacity: no model or no input")
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("capacity: %w", err)
	}
	if err := input.Validate(); err != nil {
		return nil, &InputError{fmt.Errorf("capacity: %w", err)}
	}
	in := input.withDefaults()
	if err := orderGroups(m, &in); err != nil {
		return nil, err
	}
	vol, err := newVolumes(m, &in)
	if err != nil {
		return nil, err
	}
	factor, _ := weekFactor(m, &in)
	req := newRequirement(m, vol)
	levels := repVolumes(vol, in.Representative)
	work := float64(len(levels)) + 2
	if opts.EveryWeek {
		work += float64(in.Weeks)
	}
	done := 0.0
	progress := func(x float64) {
		if opts.Progress != nil {
			opts.Progress(math.Min(1, (done+x)/work))
		}
	}
	if opts.Planner == nil {
		return nil, errors.New("capacity: no planner for the representative weeks")
	}
	planWeek := func(v []float64) (RepresentativeWeek, error) {
		return requirementWeek(ctx, m, vol, v, factor, in.RosterOverhead, opts.Planner, progress)
	}
	var reps []RepresentativeWeek
	for _, v := range levels {
		rw, err := planWeek(v)
		if err != nil {
			return nil, err
		}
		reps = append(reps, rw)
		done++
	}
	req.fit(reps)

	res := &Result{Name: in.Name, Scenario: m.Name, Currency: m.Currency, Weeks: vol.weeks, FTEHours: in.FTEHours,
		Risk: in.Risk, Scope: in.Scope, Paths: in.Paths, Seed: in.Seed, CheckSeed: in.Seed + 1,
		Channels: vol.names, Volume: vol.median, VolumeError: vol.sigma, Representative: reps, Met: true}
	workload := make([][]float64, len(in.Groups))
	for g := range in.Groups {
		workload[g] = make([]float64, in.Weeks)
		for w := range in.Weeks {
			workload[g][w] = req.workload(g, vol.median[w])
		}
	}
	reqAt := func(g, w int, z float64) float64 {
		return req.at(g, workload[g][w]*math.Exp(vol.sigma[w]*z))
	}
	bases, err := groupBases(&in)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	decide := newPaths(in.Seed, in.Paths, &in, bases, reqAt)
	check := newPaths(res.CheckSeed, in.Paths, &in, bases, reqAt)
	zBand := distuv.UnitNormal.Quantile((1 + BandLevel) / 2)
	centerShort := make([]bool, in.Paths*in.Weeks)
	for g := range in.Groups {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gr := GroupResult{Name: in.Groups[g].Name, Workload: workload[g]}
		for w := range in.Weeks {
			gr.Requirement = append(gr.Requirement, Band{Low: reqAt(g, w, -zBand), Mid: reqAt(g, w, 0), High: reqAt(g, w, zBand)})
		}
		s := &groupSolver{in: &in, h: newHiring(bases[g]), gp: decide.groups[g], ps: decide, reqAt: func(w int, z float64) float64 { return reqAt(g, w, z) }}
		d, rel, target, met := s.solve()
		// The bound is the relaxation at the targets the plan ended with.
		if final, err := s.h.relax(target); err == nil {
			rel = final
		}
		gr.Met = met
		res.Met = res.Met && met
		gr.Iterations = s.iterations
		s.report(&gr, d, rel, target, check, check.groups[g], centerShort)
		res.Groups = append(res.Groups, gr)
		done += 1.0 / float64(len(in.Groups))
		progress(0)
	}
	res.CenterRisk, res.CenterAnyWeek = shareShort(in.Paths, in.Weeks, func(p, w int) bool { return centerShort[p*in.Weeks+w] })
	done++
	if opts.EveryWeek {
		sc := &Shortcut{}
		for range in.Groups {
			sc.Planned = append(sc.Planned, make([]float64, in.Weeks))
			sc.Interpolated = append(sc.Interpolated, make([]float64, in.Weeks))
		}
		for w := range in.Weeks {
			rw, err := planWeek(vol.median[w])
			if err != nil {
				return nil, err
			}
			for g := range in.Groups {
				sc.Planned[g][w] = rw.Hours[g]
				sc.Interpolated[g][w] = req.at(g, workload[g][w])
			}
			done++
		}
		for g := range in.Groups {
			sum, top := 0.0, 0.0
			for w := range in.Weeks {
				e := 0.0
				if p := sc.Planned[g][w]; p > 0 {
					e = math.Abs(sc.Interpolated[g][w]-p) / p
				}
				sum += e
				top = math.Max(top, e)
			}
			sc.MeanAbs = append(sc.MeanAbs, sum/float64(in.Weeks))
			sc.MaxAbs = append(sc.MaxAbs, top)
		}
		res.Shortcut = sc
	}
	progress(0)
	return res, nil
}

// orderGroups puts the input's groups in the model's order and checks
// that they are exactly the model's planned groups.
func orderGroups(m *sim.Model, in *Input) error {
	byName := map[string]Group{}
	for _, g := range in.Groups {
		byName[g.Name] = g
	}
	var out []Group
	for _, g := range planned(m) {
		name := m.Groups[g].Name
		x, ok := byName[name]
		if !ok {
			return inputErrorf("capacity: group %s of the scenario has no supply in the capacity input", name)
		}
		out = append(out, x)
		delete(byName, name)
	}
	for _, g := range in.Groups {
		if _, extra := byName[g.Name]; extra {
			return inputErrorf("capacity: group %s is not a planned group of the scenario", g.Name)
		}
	}
	in.Groups = out
	return nil
}

// shareShort counts, from whether each of n paths is short in each week,
// each week's share of paths short and the share short in some week.
func shareShort(n, weeks int, short func(p, w int) bool) (perWeek []float64, any float64) {
	perWeek = make([]float64, weeks)
	hit := 0
	for p := range n {
		was := false
		for w := range weeks {
			if short(p, w) {
				perWeek[w]++
				was = true
			}
		}
		if was {
			hit++
		}
	}
	for w := range perWeek {
		perWeek[w] /= float64(n)
	}
	return perWeek, float64(hit) / float64(n)
}

// groupSolver finds one group's hiring plan under the risk.
type groupSolver struct {
	in         *Input
	h          *hiring
	gp         *groupPaths
	ps         *paths
	reqAt      func(w int, z float64) float64
	iterations int
}

// DecisionRisk is the risk a plan is decided at on n paths so that it
// holds risk itself with 95% confidence: risk less 1.645 standard errors
// of a share of n paths (at least half of risk). A plan decided at risk
// itself would sit on the boundary, and fresh paths would find about half
// of its weeks above it.
func DecisionRisk(risk float64, n int) float64 {
	return math.Max(risk/2, risk-1.6448536269514722*math.Sqrt(risk*(1-risk)/float64(n)))
}

// maxRounds bounds the rounds of raising targets for one risk level.
const maxRounds = 15

// solve returns the plan, the relaxation at its targets, its targets, and
// whether it holds the risk on the decision paths.
func (s *groupSolver) solve() (decision, decision, []float64, bool) {
	alpha := DecisionRisk(s.in.Risk, s.ps.n)
	if s.in.Scope == EachWeek {
		d, rel, t, _, ok := s.atLevel(alpha, nil, nil)
		return d, rel, t, ok
	}
	// Any week: the largest level per week whose plan keeps the chance of
	// a short week anywhere within the risk, by bisection between the
	// risk itself and the risk shared out over the weeks (Bonferroni,
	// which always suffices when each week holds). Each level starts from
	// the targets and the plan of the last level that held.
	//
	// A level's plan holds when its share of paths short somewhere is
	// within the risk, whether or not every week reaches the level: weeks
	// that nothing can cover (before the first class can start, beyond
	// the flexible capacity) keep the risk they have, and the other weeks
	// are held tighter to leave room for it.
	d, rel, t, anyRisk, _ := s.atLevel(alpha, nil, nil)
	if anyRisk <= alpha {
		return d, rel, t, true
	}
	lo := alpha / float64(s.in.Weeks)
	bd, brel, bt, bAny, _ := s.atLevel(lo, t, &d)
	if bAny > alpha {
		return bd, brel, bt, false
	}
	hi := alpha
	for range 6 {
		mid := math.Sqrt(lo * hi)
		md, mrel, mt, mAny, _ := s.atLevel(mid, nil, &d)
		if mAny <= alpha {
			lo, bd, brel, bt = mid, md, mrel, mt
		} else {
			hi = mid
		}
	}
	return bd, brel, bt, true
}

// atLevel plans for a probability of at most level of being short in each
// week, starting from the targets given (or the requirement at the
// volume's 1-level quantile) and the plan given (or the relaxation's,
// rounded): it
// measures each week's shortfalls on the decision paths, and raises the
// targets of the weeks short too often to the expected supply plus the
// shortfall that only level of the paths exceed, until every week holds.
func (s *groupSolver) atLevel(level float64, start []float64, from *decision) (d, rel decision, target []float64, anyRisk float64, ok bool) {
	W, n := s.in.Weeks, s.ps.n
	allowed := int(math.Floor(level*float64(n) + 1e-9))
	target = make([]float64, W)
	z := distuv.UnitNormal.Quantile(1 - level)
	for w := range W {
		target[w] = s.reqAt(w, z)
		if start != nil {
			target[w] = math.Max(target[w], start[w])
		}
	}
	col := make([]float64, n)
	for round := 0; ; round++ {
		s.iterations++
		switch {
		case round == 0 && from != nil:
			rel = *from
			rel.short = make([]float64, W)
			d = s.h.improve(slices.Clone(from.hires), rel.short, target)
		case round == 0:
			// The relaxation starts the plan; later rounds raise a few
			// targets and repair the whole plan they had, which keeps the
			// expensive solves to one per level.
			var err error
			if rel, err = s.h.relax(target); err != nil {
				// The relaxation failed numerically: the repair builds
				// the plan from no classes instead.
				rel = s.h.flex(make([]float64, len(s.h.starts)), target)
			}
			d = s.h.round(rel, target)
		default:
			d = s.h.improve(slices.Clone(d.hires), rel.short, target)
		}
		short := s.gp.shortfalls(s.ps, s.classes(d))
		flex := make([]float64, W)
		for w := range W {
			flex[w] = d.overtime[w] + d.outsource[w]
		}
		perWeek, a := risks(short, flex, n, W)
		anyRisk = a
		prod, _ := s.h.supply(d.hires)
		// The plan answers the targets as they are now; a return without
		// another round hands back these, not the raised ones.
		planned := slices.Clone(target)
		raised, stuck := false, true
		for w := range W {
			if perWeek[w]*float64(n) <= float64(allowed)+1e-9 {
				continue
			}
			if d.short[w] == 0 {
				stuck = false
			}
			for p := range n {
				col[p] = short[p*W+w]
			}
			slices.Sort(col)
			need := col[n-1-allowed] + prod[w]
			t := math.Max(need, target[w]*(1+1e-3)+1e-6)
			if t > target[w] {
				target[w] = t
				raised = true
			}
		}
		if !raised {
			ok = !slices.ContainsFunc(d.short, func(v float64) bool { return v > shortTolerance })
			return d, rel, target, anyRisk, ok
		}
		if stuck || round == maxRounds-1 {
			// Every week still short too often is short of any means to
			// cover it (raising targets cannot help), or the rounds ran
			// out.
			return d, rel, planned, anyRisk, false
		}
	}
}

// classes maps the decided classes' start weeks to their sizes.
func (s *groupSolver) classes(d decision) map[int]int {
	out := map[int]int{}
	for j, x := range d.hires {
		if x > 0 {
			out[s.h.starts[j]] = int(math.Round(x))
		}
	}
	return out
}

// report fills a group's result from its plan, measured on the check
// paths, and marks the paths and weeks the group is short in.
func (s *groupSolver) report(gr *GroupResult, d, rel decision, target []float64, ps *paths, gp *groupPaths, centerShort []bool) {
	W, n := s.in.Weeks, ps.n
	b := s.h.base
	c := b.calc
	gr.Target = target
	gr.Supply = newWeekly(W)
	gr.Supply.add(&b.expected, 1)
	gr.Hires = make([]int, W)
	gr.Planned = make([]int, W)
	gr.Cost = make([]Cost, W)
	g := c.g
	for _, p := range g.Hiring.Planned {
		gr.Hires[p.Week-1] += p.People
		gr.Planned[p.Week-1] += p.People
	}
	classes := s.classes(d)
	for _, start := range sortedKeys(classes) {
		k := classes[start]
		co := c.classCohort(float64(k), start)
		e := c.expect(&co)
		gr.Supply.add(&e, 1)
		gr.Hires[start] += k
	}
	perHire := g.Hiring.CostPerHire + g.Hiring.TrainingCost
	for w := range W {
		gr.Cost[w] = Cost{Salaries: gr.Supply.Salary[w], Hiring: float64(gr.Hires[w]) * perHire,
			Overtime: d.overtime[w] * g.Overtime.HourlyCost, Outsourcing: d.outsource[w] * g.Outsourcing.HourlyCost}
	}
	gr.Overtime, gr.Outsourced, gr.Short = d.overtime, d.outsource, d.short
	// Costs no decision changes: the base's salaries and the planned
	// classes' recruiting.
	fixed := 0.0
	for w := range W {
		fixed += b.expected.Salary[w] + float64(gr.Planned[w])*perHire
	}
	// The relaxation's penalty for hours short is no cost anyone pays.
	penalised := 0.0
	for _, v := range rel.short {
		penalised += v * s.h.penalty
	}
	gr.LowerBound = fixed + rel.cost - penalised
	if total := sumCost(gr.Cost); gr.LowerBound > 0 {
		gr.Gap = math.Max(0, total-gr.LowerBound) / gr.LowerBound
	}

	flex := make([]float64, W)
	for w := range W {
		flex[w] = d.overtime[w] + d.outsource[w]
	}
	supply := make([]float64, n*W)
	s1 := make([]float64, W)
	for p := range n {
		gp.supply(ps, classes, p, s1)
		for w := range W {
			supply[w*n+p] = s1[w] + flex[w]
			if gp.req[p*W+w]-s1[w] > flex[w]+shortTolerance {
				centerShort[p*W+w] = true
			}
		}
	}
	short := gp.shortfalls(ps, classes)
	gr.Risk, gr.AnyWeek = risks(short, flex, n, W)
	lo, hi := (1-BandLevel)/2, (1+BandLevel)/2
	for w := range W {
		col := supply[w*n : (w+1)*n]
		slices.Sort(col)
		gr.SupplyBand = append(gr.SupplyBand, Band{Low: stat.Quantile(lo, stat.Empirical, col, nil),
			Mid: stat.Quantile(0.5, stat.Empirical, col, nil), High: stat.Quantile(hi, stat.Empirical, col, nil)})
	}
}

func sumCost(cs []Cost) float64 {
	t := 0.0
	for _, c := range cs {
		t += c.Total()
	}
	return t
}
