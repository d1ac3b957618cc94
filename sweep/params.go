package sweep

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// Unit tells how a parameter's values read.
type Unit uint8

// Units of parameters.
const (
	Factor  Unit = iota // a multiplier: 1.1 is 10% more
	Seconds             // a duration added (negative: taken away)
	Share               // a share 0..1, set
	Agents              // whole agents added or taken away
	Count               // a whole number, set
	Money               // an amount of the scenario's currency, set
)

// What a parameter applies to.
type scope uint8

const (
	channels scope = iota
	groups
	escalations // a flow of kind escalation, named "from:to"
	repeats     // a flow of kind repeat, named by its channel
)

// param is one parameter a sweep can vary.
type param struct {
	name  string
	unit  Unit
	scope scope
	// set is true when a value replaces the scenario's (shrinkage), false
	// when it changes it (a factor, a delta): the base of a set parameter
	// is the scenario's own value.
	set bool
	// doc says what a value does, for the help and the docs.
	doc string
	// fits reports whether the parameter applies to the target at all;
	// targets it does not fit are skipped when none is named and an
	// error when one is. Nil means every target.
	fits func(m *sim.Model, i int) error
	// get returns the scenario's value of a set parameter.
	get func(m *sim.Model, i int) float64
	// apply changes target i of m.
	apply func(m *sim.Model, i int, v float64) error
	// check refuses a value that can never be right.
	check func(v float64) error
}

// params is every parameter a sweep can vary, in the order the help
// lists them.
var params = []param{
	{name: "volume", unit: Factor, scope: channels,
		doc: "arrivals of the channel times the factor (1.1: 10% more)",
		fits: func(m *sim.Model, i int) error {
			if m.Channels[i].Arrivals.Times != nil {
				return errors.New("it replays recorded arrival times, which a factor cannot scale")
			}
			return nil
		},
		apply: func(m *sim.Model, i int, f float64) error {
			a := &m.Channels[i].Arrivals
			for k := range a.Rates {
				a.Rates[k] *= f
			}
			for k := range a.Counts {
				a.Counts[k] = int(math.Round(float64(a.Counts[k]) * f))
			}
			// Daily says how the rates were made, for writing the model
			// back; the engine reads only the rates.
			a.Daily = nil
			return nil
		},
		check: factor(0)},
	{name: "handle", unit: Factor, scope: channels,
		doc:   "handle time (talk and hold) times the factor; its spread (CV) stays",
		apply: func(m *sim.Model, i int, f float64) error { return scaleDist(&m.Channels[i].Handle, f, "handle time") },
		check: factor(math.SmallestNonzeroFloat64)},
	{name: "handle_delta", unit: Seconds, scope: channels,
		doc: "mean handle time (talk and hold) plus the duration; its spread (CV) stays",
		apply: func(m *sim.Model, i int, d float64) error {
			return shiftMean(&m.Channels[i].Handle, d, true, "handle time")
		},
		check: timeChange},
	{name: "wrap_delta", unit: Seconds, scope: channels,
		doc: "mean after-contact work plus the duration; its spread (CV) stays",
		apply: func(m *sim.Model, i int, d float64) error {
			return shiftMean(&m.Channels[i].Wrap, d, false, "wrap time")
		},
		check: timeChange},
	{name: "patience", unit: Factor, scope: channels,
		doc: "how long customers wait before they hang up, times the factor",
		fits: func(m *sim.Model, i int) error {
			if c := &m.Channels[i]; !c.Realtime() || c.Patience == nil {
				return errors.New("its customers never abandon")
			}
			return nil
		},
		apply: func(m *sim.Model, i int, f float64) error { return scaleDist(m.Channels[i].Patience, f, "patience") },
		check: factor(math.SmallestNonzeroFloat64)},
	{name: "concurrency", unit: Count, scope: channels, set: true,
		doc: "contacts an agent holds at once (chat)",
		fits: func(m *sim.Model, i int) error {
			if m.Channels[i].Kind != sim.Chat {
				return errors.New("it is not a chat channel")
			}
			return nil
		},
		get:   func(m *sim.Model, i int) float64 { return float64(max(1, m.Channels[i].Concurrency)) },
		apply: func(m *sim.Model, i int, k float64) error { m.Channels[i].Concurrency = int(k); return nil },
		check: func(v float64) error { return whole(v, 1, 1000) }},
	{name: "staff_delta", unit: Agents, scope: groups,
		doc:  "scheduled agents plus the number (minus: fewer) in every interval the group works; never below zero",
		fits: scheduled,
		apply: func(m *sim.Model, i int, d float64) error {
			return reschedule(&m.Groups[i], func(v float64) float64 {
				if v <= 0 {
					return v
				}
				return max(0, v+d)
			})
		},
		check: func(v float64) error { return whole(v, -1e6, 1e6) }},
	{name: "staff", unit: Factor, scope: groups,
		doc:  "scheduled agents times the factor in every interval, rounded to whole agents",
		fits: scheduled,
		apply: func(m *sim.Model, i int, f float64) error {
			return reschedule(&m.Groups[i], func(v float64) float64 { return math.Round(v * f) })
		},
		check: factor(0)},
	{name: "shrinkage", unit: Share, scope: groups, set: true,
		doc:  "share of paid time not spent taking contacts; agents on the floor follow",
		fits: scheduled,
		get:  func(m *sim.Model, i int) float64 { return m.Groups[i].Shrinkage },
		apply: func(m *sim.Model, i int, s float64) error {
			g := &m.Groups[i]
			if g.Paid == nil {
				return fmt.Errorf("group %q gives agents on the floor, not scheduled ones, so shrinkage changes nothing", g.Name)
			}
			g.Shrinkage = s
			// The schedule stays: only the agents on the floor change.
			shifts, paidBreaks := g.Shifts, g.PaidBreaks
			g.SetScheduled(g.Paid)
			g.Shifts, g.PaidBreaks = shifts, paidBreaks
			return nil
		},
		check: func(v float64) error {
			if !(v >= 0 && v < 1) {
				return errors.New("a shrinkage must be from 0 to below 100%")
			}
			return nil
		}},
	fieldParam("hourly_cost", Money, groups, "cost of a paid agent hour",
		func(m *sim.Model, i int) *float64 { return &m.Groups[i].HourlyCost }, money),
	fieldParam("contact_cost", Money, groups, "cost paid per contact handled (outsourcing)",
		func(m *sim.Model, i int) *float64 { return &m.Groups[i].ContactCost }, money),
	fieldParam("escalation", Share, escalations, "share of the from channel's contacts escalated to the to channel",
		flowShare, share),
	fieldParam("repeat", Share, repeats, "share of the channel's contacts that come back as a repeat contact",
		flowShare, share),
}

