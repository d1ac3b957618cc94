package contactlog

import (
	"math"
	"testing"
	"time"

	"github.com/ccsim/ccsim/internal/bankdata"
)

// readLogTwice streams bank log files to add each time it is called.
func readLogTwice(t testing.TB, paths ...string) func(func(Contact)) error {
	return func(add func(Contact)) error {
		for _, p := range paths {
			cs, _ := readAll(t, p, Options{Format: BankFormat})
			for _, c := range cs {
				add(c)
			}
		}
		return nil
	}
}

func TestMeasureAvailabilityAgainstSecondGrid(t *testing.T) {
	for _, path := range []string{dayExcerptPath, excerptPath} {
		raw := bankdata.Calls(t, path)
		want, waiting := bankdata.NewSecondGrid(raw, 1800).Share()
		got, err := MeasureAvailability(readLogTwice(t, path), 1800)
		if err != nil {
			t.Fatal(err)
		}
		// Exact up to rounding: the grid and the spans count the same
		// whole seconds.
		if math.Abs(got.Share-want) > 1e-12 || got.WaitingSeconds != waiting {
			t.Errorf("%s: share %v over %v s, second grid %v over %v s", path, got.Share, got.WaitingSeconds, want, waiting)
		}
		if math.Abs(got.Busy/got.OnDuty-got.Share) > 1e-12 {
			t.Errorf("%s: busy %v / on duty %v is not the share %v", path, got.Busy, got.OnDuty, got.Share)
		}
	}
	// The day's figure, for the record: three in four agents on duty
	// take calls while callers wait.
	got, _ := MeasureAvailability(readLogTwice(t, dayExcerptPath), 1800)
	if got.Share < 0.6 || got.Share > 0.9 {
		t.Errorf("1999-05-04: share %v, expected about 0.75", got.Share)
	}
}

func TestMeasureAvailabilityEdges(t *testing.T) {
	if _, err := MeasureAvailability(readLogTwice(t, dayExcerptPath), 0); err == nil {
		t.Error("zero gap: no error")
	}
	calls := 0
	uneven := func(add func(Contact)) error {
		calls++
		add(Contact{Arrival: time.Unix(3600, 0).UTC(), Outcome: Answered, Wait: 5, Handle: 60, Agent: "A"})
		if calls == 2 {
			add(Contact{Arrival: time.Unix(3700, 0).UTC(), Outcome: Abandoned, Wait: 5})
		}
		return nil
	}
	if _, err := MeasureAvailability(uneven, 60); err == nil {
		t.Error("passes that differ: no error")
	}
	// Nobody waited: the share is undefined, not an error.
	a, err := MeasureAvailability(func(add func(Contact)) error {
		add(Contact{Arrival: time.Unix(3600, 0).UTC(), Outcome: Answered, Handle: 60, Agent: "A"})
		return nil
	}, 60)
	if err != nil || !math.IsNaN(a.Share) || a.WaitingSeconds != 0 {
		t.Errorf("no waits: %+v, %v", a, err)
	}
}
