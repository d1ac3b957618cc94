package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestAbsenceAgreesWithBinomialErlang: with each of N scheduled agents
// absent for the day with probability p, a replication of one day is an
// M/M/k queue with k ~ Binomial(N, 1 − p) agents present, so the mean over
// replications of its service level and abandonment is the Erlang C (no
// patience) or Erlang A figure averaged over the binomial number present,
// summed exactly over it; and the mean number absent is N p. Each
// replication is a day of 8 hours, the first hour warm-up; the Erlang C
// cells keep the chance of an unstable day (k at most the load) below
// 1e-6, which the test checks. Tolerance: the grid's criterion
// (checkMixedGrid), with 1,000 replications a cell.
func TestAbsenceAgreesWithBinomialErlang(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the binomial-mixed Erlang grid")
	}
	const aht, thr, patience = 240.0, 20.0, 180.0
	var cells []mixedCell
	for _, c := range []struct {
		n        int
		p, load  float64
		patience float64
	}{
		{50, 0.05, 35, 0},
		{40, 0.06, 27, 0},
		{12, 0.15, 8, patience},
		{30, 0.1, 25, patience},
	} {
		m := mmnModel(c.load/aht, aht, c.n, c.patience, 16)
		m.Groups[0].Absence = c.p
		m.Replications = 1000
		m.Seed = uint64(c.n*1000) + uint64(c.p*100)
		name := fmt.Sprintf("N=%d p=%.2f a=%g", c.n, c.p, c.load)
		want := map[string]float64{
			"service level": binomialMixed(func(k int) float64 {
				sl, _ := queueFigures(k, c.load, aht, c.patience, thr)
				return sl
			}, c.n, 1-c.p),
			"absent agents": float64(c.n) * c.p,
		}
		plainSL, plainAb := queueFigures(c.n, c.load, aht, c.patience, thr)
		plain := map[string]float64{"service level": plainSL, "absent agents": 0}
		if c.patience > 0 {
			want["abandonment"] = binomialMixed(func(k int) float64 {
				_, ab := queueFigures(k, c.load, aht, c.patience, thr)
				return ab
			}, c.n, 1-c.p)
			plain["abandonment"] = plainAb
		} else if p := (distuv.Binomial{N: float64(c.n), P: 1 - c.p}).CDF(math.Floor(c.load)); p > 1e-6 {
			t.Fatalf("%s: chance of an unstable day %.3g: the Erlang C mixture does not apply", name, p)
		}
		cells = append(cells, mixedCell{name: name, m: m, warm: 2, want: want, plain: plain,
			res: map[string]float64{"absent agents": 1.0 / float64(m.Replications)},
			measure: func(e *engine, x *tally) map[string]float64 {
				v := slMeasures(e, x)
				if c.patience == 0 {
					delete(v, "abandonment")
				}
				v["absent agents"] = e.groups[0].absent[2] / e.ilen
				return v
			}})
	}
	checkMixedGrid(t, cells)
}

// TestAbsenceKeepsTheDay checks how absence is laid over a day whose
// staffing changes: an agent absent is absent all day, so the agents
// present never exceed the staffing, a rise of the staffing adds only
// agents who came in (never brings back one absent), and the draw is
// the same in every interval of the same level; and it changes from day
// to day.
func TestAbsenceKeepsTheDay(t *testing.T) {
	staff := []int{2, 5, 9, 9, 5, 2}
	n := len(staff) * 4 // four days of six 4-hour intervals
	m := mmnModel(0.01, 240, 1, 0, n)
	m.IntervalSeconds = 4 * 3600
	m.Groups[0].Staff = repeat(0, n)
	for i := range n {
		m.Groups[0].Staff[i] = staff[i%len(staff)]
	}
	m.Groups[0].Absence = 0.3
	differ := false
	for rep := range 20 {
		e := newEngine(t.Context(), m, rep)
		present := e.pools[0].staff
		for d := range 4 {
			day := present[d*6 : d*6+6]
			for i, k := range day {
				if k > staff[i] || k < 0 {
					t.Fatalf("rep %d day %d: %d present of %d", rep, d, k, staff[i])
				}
				if got := e.groups[0].absent[d*6+i] / e.ilen; got != float64(staff[i]-k) {
					t.Fatalf("rep %d day %d interval %d: %v absent, want %d", rep, d, i, got, staff[i]-k)
				}
			}
			// Equal levels, equal draws; more agents, at least as many
			// present and no more absent than the rise allows.
			if day[0] != day[5] || day[1] != day[4] || day[2] != day[3] {
				t.Fatalf("rep %d day %d: levels drawn twice: %v", rep, d, day)
			}
			if !(day[0] <= day[1] && day[1] <= day[2]) || day[1]-day[0] > 3 || day[2]-day[1] > 4 {
				t.Fatalf("rep %d day %d: present %v for staffing %v", rep, d, day, staff)
			}
			if d > 0 && present[d*6+2] != present[2] {
				differ = true
			}
		}
	}
	if !differ {
		t.Error("every day drew the same absences")
	}
}

