package sim

import (
	"fmt"
	"math"
	"testing"
)

// TestProficiencyAgreesWithErlang: a group that takes f times as long on
// every contact of an M/M/n queue is M/M/n at load a f: its service level
// and abandonment are Erlang C's or A's there; a group with its own
// exponential handle time of mean h is M/M/n at load λ h. Each
// replication runs 20 relaxation times and at least 20,000 arrivals, the
// first and last tenths left out (the handle times of contacts still in
// service at the end are not known, which would bias the AHT down). Tolerance: the grid's criterion (checkMixedGrid),
// 30 replications a cell.
func TestProficiencyAgreesWithErlang(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the proficiency grid")
	}
	const aht, thr, patience = 240.0, 20.0, 180.0
	var cells []mixedCell
	for _, c := range []struct {
		n           int
		rho, factor float64
		own         bool
		patience    float64
	}{
		{10, 0.6, 1.3, false, 0},
		{40, 0.75, 1.2, false, patience},
		{10, 0.7, 0.8, true, 0},
		{25, 0.8, 1.15, true, patience},
	} {
		lambda := c.rho * float64(c.n) / aht
		load := c.rho * float64(c.n) * c.factor
		m := mmnModel(lambda, aht, c.n, c.patience, 100)
		m.IntervalSeconds = math.Max(20*relaxation(c.n, math.Min(0.97, load/float64(c.n)), c.patience), 20_000/lambda) / 100
		if c.own {
			own := Exp(aht * c.factor)
			m.Groups[0].Skills[0].Handle = &own
		} else {
			m.Groups[0].Skills[0].HandleFactor = c.factor
		}
		m.Replications = 30
		m.Seed = uint64(c.n) * 13
		sl, ab := queueFigures(c.n, load, aht*c.factor, c.patience, thr)
		plainSL, plainAb := queueFigures(c.n, c.rho*float64(c.n), aht, c.patience, thr)
		want := map[string]float64{"service level": sl, "AHT": aht * c.factor}
		plain := map[string]float64{"service level": plainSL, "AHT": aht}
		if c.patience > 0 {
			want["abandonment"], plain["abandonment"] = ab, plainAb
		}
		cells = append(cells, mixedCell{
			name: fmt.Sprintf("n=%d rho=%.2f factor=%.2f own=%v", c.n, c.rho, c.factor, c.own), m: m, warm: 10, cool: 10,
			want: want, plain: plain, res: map[string]float64{"AHT": 1e-9},
			measure: func(e *engine, x *tally) map[string]float64 {
				v := slMeasures(e, x)
				if c.patience == 0 {
					delete(v, "abandonment")
				}
				v["AHT"] = x.handleSum / float64(x.completed)
				return v
			}})
	}
	checkMixedGrid(t, cells)
}

// TestProficiencyByGroup: a senior and a new team on one queue handle its
// contacts at their own speed (the new team's wrap scaled too), each
// group's busy time per contact within its 99% interval of the channel's
// handle and wrap times its factor, and the channel's AHT between the
// two.
func TestProficiencyByGroup(t *testing.T) {
	m := mmnModel(0.1, 200, 0, 0, 32)
	m.Channels[0].Wrap = Const(40)
	m.Groups = []Group{
		{Name: "senior", Skills: []Skill{{Channel: 0, HandleFactor: 0.8}}, Staff: repeat(15, 32)},
		{Name: "new", Skills: []Skill{{Channel: 0, HandleFactor: 1.4}}, Staff: repeat(15, 32)},
	}
	m.Replications = 20
	r := run(t, m)
	for gi, f := range []float64{0.8, 1.4} {
		g := r.Groups[gi].Total
		per := g[BusyHours].Mean * 3600 / g[Handled].Mean
		// Busy time over handled is biased by contacts in hand at the end:
		// a few out of thousands; the tolerance is 3% of the mean.
		if want := 240 * f; math.Abs(per-want) > 0.03*want {
			t.Errorf("group %s: %.1f s of work per contact, want %.1f", r.Groups[gi].Name, per, want)
		}
	}
	aht := r.Channels[0].Total[AHT].Mean
	if !(aht > 240*0.8 && aht < 240*1.4) {
		t.Errorf("channel AHT %.1f not between the groups' %v and %v", aht, 240*0.8, 240*1.4)
	}
}