// fieldParam is a set parameter that is a plain field of its target,
// the one at addresses.
func fieldParam(name string, unit Unit, sc scope, doc string, at func(m *sim.Model, i int) *float64, check func(v float64) error) param {
	return param{name: name, unit: unit, scope: sc, set: true, doc: doc, check: check,
		get:   func(m *sim.Model, i int) float64 { return *at(m, i) },
		apply: func(m *sim.Model, i int, v float64) error { *at(m, i) = v; return nil }}
}

// flowShare addresses the share of flow i.
func flowShare(m *sim.Model, i int) *float64 { return &m.Flows[i].Share }

// Param describes a parameter for the help and the docs.
type Param struct {
	Name string
	Unit Unit
	// Target is what it applies to: "channel", "group", "from:to" (an
	// escalation) or "channel" of a repeat flow.
	Target string
	// Set is true when a value replaces the scenario's, false when it
	// changes it.
	Set bool
	Doc string
}

// Params lists the parameters a sweep can vary.
func Params() []Param {
	out := make([]Param, len(params))
	for i, p := range params {
		out[i] = Param{Name: p.name, Unit: p.unit, Target: targetWords[p.scope], Set: p.set, Doc: p.doc}
	}
	return out
}

var targetWords = [...]string{channels: "channel", groups: "group", escalations: "from:to", repeats: "channel"}

func paramByName(name string) (*param, bool) {
	i := slices.IndexFunc(params, func(p param) bool { return p.name == name })
	if i < 0 {
		return nil, false
	}
	return &params[i], true
}

// paramNames lists the parameters' names for a message.
func paramNames() string {
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}

