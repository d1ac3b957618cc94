package calibrate

import (
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/ccsim/ccsim/contactlog"
)

// DemandFit is how much more the log's volumes vary than Poisson: within
// a day (Dispersion, of interval counts around their share of the day's
// volume) and from day to day (DayCV, of daily volumes around their day
// type's beyond what Dispersion explains). Days whose volume is below 60%
// or above 150% of their day type's median (holidays, outages: days a
// planner knows apart) are left out of both, as the forecast's list of
// outlier days was made (docs/calibration.md). Why says why a figure could
// not be fitted (it is then 0).
type DemandFit struct {
	// Dispersion is Pearson's chi-square of the interval counts around the
	// day's volume times the day type's share, over its degrees of freedom
	// (contactlog.IntervalDispersion with the days' totals counted): the D
	// of negative binomial interval counts of variance D × mean. DF are its
	// degrees of freedom; AllDays is the same over every day, outliers too.
	Dispersion, AllDays float64
	DF                  int
	// DayCV is the coefficient of variation of a day's volume beyond the
	// dispersion: per day type, from the standard deviation s of its daily
	// volumes, cv² = (s² − Dispersion × mean) / mean², pooled over the
	// types weighted by their days less one.
	DayCV float64
	// Days counts the days behind the figures; Outliers those left out.
	Days     int
	Outliers []time.Time
	Why      string
}

// minDemandDays is the fewest days of a type that tell its spread.
const minDemandDays = 3

// Outlier days are below outlierLow or above outlierHigh times their day
// type's median volume.
const outlierLow, outlierHigh = 0.6, 1.5

// fitDemand measures the demand's variation: days[d] are the counts per
// interval of dates[d], types[d] its index into fits.
func fitDemand(dates []time.Time, days [][]float64, types []int, fits []DayTypeFit) DemandFit {
	var f DemandFit
	shares := make([][]float64, len(fits))
	for k := range fits {
		shares[k] = fits[k].Shares
	}
	_, f.AllDays, _ = contactlog.IntervalDispersion(days, types, shares, true)
	volumes := make([][]float64, len(fits))
	for d, ty := range types {
		volumes[ty] = append(volumes[ty], sum(days[d]))
	}
	medians := make([]float64, len(fits))
	for k, v := range volumes {
		if len(v) > 0 {
			v = slices.Clone(v)
			slices.Sort(v)
			medians[k] = stat.Quantile(0.5, stat.Empirical, v, nil)
		}
	}
	var keptDays [][]float64
	var keptTypes []int
	kept := make([][]float64, len(fits))
	for d, ty := range types {
		if v := sum(days[d]); v < outlierLow*medians[ty] || v > outlierHigh*medians[ty] {
			f.Outliers = append(f.Outliers, dates[d])
			continue
		}
		keptDays, keptTypes = append(keptDays, days[d]), append(keptTypes, ty)
		kept[ty] = append(kept[ty], sum(days[d]))
	}
	// The shares are the log's, outliers included: those the scenario
	// carries.
	_, f.Dispersion, f.DF = contactlog.IntervalDispersion(keptDays, keptTypes, shares, true)
	if f.DF == 0 {
		f.Why = "no day type has two days with contacts"
		return f
	}
	var num, weight float64
	for _, vol := range kept {
		if len(vol) < minDemandDays {
			continue
		}
		mean, sd := stat.MeanStdDev(vol, nil)
		if mean <= 0 {
			continue
		}
		w := float64(len(vol) - 1)
		num += w * (sd*sd - f.Dispersion*mean) / (mean * mean)
		weight += w
		f.Days += len(vol)
	}
	if weight == 0 {
		f.Why = fmt.Sprintf("no day type has %d days with contacts", minDemandDays)
		return f
	}
	f.DayCV = math.Sqrt(math.Max(0, num/weight))
	return f
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// AbsenceFit is how often agents missed a single day they usually work.
// An agent usually works a weekday when, over the span from the first to
// the last day the log shows the agent at work, the agent worked on at
// least three quarters of that weekday's days with contacts, and at least
// minAbsenceWeeks of them. Of those expected days (in calendar order, per
// agent), a missed day between two days worked is an absence; two or more
// missed in a row are leave or a changed rota, planned ahead, and are left
// out. Rate is Missed / (Expected − Leave); Why says why it could not be
// fitted (Rate is then 0).
type AbsenceFit struct {
	Agents, Regular         int // agents named; agents with a usual weekday
	Expected, Missed, Leave int // agent-days expected; missed alone; missed in a row
	Rate                    float64
	Why                     string
	// ByWeekday is the rate on each weekday (NaN when none is expected).
	ByWeekday [7]float64
}

const (
	minAbsenceWeeks    = 4    // a weekday's days an agent needs to usually work it
	regularShare       = 0.75 // of its days an agent must work a weekday to usually work it
	minAbsenceExpected = 200  // agent-days expected for a rate worth giving
)

// fitAbsence estimates absence from the days agents worked; dates are the
// days with contacts, ascending.
func fitAbsence(dates []time.Time, agents []contactlog.AgentDays) AbsenceFit {
	var f AbsenceFit
	f.Agents = len(agents)
	for wd := range f.ByWeekday {
		f.ByWeekday[wd] = math.NaN()
	}
	if len(agents) == 0 {
		f.Why = "the log names no agent"
		return f
	}
	type day struct {
		wd     time.Weekday
		worked bool
	}
	var expected, missed, leave [7]int
	for _, a := range agents {
		if len(a.Days) == 0 {
			continue
		}
		first, last := a.Days[0], a.Days[len(a.Days)-1]
		var span []day
		var days, worked [7]int
		for _, d := range dates {
			n := contactlog.DayNumber(d)
			if n < first || n > last {
				continue
			}
			_, ok := slices.BinarySearch(a.Days, n)
			span = append(span, day{d.Weekday(), ok})
			days[d.Weekday()]++
			if ok {
				worked[d.Weekday()]++
			}
		}
		var usual [7]bool
		for wd := range 7 {
			usual[wd] = days[wd] >= minAbsenceWeeks && float64(worked[wd]) >= regularShare*float64(days[wd])
		}
		var seq []day // the expected days, in calendar order
		for _, d := range span {
			if usual[d.wd] {
				seq = append(seq, d)
			}
		}
		if len(seq) > 0 {
			f.Regular++
		}
		for i, d := range seq {
			expected[d.wd]++
			if d.worked {
				continue
			}
			alone := (i == 0 || seq[i-1].worked) && (i == len(seq)-1 || seq[i+1].worked)
			if alone {
				missed[d.wd]++
			} else {
				leave[d.wd]++
			}
		}
	}
	for wd := range 7 {
		f.Expected += expected[wd]
		f.Missed += missed[wd]
		f.Leave += leave[wd]
		if n := expected[wd] - leave[wd]; n > 0 {
			f.ByWeekday[wd] = float64(missed[wd]) / float64(n)
		}
	}
	if f.Expected-f.Leave < minAbsenceExpected {
		f.Why = fmt.Sprintf("only %d agent-days on days agents usually work (at least %d needed: agents working the same weekday on %.0f%% of %d weeks or more)",
			f.Expected-f.Leave, minAbsenceExpected, 100*regularShare, minAbsenceWeeks)
		return f
	}
	f.Rate = float64(f.Missed) / float64(f.Expected-f.Leave)
	return f
}
