package capacity

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/ccsim/ccsim/sim"
)

// Kinds of random streams; each path draws each kind from its own stream,
// so that a change of one class's size leaves every other draw as it was
// (common random numbers: two plans differ on a path only by their
// decisions).
const (
	streamVolume = iota + 1
	streamStaff
	streamPlanned
	streamClass
	streamTransfer
)

// newRand returns the random stream of one part of a path.
func newRand(seed uint64, group, kind, id, path int) *rand.Rand {
	key := uint64(group)<<40 | uint64(kind)<<36 | uint64(id)<<20 | uint64(path)
	s := sim.DeriveSeed(seed, key)
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// leaveWeek draws the last week (0-based) a person is present: the week
// at the end of which they leave, or weeks when they stay through the
// horizon. The person is counted from
// week from with the given tenure. Within a tenure band the hazard is
// constant, so the full weeks survived are geometric: floor(ln U /
// ln(1-q)); crossing into the next band starts afresh with its own
// uniform, which memorylessness makes exact. u holds one uniform in (0, 1]
// per band.
func (c *groupCalc) leaveWeek(from, tenure, weeks int, u []float64) int {
	w, t := from, tenure
	for w < weeks {
		i, end := c.band(t)
		q := c.hazard[i]
		span := math.MaxInt32
		if end >= 0 {
			span = end - t
		}
		n := math.MaxInt32
		switch {
		case q >= 1:
			n = 0
		case q > 0:
			if f := math.Floor(math.Log(u[i]) / math.Log1p(-q)); f < float64(math.MaxInt32) {
				n = int(f)
			}
		}
		if n < span {
			return min(weeks, w+n)
		}
		if span == math.MaxInt32 {
			return weeks
		}
		w, t = w+span, t+span
	}
	return weeks
}

// uniforms fills u with draws in (0, 1].
func uniforms(r *rand.Rand, u []float64) {
	for i := range u {
		u[i] = 1 - r.Float64()
	}
}

// paths are the random paths of volume and attrition the risk is
// measured on.
type paths struct {
	n, weeks int
	seed     uint64
	groups   []*groupPaths
}

// groupPaths are one group's paths: its requirement and its base supply
// (starting staff, transfers, planned classes) per path and week, and the
// leave weeks of each class's hires, drawn when first needed.
type groupPaths struct {
	calc *groupCalc
	gi   int
	req  []float64 // [p*weeks+w]
	base []float64 // [p*weeks+w] productive hours
	// leaves[start][p] are the leave weeks of the hires of the class
	// starting in week start, in the order they are drawn.
	leaves map[int][][]uint8
	// cover[start][w] is the productive hours in week w of one hire of the
	// class starting in week start who is still there.
	cover map[int][]float64
}

// newPaths draws n paths: the volume of every week (one normal draw a
// week, shared by channels and groups), each group's requirement through
// req, and the base supply of every group.
func newPaths(seed uint64, n int, in *Input, bases []*groupBase, req func(g, w int, z float64) float64) *paths {
	ps := &paths{n: n, weeks: in.Weeks, seed: seed}
	z := make([]float64, n*in.Weeks)
	for p := range n {
		r := newRand(seed, 0, streamVolume, 0, p)
		for w := range in.Weeks {
			z[p*in.Weeks+w] = r.NormFloat64()
		}
	}
	for g, b := range bases {
		gp := &groupPaths{calc: b.calc, gi: g, req: make([]float64, n*in.Weeks), base: make([]float64, n*in.Weeks),
			leaves: map[int][][]uint8{}, cover: map[int][]float64{}}
		for i, x := range z {
			gp.req[i] = req(g, i%in.Weeks, x)
		}
		ps.groups = append(ps.groups, gp)
	}
	ps.drawBase(in, bases)
	return ps
}

// person is one member of a group's starting staff on one path.
type person struct {
	hours  float64
	tenure int
	leave  int // last week present
	moved  bool
}

// drawBase draws every group's base supply on every path: the starting
// staff's leave weeks, the transfers (people chosen at random among the
// starting staff still there) and the planned classes.
func (ps *paths) drawBase(in *Input, bases []*groupBase) {
	W := in.Weeks
	byName := map[string]int{}
	for g := range in.Groups {
		byName[in.Groups[g].Name] = g
	}
	transfers := slices.Clone(in.Transfers)
	order := make([]int, len(transfers))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return transfers[a].Week - transfers[b].Week })
	staff := make([][]person, len(bases))
	for p := range ps.n {
		for g, b := range bases {
			staff[g] = staff[g][:0]
			c := b.calc
			u := make([]float64, len(c.hazard))
			for k, co := range b.staff {
				r := newRand(ps.seed, g, streamStaff, k, p)
				for range int(co.people) {
					uniforms(r, u)
					staff[g] = append(staff[g], person{hours: co.contract.Hours, tenure: co.tenure, leave: c.leaveWeek(0, co.tenure, W, u)})
				}
			}
		}
		for _, j := range order {
			t := transfers[j]
			from, to := byName[t.From], byName[t.To]
			w := t.Week - 1
			var here []int
			for i, x := range staff[from] {
				if !x.moved && x.leave >= w {
					here = append(here, i)
				}
			}
			r := newRand(ps.seed, 0, streamTransfer, j, p)
			m := min(t.People, len(here))
			cTo := bases[to].calc
			u := make([]float64, len(cTo.hazard))
			out := ps.groups[to].base[p*W : (p+1)*W]
			for k := range m {
				// A partial Fisher-Yates shuffle picks m distinct people.
				pick := k + r.IntN(len(here)-k)
				here[k], here[pick] = here[pick], here[k]
				x := &staff[from][here[k]]
				x.moved = true
				x.leave = w - 1
				uniforms(r, u)
				stay := cTo.leaveWeek(w, x.tenure+w, W, u)
				for v := w; v <= stay && v < W; v++ {
					if v-w >= t.Training {
						out[v] += x.hours * (1 - cTo.shrink[v])
					}
				}
			}
		}
		for g, b := range bases {
			c := b.calc
			out := ps.groups[g].base[p*W : (p+1)*W]
			for _, x := range staff[g] {
				for v := 0; v <= x.leave && v < W; v++ {
					out[v] += x.hours * (1 - c.shrink[v]) * c.productivity(x.tenure+v)
				}
			}
			u := make([]float64, len(c.hazard))
			for k, co := range b.planned {
				r := newRand(ps.seed, g, streamPlanned, k, p)
				cover := c.unitCover(co.from)
				for range int(co.people) {
					uniforms(r, u)
					stay := c.leaveWeek(co.from, 0, W, u)
					for v := co.from; v <= stay && v < W; v++ {
						out[v] += cover[v]
					}
				}
			}
		}
	}
}

