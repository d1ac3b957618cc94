package capacity

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/sim"
)

// planModel is dayModel (phone 100 and callback 50 contacts a day) made
// plannable: a phone contact is 300 s of handling and 60 s of wrap (0.1
// h), a callback 720 s (0.2 h); 10% of phone contacts escalate to a third
// channel that has no arrivals of its own. Group voice takes phone;
// digital takes callback and the escalations, so phone's contacts reach
// it too; an unlimited outsourcer, paid per contact, is not planned.
func planModel() *sim.Model {
	m := dayModel()
	m.Name = "test day"
	m.Currency = "EUR"
	m.Channels[0].Handle, m.Channels[0].Wrap = sim.Exp(300), sim.Const(60)
	m.Channels[1].Handle = sim.Exp(720)
	m.Channels = append(m.Channels, sim.Channel{Name: "escalation", Kind: sim.Call, Handle: sim.Const(600),
		Arrivals: sim.Arrivals{Rates: make([]float64, m.Intervals)}})
	m.Flows = []sim.Flow{{Kind: sim.Escalation, From: 0, To: 2, Share: 0.1, Delay: sim.Const(0)}}
	staff := func() []int { return make([]int, m.Intervals) }
	m.Groups = []sim.Group{
		{Name: "voice", Skills: []sim.Skill{{Channel: 0}}, Staff: staff()},
		{Name: "outsourcer", Skills: []sim.Skill{{Channel: 1}}, Unlimited: true},
		{Name: "digital", Skills: []sim.Skill{{Channel: 1}, {Channel: 2}}, Staff: staff()},
	}
	return m
}

// planInput plans planModel's day as a weekday of a five-day week over 12
// weeks, growing 30% a year with an error widening from 4% to 8%. Voice
// loses nobody (so its expected supply can be worked out by hand below)
// and gives one agent to digital in week 3; digital has the default
// attrition, a class of 2 already planned in week 2, shrinkage and
// classes only every other week. The groups are listed in another order
// than the scenario's, which Plan must put right.
func planInput() *Input {
	shrink := make([]float64, 12)
	for w := range shrink {
		shrink[w] = 0.05 * float64(w%3)
	}
	return &Input{
		Name: "test", Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), Weeks: 12, DaysPerWeek: 5,
		Paths: 100, Seed: 5, Representative: 3, RosterOverhead: 0.1,
		Volume: Volume{Growth: 0.3, Error: 0.04, ErrorEnd: 0.08, ErrorSet: true},
		Groups: []Group{
			{
				Name: "digital", Contracts: []Contract{{Name: "ft", Hours: 40, HourlyCost: 22}},
				Staff: []Cohort{{Contract: "ft", People: 12, Tenure: 100}},
				Hiring: Hiring{Contract: "ft", Lead: 1, Training: 2, Ramp: []float64{0.5, 0.75}, MinClass: 2, MaxClass: 4, Every: 2,
					CostPerHire: 800, TrainingCost: 300, Planned: []Class{{Week: 2, People: 2}}},
				Shrinkage:   shrink,
				Overtime:    Flex{Max: 0.1, HourlyCost: 35},
				Outsourcing: Flex{Max: 30, HourlyCost: 50},
			},
			{
				Name: "voice", Contracts: []Contract{{Name: "ft", Hours: 40, HourlyCost: 20}},
				Staff:     []Cohort{{Contract: "ft", People: 12, Tenure: 200}},
				Attrition: []AttritionBand{{Annual: 0}},
				Hiring:    Hiring{Contract: "ft", Lead: 2, Training: 1, Ramp: []float64{0.5}, MinClass: 1, MaxClass: 5, CostPerHire: 1000, TrainingCost: 200},
				Overtime:  Flex{Max: 0.1, HourlyCost: 30}, Outsourcing: Flex{Max: 40, HourlyCost: 45},
			},
		},
		Transfers: []Transfer{{From: "voice", To: "digital", Week: 3, People: 1, Training: 1}},
	}
}

// stepPlanner is a week planner whose answer is known in closed form: a
// group needs one 8-hour agent a day per perAgent contacts a day of the
// channels it takes (rounded up, as agents come whole), read from the
// rates of the model it is given. It counts its calls and can be told to
// fail.
type stepPlanner struct {
	perAgent map[string]float64
	calls    int
	answer   func(hours map[string]float64) // alters the answer, if set
	err      error
}

