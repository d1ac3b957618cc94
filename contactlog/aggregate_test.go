package contactlog

import (
	"math"
	"os"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/ccsim/ccsim/internal/bankdata"
)

func aggregate(t testing.TB, opt AggregateOptions, paths ...string) *Table {
	t.Helper()
	a, err := NewAggregator(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		cs, _ := readAll(t, p, Options{Format: BankFormat})
		for _, c := range cs {
			a.Add(c)
		}
	}
	return a.Table()
}

func checkTableAgainstRaw(t *testing.T, tab *Table, raw []bankdata.Call) {
	t.Helper()
	ref := bankdata.Cells(raw)
	dates := tab.Dates()
	if len(dates) != len(ref) {
		t.Errorf("%d dates, raw rows have %d", len(dates), len(ref))
	}
	vol := tab.Volumes()
	for di, date := range dates {
		key := date.Format("060102")
		cells := tab.Day(date)
		daily := 0.0
		for i, c := range cells {
			r := ref[key][i]
			if r == nil {
				r = &bankdata.Cell{}
			}
			if c.Offered != r.Offered || c.Answered != r.Answered || c.Abandoned != r.Abandoned ||
				c.AnsweredWithin != r.Within || c.WaitSum != r.WaitSum || c.AnswerWaitSum != r.AnswerWait {
				t.Errorf("%s slot %d: %+v, raw %+v", key, i, c, *r)
			}
			daily += float64(r.Offered)
		}
		got := 0.0
		for _, v := range vol.Days[di].Counts {
			got += v
		}
		if got != daily || !vol.Days[di].Date.Equal(date) {
			t.Errorf("%s: daily volume %v, raw %v", key, got, daily)
		}
	}
}

func TestTableExcerpt(t *testing.T) {
	tab := aggregate(t, AggregateOptions{}, excerptPath)
	raw := bankdata.Calls(t, excerptPath)
	checkTableAgainstRaw(t, tab, raw)

	// Mean handle time over answered calls with service, and the
	// exponential patience estimate, from the raw rows.
	var ser, n, waited, abandons float64
	for _, r := range raw {
		if !r.AgentBound() {
			continue
		}
		waited += float64(r.QTime)
		if r.Outcome == "HANG" {
			abandons++
		} else if r.SerTime > 0 {
			ser += float64(r.SerTime)
			n++
		}
	}
	h := tab.Handle()
	if float64(h.N) != n || !scalar.EqualWithinRel(h.Mean(), ser/n, 1e-12) {
		t.Errorf("handle n %d mean %v; raw %v %v", h.N, h.Mean(), n, ser/n)
	}
	w := tab.Waits()
	if w.Total != waited || float64(w.Abandoned) != abandons {
		t.Errorf("waits total %v abandoned %d; raw %v %v", w.Total, w.Abandoned, waited, abandons)
	}
	// Queues are the call types of agent-bound calls; priorities 0, 1
	// and 2.
	types := map[string]bool{}
	for _, r := range raw {
		if r.AgentBound() {
			types[r.Type] = true
		}
	}
	if q := tab.Queues(); len(q) != len(types) || len(q) < 4 {
		t.Errorf("queues %v, raw types %v", q, types)
	}
	for _, q := range tab.Queues() {
		if !types[q] {
			t.Errorf("queue %q is not a raw type", q)
		}
	}
	prio := tab.Priorities()
	if len(prio) != 3 || prio[2].Priority != "2" {
		t.Errorf("priorities %+v", prio)
	}
	offered := 0
	for _, p := range prio {
		offered += p.Offered
	}
	if offered != int(w.Abandoned+w.Answered) {
		t.Errorf("priorities hold %d contacts", offered)
	}
}

func TestStaffingEstimates(t *testing.T) {
	a, err := NewAggregator(AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h*60+m) * time.Minute) }
	// Agent A: 10:00-10:05 and 10:20-10:25, a 15-minute gap: on duty
	// 10:00-10:25. Agent B: 10:50-11:10. An unnamed agent: 11:00-11:06.
	// Agent C: 12:00-12:01 and 13:10-13:11, 69 minutes apart: two spells.
	for _, c := range []Contact{
		{Arrival: at(10, 0), Outcome: Answered, Handle: 300, Agent: "A"},
		{Arrival: at(10, 19), Wait: 60, Outcome: Answered, Handle: 240, ACW: 60, Agent: "A"},
		{Arrival: at(10, 50), Outcome: Answered, Handle: 1200, Agent: "B"},
		{Arrival: at(11, 0), Outcome: Answered, Handle: 360},
		{Arrival: at(12, 0), Outcome: Answered, Handle: 60, Agent: "C"},
		{Arrival: at(13, 10), Outcome: Answered, Handle: 60, Agent: "C"},
		{Arrival: at(13, 10), Outcome: Abandoned, Wait: 30},
	} {
		a.Add(c)
	}
	s := a.Table().Staffing(day)
	want := map[int]Staffing{
		20: {Busy: 10.0 / 30, OnDuty: 25.0 / 30, Agents: 1},
		21: {Busy: 10.0 / 30, OnDuty: 10.0 / 30, Agents: 1},
		22: {Busy: 16.0 / 30, OnDuty: 16.0 / 30, Agents: 1 + 6.0/30},
		24: {Busy: 1.0 / 30, OnDuty: 1.0 / 30, Agents: 1},
		26: {Busy: 1.0 / 30, OnDuty: 1.0 / 30, Agents: 1},
	}
	for i, got := range s {
		w := want[i]
		if !scalar.EqualWithinAbs(got.Busy, w.Busy, 1e-12) || !scalar.EqualWithinAbs(got.OnDuty, w.OnDuty, 1e-12) ||
			!scalar.EqualWithinAbs(got.Agents, w.Agents, 1e-12) {
			t.Errorf("interval %d: %+v, want %+v", i, got, w)
		}
	}
}

