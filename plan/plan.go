package plan

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// Options tune a plan. The zero value plans at 95% confidence with the
// model's seed and replications.
type Options struct {
	// Confidence is how sure the planner must be that a target is met:
	// a service level counts as met when its one-sided lower confidence
	// bound at this level reaches the goal (an ASA, abandonment or
	// occupancy when its upper bound stays within the limit). 0 means
	// 0.95.
	Confidence float64
	// Replications per simulation; 0 means the model's, raised to
	// DefaultReplications. The confidence bounds narrow with more
	// replications, and the search pays for their width in agents.
	Replications int
	// Seed of the search's simulations; 0 means the model's. The checks
	// of the plan use Seed+1, Seed+2 and Seed+3 (see Result.CheckSeed).
	Seed uint64
	// MaxIterations bounds the simulations of the correction; 0 means 40.
	MaxIterations int
	// MinVolume is the expected number of contacts of a channel in an
	// interval below which the interval forces no staff and its targets
	// are not checked; 0 means 1.
	MinVolume float64
	// Workers is how many replications run at once (see sim.Options).
	Workers int
	// Progress, if set, is called now and then with the share of the work
	// done, 0..1.
	Progress func(done float64)
	// Budget, when positive, asks the reverse question: the best service
	// level this many paid agent-hours can buy (see Budget).
	Budget float64
	// Shifts, when set, works the plan into a roster of shifts and agent
	// lines with these templates and contracts, simulated and repaired
	// until the targets hold (see RosterPlan).
	Shifts *sim.ShiftRules
}

// DefaultMaxIterations bounds the correction's simulations by default.
const DefaultMaxIterations = 40

// DefaultReplications is the least number of replications a plan uses
// unless told otherwise: with 10, the one-sided 95% half-width of a
// half-hour's service level on the default scenario's phone line is 7 to
// 18 points (3 to 6 with 30), and the search buys agents to cover it.
const DefaultReplications = 30

func (o Options) withDefaults(m *sim.Model) (Options, error) {
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if !(o.Confidence >= 0.5 && o.Confidence < 1) {
		return o, fmt.Errorf("plan: confidence %v: must be in [0.5, 1)", o.Confidence)
	}
	if o.Replications == 0 {
		o.Replications = max(m.Replications, DefaultReplications)
	}
	if o.Replications < 2 || o.Replications > sim.MaxReplications {
		return o, fmt.Errorf("plan: replications %d: must be between 2 and %d (confidence bounds need two)", o.Replications, sim.MaxReplications)
	}
	if o.Seed == 0 {
		o.Seed = m.Seed
	}
	if o.MaxIterations == 0 {
		o.MaxIterations = DefaultMaxIterations
	}
	if o.MaxIterations < 1 || o.MaxIterations > 10000 {
		return o, fmt.Errorf("plan: max iterations %d: must be between 1 and 10000", o.MaxIterations)
	}
	if o.MinVolume == 0 {
		o.MinVolume = 1
	}
	if !(o.MinVolume > 0) || math.IsInf(o.MinVolume, 0) {
		return o, fmt.Errorf("plan: minimum volume %v: must be positive and finite", o.MinVolume)
	}
	if math.IsNaN(o.Budget) || math.IsInf(o.Budget, 0) || o.Budget < 0 {
		return o, fmt.Errorf("plan: budget %v paid hours: must be positive and finite", o.Budget)
	}
	if o.Budget > 0 && o.Shifts != nil {
		return o, errors.New("plan: a budget and shifts cannot be combined: shifts cost more hours than the budget's interval staffing")
	}
	return o, nil
}

// Result is a staffing plan with its simulated forecast.
type Result struct {
	Name            string
	Currency        string
	IntervalSeconds float64
	Intervals       int
	Labels          []string
	// Mode is "targets" (least cost that meets every target), "budget"
	// (the best service level a budget buys) or "erlang-margin" (see
	// ErlangBaseline).
	Mode string
	// Margin is the uniform margin of an ErlangBaseline.
	Margin       float64
	Confidence   float64
	Replications int
	Seed         uint64
	// CheckSeed is the seed of the simulation the figures come from.
	CheckSeed uint64
	// Met reports that the search found a staffing that meets every
	// target it can act on at Confidence and gave up on none (always false
	// in budget mode).
	Met bool

	Groups   []GroupPlan
	Channels []ChannelPlan
	Totals   Totals
	// Misses are the targets that the check (a fresh simulation with
	// CheckSeed) finds missed at Confidence: their bound on the favourable
	// side lies beyond the limit. Empty when the plan holds. Targets the
	// search cannot act on (a channel no staffed group serves, a group out
	// all interval) appear here too.
	Misses []Miss
	// GaveUp are targets the search stopped adding agents for after
	// GiveUpTries simulations in a row found them unmet, as last simulated.
	GaveUp     []Miss
	Iterations []Iteration
	Budget     *BudgetInfo
	Roster     *RosterPlan

	// Forecast is the check's simulation of the final plan.
	Forecast *sim.Result
}