// Limits of values, far beyond any plan's what-if but short of the
// values that would make a point run for days (a billion times the
// volume) or print nonsense (costs of 1e300, durations past what a clock
// shows).
const (
	// MaxFactor is the largest factor (volume, handle time, patience,
	// staff).
	MaxFactor = 100
	// MaxTimeChange is the largest change of a handle or wrap time, in
	// seconds either way: a day.
	MaxTimeChange = 24 * 3600
	// MaxMoney is the largest cost of an hour or a contact.
	MaxMoney = 1e9
)

// factor accepts a factor from low (0 for one that may be zero, the
// smallest float above it for one that must be above zero) to
// MaxFactor.
func factor(low float64) func(float64) error {
	return func(v float64) error {
		switch {
		case low > 0 && !(v >= low):
			return errors.New("it must be above zero")
		case !(v >= low):
			return errors.New("it must not be negative")
		case v > MaxFactor:
			return fmt.Errorf("a factor must be at most %d", MaxFactor)
		}
		return nil
	}
}

func timeChange(v float64) error {
	if !(math.Abs(v) <= MaxTimeChange) {
		return errors.New("a change of time must be within a day (-24h to 24h)")
	}
	return nil
}

func money(v float64) error {
	if !(v >= 0) {
		return errors.New("it must not be negative")
	}
	if v > MaxMoney {
		return fmt.Errorf("an amount must be at most %g", float64(MaxMoney))
	}
	return nil
}

func share(v float64) error {
	if !(v >= 0 && v <= 1) {
		return errors.New("a share must be from 0 to 100%")
	}
	return nil
}

func whole(v, lo, hi float64) error {
	if v != math.Trunc(v) || v < lo || v > hi {
		return fmt.Errorf("it must be a whole number from %g to %g", lo, hi)
	}
	return nil
}

func scheduled(m *sim.Model, i int) error {
	if m.Groups[i].Unlimited {
		return errors.New("it is unlimited: it has as many agents as contacts")
	}
	return nil
}

// reschedule changes a group's scheduled agents interval by interval; the
// agents on the floor follow through its shrinkage. A group given with
// agents on the floor only (no paid headcount) has them changed directly.
func reschedule(g *sim.Group, change func(float64) float64) error {
	if g.Paid == nil {
		for k, v := range g.Staff {
			g.Staff[k] = int(change(float64(v)))
		}
		return nil
	}
	paid := make([]float64, len(g.Paid))
	for k, v := range g.Paid {
		paid[k] = change(v)
		if paid[k] > 10_000_000 {
			return fmt.Errorf("group %q would have %.0f agents", g.Name, paid[k])
		}
	}
	g.SetScheduled(paid)
	return nil
}

// scaleDist multiplies every draw of d by f: the mean moves by f and the
// coefficient of variation stays, and the engine draws the same random
// numbers for it, so that the points of a sweep stay paired.
func scaleDist(d *sim.Dist, f float64, what string) error {
	if !(f > 0) || math.IsInf(f, 0) {
		return fmt.Errorf("%s cannot be scaled by %v", what, f)
	}
	switch d.Kind {
	case sim.Uniform:
		d.Min *= f
		d.Max *= f
	case sim.Empirical:
		for k := range d.Points {
			d.Points[k].X *= f
		}
		d.TailMean *= f
	default:
		d.Mean *= f
	}
	return nil
}

// shiftMean moves the mean of d by delta seconds, stretching it so that
// its spread relative to the mean stays. A distribution with a mean of
// zero (no wrap time) becomes that fixed or exponential time.
func shiftMean(d *sim.Dist, delta float64, mustBePositive bool, what string) error {
	if math.IsNaN(delta) || math.IsInf(delta, 0) {
		return fmt.Errorf("%s cannot change by %v", what, delta)
	}
	m := d.Average()
	target := m + delta
	switch {
	case math.IsInf(m, 0):
		return fmt.Errorf("%s has no finite mean to move", what)
	case target < 0 || mustBePositive && target == 0:
		return fmt.Errorf("%s of mean %s changed by %s would not be positive", what, seconds(m), seconds(delta))
	case delta == 0:
		return nil
	case m == 0:
		if d.Kind != sim.Fixed && d.Kind != sim.Exponential {
			return fmt.Errorf("%s has a mean of zero that cannot be stretched", what)
		}
		d.Mean = target
		return nil
	}
	return scaleDist(d, target/m, what)
}

func seconds(v float64) string { return fmt.Sprintf("%gs", math.Round(v*10)/10) }