// dayVolume is the contacts a day of channel c in a model of one day.
func dayVolume(m *sim.Model, c int) float64 {
	s := 0.0
	for _, r := range m.Channels[c].Arrivals.Rates {
		s += r * m.IntervalSeconds
	}
	return s
}

// stepHours is stepPlanner's paid hours of a day for a group taking
// contacts contacts a day. The rates' rounding may put a whole number of
// agents' contacts a hair above it: that does not need another agent.
func stepHours(contacts, perAgent float64) float64 { return 8 * math.Ceil(contacts/perAgent-1e-9) }

func (sp *stepPlanner) plan(_ context.Context, m *sim.Model, progress func(float64)) (WeekPlan, error) {
	sp.calls++
	if sp.err != nil {
		return WeekPlan{}, sp.err
	}
	progress(1)
	wp := WeekPlan{Hours: map[string]float64{}, Met: true}
	for _, g := range m.Groups {
		if g.Unlimited {
			continue
		}
		load := 0.0
		for _, s := range g.Skills {
			load += dayVolume(m, s.Channel)
		}
		wp.Hours[g.Name] = stepHours(load, sp.perAgent[g.Name])
	}
	if sp.answer != nil {
		sp.answer(wp.Hours)
	}
	return wp, nil
}

func newStepPlanner() *stepPlanner {
	return &stepPlanner{perAgent: map[string]float64{"voice": 10, "digital": 5}}
}

