package scenarios

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

func loadFile(t *testing.T, name string) *sim.Model {
	t.Helper()
	return mustModel(t, filepath.Join("testdata", "files", name))
}

func TestReplayFiles(t *testing.T) {
	m := loadFile(t, "replay-times.yaml")
	// Listed out of order and with a comment and a blank line; replayed sorted.
	if got := m.Channels[0].Arrivals; !slices.Equal(got.Times, []float64{10, 3600.5, 7200, 90000}) || got.Rates != nil || got.Counts != nil {
		t.Errorf("times %+v", got)
	}
	m = loadFile(t, "replay-clock.yaml")
	if got := m.Channels[0].Arrivals.Times; !slices.Equal(got, []float64{25200, 25230, 86400 + 8*3600 + 15*60 + 0.25}) {
		t.Errorf("clock times %v", got)
	}
	m = loadFile(t, "replay-counts.yaml")
	counts := m.Channels[0].Arrivals.Counts
	if len(counts) != 48 || counts[3] != 3 || counts[24+3] != 3 || counts[24+4] != 4 || counts[5] != 0 {
		t.Errorf("counts repeated per day: %v", counts)
	}
	m = loadFile(t, "replay-counts-horizon.yaml")
	if counts := m.Channels[0].Arrivals.Counts; len(counts) != 48 || counts[47] != 47 {
		t.Errorf("counts over the horizon: %v", counts)
	}
}

func TestEmpiricalFromCDFFile(t *testing.T) {
	m := loadFile(t, "empirical-cdf.yaml")
	want := []sim.CDFPoint{{X: 0, P: 0}, {X: 60, P: 0.25}, {X: 180, P: 0.75}, {X: 600, P: 1}}
	if h := m.Channels[0].Handle; h.Kind != sim.Empirical || !slices.Equal(h.Points, want) {
		t.Errorf("handle %+v", h)
	}
}

func TestEmpiricalFromSamples(t *testing.T) {
	m := loadFile(t, "empirical-samples.yaml")
	h := m.Channels[0].Handle
	if h.Kind != sim.Empirical || len(h.Points) != quantilePoints {
		t.Fatalf("handle %v with %d points", h.Kind, len(h.Points))
	}
	// The file holds the 2,000 mid-quantiles of an exponential of mean
	// 200 s; their mean, computed here from the formula, is the reference.
	const n = 2000
	sum, lo, hi := 0.0, math.Inf(1), 0.0
	for i := range n {
		x := -200 * math.Log(1-(float64(i)+0.5)/n)
		sum += x
		lo, hi = min(lo, x), max(hi, x)
	}
	mean := sum / n
	first, last := h.Points[0], h.Points[len(h.Points)-1]
	if first.P != 0 || last.P != 1 || math.Abs(first.X-lo) > 1e-6 || math.Abs(last.X-hi) > 1e-6 {
		t.Errorf("CDF runs from %+v to %+v, want from (%v, 0) to (%v, 1)", first, last, lo, hi)
	}
	// Interpolating between 1,001 quantiles instead of 2,000 samples
	// shifts the mean a little (about 0.2% here), most in the long tail.
	if got := h.Average(); math.Abs(got-mean) > 0.005*mean {
		t.Errorf("mean %v, samples' mean %v", got, mean)
	}
}

// TestDataFileQuotes: a quote left open or a stray quote in a data file is
// a problem at its line, never a panic (reading the position of a row the
// CSV reader refused used to panic).
func TestDataFileQuotes(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"quote-open.yaml", "quote-open.csv:2:1: channels.phone.arrivals.file: unreadable CSV: the quote opened on line 2 is never closed"},
		{"quote-stray.yaml", `quote-stray.csv:2:1: channels.phone.arrivals.file: unreadable CSV: a " inside an unquoted field at column 2`},
		{"quote-cdf.yaml", "quote-cdf.csv:3:1: channels.phone.handle.file: unreadable CSV: the quote opened on line 3 is never closed"},
	} {
		_, err := Load(filepath.Join("testdata", "files", c.file))
		var e *Error
		if !errors.As(err, &e) || len(e.Problems) != 1 || !strings.Contains(e.Problems[0].String(), c.want) {
			t.Errorf("%s: %v, want one problem containing %q", c.file, err, c.want)
		}
	}
}

// TestDataFileBOM: a byte-order mark before the header, as spreadsheets
// write it, is not part of the header.
func TestDataFileBOM(t *testing.T) {
	m := loadFile(t, "bom.yaml")
	if got := m.Channels[0].Arrivals.Times; !slices.Equal(got, []float64{10, 7200}) {
		t.Errorf("times %v", got)
	}
}
