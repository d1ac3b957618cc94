package bankdata

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const excerpt = "../../contactlog/testdata/anonymous-bank-excerpt.txt"

// TestReadCalls checks the reference reader on the committed excerpt:
// its row count, the README's quirks and the count of agent-bound calls
// that the excerpt's README and the preset's tests state.
func TestReadCalls(t *testing.T) {
	calls := Calls(t, excerpt)
	bound := 0
	for _, c := range calls {
		if c.AgentBound() {
			bound++
		}
		at, err := c.Arrival()
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		day := int(at.Sub(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)) / time.Second)
		if c.Second() != day {
			t.Errorf("%+v: second %d, time.Parse says %d", c, c.Second(), day)
		}
	}
	if len(calls) != 255 || bound != 231 {
		t.Errorf("%d rows, %d agent-bound; want 255 and 231", len(calls), bound)
	}
	cells := Cells(calls)
	n := 0
	for _, day := range cells {
		for _, c := range day {
			n += c.Offered
			if c.Answered+c.Abandoned != c.Offered || c.Within > c.Answered || c.AnswerWait > c.WaitSum {
				t.Errorf("cell %+v", *c)
			}
		}
	}
	if n != bound {
		t.Errorf("cells hold %d calls, want %d", n, bound)
	}

	bad := filepath.Join(t.TempDir(), "bad.txt")
	for _, text := range []string{"header\na b c\n", "header\n" + strings.Repeat("x ", 11) + "q x x x s x\n"} {
		if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadCalls(bad); err == nil {
			t.Errorf("%q: no error", text)
		}
	}
	if _, err := ReadCalls(filepath.Join(t.TempDir(), "none.txt")); err == nil {
		t.Error("a missing file: no error")
	}
}

// TestSecondGrid lays out four calls by hand. Agent A serves 00:01:00 to
// 00:02:00 and 00:02:30 to 00:03:00 (a 30 s gap, bridged with gap 60); a
// call served by NO_SERVER from 00:01:10 to 00:01:20; a caller waits
// 00:00:50 to 00:01:10 and one abandons after waiting 00:00:55 to
// 00:01:05.
func TestSecondGrid(t *testing.T) {
	call := func(exit, out, server string, q, ser int) Call {
		return Call{Date: "990101", VRUExit: exit, QStart: exit, Outcome: out, Server: server, QTime: q, SerTime: ser}
	}
	calls := []Call{
		call("0:01:00", "AGENT", "A", 0, 60),
		call("0:02:30", "AGENT", "A", 0, 30),
		call("0:00:50", "AGENT", "NO_SERVER", 20, 10),
		call("0:00:55", "HANG", "NO_SERVER", 10, 0),
		{Date: "990101", VRUExit: "0:00:10", QStart: "0:00:00", Outcome: "HANG"}, // ended in the IVR
	}
	g := NewSecondGrid(calls, 60)
	// Waiting 00:00:50-00:01:10 (20 s). Busy then: A from 00:01:00 (10 s);
	// on duty: A from 00:01:00 (10 s).
	share, waiting := g.Share()
	if waiting != 20 || share != 1 {
		t.Errorf("share %v over %v s, want 1 over 20", share, waiting)
	}
	// On duty 00:01:00-00:03:00 for A (the gap bridged) and 00:01:10-00:01:20
	// for the unnamed agent: over 00:01:00-00:03:00, (120 + 10) / 120.
	if m := g.OnDutyMean(60, 120); math.Abs(m-130.0/120) > 1e-12 {
		t.Errorf("on duty %v, want %v", m, 130.0/120)
	}
	if m := NewSecondGrid(calls, 10).OnDutyMean(60, 120); math.Abs(m-100.0/120) > 1e-12 {
		t.Errorf("gap 10 s: on duty %v, want %v", m, 100.0/120)
	}
	if m := NewSecondGrid(nil, 60).OnDutyMean(0, 10); m != 0 {
		t.Errorf("no calls: on duty %v", m)
	}
}