// interpolate reads y at x off the line through points sorted by x,
// extending the end segments: the requirement's rule, written out again.
func interpolate(xs, ys []float64, x float64) float64 {
	i := 1
	for i < len(xs)-1 && xs[i] < x {
		i++
	}
	return math.Max(0, ys[i-1]+(ys[i]-ys[i-1])*(x-xs[i-1])/(xs[i]-xs[i-1]))
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestPlanRequirement works planInput's requirement out independently of
// the package: the weekly medians (the day's volume x 5 days x growth),
// the three representative weeks spread from the lowest week's 1st
// percentile to the highest's 99th, stepPlanner's hours at each (x 5 days
// x 1.1 for the roster overhead), the workloads (voice: phone's 0.1 h a
// contact; digital: callback's 0.2 h and phone's 0.1 h, since phone
// contacts escalate to it), and each week's requirement interpolated in
// workload at the forecast and at its 10th and 90th percentiles. With
// EveryWeek, every week is planned as well and the shortcut's error is
// the step planner's against the line.
func TestPlanRequirement(t *testing.T) {
	m, in := planModel(), planInput()
	sp := newStepPlanner()
	res, err := Plan(context.Background(), m, in, Options{Planner: sp.plan, EveryWeek: true})
	if err != nil {
		t.Fatal(err)
	}
	const K, W = 3, 12
	if sp.calls != K+W {
		t.Errorf("%d planner calls, want %d representative weeks and %d weeks", sp.calls, K, W)
	}
	if !slices.Equal(res.Channels, []string{"phone", "callback"}) {
		t.Fatalf("volume channels %v: the escalation channel has no arrivals of its own", res.Channels)
	}
	if len(res.Groups) != 2 || res.Groups[0].Name != "voice" || res.Groups[1].Name != "digital" {
		t.Fatalf("groups %v, want the scenario's planned groups in its order: voice, digital", res.Groups)
	}
	day := []float64{100, 50}
	weight := []float64{0.1, 0.2}
	reach := [][]bool{{true, false}, {true, true}} // voice, digital
	perAgent := []float64{10, 5}
	median := func(w, c int) float64 { return day[c] * 5 * math.Pow(1.3, float64(w)/52) }
	sigma := func(w int) float64 { return 0.04 + 0.04*float64(w)/float64(W-1) }
	workload := func(g int, v []float64) float64 {
		s := 0.0
		for c := range v {
			if reach[g][c] {
				s += v[c] * weight[c]
			}
		}
		return s
	}
	// stepPlanner's weekly hours at weekly volumes v: voice takes phone,
	// digital takes callback (the escalations have no rates to read).
	hours := func(g int, v []float64) float64 { return stepHours(v[g]/5, perAgent[g]) * 5 * 1.1 }
	for w := range W {
		if want := in.Start.AddDate(0, 0, 7*w); !res.Weeks[w].Equal(want) {
			t.Errorf("week %d starts %v, want %v", w+1, res.Weeks[w], want)
		}
		for c := range day {
			if !near(res.Volume[w][c], median(w, c)) {
				t.Errorf("week %d %s: median %v, want %v", w+1, res.Channels[c], res.Volume[w][c], median(w, c))
			}
		}
		if !near(res.VolumeError[w], sigma(w)) {
			t.Errorf("week %d: error %v, want %v", w+1, res.VolumeError[w], sigma(w))
		}
	}
	// The lowest 1st percentile of the horizon and its highest 99th: here
	// both are the last week's, whose error has widened more than its
	// median has grown.
	lo := func(c int) float64 {
		x := math.Inf(1)
		for w := range W {
			x = math.Min(x, median(w, c)*math.Exp(-spanZ*sigma(w)))
		}
		return x
	}
	hi := func(c int) float64 {
		x := 0.0
		for w := range W {
			x = math.Max(x, median(w, c)*math.Exp(spanZ*sigma(w)))
		}
		return x
	}
	if want := median(W-1, 0) * math.Exp(-spanZ*sigma(W-1)); lo(0) != want {
		t.Fatalf("the lowest week is not the last: the case is not the one meant")
	}
	if len(res.Representative) != K {
		t.Fatalf("%d representative weeks, want %d", len(res.Representative), K)
	}
	xs, ys := make([][]float64, 2), make([][]float64, 2)
	for i, rw := range res.Representative {
		v := []float64{lo(0) + float64(i)/(K-1)*(hi(0)-lo(0)), lo(1) + float64(i)/(K-1)*(hi(1)-lo(1))}
		for c := range v {
			if !near(rw.Volumes[c], v[c]) {
				t.Errorf("representative week %d %s: %v contacts, want %v", i, res.Channels[c], rw.Volumes[c], v[c])
			}
		}
		for g := range 2 {
			if !near(rw.Workload[g], workload(g, v)) || !near(rw.Hours[g], hours(g, v)) {
				t.Errorf("representative week %d %s: workload %v and %v h, want %v and %v", i, res.Groups[g].Name,
					rw.Workload[g], rw.Hours[g], workload(g, v), hours(g, v))
			}
			xs[g] = append(xs[g], workload(g, v))
			ys[g] = append(ys[g], hours(g, v))
		}
	}
	zBand := distuv.UnitNormal.Quantile(0.9)
	for g, gr := range res.Groups {
		mean, top := 0.0, 0.0
		for w := range W {
			v := []float64{median(w, 0), median(w, 1)}
			x := workload(g, v)
			if !near(gr.Workload[w], x) {
				t.Errorf("%s week %d: workload %v, want %v", gr.Name, w+1, gr.Workload[w], x)
			}
			want := Band{Low: interpolate(xs[g], ys[g], x*math.Exp(-zBand*sigma(w))), Mid: interpolate(xs[g], ys[g], x),
				High: interpolate(xs[g], ys[g], x*math.Exp(zBand*sigma(w)))}
			if got := gr.Requirement[w]; !near(got.Low, want.Low) || !near(got.Mid, want.Mid) || !near(got.High, want.High) {
				t.Errorf("%s week %d: requirement %+v, want %+v", gr.Name, w+1, got, want)
			}
			planned := hours(g, v)
			if !near(res.Shortcut.Planned[g][w], planned) || !near(res.Shortcut.Interpolated[g][w], want.Mid) {
				t.Errorf("%s week %d: shortcut planned %v and interpolated %v, want %v and %v", gr.Name, w+1,
					res.Shortcut.Planned[g][w], res.Shortcut.Interpolated[g][w], planned, want.Mid)
			}
			e := math.Abs(want.Mid-planned) / planned
			mean += e / W
			top = math.Max(top, e)
		}
		if !near(res.Shortcut.MeanAbs[g], mean) || !near(res.Shortcut.MaxAbs[g], top) {
			t.Errorf("%s: shortcut error mean %v largest %v, want %v and %v", gr.Name, res.Shortcut.MeanAbs[g], res.Shortcut.MaxAbs[g], mean, top)
		}
		// A step function read off a line through three of its points
		// cannot be exact everywhere: the comparison must see an error.
		if top == 0 {
			t.Errorf("%s: no shortcut error at all; the case does not test the comparison", gr.Name)
		}
	}
}

// TestPlanSupplyAndCost checks what Plan decides for planInput against
// the rules it must keep: each week's expected productive hours plus the
// flexible hours booked (and any hours short) reach the target, which
// lies above the requirement's 90th percentile at a 10% risk; classes
// start no sooner than the lead time, on the weeks hiring allows, within
// the class limits and early enough to finish training; overtime and
// outsourcing stay within their limits; voice, which loses nobody, has
// exactly its 12 people less the one transferred plus its hires, each
// hire at 0 output in training, half in the week after and full then;
// every cost adds up (by kind to the week's total, weeks to the group's,
// and the plan's cost at or above its lower bound, the gap their
// distance); and the risks are consistent (the center is short when any
// group is, a week's risk is within the risk of some short week).
func TestPlanSupplyAndCost(t *testing.T) {
	in := planInput()
	res, err := Plan(context.Background(), planModel(), in, Options{Planner: newStepPlanner().plan})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shortcut != nil {
		t.Error("a shortcut comparison without EveryWeek")
	}
	if res.CheckSeed != res.Seed+1 || res.Seed != 5 || res.Paths != 100 || res.Scope != EachWeek || res.Risk != DefaultRisk {
		t.Errorf("seed %d, check seed %d, %d paths, scope %v, risk %v", res.Seed, res.CheckSeed, res.Paths, res.Scope, res.Risk)
	}
	if res.Name != "test" || res.Scenario != "test day" || res.Currency != "EUR" || res.FTEHours != DefaultFTEHours {
		t.Errorf("name %q, scenario %q, currency %q, FTE hours %v", res.Name, res.Scenario, res.Currency, res.FTEHours)
	}
	const W = 12
	zTarget := distuv.UnitNormal.Quantile(1 - DecisionRisk(DefaultRisk, 100))
	met := true
	center := make([]float64, W)
	for _, gr := range res.Groups {
		var g Group
		for _, x := range in.Groups {
			if x.Name == gr.Name {
				g = x
			}
		}
		h := g.Hiring
		met = met && gr.Met
		var sum Cost
		for w := range W {
			req := gr.Requirement[w]
			if !(req.Low <= req.Mid && req.Mid <= req.High && gr.SupplyBand[w].Low <= gr.SupplyBand[w].Mid && gr.SupplyBand[w].Mid <= gr.SupplyBand[w].High) {
				t.Errorf("%s week %d: bands out of order: requirement %+v, supply %+v", gr.Name, w+1, req, gr.SupplyBand[w])
			}
			// The decision level (5.07% on 100 paths) puts the target at
			// z = 1.64 at least, above the band's 1.28.
			if gr.Target[w] < req.High {
				t.Errorf("%s week %d: target %.1f below the requirement's 90th percentile %.1f (z for the target %.2f)", gr.Name, w+1, gr.Target[w], req.High, zTarget)
			}
			if got := gr.Supply.Productive[w] + gr.Overtime[w] + gr.Outsourced[w] + gr.Short[w]; got < gr.Target[w]-1e-6 {
				t.Errorf("%s week %d: %.2f hours for a target of %.2f", gr.Name, w+1, got, gr.Target[w])
			}
			if gr.Overtime[w] > g.Overtime.Max*gr.Supply.AtWork[w]+1e-6 || gr.Outsourced[w] > g.Outsourcing.Max+1e-6 {
				t.Errorf("%s week %d: overtime %.2f (limit %.2f) or outsourcing %.2f (limit %v)", gr.Name, w+1,
					gr.Overtime[w], g.Overtime.Max*gr.Supply.AtWork[w], gr.Outsourced[w], g.Outsourcing.Max)
			}
			if decided := gr.Hires[w] - gr.Planned[w]; decided > 0 {
				every := max(h.Every, 1)
				if w < h.Lead || (w-h.Lead)%every != 0 || w+h.Training >= W || decided < h.MinClass || decided > h.MaxClass {
					t.Errorf("%s: a class of %d in week %d (lead %d, every %d, training %d, class %d to %d)", gr.Name, decided, w+1, h.Lead, every, h.Training, h.MinClass, h.MaxClass)
				}
			}
			c := gr.Cost[w]
			want := Cost{Salaries: gr.Supply.Salary[w], Hiring: float64(gr.Hires[w]) * (h.CostPerHire + h.TrainingCost),
				Overtime: gr.Overtime[w] * g.Overtime.HourlyCost, Outsourcing: gr.Outsourced[w] * g.Outsourcing.HourlyCost}
			if !near(c.Salaries, want.Salaries) || !near(c.Hiring, want.Hiring) || !near(c.Overtime, want.Overtime) || !near(c.Outsourcing, want.Outsourcing) {
				t.Errorf("%s week %d: cost %+v, want %+v", gr.Name, w+1, c, want)
			}
			if !near(c.Total(), c.Salaries+c.Hiring+c.Overtime+c.Outsourcing) {
				t.Errorf("%s week %d: total %v is not the sum of %+v", gr.Name, w+1, c.Total(), c)
			}
			sum.Salaries += c.Salaries
			sum.Hiring += c.Hiring
			sum.Overtime += c.Overtime
			sum.Outsourcing += c.Outsourcing
			if gr.Risk[w] > gr.AnyWeek+1e-12 || res.CenterRisk[w] < gr.Risk[w]-1e-12 {
				t.Errorf("%s week %d: risk %v, in some week %v, the center's %v", gr.Name, w+1, gr.Risk[w], gr.AnyWeek, res.CenterRisk[w])
			}
			center[w] += gr.Risk[w]
		}
		total := gr.TotalCost()
		if !near(total.Salaries, sum.Salaries) || !near(total.Hiring, sum.Hiring) || !near(total.Overtime, sum.Overtime) || !near(total.Outsourcing, sum.Outsourcing) {
			t.Errorf("%s: total cost %+v, the weeks sum to %+v", gr.Name, total, sum)
		}
		if gr.LowerBound <= 0 || gr.LowerBound > total.Total()*(1+1e-9) || !near(gr.Gap, (total.Total()-gr.LowerBound)/gr.LowerBound) {
			t.Errorf("%s: cost %.2f, lower bound %.2f, gap %v", gr.Name, total.Total(), gr.LowerBound, gr.Gap)
		}
		if gr.Met && slices.ContainsFunc(gr.Short, func(v float64) bool { return v > shortTolerance }) {
			t.Errorf("%s: holds the risk with hours short %v", gr.Name, gr.Short)
		}
		if gr.Iterations < 1 {
			t.Errorf("%s: %d solves", gr.Name, gr.Iterations)
		}
		if res.CenterAnyWeek < gr.AnyWeek {
			t.Errorf("%s: short in some week on %v of the paths, the center on %v", gr.Name, gr.AnyWeek, res.CenterAnyWeek)
		}
	}
	if res.Met != met {
		t.Errorf("plan met %v, its groups %v", res.Met, met)
	}
	for w := range W {
		if res.CenterRisk[w] > center[w]+1e-12 || res.CenterRisk[w] > res.CenterAnyWeek {
			t.Errorf("week %d: the center's risk %v beyond its groups' sum %v or its any-week risk %v", w+1, res.CenterRisk[w], center[w], res.CenterAnyWeek)
		}
	}

	// Voice by hand: nobody leaves; one agent moves out at the start of
	// week 3; hires train a week, work at half speed the next, then fully.
	voice := res.Groups[0]
	prodOf := []float64{0, 0.5}
	for w := range W {
		people, productive := 12.0, 12.0
		if w >= 2 {
			people, productive = 11, 11
		}
		for s := 0; s <= w; s++ {
			people += float64(voice.Hires[s])
			p := 1.0
			if w-s < len(prodOf) {
				p = prodOf[w-s]
			}
			productive += float64(voice.Hires[s]) * p
		}
		if !near(voice.Supply.People[w], people) || !near(voice.Supply.Productive[w], 40*productive) || !near(voice.Cost[w].Salaries, people*40*20) {
			t.Errorf("voice week %d: %v people, %v productive hours, salaries %v; want %v, %v, %v", w+1,
				voice.Supply.People[w], voice.Supply.Productive[w], voice.Cost[w].Salaries, people, 40*productive, people*40*20)
		}
	}
	digital := res.Groups[1]
	if digital.Planned[1] != 2 || digital.Hires[1] < 2 {
		t.Errorf("digital's planned class of 2 in week 2: planned %v, hires %v", digital.Planned, digital.Hires)
	}
}

// TestPlanDeterministic plans the same input twice, and with the groups
// given in the other order: the plans must be identical (the paths are
// seeded, and each group's draws are keyed by its place in the
// scenario, not in the input). Plan must change neither the model nor
// the input, and its progress must rise to 1 without going back.
func TestPlanDeterministic(t *testing.T) {
	m := planModel()
	var done []float64
	opts := Options{Planner: newStepPlanner().plan, Progress: func(x float64) { done = append(done, x) }}
	in := planInput()
	a, err := Plan(context.Background(), m, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, planInput()) || !reflect.DeepEqual(m, planModel()) {
		t.Error("Plan changed its input or its model")
	}
	if len(done) == 0 || done[len(done)-1] != 1 || !slices.IsSorted(done) || done[0] < 0 {
		t.Errorf("progress %v: want a rise to 1", done)
	}
	swapped := planInput()
	slices.Reverse(swapped.Groups)
	for i, in := range []*Input{planInput(), swapped} {
		b, err := Plan(context.Background(), planModel(), in, Options{Planner: newStepPlanner().plan})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("plan %d differs from the first", i+1)
		}
	}
}

