package contactlog

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestDurationsMerge(t *testing.T) {
	ln := distuv.LogNormal{Mu: 5, Sigma: 1.2, Src: rand.NewPCG(3, 4)}
	xs := make([]float64, 3000)
	for i := range xs {
		xs[i] = math.Ceil(ln.Rand()) // whole seconds, as a log records them
	}
	xs = append(xs, 0, 20000, -1) // a zero, one past the histogram, a negative
	of := func(xs []float64) *Durations {
		var d Durations
		for _, x := range xs {
			d.Add(x)
		}
		return &d
	}
	whole := of(xs)
	a, b := of(xs[:1000]), of(xs[1000:])
	var merged Durations
	merged.Merge(a)
	merged.Merge(b)
	if merged.N != whole.N || merged.Zero != 2 || merged.Min != whole.Min || merged.Max != whole.Max {
		t.Errorf("merged N %d zero %d min %v max %v; whole %d %d %v %v",
			merged.N, merged.Zero, merged.Min, merged.Max, whole.N, whole.Zero, whole.Min, whole.Max)
	}
	mm, mv := merged.LogMoments()
	wm, wv := whole.LogMoments()
	for _, p := range [][2]float64{{merged.Mean(), whole.Mean()}, {merged.CV(), whole.CV()}, {mm, wm}, {mv, wv}} {
		if !scalar.EqualWithinRel(p[0], p[1], 1e-12) {
			t.Errorf("merged %v, whole %v", p[0], p[1])
		}
	}
	mh, mo := merged.Histogram()
	wh, wo := whole.Histogram()
	if !slices.Equal(mh, wh) || mo != wo {
		t.Errorf("histograms differ: %d and %d over the limit", mo, wo)
	}
	n := wo
	for _, c := range wh {
		n += c
	}
	if n != int64(whole.N) {
		t.Errorf("the histogram holds %d values, N is %d", n, whole.N)
	}

	// The moments against gonum on the positive values.
	var pos, logs []float64
	for _, x := range xs {
		if x > 0 {
			pos = append(pos, x)
			logs = append(logs, math.Log(x))
		}
	}
	mean, sd := stat.PopMeanStdDev(pos, nil)
	lm, lsd := stat.PopMeanStdDev(logs, nil)
	if !scalar.EqualWithinRel(whole.Mean(), mean, 1e-12) || !scalar.EqualWithinRel(whole.CV(), sd/mean, 1e-12) ||
		!scalar.EqualWithinRel(wm, lm, 1e-12) || !scalar.EqualWithinRel(wv, lsd*lsd, 1e-12) {
		t.Errorf("mean %v CV %v log %v %v; gonum %v %v %v %v", whole.Mean(), whole.CV(), wm, wv, mean, sd/mean, lm, lsd*lsd)
	}
}

// TestWaitsMerge: waits recorded in two parts and merged hold what the
// whole gives, bin for bin.
func TestWaitsMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var whole, a, b Waits
	for i := range 2000 {
		w, abandoned := math.Floor(r.ExpFloat64()*90), r.IntN(3) == 0
		if i == 7 {
			w = 2 * HistogramLimit
		}
		whole.Add(w, abandoned)
		if i%2 == 0 {
			a.Add(w, abandoned)
		} else {
			b.Add(w, abandoned)
		}
	}
	whole.Add(math.NaN(), true) // ignored
	a.Merge(&b)
	ha, hw := a.Histogram(), whole.Histogram()
	if a.Abandoned != whole.Abandoned || a.Answered != whole.Answered || a.Abandoned+a.Answered != 2000 ||
		!scalar.EqualWithinRel(a.Total, whole.Total, 1e-12) {
		t.Errorf("merged %+v, whole %+v", a, whole)
	}
	if !slices.Equal(ha.Abandoned, hw.Abandoned) || !slices.Equal(ha.Answered, hw.Answered) ||
		ha.OverAbandoned+ha.OverAnswered != 1 || ha.OverSum != 2*HistogramLimit || ha.OverAbandoned != hw.OverAbandoned {
		t.Errorf("histograms differ: %+v %+v", ha.OverAbandoned, hw.OverAbandoned)
	}
	if len(ha.Abandoned) != len(ha.Answered) {
		t.Errorf("bins of %d and %d seconds", len(ha.Abandoned), len(ha.Answered))
	}
}
