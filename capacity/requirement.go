package capacity

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/ccsim/ccsim/sim"
)

// spanZ is the standard normal quantile the representative weeks reach
// beyond the forecast on each side: 2.326, the 1st and 99th percentiles of
// the volume, so that nearly every random path falls between the lowest
// and the highest representative week and is interpolated, not
// extrapolated.
const spanZ = 2.3263478740408408

// RepresentativeWeek is one week of the scenario's pattern at one volume
// level, planned by simulation.
type RepresentativeWeek struct {
	// Volumes are the contacts a week per channel with arrivals of its
	// own (Result.Channels).
	Volumes []float64
	// Workload per group: the index its requirement is interpolated in
	// (see Result.Groups[g].Workload).
	Workload []float64
	// Hours are the paid hours a week each group requires (the plan's
	// scheduled hours, scaled to a week, with the roster overhead).
	Hours []float64
	// Met reports that the plan met every target; GaveUp counts targets
	// the planner could not meet by adding agents.
	Met    bool
	GaveUp int
}

// requirement maps a group's workload to the paid hours a week it needs,
// through the representative weeks.
type requirement struct {
	// reach[g][k]: volume channel k's contacts (or their follow-ons) are
	// worked by group g.
	reach [][]bool
	// weight[k] is the agent time of one contact of volume channel k, in
	// hours: the unit of a workload.
	weight []float64
	// points[g] are (workload, hours) of the representative weeks, sorted
	// by workload, hours made non-decreasing.
	points [][][2]float64
	reps   []RepresentativeWeek
}

// planned lists the model's groups a plan staffs: those with staffing,
// not the unlimited (paid per contact) ones.
func planned(m *sim.Model) []int {
	var out []int
	for g := range m.Groups {
		if !m.Groups[g].Unlimited {
			out = append(out, g)
		}
	}
	return out
}

// newRequirement prepares the workload index of each planned group.
func newRequirement(m *sim.Model, vol *volumes) *requirement {
	r := &requirement{}
	for _, c := range vol.channels {
		ch := &m.Channels[c]
		r.weight = append(r.weight, (ch.Handle.Average()+ch.Wrap.Average())/3600)
	}
	// feeds[c] are the channels c's contacts reach through flows and
	// switches, c included.
	feeds := make([][]bool, len(m.Channels))
	for c := range m.Channels {
		seen := make([]bool, len(m.Channels))
		stack := []int{c}
		seen[c] = true
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			next := func(y int) {
				if y >= 0 && y < len(seen) && !seen[y] {
					seen[y] = true
					stack = append(stack, y)
				}
			}
			for _, f := range m.Flows {
				if f.From == x {
					next(f.To)
				}
			}
			if s := m.Channels[x].Switch; s != nil {
				next(s.To)
			}
		}
		feeds[c] = seen
	}
	for _, g := range planned(m) {
		row := make([]bool, len(vol.channels))
		any := false
		for k, c := range vol.channels {
			for _, s := range m.Groups[g].Skills {
				if feeds[c][s.Channel] {
					row[k] = true
				}
			}
			any = any || row[k]
		}
		if !any {
			// A group no arriving contact reaches still works in
			// proportion to the whole center.
			for k := range row {
				row[k] = true
			}
		}
		r.reach = append(r.reach, row)
	}
	return r
}

// workload is group g's index at the given channel volumes: its channels'
// contacts a week times their agent time, in hours.
func (r *requirement) workload(g int, v []float64) float64 {
	s := 0.0
	for k, x := range v {
		if r.reach[g][k] {
			s += x * r.weight[k]
		}
	}
	return s
}

// at returns group g's requirement at workload x: linear between the
// representative weeks, and along the end segments beyond them.
func (r *requirement) at(g int, x float64) float64 {
	p := r.points[g]
	if len(p) == 1 || p[len(p)-1][0] <= p[0][0] {
		return p[len(p)-1][1]
	}
	i, _ := slices.BinarySearchFunc(p, x, func(pt [2]float64, x float64) int {
		switch {
		case pt[0] < x:
			return -1
		case pt[0] > x:
			return 1
		}
		return 0
	})
	i = min(max(i, 1), len(p)-1)
	a, b := p[i-1], p[i]
	if b[0] == a[0] {
		return b[1]
	}
	return math.Max(0, a[1]+(b[1]-a[1])*(x-a[0])/(b[0]-a[0]))
}

