package forecast

import (
	"os"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/bankdata"
	"github.com/ccsim/ccsim/internal/banklog"
)

// bankSpecialDays reads the committed special-days file of the bank: the
// 1999 holidays of the Hebrew calendar and the election day.
func bankSpecialDays(t testing.TB) contactlog.SpecialDays {
	f, err := os.Open("../contactlog/testdata/anonymous-bank-1999-special-days.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := contactlog.ReadSpecialDays(f, "special-days")
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

var (
	june1  = time.Date(1999, 6, 1, 0, 0, 0, 0, time.UTC)
	march1 = time.Date(1999, 3, 1, 0, 0, 0, 0, time.UTC)
	july31 = time.Date(1999, 7, 31, 0, 0, 0, 0, time.UTC)
	// logGap is 8 March 1999, whose log stops at 11:30: data lost, not a
	// calendar day; it is left out of every history and score.
	logGap = []time.Time{time.Date(1999, 3, 8, 0, 0, 0, 0, time.UTC)}
	sunThu = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	// holdoutHorizons are the ranges a single origin is scored in: one
	// origin gives one day 1 day ahead, too few to score alone.
	holdoutHorizons = []Horizon{{1, 14}, {15, 28}, {29, 61}}
)

// TestBankForecastBeatsBaselines is the evaluation of docs/calibration.md
// on the Anonymous Bank log (Technion SEE Center; Brown et al. 2005):
// January-May as history with June-July held back, and rolling origins
// every day from 1 March to 31 July, each forecasting up to 13 weeks
// ahead; Sunday-Thursday 07:00-24:00 half-hours scored, with the special
// days left out of the scores and scored in. At every horizon range the
// forecast must beat both seasonal baselines (the weekday-by-interval mean
// of 8 weeks and the profile times the 4 weeks' level) per interval and per
// day, and its 80% bands must cover between 70% and 95%.
func TestBankForecastBeatsBaselines(t *testing.T) {
	tab := banklog.Table(t, contactlog.AggregateOptions{IntervalSeconds: 1800}, bankdata.Files(t, 0, 6)...)
	v := tab.Volumes()
	cal := bankSpecialDays(t)
	for _, c := range []struct {
		name          string
		from          time.Time
		step, horizon int
		horizons      []Horizon
	}{
		{"held back June-July", june1, 0, 0, holdoutHorizons},
		{"rolling origins", march1, 1, MaxHorizon, nil},
	} {
		for _, scoreSpecial := range []bool{false, true} {
			ev, err := Evaluate(v, EvaluateOptions{Forecast: Options{Exclude: logGap, Special: cal},
				TestFrom: c.from, TestTo: july31, Step: c.step, Horizon: c.horizon, Horizons: c.horizons,
				ScoreSpecial: scoreSpecial, Weekdays: sunThu, From: 7 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s, special days scored %v: %d origins, %d day forecasts (%d special)", c.name, scoreSpecial, ev.Origins, ev.Days, ev.Special)
			if scoreSpecial != (ev.Special > 0) {
				t.Errorf("%d special days scored", ev.Special)
			}
			for _, h := range ev.ByHorizon {
				fc := h.Forecast
				t.Logf("  days %d-%d (%d): forecast %.1f%%/%.1f%%, weekly mean %.1f%%/%.1f%%, recent level %.1f%%/%.1f%%; coverage %.2f/%.2f",
					h.Horizon.From, h.Horizon.To, h.Days, 100*fc.IntervalWAPE, 100*fc.DayWAPE,
					100*h.Baselines[1].IntervalWAPE, 100*h.Baselines[1].DayWAPE, 100*h.Baselines[2].IntervalWAPE, 100*h.Baselines[2].DayWAPE,
					fc.IntervalCoverage, fc.DayCoverage)
				for b, name := range Baselines[1:] {
					base := h.Baselines[b+1]
					if fc.IntervalWAPE >= base.IntervalWAPE || fc.DayWAPE >= base.DayWAPE {
						t.Errorf("%s, days %d-%d: the forecast (%.4f/%.4f) does not beat %s (%.4f/%.4f)", c.name, h.Horizon.From, h.Horizon.To,
							fc.IntervalWAPE, fc.DayWAPE, name, base.IntervalWAPE, base.DayWAPE)
					}
				}
				// 80% bands: with few days in a range (10 in the first of
				// the held-back ones) a share of days has a standard error
				// near 0.13; the intervals of one day share its error.
				if c := fc.IntervalCoverage; c < 0.7 || c > 0.95 {
					t.Errorf("days %d-%d: interval coverage %.3f", h.Horizon.From, h.Horizon.To, c)
				}
			}
		}
	}
}