// GroupPlan is one staffed group's plan per interval. Agents are on the
// floor taking contacts; scheduled agents are the paid headcount,
// erlang.Scheduled(agents, shrinkage).
type GroupPlan struct {
	Name       string
	Shrinkage  float64
	HourlyCost float64
	// Erlang is the seed's fractional requirement (on-floor agents).
	Erlang        []float64
	SeedAgents    []int
	SeedScheduled []int
	// Agents are the plan's on-floor agents: the requirement.
	Agents    []int
	Scheduled []int
	// Occupancy and Cost are simulated (the check run).
	Occupancy []sim.Stat
	Cost      []sim.Stat
	PaidHours float64
	SeedHours float64
}

// ChannelPlan is one channel's simulated figures under the plan (the check
// run), per interval.
type ChannelPlan struct {
	Name         string
	Kind         sim.Kind
	Target       sim.Target
	Offered      []sim.Stat
	ServiceLevel []sim.Stat
	ASA          []sim.Stat
	Abandonment  []sim.Stat
	Total        sim.Values
	// Classes are the priority classes' totals with their targets.
	Classes []sim.ClassResult
}

// Totals sum a plan over the horizon.
type Totals struct {
	PaidHours float64
	// Cost is the simulated cost: paid hours at each group's hourly cost
	// plus per-contact costs.
	Cost sim.Stat
	// Handled counts contacts that reached an agent, all channels.
	Handled sim.Stat
	// CostPerContact is Cost over the contacts whose handling started
	// (cost per ticket).
	CostPerContact sim.Stat
	// ServiceLevel is the share of all contacts with a service-level
	// target answered within it.
	ServiceLevel sim.Stat
	// SeedHours and SeedCost are the Erlang seed's paid hours and hourly
	// cost (not simulated).
	SeedHours float64
	SeedCost  float64
}

// Iteration is one step of the simulation correction.
type Iteration struct {
	// Step is "seed" (the Erlang seed simulated), "add" or "remove".
	Step string
	// Changed counts on-floor agent-intervals added or removed.
	Changed   int
	PaidHours float64
	Cost      float64
	// Failing counts the targets not met at confidence in this step's
	// simulation (before its change), those given up included.
	Failing int
}

// Miss is a target not met.
type Miss struct {
	Scope    string // channel, class or group
	Name     string
	Interval int // -1: over the horizon
	Start    string
	// Pooled names the intervals the figure pools when the interval has
	// too few contacts to be judged alone ("Mon 22:00-Mon 23:00").
	Pooled string
	Metric string // a sim metric key
	Mean   float64
	// Bound is the one-sided confidence bound on the side that favours the
	// plan (the upper bound of a service level). A service level is the
	// simulator's: contacts still waiting at the end of the horizon whose
	// target time has not passed are left out of it (sim.ServiceLevel).
	Bound float64
	Limit float64
	// Why says, for a target given up, why adding agents cannot meet
	// it; empty when agents were added again and again without meeting
	// it.
	Why string
}

// InputError is a plan's input that cannot be planned: options out of
// range, a model the planner cannot size, a budget below the work that
// must be done, shift templates or contracts that do not fit the
// scenario. A command reports it as bad input.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Plan finds the least-cost staffing of the model's staffed groups that
// meets every target in every interval (or, with Options.Budget, the best
// service level the budget buys), simulates it once more with a fresh seed
// and reports it. The model is not changed.
func Plan(ctx context.Context, m *sim.Model, opts Options) (*Result, error) {
	p, err := newPlanner(m, opts)
	if err != nil {
		return nil, &InputError{err}
	}
	// With shifts, the rosters (solved and simulated up to rosterRounds
	// times) take most of the time on a large center: the bar gives the
	// search its first share and the rosters the rest.
	report := p.opts.Progress
	if report != nil && p.opts.Shifts != nil {
		p.opts.Progress = func(done float64) { report(searchShare * done) }
	}
	var x [][]int
	var checked *sample
	var res *Result
	if p.opts.Budget > 0 {
		x, res, err = p.budget(ctx)
	} else {
		x, checked, res, err = p.search(ctx)
	}
	if err != nil {
		return nil, err
	}
	if err := p.finish(ctx, res, x, checked); err != nil {
		return nil, err
	}
	if p.opts.Shifts != nil {
		if report != nil {
			p.opts.Progress = func(done float64) { report(searchShare + (1-searchShare)*done) }
		}
		rp, err := p.roster(ctx, res, x)
		if err != nil {
			return nil, err
		}
		res.Roster = rp
	}
	p.progress(1)
	return res, nil
}

