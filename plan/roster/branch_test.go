package roster

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// bruteCover is the least cost of whole agents on shifts that cover
// need, by enumerating every count vector up to the largest need (an
// independent method: no relaxation, no search order).
func bruteCover(covers [][]float64, costs, need []float64) float64 {
	top := 0
	for _, v := range need {
		top = max(top, int(math.Ceil(v)))
	}
	best := math.Inf(1)
	count := make([]int, len(covers))
	cover := make([]float64, len(need))
	var rec func(j int, cost float64)
	rec = func(j int, cost float64) {
		if cost >= best {
			return
		}
		if j == len(covers) {
			for i, v := range need {
				if cover[i] < v-1e-9 {
					return
				}
			}
			best = cost
			return
		}
		for k := 0; k <= top; k++ {
			count[j] = k
			rec(j+1, cost+float64(k)*costs[j])
			for i, v := range covers[j] {
				cover[i] += v
			}
		}
		for i, v := range covers[j] {
			cover[i] -= float64(top+1) * v
		}
		count[j] = 0
	}
	rec(0, 0)
	return best
}

// TestBranchMatchesEnumeration: on small cyclic days (six four-hour
// intervals, shifts of eight and twelve hours at every interval, the
// long one with a fixed break in its middle) the cover branch and bound
// returns costs what enumerating every whole cover finds least, when it
// starts from the relaxation rounded up (these programs stay far within its work bound,
// so the search is complete over the relaxation's shifts, which here are
// every shift there is).
func TestBranchMatchesEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 16))
	h := horizon{L: 14400, n: 6, days: 1}
	var starts []float64
	for s := 0.0; s < 86400; s += 14400 {
		starts = append(starts, s)
	}
	tm := []*sim.ShiftTemplate{
		{Name: "eight", Length: 8 * 3600, Starts: starts},
		{Name: "twelve", Length: 12 * 3600, Starts: starts,
			Breaks: []sim.BreakRule{{Name: "b", Length: 14400, Earliest: 14400, Latest: 14400}}},
	}
	improved := 0
	for trial := range 40 {
		need := make([]float64, h.n)
		for i := range need {
			need[i] = float64(rng.IntN(5))
		}
		c := newCoverer(h, need, tm, []float64{1.0 / 3600, 1.0 / 3600})
		rel, err := c.relax(context.Background(), need, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := 0.0
		if len(rel.cands) > 0 {
			// Start the search from the relaxation rounded up, a cover
			// that is rarely the cheapest.
			byKey := map[string]*chosen{}
			get := func(cand candidate) *chosen {
				if ch, ok := byKey[cand.key()]; ok {
					return ch
				}
				ch := &chosen{cand: cand, cover: make([]float64, h.n)}
				c.coverOf(cand, ch.cover, 1)
				byKey[cand.key()] = ch
				return ch
			}
			var start []*chosen
			for j, v := range rel.y {
				if n := int(math.Ceil(v - 1e-9)); n > 0 {
					ch := get(rel.cands[j])
					ch.count = n
					start = append(start, ch)
				}
			}
			rounded := c.total(start)
			chosen, err := c.branch(context.Background(), rel.cands, start, get)
			if err != nil {
				t.Fatal(err)
			}
			cover := make([]float64, h.n)
			for _, ch := range chosen {
				got += float64(ch.count) * c.cost(ch.cand.tmpl)
				for i, v := range ch.cover {
					cover[i] += float64(ch.count) * v
				}
			}
			for i, v := range need {
				if cover[i] < v-1e-9 {
					t.Fatalf("trial %d: interval %d covered %v, need %v", trial, i, cover[i], v)
				}
			}
			if rounded > got+1e-6 {
				improved++
			}
		}
		var covers [][]float64
		var costs []float64
		for _, s := range c.starts {
			s.at = []float64{}
			if len(tm[s.tmpl].Breaks) > 0 {
				s.at = []float64{14400}
			}
			cv := make([]float64, h.n)
			c.coverOf(s, cv, 1)
			covers = append(covers, cv)
			costs = append(costs, c.cost(s.tmpl))
		}
		want := bruteCover(covers, costs, need)
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("trial %d, need %v: branch and bound costs %v, enumeration %v", trial, need, got, want)
		}
	}
	t.Logf("the search improved on the rounded relaxation in %d of 40 days", improved)
	if improved == 0 {
		t.Error("no day where rounding up was not already optimal: the test shows nothing")
	}
}

// TestSolveStopsWhenCancelled: a week of quarter-hours (a program of 672
// rows that takes minutes on a loaded machine) cancelled a tenth of a
// second in returns the context's error, not a roster. The 30 seconds
// are not a timing claim, only what tells a stop from a run to the end.
func TestSolveStopsWhenCancelled(t *testing.T) {
	n := 7 * 96
	need := make([]float64, n)
	for i := range need {
		hour := float64(i%96) / 4
		need[i] = math.Round(60+50*math.Sin((hour-6)/24*2*math.Pi)) / 0.7
	}
	var starts []float64
	for s := 0.0; s < 86400; s += 900 {
		starts = append(starts, s)
	}
	tm := []*sim.ShiftTemplate{{Name: "day", Length: 8.5 * 3600, Starts: starts,
		Breaks: []sim.BreakRule{
			{Name: "coffee", Length: 900, Earliest: 1.5 * 3600, Latest: 3 * 3600, Paid: true},
			{Name: "meal", Length: 1800, Earliest: 3.5 * 3600, Latest: 5 * 3600},
		}}}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := Solve(ctx, Problem{IntervalSeconds: 900, Days: 7, StartWeekday: 1, Need: need, Templates: tm, HourlyCost: 30})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the context's", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Solve did not stop within 30 s of its context's end")
	}
}