// TestPlanRequirementShapes covers the requirement's two special cases
// through Plan: a forecast with no spread (no growth, no error) has a
// single volume level, planned once, and every week requires its hours;
// and a planner whose answer falls as the volume rises (the local search
// of a real plan ends an agent lower now and then) has the falling
// points pooled to their mean, so that the requirement never falls as
// work grows, while the representative weeks keep what was planned.
func TestPlanRequirementShapes(t *testing.T) {
	t.Run("flat", func(t *testing.T) {
		in := planInput()
		in.Volume = Volume{ErrorSet: true}
		sp := newStepPlanner()
		res, err := Plan(context.Background(), planModel(), in, Options{Planner: sp.plan})
		if err != nil {
			t.Fatal(err)
		}
		if sp.calls != 1 || len(res.Representative) != 1 {
			t.Fatalf("%d planner calls and %d representative weeks for a flat forecast, want 1", sp.calls, len(res.Representative))
		}
		for g, want := range []float64{stepHours(100, 10) * 5 * 1.1, stepHours(50, 5) * 5 * 1.1} {
			for w, r := range res.Groups[g].Requirement {
				if !near(r.Low, want) || !near(r.Mid, want) || !near(r.High, want) {
					t.Fatalf("%s week %d: requirement %+v, want %v", res.Groups[g].Name, w+1, r, want)
				}
			}
		}
	})
	t.Run("falling", func(t *testing.T) {
		in := planInput()
		in.Volume.Errors = slices.Repeat([]float64{0.05}, in.Weeks)
		// The middle week's voice answer drops to 20 hours a day, below
		// the lowest week's 80: the two are pooled to their mean, which
		// the highest week stays above.
		sp := newStepPlanner()
		call := 0
		sp.answer = func(h map[string]float64) {
			if call++; call == 2 {
				h["voice"] = stepHours(50, 10) - 20
			}
		}
		res, err := Plan(context.Background(), planModel(), in, Options{Planner: sp.plan})
		if err != nil {
			t.Fatal(err)
		}
		var got []float64
		for _, rw := range res.Representative {
			got = append(got, rw.Hours[0])
		}
		if !(got[1] < got[0]) {
			t.Fatalf("representative hours %v: the middle week should keep its lower answer", got)
		}
		pooled := (got[0] + got[1]) / 2
		if !(got[2] > pooled) {
			t.Fatalf("representative hours %v: the highest week should stay above the pooled pair", got)
		}
		voice := res.Groups[0]
		for w := range in.Weeks {
			if r := voice.Requirement[w]; r.Low > r.Mid+1e-9 || r.Mid > r.High+1e-9 {
				t.Errorf("week %d: requirement %+v falls as work grows", w+1, r)
			}
			if res.VolumeError[w] != 0.05 {
				t.Errorf("week %d: error %v, want the given 0.05", w+1, res.VolumeError[w])
			}
		}
		// Week 1's forecast lies between the two lowest representative
		// weeks, on the pooled level.
		if !near(voice.Requirement[0].Mid, pooled) {
			t.Errorf("week 1: requirement %v, want the pooled %v (points %v)", voice.Requirement[0].Mid, pooled, got)
		}
	})
}

