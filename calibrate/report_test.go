package calibrate

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/erlang"
)

// erlangReport makes a day of half-hourly report rows whose abandoned
// counts and ASA are Erlang A's own at the given patience and shrinkage:
// the fit must find them again.
func erlangReport(t *testing.T, patience, shrinkage float64) []contactlog.IntervalRecord {
	t.Helper()
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	var recs []contactlog.IntervalRecord
	for i := 16; i < 40; i++ {
		offered := 2000 + 1500*math.Sin(float64(i-16)/24*math.Pi)
		aht := 240.0
		// The agents taking calls carry the load at 95%: busy, so that
		// the abandonment depends on the patience, and not overloaded,
		// where it would hardly depend on it.
		staffed := math.Round(offered/1800*aht/0.95/(1-shrinkage)*10) / 10
		m, err := (erlang.AQueue{Agents: staffed * (1 - shrinkage), Load: offered / 1800 * aht, AHT: aht, Patience: patience}).Metrics(20, erlang.OverOffered)
		if err != nil {
			t.Fatal(err)
		}
		ab := offered * m.PAbandon
		recs = append(recs, contactlog.IntervalRecord{Start: day.Add(time.Duration(i) * 30 * time.Minute), Length: 30 * time.Minute,
			Offered: offered, Answered: offered - ab, Abandoned: ab, AHT: aht, ASA: m.ASA, ServiceLevel: m.ServiceLevel, Staffed: staffed})
	}
	return recs
}

// TestFitReportRecoversErlangA: reports made by Erlang A at a known
// patience and shrinkage give them back. The aggregation keeps whole
// contacts, so each interval's abandoned count (some 10 to 20 at 0.5%
// abandonment) is rounded by up to half a contact: 1 to 2% of the
// abandonment over the day, which the patience follows one to three
// times over near this load. The bisections stop at 2e-4 of the
// shrinkage and 1e-3 of the log of the patience. So 5% of the patience and a
// point of shrinkage: measured 0.7%, 0.7% and 2.3% of the patience, at
// most 0.01 point of shrinkage.
func TestFitReportRecoversErlangA(t *testing.T) {
	for _, c := range []struct{ patience, shrinkage float64 }{{300, 0.2}, {120, 0}, {900, 0.35}} {
		cal, err := FitReport(erlangReport(t, c.patience, c.shrinkage), Options{}, 20, 1800)
		if err != nil {
			t.Fatal(err)
		}
		r := cal.Report
		t.Logf("made at %v s and %v: fitted %.2f s and %.4f", c.patience, c.shrinkage, r.Patience, cal.Shrinkage)
		if math.Abs(r.Patience/c.patience-1) > 0.05 || math.Abs(cal.Shrinkage-c.shrinkage) > 0.01 {
			t.Errorf("made at %v s and %v: fitted %.2f s and %.4f (%s)", c.patience, c.shrinkage, r.Patience, cal.Shrinkage, r.Why)
		}
		if math.Abs(r.Predicted-r.Observed) > 1e-4 || math.Abs(r.PredictedASA-r.ObservedASA) > 0.5 {
			t.Errorf("fit %+v", r)
		}
	}

	// Without the ASA no shrinkage can be told apart: with none in the
	// making the patience is found again; with some, no patience alone
	// explains the abandonment, and the fit says so.
	for _, c := range []struct {
		shrinkage float64
		why       string
	}{{0, ""}, {0.2, "even a patience of a second abandons fewer than the reports' "}} {
		recs := erlangReport(t, 120, c.shrinkage)
		for i := range recs {
			recs[i].ASA = math.NaN()
		}
		cal, err := FitReport(recs, Options{}, 20, 1800)
		if err != nil {
			t.Fatal(err)
		}
		r := cal.Report
		m, notes := cal.Model()
		text := strings.Join(append(notes.Comments["channels.phone.patience"], notes.Comments["channels.phone.target"]...), " ")
		switch {
		case c.why == "" && (cal.Shrinkage != 0 || math.Abs(r.Patience/120-1) > 0.05 || m.Channels[0].Patience == nil ||
			!strings.Contains(text, "Without an ASA in the reports no shrinkage")):
			t.Errorf("no ASA, no shrinkage: %+v, notes %q", r, text)
		case c.why != "" && (!strings.HasPrefix(r.Why, c.why) || m.Channels[0].Patience != nil || !strings.Contains(text, "Patience: not fitted")):
			t.Errorf("no ASA, shrinkage: %+v, notes %q", r, text)
		}
	}
}

