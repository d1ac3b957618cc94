package sim

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// What a run costs is reckoned from the model's shape before it starts, so
// that a run that would exhaust memory is refused and one that would run
// for hours says so first. The figures below were measured on a 2-core
// x86-64 machine (peak resident memory, wall time on one core) with the
// run command; docs/limits.md gives the measurements behind them.
const (
	// baseBytes is the memory of a run whatever its size.
	baseBytes = 16 << 20
	// bytesPerValue is the memory a figure of the result costs: its
	// running mean and variance over replications, the result's Stat,
	// and the garbage collector's headroom.
	bytesPerValue = 72
	// workerBytesPerValue is what each further worker adds per figure:
	// the replication's vector and the engine's per-interval tallies.
	workerBytesPerValue = 18
	// secondsPerContact is the simulator's time per contact (arrival,
	// queue, service and its measures) on one core.
	secondsPerContact = 1.5e-6
	// secondsPerValue is the time to build a result's figure once, and
	// secondsPerValueRep the time per figure and replication.
	secondsPerValue    = 1.5e-6
	secondsPerValueRep = 5e-8
)

// Estimate is what a run of a model costs, reckoned before it starts.
type Estimate struct {
	// Values is the number of figures one replication yields: every
	// metric of every channel, group and total, per interval and over
	// the horizon.
	Values int
	// Arrivals is the expected number of arrivals from outside in one
	// replication.
	Arrivals float64
	// Contacts bounds the contacts of the whole run, all replications,
	// with every follow-on flow, redial and switch at its worst
	// (FollowOns).
	Contacts float64
	// MostPerArrival is the largest number of contacts one arrival of a
	// channel can lead to, itself included, and Channel that channel.
	MostPerArrival float64
	Channel        int
	// Memory is the peak memory of the simulation and its result, in
	// bytes (what prints the result adds its own).
	Memory int64
	// Seconds is the wall time of the run, its replications shared
	// among the workers (each on a core of its own).
	Seconds float64
}

// Estimate reckons what a run of m with the given number of workers (0:
// all cores) costs. m must be valid; a model whose follow-ons never end
// (FollowOns reports a loop) has an infinite Contacts and Seconds.
func (m *Model) Estimate(workers int) Estimate {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	reps := max(1, m.Replications)
	workers = max(1, min(workers, reps))
	e := Estimate{Values: newLayout(m, nil).size}
	per, _ := m.FollowOns()
	for c := range m.Channels {
		a := m.Channels[c].Arrivals
		n := float64(len(a.Times))
		for _, k := range a.Counts {
			n += float64(k)
		}
		for _, r := range a.Rates {
			n += r * m.IntervalSeconds
		}
		e.Arrivals += n
		if per[c] > e.MostPerArrival {
			e.MostPerArrival, e.Channel = per[c], c
		}
		e.Contacts += n * per[c] * float64(reps)
	}
	v := float64(e.Values)
	e.Memory = int64(baseBytes + v*bytesPerValue + v*workerBytesPerValue*float64(workers-1))
	e.Seconds = e.Contacts*secondsPerContact/float64(workers) + v*secondsPerValue + v*float64(reps)*secondsPerValueRep
	return e
}

// FollowOns bounds, for each channel, the contacts that one of its
// arrivals can lead to, itself included: through escalations and repeats
// (when it is handled), redials (when it is blocked or abandons) and a
// switch (when it waits too long), each followed as far as it goes. A
// contact ends in one of those ways, so each channel's bound takes the way
// that leads to the most; it is exact when every contact of a channel ends
// that way, and an upper bound otherwise.
//
// When some contacts can go round a loop of channels for ever (a repeat
// of 100%, escalations a→b→a of 100%), the bound is infinite: loop lists
// the channels of such a loop, and per is +Inf for every channel that
// leads into it.
func (m *Model) FollowOns() (per []float64, loop []int) {
	n := len(m.Channels)
	if n == 0 {
		return nil, nil
	}
	// ways[c] are the rows of follow-on shares of c's contacts, one per
	// way a contact can end.
	ways := make([][][]float64, n)
	handled := make([][]float64, n)
	for c := range handled {
		handled[c] = make([]float64, n)
	}
	for _, f := range m.Flows {
		if f.From >= 0 && f.From < n && f.To >= 0 && f.To < n {
			handled[f.From][f.To] += f.Share
		}
	}
	for c := range m.Channels {
		ways[c] = append(ways[c], handled[c])
		if r := m.Channels[c].Redial; r != nil {
			row := make([]float64, n)
			row[c] = r.Share
			ways[c] = append(ways[c], row)
		}
		if s := m.Channels[c].Switch; s != nil && s.To >= 0 && s.To < n {
			row := make([]float64, n)
			row[s.To] = s.Share
			ways[c] = append(ways[c], row)
		}
	}
	// Policy iteration: take for each channel the way that leads to the
	// most contacts given the others', solve for the expected contacts,
	// and improve until no channel changes. Each solve is exact; the
	// bound is infinite as soon as one choice makes the system singular
	// or its solution not at least one contact each.
	choice := make([]int, n)
	for c := range ways {
		choice[c] = heaviest(ways[c])
	}
	P := mat.NewDense(n, n, nil)
	for range 4 * n {
		for c := range n {
			P.SetRow(c, ways[c][choice[c]])
		}
		N, ok := expected(P)
		if !ok {
			loop = loopOf(P)
			return infinite(P, loop), loop
		}
		changed := false
		for c := range n {
			best, bestVal := choice[c], mat.Dot(mat.NewVecDense(n, ways[c][choice[c]]), N)
			for k, w := range ways[c] {
				if v := mat.Dot(mat.NewVecDense(n, w), N); v > bestVal*(1+1e-12)+1e-12 {
					best, bestVal = k, v
				}
			}
			if best != choice[c] {
				choice[c], changed = best, true
			}
		}
		if !changed {
			per = make([]float64, n)
			for c := range n {
				per[c] = N.AtVec(c)
			}
			return per, nil
		}
	}
	// Policy iteration ends in at most as many steps as there are
	// choices; this is reached only through rounding. The last solution
	// stands.
	N, ok := expected(P)
	if !ok {
		loop = loopOf(P)
		return infinite(P, loop), loop
	}
	return N.RawVector().Data, nil
}

