// Package capacity plans a contact center months ahead: how many people to
// hire, and when, so that each agent group holds its service targets week
// by week over a horizon of up to 78 weeks, at the least cost and with a
// chosen risk of being short.
//
// It has three parts.
//
//   - The requirement per week: the scenario's week (or day) is planned by
//     package plan, simulation-corrected, at a few representative volume
//     levels that span the forecast and its prediction band; every week's
//     requirement (and that of any volume a random path draws) is
//     interpolated between them in the group's workload. Plan with
//     Options.EveryWeek to plan each week instead and measure the shortcut.
//   - The supply per week: current staff by contract and tenure, attrition
//     by tenure band (29% a year by default), hiring classes that train at
//     zero output and then ramp up, weekly shrinkage (vacations, holidays),
//     transfers between groups, overtime and outsourcing. The expected
//     supply is exact arithmetic (Supply); its randomness (binomial leavers)
//     is simulated path by path together with the volume's.
//   - The hiring plan: a bounded simplex solves the linear relaxation (least
//     cost of hiring, salaries, overtime and outsourcing with expected
//     supply above a target each week), class sizes are rounded to whole
//     people within their limits, and the targets are raised until the
//     simulated probability of being short meets the chosen risk, each
//     week or over the whole horizon. The relaxation's optimum is reported
//     as a lower bound, so the rounding's gap is known.
//
// The input (Input) is plain data: package scenarios reads it from a
// capacity file; this package never reads files. docs/capacity.md explains
// the method, its assumptions and limits.
package capacity
