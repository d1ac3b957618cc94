package plan

import (
	"math"
	"slices"

	"github.com/ccsim/ccsim/sim"
)

// erlangSeed sizes every channel with Erlang and splits the need among
// the planned groups: p.dem, p.share and p.seed.
func (p *planner) erlangSeed() error {
	m := p.m
	arrivals := expectedArrivals(m)
	p.dem = make([]*demand, len(m.Channels))
	p.share = make([][][]float64, len(m.Channels))
	for c := range m.Channels {
		d, err := newDemand(m, c, arrivals[c])
		if err != nil {
			return err
		}
		p.dem[c] = d
		p.share[c] = make([][]float64, len(p.planned))
		for k := range p.planned {
			p.share[c][k] = make([]float64, p.n)
		}
	}
	// Which planned groups take each channel, and the occupancy ceiling
	// its Erlang sizing honours.
	takers := make([][]int, len(m.Channels))
	primary := make([]bool, len(m.Channels))
	for c, d := range p.dem {
		takers[c], primary[c] = p.takers(c)
		for _, k := range takers[c] {
			if mo := m.Groups[p.planned[k]].MaxOccupancy; mo > 0 && (d.maxOccupancy == 0 || mo < d.maxOccupancy) {
				d.maxOccupancy = mo
			}
		}
		if d.ch.Kind.Deferred() {
			d.deferredNeed(p.L)
		} else if err := d.realtimeNeed(p.L, p.opts.MinVolume); err != nil {
			return err
		}
	}
	p.seed = make([][]float64, len(p.planned))
	p.rtSeed = make([][]float64, len(p.planned))
	p.defSeed = make([][]float64, len(p.planned))
	for k := range p.planned {
		p.seed[k] = make([]float64, p.n)
		p.rtSeed[k] = make([]float64, p.n)
		p.defSeed[k] = make([]float64, p.n)
	}
	// Channels that are some group's first skill go first, split evenly
	// among the groups that list them first; the others are split in
	// proportion to what those groups already need in the interval.
	first := make([][]float64, len(p.planned))
	for k := range first {
		first[k] = make([]float64, p.n)
	}
	for pass := range 2 {
		for c := range p.dem {
			if len(takers[c]) == 0 || primary[c] != (pass == 0) {
				continue
			}
			for i := range p.n {
				buckets, weight := p.siteBuckets(c, takers[c], i)
				for b, ks := range buckets {
					total := 0.0
					for _, k := range ks {
						total += first[k][i]
					}
					for _, k := range ks {
						w := 1 / float64(len(ks))
						if pass == 1 && total > 0 {
							w = first[k][i] / total
						}
						p.share[c][k][i] = weight[b] * w
					}
				}
			}
		}
		for c, d := range p.dem {
			if len(takers[c]) == 0 || primary[c] != (pass == 0) {
				continue
			}
			for _, k := range takers[c] {
				g := &m.Groups[p.planned[k]]
				work := workFactor(m, p.planned[k], c)
				for i := range p.n {
					v := p.share[c][k][i] * d.need[i] * work
					if d.ch.Kind.Deferred() {
						if g.MaxOccupancy > 0 {
							v /= g.MaxOccupancy
						}
						p.defSeed[k][i] += v
					} else {
						p.rtSeed[k][i] += v
					}
					if pass == 0 {
						first[k][i] += v
					}
				}
			}
		}
	}
	for k, gi := range p.planned {
		g := &m.Groups[gi]
		r := g.DeferredReserve
		// Of the agents put on the floor, a share Absence is absent for
		// the day and a share Away of those present is away at any
		// moment: the seed puts enough on the floor for the need to be
		// available on average.
		present := (1 - g.Absence) * (1 - g.Away)
		for i := range p.n {
			f := p.rtSeed[k][i] + p.defSeed[k][i]
			if r > 0 && r < 1 {
				// round(r*n) agents keep to deferred work; the rest must
				// still carry the real-time need.
				f = math.Max(f, p.rtSeed[k][i]/(1-r))
			}
			if present > 0 && present < 1 {
				f /= present
			}
			p.seed[k][i] = f
		}
	}
	return nil
}

