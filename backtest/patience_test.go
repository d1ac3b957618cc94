package backtest

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/banklog"
	"github.com/ccsim/ccsim/sim"
)

// reportMorning is two hours of quarter-hour report rows, each with the
// abandoned count and staff given.
func reportMorning(abandoned, staffed float64) []contactlog.IntervalRecord {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	var rows []contactlog.IntervalRecord
	for i := 36; i < 44; i++ { // 09:00-11:00
		n := float64(30 + 3*i%7)
		rows = append(rows, contactlog.IntervalRecord{Start: day.Add(time.Duration(i) * 15 * time.Minute), Length: 15 * time.Minute,
			Offered: n, Answered: n - abandoned, Abandoned: abandoned, AHT: 200, ASA: 30, ServiceLevel: 0.6, Staffed: staffed})
	}
	return rows
}

// reportReplay is a replay of rows through model.
func reportReplay(t *testing.T, model *sim.Model, rows []contactlog.IntervalRecord) *Replay {
	t.Helper()
	b, err := New(model, Options{Replications: 4, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := b.AddRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// TestFitPatienceMatchesAbandonment fits the patience to report rows that
// abandon 3 of about 33 calls a quarter-hour and checks the fit against
// independent replays: at the fitted mean the simulator abandons what
// the fit says, within what the bisection promises of the reports'
// share; a third less patience abandons more and a third more abandons
// fewer (the search rests on that order, which common random numbers
// make hold replay by replay); and the Replay keeps its own patience.
func TestFitPatienceMatchesAbandonment(t *testing.T) {
	model := calibrated(t, calibrate.Options{}, dayExcerptPath)
	b := reportReplay(t, model, reportMorning(3, 12))
	keep := b.model.Channels[0].Patience
	var calls []float64
	fit, err := b.FitPatience(context.Background(), 60, func(done float64) { calls = append(calls, done) })
	if err != nil {
		t.Fatal(err)
	}
	if fit.AtBound {
		t.Fatalf("no patience within 64 times the start matched: %+v", fit)
	}
	if b.model.Channels[0].Patience != keep {
		t.Errorf("the Replay's patience changed from %v to %v", keep, b.model.Channels[0].Patience)
	}
	// Two ends of the range, the halvings and the replay at the fit.
	if fit.Runs != patienceHalvings+3 || len(calls) != fit.Runs || calls[len(calls)-1] != 1 || fit.Days != 1 {
		t.Errorf("runs %d, progress %v, days %d", fit.Runs, calls, fit.Days)
	}
	abandon := func(mean float64) float64 {
		d := sim.Exp(mean)
		b.model.Channels[0].Patience = &d
		defer func() { b.model.Channels[0].Patience = keep }()
		r, err := b.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return r.Summary.Observed.AbandonRate + r.Summary.Bias.Sim.AbandonRate
	}
	if at := abandon(fit.Mean); at != fit.Predicted {
		t.Errorf("replayed at %.1f s: %v, the fit says %v", fit.Mean, at, fit.Predicted)
	}
	// The bisection ends with the log of the mean within 12 halvings of
	// a range of 64² (its width is about 0.2% of the mean), and each
	// replay of 4 repetitions of about 260 calls moves in steps of
	// 1/1,040 of abandonment: the match is well within a point.
	if math.Abs(fit.Predicted-fit.Observed) > 0.01 {
		t.Errorf("at %.1f s the simulator abandons %.4f, the reports %.4f", fit.Mean, fit.Predicted, fit.Observed)
	}
	less, more := abandon(fit.Mean/1.5), abandon(fit.Mean*1.5)
	if !(less > fit.Observed && more < fit.Observed) {
		t.Errorf("abandonment %.4f at %.1f s and %.4f at %.1f s does not bracket the reports' %.4f",
			less, fit.Mean/1.5, more, fit.Mean*1.5, fit.Observed)
	}
	t.Logf("patience %.1f s: abandonment %.4f, reports %.4f; a third either side: %.4f / %.4f", fit.Mean, fit.Predicted, fit.Observed, less, more)
}

// TestFitPatienceEnds: a start that is no mean is refused; a staff so
// large that even the least patience abandons fewer than the reports
// ends at the range's low end, and one so small that the most patience
// abandons more at its high end, each marked AtBound; reports without
// abandonment leave nothing to fit.
func TestFitPatienceEnds(t *testing.T) {
	model := calibrated(t, calibrate.Options{}, dayExcerptPath)
	for _, start := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := reportReplay(t, model, reportMorning(3, 7)).FitPatience(context.Background(), start, nil); err == nil {
			t.Errorf("start %v: no error", start)
		}
	}
	cases := []struct {
		name      string
		abandoned float64
		staffed   float64
		mean      float64
	}{
		{"large staff, few abandon", 1, 40, 60.0 / 64},
		{"small staff, most abandon", 25, 1, 60 * 64},
	}
	for _, c := range cases {
		fit, err := reportReplay(t, model, reportMorning(c.abandoned, c.staffed)).FitPatience(context.Background(), 60, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !fit.AtBound || math.Abs(fit.Mean-c.mean) > 1e-9*c.mean {
			t.Errorf("%s: %+v, want the bound %v", c.name, fit, c.mean)
		}
	}
	rows := reportMorning(0, 7)
	for i := range rows {
		rows[i].Abandoned = math.NaN()
	}
	if _, err := reportReplay(t, model, rows).FitPatience(context.Background(), 60, nil); err == nil {
		t.Error("reports without abandonment: no error")
	}
}

// TestReplayPriorityClasses replays the bank day with its priority-2
// calls as the first class, the contacts read in reverse order: each
// day's arrivals are sorted with their classes carried along (the count
// of each arrival time and class is what was read, and the times are in
// order), and the replay is the one of the log read in its own order.
// A model whose channel has no two classes cannot replay priorities.
func TestReplayPriorityClasses(t *testing.T) {
	model := calibrated(t, calibrate.Options{HighPriority: []string{"2"}}, dayExcerptPath)
	var contacts []contactlog.Contact
	if err := banklog.Read(dayExcerptPath)(func(c contactlog.Contact) { contacts = append(contacts, c) }); err != nil {
		t.Fatal(err)
	}
	replay := func(cs []contactlog.Contact) (*Replay, *Result) {
		b, err := New(model, Options{Replications: 2, Seed: 5, Priority: []string{"2"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			b.Add(c)
		}
		res, err := b.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return b, res
	}
	type arrival struct {
		day   int64
		sec   float64
		class uint8
	}
	read := map[arrival]int{}
	high := 0
	for _, c := range contacts {
		day, sec := contactlog.SplitDay(c.Arrival)
		k := uint8(1)
		if c.Priority == "2" {
			k, high = 0, high+1
		}
		read[arrival{day, sec, k}]++
	}
	if high == 0 || high == len(contacts) {
		t.Fatalf("%d of %d calls of priority 2: no classes to tell apart", high, len(contacts))
	}
	reversed := slices.Clone(contacts)
	slices.Reverse(reversed)
	b, res := replay(reversed)
	got := map[arrival]int{}
	for day, chans := range b.arrivals {
		for ch, times := range chans {
			if !slices.IsSorted(times) {
				t.Errorf("day %d channel %d: arrivals out of order", day, ch)
			}
			for i, sec := range times {
				got[arrival{day, sec, b.classes[day][ch][i]}]++
			}
		}
	}
	if !maps.Equal(got, read) {
		t.Errorf("%d arrival times and classes replayed, %d read, or they differ", len(got), len(read))
	}
	if _, inOrder := replay(contacts); fmt.Sprint(inOrder.Summary) != fmt.Sprint(res.Summary) {
		t.Errorf("read in reverse: %+v, in order: %+v", res.Summary, inOrder.Summary)
	}

	plain := calibrated(t, calibrate.Options{}, dayExcerptPath)
	if _, err := New(plain, Options{Priority: []string{"2"}}); err == nil {
		t.Error("priorities on a channel without classes: no error")
	}
}
