package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestChallenge: the default method stays unless another is better by more
// than two standard errors of the per-day difference; a clear gain wins.
func TestChallenge(t *testing.T) {
	opt := Options{}
	_ = opt.defaults()
	def := -1
	for i, m := range methods {
		if m.name == defaultMethod {
			def = i
		}
	}
	naive := 0
	build := func(gain, noise float64, seed uint64) *rolling {
		r := &rolling{opt: &opt}
		rnd := rand.New(rand.NewPCG(seed, 1))
		for o := range int64(40) {
			r.origins = append(r.origins, o)
			tr := make([][]trial, len(methods))
			for k := 1; k <= 7; k++ {
				target := o + int64(k) - 1
				// The same day's errors, shared by all origins that
				// forecast it: per-day noise.
				day := rand.New(rand.NewPCG(uint64(target), 7))
				shared := noise * day.NormFloat64()
				for mi := range methods {
					abs := 100.0
					if mi == naive {
						abs += -gain + shared + 0.1*rnd.NormFloat64()
					}
					tr[mi] = append(tr[mi], trial{k: k, target: target, absI: abs, act: 1000, fc: 1000})
				}
			}
			r.trials = append(r.trials, tr)
		}
		return r
	}
	hs := []Horizon{{1, 7}}
	for _, c := range []struct {
		gain, noise float64
		want        string
	}{
		{10, 1, MethodNaive},     // 10 points better, little noise
		{0.5, 10, defaultMethod}, // half a point better, noise of 10
		{-5, 1, defaultMethod},   // worse
	} {
		r := build(c.gain, c.noise, 3)
		sel := r.selectMethods(hs, math.MaxInt64)
		if sel.Chosen[0] != c.want {
			t.Errorf("gain %v, noise %v: chose %s, want %s (scores %+v / %+v)", c.gain, c.noise, sel.Chosen[0], c.want,
				sel.Scores[naive][0].IntervalWAPE, sel.Scores[def][0].IntervalWAPE)
		}
	}
	// A forced method is kept whatever the scores.
	opt.Method = MethodSmoothing
	if sel := build(10, 1, 3).selectMethods(hs, math.MaxInt64); sel.Chosen[0] != MethodSmoothing {
		t.Errorf("forced method: chose %s", sel.Chosen[0])
	}
}

// TestPredictDeterministic: the same history gives the same forecast,
// byte for byte, however often it is made.
func TestPredictDeterministic(t *testing.T) {
	v := synthVolumes(120, 12)
	a, err := Predict(v, synthStart.AddDate(0, 0, 120), 30, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := Predict(v, synthStart.AddDate(0, 0, 120), 30, Options{})
		for i := range a.Days {
			if a.Days[i].Total != b.Days[i].Total || a.Days[i].Method != b.Days[i].Method {
				t.Fatalf("day %d: %+v then %+v", i, a.Days[i].Total, b.Days[i].Total)
			}
			for j := range a.Days[i].Intervals {
				if a.Days[i].Intervals[j] != b.Days[i].Intervals[j] {
					t.Fatalf("day %d interval %d differs", i, j)
				}
			}
		}
	}
}

// TestShortHistoryFallsBack: with three weeks of history, too short for
// the combination (four weeks) and for any rolling origin, the automatic
// choice forecasts with the damped regression, exactly as when it is
// asked for; with four weeks and more the combination is possible again.
func TestShortHistoryFallsBack(t *testing.T) {
	v := synthVolumes(21, 5)
	start := synthStart.AddDate(0, 0, 21)
	auto, err := Predict(v, start, 14, Options{})
	if err != nil {
		t.Fatal(err)
	}
	damped, err := Predict(v, start, 14, Options{Method: MethodDamped})
	if err != nil {
		t.Fatal(err)
	}
	for i := range auto.Days {
		if auto.Days[i].Method != MethodDamped || auto.Days[i].Total != damped.Days[i].Total {
			t.Fatalf("day %d: %s %v, damped regression %v", i, auto.Days[i].Method, auto.Days[i].Total, damped.Days[i].Total)
		}
	}
	long, err := Predict(synthVolumes(35, 5), synthStart.AddDate(0, 0, 35), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if long.Days[0].Method == MethodDamped {
		t.Errorf("five weeks of history still fall back to %s", long.Days[0].Method)
	}
}
