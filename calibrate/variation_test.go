package calibrate

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/contactlog"
)

// weeks returns the dates of n weeks from Sunday 1999-01-03.
func weeks(n int) []time.Time {
	var out []time.Time
	for d := range 7 * n {
		out = append(out, time.Date(1999, 1, 3+d, 0, 0, 0, 0, time.UTC))
	}
	return out
}

// worked lists the days of dates that keep says an agent worked.
func worked(dates []time.Time, keep func(week int, wd time.Weekday) bool) []int64 {
	var out []int64
	for i, d := range dates {
		if keep(i/7, d.Weekday()) {
			out = append(out, contactlog.DayNumber(d))
		}
	}
	return out
}

// TestFitAbsenceByHand: five agents who work Sunday to Thursday for ten
// weeks, each missing a Monday and a Thursday alone and a Tuesday and
// Wednesday in a row (leave); one who works a Friday in two (not a usual
// day); one who starts in week 6 and works every Sunday since. Worked out
// by hand: 5 × 50 + 5 = 255 expected, 10 missed alone, 10 in a row, rate
// 10 / 245.
func TestFitAbsenceByHand(t *testing.T) {
	dates := weeks(10)
	var agents []contactlog.AgentDays
	for k := range 5 {
		agents = append(agents, contactlog.AgentDays{Agent: string(rune('a' + k)), Days: worked(dates, func(w int, wd time.Weekday) bool {
			switch {
			case wd > time.Thursday:
				return false
			case w == 2 && wd == time.Monday, w == 7 && wd == time.Thursday:
				return false // alone
			case w == 4 && (wd == time.Tuesday || wd == time.Wednesday):
				return false // in a row: leave
			}
			return true
		})})
	}
	agents = append(agents,
		contactlog.AgentDays{Agent: "fri", Days: worked(dates, func(w int, wd time.Weekday) bool { return wd == time.Friday && w%2 == 0 })},
		contactlog.AgentDays{Agent: "late", Days: worked(dates, func(w int, wd time.Weekday) bool { return wd == time.Sunday && w >= 5 })})
	f := fitAbsence(dates, agents)
	if f.Why != "" || f.Agents != 7 || f.Regular != 6 || f.Expected != 255 || f.Missed != 10 || f.Leave != 10 {
		t.Fatalf("fit %+v", f)
	}
	if want := 10.0 / 245; math.Abs(f.Rate-want) > 1e-15 {
		t.Errorf("rate %v, want %v", f.Rate, want)
	}
	// Mondays: 55 − 0 in a row, 5 alone; Tuesdays: 5 of 50 in a row, none alone.
	if f.ByWeekday[time.Monday] != 5.0/50 || f.ByWeekday[time.Tuesday] != 0 || !math.IsNaN(f.ByWeekday[time.Saturday]) {
		t.Errorf("by weekday %v", f.ByWeekday)
	}
}

// TestFitAbsenceCannot: a log without agents, and one too short to show
// anyone's usual days, give no rate and say why.
func TestFitAbsenceCannot(t *testing.T) {
	dates := weeks(10)
	if f := fitAbsence(dates, nil); f.Rate != 0 || !strings.Contains(f.Why, "names no agent") {
		t.Errorf("no agents: %+v", f)
	}
	short := weeks(3)
	every := contactlog.AgentDays{Agent: "x", Days: worked(short, func(int, time.Weekday) bool { return true })}
	if f := fitAbsence(short, []contactlog.AgentDays{every}); f.Rate != 0 || !strings.Contains(f.Why, "only 0 agent-days") {
		t.Errorf("three weeks: %+v", f)
	}
}

// TestFitDemandRecovers: thirty weeks of counts, each interval negative
// binomial of variance D × mean around a day whose volume is its mean
// times a gamma of coefficient of variation 10%, with two holidays at a
// third of the volume, all in the morning: the holidays are found and left out, D comes back
// within 6% and the day's variation within 2.5 points (seeded; the
// estimates' standard errors are about 1.5% and 1 point).
func TestFitDemandRecovers(t *testing.T) {
	const D, cv, per = 3.0, 0.10, 24
	r := rand.New(rand.NewPCG(7, 9))
	dates := weeks(30)
	fits := dayTypeFits(Options{}, per)
	profile := make([]float64, per)
	for i := range profile {
		profile[i] = 1 + math.Sin(float64(i)/per*math.Pi)
	}
	var days [][]float64
	var types []int
	for d, date := range dates {
		k := int(date.Weekday())
		volume := 1000 * (1 + 0.3*float64(k%3))
		g := distuv.Gamma{Alpha: 1 / (cv * cv), Beta: 1 / (cv * cv), Src: r}.Rand()
		shape := profile
		if d == 40 || d == 101 {
			// A holiday: a third of the volume, all in the morning.
			g, shape = 0.33, append(slices.Repeat([]float64{1}, per/2), make([]float64, per/2)...)
		}
		total := 0.0
		for _, p := range shape {
			total += p
		}
		counts := make([]float64, per)
		for i, p := range shape {
			mean := volume * g * p / total
			if mean == 0 {
				continue
			}
			k := mean / (D - 1)
			counts[i] = distuv.Poisson{Lambda: distuv.Gamma{Alpha: k, Beta: k / mean, Src: r}.Rand(), Src: r}.Rand()
		}
		days, types = append(days, counts), append(types, k)
		for i, c := range counts {
			fits[k].Shares[i] += c
		}
	}
	for k := range fits {
		s := 0.0
		for _, v := range fits[k].Shares {
			s += v
		}
		for i := range fits[k].Shares {
			fits[k].Shares[i] /= s
		}
	}
	f := fitDemand(dates, days, types, fits)
	t.Logf("dispersion %.3f (all days %.3f), day cv %.4f over %d days, outliers %v", f.Dispersion, f.AllDays, f.DayCV, f.Days, f.Outliers)
	if !slices.Equal(f.Outliers, []time.Time{dates[40], dates[101]}) {
		t.Errorf("outliers %v, want %v and %v", f.Outliers, dates[40], dates[101])
	}
	if math.Abs(f.Dispersion-D) > 0.06*D {
		t.Errorf("dispersion %.3f, want %v", f.Dispersion, D)
	}
	if math.Abs(f.DayCV-cv) > 0.025 {
		t.Errorf("day cv %.4f, want %v", f.DayCV, cv)
	}
	if !(f.AllDays > f.Dispersion) {
		t.Errorf("the holidays did not raise the dispersion over all days: %v", f.AllDays)
	}
}
