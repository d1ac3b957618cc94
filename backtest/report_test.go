package backtest

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
)

// TestReplayReport: 15-minute report rows scored at 30 minutes add up
// (offered, abandonment, service level over offered, ASA over answered),
// the arrivals drawn are the rows' counts within their own quarter-hours,
// and the result does not depend on the order the rows are read in.
func TestReplayReport(t *testing.T) {
	model := calibrated(t, calibrate.Options{}, dayExcerptPath)
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	var rows []contactlog.IntervalRecord
	for i := 36; i < 44; i++ { // 09:00-11:00 in quarter-hours
		n := float64(20 + 3*i%7)
		rows = append(rows, contactlog.IntervalRecord{Start: day.Add(time.Duration(i) * 15 * time.Minute), Length: 15 * time.Minute,
			Offered: n, Answered: n - 2, Abandoned: 2, AHT: 200, ASA: float64(i), ServiceLevel: 0.5, Staffed: 6})
	}
	replay := func(rows []contactlog.IntervalRecord) *Result {
		b, err := New(model, Options{Replications: 4, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := b.AddRecord(r); err != nil {
				t.Fatal(err)
			}
		}
		res, err := b.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := replay(rows)
	if len(res.Intervals) != 4 || len(res.Days) != 1 {
		t.Fatalf("%d intervals on %d days", len(res.Intervals), len(res.Days))
	}
	for k, iv := range res.Intervals {
		a, b := rows[2*k], rows[2*k+1]
		off := a.Offered + b.Offered
		want := Measures{AbandonRate: 4 / off, ServiceLevel: 0.5, ASA: (a.ASA*a.Answered + b.ASA*b.Answered) / (a.Answered + b.Answered)}
		if float64(iv.Offered) != off || math.Abs(iv.Observed.AbandonRate-want.AbandonRate) > 1e-12 ||
			math.Abs(iv.Observed.ServiceLevel-want.ServiceLevel) > 1e-12 || math.Abs(iv.Observed.ASA-want.ASA) > 1e-9 ||
			math.Abs(iv.Agents-6*(1-model.Groups[0].Shrinkage)) > 1e-9 {
			t.Errorf("interval %d: %+v, want offered %v, observed %+v", k, iv, off, want)
		}
	}

	// The arrivals drawn: each row's count within its quarter-hour.
	b, _ := New(model, Options{Replications: 4, Seed: 3})
	for _, r := range rows {
		_ = b.AddRecord(r)
	}
	b.drawArrivals()
	times := b.arrivals[contactlog.DayNumber(day)][0]
	for _, r := range rows {
		from := float64(r.Start.Hour()*3600 + r.Start.Minute()*60)
		lo, _ := slices.BinarySearch(times, from)
		hi, _ := slices.BinarySearch(times, from+900)
		if hi-lo != int(r.Offered) {
			t.Errorf("%s: %d arrivals drawn, %v offered", r.Start.Format("15:04"), hi-lo, r.Offered)
		}
	}

	// Rows in another order replay the same.
	rev := slices.Clone(rows)
	slices.Reverse(rev)
	// (Compared as text: an undefined Erlang C ASA is NaN on both sides.)
	if got := replay(rev); fmt.Sprint(got.Summary) != fmt.Sprint(res.Summary) {
		t.Errorf("reversed rows: %+v, want %+v", got.Summary, res.Summary)
	}

	// A log and reports do not mix; rows must divide the interval scored.
	b, _ = New(model, Options{})
	if err := b.AddRecord(contactlog.IntervalRecord{Start: day, Length: 45 * time.Minute, Offered: 1, Staffed: 1}); err == nil {
		t.Error("45-minute rows into 30-minute intervals: no error")
	}
}
