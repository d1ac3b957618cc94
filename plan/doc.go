// Package plan is ccsim's capacity planner: it finds the least-cost
// staffing per interval and agent group that meets every target of a
// scenario, and checks it by simulation.
//
// The search has two stages. The Erlang seed sizes each interval and
// channel with Erlang C or A (A where customers have patience), chat
// through the chat model and deferred work (email, messaging) as work
// spread over its first-reply target, then splits each channel's
// requirement among the groups that serve it and turns on-floor agents
// into scheduled headcount with the group's shrinkage. The simulation
// correction then simulates that staffing with a fixed seed (common random
// numbers, so that two iterations differ only by their staffing), adds
// agents where a target is not met at the chosen confidence and removes
// them where Erlang, calibrated on the simulated figures, says a whole
// agent is spare, until nothing changes. The final plan is simulated once
// more with a fresh seed (again, with agents added, if that finds a target
// missed), and that independent run is what the result reports.
//
// Options.Budget asks the reverse question (the best service level a
// number of paid hours buys); Options.Shifts and CoverShifts turn a plan
// into shifts with gonum's linear programming; ErlangBaseline is the
// pure-Erlang plan a planner is measured against. docs/planning.md explains
// the method with a worked example.
package plan
