package baseline

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/sim"
)

// SubjectCapacity marks a baseline of a capacity plan (Baseline.Subject);
// a forecast's baseline has no subject.
const SubjectCapacity = "capacity"

// CenterScope names the whole center in a capacity baseline's KPI IDs.
const CenterScope = "center"

// capacityMetric is a measure a capacity baseline may record.
type capacityMetric struct {
	unit sim.Unit
	dir  int // as Direction
	// horizon and week say whether the measure is one of the horizon (of
	// a group or the center) or of a group's week.
	horizon, week bool
}

// capacityMetrics are the keys of a capacity baseline's KPIs. "cost" is
// also a forecast's key, with the same unit and direction.
var capacityMetrics = map[string]capacityMetric{
	"hires":           {sim.Count, 0, true, true},
	"cost":            {sim.Money, -1, true, false},
	"any_week_risk":   {sim.Share, -1, true, false},
	"max_risk":        {sim.Share, -1, true, false},
	"requirement_fte": {sim.Agents, 0, false, true},
	"supply_fte":      {sim.Agents, 0, false, true},
	"people":          {sim.Agents, 0, false, true},
	"risk":            {sim.Share, -1, false, true},
}

// DefaultCapacitySelection is what a new capacity baseline records:
// Channel lists the center's measures over the horizon, Group each group's
// over the horizon, and Intervals each group's in every week.
func DefaultCapacitySelection() Selection {
	return Selection{
		Channel:   []string{"hires", "cost", "any_week_risk"},
		Group:     []string{"hires", "cost", "any_week_risk", "max_risk"},
		Intervals: []string{"requirement_fte", "supply_fte", "hires", "risk"},
	}
}

// DefaultCapacityTolerances let a capacity plan move a little before a
// check fails: the same input and seeds give the same plan to the last
// digit, so any change comes from the input or from ccsim, and these say
// how much of it is news. Risks are shares of random paths and are
// compared statistically; hires may move by two people (a class shifted
// by a week moves two weeks' figures); the rest by 2%.
func DefaultCapacityTolerances() map[string]Tolerance {
	return map[string]Tolerance{
		DefaultKey:      {Relative: 0.02},
		"hires":         {Absolute: 2, Relative: 0.05},
		"risk":          {Statistical: true},
		"any_week_risk": {Statistical: true},
		"max_risk":      {Statistical: true},
	}
}

// checkCapacity reports the first problem with a capacity baseline's
// selection: Channel and Group list measures of the horizon, Intervals
// measures of a week.
func (s Selection) checkCapacity() error {
	for _, l := range []struct {
		field string
		keys  []string
		week  bool
	}{{"channel", s.Channel, false}, {"group", s.Group, false}, {"intervals", s.Intervals, true}} {
		for i, k := range l.keys {
			m, ok := capacityMetrics[k]
			switch {
			case !ok:
				return fmt.Errorf("kpis.%s[%d]: unknown capacity measure %q", l.field, i, k)
			case l.week && !m.week:
				return fmt.Errorf("kpis.%s[%d]: %q is a measure of the horizon, not of a week", l.field, i, k)
			case !l.week && !m.horizon:
				return fmt.Errorf("kpis.%s[%d]: %q is a measure of a week (list it under intervals)", l.field, i, k)
			case slices.Index(l.keys, k) != i:
				return fmt.Errorf("kpis.%s[%d]: measure %q is listed twice", l.field, i, k)
			}
		}
	}
	if len(s.Channel)+len(s.Group)+len(s.Intervals) == 0 {
		return errors.New("kpis: no measure is selected")
	}
	return nil
}

// WeekLabel names week w (0-based) of a capacity plan in KPI IDs: w01 to
// w78, so that IDs sort in time order and do not change with the start.
func WeekLabel(w int) string { return fmt.Sprintf("w%02d", w+1) }

// NewCapacity records the KPIs sel chooses from a capacity plan: KPI IDs
// are "center/cost", "group voice/hires" and "group voice/w12/risk". The
// plan's figures are exact for its input and seeds and are recorded as one
// value (n 1); a probability of being short is a share of the check's
// paths and is recorded with the half-width of its 95% interval
// (Agresti-Coull, which stays above zero when no path is short) and n, the
// paths, so that it can be compared statistically. Replications records
// the paths.
func NewCapacity(res *capacity.Result, sel Selection, version string) (*Baseline, error) {
	if err := sel.checkCapacity(); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if res == nil || len(res.Groups) == 0 {
		return nil, errors.New("baseline: an empty capacity plan")
	}
	b := &Baseline{
		Subject:      SubjectCapacity,
		Scenario:     res.Name,
		Seed:         res.Seed,
		Replications: res.Paths,
		Version:      version,
		Select:       cloneSelection(sel),
		Confidence:   DefaultConfidence,
		Tolerances:   DefaultCapacityTolerances(),
	}
	if b.Scenario == "" {
		b.Scenario = res.Scenario
	}
	fte := func(h float64) float64 { return h / res.FTEHours }
	exact := func(v float64) sim.Stat { return sim.Stat{Mean: v, HalfWidth: math.NaN(), SD: math.NaN(), N: 1} }
	share := func(p float64) sim.Stat {
		n := float64(res.Paths)
		k := p * n
		// Agresti-Coull: the share with two successes and two failures
		// added.
		q := (k + 2) / (n + 4)
		se := math.Sqrt(q * (1 - q) / (n + 4))
		hw := sim.TQuantile(0.975, res.Paths-1) * se
		return sim.Stat{Mean: p, HalfWidth: hw, SD: se * math.Sqrt(n), N: res.Paths}
	}
	horizon := func(hires []int, cost float64, anyWeek float64, risk []float64, key string) sim.Stat {
		switch key {
		case "hires":
			n := 0
			for _, h := range hires {
				n += h
			}
			return exact(float64(n))
		case "cost":
			return exact(cost)
		case "any_week_risk":
			return share(anyWeek)
		}
		m := 0.0 // max_risk
		for _, r := range risk {
			m = math.Max(m, r)
		}
		return share(m)
	}
	var hires []int
	cost := 0.0
	seen := map[string]bool{}
	for i := range res.Groups {
		g := &res.Groups[i]
		if g.Name == "" || strings.Contains(g.Name, "/") || seen[g.Name] {
			return nil, fmt.Errorf("baseline: group name %q is empty, holds a slash or repeats", g.Name)
		}
		seen[g.Name] = true
		hires = append(hires, g.Hires...)
		cost += g.TotalCost().Total()
	}
	for _, k := range sel.Channel {
		b.add(CenterScope+"/"+k, horizon(hires, cost, res.CenterAnyWeek, res.CenterRisk, k))
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		for _, k := range sel.Group {
			b.add(GroupID(g.Name, k), horizon(g.Hires, g.TotalCost().Total(), g.AnyWeek, g.Risk, k))
		}
		for w := range res.Weeks {
			for _, k := range sel.Intervals {
				var s sim.Stat
				switch k {
				case "requirement_fte":
					s = exact(fte(g.Requirement[w].Mid))
				case "supply_fte":
					s = exact(fte(g.Supply.Productive[w] + g.Overtime[w] + g.Outsourced[w]))
				case "people":
					s = exact(g.Supply.People[w])
				case "hires":
					s = exact(float64(g.Hires[w]))
				case "risk":
					s = share(g.Risk[w])
				}
				b.add(groupPrefix+g.Name+"/"+WeekLabel(w)+"/"+k, s)
			}
		}
	}
	return b, nil
}
