package forecast

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/bankdata"
	"github.com/ccsim/ccsim/internal/banklog"
)

// TestForecastTables prints every candidate method's WAPE by horizon on the bank's
// log, held back and rolling, as docs/calibration.md tabulates them. It
// checks nothing beyond running (TestBankForecastBeatsBaselines holds the
// claims) and runs only when asked:
//
//	CCSIM_FORECAST_TABLES=1 go test ./forecast -run TestForecastTables -v
func TestForecastTables(t *testing.T) {
	if os.Getenv("CCSIM_FORECAST_TABLES") == "" {
		t.Skip()
	}
	files := bankdata.Files(t, 0, 6)
	tab := banklog.Table(t, contactlog.AggregateOptions{IntervalSeconds: 1800}, files...)
	v := tab.Volumes()
	f, _ := os.Open("../contactlog/testdata/anonymous-bank-1999-special-days.txt")
	cal, err := contactlog.ReadSpecialDays(f, "cal")
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	sunthu := []time.Weekday{0, 1, 2, 3, 4}
	for _, c := range []struct {
		name           string
		from, to       string
		step, horizon  int
		special, score bool
	}{
		{"holdout Jun-Jul, cal, out", "1999-06-01", "1999-07-31", 0, 0, true, false},
		{"holdout Jun-Jul, cal, in", "1999-06-01", "1999-07-31", 0, 0, true, true},
		{"rolling, cal, out", "1999-03-01", "1999-07-31", 1, 91, true, false},
		{"rolling, cal, in", "1999-03-01", "1999-07-31", 1, 91, true, true},
	} {
		opt := Options{Exclude: []time.Time{d("1999-03-08")}}
		if c.special {
			opt.Special = cal
		}
		start := time.Now()
		ev, err := Evaluate(v, EvaluateOptions{Forecast: opt, TestFrom: d(c.from), TestTo: d(c.to), Step: c.step, Horizon: c.horizon,
			ScoreSpecial: c.score, Weekdays: sunthu, From: 7 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("== %s (%v) origins %d days %d special %d\n", c.name, time.Since(start).Round(time.Millisecond), ev.Origins, ev.Days, ev.Special)
		pr := func(name string, a Accuracy) {
			fmt.Printf("   %-18s %5.1f%% %5.1f%%  bias %+5.1f%%", name, 100*a.IntervalWAPE, 100*a.DayWAPE, 100*a.DayBias)
		}
		for _, h := range ev.ByHorizon {
			fmt.Printf(" h %d-%d (%d days) chosen %v\n", h.Horizon.From, h.Horizon.To, h.Days, h.Chosen)
			pr("FORECAST", h.Forecast)
			fmt.Printf("  cov %.2f %.2f\n", h.Forecast.IntervalCoverage, h.Forecast.DayCoverage)
			for i, b := range Baselines {
				pr("base "+b, h.Baselines[i])
				fmt.Println()
			}
			for i, m := range Methods() {
				pr(m, h.Methods[i])
				fmt.Println()
			}
		}
	}
}
