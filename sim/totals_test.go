package sim

import (
	"context"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

// sameStat reports whether two stats are equal, NaN matching NaN.
func sameStat(a, b Stat) bool {
	eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return eq(a.Mean, b.Mean) && eq(a.HalfWidth, b.HalfWidth) && eq(a.SD, b.SD) && a.N == b.N
}

// TestAllGroupsOfOneGroup checks that with one group the all-groups
// figures are that group's, bit for bit, so that outputs which used the
// group's figures do not move.
func TestAllGroupsOfOneGroup(t *testing.T) {
	m := mmnModel(0.1, 240, 28, 180, 8)
	m.Replications = 5
	r, err := Run(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, all := &r.Groups[0], &r.AllGroups
	if all.Name != "all groups" || len(all.Intervals) != m.Intervals {
		t.Fatalf("all groups: %q, %d intervals", all.Name, len(all.Intervals))
	}
	for k := range NumGroupMetrics {
		if !sameStat(all.Total[k], g.Total[k]) {
			t.Errorf("%s over the horizon: %+v, the group's %+v", GroupMetric(k).Key(), all.Total[k], g.Total[k])
		}
		for i := range m.Intervals {
			if !sameStat(all.Intervals[i][k], g.Intervals[i][k]) {
				t.Errorf("%s in interval %d: %+v, the group's %+v", GroupMetric(k).Key(), i, all.Intervals[i][k], g.Intervals[i][k])
			}
		}
	}
}

// TestAllGroupsPerReplication checks the all-groups figures of a model
// with three groups (one of them an unlimited outsourcer) against each
// replication simulated alone: every figure is the groups' sum in each
// replication (occupancy the ratio of the sums), then the mean and
// standard deviation over replications. The tolerance, 1e-12 relative,
// covers the different order of the floating-point sums only.
func TestAllGroupsPerReplication(t *testing.T) {
	m := richModel()
	m.Replications = 6
	r, err := Run(context.Background(), m, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	lay := newLayout(m, nil)
	n := m.Intervals
	per := make([][]float64, NumGroupMetrics) // metric -> one value per replication (horizon)
	perIv := make([][]float64, NumGroupMetrics)
	const iv = 6 // the interval whose staff drops sharply
	for rep := range m.Replications {
		v := lay.values(runRep(t, m, rep))
		sum := func(off func(g int) int, k GroupMetric) float64 {
			s := 0.0
			for g := range m.Groups {
				s += v[off(g)+int(k)]
			}
			return s
		}
		for _, c := range []struct {
			dst    [][]float64
			off    func(g int) int
			length float64
		}{
			{per, func(g int) int { return lay.grTot + g*NumGroupMetrics }, m.Horizon()},
			{perIv, func(g int) int { return lay.grIv + (g*n+iv)*NumGroupMetrics }, m.IntervalSeconds},
		} {
			busy, avail := sum(c.off, BusyHours), sum(c.off, AvailableHours)
			for k := range NumGroupMetrics {
				x := sum(c.off, GroupMetric(k))
				switch GroupMetric(k) {
				case Occupancy:
					x = busy / avail
				case Staff:
					x = avail * 3600 / c.length
				}
				c.dst[k] = append(c.dst[k], x)
			}
		}
	}
	check := func(where string, got Stat, xs []float64) {
		mean, sd := stat.MeanStdDev(xs, nil)
		if got.N != len(xs) || !scalar.EqualWithinRel(got.Mean, mean, 1e-12) || !scalar.EqualWithinAbsOrRel(got.SD, sd, 1e-12, 1e-9) ||
			!(got.HalfWidth >= 0) {
			t.Errorf("%s: %+v, replications give mean %v, SD %v over %d", where, got, mean, sd, len(xs))
		}
	}
	for k := range NumGroupMetrics {
		key := GroupMetric(k).Key()
		check(key+" over the horizon", r.AllGroups.Total[k], per[k])
		check(fmt.Sprintf("%s in interval %d", key, iv), r.AllGroups.Intervals[iv][k], perIv[k])
	}
	// The occupancy of all groups is not the ratio of the groups' mean
	// sums: it is a mean of ratios, with its own confidence interval.
	if o := r.AllGroups.Total[Occupancy]; !(o.Mean > 0 && o.Mean < 1 && o.HalfWidth > 0) {
		t.Errorf("occupancy of all groups %+v", o)
	}
}

// TestChannelSpans checks spans of some channels: one channel over one
// interval is that channel's figures for the interval bit for bit (the wait
// percentiles aside, which spans leave undefined); in every replication,
// two channels and the third over the same intervals add up to all
// channels; and asking for them changes nothing else.
func TestChannelSpans(t *testing.T) {
	m := richModel()
	m.Replications = 4
	if len(m.Channels) != 3 {
		t.Fatalf("the rich model has %d channels, want 3", len(m.Channels))
	}
	spans := []Span{{From: 5, To: 6, Channels: []int{1}}, {From: 2, To: 7, Channels: []int{0, 1}},
		{From: 2, To: 7, Channels: []int{2}}, {From: 2, To: 7}}
	plain, err := Run(context.Background(), m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), m, Options{Workers: 2, Spans: spans})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Spans
	r.Spans = nil
	if fmt.Sprint(plain) != fmt.Sprint(r) {
		t.Error("asking for channel spans changed the other figures")
	}
	for k := range NumMetrics {
		if k >= int(WaitP50) && k <= int(WaitP99) {
			continue
		}
		if g, want := got[0].Total[k], r.Channels[1].Intervals[5][k]; !sameStat(g, want) {
			t.Errorf("%s of channel 1 in interval 5: span %+v, interval %+v", Metric(k).Key(), g, want)
		}
	}
	for rep := range m.Replications {
		for _, k := range []Metric{Offered, Answered, Abandoned, QueueEnd} {
			two, one, all := got[1].Replications[rep][k], got[2].Replications[rep][k], got[3].Replications[rep][k]
			if two+one != all {
				t.Errorf("replication %d, %s: channels 0-1 %v + channel 2 %v, all channels %v", rep, k.Key(), two, one, all)
			}
		}
	}
}

// TestSpans checks the spans a run is asked for: a one-interval span is
// that interval's all-channels figures bit for bit; the whole horizon as
// a span is the horizon's figures but for the wait percentiles (summed in
// another order, hence the tolerance of 1e-12 relative); the backlog at
// the end of a span is its last interval's; each span keeps
// every replication's values, whose mean and deviation are the span's;
// and spans change nothing else and depend on no number of workers.
func TestSpans(t *testing.T) {
	m := richModel()
	m.Replications = 5
	n := m.Intervals
	spans := []Span{{From: 3, To: 4}, {From: 0, To: n}, {From: 4, To: 8}}
	plain, err := Run(context.Background(), m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), m, Options{Workers: 1, Spans: spans})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Run(context.Background(), m, Options{Workers: 3, Spans: spans})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again) != fmt.Sprint(r) {
		t.Error("3 workers changed the spans")
	}
	r.Spans = nil
	if fmt.Sprint(plain) != fmt.Sprint(r) {
		t.Error("asking for spans changed the other figures")
	}
	r, _ = Run(context.Background(), m, Options{Spans: spans})
	if len(r.Spans) != len(spans) {
		t.Fatalf("%d spans for %d asked", len(r.Spans), len(spans))
	}
	for k := range NumMetrics {
		key := Metric(k).Key()
		if got, want := r.Spans[0].Total[k], r.Total.Intervals[3][k]; !sameStat(got, want) {
			t.Errorf("%s of the span of interval 3: %+v, the interval's %+v", key, got, want)
		}
		got, want := r.Spans[1].Total[k], r.Total.Total[k]
		if k >= int(WaitP50) && k <= int(WaitP99) {
			if !math.IsNaN(got.Mean) {
				t.Errorf("%s of a span: %v, want undefined", key, got.Mean)
			}
			continue
		}
		if got.N != want.N || !(scalar.EqualWithinRel(got.Mean, want.Mean, 1e-12) || math.IsNaN(got.Mean) && math.IsNaN(want.Mean)) {
			t.Errorf("%s of the horizon as a span: %+v, the horizon's %+v", key, got, want)
		}
	}
	// What waits at the end of a span waits at the end of its last
	// interval.
	for _, k := range []Metric{QueueEnd, OldestAge} {
		if got, want := r.Spans[2].Total[k], r.Total.Intervals[7][k]; !sameStat(got, want) {
			t.Errorf("%s of intervals 4-7: %+v, interval 7's %+v", k.Key(), got, want)
		}
	}
	for _, sp := range r.Spans {
		if len(sp.Replications) != m.Replications {
			t.Fatalf("span %v: %d replications", sp.Span, len(sp.Replications))
		}
		for k := range NumMetrics {
			var xs []float64
			for _, rep := range sp.Replications {
				if !math.IsNaN(rep[k]) {
					xs = append(xs, rep[k])
				}
			}
			s := sp.Total[k]
			if len(xs) != s.N {
				t.Errorf("span %v, %s: %d defined replications, N %d", sp.Span, Metric(k).Key(), len(xs), s.N)
				continue
			}
			if len(xs) < 2 {
				continue
			}
			mean, sd := stat.MeanStdDev(xs, nil)
			if !scalar.EqualWithinRel(s.Mean, mean, 1e-12) || !scalar.EqualWithinAbsOrRel(s.SD, sd, 1e-12, 1e-9) {
				t.Errorf("span %v, %s: %+v, replications give %v ± %v", sp.Span, Metric(k).Key(), s, mean, sd)
			}
		}
	}
	for _, bad := range []Span{{From: -1, To: 2}, {From: 2, To: 2}, {From: 0, To: n + 1}, {From: 0, To: 1, Channels: []int{len(m.Channels)}}} {
		if _, err := Run(context.Background(), m, Options{Spans: []Span{bad}}); err == nil {
			t.Errorf("span %v: no error", bad)
		}
	}
}