func TestFitReportErrors(t *testing.T) {
	recs := erlangReport(t, 300, 0.2)
	nan := math.NaN()
	for _, c := range []struct {
		edit func(r *contactlog.IntervalRecord)
		want string
	}{
		{func(r *contactlog.IntervalRecord) { r.AHT = nan }, "calibrate: the reports have no aht (the handle time"},
		{func(r *contactlog.IntervalRecord) { r.Start = r.Start.Add(5 * time.Minute) }, "calibrate: contactlog: report interval starting 2024-03-04T08:05:00 is not on a 30m0s boundary"},
	} {
		in := make([]contactlog.IntervalRecord, len(recs))
		copy(in, recs)
		for i := range in {
			c.edit(&in[i])
		}
		if _, err := FitReport(in, Options{}, 20, 1800); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v, want %s", err, c.want)
		}
	}
	if _, err := FitReport(nil, Options{}, 20, 1800); err == nil || !strings.Contains(err.Error(), "no report row") {
		t.Errorf("empty: %v", err)
	}
	if _, err := FitReport(recs, Options{HighPriority: []string{"2"}}, 20, 1800); err == nil {
		t.Error("priorities from a report: no error")
	}

	// Without staffed figures the scenario has no staffing and no
	// patience, and says so.
	noStaff := make([]contactlog.IntervalRecord, len(recs))
	copy(noStaff, recs)
	for i := range noStaff {
		noStaff[i].Staffed = nan
	}
	cal, err := FitReport(noStaff, Options{}, 20, 1800)
	if err != nil {
		t.Fatal(err)
	}
	m, notes := cal.Model()
	if m.Channels[0].Patience != nil || slices.Max(m.Groups[0].Paid) != 0 ||
		!strings.Contains(strings.Join(notes.Comments["groups.agents.staffing"], " "), "Staffing: not in the reports") {
		t.Errorf("no staffed: patience %v, notes %q", m.Channels[0].Patience, notes.Comments["groups.agents.staffing"])
	}

	// Without abandoned figures the patience is not fitted, and the
	// scenario says so and has none.
	in := make([]contactlog.IntervalRecord, len(recs))
	copy(in, recs)
	for i := range in {
		in[i].Abandoned = nan
	}
	cal, err = FitReport(in, Options{}, 20, 1800)
	if err != nil {
		t.Fatal(err)
	}
	m, notes = cal.Model()
	if m.Channels[0].Patience != nil || !strings.Contains(strings.Join(notes.Comments["channels.phone.target"], " "), "Patience: not fitted (the reports have no abandoned figure)") {
		t.Errorf("patience %v, notes %q", m.Channels[0].Patience, notes.Comments["channels.phone.target"])
	}
}

// TestFitReportQueues: --queue keeps only its rows, staffed agents
// included (the aggregation sums a day's staffed figure over every row).
func TestFitReportQueues(t *testing.T) {
	a := erlangReport(t, 300, 0.2)
	var recs []contactlog.IntervalRecord
	for _, r := range a {
		r.Queue = "billing"
		recs = append(recs, r)
		r.Queue, r.Staffed = "sales", 1000
		recs = append(recs, r)
	}
	cal, err := FitReport(recs, Options{Queues: []string{"billing"}}, 20, 1800)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(cal.Report.Patience/300-1) > 0.05 || math.Abs(cal.Shrinkage-0.2) > 0.01 {
		t.Errorf("billing alone: patience %v, shrinkage %v", cal.Report.Patience, cal.Shrinkage)
	}
	if _, err := FitReport(recs, Options{Queues: []string{"claims"}}, 20, 1800); err == nil ||
		err.Error() != `calibrate: queue "claims" is not in the reports (queues: billing, sales)` {
		t.Errorf("%v", err)
	}
}
