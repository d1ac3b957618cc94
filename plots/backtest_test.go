package plots

import (
	"math"
	"testing"
)

// backtestFixture is a hand-made day of half-hours from 07:00: an
// observation and three models, with gaps (NaN) and one model far off.
func backtestFixture() []BacktestSeries {
	const n = 48
	mk := func(name string, shift, asaScale float64) BacktestSeries {
		s := BacktestSeries{Name: name, AbandonRate: make([]float64, n), ServiceLevel: make([]float64, n), ASA: make([]float64, n)}
		for i := range n {
			if i < 14 {
				s.AbandonRate[i], s.ServiceLevel[i], s.ASA[i] = math.NaN(), math.NaN(), math.NaN()
				continue
			}
			x := float64(i-14) / 34
			s.AbandonRate[i] = 0.1 + 0.1*math.Sin(math.Pi*x) + shift
			s.ServiceLevel[i] = 0.6 - 0.3*math.Sin(math.Pi*x) - shift
			s.ASA[i] = asaScale * (30 + 80*math.Sin(math.Pi*x))
		}
		return s
	}
	obs := mk("observed", 0, 1)
	obs.ServiceLevel[30] = math.NaN() // a gap in the observation
	return []BacktestSeries{obs, mk("simulator", 0.02, 1.2), mk("Erlang A", 0.03, 1.5), mk("Erlang C", -0.1, 20)}
}

func TestBacktestGolden(t *testing.T) {
	c, err := BacktestChart(1800, 20, "fixture: one day", backtestFixture())
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "backtest.png" {
		t.Errorf("file %q", c.File)
	}
	goldenPNG(t, "backtest.png", c.PNG)
}

func TestBacktestRejects(t *testing.T) {
	good := backtestFixture()
	short := backtestFixture()
	short[2].ASA = short[2].ASA[:10]
	for name, c := range map[string]struct {
		interval float64
		series   []BacktestSeries
	}{
		"no series":            {1800, nil},
		"interval not a day":   {7 * 60, good},
		"zero interval":        {0, good},
		"series of wrong size": {1800, short},
	} {
		if _, err := BacktestChart(c.interval, 20, "", c.series); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