func TestAggregatorOptions(t *testing.T) {
	for _, opt := range []AggregateOptions{{IntervalSeconds: 7}, {IntervalSeconds: 7 * 60}, {Threshold: -1}, {AgentGap: math.NaN()}} {
		if _, err := NewAggregator(opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}

func TestTableFullData(t *testing.T) {
	files := bankdata.Files(t, 0, 6)
	tab := aggregate(t, AggregateOptions{}, files...)
	var raw []bankdata.Call
	for _, f := range files {
		raw = append(raw, bankdata.Calls(t, f)...)
	}
	checkTableAgainstRaw(t, tab, raw)
	// The spells never exceed the agents seen. Busy time exceeds the
	// spells only where one agent shows overlapping calls (STEREN on
	// 1999-02-18 at 15:44, a call inside a call): rare.
	over, busy := 0, 0
	for _, date := range tab.Dates() {
		for i, s := range tab.Staffing(date) {
			if s.OnDuty > s.Agents+1e-9 {
				t.Fatalf("%s interval %d: %+v: on duty above agents", date.Format(time.DateOnly), i, s)
			}
			if s.Busy > 0 {
				busy++
			}
			if s.Busy > s.OnDuty+1e-9 {
				over++
			}
		}
	}
	t.Logf("busy above on-duty in %d of %d intervals", over, busy)
	if over*200 > busy {
		t.Errorf("busy above on-duty in %d of %d intervals", over, busy)
	}
	// The README: mean wait 64.6 s over agent-bound calls, 42.1%
	// answered within 20 s.
	var all Cell
	for _, date := range tab.Dates() {
		for _, c := range tab.Day(date) {
			all.Add(c)
		}
	}
	if m := all.WaitSum / float64(all.Offered); math.Abs(m-64.6) > 0.05 {
		t.Errorf("mean wait %v, README 64.6", m)
	}
	if sl := all.ServiceLevel(); math.Abs(sl-0.421) > 0.0005 {
		t.Errorf("answered within 20 s %v, README 42.1%%", sl)
	}
	if _, err := os.Stat(files[0]); err != nil {
		t.Fatal(err)
	}
}

// TestTableFigures checks the figures a table gives for one interval
// against sums done by hand: the rates of its cell and of each priority,
// the after-contact work, the options it was counted with, and an empty
// day.
func TestTableFigures(t *testing.T) {
	a, err := NewAggregator(AggregateOptions{IntervalSeconds: 900, Threshold: 30, AgentGap: 600})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	at := day.Add(9 * time.Hour)
	for _, c := range []Contact{
		{Arrival: at, Outcome: Answered, Wait: 10, Handle: 100, ACW: 20, Agent: "A", Priority: "high"},
		{Arrival: at.Add(time.Minute), Outcome: Answered, Wait: 50, Handle: 200, Agent: "B", Priority: "low"},
		{Arrival: at.Add(2 * time.Minute), Outcome: Abandoned, Wait: 40, Priority: "low"},
		{Arrival: at.Add(3 * time.Minute), Outcome: Blocked, Priority: "low"},
	} {
		a.Add(c)
	}
	tab := a.Table()
	if tab.IntervalSeconds() != 900 || tab.Threshold() != 30 || tab.AgentGap() != 600 {
		t.Errorf("options %d %v %v", tab.IntervalSeconds(), tab.Threshold(), tab.AgentGap())
	}
	c := tab.Day(day)[36]
	if c.Offered != 4 || c.Blocked != 1 || c.AbandonRate() != 0.25 || c.ServiceLevel() != 0.25 || c.ASA() != 30 {
		t.Errorf("09:00: %+v, abandon %v, SL %v, ASA %v", c, c.AbandonRate(), c.ServiceLevel(), c.ASA())
	}
	var none Cell
	if none.AbandonRate() != 0 || none.ServiceLevel() != 0 || none.ASA() != 0 {
		t.Error("an empty cell has rates")
	}
	p := tab.Priorities()
	if len(p) != 2 || p[0].Priority != "high" || p[1].AbandonRate() != 1.0/3 || p[1].ASA() != 50 || p[0].ASA() != 10 {
		t.Errorf("priorities %+v", p)
	}
	if (PriorityStat{}).ASA() != 0 || (PriorityStat{}).AbandonRate() != 0 {
		t.Error("an empty priority has rates")
	}
	if acw := tab.ACW(); acw.N != 1 || acw.Mean() != 20 || acw.CV() != 0 {
		t.Errorf("after-contact work: n %d, mean %v, CV %v", acw.N, acw.Mean(), acw.CV())
	}
	if s := tab.Staffing(day.AddDate(0, 0, 1)); len(s) != 96 || s[36] != (Staffing{}) {
		t.Errorf("a day without contacts: %d intervals, %+v", len(s), s[36])
	}
	for o, want := range map[Outcome]string{Answered: "answered", Abandoned: "abandoned", Blocked: "blocked", 0: "Outcome(0)", 9: "Outcome(9)"} {
		if o.String() != want {
			t.Errorf("%d: %q, want %q", o, o.String(), want)
		}
	}
}
