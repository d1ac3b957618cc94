// Package backtest replays a contact log through a model: each day's
// logged arrivals and inferred staffing go through the simulator, and the
// abandonment, service level and ASA it predicts are compared interval by
// interval with what the log shows, beside Erlang A and Erlang C on the
// same inputs.
//
// Its tests and the backtest in docs/calibration.md replay the Anonymous
// Bank call-center data (Technion Service Enterprise Engineering Center,
// I. Guedj and A. Mandelbaum; see Brown et al. (2005), Journal of the
// American Statistical Association 100(469):36-50).
package backtest
