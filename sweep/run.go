package sweep

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/ccsim/ccsim/sim"
)

// Totals are one point's figures over the whole horizon, each merged over
// the replications with its confidence interval: what a sweep keeps of a
// run, a few hundred numbers instead of every interval's.
type Totals struct {
	// Channels holds each channel's totals, in the model's order.
	Channels []sim.Values
	// Classes holds the totals of each channel's priority classes (none
	// for a channel without classes).
	Classes [][]sim.Values
	// All merges every channel; RealTime and Deferred the channels of
	// each kind (see sim.Result).
	All, RealTime, Deferred sim.Values
	// Groups holds each agent group's totals; AllGroups merges them.
	Groups    []sim.GroupValues
	AllGroups sim.GroupValues
}

// TotalsOf keeps the horizon totals of a result.
func TotalsOf(r *sim.Result) Totals {
	t := Totals{All: r.Total.Total, RealTime: r.RealTime, Deferred: r.Deferred, AllGroups: r.AllGroups.Total}
	for _, c := range r.Channels {
		t.Channels = append(t.Channels, c.Total)
		var cls []sim.Values
		for _, k := range c.Classes {
			cls = append(cls, k.Total)
		}
		t.Classes = append(t.Classes, cls)
	}
	for _, g := range r.Groups {
		t.Groups = append(t.Groups, g.Total)
	}
	return t
}

// statWidth is the number of float64 values of one encoded sim.Stat.
const statWidth = 4

// Width is the number of values one point's Totals encode to.
func (p *Plan) Width() int {
	nch, ng := len(p.Base.Channels), len(p.Base.Groups)
	return statWidth * ((nch+3+p.classes())*sim.NumMetrics + (ng+1)*sim.NumGroupMetrics)
}

// classes counts the priority classes whose totals a point keeps: those
// of channels with more than one (sim keeps no class totals otherwise).
func (p *Plan) classes() int {
	n := 0
	for _, c := range p.Base.Channels {
		if len(c.Classes) > 1 {
			n += len(c.Classes)
		}
	}
	return n
}

// Encode appends t's values to dst as plain numbers (mean, half-width,
// deviation and count of every figure) and returns the extended slice:
// a shard file carries them, and Decode gives back the same bits.
func (t *Totals) Encode(dst []float64) []float64 {
	stat := func(s sim.Stat) { dst = append(dst, s.Mean, s.HalfWidth, s.SD, float64(s.N)) }
	values := func(v *sim.Values) {
		for _, s := range v {
			stat(s)
		}
	}
	groupValues := func(v *sim.GroupValues) {
		for _, s := range v {
			stat(s)
		}
	}
	for i := range t.Channels {
		values(&t.Channels[i])
	}
	for _, cls := range t.Classes {
		for i := range cls {
			values(&cls[i])
		}
	}
	values(&t.All)
	values(&t.RealTime)
	values(&t.Deferred)
	for i := range t.Groups {
		groupValues(&t.Groups[i])
	}
	groupValues(&t.AllGroups)
	return dst
}

// Decode reads one point's Totals from the plan's Width values.
func (p *Plan) Decode(v []float64) (Totals, error) {
	if len(v) != p.Width() {
		return Totals{}, fmt.Errorf("sweep: %d values for a point, want %d", len(v), p.Width())
	}
	stat := func() sim.Stat {
		s := sim.Stat{Mean: v[0], HalfWidth: v[1], SD: v[2], N: int(v[3])}
		v = v[statWidth:]
		return s
	}
	values := func() (out sim.Values) {
		for k := range out {
			out[k] = stat()
		}
		return out
	}
	groupValues := func() (out sim.GroupValues) {
		for k := range out {
			out[k] = stat()
		}
		return out
	}
	var t Totals
	for range p.Base.Channels {
		t.Channels = append(t.Channels, values())
	}
	for _, c := range p.Base.Channels {
		var cls []sim.Values
		if len(c.Classes) > 1 {
			for range c.Classes {
				cls = append(cls, values())
			}
		}
		t.Classes = append(t.Classes, cls)
	}
	t.All, t.RealTime, t.Deferred = values(), values(), values()
	for range p.Base.Groups {
		t.Groups = append(t.Groups, groupValues())
	}
	t.AllGroups = groupValues()
	return t, nil
}

// Options tune Run; none changes a figure.
type Options struct {
	// Workers is how many replications run at once; 0 means GOMAXPROCS.
	Workers int
	// Progress, if set, is called with the share of the points done,
	// 0..1, as points finish.
	Progress func(done float64)
}

// Run simulates points [from, to) of the plan and returns their totals
// in point order. Each point runs with the base model's seed and
// replications (common random numbers), so a point's figures are the
// same whichever run or shard computes them, on any number of workers.
func Run(ctx context.Context, p *Plan, from, to int, opts Options) ([]Totals, error) {
	if from < 0 || to < from || to > p.Len() {
		return nil, fmt.Errorf("sweep: points [%d, %d) are not within the plan's %d", from, to, p.Len())
	}
	n := to - from
	out := make([]Totals, n)
	if n == 0 {
		return out, nil
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// With enough points each runs on one worker, several at once: a
	// point's replications never wait for its slowest one. With fewer
	// points than workers, each point uses them all in turn.
	perPoint := 1
	if n < workers {
		perPoint, workers = workers, 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	jobs := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				t, err := runPoint(ctx, p, from+i, perPoint, func(f float64) {
					if opts.Progress != nil && workers == 1 {
						opts.Progress((float64(i) + f) / float64(n))
					}
				})
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				out[i] = t
				done++
				if opts.Progress != nil && err == nil {
					opts.Progress(float64(done) / float64(n))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func runPoint(ctx context.Context, p *Plan, i, workers int, progress func(float64)) (Totals, error) {
	pt := p.Point(i)
	m, err := p.Model(pt)
	if err != nil {
		return Totals{}, fmt.Errorf("point %d (%s): %w", i+1, p.Describe(pt), err)
	}
	r, err := sim.Run(ctx, m, sim.Options{Workers: workers, Progress: progress})
	if err != nil {
		return Totals{}, fmt.Errorf("point %d (%s): %w", i+1, p.Describe(pt), err)
	}
	return TotalsOf(r), nil
}

// Result is a whole sweep: the plan and every point's totals, in point
// order.
type Result struct {
	Plan   *Plan
	Totals []Totals
}
