package bankdata

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The references below read the log the simple way, with none of the
// readers under test: whitespace-split rows (which also undoes the rows
// with spaces instead of a tab between priority and type), string
// arithmetic on dates and H:MM:SS, and one-second grids. Tests check the
// readers, the aggregation, calibration and backtest against them.

// Call is one row of the bank log, as plain text and whole numbers.
type Call struct {
	Date, VRUExit, QStart, Outcome, Server, Type, Priority string
	QTime, SerTime                                         int
}

// AgentBound applies the data set's README: a call asked for an agent
// when it is not PHANTOM and joined the queue or went straight to an
// agent.
func (c Call) AgentBound() bool {
	return c.Outcome != "PHANTOM" && (c.QStart != "0:00:00" || c.QTime > 0 || c.Outcome == "AGENT")
}

// Arrival is the date and vru_exit read with time.Parse.
func (c Call) Arrival() (time.Time, error) {
	return time.Parse("060102 15:04:05", c.Date+" "+c.VRUExit)
}

// Second is the arrival in seconds from 1999-01-01.
func (c Call) Second() int {
	y, m, d := 1900+atoi(c.Date[:2]), time.Month(atoi(c.Date[2:4])), atoi(c.Date[4:6])
	if y < 1950 {
		y += 100
	}
	day := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	hms := strings.Split(c.VRUExit, ":")
	return day*86400 + atoi(hms[0])*3600 + atoi(hms[1])*60 + atoi(hms[2])
}

// atoi reads the digits of s; the fields it reads are digits only.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// ReadCalls reads every row of a log file after its header.
func ReadCalls(path string) ([]Call, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Call
	for i, line := range strings.Split(string(data), "\n") {
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 17 {
			return nil, fmt.Errorf("%s:%d: %d whitespace fields, want 17", path, i+1, len(f))
		}
		q, err1 := strconv.Atoi(f[11])
		s, err2 := strconv.Atoi(f[15])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s:%d: q_time %q, ser_time %q", path, i+1, f[11], f[15])
		}
		out = append(out, Call{Date: f[5], VRUExit: f[7], QStart: f[9], Outcome: f[12],
			Server: f[16], Type: f[4], Priority: f[3], QTime: q, SerTime: s})
	}
	return out, nil
}

// Calls is ReadCalls for a test, which fails when the file cannot be read.
func Calls(t testing.TB, path string) []Call {
	t.Helper()
	calls, err := ReadCalls(path)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// Cell is the reference for one day and half-hour.
type Cell struct {
	Offered, Answered, Abandoned, Within int
	WaitSum, AnswerWait                  float64
}

// Cells counts the agent-bound calls per date (YYMMDD) and half-hour of
// arrival; Within counts the answered ones that waited at most 20 s.
func Cells(calls []Call) map[string]map[int]*Cell {
	out := map[string]map[int]*Cell{}
	for _, r := range calls {
		if !r.AgentBound() {
			continue
		}
		hms := strings.Split(r.VRUExit, ":")
		slot := (atoi(hms[0])*60 + atoi(hms[1])) / 30
		if out[r.Date] == nil {
			out[r.Date] = map[int]*Cell{}
		}
		c := out[r.Date][slot]
		if c == nil {
			c = &Cell{}
			out[r.Date][slot] = c
		}
		c.Offered++
		c.WaitSum += float64(r.QTime)
		if r.Outcome == "AGENT" {
			c.Answered++
			c.AnswerWait += float64(r.QTime)
			if r.QTime <= 20 {
				c.Within++
			}
		} else {
			c.Abandoned++
		}
	}
	return out
}

// SecondGrid is the reference for availability and on-duty staffing: for
// every second, the callers waiting, the agents busy and the agents on
// duty, counted one second at a time. Every time in the bank log is a
// whole second, so the grid is exact.
type SecondGrid struct {
	origin                int // first second held, from 1999-01-01
	waiting, busy, onDuty []int
}

// NewSecondGrid lays the agent-bound calls on the grid. An agent is on
// duty from the start of a busy period to its end, and across idle gaps of
// up to gap seconds; a call without a named agent (NO_SERVER) is on duty
// while it is served.
func NewSecondGrid(calls []Call, gap int) *SecondGrid {
	type span struct{ from, to int }
	lo, hi := math.MaxInt, math.MinInt
	var bound []Call
	for _, r := range calls {
		if !r.AgentBound() {
			continue
		}
		bound = append(bound, r)
		s := r.Second()
		lo = min(lo, s)
		hi = max(hi, s+r.QTime+r.SerTime)
	}
	if len(bound) == 0 {
		return &SecondGrid{}
	}
	g := &SecondGrid{origin: lo}
	n := hi - lo + 1
	g.waiting, g.busy, g.onDuty = make([]int, n), make([]int, n), make([]int, n)
	spells := map[string][]span{}
	for _, r := range bound {
		a := r.Second() - lo
		for t := a; t < a+r.QTime; t++ {
			g.waiting[t]++
		}
		if r.Outcome != "AGENT" || r.SerTime == 0 {
			continue
		}
		start := a + r.QTime
		for t := start; t < start+r.SerTime; t++ {
			g.busy[t]++
		}
		if strings.Contains(r.Server, "NO_SERVER") {
			for t := start; t < start+r.SerTime; t++ {
				g.onDuty[t]++
			}
			continue
		}
		spells[r.Server] = append(spells[r.Server], span{start, start + r.SerTime})
	}
	for _, sp := range spells {
		slices.SortFunc(sp, func(a, b span) int { return a.from - b.from })
		cur := sp[0]
		flush := func() {
			for t := cur.from; t < cur.to; t++ {
				g.onDuty[t]++
			}
		}
		for _, s := range sp[1:] {
			if s.from <= cur.to+gap {
				cur.to = max(cur.to, s.to)
				continue
			}
			flush()
			cur = s
		}
		flush()
	}
	return g
}

// Share is busy over on duty, summed over the seconds with a caller
// waiting, and the number of those seconds.
func (g *SecondGrid) Share() (share, waitingSeconds float64) {
	var b, o float64
	for t, w := range g.waiting {
		if w > 0 {
			waitingSeconds++
			b += float64(g.busy[t])
			o += float64(g.onDuty[t])
		}
	}
	return b / o, waitingSeconds
}

// OnDutyMean is the mean agents on duty over [from, from+length) seconds
// since 1999-01-01.
func (g *SecondGrid) OnDutyMean(from, length int) float64 {
	s := 0
	for t := from; t < from+length; t++ {
		if i := t - g.origin; i >= 0 && i < len(g.onDuty) {
			s += g.onDuty[i]
		}
	}
	return float64(s) / float64(length)
}