// TestAdherence checks away spells: with no contacts, the agents on the
// floor are those present and not away, so over a long horizon the
// available hours are (1 − Away) of the staffed hours and the away
// metric Away × staff, each within its 99% interval over replications;
// and a run without adherence has them all available.
func TestAdherence(t *testing.T) {
	const staff, away, spell = 40, 0.12, 600.0
	m := mmnModel(0, 240, staff, 0, 96) // two days, no contacts
	m.Groups[0].Away = away
	m.Groups[0].AwaySpell = spell
	m.Replications = 30
	r := run(t, m)
	g := r.Groups[0].Total
	hours := float64(staff) * m.Horizon() / 3600
	avail, hw := g[AvailableHours].Mean, g[AvailableHours].HalfWidthAt(0.99)
	t.Logf("available %.1f ± %.1f hours of %.0f staffed (want %.1f); away %.2f ± %.2f agents (want %.2f)",
		avail, hw, hours, (1-away)*hours, g[Away].Mean, g[Away].HalfWidthAt(0.99), away*staff)
	if math.Abs(avail-(1-away)*hours) > hw {
		t.Errorf("available hours %.1f ± %.1f, want %.1f", avail, hw, (1-away)*hours)
	}
	if a := g[Away]; math.Abs(a.Mean-away*staff) > a.HalfWidthAt(0.99) {
		t.Errorf("away %.3f ± %.3f agents, want %.3f", a.Mean, a.HalfWidthAt(0.99), away*staff)
	}
	if math.Abs(g[Staff].Mean+g[Away].Mean-staff) > 1e-9 {
		t.Errorf("on the floor %.4f and away %.4f do not add up to the %d present", g[Staff].Mean, g[Away].Mean, staff)
	}
	// Spells last AwaySpell on average: with k away at a time on
	// average, spells begin at rate k / spell, so over the horizon about
	// k × horizon / spell of them; the variance of a replication's away
	// time shows the spell length too, but the mean alone is checked.
	m.Groups[0].Away = 0
	if got := run(t, m).Groups[0].Total[AvailableHours].Mean; got != hours {
		t.Errorf("without adherence, %v available hours, want %v", got, hours)
	}
}

// TestAdherenceSlowsService: agents away are not answering, so a loaded
// queue does worse with adherence than without, by about what Erlang A
// says of the agents left on average (a rough check: the away count
// varies, which lowers the service level further).
func TestAdherenceSlowsService(t *testing.T) {
	m := mmnModel(20.0/240, 240, 25, 180, 32)
	m.Replications = 20
	base := run(t, m).Channels[0].Total
	m.Groups[0].Away, m.Groups[0].AwaySpell = 0.12, 900
	with := run(t, m).Channels[0].Total
	slBase, slWith := base[ServiceLevel], with[ServiceLevel]
	t.Logf("service level %.3f ± %.3f without adherence, %.3f ± %.3f with 12%% away", slBase.Mean, slBase.HalfWidth, slWith.Mean, slWith.HalfWidth)
	if !(slWith.High() < slBase.Low()) {
		t.Errorf("12%% of agents away did not lower the service level: %.3f vs %.3f", slWith.Mean, slBase.Mean)
	}
	atMean, _ := queueFigures(22, 20, 240, 180, 20) // 25 × 0.88 agents on average
	if slWith.Mean > atMean+slWith.HalfWidth {
		t.Errorf("service level %.3f with agents away, above Erlang A's %.3f at their mean number", slWith.Mean, atMean)
	}
}