// TestMonotone checks the pooling of adjacent violators on points worked
// by hand: a dip is pooled with the point before it, a pooled block that
// is still above the next point absorbs it too, and points already
// rising are kept. Workloads never change.
func TestMonotone(t *testing.T) {
	for _, c := range []struct {
		name     string
		in, want []float64
	}{
		{"rising", []float64{1, 2, 2, 5}, []float64{1, 2, 2, 5}},
		{"one dip", []float64{10, 14, 12, 20}, []float64{10, 13, 13, 20}},
		{"falling", []float64{5, 4, 3}, []float64{4, 4, 4}},
		{"a block absorbs the next", []float64{1, 10, 6, 2}, []float64{1, 6, 6, 6}},
	} {
		pts := make([][2]float64, len(c.in))
		for i, y := range c.in {
			pts[i] = [2]float64{float64(i), y}
		}
		got := monotone(pts)
		for i := range got {
			if got[i][0] != float64(i) || !near(got[i][1], c.want[i]) {
				t.Errorf("%s: %v, want hours %v", c.name, got, c.want)
				break
			}
		}
		if pts[1][1] != c.in[1] {
			t.Errorf("%s: monotone changed its argument", c.name)
		}
	}
}

// TestRequirementAt reads the requirement between, beyond and at
// representative weeks worked by hand: (10, 100), (20, 150), (30, 170).
// Below the first the first segment extends down to no hours at all,
// never fewer; above the last the last segment extends. Points of one
// workload (a flat forecast) give their hours everywhere.
func TestRequirementAt(t *testing.T) {
	r := &requirement{points: [][][2]float64{{{10, 100}, {20, 150}, {30, 170}}, {{10, 100}, {10, 120}},
		{{10, 100}, {20, 150}, {20, 160}}, {{10, 100}, {10, 110}, {20, 150}}}}
	for _, c := range []struct {
		g       int
		x, want float64
	}{
		{0, 10, 100}, {0, 15, 125}, {0, 20, 150}, {0, 25, 160}, {0, 30, 170},
		{0, 40, 190}, {0, 5, 75}, {0, -100, 0},
		{1, 0, 120}, {1, 50, 120},
		// Two weeks of one workload at an end: the line stops at the
		// later one's hours rather than dividing by zero.
		{2, 25, 160}, {3, 5, 110},
	} {
		if got := r.at(c.g, c.x); !near(got, c.want) {
			t.Errorf("group %d at %v: %v, want %v", c.g, c.x, got, c.want)
		}
	}
}

