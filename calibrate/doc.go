// Package calibrate fits a model to what a contact log shows: handle-time
// distributions (exponential, lognormal and gamma by maximum likelihood,
// the best by AIC), patience from censored waits (Kaplan–Meier, with the
// exponential estimate beside it), the daily volume and intraday profile
// of each day type, and the staff on duty with the measured availability
// as shrinkage. Fit takes a contactlog.Table; Calibration.Model gives the
// sim.Model and the notes that state each fit, for package scenarios to
// write as a scenario file.
//
// Its tests fit the Anonymous Bank call-center data (Technion Service
// Enterprise Engineering Center, I. Guedj and A. Mandelbaum; see Brown et
// al. (2005), Journal of the American Statistical Association
// 100(469):36-50): the excerpts committed in contactlog/testdata, and the
// full log when it is on the machine.
package calibrate