// heaviest is the row with the largest sum.
func heaviest(rows [][]float64) int {
	best, sum := 0, -1.0
	for k, r := range rows {
		s := 0.0
		for _, v := range r {
			s += v
		}
		if s > sum {
			best, sum = k, s
		}
	}
	return best
}

// maxPerArrival bounds a finite answer: beyond it, a chain of follow-ons
// is taken for one that never ends (a share of 100% less rounding).
const maxPerArrival = 1e12

// expected solves (I - P) N = 1 for the expected contacts per arrival, and
// reports whether the answer is finite: every N at least 1 and at most
// maxPerArrival.
func expected(P *mat.Dense) (*mat.VecDense, bool) {
	n, _ := P.Dims()
	var A mat.Dense
	A.Sub(eye(n), P)
	ones := mat.NewVecDense(n, nil)
	for i := range n {
		ones.SetVec(i, 1)
	}
	var N mat.VecDense
	if err := N.SolveVec(&A, ones); err != nil {
		return nil, false
	}
	for i := range n {
		if v := N.AtVec(i); !(v >= 1-1e-9) || v > maxPerArrival {
			return nil, false
		}
	}
	return &N, true
}

func eye(n int) *mat.Dense {
	I := mat.NewDense(n, n, nil)
	for i := range n {
		I.Set(i, i, 1)
	}
	return I
}

// loopOf finds the channels of a loop that never ends under the shares P:
// the strongly connected groups of channels (Tarjan's algorithm) whose
// own shares alone give no finite answer.
func loopOf(P *mat.Dense) []int {
	n, _ := P.Dims()
	var loops []int
	for _, comp := range components(P) {
		if len(comp) == 1 && P.At(comp[0], comp[0]) == 0 {
			continue
		}
		sub := mat.NewDense(len(comp), len(comp), nil)
		for i, a := range comp {
			for j, b := range comp {
				sub.Set(i, j, P.At(a, b))
			}
		}
		if _, ok := expected(sub); !ok {
			loops = append(loops, comp...)
		}
	}
	if len(loops) == 0 {
		// Rounding: name every channel on a cycle.
		for _, comp := range components(P) {
			if len(comp) > 1 || P.At(comp[0], comp[0]) > 0 {
				loops = append(loops, comp...)
			}
		}
	}
	if len(loops) == 0 {
		loops = make([]int, n)
		for i := range loops {
			loops[i] = i
		}
	}
	slices.Sort(loops)
	return loops
}

// infinite marks +Inf the channels from which the loop can be reached
// (the loop's own included), and leaves the others' bounds finite.
func infinite(P *mat.Dense, loop []int) []float64 {
	n, _ := P.Dims()
	reach := make([]bool, n)
	for _, c := range loop {
		reach[c] = true
	}
	for changed := true; changed; {
		changed = false
		for a := range n {
			if reach[a] {
				continue
			}
			for b := range n {
				if P.At(a, b) > 0 && reach[b] {
					reach[a], changed = true, true
					break
				}
			}
		}
	}
	// The others' bounds, solved without the loop's channels.
	var rest []int
	for c := range n {
		if !reach[c] {
			rest = append(rest, c)
		}
	}
	per := make([]float64, n)
	for c := range n {
		per[c] = math.Inf(1)
	}
	if len(rest) > 0 {
		sub := mat.NewDense(len(rest), len(rest), nil)
		for i, a := range rest {
			for j, b := range rest {
				sub.Set(i, j, P.At(a, b))
			}
		}
		if N, ok := expected(sub); ok {
			for i, c := range rest {
				per[c] = N.AtVec(i)
			}
		}
	}
	return per
}

// components returns the strongly connected components of the graph with
// an edge a→b where P[a][b] > 0 (Tarjan's algorithm), in a stable order.
func components(P *mat.Dense) [][]int {
	n, _ := P.Dims()
	index := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var comps [][]int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		on[v] = true
		for w := range n {
			if P.At(v, w) <= 0 {
				continue
			}
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if on[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			slices.Sort(comp)
			comps = append(comps, comp)
		}
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	return comps
}

// loopError words a loop of follow-ons that never ends.
func (m *Model) loopError(loop []int) error {
	names := make([]string, len(loop))
	for i, c := range loop {
		names[i] = m.Channels[c].Name
	}
	return fmt.Errorf("sim: the follow-ons of %s form a loop that contacts go round for ever "+
		"(each arrival leads to unboundedly many contacts): lower a share of an escalation, repeat, redial or switch in it below 100%%",
		strings.Join(names, ", "))
}
