// Package history learns from what a contact center has already seen: it
// reads contact-level logs and interval reports as streams, aggregates them
// per day, interval and queue, fits handle-time and patience distributions
// that package sim can draw from, infers the staff on duty from agent
// activity, and forecasts volume per interval for future days.
//
// Times in a log are local wall-clock times. They are held in time.Time
// values in the UTC location, which serves only as a container: an arrival
// at 08:15 local time is 08:15 UTC here, and intervals and days are cut on
// that wall clock.
//
// The built-in preset "anonymous-bank" reads the Anonymous Bank call-center
// data (Technion Service Enterprise Engineering Center, I. Guedj and
// A. Mandelbaum; see Brown et al. (2005), Journal of the American Statistical
// Association 100(469):36-50) with the definitions of its README.
package history
