package sim

import (
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// disperse returns one replication's arrival rates for over-dispersed
// demand: the model's rates times, per day, one gamma variate of mean 1
// and coefficient of variation DayCV, and then, per interval, one gamma
// variate of mean 1 and shape m / (Dispersion − 1), m being the
// interval's expected count after the day's factor (rate × the seconds it
// takes arrivals). Given the day's factor an interval's count is then
// negative binomial with variance Dispersion × m; over the days its
// variance is Dispersion × m + (m × DayCV)².
func (e *engine) disperse(ch *Channel, src rand.Source) []float64 {
	a := &ch.Arrivals
	out := slices.Clone(a.Rates)
	if cv := a.DayCV; cv > 0 {
		k := 1 / (cv * cv)
		g := distuv.Gamma{Alpha: k, Beta: k, Src: src}
		day, f := -1, 1.0
		for i := range out {
			if d := e.dayOf(i); d != day {
				day, f = d, g.Rand()
			}
			out[i] *= f
		}
	}
	if d := a.Dispersion; d > 1 {
		for i, r := range out {
			m := r * e.open(ch, i)
			if !(m > 0) {
				continue
			}
			shape := m / (d - 1)
			out[i] = r * distuv.Gamma{Alpha: shape, Beta: shape, Src: src}.Rand()
		}
	}
	return out
}

// open is how long a channel takes arrivals in interval i: a real-time
// channel with opening hours only while open.
func (e *engine) open(ch *Channel, i int) float64 {
	if ch.Realtime() && ch.Hours != nil {
		from := float64(i) * e.ilen
		return ch.OpenSeconds(from, from+e.ilen)
	}
	return e.ilen
}

// dayOf is the day (from 0) that interval i starts in.
func (e *engine) dayOf(i int) int { return int(float64(i) * e.ilen / 86400) }
