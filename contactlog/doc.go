// Package contactlog reads what a contact center recorded and counts it:
// contact-level logs and interval reports, read as streams one row at a
// time, summed per day, interval and queue (an Aggregator and its Table),
// with the staff on duty inferred from agent activity, the availability of
// that staff measured from the log, and the samples of handle times and
// waits that package calibrate fits. It also holds the dates and day
// windows that select which days count.
//
// Times in a log are local wall-clock times. They are held in time.Time
// values in the UTC location, which serves only as a container: an arrival
// at 08:15 local time is 08:15 UTC here, and intervals and days are cut on
// that wall clock (see DayNumber and SplitDay).
//
// The built-in preset "anonymous-bank" reads the Anonymous Bank call-center
// data (Technion Service Enterprise Engineering Center, I. Guedj and
// A. Mandelbaum; see Brown et al. (2005), Journal of the American Statistical
// Association 100(469):36-50) with the definitions of its README. An excerpt
// of it, with that credit, is in testdata.
package contactlog