// TestPlanErrors checks that Plan refuses what it cannot plan, with a
// message that names the group, channel or figure at fault: mistakes of
// the input (or of the scenario against the input) as an InputError, so
// that the command exits 2; a broken model, a missing planner or a
// planner's failure (passed on as it came) otherwise.
func TestPlanErrors(t *testing.T) {
	failed := errors.New("the week planner failed")
	for _, c := range []struct {
		name      string
		nilModel  bool
		nilInput  bool
		model     func(m *sim.Model)
		input     func(in *Input)
		planner   func(sp *stepPlanner)
		noPlanner bool
		cancel    bool
		want      string
		inputErr  bool
		is        error
	}{
		{name: "no model", nilModel: true, want: "capacity: no model or no input"},
		{name: "no input", nilInput: true, want: "capacity: no model or no input"},
		{name: "broken model", model: func(m *sim.Model) { m.Groups[0].Staff = nil }, want: `capacity: sim: group "voice": 0 staffing values`},
		{name: "invalid input", input: func(in *Input) { in.Paths = 10 }, want: "capacity: paths 10", inputErr: true},
		{name: "a group without supply", input: func(in *Input) { in.Groups, in.Transfers = in.Groups[:1], nil },
			want: "group voice of the scenario has no supply in the capacity input", inputErr: true},
		// The outsourcer is paid per contact: it is not staffed, so
		// giving it a supply is a mistake.
		{name: "an unlimited group given a supply", input: func(in *Input) {
			g := in.Groups[1]
			g.Name = "outsourcer"
			in.Groups = append(in.Groups, g)
		}, want: "group outsourcer is not a planned group of the scenario", inputErr: true},
		{name: "replayed arrivals", model: func(m *sim.Model) { m.Channels[1].Arrivals = sim.Arrivals{Counts: make([]int, m.Intervals)} },
			want: "channel callback replays recorded arrivals", inputErr: true},
		{name: "volume of no channel", input: func(in *Input) { in.Volume.Channels = []ChannelVolume{{Name: "email", Base: 10}} },
			want: `volume of channel "email": the scenario has no such channel`, inputErr: true},
		{name: "volume of a channel without arrivals", input: func(in *Input) { in.Volume.Channels = []ChannelVolume{{Name: "escalation", Base: 10}} },
			want: "volume of channel escalation: the scenario gives it no arrivals of its own", inputErr: true},
		{name: "no arrivals", model: func(m *sim.Model) {
			for c := range m.Channels {
				clear(m.Channels[c].Arrivals.Rates)
			}
		}, want: "the scenario has no arrivals to plan for", inputErr: true},
		// 24 intervals of 7 hours: a week, which is not a weekday.
		{name: "a week as five days", model: func(m *sim.Model) { m.IntervalSeconds = 7 * 3600 },
			want: "the scenario is a week: days per week must be 7, not 5", inputErr: true},
		{name: "a day and a half", model: func(m *sim.Model) { m.IntervalSeconds = 5400 }, want: "the scenario's horizon is 1.5 days", inputErr: true},
		{name: "no planner", noPlanner: true, want: "capacity: no planner for the representative weeks"},
		{name: "the planner fails", planner: func(sp *stepPlanner) { sp.err = failed }, want: failed.Error(), is: failed},
		{name: "the planner leaves a group out", planner: func(sp *stepPlanner) { sp.answer = func(h map[string]float64) { delete(h, "digital") } },
			want: "the planner gives no paid hours for group digital"},
		{name: "the planner gives no number", planner: func(sp *stepPlanner) { sp.answer = func(h map[string]float64) { h["voice"] = math.NaN() } },
			want: "the planner gives no paid hours for group voice"},
		{name: "the planner gives negative hours", planner: func(sp *stepPlanner) { sp.answer = func(h map[string]float64) { h["voice"] = -1 } },
			want: "the planner gives no paid hours for group voice"},
		// Voice loses nobody: 12 are there in week 3, not 13.
		{name: "a transfer of more than are left", input: func(in *Input) { in.Transfers[0].People = 13 },
			want: "transfer of 13 people from voice in week 3: only 12.0", inputErr: true},
		{name: "cancelled", cancel: true, want: context.Canceled.Error(), is: context.Canceled},
	} {
		m, in := planModel(), planInput()
		if c.model != nil {
			c.model(m)
		}
		if c.input != nil {
			c.input(in)
		}
		sp := newStepPlanner()
		if c.planner != nil {
			c.planner(sp)
		}
		opts := Options{Planner: sp.plan}
		if c.noPlanner {
			opts.Planner = nil
		}
		if c.nilModel {
			m = nil
		}
		if c.nilInput {
			in = nil
		}
		ctx, cancel := context.WithCancel(context.Background())
		if c.cancel {
			cancel()
		}
		res, err := Plan(ctx, m, in, opts)
		cancel()
		if err == nil || res != nil {
			t.Errorf("%s: a plan and error %v", c.name, err)
			continue
		}
		var ie *InputError
		if !strings.Contains(err.Error(), c.want) || errors.As(err, &ie) != c.inputErr || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("%s: %q (an input error: %v), want %q (%v)", c.name, err, errors.As(err, &ie), c.want, c.inputErr)
		}
		if ie != nil && !errors.Is(err, ie.Unwrap()) {
			t.Errorf("%s: an input error that does not unwrap", c.name)
		}
	}
}