// repVolumes are the channel volumes of K representative weeks: evenly
// spaced from each channel's lowest week at its 1st percentile to its
// highest week at its 99th, so that they span the forecast with its
// error.
func repVolumes(vol *volumes, k int) [][]float64 {
	lo := make([]float64, len(vol.channels))
	hi := make([]float64, len(vol.channels))
	for c := range lo {
		lo[c], hi[c] = math.Inf(1), 0
		for w := range vol.median {
			lo[c] = math.Min(lo[c], vol.median[w][c]*math.Exp(-spanZ*vol.sigma[w]))
			hi[c] = math.Max(hi[c], vol.median[w][c]*math.Exp(spanZ*vol.sigma[w]))
		}
	}
	flat := true
	for c := range lo {
		if hi[c]-lo[c] > 1e-9*hi[c] {
			flat = false
		}
	}
	if flat {
		return [][]float64{hi}
	}
	out := make([][]float64, k)
	for i := range out {
		t := float64(i) / float64(k-1)
		out[i] = make([]float64, len(lo))
		for c := range lo {
			out[i][c] = lo[c] + t*(hi[c]-lo[c])
		}
	}
	return out
}

// scaled returns a copy of the model with each volume channel's arrival
// rates scaled to the given weekly volumes.
func scaled(m *sim.Model, vol *volumes, v []float64) *sim.Model {
	out := m.Clone()
	for k, c := range vol.channels {
		f := v[k] / vol.own[k]
		a := &out.Channels[c].Arrivals
		for i := range a.Rates {
			a.Rates[i] *= f
		}
		// The rates no longer follow the daily volumes they were made
		// from; the planner reads only the rates.
		a.Daily = nil
	}
	return out
}

// Planner plans one week (or day) of a center: given the scenario's
// model with its arrivals scaled to a volume, it returns the paid hours
// each planned group (each group that is not Unlimited) needs over the
// model's horizon to meet the model's targets. progress, when not nil,
// takes the share of the planning done.
type Planner func(ctx context.Context, m *sim.Model, progress func(float64)) (WeekPlan, error)

// WeekPlan is a Planner's answer.
type WeekPlan struct {
	// Hours are the paid hours by group name.
	Hours map[string]float64
	// Met reports that the plan met every target; GaveUp counts those the
	// planner could not meet.
	Met    bool
	GaveUp int
}

// requirementWeek plans the model at the given weekly volumes and returns
// each planned group's paid hours a week.
func requirementWeek(ctx context.Context, m *sim.Model, vol *volumes, v []float64, factor, overhead float64, planner Planner, progress func(float64)) (RepresentativeWeek, error) {
	res, err := planner(ctx, scaled(m, vol, v), progress)
	if err != nil {
		return RepresentativeWeek{}, err
	}
	rw := RepresentativeWeek{Volumes: slices.Clone(v), Met: res.Met, GaveUp: res.GaveUp}
	for _, g := range planned(m) {
		h, ok := res.Hours[m.Groups[g].Name]
		if !ok || !(h >= 0) || math.IsInf(h, 0) {
			return rw, fmt.Errorf("capacity: the planner gives no paid hours for group %s", m.Groups[g].Name)
		}
		rw.Hours = append(rw.Hours, h*factor*(1+overhead))
	}
	return rw, nil
}

// fit sets the interpolation points from the representative weeks.
func (r *requirement) fit(reps []RepresentativeWeek) {
	r.reps = reps
	r.points = make([][][2]float64, len(r.reach))
	for i := range r.reps {
		r.reps[i].Workload = make([]float64, len(r.reach))
		for g := range r.reach {
			r.reps[i].Workload[g] = r.workload(g, r.reps[i].Volumes)
		}
	}
	for g := range r.reach {
		pts := make([][2]float64, len(reps))
		for i, rw := range reps {
			pts[i] = [2]float64{rw.Workload[g], rw.Hours[g]}
		}
		slices.SortStableFunc(pts, func(a, b [2]float64) int {
			switch {
			case a[0] < b[0]:
				return -1
			case a[0] > b[0]:
				return 1
			}
			return 0
		})
		r.points[g] = monotone(pts)
	}
}

// monotone makes the hours non-decreasing in workload by pooling adjacent
// violators (each violating run takes its mean): a plan's local search can
// end an agent or two lower at a higher volume, and a requirement that
// falls as work grows would be noise, not a finding.
func monotone(pts [][2]float64) [][2]float64 {
	type block struct {
		sum   float64
		count int
	}
	var blocks []block
	for _, p := range pts {
		blocks = append(blocks, block{p[1], 1})
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.count) <= b.sum/float64(b.count) {
				break
			}
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{a.sum + b.sum, a.count + b.count})
		}
	}
	out := slices.Clone(pts)
	i := 0
	for _, b := range blocks {
		for range b.count {
			out[i][1] = b.sum / float64(b.count)
			i++
		}
	}
	return out
}
