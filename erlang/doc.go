// Package erlang is ccsim's closed-form queueing: the Erlang B, C and A
// models, the Erlang X approximation (finite lines, abandonment and
// redials), a chat model in which an agent holds several chats, and
// staffing searches over any combination of service-level, ASA,
// abandonment and occupancy targets.
//
// The package is pure: no I/O, no global state. Its shape follows gonum's
// distuv: plain functions for the basics (B, C) and small value types
// whose methods compute one figure each (BQueue, CQueue, AQueue, XQueue,
// ChatQueue). A one-figure method computes only what its figure needs;
// Metrics returns them all at once. Times are in seconds, loads in Erlangs
// (arrival rate times mean handle time) and probabilities in [0, 1]. Each
// figure has one name throughout: ASA is the mean wait of answered
// contacts, as in call-center reports and in ccsim's simulator; MeanWait
// is the mean wait of all arrivals, abandoned ones included.
//
// Every model is a Queue, the one interface Staff and StaffFractional
// need, so any of them can be staffed, and so can a caller's own model.
//
// One rule for invalid input holds for every exported function and method
// that evaluates something (field accessors such as OfferedLoad and the
// search hint StaffGuess aside): it returns an error as its last result,
// and the other results are then zero. Unlike distuv, which returns NaN,
// the package reports what is wrong, because its inputs come from users'
// flags and files. The error matches, with errors.Is:
//
//   - ErrInvalid for an invalid argument (NaN, infinite, negative, out of
//     range, or a series too long to sum), and names it;
//   - ErrUnstable for a load the agents cannot carry (see UnstableError);
//   - ErrUnreachable for targets that no agent count meets.
//
// Without an error no figure is NaN or infinite.
//
// Erlang B, C and A accept fractional agent counts: they are evaluated on
// the smooth extension of the Erlang functions in the number of agents, so
// that requirements can be added across intervals or queues before
// rounding (see StaffFractional). So does Erlang X without a limit on
// lines; the chat model and Erlang X with lines take whole agent counts.
//
// The evaluation is stable for agent counts up to MaxAgents: no
// factorials, no overflow. Values below about 1e-300 may round to zero.
// docs/erlang.md gives every formula, its source and the measured
// accuracy.
package erlang
