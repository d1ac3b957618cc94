package contactlog

import "math"

// HistogramLimit is the longest duration, in seconds, that the 1-second
// histograms of Durations and Waits resolve; longer ones are only counted
// and summed.
const HistogramLimit = 4 * 3600

// Durations accumulates positive durations (handle times, after-contact
// work) for fitting, without keeping the values: the sums the maximum
// likelihood fits need and a histogram in 1-second bins for the goodness of
// fit. Memory is bounded whatever the number of values. The zero value is
// ready to use.
type Durations struct {
	// N counts the positive values; Zero counts values <= 0, which the
	// fits leave out (lognormal and gamma give no weight to 0).
	N, Zero int
	// Min and Max are over the positive values.
	Min, Max float64

	mean, m2       float64 // Welford mean and sum of squared deviations
	logMean, logM2 float64 // the same for log x
	hist           []int64 // counts in [k, k+1) seconds
	overN          int64   // values >= HistogramLimit
}

// Add records one duration in seconds. NaN and infinite values are
// counted as Zero: they cannot be fitted.
func (d *Durations) Add(x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		d.Zero++
		return
	}
	d.N++
	n := float64(d.N)
	delta := x - d.mean
	d.mean += delta / n
	d.m2 += delta * (x - d.mean)
	lx := math.Log(x)
	delta = lx - d.logMean
	d.logMean += delta / n
	d.logM2 += delta * (lx - d.logMean)
	if d.N == 1 || x < d.Min {
		d.Min = x
	}
	if x > d.Max {
		d.Max = x
	}
	if x >= HistogramLimit {
		d.overN++
		return
	}
	k := int(x)
	if k >= len(d.hist) {
		d.hist = append(d.hist, make([]int64, k+1-len(d.hist))...)
	}
	d.hist[k]++
}

// Merge adds the values recorded in o.
func (d *Durations) Merge(o *Durations) {
	if o.N == 0 {
		d.Zero += o.Zero
		return
	}
	if d.N == 0 {
		zero := d.Zero
		*d = *o
		d.hist = append([]int64(nil), o.hist...)
		d.Zero += zero
		return
	}
	n1, n2 := float64(d.N), float64(o.N)
	n := n1 + n2
	delta := o.mean - d.mean
	d.m2 += o.m2 + delta*delta*n1*n2/n
	d.mean += delta * n2 / n
	delta = o.logMean - d.logMean
	d.logM2 += o.logM2 + delta*delta*n1*n2/n
	d.logMean += delta * n2 / n
	d.N += o.N
	d.Zero += o.Zero
	d.Min = math.Min(d.Min, o.Min)
	d.Max = math.Max(d.Max, o.Max)
	if len(o.hist) > len(d.hist) {
		d.hist = append(d.hist, make([]int64, len(o.hist)-len(d.hist))...)
	}
	for k, c := range o.hist {
		d.hist[k] += c
	}
	d.overN += o.overN
}

// Mean is the mean of the positive values.
func (d *Durations) Mean() float64 { return d.mean }

// CV is the coefficient of variation (population standard deviation over
// mean) of the positive values.
func (d *Durations) CV() float64 {
	if d.N == 0 {
		return 0
	}
	return math.Sqrt(d.m2/float64(d.N)) / d.mean
}

// LogMoments are the mean and the population variance (over N) of log x
// for the positive values: the lognormal's maximum-likelihood parameters.
func (d *Durations) LogMoments() (mean, variance float64) {
	return d.logMean, d.logM2 / float64(d.N)
}

// Histogram returns the counts of the positive values in each whole
// second [k, k+1) below HistogramLimit, and how many were at or above it.
// The slice is the accumulator's own: read it, do not change it.
func (d *Durations) Histogram() (bins []int64, over int64) { return d.hist, d.overN }

// Waits accumulates the waits of real-time contacts for estimating
// patience. Patience is censored: a caller who was answered after w
// seconds would have waited at least w, so an answered wait is a lower
// bound on patience (censored) and an abandoned wait is an observed
// patience (an event). Waits are resolved to 1 second for the
// Kaplan–Meier estimate; totals are exact. The zero value is ready to use.
type Waits struct {
	// Abandoned and Answered count the waits added.
	Abandoned, Answered int
	// Total is the time waited by everyone, in seconds.
	Total float64

	events, censored []int64 // per whole second, below HistogramLimit
	overEvents       int64   // abandoned waits >= HistogramLimit
	overCensored     int64
	overSum          float64 // sum of the waits >= HistogramLimit
}

// Add records one wait in seconds, abandoned or answered. Negative, NaN
// and infinite waits are ignored.
func (w *Waits) Add(wait float64, abandoned bool) {
	if !(wait >= 0) || math.IsInf(wait, 0) {
		return
	}
	w.Total += wait
	if abandoned {
		w.Abandoned++
	} else {
		w.Answered++
	}
	if wait >= HistogramLimit {
		w.overSum += wait
		if abandoned {
			w.overEvents++
		} else {
			w.overCensored++
		}
		return
	}
	k := int(wait)
	if k >= len(w.events) {
		grow := k + 1 - len(w.events)
		w.events = append(w.events, make([]int64, grow)...)
		w.censored = append(w.censored, make([]int64, grow)...)
	}
	if abandoned {
		w.events[k]++
	} else {
		w.censored[k]++
	}
}

// Merge adds the waits recorded in o.
func (w *Waits) Merge(o *Waits) {
	w.Abandoned += o.Abandoned
	w.Answered += o.Answered
	w.Total += o.Total
	if len(o.events) > len(w.events) {
		grow := len(o.events) - len(w.events)
		w.events = append(w.events, make([]int64, grow)...)
		w.censored = append(w.censored, make([]int64, grow)...)
	}
	for k := range o.events {
		w.events[k] += o.events[k]
		w.censored[k] += o.censored[k]
	}
	w.overEvents += o.overEvents
	w.overCensored += o.overCensored
	w.overSum += o.overSum
}

// WaitHistogram is what Waits holds at 1-second resolution, for the
// Kaplan–Meier estimate.
type WaitHistogram struct {
	// Abandoned and Answered count the waits in each whole second [k, k+1)
	// below HistogramLimit; the two slices have the same length.
	Abandoned, Answered []int64
	// OverAbandoned and OverAnswered count the waits at or above the
	// limit, and OverSum is their total in seconds.
	OverAbandoned, OverAnswered int64
	OverSum                     float64
}

// Histogram returns the waits per whole second. The slices are the
// accumulator's own: read them, do not change them.
func (w *Waits) Histogram() WaitHistogram {
	return WaitHistogram{Abandoned: w.events, Answered: w.censored,
		OverAbandoned: w.overEvents, OverAnswered: w.overCensored, OverSum: w.overSum}
}