// searchShare is the part of a plan with shifts that the progress bar
// gives the search; the rosters take the rest.
const searchShare = 0.2

// planner holds what every stage of a plan shares.
type planner struct {
	m    *sim.Model // the planner's own copy
	opts Options
	n    int
	L    float64

	// planned are the indices (into m.Groups) of the groups with staffing;
	// unlimited groups are not planned.
	planned []int
	shrink  []float64 // per planned group
	dem     []*demand // per channel
	// share[c][k][i] is the share of channel c's need that planned group
	// k takes in interval i.
	share [][][]float64
	// seed[k][i] is the Erlang seed's fractional need of planned group k.
	seed [][]float64
	// rtSeed and defSeed split seed into real-time and deferred parts.
	rtSeed, defSeed [][]float64
	// work counts simulations done, for progress.
	work, workTotal float64
	// iterations counts the correction's simulations.
	iterations int
	// tries counts, per target, the consecutive simulations that found it
	// unmet; gaveUp holds the targets the search stopped acting on.
	tries  map[checkKey]int
	gaveUp map[checkKey]bool
	// lenient holds the targets whose estimate meets the limit but that
	// GiveUpTries simulations in a row could not confirm at the confidence:
	// they are judged by their estimate from then on.
	lenient map[checkKey]bool
	// last and slopes are each real-time check's latest simulated figure
	// and slope against its agents (see observe).
	last   map[checkKey]observation
	slopes map[checkKey]float64
	// firstTry is where and from what count agents were first added for a
	// target in its current run of failures.
	firstTry map[checkKey]change
	// firstGap is how far each failing target was from its limit when its
	// current run of failures began.
	firstGap map[checkKey]float64
}

func newPlanner(model *sim.Model, opts Options) (*planner, error) {
	if model == nil {
		return nil, errors.New("plan: no model")
	}
	if err := model.Validate(); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	if err := plannableGoals(model); err != nil {
		return nil, err
	}
	opts, err := opts.withDefaults(model)
	if err != nil {
		return nil, err
	}
	m := model.Clone()
	p := &planner{m: m, opts: opts, n: m.Intervals, L: m.IntervalSeconds,
		tries: map[checkKey]int{}, gaveUp: map[checkKey]bool{}, lenient: map[checkKey]bool{}, firstTry: map[checkKey]change{}, firstGap: map[checkKey]float64{},
		last: map[checkKey]observation{}, slopes: map[checkKey]float64{}}
	for g := range m.Groups {
		if !m.Groups[g].Unlimited {
			p.planned = append(p.planned, g)
			p.shrink = append(p.shrink, m.Groups[g].Shrinkage)
		}
	}
	if len(p.planned) == 0 {
		return nil, errors.New("plan: every group is unlimited: there is no staffing to plan")
	}
	if err := p.erlangSeed(); err != nil {
		return nil, err
	}
	return p, nil
}

// plannableGoals refuses service-level goals of 100%: with random
// arrivals some contacts wait past any target time whatever the staffing,
// so no plan could meet one (a run can still report against it).
func plannableGoals(m *sim.Model) error {
	for _, ch := range m.Channels {
		targets := []sim.Target{ch.Target}
		names := []string{fmt.Sprintf("channel %q", ch.Name)}
		for _, c := range ch.Classes {
			targets = append(targets, c.Target)
			names = append(names, fmt.Sprintf("channel %q, class %q", ch.Name, c.Name))
		}
		for i, t := range targets {
			if t.Threshold > 0 && t.Goal >= 1 {
				return fmt.Errorf("plan: %s: a service-level goal of 100%% cannot be planned for: with random arrivals some contacts always wait past the target time; give a goal below 100%% (99%%, say)", names[i])
			}
		}
	}
	return nil
}

// scheduled converts on-floor agents to paid headcount.
func (p *planner) scheduled(k, agents int) int {
	s, err := erlang.Scheduled(float64(agents), p.shrink[k])
	if err != nil {
		// Agents are bounded far below erlang's limit by the search.
		return math.MaxInt32
	}
	return s
}

// paidHours and cost of an on-floor staffing (hourly cost only).
func (p *planner) paidHours(x [][]int) (hours, cost float64) {
	for k, g := range p.planned {
		for _, a := range x[k] {
			h := float64(p.scheduled(k, a)) * p.L / 3600
			hours += h
			cost += h * p.m.Groups[g].HourlyCost
		}
	}
	return hours, cost
}

func (p *planner) progress(done float64) {
	if p.opts.Progress != nil {
		p.opts.Progress(math.Min(1, done))
	}
}

func cloneStaff(x [][]int) [][]int {
	out := make([][]int, len(x))
	for k := range x {
		out[k] = append([]int(nil), x[k]...)
	}
	return out
}
