package roster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"
)

// chosen is a shift of the integer cover with its number of agents.
type chosen struct {
	cand  candidate
	count int
	cover []float64 // one agent's cover per interval
}

// diveBatchRows is the size of program, in rows, past which a dive rounds
// up many shifts at once.
const diveBatchRows = 400

// integer turns the relaxation into whole shifts by diving: the shifts
// the relaxation uses keep the whole agents it gives them, and when none
// has a whole agent the one with the largest fraction gets one; the
// relaxation is solved again for what is left, from its last basis (see
// resolve), until what is left needs nothing; a large program rounds up
// many shifts a step, and what a dive leaves short is covered greedily
// (see fill). Then shifts the cover can do without are taken away,
// costliest first; a bounded branch and bound
// over the relaxation's shifts looks for a cheaper cover (see branch),
// and ruin and recreate improves what it returns (see improve).
func (c *coverer) integer(ctx context.Context, rel *relaxation) ([]*chosen, error) {
	byKey := map[string]*chosen{}
	var out []*chosen
	get := func(cand candidate) *chosen {
		k := cand.key()
		if ch, ok := byKey[k]; ok {
			return ch
		}
		ch := &chosen{cand: cand, cover: make([]float64, c.h.n)}
		c.coverOf(cand, ch.cover, 1)
		byKey[k] = ch
		out = append(out, ch)
		return ch
	}
	cover := make([]float64, c.h.n)
	add := func(ch *chosen, n int) {
		ch.count += n
		for i, v := range ch.cover {
			cover[i] += float64(n) * v
		}
	}
	left := make([]float64, c.h.n)
	root := rel.cands
	for dive := 0; ; dive++ {
		committed := 0
		var fracs []int
		for j, v := range rel.y {
			if n := int(math.Floor(v + 1e-6)); n > 0 {
				add(get(rel.cands[j]), n)
				committed += n
			}
			// Fractions of the perturbation's size (see perturb) are
			// not the need's.
			if f := v - math.Floor(v+1e-6); f > 1e-4 {
				fracs = append(fracs, j)
			}
		}
		if committed == 0 {
			if len(fracs) == 0 {
				break
			}
			// A large program (a week of quarter-hours) rounds up half
			// its fractional shifts at once, those with the largest
			// fractions, and at least a fifth each: a dive of one shift at
			// a time would solve it hundreds of times. A small one rounds
			// up the largest alone, which leaves less to prune.
			k := 1
			if rel.master != nil && len(rel.master.rows) > diveBatchRows {
				k = len(fracs) / 2
			}
			slices.SortStableFunc(fracs, func(a, b int) int {
				return cmp.Compare(rel.y[b]-math.Floor(rel.y[b]+1e-6), rel.y[a]-math.Floor(rel.y[a]+1e-6))
			})
			for n, j := range fracs[:max(1, k)] {
				if n == 0 || rel.y[j]-math.Floor(rel.y[j]+1e-6) >= 0.2 {
					add(get(rel.cands[j]), 1)
				}
			}
		}
		done := true
		before := floats.Sum(left)
		for i := range left {
			left[i] = math.Max(0, c.need[i]-cover[i])
			if left[i] > 1e-9 {
				done = false
			}
		}
		if done {
			break
		}
		if dive > 0 && floats.Sum(left) >= before-1e-9 {
			// A step that covered nothing more (rounding can leave only
			// shifts of no use): the rest is covered greedily, below.
			break
		}
		var err error
		if rel, err = c.resolve(ctx, rel, left); err != nil {
			return nil, err
		}
		if len(rel.uncovered) > 0 {
			var at []string
			for _, i := range rel.uncovered {
				at = append(at, fmt.Sprint(i))
			}
			return nil, fmt.Errorf("roster: no shift covers intervals %s", strings.Join(at, ", "))
		}
	}
	// What the dive left short, slivers the relaxation covers with
	// fractions too small to round, is covered greedily.
	c.fill(cover, func(cand candidate) { add(get(cand), 1) })
	c.prune(out, cover)
	// The branch and bound searches the root relaxation's shifts and the
	// dive's.
	cands := slices.Clone(root)
	seen := map[string]bool{}
	for _, cand := range cands {
		seen[cand.key()] = true
	}
	for _, ch := range out {
		if !seen[ch.cand.key()] {
			seen[ch.cand.key()] = true
			cands = append(cands, ch.cand)
		}
	}
	out = slices.DeleteFunc(out, func(ch *chosen) bool { return ch.count == 0 })
	out, err := c.branch(ctx, cands, out, get)
	if err != nil {
		return nil, err
	}
	return c.improve(ctx, out, get)
}

