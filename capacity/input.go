package capacity

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Limits of a capacity plan.
const (
	// MaxWeeks is the longest horizon: 18 months, the span commercial
	// planners offer, and the most a volume forecast of a year or two of
	// history can honestly reach.
	MaxWeeks = 78
	// MaxPaths bounds the random paths of the risk simulation.
	MaxPaths = 100_000
	// MaxRepresentative bounds the representative weeks planned by
	// simulation.
	MaxRepresentative = 20
	// MaxClass bounds a hiring class and a cohort of current staff.
	MaxClass = 10_000
	// MaxTenureWeeks bounds a tenure (50 years).
	MaxTenureWeeks = 2600
)

// DefaultAttrition is the annual attrition of customer-service
// representatives used when a group gives none: 29% a year (LinkedIn; see
// docs/capacity.md).
const DefaultAttrition = 0.29

// Defaults of the options a capacity input may leave out.
const (
	DefaultFTEHours       = 40
	DefaultRisk           = 0.10
	DefaultPaths          = 2000
	DefaultRepresentative = 5
	DefaultVolumeError    = 0.05
)

// Scope says over what the risk of being short is bounded.
type Scope uint8

// Scopes of the risk.
const (
	// EachWeek bounds each week's probability of being short.
	EachWeek Scope = iota
	// AnyWeek bounds the probability of being short in at least one week
	// of the horizon.
	AnyWeek
)

func (s Scope) String() string {
	if s == AnyWeek {
		return "any-week"
	}
	return "each-week"
}

// Input is a capacity plan's question. Weeks are numbered from 1; week w
// starts on Start + 7(w-1) days. Zero values take the defaults noted.
type Input struct {
	// Name says what the plan is, for reports.
	Name string
	// Start is the first day of week 1.
	Start time.Time
	// Weeks is the horizon, 1 to MaxWeeks.
	Weeks int
	// DaysPerWeek is how many days a week the scenario's days stand for
	// when its horizon is shorter than a week (a weekday scenario of a
	// center open five days: 5); 0 means 7. A seven-day scenario is a week.
	DaysPerWeek int
	// FTEHours are the paid hours of one full-time equivalent a week, to
	// state hours as FTE; 0 means 40.
	FTEHours float64
	// Risk is the largest acceptable probability of being short (supply
	// below the requirement), 0 < Risk <= 0.5; 0 means 10%.
	Risk float64
	// Scope says whether Risk bounds each week or the whole horizon.
	Scope Scope
	// Paths are the random paths of attrition and volume the risk is
	// simulated on; 0 means 2000.
	Paths int
	// Seed of the random paths; the reported risk comes from paths with
	// another seed (Result.CheckSeed). 0 means 1.
	Seed uint64
	// Representative is the number of representative weeks planned by
	// simulation; 0 means 5.
	Representative int
	// RosterOverhead is added to the planned requirement for what shifts
	// cannot fit to it (a roster covers some intervals more than they
	// need), 0 to 1.
	RosterOverhead float64

	Volume Volume
	// Groups are the scenario's planned (not unlimited) groups, each once.
	Groups []Group
	// Transfers move staff between groups.
	Transfers []Transfer
}

// Volume is the weekly volume forecast per channel: a median per week and
// a log-normal error around it.
type Volume struct {
	// Growth is the relative growth of volume over a year (0.15 is 15%),
	// compounded week by week.
	Growth float64
	// Seasonality are twelve monthly factors, January first; nil means
	// none. A week's factor is interpolated between the factors of the
	// months' middles at the week's middle day.
	Seasonality []float64
	// Error is the relative error of a week's volume (the standard
	// deviation of its logarithm) in week 1, ErrorEnd in the last week,
	// linear between them; ErrorEnd 0 means Error throughout. Errors holds
	// one per week instead, when set. Errors are independent from week to
	// week and shared by the channels of a week.
	Error, ErrorEnd float64
	Errors          []float64
	// ErrorSet says that Error was given, so that an error of 0 is not
	// taken for the default.
	ErrorSet bool
	// Channels give a channel its own base, growth or weekly volumes.
	Channels []ChannelVolume
}

// ChannelVolume overrides the volume of one channel.
type ChannelVolume struct {
	Name string
	// Base is the channel's volume in a week of week 1's growth at
	// seasonal factor 1; 0 means the scenario's own week.
	Base float64
	// Growth, when set, replaces Volume.Growth for this channel.
	Growth *float64
	// Weeks, when set, are the channel's median volume per week, one per
	// week of the horizon: a forecast made elsewhere. Base and growth do
	// not apply to them, nor the seasonality unless Seasonal is set (a
	// forecast from history without a yearly cycle).
	Weeks    []float64
	Seasonal bool
}

