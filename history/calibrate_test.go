package history

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

const dayExcerptPath = "testdata/anonymous-bank-1999-05-04.txt"

// rawSecond is a raw call's arrival in seconds from 1999-01-01, by string
// arithmetic on the date and H:MM:SS, not by the reader's parser.
func rawSecond(r rawCall) int {
	y, m, d := 1900+atoi(r.date[:2]), time.Month(atoi(r.date[2:4])), atoi(r.date[4:6])
	if y < 1950 {
		y += 100
	}
	day := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	hms := strings.Split(r.vruExit, ":")
	return day*86400 + atoi(hms[0])*3600 + atoi(hms[1])*60 + atoi(hms[2])
}

// secondGrid is the reference for availability and on-duty staffing: for
// every second, the callers waiting, the agents busy and the agents on
// duty, counted one second at a time from the raw rows. Every time in the
// bank log is a whole second, so the grid is exact.
type secondGrid struct {
	origin                int // first second held
	waiting, busy, onDuty []int
}

func newSecondGrid(raw []rawCall, gap int) *secondGrid {
	type span struct{ from, to int }
	lo, hi := math.MaxInt, math.MinInt
	var calls []rawCall
	for _, r := range raw {
		if !r.agentBound() {
			continue
		}
		calls = append(calls, r)
		s := rawSecond(r)
		lo = min(lo, s)
		hi = max(hi, s+r.qTime+r.serTime)
	}
	g := &secondGrid{origin: lo}
	n := hi - lo + 1
	g.waiting, g.busy, g.onDuty = make([]int, n), make([]int, n), make([]int, n)
	spells := map[string][]span{}
	for _, r := range calls {
		a := rawSecond(r) - lo
		for t := a; t < a+r.qTime; t++ {
			g.waiting[t]++
		}
		if r.outcome != "AGENT" || r.serTime == 0 {
			continue
		}
		start := a + r.qTime
		for t := start; t < start+r.serTime; t++ {
			g.busy[t]++
		}
		if strings.Contains(r.server, "NO_SERVER") {
			for t := start; t < start+r.serTime; t++ {
				g.onDuty[t]++
			}
			continue
		}
		spells[r.server] = append(spells[r.server], span{start, start + r.serTime})
	}
	for _, sp := range spells {
		sort.Slice(sp, func(i, j int) bool { return sp[i].from < sp[j].from })
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

// share is busy over on duty, summed over the seconds with a caller waiting.
func (g *secondGrid) share() (share, waitingSeconds float64) {
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

// onDutyMean is the mean agents on duty over [from, from+length) seconds
// since 1999-01-01.
func (g *secondGrid) onDutyMean(from, length int) float64 {
	s := 0
	for t := from; t < from+length; t++ {
		if i := t - g.origin; i >= 0 && i < len(g.onDuty) {
			s += g.onDuty[i]
		}
	}
	return float64(s) / float64(length)
}

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
		raw := readRaw(t, path)
		want, waiting := newSecondGrid(raw, 1800).share()
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

// calibrateDay calibrates the whole-day excerpt.
func calibrateDay(t *testing.T, opt CalibrateOptions) *Calibration {
	t.Helper()
	tab := aggregate(t, AggregateOptions{}, dayExcerptPath)
	var err error
	if opt.Availability, err = MeasureAvailability(readLogTwice(t, dayExcerptPath), 1800); err != nil {
		t.Fatal(err)
	}
	c, err := Calibrate(tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeScenario writes the calibration's model with its notes, as
// "ccsim calibrate" does.
func writeScenario(c *Calibration) ([]byte, error) {
	var b bytes.Buffer
	m, notes := c.Model()
	err := scenarios.Write(&b, m, scenarios.WriteOptions{Comments: notes.Comments, After: notes.After, StaffingPerInterval: true})
	return b.Bytes(), err
}

// loadScenario writes the calibration as a scenario file and loads it
// back.
func loadScenario(t testing.TB, c *Calibration) (*sim.Model, []byte) {
	t.Helper()
	text, err := writeScenario(c)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("calibrated.yaml", text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return &sc.Model, text
}

func TestCalibrateDayAgainstRawRows(t *testing.T) {
	raw := readRaw(t, dayExcerptPath)
	c := calibrateDay(t, CalibrateOptions{Name: "one Tuesday"})

	// References from the raw rows.
	var offered, abandoned, handleN, handleZero int
	var handleSum, waitSum float64
	for _, r := range raw {
		if !r.agentBound() {
			continue
		}
		offered++
		waitSum += float64(r.qTime)
		switch {
		case r.outcome != "AGENT":
			abandoned++
		case r.serTime > 0:
			handleN++
			handleSum += float64(r.serTime)
		default:
			handleZero++
		}
	}
	cells := rawCells(raw)["990504"]
	grid := newSecondGrid(raw, 1800)
	tue := c.DayTypes[time.Tuesday]
	if tue.Days != 1 || tue.Contacts != offered || tue.Volume != float64(offered) {
		t.Errorf("Tuesday: %d days, %d contacts, volume %v; raw rows %d", tue.Days, tue.Contacts, tue.Volume, offered)
	}
	day0 := int(time.Date(1999, 5, 4, 0, 0, 0, 0, time.UTC).Sub(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24) * 86400
	for i := range 48 {
		want := 0.0
		if r := cells[i]; r != nil {
			want = float64(r.offered) / float64(offered)
		}
		if math.Abs(tue.Shares[i]-want) > 1e-15 {
			t.Errorf("share of %02d:%02d: %v, raw %v", i/2, i%2*30, tue.Shares[i], want)
		}
		if on := grid.onDutyMean(day0+i*1800, 1800); math.Abs(tue.OnDuty[i]-on) > 1e-9 {
			t.Errorf("on duty at %02d:%02d: %v, second grid %v", i/2, i%2*30, tue.OnDuty[i], on)
		}
	}
	for _, f := range c.DayTypes {
		if f.Name != "tue" && f.Days != 0 {
			t.Errorf("%s: %d days in a one-day log", f.Name, f.Days)
		}
	}
	if c.Handle.N != handleN || c.Handle.Zero != handleZero || math.Abs(c.Handle.Mean-handleSum/float64(handleN)) > 1e-9 {
		t.Errorf("handle: n %d zero %d mean %v; raw %d, %d, %v", c.Handle.N, c.Handle.Zero, c.Handle.Mean, handleN, handleZero, handleSum/float64(handleN))
	}
	if c.Patience == nil || math.Abs(c.Patience.ExpMean-waitSum/float64(abandoned)) > 1e-9 || c.Abandoned != abandoned {
		t.Errorf("patience %+v; raw: %v s over %d abandoned", c.Patience, waitSum, abandoned)
	}
	share, _ := grid.share()
	if math.Abs(c.Shrinkage-(1-share)) > 1e-12 {
		t.Errorf("shrinkage %v, second grid %v", c.Shrinkage, 1-share)
	}

	// The scenario written holds those fits.
	m, text := loadScenario(t, c)
	if m.Intervals != 7*48 || m.StartWeekday != 0 || len(m.Channels) != 1 || len(m.Groups) != 1 || m.Name != "one Tuesday" {
		t.Fatalf("model %d intervals from weekday %d, %d channels, %d groups, %q", m.Intervals, m.StartWeekday, len(m.Channels), len(m.Groups), m.Name)
	}
	ch := m.Channels[0]
	// Tuesday is the third day of a week from Sunday.
	rates := ch.Arrivals.Rates[2*48 : 3*48]
	total := 0.0
	for i, r := range rates {
		total += r * 1800
		want := tue.Shares[i] * float64(offered)
		// Four significant digits in the profile and a tenth of a contact
		// in the daily volume: within 0.1% or 0.001 contacts.
		if math.Abs(r*1800-want) > 1e-3*want+1e-3 {
			t.Errorf("%02d:%02d: %v contacts, measured %v", i/2, i%2*30, r*1800, want)
		}
	}
	if math.Abs(total-float64(offered)) > 1e-6*float64(offered) {
		t.Errorf("Tuesday: %v contacts a day, measured %d", total, offered)
	}
	for d := range 7 {
		if d == 2 {
			continue
		}
		for _, r := range ch.Arrivals.Rates[d*48 : (d+1)*48] {
			if r != 0 {
				t.Fatalf("day %d of the week has arrivals, but the log has only a Tuesday", d)
			}
		}
	}
	best := c.Handle.BestFit().Dist
	if ch.Handle.Kind != best.Kind || math.Abs(ch.Handle.Mean-best.Mean) > 0.005 || math.Abs(ch.Handle.CV-best.CV) > 5e-5 {
		t.Errorf("handle %+v, fitted %+v", ch.Handle, best)
	}
	if ch.Patience == nil || ch.Patience.Kind != sim.Empirical || len(ch.Patience.Points) != len(c.Patience.Dist.Points) {
		t.Fatalf("patience %+v", ch.Patience)
	}
	for i, p := range ch.Patience.Points {
		q := c.Patience.Dist.Points[i]
		if math.Abs(p.X-q.X) > 0.005 || math.Abs(p.P-q.P) > 5e-6 {
			t.Errorf("patience point %d: %v, fitted %v", i, p, q)
		}
	}
	if math.Abs(ch.Patience.TailMean-c.Patience.TailMean) > 0.005 {
		t.Errorf("tail mean %v, fitted %v", ch.Patience.TailMean, c.Patience.TailMean)
	}
	if ch.Target.Threshold != 20 {
		t.Errorf("threshold %v", ch.Target.Threshold)
	}
	g := m.Groups[0]
	if math.Abs(g.Shrinkage-c.Shrinkage) > 5e-6 {
		t.Errorf("shrinkage %v, fitted %v", g.Shrinkage, c.Shrinkage)
	}
	for i := range 48 {
		paid := g.Paid[2*48+i]
		if want := math.Round(tue.OnDuty[i]); paid != want {
			t.Errorf("%02d:%02d: %v scheduled, on duty %v", i/2, i%2*30, paid, tue.OnDuty[i])
		}
	}
	for _, want := range []string{"log-likelihood", "KS", "Kaplan-Meier", "exponential estimate", "shrinkage",
		"Priorities in the log", "1999-05-04 to 1999-05-04"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the scenario's comments do not state %q", want)
		}
	}
}

func TestCalibrateOptions(t *testing.T) {
	c := calibrateDay(t, CalibrateOptions{DayTypes: WorkdayWeekend, Weekend: []time.Weekday{time.Friday, time.Saturday},
		HighPriority: []string{"2"}, Channel: "calls", Group: "team", Kind: sim.Chat, Credit: []string{"Data: somebody."}})
	if len(c.DayTypes) != 2 || c.DayTypes[0].Name != "workday" || c.DayTypes[0].Days != 1 || c.DayTypes[1].Days != 0 {
		t.Fatalf("day types %+v", c.DayTypes)
	}
	m, text := loadScenario(t, c)
	ch := m.Channels[0]
	if ch.Name != "calls" || ch.Kind != sim.Chat || m.Groups[0].Name != "team" {
		t.Errorf("names: %q %v %q", ch.Name, ch.Kind, m.Groups[0].Name)
	}
	if len(ch.Classes) != 2 || ch.Classes[0].Name != "priority" || math.Abs(ch.Classes[0].Share-c.HighShare) > 1e-6 {
		t.Errorf("classes %+v, high share %v", ch.Classes, c.HighShare)
	}
	// Workdays share one volume: every workday of the week has it.
	for d := range 7 {
		sum := 0.0
		for _, r := range ch.Arrivals.Rates[d*48 : (d+1)*48] {
			sum += r * 1800
		}
		want := float64(c.DayTypes[0].Contacts)
		if time.Weekday(d) == time.Friday || time.Weekday(d) == time.Saturday {
			want = 0
		}
		if math.Abs(sum-want) > 1e-6*want+1e-9 {
			t.Errorf("day %d: %v contacts, want %v", d, sum, want)
		}
	}
	if !bytes.Contains(text, []byte("# Data: somebody.")) {
		t.Error("credit line missing")
	}

	tab := aggregate(t, AggregateOptions{}, dayExcerptPath)
	for name, opt := range map[string]CalibrateOptions{
		"bad channel":   {Channel: "9lives"},
		"email":         {Kind: sim.Email},
		"unknown queue": {Queues: []string{"XX"}},
		"priority all":  {HighPriority: []string{"0", "1", "2"}},
		"priority none": {HighPriority: []string{"7"}},
		"replications":  {Replications: -1},
	} {
		if _, err := Calibrate(tab, opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	short := aggregate(t, AggregateOptions{IntervalSeconds: 60}, dayExcerptPath)
	if _, err := Calibrate(short, CalibrateOptions{}); err == nil {
		t.Error("1-minute intervals: no error")
	}
}

// TestStepProfile checks the profile anchors against an independent
// integration of the piecewise-linear rate, one second at a time by the
// trapezoid rule (exact for a linear rate within each second).
func TestStepProfile(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		L := []int{300, 900, 1800, 3600}[trial%4]
		n := 86400 / L
		shares := make([]float64, n)
		sum := 0.0
		for i := range shares {
			switch r.IntN(4) {
			case 0: // closed
			case 1:
				shares[i] = 50 * r.Float64() // a spike
			default:
				shares[i] = r.Float64()
			}
			sum += shares[i]
		}
		if sum == 0 {
			continue
		}
		for i := range shares {
			shares[i] /= sum
		}
		anchors := stepProfile(shares, 1000, L)
		for j := 1; j < len(anchors); j++ {
			if anchors[j].At <= anchors[j-1].At || math.Mod(anchors[j].At, 60) != 0 || anchors[j].Rate < 0 {
				t.Fatalf("trial %d: anchors %v then %v", trial, anchors[j-1], anchors[j])
			}
		}
		got := make([]float64, n)
		total := 0.0
		rate := func(s float64) float64 {
			j := sort.Search(len(anchors), func(j int) bool { return anchors[j].At > s })
			if last := anchors[len(anchors)-1]; j == len(anchors) && s == last.At {
				return last.Rate
			}
			if j == 0 || j == len(anchors) {
				return 0
			}
			a, b := anchors[j-1], anchors[j]
			return a.Rate + (b.Rate-a.Rate)*(s-a.At)/(b.At-a.At)
		}
		for s := range 86400 {
			v := (rate(float64(s)) + rate(float64(s)+1)) / 2
			got[s/L] += v
			total += v
		}
		for i := range n {
			if math.Abs(got[i]/total-shares[i]) > 1e-9 {
				t.Fatalf("trial %d, L %d, interval %d: share %v, want %v", trial, L, i, got[i]/total, shares[i])
			}
		}
	}
}

// TestCalibrateFullData checks what calibrate fits on January-May against
// figures computed from the raw rows: the mean daily volume of each
// weekday, the mean handle time and the exponential patience estimate.
func TestCalibrateFullData(t *testing.T) {
	files := bankFiles(t, 0, 4)
	tab := aggregate(t, AggregateOptions{}, files...)
	av, err := MeasureAvailability(readLogTwice(t, files...), 1800)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Calibrate(tab, CalibrateOptions{Availability: av})
	if err != nil {
		t.Fatal(err)
	}
	perDate := map[string]int{}
	var handleN, abandoned int
	var handleSum, waitSum float64
	for _, f := range files {
		for _, r := range readRaw(t, f) {
			if !r.agentBound() {
				continue
			}
			perDate[r.date]++
			waitSum += float64(r.qTime)
			if r.outcome != "AGENT" {
				abandoned++
			} else if r.serTime > 0 {
				handleN++
				handleSum += float64(r.serTime)
			}
		}
	}
	var byDay [7][]int
	for date, n := range perDate {
		d, err := time.Parse("060102", date)
		if err != nil {
			t.Fatal(err)
		}
		byDay[d.Weekday()] = append(byDay[d.Weekday()], n)
	}
	for wd, counts := range byDay {
		sum := 0
		for _, n := range counts {
			sum += n
		}
		f := c.DayTypes[wd]
		if f.Days != len(counts) || math.Abs(f.Volume-float64(sum)/float64(len(counts))) > 1e-9 {
			t.Errorf("%v: %d days, %v a day; raw rows %d days, %v a day", time.Weekday(wd), f.Days, f.Volume, len(counts), float64(sum)/float64(len(counts)))
		}
	}
	if math.Abs(c.Handle.Mean-handleSum/float64(handleN)) > 1e-9 || c.Handle.N != handleN {
		t.Errorf("handle mean %v over %d, raw %v over %d", c.Handle.Mean, c.Handle.N, handleSum/float64(handleN), handleN)
	}
	if math.Abs(c.Patience.ExpMean-waitSum/float64(abandoned)) > 1e-9*c.Patience.ExpMean {
		t.Errorf("patience %v, raw %v", c.Patience.ExpMean, waitSum/float64(abandoned))
	}
	t.Logf("January-May: handle %.1f s (%v best), patience %.1f s (exponential), %.1f s (Kaplan-Meier mean), availability %.4f over %.0f h",
		c.Handle.Mean, c.Handle.BestFit().Dist.Kind, c.Patience.ExpMean, c.Patience.Dist.Average(), av.Share, av.WaitingSeconds/3600)
	if av.Share < 0.7 || av.Share > 0.8 {
		t.Errorf("availability %v: the log's figure is 0.752", av.Share)
	}
	if _, text := loadScenario(t, c); !slices.Contains(strings.Split(string(text), "\n"), "horizon: {days: 7, start: sunday}") {
		t.Error("horizon line missing")
	}
}

func TestDayWindow(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	w := DayWindow{From: d("1999-06-01"), To: d("1999-06-30"), Weekdays: []time.Weekday{time.Tuesday},
		Exclude: []time.Time{d("1999-06-15")}}
	for s, want := range map[string]bool{
		"1999-06-01T23:59:59": true,  // a Tuesday, first day
		"1999-06-08T00:00:00": true,  // Tuesday
		"1999-06-15T10:00:00": false, // excluded
		"1999-06-02T10:00:00": false, // Wednesday
		"1999-06-29T10:00:00": true,
		"1999-07-06T10:00:00": false, // after To
		"1999-05-25T10:00:00": false, // before From
	} {
		at, _ := time.Parse("2006-01-02T15:04:05", s)
		if got := w.Contains(at); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	if !(DayWindow{}).Contains(time.Unix(0, 0).UTC()) {
		t.Error("the zero window holds every day")
	}
}