// unitCover is the productive hours by week of one hire of a class that
// starts in week from and stays.
func (c *groupCalc) unitCover(from int) []float64 {
	out := make([]float64, c.weeks)
	h := c.contracts[c.g.Hiring.Contract].Hours
	for w := from; w < c.weeks; w++ {
		out[w] = h * (1 - c.shrink[w]) * c.productivity(w-from)
	}
	return out
}

// classLeaves returns the last weeks present (weeks: through the
// horizon) of the first n
// hires of the class starting in week start on path p, drawing more when
// needed: the k-th hire of a class always gets the same draws.
func (gp *groupPaths) classLeaves(ps *paths, start, n, p int) []uint8 {
	byPath, ok := gp.leaves[start]
	if !ok {
		byPath = make([][]uint8, ps.n)
		gp.leaves[start] = byPath
		gp.cover[start] = gp.calc.unitCover(start)
	}
	have := byPath[p]
	if len(have) >= n {
		return have[:n]
	}
	r := newRand(ps.seed, gp.gi, streamClass, start, p)
	u := make([]float64, len(gp.calc.hazard))
	// Skip the draws of the hires already there, then draw the rest.
	for range len(have) {
		uniforms(r, u)
	}
	for len(have) < n {
		uniforms(r, u)
		have = append(have, uint8(gp.calc.leaveWeek(start, 0, ps.weeks, u)))
	}
	byPath[p] = have
	return have[:n]
}

// supply returns the productive hours of path p by week for the given
// decided classes (size by start week), base included, into out.
func (gp *groupPaths) supply(ps *paths, classes map[int]int, p int, out []float64) {
	W := ps.weeks
	copy(out, gp.base[p*W:(p+1)*W])
	alive := make([]int, W+1)
	for _, start := range sortedKeys(classes) {
		n := classes[start]
		if n <= 0 {
			continue
		}
		clear(alive)
		alive[start] += n
		for _, l := range gp.classLeaves(ps, start, n, p) {
			alive[min(int(l)+1, W)]--
		}
		cover := gp.cover[start]
		a := 0
		for w := start; w < W; w++ {
			a += alive[w]
			out[w] += float64(a) * cover[w]
		}
	}
}

func sortedKeys(m map[int]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// shortfalls returns, per path and week, the requirement less the supply
// of the decided classes: a path is short in a week when its shortfall
// exceeds the flexible hours booked.
func (gp *groupPaths) shortfalls(ps *paths, classes map[int]int) []float64 {
	W := ps.weeks
	out := make([]float64, ps.n*W)
	s := make([]float64, W)
	for p := range ps.n {
		gp.supply(ps, classes, p, s)
		for w := range W {
			out[p*W+w] = gp.req[p*W+w] - s[w]
		}
	}
	return out
}

// shortTolerance is the hours below which a shortfall is rounding.
const shortTolerance = 1e-6

// risks counts, from shortfalls, each week's share of paths short and the
// share of paths short in some week.
func risks(short []float64, flex []float64, n, weeks int) (perWeek []float64, any float64) {
	return shareShort(n, weeks, func(p, w int) bool { return short[p*weeks+w] > flex[w]+shortTolerance })
}