// takers returns the planned groups that take channel c's need (indices
// into p.planned) and whether it is their first skill. They are the groups
// that list the channel earliest among their skills, preferring groups
// that take it at once over overflow groups. A channel that an unlimited
// group takes at once needs no planned staff.
//
// A channel routed by site has takers at each site with a share of it:
// the rule above applies among each site's groups (and among the groups
// of no site), since a contact waits for its own site's groups first.
func (p *planner) takers(c int) (ks []int, primary bool) {
	m := p.m
	if m.Routed(c) {
		primary = true
		sites := []string{""}
		for _, st := range m.Sites {
			sites = append(sites, st.Name)
		}
		for _, site := range sites {
			at, first := p.takersAt(c, site)
			if len(at) > 0 {
				ks = append(ks, at...)
				primary = primary && first
			}
		}
		slices.Sort(ks)
		return ks, primary && len(ks) > 0
	}
	return p.takersAt(c, "")
}

// takersAt applies takers' rule to the planned groups at one site ("" for
// every group when the channel is not routed by site; for the groups of
// no site when it is).
func (p *planner) takersAt(c int, site string) (ks []int, primary bool) {
	m := p.m
	routed := m.Routed(c)
	best, bestOverflow := math.MaxInt, true
	for gi := range m.Groups {
		g := &m.Groups[gi]
		for _, s := range g.Skills {
			if s.Channel == c && g.Unlimited && s.After == 0 {
				return nil, false
			}
		}
	}
	for k, gi := range p.planned {
		g := &m.Groups[gi]
		if routed && g.Site != site {
			continue
		}
		for pos, s := range g.Skills {
			if s.Channel != c {
				continue
			}
			overflow := s.After > 0
			better := (bestOverflow && !overflow) || (overflow == bestOverflow && pos < best)
			if better {
				ks, best, bestOverflow = []int{k}, pos, overflow
			} else if overflow == bestOverflow && pos == best {
				ks = append(ks, k)
			}
		}
	}
	return ks, best == 0
}

// seedStaff rounds the seed up to whole on-floor agents.
func (p *planner) seedStaff() [][]int {
	x := make([][]int, len(p.planned))
	for k := range x {
		x[k] = make([]int, p.n)
		for i, f := range p.seed[k] {
			x[k][i] = int(math.Ceil(f - 1e-9))
		}
	}
	return x
}

// serves reports whether planned group k serves channel c.
func (p *planner) serves(k, c int) bool {
	return slices.ContainsFunc(p.m.Groups[p.planned[k]].Skills, func(s sim.Skill) bool { return s.Channel == c })
}

// siteBuckets groups a channel's takers by the part of its traffic they
// take in interval i: one bucket of all of them with weight 1, unless the
// channel is routed by site; then one bucket per site open in i, weighted
// by the site's share among those open, as contacts are routed (the groups
// of no site take none of the seed while a site has takers; they are
// still there for the search to add agents to). The seed splits a routed
// channel's need by the shares: less than each site needs alone (a
// smaller queue needs more agents per contact), which the simulation
// correction adds.
func (p *planner) siteBuckets(c int, takers []int, i int) (buckets [][]int, weight []float64) {
	if !p.m.Routed(c) {
		return [][]int{takers}, []float64{1}
	}
	var none []int
	total := 0.0
	for _, st := range p.m.Sites {
		var ks []int
		for _, k := range takers {
			if p.m.Groups[p.planned[k]].Site == st.Name && !p.outAll(k, i) {
				ks = append(ks, k)
			}
		}
		if len(ks) > 0 && c < len(st.Shares) && st.Shares[c] > 0 {
			buckets, weight = append(buckets, ks), append(weight, st.Shares[c])
			total += st.Shares[c]
		}
	}
	for _, k := range takers {
		if p.m.Groups[p.planned[k]].Site == "" {
			none = append(none, k)
		}
	}
	if total == 0 {
		if len(none) == 0 {
			// Every site with a share is closed: contacts wait for
			// their site, so the seed staffs none.
			return nil, nil
		}
		return [][]int{none}, []float64{1}
	}
	for b := range weight {
		weight[b] /= total
	}
	return buckets, weight
}

// workFactor is how much longer group gi takes over a contact of channel c
// than the channel's own handle and wrap time (proficiency; 1 for most
// groups). The seed scales the group's share of the need by it: close for
// the large groups where a need grows about in step with its load.
func workFactor(m *sim.Model, gi, c int) float64 {
	ch := &m.Channels[c]
	for _, s := range m.Groups[gi].Skills {
		if s.Channel != c || (s.HandleFactor == 0 && s.Handle == nil) {
			continue
		}
		f := s.HandleFactor
		if f == 0 {
			f = 1
		}
		own, wrap := ch.Handle.Average(), ch.Wrap.Average()
		if !(own+wrap > 0) {
			return 1
		}
		handle := own * f
		if s.Handle != nil {
			handle = s.Handle.Average()
		}
		return (handle + wrap*f) / (own + wrap)
	}
	return 1
}
