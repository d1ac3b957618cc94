package plan

import (
	"context"

	"github.com/ccsim/ccsim/sim"
)

// finish fills the result from staffing x and its simulation r with the
// check seed (simulated here when r is nil): the plan per group, the
// simulated figures per channel, totals and the targets the check finds
// missed.
func (p *planner) finish(ctx context.Context, res *Result, x [][]int, s *sample) error {
	if s == nil {
		var err error
		if s, err = p.simulate(ctx, x, res.CheckSeed, p.opts.Replications); err != nil {
			return err
		}
	}
	r := s.r
	res.Forecast = r
	seed := p.seedStaff()
	seedHours, seedCost := p.paidHours(seed)
	res.Totals = Totals{
		Cost:           r.Total.Total[sim.Cost],
		Handled:        r.Total.Total[sim.Answered],
		CostPerContact: r.Total.Total[sim.CostPerContact],
		ServiceLevel:   r.Total.Total[sim.ServiceLevel],
		SeedHours:      seedHours,
		SeedCost:       seedCost,
	}
	res.Groups = nil
	for k, gi := range p.planned {
		g := &p.m.Groups[gi]
		gp := GroupPlan{
			Name: g.Name, Shrinkage: p.shrink[k], HourlyCost: g.HourlyCost,
			Erlang:     append([]float64(nil), p.seed[k]...),
			SeedAgents: seed[k], Agents: append([]int(nil), x[k]...),
		}
		for i := range p.n {
			gp.SeedScheduled = append(gp.SeedScheduled, p.scheduled(k, seed[k][i]))
			gp.Scheduled = append(gp.Scheduled, p.scheduled(k, x[k][i]))
			gv := &r.Groups[gi].Intervals[i]
			gp.Occupancy = append(gp.Occupancy, gv[sim.Occupancy])
			gp.Cost = append(gp.Cost, gv[sim.GroupCost])
			gp.PaidHours += float64(gp.Scheduled[i]) * p.L / 3600
			gp.SeedHours += float64(gp.SeedScheduled[i]) * p.L / 3600
		}
		res.Totals.PaidHours += gp.PaidHours
		res.Groups = append(res.Groups, gp)
	}
	res.Channels = nil
	for c := range p.m.Channels {
		ch := &p.m.Channels[c]
		cr := &r.Channels[c]
		cp := ChannelPlan{Name: ch.Name, Kind: ch.Kind, Target: ch.Target, Total: cr.Total, Classes: cr.Classes}
		for i := range p.n {
			v := &cr.Intervals[i]
			cp.Offered = append(cp.Offered, v[sim.Offered])
			cp.ServiceLevel = append(cp.ServiceLevel, v[sim.ServiceLevel])
			cp.ASA = append(cp.ASA, v[sim.ASA])
			cp.Abandonment = append(cp.Abandonment, v[sim.AbandonRate])
		}
		res.Channels = append(res.Channels, cp)
	}
	res.Misses = []Miss{}
	for _, k := range p.checks(s, x) {
		if p.missed(k) {
			res.Misses = append(res.Misses, p.miss(k, res.Labels))
		}
		if res.Budget != nil && !meetsAtMean(k) {
			res.Budget.Traded = append(res.Budget.Traded, p.miss(k, res.Labels))
		}
	}
	return nil
}
