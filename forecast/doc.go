// Package forecast forecasts contact volume per interval for future days
// from the counts of past ones (contactlog.Volumes): a log-linear model of
// the daily volume by day type and trend with an intraday profile per day
// type, prediction intervals for days and intervals, the seasonal naive
// baseline, and the evaluation of both on held-back days.
//
// Its tests and the evaluation in docs/calibration.md use the Anonymous
// Bank call-center data (Technion Service Enterprise Engineering Center,
// I. Guedj and A. Mandelbaum; see Brown et al. (2005), Journal of the
// American Statistical Association 100(469):36-50).
package forecast
