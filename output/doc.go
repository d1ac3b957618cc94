// Package output is ccsim's presentation layer: the words, units and
// number formats a reader sees, and the documents every command prints,
// as a table for people and as JSON or CSV for scripts (docs/output.md).
//
// A document is a plain struct of what a command computed (a sim.Result,
// a plan.Result, a baseline.Report...) with a method for each format it
// can be written in; Formats lists them and Write renders one in full
// before writing it, so that a failure never leaves half a document. The
// JSON documents are built here from this package's own types: the
// packages that compute results carry no JSON tags, and a field name
// changes only with the document's format version.
//
// Numbers follow one set of rules wherever they appear: shares as
// percentages with one decimal and their changes in percentage points
// ("pp"), durations in the unit a planner reads them in with one decimal
// (seconds below ten minutes, minutes below two hours, hours beyond),
// counts and money with thousands separators from 1,000.
package output