// improveWork bounds the improvement: the shift starts priced over all
// its rounds (a round prices every start for each agent it puts back, so
// a large center's round costs far more than a small one's).
const improveWork = 400_000

// improve searches around the cover by ruin and recreate: take away every
// agent whose shift overlaps a window of a few intervals, cover what that
// leaves short greedily (the shift that covers the most shortfall per
// unit of cost, breaks placed for it) and prune; keep the result when it
// costs no more. Windows are drawn from a fixed sequence, so the result
// does not vary from run to run.
func (c *coverer) improve(ctx context.Context, cur []*chosen, get func(candidate) *chosen) ([]*chosen, error) {
	const rounds = 600
	work := 0
	total := func(cs []*chosen) float64 {
		t := 0.0
		for _, ch := range cs {
			t += float64(ch.count) * c.cost(ch.cand.tmpl)
		}
		return t
	}
	state := uint64(0x9e3779b97f4a7c15)
	next := func(n int) int {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return int(state % uint64(n))
	}
	best := total(cur)
	for round := range rounds {
		if work > improveWork {
			break
		}
		if round%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		// A copy of the counts to ruin.
		counts := make([]int, len(cur))
		for j, ch := range cur {
			counts[j] = ch.count
		}
		from := next(c.h.n)
		width := 1 + next(4)
		cover := make([]float64, c.h.n)
		for j, ch := range cur {
			hit := false
			for k := range width {
				if ch.cover[(from+k)%c.h.n] > 0 {
					hit = true
				}
			}
			if hit && next(2) == 0 {
				counts[j] = 0
			}
			for i, v := range ch.cover {
				cover[i] += float64(counts[j]) * v
			}
		}
		trial := slices.Clone(cur)
		trialCounts := counts
		work += len(c.starts) * c.fill(cover, func(pick candidate) {
			ch := get(pick)
			j := slices.Index(trial, ch)
			if j < 0 {
				trial = append(trial, ch)
				trialCounts = append(trialCounts, 0)
				j = len(trial) - 1
			}
			trialCounts[j]++
			for i, v := range ch.cover {
				cover[i] += v
			}
		})
		// Prune on copies, then compare.
		copies := make([]*chosen, len(trial))
		for j, ch := range trial {
			cp := *ch
			cp.count = trialCounts[j]
			copies[j] = &cp
		}
		ok := true
		for i := range cover {
			if cover[i] < c.need[i]-1e-9 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		c.prune(copies, cover)
		if t := total(copies); t <= best+1e-9 {
			best = t
			cur = slices.DeleteFunc(copies, func(ch *chosen) bool { return ch.count == 0 })
		}
	}
	return cur, nil
}

// fill covers what cover leaves short of the need greedily: each time the
// shift (breaks placed for the shortfall) that covers the most shortfall,
// up to one agent an interval, per unit of cost; add takes it and must
// add its cover to cover. It returns the shifts taken.
func (c *coverer) fill(cover []float64, add func(candidate)) int {
	short := make([]float64, c.h.n)
	for taken := 0; ; taken++ {
		any := false
		for i := range short {
			short[i] = math.Min(1, math.Max(0, c.need[i]-cover[i]))
			any = any || short[i] > 1e-9
		}
		if !any {
			return taken
		}
		pf := newPrefix(c.h, short)
		var pick candidate
		score := 0.0
		for _, s := range c.starts {
			at, value, ok := c.place(s, pf)
			if !ok || value <= 1e-9 {
				continue
			}
			if v := value / c.cost(s.tmpl); v > score+1e-12 {
				s.at = at
				pick, score = s, v
			}
		}
		if score == 0 {
			return taken
		}
		add(pick)
	}
}

// prune takes away single agents, from the costliest shifts first (in a
// fixed order), while the cover still meets the need.
func (c *coverer) prune(out []*chosen, cover []float64) {
	order := slices.Clone(out)
	slices.SortStableFunc(order, func(a, b *chosen) int {
		ca, cb := c.cost(a.cand.tmpl), c.cost(b.cand.tmpl)
		if c := cmp.Compare(cb, ca); c != 0 {
			return c
		}
		return strings.Compare(a.cand.key(), b.cand.key())
	})
	for _, ch := range order {
		for ch.count > 0 {
			ok := true
			for i, v := range ch.cover {
				if v > 0 && cover[i]-v < c.need[i]-1e-9 {
					ok = false
					break
				}
			}
			if !ok {
				break
			}
			ch.count--
			for i, v := range ch.cover {
				cover[i] -= v
			}
		}
	}
}

// total is what the chosen shifts' agents cost.
func (c *coverer) total(cs []*chosen) float64 {
	t := 0.0
	for _, ch := range cs {
		t += float64(ch.count) * c.cost(ch.cand.tmpl)
	}
	return t
}
