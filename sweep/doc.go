// Package sweep runs what-if grids over a model: a base scenario with
// parameters varied over lists of values (volume per channel, handle and
// wrap time, patience, staffing per group, shrinkage, concurrency,
// escalation and repeat shares, costs), one at a time or as a full
// factorial grid.
//
// Every point of a sweep runs with the base model's seed, so the points
// share their random numbers (common random numbers): the same customers
// arrive with the same handle times and patience at every point, and a
// difference between two points is the parameter's doing rather than the
// luck of the draw. docs/sweeps.md measures how much sharper this makes
// the differences than independent seeds would.
//
// A Plan is the base model, the mode and the checked axes; Points lists
// its points in a fixed order, Model builds the model of one, and Run
// simulates a run of them and keeps each one's horizon totals (Totals)
// with their confidence intervals. The package reads no file: package
// scenarios reads sweep files into plain values and the command turns
// them into Axes.
package sweep