// TestWorkloadReach checks which arriving contacts count in a group's
// workload: those of the channels it takes, of channels whose contacts
// reach them by a flow (planModel's escalations) or by a switch of
// waiting customers, and, for a group that no arriving contact reaches,
// the whole center's. A phone contact weighs 0.1 h, a callback 0.2 h.
func TestWorkloadReach(t *testing.T) {
	for _, c := range []struct {
		name  string
		model func(m *sim.Model)
		want  [2][2]bool // voice, digital by phone, callback
	}{
		{"by a flow", func(*sim.Model) {}, [2][2]bool{{true, false}, {true, true}}},
		{"by a switch", func(m *sim.Model) {
			m.Flows = nil
			m.Channels[0].Switch = &sim.Switch{Threshold: 60, Share: 0.5, To: 1}
		}, [2][2]bool{{true, false}, {true, true}}},
		{"not at all", func(m *sim.Model) { m.Flows, m.Channels[1].Switch = nil, nil }, [2][2]bool{{true, false}, {false, true}}},
		{"no arriving contact", func(m *sim.Model) {
			m.Flows = nil
			m.Groups[2].Skills = []sim.Skill{{Channel: 2}}
		}, [2][2]bool{{true, false}, {true, true}}},
	} {
		m := planModel()
		c.model(m)
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		in := planInput().withDefaults()
		vol, err := newVolumes(m, &in)
		if err != nil {
			t.Fatal(err)
		}
		r := newRequirement(m, vol)
		v := []float64{1000, 100}
		for g, name := range []string{"voice", "digital"} {
			want := 0.0
			for k, w := range []float64{0.1, 0.2} {
				if c.want[g][k] {
					want += v[k] * w
				}
			}
			if got := r.workload(g, v); !near(got, want) {
				t.Errorf("%s: %s's workload %v, want %v", c.name, name, got, want)
			}
		}
	}
}
