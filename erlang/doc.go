// Package erlang is ccsim's closed-form queueing: the Erlang B, C and A
// models, the Erlang X approximation (finite lines, abandonment and
// redials), a chat model in which an agent holds several chats, and
// staffing searches over any combination of service-level, ASA,
// abandonment and occupancy targets.
//
// The package is pure: no I/O, no global state. Its shape follows gonum's
// distuv: plain functions for the basics (B, C) and small value types
// whose methods compute one figure each (CQueue, AQueue, XQueue,
// ChatQueue). Times are in seconds, loads in Erlangs (arrival rate times
// mean handle time) and probabilities in [0, 1].
//
// Erlang B, C and A accept fractional agent counts: they are evaluated on
// the smooth extension of the Erlang functions in the number of agents, so
// that requirements can be added across intervals or queues before
// rounding (see StaffFractional). The chat model and Erlang X take whole
// agent counts.
//
// The evaluation is stable for agent counts up to MaxAgents: no
// factorials, no overflow, no NaN for valid input; inputs whose series
// would be too long to sum are rejected with an error. Values below about
// 1e-300 may round to zero. docs/erlang.md gives every formula, its source
// and the measured accuracy.
package erlang
