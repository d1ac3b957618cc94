package forecast

import (
	"fmt"
	"math"
	"slices"

	"github.com/ccsim/ccsim/contactlog"
)

// specialFit is what a history teaches about its special days: for each
// kind (and each name that recurs), the factor by which such a day's
// volume differs from the usual volume of its weekday, and the intraday
// profile of such days.
type specialFit struct {
	byKind, byName map[string]factorFit
}

// factorFit is the learned effect of one kind or name.
type factorFit struct {
	// Factor is the median, over the past days, of the day's volume over
	// the usual volume of its weekday around it; LogSD the spread of their
	// logarithms (0 with one day).
	Factor, LogSD float64
	Days          int
	// Profile is the pooled intraday shares of the past days (nil unless
	// there are two or more with volume).
	Profile []float64
}

// usualAround is the usual volume of the weekday of a date: the mean total
// of the same weekday's usual days within four weeks either side.
func (h *history) usualAround(d contactlog.DayVolume) float64 {
	n := contactlog.DayNumber(d.Date)
	sum, cnt := 0.0, 0
	for _, u := range h.normal {
		m := contactlog.DayNumber(u.Date)
		if m >= n-28 && m <= n+28 && u.Date.Weekday() == d.Date.Weekday() {
			sum += u.Total()
			cnt++
		}
	}
	if cnt == 0 {
		return math.NaN()
	}
	return sum / float64(cnt)
}

// fitSpecial learns the factors of the history's special days.
func fitSpecial(h *history) specialFit {
	type obs struct {
		ratio float64
		day   contactlog.DayVolume
	}
	byKind, byName := map[string][]obs{}, map[string][]obs{}
	for _, s := range h.special {
		usual := h.usualAround(s.DayVolume)
		if !(usual > 0) {
			continue
		}
		o := obs{s.Total() / usual, s.DayVolume}
		byKind[string(s.entry.Kind)] = append(byKind[string(s.entry.Kind)], o)
		if s.entry.Name != "" {
			byName[s.entry.Name] = append(byName[s.entry.Name], o)
		}
	}
	learn := func(groups map[string][]obs) map[string]factorFit {
		out := map[string]factorFit{}
		for k, os := range groups {
			r := make([]float64, len(os))
			var days []contactlog.DayVolume
			for i, o := range os {
				r[i] = o.ratio
				if o.day.Total() > 0 {
					days = append(days, o.day)
				}
			}
			slices.Sort(r)
			ff := factorFit{Factor: median(r), Days: len(r)}
			if len(r) > 1 {
				// The spread of the log factors, each floored at 1% so
				// that a day with almost nothing does not swamp it.
				var s, s2 float64
				for _, v := range r {
					l := math.Log(math.Max(v, 0.01))
					s += l
					s2 += l * l
				}
				n := float64(len(r))
				ff.LogSD = math.Sqrt(math.Max(0, (s2-s*s/n)/(n-1)))
			}
			if len(days) > 1 {
				ff.Profile = pooledShares(h.per, days)
			}
			out[k] = ff
		}
		return out
	}
	return specialFit{byKind: learn(byKind), byName: learn(byName)}
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// SpecialForecast says how a forecast day was treated as special.
type SpecialForecast struct {
	Entry contactlog.SpecialDay
	// Factor is the factor applied to the usual volume; Learned says it
	// came from Days past days (of the same name when ByName, else of the
	// same kind) rather than from the file.
	Factor  float64
	Learned bool
	ByName  bool
	Days    int
	// LogSD is the spread of the learned factor, widening the day's band.
	LogSD float64
	// Note explains a factor that could not be learned.
	Note string
}

// apply turns the usual forecast of a day into that of a special day.
func (sf specialFit) apply(e contactlog.SpecialDay, usual dayForecast) (dayForecast, SpecialForecast) {
	info := SpecialForecast{Entry: e, Factor: e.Factor}
	out := usual
	switch {
	case e.Kind == contactlog.Closed:
		info.Factor = 0
		return dayForecast{0, usual.shares}, info
	case !math.IsNaN(e.Factor):
		out.total *= e.Factor
		return out, info
	}
	ff, ok := sf.byName[e.Name]
	info.ByName = ok
	if !ok {
		ff, ok = sf.byKind[string(e.Kind)]
	}
	if !ok {
		info.Factor = 1
		info.Note = fmt.Sprintf("no past %s in the history to learn from: forecast as a usual day (give a factor in the file, such as %q)",
			e.Kind, string(e.Kind)+" 0.5")
		return out, info
	}
	info.Factor, info.Learned, info.Days, info.LogSD = ff.Factor, true, ff.Days, ff.LogSD
	out.total *= ff.Factor
	if ff.Profile != nil && usual.shares != nil {
		out.shares = ff.Profile
	}
	return out, info
}