// Group is the supply side of one agent group.
type Group struct {
	// Name is a planned group of the scenario.
	Name      string
	Contracts []Contract
	// Staff are the people on the payroll at the start, by contract and
	// tenure.
	Staff []Cohort
	// Attrition is the annual attrition by tenure band, in order of
	// tenure; nil means DefaultAttrition at every tenure.
	Attrition []AttritionBand
	Hiring    Hiring
	// Shrinkage is the share of contracted hours not at work in each week
	// (vacation, public holidays, sickness), one per week; nil means none.
	// It comes on top of the scenario's shrinkage, which is the share of
	// the hours at work not spent taking contacts.
	Shrinkage []float64
	// Overtime: Max is the largest share of the contracted hours at work
	// of people past training that may be worked as overtime in a week.
	Overtime Flex
	// Outsourcing: Max is the most hours a week an outsourcer can take.
	Outsourcing Flex
}

// Contract is a kind of employment.
type Contract struct {
	Name string
	// Hours are the paid hours a week.
	Hours float64
	// HourlyCost is the cost of one paid hour.
	HourlyCost float64
}

// Cohort is a number of people of one contract who started together.
type Cohort struct {
	Contract string
	People   int
	// Tenure is the weeks since they started, at the start of week 1.
	Tenure int
}

// AttritionBand is the annual attrition of people whose tenure is below Until
// weeks (and at or above the previous band's); Until 0 closes the list.
type AttritionBand struct {
	Until  int
	Annual float64
}

// Hiring says how a group hires: in classes that start together, train at
// zero output for Training weeks and then ramp up.
type Hiring struct {
	// Contract is the contract of new hires; "" means no hiring.
	Contract string
	// Lead is the weeks between deciding a class and its start: the first
	// class the plan may add starts in week Lead+1.
	Lead int
	// Training is the weeks a new hire is paid at zero output.
	Training int
	// Ramp is the productivity in each week after training, in (0, 1];
	// full productivity follows.
	Ramp []float64
	// MinClass and MaxClass bound a class's size; MaxClass 0 means no
	// classes beyond Planned.
	MinClass, MaxClass int
	// Every is the weeks between possible class starts (counted from week
	// Lead+1); 0 means every week.
	Every int
	// CostPerHire (recruiting) and TrainingCost (trainers, material) are
	// paid per hire when the class starts.
	CostPerHire, TrainingCost float64
	// Planned are classes already decided.
	Planned []Class
}

// Class is a hiring class: People starting in Week.
type Class struct {
	Week   int
	People int
}

// Flex is capacity bought by the hour.
type Flex struct {
	Max        float64
	HourlyCost float64
}

// Transfer moves People of a group's starting staff to another group at
// the start of Week; they keep their contract and tenure, train for
// Training weeks at zero output in the new group and then work at full
// productivity.
type Transfer struct {
	From, To string
	Week     int
	People   int
	Training int
}

// InputError is a capacity input that cannot be planned as it stands (a
// transfer of more people than a group will have, a scenario that does
// not match the input): a mistake of the input, not of the planner.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Errorf(format, args...)}
}

