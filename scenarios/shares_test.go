package scenarios

import (
	"context"
	"fmt"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestExampleSharesWithinBounds walks every example scenario over many
// seeds, one replication each (a replication's shares are the extremes
// their means lie between) and then with the file's own replications, and
// requires every share of every channel, class, total, span and group, in
// every interval and over the horizon, to lie within 0..1.
func TestExampleSharesWithinBounds(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 8
	}
	for _, f := range examples(t) {
		s, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for seed := 1; seed <= seeds+1; seed++ {
			m := s.Model.Clone()
			m.Seed = uint64(seed)
			if seed <= seeds {
				m.Replications = 1
			}
			perDay := int(86400 / m.IntervalSeconds)
			var spans []sim.Span
			for d := 0; d*perDay < m.Intervals; d++ {
				spans = append(spans, sim.Span{From: d * perDay, To: min(m.Intervals, (d+1)*perDay)})
			}
			r, err := sim.Run(context.Background(), m, sim.Options{Spans: spans})
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s seed %d (%d replications)", f, seed, m.Replications)
			for _, c := range r.Channels {
				checkShares(t, where+" "+c.Name, c.Series)
				for _, cl := range c.Classes {
					checkValues(t, where+" "+c.Name+"/"+cl.Name, cl.Total)
				}
			}
			checkShares(t, where+" all channels", r.Total)
			for _, sp := range r.Spans {
				checkValues(t, fmt.Sprintf("%s span %v", where, sp.Span), sp.Total)
				for rep, v := range sp.Replications {
					for k := range sim.NumMetrics {
						if sim.Metric(k).Unit() == sim.Share && (v[k] < 0 || v[k] > 1) {
							t.Errorf("%s span %v replication %d: %s = %v", where, sp.Span, rep, sim.Metric(k).Key(), v[k])
						}
					}
				}
			}
			for _, g := range append(r.Groups, r.AllGroups) {
				for i, v := range append(g.Intervals, g.Total) {
					if o := v[sim.Occupancy].Mean; o < 0 || o > 1+1e-12 {
						t.Errorf("%s group %s interval %d: occupancy %v", where, g.Name, i, o)
					}
				}
			}
		}
	}
}

func checkShares(t *testing.T, where string, s sim.Series) {
	t.Helper()
	for i, v := range s.Intervals {
		checkValues(t, fmt.Sprintf("%s interval %d", where, i), v)
	}
	checkValues(t, where+" total", s.Total)
}

func checkValues(t *testing.T, where string, v sim.Values) {
	t.Helper()
	for k := range sim.NumMetrics {
		if m := sim.Metric(k); m.Unit() == sim.Share && (v[k].Mean < 0 || v[k].Mean > 1) {
			t.Errorf("%s: %s = %v", where, m.Key(), v[k].Mean)
		}
	}
}
