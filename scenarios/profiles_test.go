package scenarios

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/interp"

	"github.com/ccsim/ccsim/sim"
)

// referenceShares integrates a profile a different way from the package:
// gonum's piecewise-linear interpolator evaluated at the midpoint of every
// second of the day. The anchors sit on whole minutes, so each one-second
// cell lies on one linear piece, where the midpoint rule is exact: the two
// results may differ only by rounding.
func referenceShares(p *sim.Profile, step int) []float64 {
	xs := make([]float64, len(p.Points))
	ys := make([]float64, len(p.Points))
	for i, a := range p.Points {
		xs[i], ys[i] = a.At, a.Rate
	}
	var pl interp.PiecewiseLinear
	pl.Fit(xs, ys)
	cells := make([]float64, 86400)
	for s := range cells {
		t := float64(s) + 0.5
		if t > xs[0] && t < xs[len(xs)-1] {
			cells[s] = pl.Predict(t)
		}
	}
	total := floats.Sum(cells)
	out := make([]float64, 86400/step)
	for i := range out {
		out[i] = floats.Sum(cells[i*step:(i+1)*step]) / total
	}
	return out
}

func TestProfileSharesMatchReference(t *testing.T) {
	for _, name := range builtinProfileNames() {
		for _, step := range []int{900, 1800, 3600} {
			got, err := ProfileShares(name, step)
			if err != nil {
				t.Fatal(err)
			}
			want := referenceShares(builtinProfiles[name], step)
			for i := range got {
				// Sums of 86,400 terms round at about 1e-16 each.
				if !scalar.EqualWithinAbsOrRel(got[i], want[i], 1e-12, 1e-9) {
					t.Errorf("%s at %ds, interval %d: %v, reference %v", name, step, i, got[i], want[i])
				}
			}
			if sum := floats.Sum(got); math.Abs(sum-1) > 1e-12 {
				t.Errorf("%s at %ds: shares sum to %v", name, step, sum)
			}
		}
	}
}

func TestProfileSharesRescale(t *testing.T) {
	for _, name := range builtinProfileNames() {
		q, _ := ProfileShares(name, 900)
		h, _ := ProfileShares(name, 1800)
		for i := range h {
			if math.Abs(h[i]-(q[2*i]+q[2*i+1])) > 1e-15 {
				t.Errorf("%s: half-hour %d is %v, its quarters add to %v", name, i, h[i], q[2*i]+q[2*i+1])
			}
		}
	}
}

func TestProfileShapes(t *testing.T) {
	phone, _ := ProfileShares("phone", 1800)
	for i, v := range phone {
		if open := i >= 14 && i < 38; open != (v > 0) {
			t.Errorf("phone half-hour %d (from %02d:%02d): share %v; calls come 07:00-19:00", i, i/2, i%2*30, v)
		}
	}
	// The peak is around 11:00: the busiest half-hour starts at 10:30 or 11:00.
	if peak := floats.MaxIdx(phone); peak != 21 && peak != 22 {
		t.Errorf("phone peaks in half-hour %d", peak)
	}
	// Chat: every half-hour from 11:00 to 15:00 is busier than every other,
	// and no hour of the day is empty.
	chat, _ := ProfileShares("chat", 1800)
	low := floats.Min(chat[22:30])
	for i, v := range chat {
		if (i < 22 || i >= 30) && v >= low {
			t.Errorf("chat half-hour %d (%v) is as busy as the 11:00-15:00 peak (%v)", i, v, low)
		}
		if v == 0 {
			t.Errorf("chat half-hour %d is empty", i)
		}
	}
	flat, _ := ProfileShares("flat", 3600)
	for _, v := range flat {
		if math.Abs(v-1.0/24) > 1e-15 {
			t.Errorf("flat hour share %v", v)
		}
	}
	if _, err := ProfileShares("nope", 1800); err == nil {
		t.Error("an unknown profile gives no error")
	}
	if _, err := ProfileShares("flat", 7*60); err == nil {
		t.Error("an interval that does not divide a day gives no error")
	}
}

func TestCustomProfile(t *testing.T) {
	text := `
interval: 1h
profiles:
  lunch: {"11:00": 0, "12:00": 2, "13:00": 0}
channels:
  phone:
    kind: call
    arrivals: {per_day: 100, profile: lunch}
    handle: 4m
groups:
  team: {skills: [phone], staffing: [{from: "07:00", to: "19:00", agents: 5}]}
`
	s, err := Parse("custom.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Channels[0].Arrivals.Rates
	// A triangle from 11:00 to 13:00: half the day's volume in each hour.
	for i, v := range r {
		want := 0.0
		if i == 11 || i == 12 {
			want = 50.0 / 3600
		}
		if math.Abs(v-want) > 1e-15 {
			t.Errorf("hour %d: rate %v, want %v", i, v, want)
		}
	}
}
