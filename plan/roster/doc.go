// Package roster turns a requirement of agents on duty per interval into
// what people can work: shifts of given types, with their breaks placed
// within their windows, cut into weekly agent lines that keep each
// contract's working days, days off, weekly hours and headcount.
//
// The covering problem is solved as a linear program by column
// generation (a bounded revised simplex method of its own, whose optimum
// is a lower bound on the paid hours any roster needs), rounded to whole
// shifts and repaired greedily; the gap between the roster and that bound
// is reported. Package plan simulates the roster and raises the
// requirement where the simulation misses a target.
package roster