// withDefaults returns a copy of the input with defaults filled in.
func (in *Input) withDefaults() Input {
	out := *in
	if out.DaysPerWeek == 0 {
		out.DaysPerWeek = 7
	}
	if out.FTEHours == 0 {
		out.FTEHours = DefaultFTEHours
	}
	if out.Risk == 0 {
		out.Risk = DefaultRisk
	}
	if out.Paths == 0 {
		out.Paths = DefaultPaths
	}
	if out.Seed == 0 {
		out.Seed = 1
	}
	if out.Representative == 0 {
		out.Representative = DefaultRepresentative
	}
	if !out.Volume.ErrorSet && out.Volume.Errors == nil {
		out.Volume.Error = DefaultVolumeError
	}
	out.Groups = slices.Clone(in.Groups)
	for g := range out.Groups {
		if out.Groups[g].Attrition == nil {
			out.Groups[g].Attrition = []AttritionBand{{Annual: DefaultAttrition}}
		}
		if out.Groups[g].Hiring.Every == 0 {
			out.Groups[g].Hiring.Every = 1
		}
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Validate checks an input on its own (the scenario it plans is checked by
// Plan). Package scenarios reports a file's mistakes with their positions
// before an input is built; Validate guards against hand-built inputs.
func (in *Input) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if in.Weeks < 1 || in.Weeks > MaxWeeks {
		add("weeks %d: must be 1 to %d", in.Weeks, MaxWeeks)
	}
	if in.DaysPerWeek < 0 || in.DaysPerWeek > 7 {
		add("days per week %d: must be 1 to 7 (0 takes the default, 7)", in.DaysPerWeek)
	}
	if !(in.FTEHours >= 0 && in.FTEHours <= 168) {
		add("FTE hours %v: must be above 0 and at most 168 (0 takes the default, 40)", in.FTEHours)
	}
	if !(in.Risk >= 0 && in.Risk <= 0.5) {
		add("risk %v: must be above 0 and at most 0.5", in.Risk)
	}
	if in.Scope > AnyWeek {
		add("unknown risk scope %d", in.Scope)
	}
	if in.Paths < 0 || in.Paths > MaxPaths || (in.Paths > 0 && in.Paths < 100) {
		add("paths %d: must be 100 to %d", in.Paths, MaxPaths)
	}
	if in.Representative < 0 || in.Representative > MaxRepresentative || in.Representative == 1 {
		add("representative weeks %d: must be 2 to %d", in.Representative, MaxRepresentative)
	}
	if !(in.RosterOverhead >= 0 && in.RosterOverhead <= 1) {
		add("roster overhead %v: must be 0 to 1", in.RosterOverhead)
	}
	in.Volume.validate(in.Weeks, add)
	names := map[string]bool{}
	for gi := range in.Groups {
		g := &in.Groups[gi]
		if g.Name == "" || names[g.Name] {
			add("group %d: name %q is empty or repeated", gi, g.Name)
		}
		names[g.Name] = true
		g.validate(in.Weeks, func(format string, args ...any) {
			add("group %s: "+format, append([]any{g.Name}, args...)...)
		})
	}
	for i, t := range in.Transfers {
		switch {
		case !names[t.From] || !names[t.To] || t.From == t.To:
			add("transfer %d: from %q to %q: two different groups of the plan", i, t.From, t.To)
		case t.Week < 1 || t.Week > in.Weeks:
			add("transfer %d: week %d is outside 1..%d", i, t.Week, in.Weeks)
		case t.People < 1 || t.People > MaxClass:
			add("transfer %d: %d people: must be 1 to %d", i, t.People, MaxClass)
		case t.Training < 0 || t.Training > MaxWeeks:
			add("transfer %d: training of %d weeks", i, t.Training)
		}
	}
	if len(errs) > 0 {
		return &InputError{errors.Join(errs...)}
	}
	return nil
}

func (v *Volume) validate(weeks int, add func(string, ...any)) {
	if !(v.Growth > -1 && v.Growth <= 10) {
		add("volume growth %v: must be above -100%% and at most 1000%% a year", v.Growth)
	}
	if v.Seasonality != nil {
		if len(v.Seasonality) != 12 {
			add("seasonality: %d factors, want 12 (one a month)", len(v.Seasonality))
		}
		for i, f := range v.Seasonality {
			if !(f > 0 && f <= 100) {
				add("seasonality of month %d: %v must be positive", i+1, f)
			}
		}
	}
	for _, e := range []float64{v.Error, v.ErrorEnd} {
		if !(e >= 0 && e <= 2) {
			add("volume error %v: must be 0 to 2", e)
		}
	}
	if v.Errors != nil {
		if len(v.Errors) != weeks {
			add("volume errors: %d values for %d weeks", len(v.Errors), weeks)
		}
		for w, e := range v.Errors {
			if !(e >= 0 && e <= 2) {
				add("volume error of week %d: %v must be 0 to 2", w+1, e)
			}
		}
	}
	seen := map[string]bool{}
	for _, c := range v.Channels {
		if c.Name == "" || seen[c.Name] {
			add("volume of channel %q: empty or repeated", c.Name)
		}
		seen[c.Name] = true
		if !(c.Base >= 0) || !finite(c.Base) {
			add("volume of channel %s: base %v", c.Name, c.Base)
		}
		if c.Growth != nil && !(*c.Growth > -1 && *c.Growth <= 10) {
			add("volume of channel %s: growth %v", c.Name, *c.Growth)
		}
		if c.Weeks != nil {
			if len(c.Weeks) != weeks {
				add("volume of channel %s: %d weeks for a horizon of %d", c.Name, len(c.Weeks), weeks)
			}
			for w, x := range c.Weeks {
				if !(x >= 0) || !finite(x) {
					add("volume of channel %s in week %d: %v", c.Name, w+1, x)
				}
			}
		}
	}
}

func (g *Group) validate(weeks int, add func(string, ...any)) {
	contracts := map[string]bool{}
	for _, c := range g.Contracts {
		if c.Name == "" || contracts[c.Name] {
			add("contract %q: empty or repeated", c.Name)
		}
		contracts[c.Name] = true
		if !(c.Hours > 0 && c.Hours <= 168) {
			add("contract %s: %v hours a week: must be above 0 and at most 168", c.Name, c.Hours)
		}
		if !(c.HourlyCost >= 0) || !finite(c.HourlyCost) {
			add("contract %s: hourly cost %v", c.Name, c.HourlyCost)
		}
	}
	for i, c := range g.Staff {
		if !contracts[c.Contract] {
			add("staff %d: unknown contract %q", i, c.Contract)
		}
		if c.People < 0 || c.People > MaxClass {
			add("staff %d: %d people: must be 0 to %d", i, c.People, MaxClass)
		}
		if c.Tenure < 0 || c.Tenure > MaxTenureWeeks {
			add("staff %d: tenure %d weeks", i, c.Tenure)
		}
	}
	for i, b := range g.Attrition {
		if !(b.Annual >= 0 && b.Annual <= 1) {
			add("attrition band %d: %v a year must be 0 to 1", i, b.Annual)
		}
		last := i == len(g.Attrition)-1
		switch {
		case last && b.Until != 0:
			add("attrition band %d: the last band has no end", i)
		case !last && b.Until <= 0:
			add("attrition band %d: only the last band may be open-ended", i)
		case i > 0 && !last && b.Until <= g.Attrition[i-1].Until:
			add("attrition band %d: ends at %d weeks, not after the band before", i, b.Until)
		}
	}
	h := &g.Hiring
	if h.Contract != "" && !contracts[h.Contract] {
		add("hiring: unknown contract %q", h.Contract)
	}
	if h.Contract == "" && (h.MaxClass > 0 || len(h.Planned) > 0) {
		add("hiring: classes without a contract")
	}
	if h.Lead < 0 || h.Lead > MaxWeeks || h.Training < 0 || h.Training > MaxWeeks || len(h.Ramp) > MaxWeeks {
		add("hiring: lead %d, training %d and ramp of %d weeks must be 0 to %d", h.Lead, h.Training, len(h.Ramp), MaxWeeks)
	}
	for i, p := range h.Ramp {
		if !(p > 0 && p <= 1) {
			add("hiring: ramp week %d: productivity %v must be above 0 and at most 1", i+1, p)
		}
	}
	if h.MinClass < 0 || h.MaxClass < 0 || h.MaxClass > MaxClass || (h.MaxClass > 0 && h.MinClass > h.MaxClass) {
		add("hiring: class size %d to %d", h.MinClass, h.MaxClass)
	}
	if h.Every < 0 || h.Every > MaxWeeks {
		add("hiring: a class every %d weeks", h.Every)
	}
	for _, v := range []float64{h.CostPerHire, h.TrainingCost} {
		if !(v >= 0) || !finite(v) {
			add("hiring: cost %v", v)
		}
	}
	for i, c := range h.Planned {
		if c.Week < 1 || c.Week > weeks {
			add("hiring: planned class %d: week %d is outside 1..%d", i, c.Week, weeks)
		}
		limit := MaxClass
		if h.MaxClass > 0 {
			limit = h.MaxClass
		}
		if c.People < 1 || c.People > limit {
			add("hiring: planned class %d: %d people: a class holds 1 to %d", i, c.People, limit)
		}
	}
	if g.Shrinkage != nil && len(g.Shrinkage) != weeks {
		add("shrinkage: %d weeks for a horizon of %d", len(g.Shrinkage), weeks)
	}
	for w, s := range g.Shrinkage {
		if !(s >= 0 && s < 1) {
			add("shrinkage of week %d: %v must be at least 0 and below 1", w+1, s)
		}
	}
	if !(g.Overtime.Max >= 0 && g.Overtime.Max <= 1) {
		add("overtime: %v of contracted hours must be 0 to 1", g.Overtime.Max)
	}
	if !(g.Outsourcing.Max >= 0) || !finite(g.Outsourcing.Max) {
		add("outsourcing: %v hours a week", g.Outsourcing.Max)
	}
	for _, f := range []Flex{g.Overtime, g.Outsourcing} {
		if !(f.HourlyCost >= 0) || !finite(f.HourlyCost) {
			add("hourly cost %v of overtime or outsourcing", f.HourlyCost)
		}
	}
}
