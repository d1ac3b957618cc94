// Package plots draws a forecast as PNG charts a manager can read, and
// several forecasts (staffing plans) side by side in one image.
//
// Charts renders one forecast: service level against its target with the
// 95% confidence band, wait percentiles, abandonment, backlog of deferred
// channels, occupancy, agents and cost, each per interval on a time-of-day
// axis. Compare draws the same measures for several plans in one image of
// panels, one line per plan, with a table of headline KPIs and their
// deltas against the first plan. Staffing draws required against scheduled
// agents per group, for the planner.
//
// Every chart uses the Okabe-Ito palette, which stays distinct for readers
// with the common forms of colour blindness, and gives each plan, channel
// or group one colour in every panel. An interval where a measure is
// undefined (a service level without arrivals) breaks the line rather than
// drawing zero. Rendering is deterministic: the same input gives the same
// PNG bytes on any machine and number of cores. WriteFile and WriteCharts
// write through a temporary file and a rename, so a failure never leaves
// half a PNG behind.
package plots
